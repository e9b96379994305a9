"""What the formatting of a Word paragraph says, read from the XML (lxml elements) of word/document.xml
and word/styles.xml: effective size, red, bold, heading style, centred.

Shared by the importer of back issues (importers/docx.py) and the reader of contributors' files
(editing/wordfile.py). Needs no python-docx: the elements may come from python-docx or straight from lxml.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@functools.cache
def qn(tag: str) -> str:
    """`w:p` → `{…wordprocessingml…}p` (only the `w:` prefix is needed here); called for every element
    of every paragraph, hence cached."""
    prefix, _, local = tag.partition(":")
    if prefix != "w":
        raise ValueError(f"unknown prefix {prefix}")
    return f"{{{W_NS}}}{local}"


_HEADING_NAME = re.compile(r"^(?:heading\s*\d|title|标题(?:\s*\d)?)$", re.IGNORECASE)
_FALSE = ("0", "false", "off", "none")


@dataclass
class ParagraphFormat:
    """What the formatting of one paragraph says (its text runs, by characters)."""

    size: float | None = None  # effective font size in points, the one most of its characters have
    red: bool = False  # most of its characters are red
    bold: bool = False  # all of its characters are bold
    heading: bool = False  # a heading style (Heading n, Title, 标题 n) or an outline level
    centred: bool = False


class WordStyles:
    """Effective run properties by Word's inheritance: run → character style chain → paragraph style
    chain → document defaults (the first level that sets a property wins)."""

    def __init__(self, root=None):
        """`root`: the `w:styles` element of word/styles.xml, or None when the file has none."""
        self.qn = qn
        self.by_id: dict[str, object] = {}
        self.default_paragraph: str | None = None
        self.defaults = None
        if root is None:
            return
        for style in root.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is not None:
                self.by_id[style_id] = style
                if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                    self.default_paragraph = style_id
        self.defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")

    @classmethod
    def of_document(cls, document) -> "WordStyles":
        """The styles of a python-docx Document."""
        try:
            root = document.styles.element
        except (KeyError, AttributeError, ValueError):  # no usable styles part
            root = None
        return cls(root)

    def paragraph_chain(self, paragraph) -> list:
        """The paragraph style of a `w:p` and the styles it is based on (the default style when unset)."""
        ppr = paragraph.find(self.qn("w:pPr"))
        pstyle = ppr.find(self.qn("w:pStyle")) if ppr is not None else None
        return self.chain(pstyle.get(self.qn("w:val")) if pstyle is not None else self.default_paragraph)

    def chain(self, style_id: str | None) -> list:
        """The style and the ones it is based on, nearest first."""
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(self.qn("w:basedOn"))
            style_id = based.get(self.qn("w:val")) if based is not None else None
        return out

    def name(self, style) -> str:
        element = style.find(self.qn("w:name"))
        return element.get(self.qn("w:val"), "") if element is not None else ""

    def run_levels(self, run, paragraph_chain: list) -> list:
        """rPr elements that may set a run's properties, nearest first."""
        qn = self.qn
        levels = []
        rpr = run.find(qn("w:rPr"))
        if rpr is not None:
            levels.append(rpr)
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                levels += [s.find(qn("w:rPr")) for s in self.chain(rstyle.get(qn("w:val")))]
        levels += [s.find(qn("w:rPr")) for s in paragraph_chain]
        levels.append(self.defaults)
        return [level for level in levels if level is not None]

    def first(self, levels: list, tag: str):
        for level in levels:
            element = level.find(self.qn(tag))
            if element is not None:
                return element
        return None


def is_red(value: str | None) -> bool:
    """FF0000, C00000, FF3333, E60012…: red clearly dominates green and blue."""
    if not value or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return False  # `auto`, or a theme colour without a value
    r, g, b = (int(value[k : k + 2], 16) for k in (0, 2, 4))
    return r >= 0x80 and max(g, b) < 0.4 * r


def paragraph_format(element, styles: WordStyles) -> ParagraphFormat:
    qn = styles.qn
    ppr = element.find(qn("w:pPr"))
    chain = styles.paragraph_chain(element)
    fmt = ParagraphFormat()
    fmt.heading = bool(chain) and bool(_HEADING_NAME.match(styles.name(chain[0]).strip()))
    for level in ([ppr] if ppr is not None else []) + [s.find(qn("w:pPr")) for s in chain]:
        if level is None:
            continue
        outline = level.find(qn("w:outlineLvl"))
        if outline is not None:
            fmt.heading = fmt.heading or (outline.get(qn("w:val")) or "9") < "9"
            break
    for level in ([ppr] if ppr is not None else []) + [s.find(qn("w:pPr")) for s in chain]:
        jc = level.find(qn("w:jc")) if level is not None else None
        if jc is not None:
            fmt.centred = jc.get(qn("w:val")) == "center"
            break
    sizes: Counter = Counter()
    red = bold = total = 0
    for run in element.iter(qn("w:r")):
        if next(run.iterancestors(qn("w:p")), None) is not element:
            continue  # a run of a paragraph inside a text box in this one
        chars = sum(len((t.text or "").strip()) for t in run.findall(qn("w:t")))
        if not chars:
            continue
        levels = styles.run_levels(run, chain)
        sz = styles.first(levels, "w:sz")
        if sz is not None and (sz.get(qn("w:val")) or "").isdigit():
            sizes[int(sz.get(qn("w:val"))) / 2] += chars
        color = styles.first(levels, "w:color")
        if color is not None and is_red(color.get(qn("w:val"))):
            red += chars
        b = styles.first(levels, "w:b")
        if b is not None and (b.get(qn("w:val")) or "true").lower() not in _FALSE:
            bold += chars
        total += chars
    if sizes:
        fmt.size = max(sizes, key=lambda size: (sizes[size], size))
    fmt.red = total > 0 and red * 2 > total
    fmt.bold = total > 0 and bold == total
    return fmt
