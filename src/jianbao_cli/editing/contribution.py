"""One article as a contributor's file gives it, before it is stored.

Every reader (Word, text, Markdown) turns its file into `Piece`s in reading order — a cleaned paragraph
with what its look says, or a picture — and `shape()` makes the article of them the same way for all:
the title, a leading 编者按, a trailing source line, captions beside pictures, numbered or bold
sub-headings, body paragraphs. Pure Python: no Word, no image library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO, Callable

from jianbao_cli.errors import JianbaoError
from jianbao_cli.textutil import join_wrapped_lines

#: Longest line still taken for a title, a sub-heading or a caption (characters).
TITLE_MAX = 80
HEADING_MAX = 40
CAPTION_MAX = 60

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"))  # soft hyphen, zero-width
_SPACES = re.compile(r"[ \t\u00a0]+")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "，", ",", "：", ":")
#: `一、…` and `（一）…`: sub-headings by their numbering alone.
CN_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)])")
#: `1.` and `（1）`: sub-headings only when set bold or in a heading style (else they are list items).
_ARABIC_NUMBERED = re.compile(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])")
_CAPTION = re.compile(r"^(?:[▲△]\s*)?(?:图\s*[0-9０-９一二三四五六七八九十]+|图为|图[：:]|[（(]图)")
_NOTE = re.compile(r"^(?:【编者按】|编者按\s*[：:]|编者按\s)\s*")
_SOURCE = re.compile(r"^[（(]\s*(?P<inner>[^（）()]{2,40}?)\s*[）)]$")
_SOURCE_WORDS = ("供稿", "作者", "报送", "来源", "撰稿", "通讯员", "供图", "摄", "稿", "提供")


@dataclass
class StagedImage:
    """A picture of the file, ready to be stored as JPEG or PNG: read through `opener` (a fresh binary
    stream each call), identified by the CRC-32 and length of its bytes."""

    opener: Callable[[], BinaryIO]
    ext: str  # "jpg" or "png"
    crc: int  # CRC-32 of the bytes, as a ZIP archive records it
    size: int
    width: int
    height: int

    @property
    def stored_name(self) -> str:
        """The name under `issues/<id>/`: the same photo always gets the same name, so it is stored once."""
        return f"{self.crc:08x}{self.size:08x}.{self.ext}"


@dataclass
class Piece:
    """A paragraph (cleaned text) or a picture, with what the file's formatting says about it."""

    text: str = ""
    image: StagedImage | None = None
    caption: str | None = None  # a picture's own caption (Markdown alt text)
    title_look: bool = False  # set as a title: title/heading style, centred, larger or bold
    heading_look: bool = False  # a heading style, or bold throughout
    heading: bool = False  # certainly a sub-heading (Markdown `##`)
    caption_look: bool = False  # Caption / 题注 style
    centred: bool = False


@dataclass
class FoundFigure:
    image: StagedImage
    caption: str | None


@dataclass
class Contribution:
    """The article found in a file: what will be stored, and what the editor is told."""

    title: str
    title_from: str  # "file" or "option"
    note: str | None
    blocks: list  # str | {"heading": …} | FoundFigure, in reading order
    source: str | None
    warnings: list[str] = field(default_factory=list)
    format: str = "txt"
    encoding: str | None = None

    def figures(self) -> list[FoundFigure]:
        return [b for b in self.blocks if isinstance(b, FoundFigure)]

    def headings(self) -> list[str]:
        return [b["heading"] for b in self.blocks if isinstance(b, dict)]

    def texts(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]


def clean_text(raw: str) -> str:
    """A paragraph as the reader sees it: manual line breaks joined (Chinese without a space), indents
    of full-width spaces or tabs removed, soft hyphens and zero-width characters gone, spaces collapsed."""
    text = raw.translate(_INVISIBLE).replace("\r", "\n").replace("\u000b", "\n")
    lines = [_SPACES.sub(" ", line) for line in text.split("\n")]
    return join_wrapped_lines(lines).strip(" \u3000")


