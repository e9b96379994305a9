"""PDF back issues: the text layer, rebuilt line by line from character positions, then the text importer.

pdfplumber gives every character with its box. From the boxes this module decides what a plain text
extraction loses: which line breaks are only wraps (the line is full, or the next word would not have
fitted) and which start a paragraph (first-line indent), where a 报尾 list continues under its label
(hanging indent), and which gaps are tabs. Spaces are taken from the space characters in the file,
never guessed from gaps (LibreOffice and Word put extra room between Chinese and Latin letters).
Without pdfplumber, pypdf's plain text is used.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from jianbao_cli.importers.base import ImportFailed, ImportResult, ImportWarning
from jianbao_cli.importers.text import PAGE_NUMBER_RE
from jianbao_cli.textutil import is_cjk

_LABEL = re.compile(r"^(?:报|送|发|抄送|主送|报送)\s*[：:]")
MAX_PAGES = 200


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    size: float
    hang: float | None  # x after `送：` on a labelled line
    page_width: float = 0.0
    page: int = 0
    top: float = 0.0


def _lines_of_page(page, number: int = 0) -> list[_Line]:
    chars = [c for c in page.dedupe_chars().chars if c.get("upright", True) and c["text"]]
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    rows: list[list[dict]] = []
    for char in chars:
        if rows:
            row = rows[-1]
            ref = row[0]
            if abs(char["top"] - ref["top"]) < 0.5 * min(char["size"], ref["size"]) or (
                char["top"] < ref["bottom"] and char["bottom"] > ref["top"] and abs(char["bottom"] - ref["bottom"]) < 0.5 * ref["size"]
            ):
                row.append(char)
                continue
        rows.append([char])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for char in row:
            if prev is not None and not char["text"].isspace() and not prev["text"].isspace():
                if char["x0"] - prev["x1"] > 1.2 * max(char["size"], prev["size"]):
                    text += " "  # a tab or a wide gap between columns
            text += char["text"]
            prev = char
        visible = [c for c in row if not c["text"].isspace()]
        if not visible:
            continue
        size = statistics.median(c["size"] for c in visible)
        stripped = text.strip()
        hang = None
        label = _LABEL.match(stripped)
        if label:
            colon = [c for c in visible if c["text"] in "：:"]
            hang = colon[0]["x1"] if colon else None
        out.append(_Line(text, visible[0]["x0"], visible[-1]["x1"], size, hang, float(page.width), number,
                         float(visible[0]["top"])))
    return out


def _right_edge(body: list[_Line], left: float) -> float:
    """Where full lines end. Measured from the widest lines when those stop mid-sentence (wrapped
    text); otherwise (every line a paragraph of its own) assume margins as wide left as right."""
    from jianbao_cli.importers.text import ends_paragraph

    top_x1 = max(line.x1 for line in body)
    wide = [line for line in body if line.x1 >= left + 0.85 * (top_x1 - left)]
    open_ = [line for line in wide if not ends_paragraph(line.text.strip())]
    if len(open_) >= 2 and len(open_) >= 0.3 * len(wide):
        # the furthest a line reaches without punctuation hanging into the margin (ragged or justified)
        plain = [line.x1 for line in wide if line.text.strip()[-1:] not in "，。、；：！？”’）》」』,.;:!?)"]
        return max(plain) if plain else statistics.median(line.x1 for line in wide)
    page_width = max(line.page_width for line in body)
    return max(page_width - left, top_x1) if page_width else top_x1 + 1e6


def _running_lines(lines: list[_Line]) -> set[tuple[int, int]]:
    """Running headers and footers: the same text (digits aside) at the same height on most pages."""
    pages = {line.page for line in lines}
    if len(pages) < 3:
        return set()
    seen: dict[tuple[str, int], list[_Line]] = {}
    for line in lines:
        key = (re.sub(r"\d+", "#", line.text.replace(" ", "")), round(line.top / 4))
        seen.setdefault(key, []).append(line)
    out = set()
    for group in seen.values():
        if len({line.page for line in group}) >= max(3, 0.6 * len(pages)):
            out.update((line.page, round(line.top)) for line in group)
    return out


def _ends_sentence(text: str) -> bool:
    from jianbao_cli.importers.text import ends_sentence

    return ends_sentence(text.strip())


def _first_word_width(line: _Line) -> float:
    text = line.text.lstrip()
    if not text:
        return 0.0
    if is_cjk(text[0]):
        return line.size
    word = re.match(r"[^\s\u2e80-\u9fff\uff00-\uffef]+", text)
    return len(word.group()) * line.size * 0.5 if word else line.size


def pdf_text_from_lines(lines: list[_Line], notes: list[tuple[str, str]] | None = None,
                        breaks: set[int] | None = None) -> str:
    """Join wrapped lines into paragraphs; one paragraph a line, first-line indents kept as 　　.

    `notes` collects (field, message) for what the boxes cannot tell: a 报尾 list broken at the end of a
    full line (inside a name, or at the space between two names?), a ragged line ending a sentence
    where the next word would not have fitted (wrap, or end of the paragraph?).
    """
    notes = notes if notes is not None else []
    breaks = breaks if breaks is not None else set()
    running = _running_lines(lines)
    body = [line for line in lines
            if not PAGE_NUMBER_RE.match(line.text.replace(" ", "")) and (line.page, round(line.top)) not in running]
    if not body:
        return ""
    left = min(line.x0 for line in body)
    right = _right_edge(body, left)
    # first-line indents tell paragraphs apart; without them a full line ending a sentence is ambiguous
    has_indents = sum(1 for line in body if 1.5 * line.size <= line.x0 - left <= 3.2 * line.size) >= 3
    paragraphs: list[tuple[_Line, str]] = []  # (first line, text)
    hang: float | None = None
    current: list[str] = []
    first: _Line | None = None
    prev: _Line | None = None
    for line in body:
        joins = prev is not None and _continues(prev, line, first, hang, left, right)
        if joins and not has_indents and hang is None and _ends_sentence(prev.text):
            # no indents, a full stop, and the next word would not have fitted: a wrap or the end of
            # a paragraph? Kept apart; the text importer warns beside the paragraph.
            joins = False
            breaks.add(len(paragraphs) + 1)  # the output line of the paragraph being built
        if joins:
            joint = prev.text
            nxt = line.text
            hanging = hang is not None and abs(line.x0 - hang) <= 0.5 * line.size
            if joint.endswith(" ") or nxt.startswith(" "):
                current.append(" ")
            elif joint.strip()[-1:].isascii() and joint.strip()[-1:].isalnum() and nxt.strip()[:1].isascii() \
                    and nxt.strip()[:1].isalnum():
                current.append(" ")  # a Latin word wrap: the space went with the break
            elif hanging and prev.x1 + _first_word_width(line) < right - 1.3 * prev.size:
                current.append(" ")  # a 报尾 list line that stops short: it broke at a space between names
            elif hanging:
                key = _LABEL.match(first.text.strip()).group().rstrip("：: ").replace(" ", "")
                tail = prev.text.strip()[-4:]
                head = line.text.strip()[:4]
                notes.append((f"distribution.{key}", f"名单在行末断开（“…{tail}|{head}…”），已按同一名称连接；若是两个名称请在中间加分隔"))
            current.append(nxt.strip())
        else:
            if current:
                paragraphs.append((first, "".join(current)))
            first, current = line, [line.text.strip()]
            hang = line.hang
        prev = line
    if current:
        paragraphs.append((first, "".join(current)))
    out = []
    for first_line, text in paragraphs:
        indented = first_line.x0 - left >= 1.5 * first_line.size
        out.append(("\u3000\u3000" if indented else "") + text)
    return "\n".join(out) + "\n"


def _continues(prev: _Line, line: _Line, first: _Line | None, hang: float | None, left: float, right: float) -> bool:
    """Is `line` the wrapped rest of the paragraph that `prev` belongs to?"""
    if _LABEL.match(line.text.strip()):
        return False
    if abs(line.size - prev.size) > 0.6:
        return False
    tol = 0.5 * line.size
    if hang is not None and abs(line.x0 - hang) <= tol:
        return True  # hanging indent under `送：`: always the same list
    wrapped = prev.x1 + _first_word_width(line) > right - 0.5  # the next word did not fit (0.5 pt for rounding)
    if not wrapped:
        return False
    if line.x0 < prev.x0 - tol:
        return True  # back to the margin under a first-line indent
    if abs(line.x0 - prev.x0) <= tol:
        # same margin: a continuation, unless prev is an indented first line (then line starts anew)
        return not (prev is first and prev.x0 - left >= 1.5 * prev.size)
    return False


def pdf_text(path: Path, display: str, notes: list | None = None, breaks: set | None = None) -> str:
    """The text rebuilt from character boxes; `notes` receives (field, message) for breaks the boxes cannot decide."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ImportFailed(f"{display}：PDF 有 {len(pdf.pages)} 页，不像是一期简报（上限 {MAX_PAGES} 页）。")
            lines = []
            for number, page in enumerate(pdf.pages):
                lines.extend(_lines_of_page(page, number))
        return pdf_text_from_lines(lines, notes, breaks)
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(f"{display}：PDF 文件已损坏或加密，无法读取文字（{type(exc).__name__}）。") from None


def import_pdf(path: Path, display: str) -> ImportResult:
    from jianbao_cli.importers.text import import_text

    notes: list[tuple[str, str]] = []
    breaks: set[int] = set()
    text = pdf_text(path, display, notes, breaks)
    if not text.strip():
        raise ImportFailed(f"{display}：PDF 里没有可提取的文字（可能是扫描件），无法导入。")
    issue, warnings = import_text(text, display, "pdf", uncertain_breaks=breaks)
    alias = {"distribution.主送": "distribution.送", "distribution.报送": "distribution.报"}
    warnings.extend(ImportWarning(alias.get(field, field), message) for field, message in notes)
    return ImportResult(issue=issue, warnings=warnings, format="pdf")
