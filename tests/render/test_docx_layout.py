"""The rendered example issue, read back from the .docx: text, order, page, grid, fonts, rules, footers."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.conftest import SEED_TEXT
from tests.render.conftest import NS, W, Docx, paragraph_text, w

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\U00020000-\U0003ffff]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_seed_paragraph_in_order_and_nothing_else(rendered: Docx):
    # The seed is the text of the printed issue; its line breaks fall where the PDF's pages did, so
    # compare character streams without whitespace: equal means same words, same order, nothing added.
    body = "".join(p.text for p in rendered.paragraphs())
    assert squash(body) == squash(SEED_TEXT.read_text("utf-8"))


def test_paragraphs_follow_the_manifest_with_the_contract_styles(rendered: Docx, workspace):
    issue = workspace.load_issue("2008-06").issue
    expected = [
        ("JB Masthead", issue.series),
        ("JB Issue Line", "2008 第 6 期"),
        ("JB Unit Date", "成都市经济信息中心\t2008 年 10 月 28 日"),
        ("JB TOC Heading", "本期导读"),
    ]
    for section in issue.sections:
        expected.append(("JB TOC Section", section.title))
        expected += [("JB TOC Item", f"☞ {a.title}") for a in section.articles]
    for _, article in issue.articles():
        expected.append(("JB Article Title", article.title))
        expected += [("JB Body", text) for text in article.paragraphs]
    expected += [
        ("JB Distribution", "送：市政府秘书长 市信息办主任、副主任 市政府办公厅信息处、政务公开处 "
                            "市委外宣办网络综合处、市委宣传部新闻出版处 市信息办综合处、推进处"),
        ("JB Distribution", "发：市政府各部门 区（市）县信息办"),
        ("JB Contact", issue.contact),
    ]
    got = [(p.style, p.text) for p in rendered.paragraphs() if p.text]
    assert got == expected
    # no stray empty paragraphs left behind by the template's {%p %} tags: the empty paragraphs are
    # the anchor of the 报尾 text box and the three rules of the 报尾 (above 送, between, under 发)
    assert [p.style for p in rendered.paragraphs() if not p.text] == ["JB Tail Anchor"] + ["JB Tail Rule"] * 3


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def test_tail_block_sits_at_the_foot_of_the_last_page(rendered: Docx):
    body = rendered.document.find(w("body"))
    last = [el for el in body if el.tag == w("p")][-1]
    anchors = list(last.iter(WP + "anchor"))
    assert len(anchors) == 1  # in the last paragraph of the body: on the last page
    anchor = anchors[0]
    position = anchor.find(WP + "positionV")
    assert position.get("relativeFrom") == "margin" and position.findtext(WP + "align") == "bottom"
    assert anchor.find(WP + "wrapTopAndBottom") is not None  # text never runs under it
    styles = [p.style for p in rendered.paragraphs() if p.element in set(anchor.iter(w("p")))]
    assert styles == ["JB Tail Rule", "JB Distribution", "JB Tail Rule", "JB Distribution", "JB Tail Rule",
                      "JB Contact"]
    # the last paragraph keeps with the anchor: when the 报尾 does not fit under it, its last lines go
    # to the next page with the 报尾 (the PDF sweep in test_layout_pdf.py shows it)
    body_paragraphs = [el for el in body if el.tag == w("p")]
    assert body_paragraphs[-2].find("w:pPr/w:keepNext", NS) is not None
    assert body_paragraphs[-3].find("w:pPr/w:keepNext", NS) is None
    # sized to its lines (2 + 1 + 2 at 579 twips), so even a reader that does not autofit shows it all
    cy = int(anchor.find(WP + "extent").get("cy"))
    assert 4 * 579 * 635 < cy < 7 * 579 * 635


def test_page_is_a4_with_gbt9704_margins(rendered: Docx):
    sect = rendered.document.find("w:body/w:sectPr", NS)
    size, margin = sect.find(w("pgSz")), sect.find(w("pgMar"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert [margin.get(w(k)) for k in ("top", "bottom", "left", "right")] == ["2098", "1984", "1588", "1474"]
    assert size.get(w("orient")) in (None, "portrait")


def test_grid_gives_22_lines_of_28_characters(rendered: Docx):
    sect = rendered.document.find("w:body/w:sectPr", NS)
    grid = sect.find(w("docGrid"))
    # type="lines": LibreOffice misreads Word's linesAndChars character pitch
    assert grid.get(w("type")) == "lines"
    pitch = int(grid.get(w("linePitch")))
    type_height = 16838 - 2098 - 1984
    assert type_height // pitch == 22
    type_width = 11906 - 1588 - 1474
    body = next(p for p in rendered.paragraphs() if p.style == "JB Body")
    r = body.element.find(w("r"))
    size = int(rendered.effective_run(body.element, r, "sz"))
    spacing = int(rendered.effective_run(body.element, r, "spacing") or 0)
    assert size == 32  # 三号 16 pt
    advance = size * 10 + spacing  # twips per character: half-points × 10 + spacing in twentieths
    assert advance * 28 <= type_width < advance * 29
    line = rendered.effective_ppr(body.element, "spacing")
    assert (line.get(w("line")), line.get(w("lineRule"))) == (str(pitch), "exact")
    ind = rendered.effective_ppr(body.element, "ind")
    assert ind.get(w("firstLineChars")) == "200"


def test_masthead_is_red_and_larger_than_body(rendered: Docx):
    mast = next(p for p in rendered.paragraphs() if p.style == "JB Masthead")
    body = next(p for p in rendered.paragraphs() if p.style == "JB Body")
    r = mast.element.find(w("r"))
    assert rendered.effective_run(mast.element, r, "color").upper() == "FF0000"
    mast_size = int(rendered.effective_run(mast.element, r, "sz"))
    assert mast_size == 84  # 初号, the default setting
    assert mast_size > int(rendered.effective_run(body.element, body.element.find(w("r")), "sz"))
    assert rendered.effective_ppr(mast.element, "jc").get(w("val")) == "center"
    assert rendered.effective_run(mast.element, r, "rFonts", "eastAsia") == "方正小标宋简体"


def test_east_asian_font_wherever_there_is_chinese_text(rendered: Docx):
    checked = 0
    for part in ["word/document.xml", "word/footer1.xml", "word/footer2.xml"]:
        root = rendered.xml(part) if part in rendered.parts else None
        if root is None:
            continue
        for p in root.iter(w("p")):
            for r in p.iter(w("r")):
                text = "".join(t.text or "" for t in r.iter(w("t")))
                if not CJK.search(text):
                    continue
                font = rendered.effective_run(p, r, "rFonts", "eastAsia")
                assert font, f"no East Asian font for {text[:20]!r}"
                assert rendered.effective_run(p, r, "lang", "eastAsia") == "zh-CN"
                checked += 1
    assert checked > 30
    # theme fonts would override the named faces (and send Chinese to a Japanese fallback)
    for name, data in rendered.parts.items():
        if name.endswith(".xml"):
            assert b"Theme=" not in data.replace(b"themeFontLang", b""), name
    for style in rendered.styles.iter(w("style")):
        fonts = style.find("w:rPr/w:rFonts", NS)
        if style.get(w("type")) == "paragraph" and style.find(w("name")).get(w("val")).startswith("JB"):
            assert fonts is not None and fonts.get(w("eastAsia")), style.get(w("styleId"))


def test_red_rule_under_the_unit_and_date(rendered: Docx):
    unit = next(p for p in rendered.paragraphs() if p.style == "JB Unit Date")
    bottom = rendered.effective_ppr(unit.element, "pBdr").find(w("bottom"))
    assert bottom.get(w("val")) == "single"
    assert bottom.get(w("color")).upper() == "FF0000"
    assert 12 <= int(bottom.get(w("sz"))) <= 18  # 1.5–2.25 pt
    tab = rendered.effective_ppr(unit.element, "tabs").find(w("tab"))
    assert (tab.get(w("val")), tab.get(w("pos"))) == ("right", str(11906 - 1588 - 1474))


def rule_sizes(doc: Docx) -> list:
    """The 报尾 in order: ("rule", border size) for each rule paragraph, the key for each line."""
    out = []
    for p in doc.paragraphs():
        if p.style == "JB Tail Rule":
            sides = p.element.find("w:pPr/w:pBdr", NS)
            assert [side.tag.replace(W, "") for side in sides] == ["bottom"]
            out.append(("rule", sides[0].get(w("sz"))))
        elif p.style in ("JB Distribution", "JB Copies"):
            assert p.element.find("w:pPr/w:pBdr", NS) is None  # the rules are paragraphs of their own
            out.append(p.text.split("：")[0] if "：" in p.text else p.style)
    return out


def test_distribution_lines_as_printed_between_rules(rendered: Docx):
    # 0.35 mm outside, 0.25 mm between
    assert rule_sizes(rendered) == [("rule", "8"), "送", ("rule", "6"), "发", ("rule", "8")]
    # the rules have no side indent (they span the text box, as wide as the type area) ...
    for p in rendered.paragraphs():
        if p.style == "JB Tail Rule":
            ind = rendered.effective_ppr(p.element, "ind")
            assert {ind.get(w(side)) for side in ("left", "right", "firstLine")} == {"0"}
    box = next(rendered.document.iter(WP + "anchor"))
    assert int(box.find(WP + "extent").get("cx")) == 8844 * 635
    # ... the lines are one character in from each side: 4号 仿宋, wrapped lines hang after "送："
    block = [p for p in rendered.paragraphs() if p.style == "JB Distribution"]
    p = block[0].element
    assert rendered.effective_run(p, p.find(w("r")), "sz") == "28"
    ind = rendered.effective_ppr(p, "ind")
    assert int(ind.get(w("leftChars"))) - int(ind.get(w("hangingChars"))) == 100
    assert ind.get(w("rightChars")) == "100"


def test_page_numbers_odd_right_even_left(rendered: Docx):
    settings = rendered.xml("word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    rels = rendered.parts["word/_rels/document.xml.rels"].decode()
    sect = rendered.document.find("w:body/w:sectPr", NS)
    refs = {ref.get(w("type")): ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for ref in sect.findall(w("footerReference"))}
    assert set(refs) >= {"default", "even"}
    jc = {}
    for kind, rid in refs.items():
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        footer = rendered.xml("word/" + target.group(1))
        instr = "".join(t.text or "" for t in footer.iter(w("instrText")))
        simple = [f.get(w("instr")) for f in footer.iter(w("fldSimple"))]
        assert "PAGE" in instr or any("PAGE" in s for s in simple), kind
        p = footer.find(w("p"))
        text = paragraph_text(p)
        assert text.startswith("— ") and text.endswith(" —")
        jc[kind] = rendered.effective_ppr(p, "jc").get(w("val"))
    assert jc == {"default": "right", "even": "left"}


def test_no_xml_declared_languages_other_than_zh_cn_for_east_asian(rendered: Docx):
    defaults = rendered.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert defaults.get(w("eastAsia")) == "zh-CN"
    settings = rendered.xml("word/settings.xml")
    lang = settings.find(w("themeFontLang"))
    assert lang is None or lang.get(w("eastAsia")) == "zh-CN"


def test_issue_line_forms_classification_copies_and_cc(workspace, render_example):
    from tests.render.conftest import write_issue

    issue = workspace.load_issue("2008-06").issue.model_copy(
        update={"number": 1, "supplement": True, "total_number": 13, "classification": "内部资料",
                "copies": 120})
    issue.distribution = issue.distribution.model_copy(update={"copy_to": ["市委办公厅", "市人大办公厅。"],
                                                               "to_superiors": ["省政府办公厅"]})
    write_issue(workspace, issue)
    doc = render_example("2008-Z01")
    texts = [(p.style, p.text) for p in doc.paragraphs()]
    assert texts[0] == ("JB Classification", "内部资料")
    assert ("JB Issue Line", "2008 增刊第 1 期（总第 13 期）") in texts
    block = [(s, t) for s, t in texts if s in ("JB Distribution", "JB Copies")]
    assert [t.split("：")[0] for _, t in block[:-1]] == ["报", "送", "发", "抄送"]
    assert block[-1] == ("JB Copies", "（共印 120 份）")
    # GB/T 9704 7.4.2: 抄送 names separated by `，`, ending in `。` (one, though the last name brought its own)
    assert block[3][1] == "抄送：市委办公厅，市人大办公厅。"
    assert block[1][1].startswith("送：市政府秘书长 市信息办主任、副主任 ")  # 送/发 as the seed prints them
    assert rule_sizes(doc) == [("rule", "8"), "报", ("rule", "6"), "送", ("rule", "6"), "发", ("rule", "6"), "抄送",
                               ("rule", "6"), "JB Copies", ("rule", "8")]
    paras = [p for p in doc.paragraphs() if p.style in ("JB Distribution", "JB Copies")]
    # 抄送： is three characters: its wrapped lines hang three characters
    ind = paras[3].element.find("w:pPr/w:ind", NS)
    assert (ind.get(w("leftChars")), ind.get(w("hangingChars"))) == ("400", "300")
    test_property_elements_in_schema_order(doc)  # the indent render added is in schema order too


def test_section_headings_in_body_is_a_setting(workspace, render_example):
    settings = workspace.settings_path.read_text("utf-8").replace(
        "section_headings_in_body: false", "section_headings_in_body: true")
    workspace.settings_path.write_text(settings, "utf-8")
    workspace.__dict__.pop("settings", None)
    doc = render_example()
    assert doc.texts("JB Section Heading") == ["市政府门户网站动态", "政府网站群动态"]
    styles = [p.style for p in doc.paragraphs()]
    assert styles.index("JB Section Heading") < styles.index("JB Article Title")


def test_off_by_default_as_in_the_seed(rendered: Docx):
    assert rendered.texts("JB Section Heading") == []


def test_output_is_nfc_untouched(rendered: Docx, workspace):
    # no normalisation or escaping artefacts: full-width punctuation and quotes as in the manifest
    issue = workspace.load_issue("2008-06").issue
    bodies = rendered.texts("JB Body")
    assert bodies[0] == issue.sections[0].articles[0].paragraphs[0]
    assert "“" in bodies[0] and unicodedata.is_normalized("NFC", bodies[0])


@pytest.mark.parametrize("setting, value, check", [
    ("body_font", "仿宋", lambda d: d.style("JB Body").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋"),
    ("red", "FF3333", lambda d: d.style("JB Masthead").find("w:rPr/w:color", NS).get(w("val")) == "FF3333"),
    ("masthead_size_pt", "36", lambda d: d.style("JB Masthead").find("w:rPr/w:sz", NS).get(w("val")) == "72"),
])
def test_layout_settings_reach_the_document(workspace, render_example, setting, value, check):
    text = workspace.settings_path.read_text("utf-8")
    text = re.sub(rf"(\n  {setting}:)[^\n#]*", rf"\g<1> {value} ", text)
    workspace.settings_path.write_text(text, "utf-8")
    workspace.__dict__.pop("settings", None)
    assert str(getattr(workspace.settings.layout, setting)).upper().rstrip("0").rstrip(".") == value.upper()
    assert check(render_example())


def test_no_tail_at_all_leaves_no_empty_text_box(workspace, render_example):
    from jianbao_cli.model.manifest import Distribution
    from tests.render.conftest import write_issue

    issue = workspace.load_issue("2008-06").issue.model_copy(
        update={"number": 7, "contact": None, "copies": None, "distribution": Distribution()})
    write_issue(workspace, issue)
    doc = render_example("2008-07")
    assert list(doc.document.iter(WP + "anchor")) == []
    assert list(doc.document.iter(w("txbxContent"))) == []
    assert doc.texts("JB Body")[-1] == issue.sections[-1].articles[-1].paragraphs[-1]


# Schema order (ECMA-376 CT_PPrBase / CT_RPr): Word refuses files whose children are out of order.
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
             "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
             "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
             "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
             "vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()
PBDR_ORDER = "top left bottom right between bar".split()


def test_property_elements_in_schema_order(rendered: Docx):
    checked = 0
    for name, data in rendered.parts.items():
        if not (name.startswith("word/") and name.endswith(".xml")):
            continue
        root = rendered.xml(name)
        for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("pBdr", PBDR_ORDER)):
            for element in root.iter(w(tag)):
                names = [child.tag.replace(W, "") for child in element if child.tag.startswith(W)]
                positions = [order.index(n) for n in names]
                assert positions == sorted(positions), f"{name}: {tag} children out of order: {names}"
                checked += 1
    assert checked > 100
