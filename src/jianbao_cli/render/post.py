"""After Jinja: what a static template cannot say.

- The 报尾 rules depend on position: thick (0.35 mm, `w:sz="8"`) above the first line and below
  the last, thin (0.25 mm, `w:sz="6"`) between lines. Word and LibreOffice merge adjacent
  paragraphs whose borders are identical (drawing no line between them), so neighbouring lines
  are given borders that differ: the rule's colour alternates between 000000 and 010101, the same
  black on paper. (`auto` vs `000000`, or a different distance, is not enough: LibreOffice resolves
  `auto` to black and ignores the distance when it compares.)
- `抄送：` is one character longer than `送：`: its wrapped lines hang one character further in.
- Theme font attributes are removed wherever an edited template brought them back.
- Layout settings (font names, red, masthead size) replace the template's built-in values — and
  only those: a font or colour an office changed in Word differs from the built-in value and is
  kept.
"""

from __future__ import annotations

import math
import re

from jianbao_cli.settings import LayoutSettings

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS

BLOCK_STYLES = ("JBDistribution", "JBCopies")
THICK, THIN = 8, 6
CHAR_4HAO = 280  # twips of one 四号 character
LINE_PITCH = 579  # one grid line (exact line spacing of the 报尾 lines)
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TAIL_BOX_NAME = "报尾"  # docPr name of the text box, as scripts/build_template.py writes it
TAIL_CHARS_PER_LINE = 27  # 四号 characters on a 报尾 line after the indents, rounded down
EMU_PER_TWIP = 635

# pPr children that must come before w:pBdr / w:ind in schema order.
_BEFORE_PBDR = {W + t for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
                                "numPr", "suppressLineNumbers")}
_BEFORE_IND = _BEFORE_PBDR | {W + t for t in ("pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
                                              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
                                              "adjustRightInd", "snapToGrid", "spacing")}


def finish_document(xml: str) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    body = root.find(W + "body")
    block = []
    for p in body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in BLOCK_STYLES:
            block.append(p)
    for index, p in enumerate(block):
        ppr = p.find(W + "pPr")
        last = index == len(block) - 1
        colour = "000000" if index % 2 == 0 else "010101"
        sides = []
        if index == 0:
            sides.append(("top", THICK, "000000"))
        sides.append(("bottom", THICK if last else THIN, colour))
        _set_borders(ppr, sides)
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        key = text.split("：", 1)[0] if "：" in text else ""
        if ppr.find(f"{W}pStyle").get(W + "val") == "JBDistribution" and len(key) > 1:
            _set_hanging(ppr, len(key) + 1)
    _fit_tail_box(root)
    if "wp:docPr" in xml or ":docPr" in xml:
        _unique_drawing_ids(root)
    if "Theme" in xml:
        strip_theme_fonts(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _insert_in_order(ppr, element, before_set) -> None:
    index = 0
    for i, child in enumerate(ppr):
        if child.tag in before_set:
            index = i + 1
    ppr.insert(index, element)


def _set_borders(ppr, sides) -> None:
    from lxml import etree

    old = ppr.find(W + "pBdr")
    if old is not None:
        ppr.remove(old)
    pbdr = etree.Element(W + "pBdr")
    for side, size, colour in sides:
        el = etree.SubElement(pbdr, W + side)
        el.set(W + "val", "single")
        el.set(W + "sz", str(size))
        el.set(W + "space", "1")
        el.set(W + "color", colour)
    _insert_in_order(ppr, pbdr, _BEFORE_PBDR)


def _fit_tail_box(root) -> None:
    """Give the 报尾 text box the height of its lines. Word and LibreOffice grow it to fit anyway
    (a:spAutoFit); the estimate keeps the first layout right in readers that do not."""
    for doc_pr in list(root.iter(WP + "docPr")):
        if doc_pr.get("name") != TAIL_BOX_NAME:
            continue
        anchor = doc_pr.getparent()
        # Word saves a VML copy of every text box (mc:Fallback) when the template is resaved; only
        # Word 2007 would read it, and every reader that walks all paragraphs would see the 报尾 twice.
        for alternate in anchor.iterancestors(MC + "AlternateContent"):
            for fallback in alternate.findall(MC + "Fallback"):
                alternate.remove(fallback)
        content = next(anchor.iter(W + "txbxContent"), None)
        if content is not None and content.find(W + "p") is None:
            # Nothing to print in the 报尾 (no 报/送/发, no copies, no contact): an empty text box is
            # invalid OOXML (w:txbxContent needs a paragraph), so the box goes.
            run = next(anchor.iterancestors(W + "r"), None)
            if run is not None:
                run.getparent().remove(run)
            continue
        lines = 0
        for p in anchor.iter(W + "p"):
            text = "".join(t.text or "" for t in p.iter(W + "t"))
            units = sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in text)
            lines += max(1, math.ceil(units / TAIL_CHARS_PER_LINE))
        # half a line to spare: a box drawn too short overlaps the text above it in LibreOffice
        cy = str(int((lines + 0.5) * LINE_PITCH + 120) * EMU_PER_TWIP)
        for extent in list(anchor.iter(WP + "extent")) + list(anchor.iter(A + "ext")):
            extent.set("cy", cy)


