"""The parts of a rendered document checked against the structure ISO/IEC 29500 (transitional) gives them.

This is NOT a validation against the standard's XSD files: no package on the registries reachable here
ships them, and files from elsewhere may not be committed here. The Open XML SDK's validator checks the
same parts in test_ooxml_schema.py; this file adds what that validator is lenient about (w:zoom/@w:percent)
and the house rules. What it checks, from the schema's definitions
(part 1, §17 and annex A.1), is what Word is strict about: the order of the children in each
sequence (w:settings, w:style, w:pPr, w:rPr, w:pBdr, w:sectPr, w:numbering, wp:anchor), that no
element is unknown there, the attributes the schema requires (w:zoom/@w:percent, w:pgMar's seven
margins, wp:anchor's own), enumerated values, and that every style, list and abstract list named is
defined. Parts: word/document.xml, styles.xml, settings.xml, numbering.xml and the footers.
"""

from __future__ import annotations

from tests.render.conftest import NS, W, Docx, w
from tests.render.test_docx_layout import PBDR_ORDER, PPR_ORDER, RPR_ORDER

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

# CT_Settings (§17.15.1.78), in schema order.
SETTINGS_ORDER = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
    "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState "
    "formsDesign attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
    "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter "
    "noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent "
    "alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt "
    "showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars "
    "rsids mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator").split()
# CT_Style (§17.7.4.17).
STYLE_ORDER = ("name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
               "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr").split()
# CT_SectPr (§17.6.17): header/footer references first, in any order among themselves.
SECTPR_ORDER = ("headerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols "
                "formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
                "sectPrChange").split()
