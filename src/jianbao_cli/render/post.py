"""After Jinja: what a static template cannot say.

- The 报尾 rules depend on position: thick (0.35 mm, `w:sz="8"`) above the first line and below
  the last, thin (0.25 mm, `w:sz="6"`) between lines. They are empty paragraphs of their own (style
  `JB Tail Rule`, one point high, no side indent) between the lines, so that they span the whole
  type area while the lines stay one character in from each side: a paragraph's border is only as
  wide as its indents allow.
- `抄送：` is one character longer than `送：`: its wrapped lines hang one character further in.
- The 报尾 never goes to a page alone: the paragraphs before its anchor keep with it, so when it
  does not fit under the last paragraph, the last lines of that paragraph move with it.
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
TAIL_RULE_STYLE, TAIL_ANCHOR_STYLE = "JBTailRule", "JBTailAnchor"
#: Paragraphs that keep the paragraph before them with the 报尾 too (a one-line source alone with the
#: 报尾 would be no better than the 报尾 alone).
SHORT_TAIL_STYLES = ("JBSource", "JBCaption", "JBFigure")
THICK, THIN = 8, 6
CHAR_4HAO = 280  # twips of one 四号 character
LINE_PITCH = 579  # one grid line (exact line spacing of the 报尾 lines)
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TAIL_BOX_NAME = "报尾"  # docPr name of the text box, as scripts/build_template.py writes it
TAIL_CHARS_PER_LINE = 27  # 四号 characters on a 报尾 line after the indents, rounded down
EMU_PER_TWIP = 635
RULE_TWIPS = 40  # a rule paragraph: one point of line and the 0.35 mm border under it

#: CT_PPr's children in schema order (ISO/IEC 29500-1 §17.3.1.26).
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
             "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
             "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
             "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()


def finish_document(xml: str) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    body = root.find(W + "body")
    block = []
    for p in body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in BLOCK_STYLES:
            block.append(p)
    if block:
        block[0].addprevious(_rule(THICK))
    for index, p in enumerate(block):
        ppr = p.find(W + "pPr")
        old = ppr.find(W + "pBdr")  # a template from before the rules were paragraphs of their own
        if old is not None:
            ppr.remove(old)
        p.addnext(_rule(THICK if index == len(block) - 1 else THIN))
        text = paragraph_text(p)
        key = text.split("：", 1)[0] if "：" in text else ""
        if ppr.find(f"{W}pStyle").get(W + "val") == "JBDistribution" and len(key) > 1:
            _set_hanging(ppr, len(key) + 1)
    _fit_tail_box(root)
    _keep_with_tail(body)
    if "wp:docPr" in xml or ":docPr" in xml:
        _unique_drawing_ids(root)
    if "Theme" in xml:
        strip_theme_fonts(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rule(size: int):
    """An empty paragraph one point high whose bottom border is a 报尾 rule. Its properties are
    written out, not left to the style, so that templates made before the style still draw it."""
    from lxml import etree

    p = etree.Element(W + "p")
    ppr = etree.SubElement(p, W + "pPr")
    etree.SubElement(ppr, W + "pStyle").set(W + "val", TAIL_RULE_STYLE)
    etree.SubElement(ppr, W + "keepNext")
    bottom = etree.SubElement(etree.SubElement(ppr, W + "pBdr"), W + "bottom")
    for name, value in (("val", "single"), ("sz", str(size)), ("space", "0"), ("color", "000000")):
        bottom.set(W + name, value)
    etree.SubElement(ppr, W + "snapToGrid").set(W + "val", "0")
    spacing = etree.SubElement(ppr, W + "spacing")
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(W + name, value)
    ind = etree.SubElement(ppr, W + "ind")
    for name in ("left", "right", "firstLine"):
        ind.set(W + name, "0")
    rpr = etree.SubElement(ppr, W + "rPr")
    etree.SubElement(rpr, W + "sz").set(W + "val", "2")
    etree.SubElement(rpr, W + "szCs").set(W + "val", "2")
    return p


def _keep_with_tail(body) -> None:
    """Keep the last paragraph (and a source line, or a caption, with the one before it) with the
    paragraph that anchors the 报尾: when the 报尾 does not fit under the text, the last lines go to
    the next page with it instead of leaving it there alone."""
    from lxml import etree

    anchors = tail_anchors(body)
    if not anchors:
        return
    previous = anchors[0].getprevious()
    while previous is not None and previous.tag == W + "p":
        ppr = previous.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            previous.insert(0, ppr)
        set_paragraph_property(ppr, "keepNext")
        if paragraph_style(previous) not in SHORT_TAIL_STYLES:
            break
        previous = previous.getprevious()


def paragraph_style(p) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def tail_anchors(root) -> list:
    """The paragraphs that anchor a 报尾 text box (one per issue; a volume has several)."""
    return [p for p in root.iter(W + "p") if paragraph_style(p) == TAIL_ANCHOR_STYLE
            and any(d.get("name") == TAIL_BOX_NAME for d in p.iter(WP + "docPr"))]


def set_paragraph_property(ppr, name: str, attributes: dict[str, str] | None = None):
    """The w:pPr child `name` with these attributes set, inserted in schema order if it is missing."""
    from lxml import etree

    element = ppr.find(W + name)
    if element is None:
        element = etree.Element(W + name)
        rank = PPR_ORDER.index(name)
        index = sum(1 for child in ppr if child.tag.startswith(W) and child.tag[len(W):] in PPR_ORDER
                    and PPR_ORDER.index(child.tag[len(W):]) < rank)
        ppr.insert(index, element)
    for key, value in (attributes or {}).items():
        element.set(W + key, value)
    return element


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
        lines, rules = 0, 0
        for p in anchor.iter(W + "p"):
            if paragraph_style(p) == TAIL_RULE_STYLE:
                rules += 1
                continue
            text = paragraph_text(p)
            units = sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in text)
            lines += max(1, math.ceil(units / TAIL_CHARS_PER_LINE))
        # half a line to spare: a box drawn too short overlaps the text above it in LibreOffice
        cy = str(int((lines + 0.5) * LINE_PITCH + 120 + rules * RULE_TWIPS) * EMU_PER_TWIP)
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
    old = ppr.find(W + "ind")
    if old is not None:
        ppr.remove(old)
    set_paragraph_property(ppr, "ind", {
        "leftChars": str((chars + 1) * 100), "left": str((chars + 1) * CHAR_4HAO),
        "rightChars": "100", "right": str(CHAR_4HAO),
        "hangingChars": str(chars * 100), "hanging": str(chars * CHAR_4HAO)})


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
