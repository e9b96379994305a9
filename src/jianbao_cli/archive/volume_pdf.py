"""The volume's PDF after LibreOffice: bookmarks (issue → articles) and a check of the 总目录's numbers.

LibreOffice exports every Word bookmark as a named destination (`ExportBookmarksToPDFDestination`),
so the page of each issue and article is read from the PDF itself, not estimated. The outline is
rebuilt from those destinations with pikepdf; the page numbers printed in the 总目录 (LibreOffice's
own PAGEREF results) are read back with pdftotext, entry by entry, and compared with them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from jianbao_cli.errors import EXIT_FAILED, JianbaoError


class VolumePdfError(JianbaoError):
    exit_code = EXIT_FAILED


def destination_pages(pdf) -> dict[str, tuple[int, object]]:
    """Named destination → (1-based page, the key as the PDF spells it) for an open pikepdf.Pdf."""
    import pikepdf

    page_of = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    found: dict[str, tuple[int, object]] = {}

    def record(key, value, spelled) -> None:
        if isinstance(value, pikepdf.Dictionary) and "/D" in value:
            value = value.D
        if isinstance(value, pikepdf.Array) and len(value) and value[0].objgen in page_of:
            found[str(key).lstrip("/")] = (page_of[value[0].objgen], spelled)

    dests = pdf.Root.get("/Dests")
    if isinstance(dests, pikepdf.Dictionary):
        for key in dests.keys():
            record(key, dests[key], pikepdf.Name(key))
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        for key, value in pikepdf.NameTree(names.Dests).items():
            record(key, value, pikepdf.String(key))
    return found


def finish_volume_pdf(path: Path, targets: list, *, title: str, even: bool = False) -> tuple[dict[str, int], int]:
    """Replace LibreOffice's outline by issue → article bookmarks; returns the page of every named
    destination and the number of pages. `even`: end on an even page (double-sided printing: a blank
    back to the last sheet; LibreOffice inserts blank pages only before a section that starts odd).

    `targets` are compose.Target (issues with their articles as children), in volume order.
    """
    import pikepdf

    path = Path(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        dests = destination_pages(pdf)
        wanted = [t for issue in targets for t in (issue, *issue.children)]
        missing = [t.title for t in wanted if t.name not in dests]
        if missing:
            raise VolumePdfError(f"LibreOffice 生成的 PDF 中找不到这些条目的位置：{'、'.join(missing[:5])}"
                                 f"{' 等' if len(missing) > 5 else ''}，无法生成书签。")
        with pdf.open_outline() as outline:
            outline.root.clear()
            for issue in targets:
                item = pikepdf.OutlineItem(issue.title, dests[issue.name][1])
                item.children.extend(pikepdf.OutlineItem(a.title, dests[a.name][1]) for a in issue.children)
                outline.root.append(item)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.docinfo["/Title"] = title
        if even and len(pdf.pages) % 2:
            box = pdf.pages[-1].mediabox
            pdf.add_blank_page(page_size=(float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
        count = len(pdf.pages)
        pdf.save(path)
    return {name: page for name, (page, _) in dests.items()}, count


def printed_contents_numbers(path: Path, first_page: int, last_page: int, titles: list[str]) -> list[int | None]:
    """For each entry title in order, the number printed after it (past the dot leader) on pages
    first..last of the PDF; None where the title is not found in that order."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        raise VolumePdfError("找不到 pdftotext，无法核对总目录页码。请安装：sudo apt-get install poppler-utils")
    result = subprocess.run([pdftotext, "-layout", "-f", str(first_page), "-l", str(last_page), str(path), "-"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise VolumePdfError(f"pdftotext 无法读取 {Path(path).name}：{result.stderr.strip()}")
    # Spaces go (pdftotext spaces out CJK text), line ends stay: a title may wrap, a number may not.
    text = "\n".join(_squash(line) for line in result.stdout.splitlines())
    numbers: list[int | None] = []
    position = 0
    for title in titles:
        wrapped_title = "\n?".join(re.escape(char) for char in _squash(title))
        match = re.compile(wrapped_title + r"[.·…\n]*?(\d+)(?!\d)").search(text, position)
        if match is None:
            numbers.append(None)
            continue
        numbers.append(int(match.group(1)))
        position = match.end()
    return numbers


def _squash(text: str) -> str:
    return "".join(text.split())


def move_into_place(source: Path, target: Path) -> None:
    """Same file system: one rename; otherwise an atomic copy."""
    from jianbao_cli.fsutil import atomic_write_bytes

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError:
        atomic_write_bytes(target, Path(source).read_bytes())


def scratch_dir(near: Path) -> tempfile.TemporaryDirectory:
    """A scratch folder on the output's file system when possible, so results land by rename."""
    near.mkdir(parents=True, exist_ok=True)
    try:
        return tempfile.TemporaryDirectory(prefix=".jianbao-volume-", dir=near)
    except OSError:
        return tempfile.TemporaryDirectory(prefix="jianbao-volume-")
