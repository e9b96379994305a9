"""The 报尾 never alone on the last page of a PDF, even where LibreOffice will not keep it company.

The rendered .docx keeps the last paragraph with the 报尾's anchor (`w:keepNext`, render.post), and
LibreOffice honours that by moving the paragraph to the next page with it — except when the paragraph
starts at the top of a page: moving it would empty that page, so LibreOffice leaves it and sends the
报尾 over alone. Only whole paragraphs move, never their last lines.

So after the conversion the PDF is looked at. If its last page holds nothing of the text before the
报尾, the last paragraph is split in a copy of the .docx where LibreOffice broke its lines: the last two
lines, as read from the PDF, become a paragraph of their own without first-line indent, and the part
before is justified to its last line (`distribute`), so the page looks as before. That short paragraph
does not start a page, so it moves with the 报尾. The copy is converted once more; the .docx that the
office opens in Word is left as rendered: the split follows LibreOffice's line breaks, and Word's may differ.

Only a plain text paragraph is split (runs of text, nothing else), followed by nothing or by its source
line (`（…供稿）`, which goes along); a figure or a paragraph with fields is left as it is, and the
caller is told.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from jianbao_cli.render.post import (
    SHORT_TAIL_STYLES,
    W,
    paragraph_style,
    paragraph_text,
    set_paragraph_property,
    tail_anchors,
)

MOVED_LINES = 2
SOURCE_STYLE = "JBSource"
_TEXT_RUN_CHILDREN = {W + t for t in ("rPr", "t", "tab", "lastRenderedPageBreak")}


def _squash(text: str) -> str:
    return "".join(text.split())


def _last_blocks(anchor) -> tuple[object | None, object | None]:
    """(the paragraph printed last before the 报尾, the text paragraph that keeps it company)."""
    last = anchor.getprevious()
    if last is None or last.tag != W + "p":
        return None, None
    body = last
    while body is not None and body.tag == W + "p" and paragraph_style(body) in SHORT_TAIL_STYLES:
        body = body.getprevious()
    if body is None or body.tag != W + "p":
        return last, None
    return last, body


def _page_lines(page) -> list[str]:
    """Text of each line of glyphs on a page, top to bottom (whitespace dropped)."""
    rows: list[tuple[float, list[dict]]] = []
    for char in sorted((c for c in page.chars if c["text"].strip()), key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows and abs(char["top"] - rows[-1][0]) <= 2:
            rows[-1][1].append(char)
        else:
            rows.append((char["top"], [char]))
    return [_squash("".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))) for _, chars in rows]


class TailCheck:
    """What the PDF shows of one issue's last pages."""

    def __init__(self, alone: bool, split_at: int | None = None, reason: str = ""):
        self.alone, self.split_at, self.reason = alone, split_at, reason

    def message(self, who: str, then: str = "") -> str:
        """What to tell the user of a 报尾 left alone: `who` names the file or issue."""
        why = f"（{self.reason}）" if self.reason else ""
        return f"{who}：报尾单独在最后一页{why}，请在 Word 中调整{then}。"


def check(docx: Path, pdf: Path, last_page: int | None = None, document=None) -> TailCheck:
    """Is the 报尾 alone on the last page? If so, where to split the last paragraph (a character
    offset into its text), or why it cannot be split.

    `docx` is one issue. `pdf` may hold more (a volume): `last_page` (from 1) is then the page the
    issue ends on, blank pages before the next issue allowed; `document` an open pdfplumber PDF of it.
    """
    if document is None:
        import pdfplumber

        with pdfplumber.open(pdf) as opened:
            return check(docx, pdf, last_page, opened)
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    anchors = tail_anchors(root)
    if len(anchors) != 1:  # no 报尾, or a volume of many issues
        return TailCheck(False)
    last, body = _last_blocks(anchors[0])
    if last is None:
        return TailCheck(False)
    ending = _squash(paragraph_text(last))[-6:]
    if not ending:  # a figure without caption is last: nothing to look for
        return TailCheck(False)
    index = (last_page or len(document.pages)) - 1
    while index > 0 and not _page_lines(document.pages[index]):
        index -= 1  # a blank page that LibreOffice put before the next issue
    if index < 1 or ending in "".join(_page_lines(document.pages[index])):
        return TailCheck(False)
    lines = _page_lines(document.pages[index - 1])
    if body is None:
        return TailCheck(True, reason="最后一段不是正文")
    after = last
    while after is not body:  # what _last_blocks walked over: sources, captions, figures
        if paragraph_style(after) != SOURCE_STYLE:
            return TailCheck(True, reason="正文之后是图片")  # a source line goes along; a picture may not fit
        after = after.getprevious()
    if any(child.tag != W + "pPr" and (child.tag != W + "r" or any(g.tag not in _TEXT_RUN_CHILDREN for g in child))
           for child in body):
        return TailCheck(True, reason="最后一段含有文字以外的内容")
    text = _squash(paragraph_text(body))
    end = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] and text.endswith(lines[i])), None)
    if end is None:
        return TailCheck(True, reason="在 PDF 中找不到最后一段")
    start = end - MOVED_LINES + 1
    moved = "".join(lines[start:end + 1]) if start >= 1 else ""
    # the paragraph must have more lines on the page than move, so that what stays is not empty
    if start < 1 or not text.endswith(moved) or not text.endswith("".join(lines[start - 1:end + 1])):
        return TailCheck(True, reason="最后一段在这一页上不足三行")
    return TailCheck(True, split_at=len(text) - len(moved))


def split_last_paragraph(docx: Path, split_at: int, target: Path) -> None:
    """A copy of `docx` whose last paragraph is two: the text before `split_at` (non-space
    characters), justified to its last line, and the rest without first-line indent."""
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        items = [(item, archive.read(item)) for item in archive.infolist()]
    document = next(data for item, data in items if item.filename == "word/document.xml")
    root = etree.fromstring(document)
    _, body = _last_blocks(tail_anchors(root)[0])
    rest = copy.deepcopy(body)
    _cut(body, split_at, keep="before")
    _cut(rest, split_at, keep="after")
    head_ppr = body.find(W + "pPr")
    keep = head_ppr.find(W + "keepNext")
    if keep is not None:
        head_ppr.remove(keep)
    set_paragraph_property(head_ppr, "jc", {"val": "distribute"})
    rest_ppr = rest.find(W + "pPr")
    set_paragraph_property(rest_ppr, "ind", {"firstLine": "0", "firstLineChars": "0"})
    body.addnext(rest)
    new_document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            out.writestr(item, new_document if item.filename == "word/document.xml" else data)


def _cut(p, split_at: int, keep: str) -> None:
    """Keep the text of `p` before (or from) the split_at-th non-space character."""
    seen = 0
    for t in list(p.iter(W + "t")):
        text = t.text or ""
        kept = []
        for char in text:
            before = seen < split_at
            if char.strip():
                seen += 1
            if before == (keep == "before"):
                kept.append(char)
        t.text = "".join(kept)
        if t.text != t.text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for run in list(p.iterchildren(W + "r")):
        if run.find(W + "t") is not None and not paragraph_text(run):
            p.remove(run)