# CT_Numbering (§17.9.17).
NUMBERING_ORDER = "numPicBullet abstractNum num numIdMacAtCleanup".split()
# CT_Anchor (DrawingML WordprocessingDrawing, §20.4.2.3); the wrap choice stands for all its forms.
ANCHOR_ORDER = ("simplePos positionH positionV extent effectExtent wrap docPr cNvGraphicFramePr graphic").split()
ANCHOR_REQUIRED = ("simplePos", "relativeHeight", "behindDoc", "locked", "layoutInCell", "allowOverlap")
BLOCK_LEVEL = {"p", "tbl", "sdt", "customXml", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd"}

ST_BORDER = {"nil", "none", "single", "thick", "double", "dotted", "dashed", "dotDash", "dotDotDash", "triple"}
ST_JC = {"start", "center", "end", "both", "left", "right", "distribute", "mediumKashida", "highKashida",
         "lowKashida", "thaiDistribute", "numTab"}
ST_LINE_RULE = {"auto", "exact", "atLeast"}
ST_ZOOM = {"none", "fullPage", "bestFit", "textFit"}
ST_DOC_GRID = {"default", "lines", "linesAndChars", "snapToChars"}
ST_STYLE_TYPE = {"paragraph", "character", "table", "numbering"}
IND_ATTRS = {"start", "startChars", "end", "endChars", "left", "leftChars", "right", "rightChars", "hanging",
             "hangingChars", "firstLine", "firstLineChars"}
PGMAR_REQUIRED = ("top", "right", "bottom", "left", "header", "footer", "gutter")

PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/numbering.xml")


def local(element) -> str:
    return element.tag.replace(W, "")


def check_sequence(element, order: list[str], where: str, aliases: dict[str, str] | None = None) -> None:
    """Children in the w: namespace in schema order, none unknown (other namespaces are extensions
    that mc:Ignorable or the schema's xsd:any allow)."""
    names = [local(child) for child in element if child.tag.startswith(W)]
    names = [(aliases or {}).get(n, n) for n in names]
    unknown = [n for n in names if n not in order]
    assert not unknown, f"{where}: elements the schema does not allow here: {unknown}"
    positions = [order.index(n) for n in names]
    assert positions == sorted(positions), f"{where}: children out of schema order: {names}"


def parts(doc: Docx) -> dict[str, object]:
    names = [*PARTS, *sorted(n for n in doc.parts if n.startswith("word/footer"))]
    assert len(names) == 6, names  # the two footers (odd and even pages)
    return {name: doc.xml(name) for name in names}


def test_settings_follow_ct_settings(rendered: Docx):
    settings = rendered.xml("word/settings.xml")
    check_sequence(settings, SETTINGS_ORDER, "settings.xml")
    zoom = settings.find("w:zoom", NS)
    assert zoom.get(w("percent")) is not None and int(zoom.get(w("percent"))) > 0  # required (ST_DecimalNumberOrPercent)
    assert zoom.get(w("val"), "none") in ST_ZOOM
    assert settings.find("w:evenAndOddHeaders", NS) is not None  # odd/even page-number footers


def test_styles_follow_ct_style_and_every_named_style_exists(rendered: Docx):
    styles = rendered.styles
    check_sequence(styles, ["docDefaults", "latentStyles", "style"], "styles.xml")
    kinds = {}
    for style in styles.iter(w("style")):
        sid = style.get(w("styleId"))
        assert style.get(w("type")) in ST_STYLE_TYPE, sid
        check_sequence(style, STYLE_ORDER, f"styles.xml style {sid}")
        kinds[sid] = style.get(w("type"))
    for style in styles.iter(w("style")):
        for ref in ("basedOn", "next", "link"):
            el = style.find(w(ref))
            if el is not None:
                assert el.get(w("val")) in kinds, f"style {style.get(w('styleId'))}: {ref} names a missing style"
    for name, root in parts(rendered).items():
        for tag, kind in (("pStyle", "paragraph"), ("rStyle", "character")):
            for el in root.iter(w(tag)):
                assert kinds.get(el.get(w("val"))) == kind, f"{name}: {tag} {el.get(w('val'))} is not a {kind} style"


def test_properties_borders_and_values(rendered: Docx):
    checked = 0
    for name, root in parts(rendered).items():
        for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("pBdr", PBDR_ORDER)):
            for element in root.iter(w(tag)):
                check_sequence(element, order, f"{name} {tag}")
                checked += 1
        for side in root.iter(*(w(s) for s in PBDR_ORDER)):
            if side.getparent().tag == w("pBdr"):
                assert side.get(w("val")) in ST_BORDER, name
        for jc in root.iter(w("jc")):
            assert jc.get(w("val")) in ST_JC, name
        for spacing in root.iter(w("spacing")):
            if spacing.getparent().tag == w("pPr"):
                assert spacing.get(w("lineRule"), "auto") in ST_LINE_RULE, name
                assert set(spacing.attrib) <= {w(a) for a in ("before", "beforeLines", "beforeAutospacing", "after",
                                                                "afterLines", "afterAutospacing", "line", "lineRule")}
        for ind in root.iter(w("ind")):
            assert {a.replace(W, "") for a in ind.attrib} <= IND_ATTRS, name
    assert checked > 100


def test_body_footers_and_section(rendered: Docx):
    found = parts(rendered)
    body = found["word/document.xml"].find("w:body", NS)
    names = [local(child) for child in body]
    assert names[-1] == "sectPr" and set(names[:-1]) <= BLOCK_LEVEL, set(names)
    for name, root in found.items():
        if name.startswith("word/footer"):
            assert local(root) == "ftr" and {local(c) for c in root} <= BLOCK_LEVEL, name
    sect = body.find("w:sectPr", NS)
    check_sequence(sect, SECTPR_ORDER, "sectPr", aliases={"footerReference": "headerReference"})
    margins = sect.find("w:pgMar", NS)
    assert all(margins.get(w(m)) is not None for m in PGMAR_REQUIRED)
    assert sect.find("w:docGrid", NS).get(w("type")) in ST_DOC_GRID
    # the 报尾 text box's anchor: its children in order, its required attributes
    for anchor in found["word/document.xml"].iter(WP + "anchor"):
        names = [c.tag.replace(WP, "") for c in anchor if c.tag.startswith(WP)]
        names = ["wrap" if n.startswith("wrap") else n for n in names]
        assert [ANCHOR_ORDER.index(n) for n in names] == sorted(ANCHOR_ORDER.index(n) for n in names), names
        assert all(anchor.get(a) is not None for a in ANCHOR_REQUIRED)
        assert anchor.find(f"{{{A_NS}}}graphic") is not None


