"""The Word importer: a .docx back issue → Issue.

A document jianbao rendered carries the `JB …` paragraph styles (docs/render.md) and is read by them,
exactly. Any other .docx is read paragraph by paragraph (tables included, in document order) and the
text goes through the text importer, which knows the layout of a 简报. What the formatting says goes
with it: the red (or largest) masthead above the issue line is the series, paragraphs clearly larger
than the body text, in a heading style, or centred and bold are article titles, and plain paragraphs at
the body size are not (font size, colour and bold follow Word's inheritance: run → character style →
paragraph style and what it is based on → document defaults).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from jianbao_cli.importers.base import ImportFailed, ImportResult, ImportWarning
from jianbao_cli.wordformat import ParagraphFormat, WordStyles, paragraph_format
from jianbao_cli.wordformat import is_red as _is_red  # noqa: F401  (the importer tests use it)



def _open(path: Path, display: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ImportFailed(f"{display}：是 ZIP 压缩包，但不是 Word 文档（没有 word/document.xml）。")
            bad = archive.testzip()
            if bad is not None:
                raise ImportFailed(f"{display}：Word 文件已损坏（{bad} 校验失败）。")
        return docx.Document(str(path))
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EOFError):
        raise ImportFailed(f"{display}：Word 文件已损坏或不完整（无法作为 .docx 打开）。") from None
    except Exception as exc:  # lxml syntax errors and the like inside a damaged package
        raise ImportFailed(f"{display}：Word 文件已损坏，无法读取（{type(exc).__name__}）。") from None


def paragraphs_in_order(document) -> list[tuple[str | None, str]]:
    """(style name, text) of every paragraph, body and table cells, in document order."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    out = []
    for element in document.element.body.iter(qn("w:p")):
        if any(ancestor.tag == fallback for ancestor in element.iterancestors()):
            continue  # a text box is stored twice (DrawingML and its VML fallback): read it once
        paragraph = Paragraph(element, document)
        try:
            style = paragraph.style.name if paragraph.style is not None else None
        except (KeyError, AttributeError):
            style = None
        out.append((style, paragraph.text))
    return out


def import_docx(path: Path, display: str) -> ImportResult:
    document = _open(path, display)
    paragraphs = paragraphs_in_order(document)
    if not any(text.strip() for _, text in paragraphs):
        raise ImportFailed(f"{display}：Word 文档里没有文字。")
    styles = {style for style, _ in paragraphs}
    if {"JB Masthead", "JB Article Title"} <= styles:
        from jianbao_cli.importers.rendered import read_rendered

        issue, warnings, figures = read_rendered(document, display)
        return ImportResult(issue=issue, warnings=warnings, format="docx", figures=figures)
    from jianbao_cli.importers.text import import_text

    hints = _layout_hints(document)
    formats = paragraph_formats(document)
    warnings: list[ImportWarning] = []
    if len(formats) == len(paragraphs):
        text, roles = structured_text(paragraphs, hints, formats, warnings)
    else:  # cannot happen (same walk); read by the text alone rather than misalign
        text, roles = docx_text(paragraphs, hints), None
    issue, more = import_text(text, display, "docx", line_roles=roles)
    return ImportResult(issue=issue, warnings=warnings + more, format="docx")