def _unique_drawing_ids(root) -> None:
    """Word refuses a document in which two drawings share a wp:docPr id (a template that prints a
    figure twice, or a logo inside a loop): later duplicates get fresh ids."""
    doc_prs = list(root.iter(WP + "docPr"))
    seen: set[str] = set()
    highest = max((int(d.get("id")) for d in doc_prs if (d.get("id") or "").isdigit()), default=0)
    for doc_pr in doc_prs:
        if doc_pr.get("id") in seen:
            highest += 1
            doc_pr.set("id", str(highest))
        seen.add(doc_pr.get("id"))


def _set_hanging(ppr, chars: int) -> None:
    """Left = one character + the key with its colon; the first line hangs back by the key."""
    from lxml import etree

    old = ppr.find(W + "ind")
    if old is not None:
        ppr.remove(old)
    ind = etree.Element(W + "ind")
    ind.set(W + "leftChars", str((chars + 1) * 100))
    ind.set(W + "left", str((chars + 1) * CHAR_4HAO))
    ind.set(W + "rightChars", "100")
    ind.set(W + "right", str(CHAR_4HAO))
    ind.set(W + "hangingChars", str(chars * 100))
    ind.set(W + "hanging", str(chars * CHAR_4HAO))
    _insert_in_order(ppr, ind, _BEFORE_IND)


def strip_theme_fonts(root) -> None:
    for el in root.iter(W + "rFonts"):
        for attr in [a for a in el.attrib if a.lower().endswith("theme")]:
            del el.attrib[attr]


# --- settings into styles -------------------------------------------------------------------

_DEFAULTS = LayoutSettings()
_FONT_SLOTS = ("title_font", "body_font", "kai_font", "hei_font", "song_font", "latin_font")


def apply_layout(styles: bytes, layout) -> bytes:
    from lxml import etree

    root = etree.fromstring(styles)
    fonts = {getattr(_DEFAULTS, slot): getattr(layout, slot) for slot in _FONT_SLOTS
             if getattr(layout, slot) != getattr(_DEFAULTS, slot)}
    if fonts:
        for el in root.iter(W + "rFonts"):
            for attr in (W + "ascii", W + "hAnsi", W + "eastAsia", W + "cs"):
                value = el.get(attr)
                if value in fonts:
                    el.set(attr, fonts[value])
    red_default, red = _DEFAULTS.red.upper(), layout.red.upper()
    if red != red_default:
        for el in root.iter(W + "color", W + "top", W + "bottom", W + "left", W + "right"):
            attr = W + ("val" if el.tag == W + "color" else "color")
            if (el.get(attr) or "").upper() == red_default:
                el.set(attr, red)
    if layout.masthead_size_pt != _DEFAULTS.masthead_size_pt:
        default_sz, new_sz = str(int(round(_DEFAULTS.masthead_size_pt * 2))), str(int(round(layout.masthead_size_pt * 2)))
        for style in root.iter(W + "style"):
            if style.get(W + "styleId") == "JBMasthead":
                for el in style.iter(W + "sz", W + "szCs"):
                    if el.get(W + "val") == default_sz:
                        el.set(W + "val", new_sz)
    strip_theme_fonts(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_core_title(core: bytes, title: str) -> bytes:
    """Word's title bar and mail clients show dc:title; the template's title is the template's."""
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = core.decode("utf-8")
    new = re.sub(r"<dc:title>.*?</dc:title>|<dc:title\s*/>", lambda _: f"<dc:title>{escaped}</dc:title>", text,
                 count=1, flags=re.DOTALL)
    return new.encode("utf-8")
