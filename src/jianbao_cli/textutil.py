"""Plain-text helpers shared by `add-article` and the importers: paragraphs and hard-wrapped lines."""

from __future__ import annotations

import re
import unicodedata

_BLANK_SPLIT = re.compile(r"\n[ \t\u3000]*\n")
_FULLWIDTH_SPACE = "\u3000"


def is_cjk(char: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms: joined to a neighbour without a space."""
    if not char:
        return False
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
        or char in "—…“”‘’·"
    )


def join_wrapped_lines(lines: list[str]) -> str:
    """Join the lines of one hard-wrapped paragraph: no space next to Chinese, one between Latin words."""
    out = ""
    for raw in lines:
        line = raw.strip(" \t" + _FULLWIDTH_SPACE)
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; lines inside a paragraph are joined as hard wraps."""
    text = normalize_newlines(text)
    paragraphs = []
    for block in _BLANK_SPLIT.split(text):
        joined = join_wrapped_lines(block.split("\n"))
        if joined:
            paragraphs.append(joined)
    return paragraphs


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