def docx_text(paragraphs: list[tuple[str | None, str]], hints: list[tuple[bool, bool]] | None = None) -> str:
    """One Word paragraph a line (empty paragraphs stay blank lines), as a typed text would have it.

    `hints` (centred, first-line indent) per paragraph: a centred paragraph (masthead, title) stands
    between blank lines, an indented one starts with two full-width spaces — the layout the text
    importer reads.
    """
    lines: list[str] = []
    for n, (_, text) in enumerate(paragraphs):
        text = text.replace("\u000b", "\n")
        centred, indented = hints[n] if hints and n < len(hints) else (False, False)
        if centred and text.strip():
            lines += ["", text.strip(), ""]
        elif indented and text.strip():
            lines.append("\u3000\u3000" + text.strip())
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _layout_hints(document) -> list[tuple[bool, bool]]:
    """(centred, first-line indent) of each paragraph, in the order of paragraphs_in_order."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    hints = []
    for element in document.element.body.iter(qn("w:p")):
        if any(ancestor.tag == fallback for ancestor in element.iterancestors()):
            continue
        paragraph = Paragraph(element, document)
        try:
            fmt = paragraph.paragraph_format
            style_fmt = paragraph.style.paragraph_format if paragraph.style is not None else None
            alignment = fmt.alignment if fmt.alignment is not None else (style_fmt.alignment if style_fmt else None)
            indent = fmt.first_line_indent if fmt.first_line_indent is not None else (
                style_fmt.first_line_indent if style_fmt else None)
            ind = element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
            chars = ind is not None and (ind.get(qn("w:firstLineChars")) or "0") not in ("0", "")
            hints.append((alignment == WD_ALIGN_PARAGRAPH.CENTER, bool(indent and indent > 0) or bool(chars)))
        except (KeyError, AttributeError, ValueError):
            hints.append((False, False))
    return hints


# --- formatting of a Word file jianbao did not render (rules in jianbao_cli.wordformat) -----------

def paragraph_formats(document) -> list[ParagraphFormat]:
    """ParagraphFormat of each paragraph, in the order of paragraphs_in_order."""
    from docx.oxml.ns import qn

    styles = WordStyles.of_document(document)
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    out = []
    for element in document.element.body.iter(qn("w:p")):
        if any(ancestor.tag == fallback for ancestor in element.iterancestors()):
            continue
        try:
            out.append(paragraph_format(element, styles))
        except (KeyError, AttributeError, ValueError, TypeError):
            out.append(ParagraphFormat())
    return out


def structured_text(paragraphs, hints, formats: list[ParagraphFormat], warnings: list[ImportWarning]):
    """docx_text, with what the formatting says: (text, line number → "title"/"body", or None).

    The masthead (red, or clearly the largest type above the issue line) becomes one line, with a
    classification written below it moved above it; titles and body paragraphs are told by size and style.
    """
    from jianbao_cli.importers.text import (
        _FULLWIDTH_DIGITS,
        CLASSIFICATION_RE,
        DATE_RE,
        EDITOR_NOTE_RE,
        ISSUE_RE,
        SUPP_ONLY_RE,
        join_lines,
        title_like,
        unspace,
    )
    from jianbao_cli.textutil import display_width

    texts = [" ".join(text.replace("\u000b", "\n").split()) for _, text in paragraphs]
    filled = [n for n, text in enumerate(texts) if text]
    # the header: up to the issue line (the masthead stands above it) and the date, as the text importer reads it
    issue_at = date_at = None
    for n in filled[:14]:
        line = texts[n].translate(_FULLWIDTH_DIGITS)
        supp = SUPP_ONLY_RE.search(line)
        if issue_at is None and (ISSUE_RE.search(line) or supp and (supp["num"] or line in ("增刊", "专刊"))):
            issue_at = n
        if date_at is None and DATE_RE.search(line):
            date_at = n
    header_end = max(issue_at or 0, date_at or 0)
    body_sizes: Counter = Counter()
    for n in filled:
        if n > header_end and formats[n].size is not None:
            body_sizes[formats[n].size] += len(texts[n])
    body = max(body_sizes, key=lambda size: (body_sizes[size], -size)) if body_sizes else None

    def clearly_larger(size: float | None) -> bool:
        return body is not None and size is not None and (size >= body + 2 or size >= body * 1.2)

    # -- masthead: the red paragraphs above the issue line, or failing that the largest type there
    masthead: list[int] = []
    above = [n for n in filled if issue_at is not None and n < issue_at and not CLASSIFICATION_RE.match(texts[n])]
    red = [n for n in above if formats[n].red]
    if red:
        masthead = [red[0]]
    elif above:
        top = max((formats[n].size or 0) for n in above)
        big = [n for n in above if formats[n].size == top]
        if clearly_larger(top) and all(not clearly_larger(formats[n].size) or n in big for n in above):
            masthead = [big[0]]
    for n in filled:  # the masthead goes on in the next paragraphs with the same look
        if masthead and n > masthead[-1] and n < (issue_at or 0):
            same = formats[n].red if formats[masthead[0]].red else formats[n].size == formats[masthead[0]].size
            if not same or CLASSIFICATION_RE.match(texts[n]) or n != _next(filled, masthead[-1]):
                break
            masthead.append(n)
    moved = [n for n in filled if masthead and masthead[-1] < n < (issue_at or 0) and CLASSIFICATION_RE.match(texts[n])]
    if moved:
        warnings.append(ImportWarning(
            "classification", f"刊名下方的“{texts[moved[0]]}”按密级处理（刊名按颜色/字号认出），请核对"))

    # -- titles and body text, after the header
    roles: dict[int, str] = {}
    if body is not None:
        for n in filled:
            if n <= header_end or n in masthead:
                continue
            f = formats[n]
            larger, centred_bold = clearly_larger(f.size), f.centred and f.bold and f.size is not None and f.size >= body
            if f.heading or larger or centred_bold:
                # the look of a title; a sentence, or a bold line the text would not call a title, is left to the text
                sentence = "。" in texts[n] or display_width(texts[n]) > 100 or EDITOR_NOTE_RE.match(texts[n])
                if f.heading or not sentence and (larger or title_like(texts[n])):
                    roles[n] = "title"
                else:
                    look = "标题样式" if f.heading else f"{f.size:g} 磅" + ("、居中加粗" if centred_bold else "")
                    warnings.append(ImportWarning(
                        "sections", f"“{texts[n][:30]}”的格式（{look}）像标题，文字却不像，已按文字判断"))
            elif f.size is not None and abs(f.size - body) < 0.25 and not (f.bold or f.centred):
                roles[n] = "body"
            elif f.size is not None and f.size > body:
                warnings.append(ImportWarning(
                    "sections", f"“{texts[n][:30]}”的字号（{f.size:g} 磅）比正文（{body:g} 磅）略大，是否标题无法由字号判断，已按文字判断"))
    if "title" not in roles.values():
        roles = {}  # nothing stands out: the text alone decides, as for a plain text
    # a title set in two paragraphs of the same look is one title
    joined: dict[int, list[int]] = {}
    n_prev = None
    for n in filled:
        if (n_prev is not None and roles.get(n) == "title" and roles.get(n_prev) == "title"
                and n == _next(filled, n_prev) and formats[n] == formats[n_prev]):
            head = next(h for h, members in joined.items() if n_prev in members)
            joined[head].append(n)
        elif roles.get(n) == "title":
            joined[n] = [n]
        n_prev = n
    for head, members in joined.items():
        if len(members) > 1:
            warnings.append(ImportWarning(
                "sections", f"标题由 {len(members)} 段同样格式的文字合成：“{''.join(texts[m] for m in members)[:40]}”，请核对"))

    # -- the text, one Word paragraph a line, as docx_text writes it
    order = list(range(len(paragraphs)))
    if masthead and moved:
        order = [n for n in order if n not in moved]
        at = order.index(masthead[0])
        order[at:at] = moved
    lines: list[str] = []
    line_roles: dict[int, str] = {}

    def emit(*items: str) -> int:
        """Append lines (an item may hold several); the 1-based number of the last one."""
        for item in items:
            lines.extend(item.split("\n"))
        return len(lines)

    skip = {m for members in joined.values() for m in members[1:]} | set(masthead[1:])
    for n in order:
        if n in skip:
            continue
        raw = paragraphs[n][1].replace("\u000b", "\n")
        centred, indented = hints[n] if n < len(hints) else (False, False)
        if masthead and n == masthead[0]:
            emit("", unspace(join_lines([unspace(texts[m]) for m in masthead])), "")
            continue
        if n in joined and len(joined[n]) > 1:
            raw = join_lines([texts[m] for m in joined[n]])
        role = roles.get(n)
        if role is not None and raw.strip() and "\n" not in raw.strip():
            if role == "title" or centred:
                line_roles[emit("", raw.strip())] = role
                emit("")
            else:
                line_roles[emit(("\u3000\u3000" if indented else "") + raw.strip())] = role
        elif centred and raw.strip():
            emit("", raw.strip(), "")
        elif indented and raw.strip():
            emit("\u3000\u3000" + raw.strip())
        else:
            emit(raw)
    return "\n".join(lines) + "\n", (line_roles or None)


def _next(filled: list[int], n: int) -> int | None:
    """The next paragraph with text after paragraph n."""
    at = filled.index(n) + 1
    return filled[at] if at < len(filled) else None
