"""Field-by-field comparison of imported issues with their labels: per-field accuracy, and how many wrong
fields carried no warning on that field (the importer's promise is that this count is 0)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
#: Written and labelled after the importer was built, before it was first run on them (docs/import.md
#: records that first run); fixed afterwards, so now they are regression tests like the rest.
HELDOUT = Path(__file__).resolve().parent / "heldout"
#: The second labelled corpus: web pages and text copied from them, labelled before the importer knew them.
WEB = Path(__file__).resolve().parent / "web"
SUFFIXES = (".txt", ".html", ".htm", ".mhtml", ".mht")
SCALARS = ("series", "year", "number", "total_number", "supplement", "date", "publisher", "classification",
           "copies", "contact")


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    unwarned: int = 0  # wrong, and no warning on this field

    def add(self, ok: bool, n: int = 1, warned: bool = True) -> None:
        self.total += n
        self.right += n if ok else 0
        self.unwarned += n if not ok and not warned else 0

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Comparison:
    name: str
    differences: list[str] = field(default_factory=list)
    unwarned: list[str] = field(default_factory=list)  # the differences with no warning on their field


def _warned_on(fields: list[str], path: str) -> bool:
    """A warning on `path`, on a part of it, or on what contains it (`sections` covers every article)."""
    for f in fields:
        if f == path or f.startswith(path + ".") or f.startswith(path + "["):
            return True
        if path.startswith(f + ".") or path.startswith(f + "["):
            return True
    return False


def _article_paths(issue) -> list[str]:
    return [f"sections[{s}].articles[{a}]" for s, sec in enumerate(issue.sections) for a in range(len(sec.articles))]


def compare(name: str, got, expected, tallies: dict[str, Tally], warnings=()) -> Comparison:
    """Compare two Issues field by field; add to `tallies`; return the differences found. With `warnings`
    (ImportWarning list) each difference is also checked for a warning on its own field."""
    fields = [w.field for w in warnings]
    out = Comparison(name)

    def record(key: str, ok: bool, path: str, text: str, n: int = 1) -> None:
        warned = _warned_on(fields, path)
        tallies.setdefault(key, Tally()).add(ok, n, warned)
        if not ok:
            out.differences.append(text)
            if not warned:
                out.unwarned.append(text)

    for key in SCALARS:
        a, b = getattr(got, key), getattr(expected, key)
        record(key, a == b, key, f"{key}: {a!r} != {b!r}")
    got_sections = [s.title for s in got.sections]
    exp_sections = [s.title for s in expected.sections]
    record("section titles", got_sections == exp_sections, "sections", f"sections: {got_sections} != {exp_sections}")
    got_articles = [a for _, a in got.articles()]
    exp_articles = [a for _, a in expected.articles()]
    paths = _article_paths(got)
    record("article count", len(got_articles) == len(exp_articles), "sections",
           f"article count: {len(got_articles)} != {len(exp_articles)}")
    for i, exp in enumerate(exp_articles):
        art = got_articles[i] if i < len(got_articles) else None
        path = paths[i] if art is not None else "sections"
        record("article titles", art is not None and art.title == exp.title, path + ".title",
               f"article {i} title: {art.title if art else None!r} != {exp.title!r}")
        got_paras = art.paragraphs if art else []
        for j, para in enumerate(exp.paragraphs):
            ok = j < len(got_paras) and got_paras[j] == para
            record("paragraphs", ok, f"{path}.paragraphs[{j}]",
                   f"article {i} paragraph {j}: {got_paras[j] if j < len(got_paras) else None!r} != {para!r}")
        if art is not None and len(got_paras) > len(exp.paragraphs):
            extra = len(got_paras) - len(exp.paragraphs)
            record("paragraphs", False, f"{path}.paragraphs", f"article {i}: {extra} extra paragraphs", extra)
        got_source = art.source if art else None
        if got_source or exp.source:
            record("sources", got_source == exp.source, f"{path}.source", f"article {i} source: {got_source!r} != {exp.source!r}")
    for key in ("报", "送", "发", "抄送"):
        a, b = got.distribution[key], expected.distribution[key]
        if a or b:
            record(f"distribution.{key}", a == b, f"distribution.{key}", f"distribution.{key}: {a} != {b}")
    return out


def corpus_pairs(folder: Path = CORPUS) -> list[tuple[Path, Path]]:
    return [(p, p.with_suffix(".yaml")) for p in sorted(folder.iterdir()) if p.suffix.lower() in SUFFIXES]


def load_label(path: Path):
    """A label as an Issue; its figures are named, not looked for (they are written by the import)."""
    from jianbao_cli.model.yamlio import parse_tree, validate_tree

    return validate_tree(parse_tree(path.read_text(encoding="utf-8"), str(path)), str(path))


def run_corpus(folder: Path = CORPUS):
    """Import every labelled file; returns (tallies, comparisons, warnings per file, failures)."""
    from jianbao_cli.importers import ImportFailed, import_file

    tallies: dict[str, Tally] = {}
    comparisons, warnings, failures = [], {}, {}
    for source, yaml_path in corpus_pairs(folder):
        expected = load_label(yaml_path)
        try:
            result = import_file(source)
        except ImportFailed as exc:
            failures[source.name] = str(exc)  # refused with a reason: wrong, but not silently
            for key in SCALARS:
                tallies.setdefault(key, Tally()).add(False)
            continue
        warnings[source.name] = result.warnings
        comparisons.append(compare(source.name, result.issue, expected, tallies, result.warnings))
    return tallies, comparisons, warnings, failures


def format_report(tallies, comparisons, warnings, failures, title: str = "labelled corpus") -> str:
    unwarned = sum(t.unwarned for t in tallies.values())
    lines = [f"{title}: {len(comparisons) + len(failures)} files, {len(failures)} failed to import, "
             f"{unwarned} wrong without a warning on the field", "",
             f"{'field':<22}{'right':>7}{'total':>7}{'accuracy':>10}{'wrong, unwarned':>17}"]
    for key, tally in tallies.items():
        lines.append(f"{key:<22}{tally.right:>7}{tally.total:>7}{tally.ratio:>9.1%}{tally.unwarned:>17}")
    lines.append("")
    for comp in comparisons:
        mark = "ok " if not comp.differences else "DIFF"
        lines.append(f"{mark} {comp.name}  ({len(warnings.get(comp.name, []))} warnings)")
        lines.extend(f"      {d}" + ("   ← NO WARNING ON THIS FIELD" if d in comp.unwarned else "")
                     for d in comp.differences)
    for name, message in failures.items():
        lines.append(f"FAIL {name}: {message}")
    return "\n".join(lines)


def unwarned_total(tallies) -> int:
    return sum(t.unwarned for t in tallies.values())


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    print(format_report(*run_corpus(CORPUS), title="labelled corpus (tests/importers/corpus)"))
    print()
    print(format_report(*run_corpus(HELDOUT), title="held-out texts (tests/importers/heldout)"))
    print()
    print(format_report(*run_corpus(WEB), title="second corpus: web pages and web copies (tests/importers/web)"))
