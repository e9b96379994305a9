"""Field-by-field comparison of imported issues with their labels, and a per-field accuracy table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
#: Written and labelled after the importer was built, before it was first run on them (docs/import.md
#: records that first run); fixed afterwards, so now they are regression tests like the rest.
HELDOUT = Path(__file__).resolve().parent / "heldout"
SCALARS = ("series", "year", "number", "total_number", "supplement", "date", "publisher", "classification",
           "copies", "contact")


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool, n: int = 1) -> None:
        self.total += n
        self.right += n if ok else 0

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Comparison:
    name: str
    differences: list[str] = field(default_factory=list)


def compare(name: str, got, expected, tallies: dict[str, Tally]) -> Comparison:
    """Compare two Issues field by field; add to `tallies`; return the differences found."""
    out = Comparison(name)
    for key in SCALARS:
        a, b = getattr(got, key), getattr(expected, key)
        tallies.setdefault(key, Tally()).add(a == b)
        if a != b:
            out.differences.append(f"{key}: {a!r} != {b!r}")
    got_sections = [s.title for s in got.sections]
    exp_sections = [s.title for s in expected.sections]
    tallies.setdefault("section titles", Tally()).add(got_sections == exp_sections)
    if got_sections != exp_sections:
        out.differences.append(f"sections: {got_sections} != {exp_sections}")
    got_articles = [a for _, a in got.articles()]
    exp_articles = [a for _, a in expected.articles()]
    tallies.setdefault("article count", Tally()).add(len(got_articles) == len(exp_articles))
    for i, exp in enumerate(exp_articles):
        art = got_articles[i] if i < len(got_articles) else None
        ok = art is not None and art.title == exp.title
        tallies.setdefault("article titles", Tally()).add(ok)
        if not ok:
            out.differences.append(f"article {i} title: {art.title if art else None!r} != {exp.title!r}")
        got_paras = art.paragraphs if art else []
        for j, para in enumerate(exp.paragraphs):
            ok = j < len(got_paras) and got_paras[j] == para
            tallies.setdefault("paragraphs", Tally()).add(ok)
            if not ok:
                out.differences.append(
                    f"article {i} paragraph {j}: {got_paras[j] if j < len(got_paras) else None!r} != {para!r}"
                )
        if art is not None and len(got_paras) > len(exp.paragraphs):
            out.differences.append(f"article {i}: {len(got_paras) - len(exp.paragraphs)} extra paragraphs")
            tallies.setdefault("paragraphs", Tally()).add(False, len(got_paras) - len(exp.paragraphs))
    for key in ("报", "送", "发", "抄送"):
        a, b = got.distribution[key], expected.distribution[key]
        if a or b:
            tallies.setdefault(f"distribution.{key}", Tally()).add(a == b)
            if a != b:
                out.differences.append(f"distribution.{key}: {a} != {b}")
    return out


def corpus_pairs(folder: Path = CORPUS) -> list[tuple[Path, Path]]:
    return [(txt, txt.with_suffix(".yaml")) for txt in sorted(folder.glob("*.txt"))]


def run_corpus(folder: Path = CORPUS):
    """Import every labelled text; returns (tallies, comparisons, warnings per file, failures)."""
    from jianbao_cli.importers import ImportFailed, import_file
    from jianbao_cli.model.yamlio import load_manifest

    tallies: dict[str, Tally] = {}
    comparisons, warnings, failures = [], {}, {}
    for txt, yaml_path in corpus_pairs(folder):
        expected = load_manifest(yaml_path).issue
        try:
            result = import_file(txt)
        except ImportFailed as exc:
            failures[txt.name] = str(exc)
            for key in SCALARS:
                tallies.setdefault(key, Tally()).add(False)
            continue
        warnings[txt.name] = result.warnings
        comparisons.append(compare(txt.name, result.issue, expected, tallies))
    return tallies, comparisons, warnings, failures


def format_report(tallies, comparisons, warnings, failures, title: str = "labelled corpus") -> str:
    lines = [f"{title}: {len(comparisons) + len(failures)} files, {len(failures)} failed to import", "",
             f"{'field':<22}{'right':>7}{'total':>7}{'accuracy':>10}"]
    for key, tally in tallies.items():
        lines.append(f"{key:<22}{tally.right:>7}{tally.total:>7}{tally.ratio:>9.1%}")
    lines.append("")
    for comp in comparisons:
        mark = "ok " if not comp.differences else "DIFF"
        lines.append(f"{mark} {comp.name}  ({len(warnings.get(comp.name, []))} warnings)")
        lines.extend(f"      {d}" for d in comp.differences)
    for name, message in failures.items():
        lines.append(f"FAIL {name}: {message}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    print(format_report(*run_corpus(CORPUS), title="labelled corpus (tests/importers/corpus)"))
    print()
    print(format_report(*run_corpus(HELDOUT), title="held-out texts (tests/importers/heldout)"))