def _ends_sentence(text: str) -> bool:
    return text.endswith(_SENTENCE_END)


def title_like(text: str) -> bool:
    return 0 < len(text) <= TITLE_MAX and not text.endswith(("。", "；", "，", "：", ";", ",", ":")) \
        and not _NOTE.match(text) and not CN_NUMBERED.match(text) and not _source_of(text)


def _is_heading(piece: Piece) -> bool:
    text = piece.text
    if piece.heading:
        return True
    if not text or len(text) > HEADING_MAX or _ends_sentence(text) or "。" in text:
        return False
    if CN_NUMBERED.match(text):
        return True
    return piece.heading_look  # a bold-only (or heading-style) short lead line, numbered 1. or not


def _is_caption(piece: Piece, *, beside_only: bool) -> bool:
    """A caption: `图1 …`/`图为…`, the Caption style, or (after the picture only) a centred short line."""
    text = piece.text
    if piece.image is not None or not text or len(text) > CAPTION_MAX:
        return False
    if _CAPTION.match(text) or piece.caption_look:
        return True
    return not beside_only and piece.centred and not CN_NUMBERED.match(text)


def _source_of(text: str) -> str | None:
    match = _SOURCE.match(text)
    if match and any(word in match["inner"] for word in _SOURCE_WORDS):
        return match["inner"].strip()
    return None


def shape(pieces: list[Piece], *, display: str, title: str | None = None,
          warnings: list[str] | None = None) -> tuple[str, str, str | None, list, str | None]:
    """(title, title_from, note, blocks, source) of an article from its pieces in reading order."""
    warnings = warnings if warnings is not None else []
    items = [p for p in pieces if p.image is not None or p.text]
    if not any(p.text for p in items) and not any(p.image for p in items):
        raise JianbaoError(f"{display} 里没有正文文字（空文档）。")

    found_title = None
    if items and items[0].image is None and items[0].title_look and title_like(items[0].text):
        found_title = items.pop(0).text
    if title is not None and title.strip():
        chosen, title_from = title.strip(), "option"
        if found_title and found_title != chosen:
            warnings.append(f"文件里的标题“{found_title}”已由 --title 指定的标题代替")
    elif found_title:
        chosen, title_from = found_title, "file"
    else:
        first = next((p.text for p in items if p.text), "")
        raise JianbaoError(
            f"{display} 里找不到标题（第一段“{first[:20]}”不是标题格式）：请用 --title 指定标题。"
        )

    note = None
    if items and items[0].text and _NOTE.match(items[0].text):
        note = _NOTE.sub("", items.pop(0).text).strip() or None
        if note is None and items and items[0].text:  # `编者按：` alone on its line, the note below it
            note = items.pop(0).text

    source = None
    if items and items[-1].text and _source_of(items[-1].text):
        source = _source_of(items.pop().text)

    captions: dict[int, str] = {}
    used: set[int] = set()
    for n, piece in enumerate(items):
        if piece.image is None:
            continue
        if piece.caption:
            captions[n] = piece.caption
        elif n + 1 < len(items) and n + 1 not in used and _is_caption(items[n + 1], beside_only=False):
            captions[n] = items[n + 1].text
            used.add(n + 1)
        elif n > 0 and n - 1 not in used and _is_caption(items[n - 1], beside_only=True):
            captions[n] = items[n - 1].text  # a caption set above its picture
            used.add(n - 1)

    blocks: list = []
    for n, piece in enumerate(items):
        if n in used:
            continue
        if piece.image is not None:
            blocks.append(FoundFigure(piece.image, captions.get(n)))
        elif _is_heading(piece):
            blocks.append({"heading": piece.text})
        else:
            blocks.append(piece.text)
    if not blocks:
        raise JianbaoError(f"{display} 里除了标题没有正文。")
    return chosen, title_from, note, blocks, source
