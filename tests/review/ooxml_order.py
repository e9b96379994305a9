"""A committed check of where ISO/IEC 29500-1 (transitional) allows tracked changes, for the redline.

The full WordprocessingML schema is not at hand here (no Python package ships it), so this checks
the rules that the redline writer can get wrong, taken from the schema's complex types:

- CT_P: `w:pPr` first, then paragraph content; run-level `w:ins`/`w:del` (CT_RunTrackChange) are
  paragraph content and hold runs (`w:r`), never a `w:p`;
- CT_TrackChange attributes: `w:id` (ST_DecimalNumber), `w:author` (required), `w:date` (xsd:dateTime);
- CT_R: `w:rPr` first; `w:delText`/`w:delInstrText` only inside a deletion, `w:t` never inside one;
- CT_PPr: the CT_PPrBase children in their sequence order, then `w:rPr`, `w:sectPr`, `w:pPrChange`;
- CT_ParaRPr (the paragraph mark's `w:rPr`): `w:ins`, `w:del`, `w:moveFrom`, `w:moveTo` come first,
  in that order, each at most once, before the formatting (`w:rStyle`, `w:rFonts`, …);
- every `w:id` of an annotation unique in the part.
"""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS

PPR_ORDER = [W + n for n in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")]
PARA_RPR_MARKS = [W + n for n in ("ins", "del", "moveFrom", "moveTo")]
#: Elements a run-level w:ins/w:del may hold (EG_ContentRunContent and range markup); never w:p.
RUN_TRACK_CONTENT = {W + n for n in ("r", "customXml", "smartTag", "sdt", "dir", "bdo", "proofErr", "permStart",
                                     "permEnd", "bookmarkStart", "bookmarkEnd", "commentRangeStart",
                                     "commentRangeEnd", "ins", "del", "moveFrom", "moveTo")}
PARAGRAPH_PARENTS = {W + n for n in ("p", "hyperlink", "customXml", "smartTag", "sdtContent", "fldSimple")}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _in_deletion(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in (W + "del", W + "moveFrom"):
            return True
        if parent.tag == W + "p":
            return False
        parent = parent.getparent()
    return False


def problems(root) -> list[str]:
    found: list[str] = []
    ids: dict[str, str] = {}
    for element in root.iter(W + "ins", W + "del"):
        name = element.tag[len(W):]
        parent = element.getparent()
        for attribute in ("id", "author", "date"):
            if element.get(W + attribute) is None:
                found.append(f"w:{name} without w:{attribute}")
        if not (element.get(W + "id") or "").lstrip("-").isdigit():
            found.append(f"w:{name} w:id is not a decimal number")
        if not DATE.match(element.get(W + "date") or ""):
            found.append(f"w:{name} w:date is not an xsd:dateTime")
        key = element.get(W + "id")
        if key in ids:
            found.append(f"w:id {key} used twice")
        ids[key] = name
        if parent.tag == W + "rPr":
            ppr = parent.getparent()
            if ppr.tag != W + "pPr":
                found.append(f"w:{name} in a run's w:rPr (only the paragraph mark's w:rPr may hold it)")
            marks = [c.tag for c in parent if c.tag in PARA_RPR_MARKS]
            leading = [c.tag for c in parent][: len(marks)]
            if leading != marks or marks != sorted(marks, key=PARA_RPR_MARKS.index) or len(set(marks)) != len(marks):
                found.append("w:pPr/w:rPr: w:ins/w:del must come first, once each, in schema order")
        elif parent.tag in PARAGRAPH_PARENTS:
            for child in element:
                if child.tag not in RUN_TRACK_CONTENT:
                    found.append(f"w:{name} holds {child.tag} (a run-level change holds runs)")
        else:
            found.append(f"w:{name} inside {parent.tag}")
    for ppr in root.iter(W + "pPr"):
        if ppr.getparent().tag != W + "p":
            continue
        if ppr.getparent().index(ppr) != 0:
            found.append("w:pPr is not the first child of w:p")
        positions = [PPR_ORDER.index(c.tag) for c in ppr if c.tag in PPR_ORDER]
        if positions != sorted(positions):
            found.append("w:pPr children out of schema order: " + ", ".join(c.tag[len(W):] for c in ppr))
    for run in root.iter(W + "r"):
        children = list(run)
        if any(c.tag == W + "rPr" for c in children[1:]):
            found.append("w:rPr is not the first child of w:r")
        deleted = _in_deletion(run)
        for child in children:
            if child.tag in (W + "delText", W + "delInstrText") and not deleted:
                found.append("w:delText outside a deletion")
            if child.tag in (W + "t", W + "instrText") and deleted:
                found.append("w:t inside a deletion (must be w:delText)")
    for tag in ("bookmarkStart", "commentRangeStart"):
        for element in root.iter(W + tag):
            key = element.get(W + "id")
            if key in ids:
                found.append(f"w:id {key} shared by a revision and a {tag}")
    return found
