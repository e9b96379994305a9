"""The year's volume (合订本): cover, 总目录, then every issue of the year as rendered.

    build_volume(workspace, 2008, pdf=True) -> VolumeResult

Every manifest of the year is loaded and validated first; one that fails stops the volume before
anything is written (`skip_invalid=True` leaves it out and lists it). The issues are rendered from
their manifests with the workspace's template (never taken from build/, which may be stale), joined
(archive.compose), and written as `<series>-<year>-合订本.docx`. With `pdf=True` one LibreOffice call
makes the PDF: its 总目录 numbers are LibreOffice's PAGEREF results, read back and compared with the
pages where the bookmarks landed; the outline (issue → articles) is built from those bookmarks.
Both files are written atomically; the PDF only once its bookmarks, numbers (and PDF/A) check out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import EXIT_FAILED, EXIT_INPUT, JianbaoError

ORDERS = ("series", "date")


@dataclass
class Skipped:
    issue_id: str
    problems: list[str]


@dataclass
class VolumeResult:
    docx: Path
    pdf: Path | None = None
    issue_ids: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    pages: int | None = None
    pdfa: bool = False
    warnings: list[str] = field(default_factory=list)


class InvalidIssues(JianbaoError):
    """Issues of the year that do not validate: every problem, then what to do."""

    exit_code = EXIT_INPUT

    def __init__(self, skipped: list[Skipped], year: int):
        self.skipped = skipped
        self.year = year
        super().__init__("\n".join(self.problems))

    @property
    def problems(self) -> list[str]:
        lines = [problem for item in self.skipped for problem in item.problems]
        ids = "、".join(item.issue_id for item in self.skipped)
        lines.append(f"{ids} 有错误，未生成 {self.year} 年合订本。请改正后重试，或用 --skip-invalid 略过这些期刊。")
        return lines


def volume_stem(series: str, year: int) -> str:
    """`成都市政府网站简报-2008-合订本`; characters no file system accepts become `_`."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", series).strip(" .") or "简报"
    return f"{safe}-{year}-合订本"


def order_issues(issues: list, order: str) -> list:
    """`series`: regular issues by number, then 增刊 by number; `date`: by date (then id)."""
    if order == "date":
        return sorted(issues, key=lambda issue: (issue.date, issue.id))
    return sorted(issues, key=lambda issue: issue.id)


def load_year(workspace, year: int, *, skip_invalid: bool = False) -> tuple[list, list[Skipped]]:
    """The valid issues of the year and the ones that failed validation (raises unless skip_invalid)."""
    ids = [issue_id for issue_id in workspace.issue_ids() if issue_id.year == year]
    if not ids:
        raise JianbaoError(f"{year} 年没有期刊：{workspace.display(workspace.issues_dir)} 中没有 {year}-NN.yaml。")
    issues, skipped = [], []
    for issue_id in ids:
        try:
            issues.append(workspace.load_issue(issue_id).issue)
        except JianbaoError as error:
            skipped.append(Skipped(str(issue_id), error.problems))
    if skipped and not skip_invalid:
        raise InvalidIssues(skipped, year)
    if not issues:
        raise JianbaoError(f"{year} 年的期刊都有错误，没有可以装订的期刊，未生成合订本。")
    return issues, skipped


