"""A contributor's plain text (.txt, UTF-8 or GB18030/GBK) or Markdown (.md) → pieces of one article.

Text: the title is the first line when a blank line follows it; paragraphs are separated by blank
lines, or start at an indented line (two full-width spaces or a tab, as web forms export them); the
other lines of a paragraph are hard wraps and are joined. Markdown: `#` is the title, `##`… are
sub-headings, `![说明](photo.jpg)` is a figure (a path relative to the .md file), emphasis marks go.
"""

from __future__ import annotations

import re
from pathlib import Path

from jianbao_cli.editing.contribution import CN_NUMBERED, HEADING_MAX, Piece, clean_text, title_like
from jianbao_cli.editing.pictures import Stager
from jianbao_cli.textutil import normalize_newlines

_BLANK = re.compile(r"^[ \t\u3000]*$")
_INDENT = re.compile(r"^(?:\u3000|\t| {2,})")


def text_pieces(text: str) -> list[Piece]:
    lines = normalize_newlines(text).split("\n")
    pieces: list[Piece] = []
    blocks: list[list[str]] = [[]]
    for line in lines:
        if _BLANK.match(line):
            if blocks[-1]:
                blocks.append([])
        elif _heading_line(line):
            blocks += [[line], []]  # `一、总体情况` on its own line is a sub-heading, never a hard wrap
        elif blocks[-1] and _INDENT.match(line):
            blocks.append([line])  # an indented line starts a paragraph of its own
        else:
            blocks[-1].append(line)
    blocks = [b for b in blocks if b]
    for n, block in enumerate(blocks):
        text = clean_text("\n".join(block))
        first = n == 0 and len(block) == 1 and len(blocks) > 1 and _followed_by_blank(lines, block[0])
        pieces.append(Piece(text=text, title_look=first and title_like(text)))
    return pieces


def _heading_line(line: str) -> bool:
    text = clean_text(line)
    return bool(CN_NUMBERED.match(text)) and len(text) <= HEADING_MAX and "。" not in text


def _followed_by_blank(lines: list[str], first_line: str) -> bool:
    at = lines.index(first_line)
    return at + 1 < len(lines) and bool(_BLANK.match(lines[at + 1]))


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_BOLD_ONLY = re.compile(r"^(\*\*|__)(?P<text>[^*_]+)\1$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_pieces(text: str, base: Path, stager: Stager, warnings: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    blocks: list[list[str]] = [[]]
    for line in normalize_newlines(text).split("\n"):
        line = re.sub(r"^\s*>\s?", "", line)
        if _BLANK.match(line):
            blocks.append([])
        elif _MD_HEADING.match(line) or _MD_IMAGE.match(line.strip()):
            blocks += [[line], []]
        else:
            blocks[-1].append(line)
    pictures = 0
    for block in (b for b in blocks if b):
        first = block[0].strip()
        heading = _MD_HEADING.match(first)
        image = _MD_IMAGE.match(first)
        if heading:
            level, words = len(heading.group(1)), _plain(heading.group(2))
            if level == 1 and not pieces:
                pieces.append(Piece(text=words, title_look=True))
            else:
                pieces.append(Piece(text=words, heading=True))
        elif image:
            pictures += 1
            label = f"第 {pictures} 张图片"
            src = image["src"]
            if re.match(r"^[a-z][a-z0-9+.-]*://", src, re.IGNORECASE):
                warnings.append(f"{label}（{src}）是网络地址，不会下载，已跳过")
                continue
            path = (base / src).resolve()
            if not path.is_file():
                warnings.append(f"{label}（{src}）找不到，已跳过")
                continue
            staged = stager.stage_file(path, label, warnings)
            if staged:
                pieces.append(Piece(image=staged, caption=_plain(image["alt"]) or None))
        else:
            bold = _MD_BOLD_ONLY.match(clean_text("\n".join(block)))
            words = _plain(clean_text("\n".join(block)))
            if words:
                pieces.append(Piece(text=words, heading_look=bool(bold)))
    return pieces


def _plain(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text).strip()