def test_numbering_holds_only_lists_that_exist_and_are_used(rendered: Docx):
    numbering = rendered.xml("word/numbering.xml")
    check_sequence(numbering, NUMBERING_ORDER, "numbering.xml")
    abstract = {a.get(w("abstractNumId")) for a in numbering.findall("w:abstractNum", NS)}
    used = {n.get(w("val")) for root in parts(rendered).values() for n in root.iter(w("numId"))}
    styles = {s.get(w("styleId")) for s in rendered.styles.iter(w("style"))}
    for num in numbering.findall("w:num", NS):
        assert num.find("w:abstractNumId", NS).get(w("val")) in abstract
        assert num.get(w("numId")) in used, f"list {num.get(w('numId'))} is used by no paragraph or style"
    for ref in numbering.iter(w("pStyle")):
        assert ref.get(w("val")) in styles, f"numbering.xml names the missing style {ref.get(w('val'))}"


def test_nothing_left_of_python_docx_default_template(rendered: Docx):
    from lxml import etree

    theme = etree.fromstring(rendered.parts["word/theme/theme1.xml"])
    scripts = {f.get("script"): f.get("typeface") for f in theme.iter(f"{{{A_NS}}}font")}
    assert "Jpan" not in scripts  # Japanese theme faces: WPS warns of missing fonts, Word may pick them
    app = rendered.parts["docProps/app.xml"].decode("utf-8")
    assert "Normal.dotm" not in app and "<Template" not in app


def mark_font(doc: Docx, run, slot: str) -> str | None:
    """The face of a run in one slot as Word resolves it: the run's own rFonts, then its character
    style (w:rStyle) and the styles it is based on, then the paragraph's (Docx.effective_run)."""
    own = run.find("w:rPr/w:rFonts", NS)
    if own is not None and own.get(w(slot)):
        return own.get(w(slot))
    rstyle = run.find("w:rPr/w:rStyle", NS)
    for style in doc.style_chain(rstyle.get(w("val")) if rstyle is not None else None):
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None and fonts.get(w(slot)):
            return fonts.get(w(slot))
    return doc.effective_run(run.getparent(), None, "rFonts", slot)


def test_the_toc_mark_has_a_face_that_has_it(rendered: Docx):
    """☞ is not in GB2312: its run names 宋体 (which has it) in every slot instead of leaving Word or WPS
    to borrow a face for 仿宋_GB2312."""
    marks = [p for p in rendered.paragraphs() if p.style == "JB TOC Item"]
    assert len(marks) == 5
    for p in marks:
        run = next(r for r in p.element.iter(w("r")) if "☞" in "".join(t.text or "" for t in r.iter(w("t"))))
        assert "".join(t.text for t in run.iter(w("t"))) == "☞"  # the mark alone: the title keeps the body face
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert mark_font(rendered, run, slot) == "宋体", slot


def test_the_toc_mark_follows_the_song_font_setting(workspace, render_example):
    import re

    text = workspace.settings_path.read_text("utf-8")
    text, count = re.subn(r"(\n  song_font:)[^\n#]*", r"\g<1> 华文宋体 ", text)
    assert count == 1
    workspace.settings_path.write_text(text, "utf-8")
    workspace.__dict__.pop("settings", None)
    doc = render_example()
    p = next(p for p in doc.paragraphs() if p.style == "JB TOC Item")
    run = next(r for r in p.element.iter(w("r")) if "☞" in "".join(t.text or "" for t in r.iter(w("t"))))
    assert mark_font(doc, run, "eastAsia") == "华文宋体"