def build_volume(workspace, year: int, *, pdf: bool = False, pdfa: bool | None = None, odd: bool = False,
                 out_dir: Path | None = None, skip_invalid: bool = False, order: str | None = None) -> VolumeResult:
    from jianbao_cli.archive.compose import VolumePart, compose_volume
    from jianbao_cli.archive.volume_pdf import move_into_place, scratch_dir
    from jianbao_cli.fsutil import atomic_write_bytes
    from jianbao_cli.render import render_issue, tailfix

    settings = workspace.settings
    if pdfa is None:
        pdfa = settings.layout.pdfa
    pdf = pdf or pdfa
    order = order or settings.volume.order
    issues, skipped = load_year(workspace, year, skip_invalid=skip_invalid)
    issues = order_issues(issues, order)
    target_dir = Path(out_dir) if out_dir is not None else workspace.output_dir
    stem = volume_stem(settings.series, year)
    result = VolumeResult(docx=target_dir / f"{stem}.docx", issue_ids=[str(i.id) for i in issues], skipped=skipped)

    with scratch_dir(target_dir) as scratch:
        scratch = Path(scratch)
        parts = [VolumePart(issue, render_issue(workspace, issue.id, out_dir=scratch / "issues")) for issue in issues]
        composed = compose_volume(parts, series=settings.series, year=year, publisher=settings.publisher, odd=odd)
        composed.document.core_properties.title = f"{settings.series} {year} 年合订本"
        # The .docx is written first, so it exists even when LibreOffice is missing or fails.
        atomic_write_bytes(result.docx, composed.to_bytes())
        if not pdf:
            return result
        title = composed.document.core_properties.title
        path, result.pages, pages = _export_volume_pdf(workspace, result.docx, scratch / "pdf", composed, pdfa=pdfa,
                                                       title=title, even=odd)
        lonely = _lonely_tails(path, parts, composed.targets, pages)
        result.warnings = _cannot_split(lonely)
        if len(result.warnings) < len(lonely):
            # As for a single issue (render.tailfix): the PDF is made again from a copy in which the
            # last paragraph of each such issue keeps its last two lines with the 报尾; the .docx is not.
            split = _split_parts(parts, lonely, scratch / "split")
            again = compose_volume(split, series=settings.series, year=year, publisher=settings.publisher, odd=odd)
            again.document.core_properties.title = title
            again_docx = scratch / "split" / result.docx.name
            atomic_write_bytes(again_docx, again.to_bytes())
            path, result.pages, pages = _export_volume_pdf(workspace, again_docx, scratch / "pdf-again", again,
                                                           pdfa=pdfa, title=title, even=odd)
            result.warnings += [tailfix.TailCheck(True).message(f"第 {part.issue.id} 期")
                                for part, _ in _lonely_tails(path, split, again.targets, pages)
                                if part.docx.parent == scratch / "split"]
        composed.set_page_numbers(pages)  # what Word shows until it updates the fields
        atomic_write_bytes(result.docx, composed.to_bytes())
        result.pdf = target_dir / f"{stem}.pdf"
        move_into_place(path, result.pdf)
        result.pdfa = pdfa
    return result


def _lonely_tails(pdf: Path, parts: list, targets: list, pages: dict[str, int]) -> list[tuple]:
    """(part, render.tailfix.TailCheck) of each issue whose 报尾 stands alone on its last page."""
    import pdfplumber

    from jianbao_cli.render import tailfix

    starts = [pages[target.name] for target in targets]
    with pdfplumber.open(pdf) as document:
        ends = [start - 1 for start in starts[1:]] + [len(document.pages)]
        found = [(part, tailfix.check(part.docx, pdf, end, document)) for part, end in zip(parts, ends)]
    return [(part, result) for part, result in found if result.alone]


def _cannot_split(lonely: list[tuple]) -> list[str]:
    return [found.message(f"第 {part.issue.id} 期") for part, found in lonely if found.split_at is None]


def _split_parts(parts: list, lonely: list[tuple], folder: Path) -> list:
    """The parts, with a copy split by render.tailfix in place of each issue whose lonely 报尾 can be
    helped."""
    from jianbao_cli.archive.compose import VolumePart
    from jianbao_cli.render import tailfix

    splits = {id(part): found.split_at for part, found in lonely if found.split_at is not None}
    out = []
    for part in parts:
        if id(part) in splits:
            folder.mkdir(parents=True, exist_ok=True)
            copy = folder / f"{part.issue.id}.docx"
            tailfix.split_last_paragraph(part.docx, splits[id(part)], copy)
            part = VolumePart(part.issue, copy)
        out.append(part)
    return out


def _export_volume_pdf(workspace, docx: Path, pdf_dir: Path, composed, *, pdfa: bool, title: str, even: bool = False):
    """One LibreOffice call, then bookmarks and the check of the printed 总目录 numbers."""
    from jianbao_cli.archive.volume_pdf import finish_volume_pdf, printed_contents_numbers
    from jianbao_cli.render.pdf import export_pdfs

    [path] = export_pdfs([docx], pdf_dir, layout=workspace.settings.layout, pdfa=pdfa, named_destinations=True,
                         blank_pages=True)
    pages, count = finish_volume_pdf(path, composed.targets, title=title, even=even)
    entries = composed.all_targets()
    expected = [pages[t.name] for t in entries]
    first_issue_page = pages[composed.targets[0].name]
    printed = printed_contents_numbers(path, 2, max(2, first_issue_page - 1), [t.title for t in entries])
    wrong = [(t, p, e) for t, p, e in zip(entries, printed, expected) if p != e]
    if wrong:
        target, found, page = wrong[0]
        shown = "找不到" if found is None else f"印的是 {found}"
        raise JianbaoError(f"合订本 PDF 的总目录页码与正文所在页不符：“{target.title}”在第 {page} 页，总目录中{shown}"
                           f"（共 {len(wrong)} 处）。未写入合订本 PDF，请报告此问题。", exit_code=EXIT_FAILED)
    if pdfa:
        from jianbao_cli.render.pdfa import pdfa_problems

        problems = pdfa_problems(path)
        if problems:
            raise JianbaoError(f"合订本 PDF 不符合 PDF/A-2b：{'；'.join(problems)}。未写入合订本 PDF。", exit_code=EXIT_FAILED)
    return path, count, pages
