#!/usr/bin/env python3
"""Build `templates/briefing.docx`, the docxtpl template of the bulletin (简报) layout.

Run from the repository root:  .venv/bin/python scripts/build_template.py

Every number below comes from ../shared/layout.md (GB/T 9704-2012 page and type, the 简报
masthead/报尾 conventions). The result is an ordinary .docx: office staff may open it in Word
or WPS, restyle the "JB …" styles, add a paragraph of their own, and `jianbao render` keeps it.

Why the file is built from code: the styles, borders, footers and Jinja tags are then all
written out here, reviewable in a diff, instead of hidden in a binary someone once saved.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jianbao_cli.settings import LayoutSettings  # noqa: E402

OUT = REPO / "templates" / "briefing.docx"

# --- page (twips) ---------------------------------------------------------------------------
PAGE_W, PAGE_H = 11906, 16838  # A4
MARGIN_T, MARGIN_B, MARGIN_L, MARGIN_R = 2098, 1984, 1588, 1474
TYPE_W = PAGE_W - MARGIN_L - MARGIN_R  # 8844 twips = 156 mm
LINE_PITCH = 579  # 225 mm / 22 lines
FOOTER_DIST = 1247  # 22 mm: the page number sits about 7 mm under the type area
HEADER_DIST = 851

# --- sizes (half-points) --------------------------------------------------------------------
SZ_3HAO = 32  # 三号 16 pt: body
SZ_2HAO = 44  # 二号 22 pt: article titles
SZ_4HAO = 28  # 四号 14 pt: 报尾, page numbers
CHAR_3HAO = 320  # one character of 三号 in twips
CHAR_4HAO = 280

LAYOUT = LayoutSettings()  # the template carries the default settings; render swaps in the workspace's
W = nsdecls("w")


def rfonts(east_asia: str, latin: str | None = None) -> str:
    latin = latin or LAYOUT.latin_font
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


def rpr(east_asia: str, size: int, *, latin: str | None = None, bold=False, color="000000", spacing: int | None = None) -> str:
    parts = [rfonts(east_asia, latin)]
    if bold:
        parts += ["<w:b/>", "<w:bCs/>"]
    parts.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')  # twentieths of a point
    parts += [f'<w:sz w:val="{size}"/>', f'<w:szCs w:val="{size}"/>', '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>']
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def exact(before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{LINE_PITCH}" w:lineRule="exact"/>'


def style(style_id: str, name: str, ppr: str, rpr_xml: str, *, based_on: str | None = "Normal", next_id: str | None = None,
          kind: str = "paragraph", default: bool = False) -> str:
    head = f'<w:style {W} w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "") + ">"
    head += f'<w:name w:val="{name}"/>'
    if based_on:
        head += f'<w:basedOn w:val="{based_on}"/>'
    if next_id:
        head += f'<w:next w:val="{next_id}"/>'
    head += "<w:qFormat/>"
    return head + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + rpr_xml + "</w:style>"


def jb_styles() -> list[str]:
    L = LAYOUT
    red = L.red.upper()
    body_ind = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * CHAR_3HAO}"/>'
    # 报尾 lines: one character in from each side, wrapped lines aligned after "送："; render
    # adjusts the hanging indent for two-character keys (抄送：) and puts the rules between the
    # lines as paragraphs of their own (JB Tail Rule, no side indent: the rules span the type area).
    dist_ind = (f'<w:ind w:leftChars="300" w:left="{3 * CHAR_4HAO}" w:rightChars="100" w:right="{CHAR_4HAO}" '
                f'w:hangingChars="200" w:hanging="{2 * CHAR_4HAO}"/>')
    side_ind = f'<w:ind w:leftChars="100" w:left="{CHAR_4HAO}" w:rightChars="100" w:right="{CHAR_4HAO}"/>'
    return [
        # No widow/orphan control: a full page holds 22 lines, as on the grid (LibreOffice would
        # otherwise carry a line over and leave 21).
        style("Normal", "Normal", '<w:widowControl w:val="0"/><w:snapToGrid w:val="1"/>' + exact() + '<w:jc w:val="both"/>',
              rpr(L.body_font, SZ_3HAO), based_on=None, default=True),
        style("JBClassification", "JB Classification", exact() + '<w:jc w:val="left"/>', rpr(L.hei_font, SZ_3HAO),
              next_id="JBMasthead"),
        # The masthead is far taller than a grid line: leave the grid and size the line to the type.
        style("JBMasthead", "JB Masthead",
              '<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="240" w:after="0" w:line="240" w:lineRule="auto"/>'
              '<w:jc w:val="center"/>',
              rpr(L.title_font, int(L.masthead_size_pt * 2), latin=L.title_font, color=red), next_id="JBIssueLine"),
        # One blank grid line under the masthead.
        style("JBIssueLine", "JB Issue Line", '<w:keepNext/>' + exact(before=LINE_PITCH) + '<w:jc w:val="center"/>',
              rpr(L.kai_font, SZ_3HAO), next_id="JBUnitDate"),
        # Unit flush left, date flush right on a tab at the type-area edge; the red rule is this
        # paragraph's bottom border (renders the same in Word, WPS and LibreOffice), ~4 mm below.
        style("JBUnitDate", "JB Unit Date",
              '<w:keepNext/>'
              f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="{red}"/></w:pBdr>'
              f'<w:tabs><w:tab w:val="right" w:pos="{TYPE_W}"/></w:tabs>'
              + exact(after=LINE_PITCH) + '<w:jc w:val="left"/>',
              rpr(L.body_font, SZ_3HAO), next_id="JBTOCHeading"),
        style("JBTOCHeading", "JB TOC Heading", '<w:keepNext/>' + exact() + '<w:jc w:val="center"/>',
              rpr(L.hei_font, SZ_3HAO), next_id="JBTOCSection"),
        style("JBTOCSection", "JB TOC Section", '<w:keepNext/>' + exact() + body_ind + '<w:jc w:val="left"/>',
              rpr(L.kai_font, SZ_3HAO), next_id="JBTOCItem"),
        style("JBTOCItem", "JB TOC Item", exact() + body_ind + '<w:jc w:val="left"/>',
              rpr(L.body_font, SZ_3HAO), next_id="JBTOCItem"),
        style("JBSectionHeading", "JB Section Heading", '<w:keepNext/>' + exact(before=LINE_PITCH) + body_ind
              + '<w:jc w:val="left"/><w:outlineLvl w:val="0"/>', rpr(L.hei_font, SZ_3HAO), next_id="JBArticleTitle"),
        # Off the grid, at an exact line of one grid pitch: 22 pt type is taller than a grid line, and
        # LibreOffice would give every title line two grid rows; this way each title line is one
        # line high in Word and in LibreOffice, and the body after it stays on the grid.
        style("JBArticleTitle", "JB Article Title", '<w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/>'
              + exact(before=LINE_PITCH, after=LINE_PITCH)
              + '<w:jc w:val="center"/><w:outlineLvl w:val="1"/>',
              rpr(L.title_font, SZ_2HAO, latin=L.title_font), next_id="JBBody"),
        # −0.25 pt per character: 28 characters of 三号 fit the 156 mm line in Word and in LibreOffice.
        style("JBBody", "JB Body", exact() + body_ind + '<w:jc w:val="both"/>',
              rpr(L.body_font, SZ_3HAO, spacing=-5), next_id="JBBody"),
        # 编者按: the note in 楷体 3号, its label "编者按：" in 黑体 (a character style, restyled in Word like any other).
        style("JBNote", "JB Note", exact() + body_ind + '<w:jc w:val="both"/>', rpr(L.kai_font, SZ_3HAO, spacing=-5),
              next_id="JBBody"),
        style("JBNoteLabel", "JB Note Label", "", rpr(L.hei_font, SZ_3HAO, spacing=-5), based_on=None, kind="character"),
        # Sub-headings, GB/T 9704 7.3.3: 一、黑体, （一）楷体, 1. 仿宋 bold, （1）仿宋; all 3号, indented like the body.
        style("JBHeading1", "JB Heading 1", '<w:keepNext/>' + exact() + body_ind + '<w:jc w:val="both"/><w:outlineLvl w:val="2"/>',
              rpr(L.hei_font, SZ_3HAO, spacing=-5), next_id="JBBody"),
        style("JBHeading2", "JB Heading 2", '<w:keepNext/>' + exact() + body_ind + '<w:jc w:val="both"/><w:outlineLvl w:val="3"/>',
              rpr(L.kai_font, SZ_3HAO, spacing=-5), next_id="JBBody"),
        style("JBHeading3", "JB Heading 3", '<w:keepNext/>' + exact() + body_ind + '<w:jc w:val="both"/><w:outlineLvl w:val="4"/>',
              rpr(L.body_font, SZ_3HAO, bold=True, spacing=-5), next_id="JBBody"),
        style("JBHeading4", "JB Heading 4", '<w:keepNext/>' + exact() + body_ind + '<w:jc w:val="both"/><w:outlineLvl w:val="5"/>',
              rpr(L.body_font, SZ_3HAO, spacing=-5), next_id="JBBody"),
        # A photo: centred, off the grid with automatic line height (an exact line would clip it),
        # kept on the page of its caption.
        style("JBFigure", "JB Figure",
              '<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="60" w:line="240" w:lineRule="auto"/>'
              '<w:ind w:firstLine="0"/><w:jc w:val="center"/>',
              rpr(L.body_font, SZ_3HAO), next_id="JBCaption"),
        style("JBCaption", "JB Caption", '<w:keepLines/>' + exact() + '<w:ind w:firstLine="0"/><w:jc w:val="center"/>',
              rpr(L.kai_font, SZ_4HAO), next_id="JBBody"),
        # The source, （市信息办供稿）, after the last paragraph at the right.
        style("JBSource", "JB Source", exact() + '<w:ind w:firstLine="0"/><w:jc w:val="right"/>',
              rpr(L.body_font, SZ_3HAO, spacing=-5), next_id="JBArticleTitle"),
        style("JBDistribution", "JB Distribution", "<w:keepNext/><w:keepLines/>" + exact() + dist_ind + '<w:jc w:val="left"/>',
              rpr(L.body_font, SZ_4HAO), next_id="JBDistribution"),
        # A 报尾 rule: an empty paragraph one point high with a bottom border, as wide as the text box
        # (the type area). render inserts one above the first line and one under each line.
        style("JBTailRule", "JB Tail Rule",
              '<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
              '<w:ind w:left="0" w:right="0" w:firstLine="0"/>', rpr(L.body_font, 2)),
        # ☞ is not in GB2312: the mark is set in 宋体, which has it, rather than in whatever face
        # Word or WPS would borrow for 仿宋_GB2312.
        style("JBTOCMark", "JB TOC Mark", "", rpr(L.song_font, SZ_3HAO, latin=L.song_font), based_on=None,
              kind="character"),
        # The empty paragraph that holds the 报尾 text box: as little height as Word allows.
        style("JBTailAnchor", "JB Tail Anchor",
              '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
              rpr(L.body_font, 2)),
        style("JBCopies", "JB Copies", "<w:keepNext/><w:keepLines/>" + exact() + side_ind + '<w:jc w:val="right"/>', rpr(L.body_font, SZ_4HAO),
              next_id="JBContact"),
        style("JBContact", "JB Contact", exact() + side_ind + '<w:jc w:val="left"/>', rpr(L.body_font, SZ_4HAO)),
        # 4号 半角宋体 digits, — N —, one character in from the outer edge (odd right, even left).
        style("JBPageNumber", "JB Page Number",
              '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
              f'<w:ind w:right="{CHAR_4HAO}"/><w:jc w:val="right"/>',
              rpr(L.song_font, SZ_4HAO, latin=L.song_font)),
        style("JBPageNumberEven", "JB Page Number Even",
              f'<w:ind w:left="{CHAR_4HAO}" w:right="0"/><w:jc w:val="left"/>',
              rpr(L.song_font, SZ_4HAO, latin=L.song_font), based_on="JBPageNumber"),
        style("DefaultParagraphFont", "Default Paragraph Font", "", "", based_on=None, kind="character", default=True)
        .replace("<w:qFormat/>", "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"),
    ]


def build_styles(doc) -> None:
    styles = doc.styles.element
    for child in list(styles):
        styles.remove(child)
    L = LAYOUT
    styles.append(parse_xml(
        f"<w:docDefaults {W}><w:rPrDefault>{rpr(L.body_font, SZ_3HAO)}</w:rPrDefault>"
        f'<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>{exact()}</w:pPr></w:pPrDefault></w:docDefaults>'))
    styles.append(parse_xml(f'<w:latentStyles {W} w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
                            'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="276"/>'))
    for xml in jb_styles():
        styles.append(parse_xml(xml))
    # No theme fonts anywhere: they send Chinese text to a Japanese fallback face and make WPS
    # warn of missing fonts.
    for el in styles.iter(qn("w:rFonts")):
        for attr in list(el.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del el.attrib[attr]


def para(doc, style_name: str, *texts: str):
    """A paragraph of runs; "\t" in `texts` is a tab run. Runs carry w:hint so that
    ambiguous characters (“”、…) are set in the East Asian face."""
    p = doc.add_paragraph(style=style_name)
    for text in texts:
        r = p.add_run()
        r._r.insert(0, parse_xml(f'<w:rPr {W}><w:rFonts w:hint="eastAsia"/></w:rPr>'))
        if text == "\t":
            r._r.append(parse_xml(f"<w:tab {W}/>"))
        else:
            r.text = text
    return p


#: docPr name and id of the 报尾 text box; render finds it by name to size it.
TAIL_BOX_NAME, TAIL_BOX_ID = "报尾", 4096
EMU_PER_TWIP = 635


def tail_box_xml() -> str:
    # Tall enough for the template's own nine paragraphs; render sets cy from the content.
    cx, cy = TYPE_W * EMU_PER_TWIP, 10 * LINE_PITCH * EMU_PER_TWIP
    gap = LINE_PITCH * EMU_PER_TWIP  # at least one blank line between the last article and the 报尾
    ns = (f'{W} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')
    return (
        f'<w:r {ns}><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="{gap}" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{TAIL_BOX_ID}" name="{TAIL_BOX_NAME}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        '<wps:txbx><w:txbxContent></w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0">'
        '<a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></mc:Choice></mc:AlternateContent></w:r>'
    )


def footer_paragraph(footer, style_name: str) -> None:
    p = footer.paragraphs[0]
    p.style = style_name
    run_rpr = f'<w:rPr {W}><w:rFonts w:hint="eastAsia"/></w:rPr>'
    runs = [
        f'<w:r {W}>{run_rpr}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {W}><w:t>1</w:t></w:r>',
        f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r {W}>{run_rpr}<w:t xml:space="preserve"> —</w:t></w:r>',
    ]
    for xml in runs:
        p._p.append(parse_xml(xml))


def strip_default_template(doc) -> None:
    """What python-docx's sample document carries that no JB style uses: lists for its List Bullet /
    List Number styles (gone from styles.xml), Japanese faces in the theme, Normal.dotm as template."""
    from lxml import etree

    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/numbering"):
            rel.target_part._element = parse_xml(f"<w:numbering {W}/>")
        elif rel.reltype.endswith("/theme"):
            theme = etree.fromstring(rel.target_part.blob)
            for font in theme.xpath('//a:font[@script="Jpan"]',
                                    namespaces={"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}):
                font.getparent().remove(font)
            rel.target_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    for rel in doc.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            app = etree.fromstring(rel.target_part.blob)
            ns = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
            for el in app.xpath("ep:Template", namespaces=ns):
                app.remove(el)
            for el in app.xpath("ep:Application", namespaces=ns):
                el.text = "jianbao"
            rel.target_part._blob = etree.tostring(app, xml_declaration=True, encoding="UTF-8", standalone=True)


def build() -> Path:
    doc = Document()
    # Drop what python-docx's sample carries but a template should not (Word 2010 duplicates,
    # a thumbnail of an empty page, custom XML).
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml", "/webSettings")):
            doc.part.drop_rel(rid)
    for rid, rel in list(doc.part.package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            doc.part.package.rels.pop(rid)
    build_styles(doc)

    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    # --- 报头 ---------------------------------------------------------------------------------
    para(doc, "JB Classification", "{%p if classification %}")
    para(doc, "JB Classification", "{{ classification }}")
    para(doc, "JB Classification", "{%p endif %}")
    para(doc, "JB Masthead", "{{ series }}")
    para(doc, "JB Issue Line", "{{ issue_line }}")
    para(doc, "JB Unit Date", "{{ publisher }}", "\t", "{{ date_line }}")

    # --- 本期导读 -------------------------------------------------------------------------------
    para(doc, "JB TOC Heading", "{%p if has_articles %}")
    para(doc, "JB TOC Heading", "本期导读")
    para(doc, "JB TOC Section", "{%p for section in sections %}")
    para(doc, "JB TOC Section", "{%p if section.title %}")
    para(doc, "JB TOC Section", "{{ section.title }}")
    para(doc, "JB TOC Section", "{%p endif %}")
    para(doc, "JB TOC Item", "{%p for article in section.articles %}")
    item = para(doc, "JB TOC Item", "☞", " ", "{{ article.title }}")
    item.runs[0]._r.rPr.insert(0, parse_xml(f'<w:rStyle {W} w:val="JBTOCMark"/>'))
    para(doc, "JB TOC Item", "{%p endfor %}")
    para(doc, "JB TOC Item", "{%p endfor %}")
    para(doc, "JB TOC Item", "{%p endif %}")

    # --- 正文 -----------------------------------------------------------------------------------
    para(doc, "JB Body", "{%p for section in sections %}")
    para(doc, "JB Section Heading", "{%p if section_headings_in_body and section.title %}")
    para(doc, "JB Section Heading", "{{ section.title }}")
    para(doc, "JB Section Heading", "{%p endif %}")
    para(doc, "JB Article Title", "{%p for article in section.articles %}")
    para(doc, "JB Article Title", "{{ article.title }}")
    para(doc, "JB Note", "{%p if article.note %}")
    note = para(doc, "JB Note", "编者按：", "{{ article.note }}")
    note.runs[0]._r.rPr.insert(0, parse_xml(f'<w:rStyle {W} w:val="JBNoteLabel"/>'))
    para(doc, "JB Note", "{%p endif %}")
    # The article in reading order: paragraphs, sub-headings by level, figures with their captions.
    # (Templates made before this loop print `article.paragraphs`, the plain paragraphs only.)
    para(doc, "JB Body", "{%p for block in article.blocks %}")
    para(doc, "JB Heading 1", '{%p if block.kind == "heading" and block.level == 1 %}')
    para(doc, "JB Heading 1", "{{ block.text }}")
    para(doc, "JB Heading 2", '{%p elif block.kind == "heading" and block.level == 2 %}')
    para(doc, "JB Heading 2", "{{ block.text }}")
    para(doc, "JB Heading 3", '{%p elif block.kind == "heading" and block.level == 3 %}')
    para(doc, "JB Heading 3", "{{ block.text }}")
    para(doc, "JB Heading 4", '{%p elif block.kind == "heading" %}')
    para(doc, "JB Heading 4", "{{ block.text }}")
    para(doc, "JB Figure", '{%p elif block.kind == "figure" %}')
    para(doc, "JB Figure", "{{ block.image }}")
    para(doc, "JB Caption", "{%p if block.caption %}")
    para(doc, "JB Caption", "{{ block.caption }}")
    para(doc, "JB Caption", "{%p endif %}")
    para(doc, "JB Body", "{%p else %}")
    para(doc, "JB Body", "{{ block.text }}")
    para(doc, "JB Body", "{%p endif %}")
    para(doc, "JB Body", "{%p endfor %}")
    para(doc, "JB Source", "{%p if article.source %}")
    para(doc, "JB Source", "（", "{{ article.source }}", "）")
    para(doc, "JB Source", "{%p endif %}")
    para(doc, "JB Body", "{%p endfor %}")
    para(doc, "JB Body", "{%p endfor %}")

    # --- 报尾 -----------------------------------------------------------------------------------
    # The 报尾 sits at the foot of the last page: its paragraphs live in a text box anchored to the
    # bottom of the type area, in an empty paragraph after the last article. (Paragraph frames,
    # w:framePr, would be simpler, but LibreOffice neither places them nor keeps their rules.)
    first_tail = len(body.findall(qn("w:p")))
    para(doc, "JB Distribution", "{%p for line in distribution %}")
    para(doc, "JB Distribution", "{{ line.key }}", "：", "{{ line.text }}")
    para(doc, "JB Distribution", "{%p endfor %}")
    para(doc, "JB Copies", "{%p if copies %}")
    p = para(doc, "JB Copies", "（共印 ", "{{ copies }}", " 份）")
    para(doc, "JB Copies", "{%p endif %}")
    para(doc, "JB Contact", "{%p if contact %}")
    p = para(doc, "JB Contact", "{{ contact }}")
    para(doc, "JB Contact", "{%p endif %}")
    tail = body.findall(qn("w:p"))[first_tail:]
    anchor = doc.add_paragraph(style="JB Tail Anchor")._p
    box = parse_xml(tail_box_xml())
    content = box.find(".//" + qn("w:txbxContent"))
    for el in tail:
        content.append(el)  # moves it out of the body
    anchor.append(box)

    # --- page -----------------------------------------------------------------------------------
    sect = body.find(qn("w:sectPr"))
    for child in list(sect):
        sect.remove(child)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    footer_paragraph(section.footer, "JB Page Number")
    footer_paragraph(section.even_page_footer, "JB Page Number Even")
    for child in [
        f'<w:pgSz {W} w:w="{PAGE_W}" w:h="{PAGE_H}"/>',
        f'<w:pgMar {W} w:top="{MARGIN_T}" w:right="{MARGIN_R}" w:bottom="{MARGIN_B}" w:left="{MARGIN_L}" '
        f'w:header="{HEADER_DIST}" w:footer="{FOOTER_DIST}" w:gutter="0"/>',
        f'<w:cols {W} w:space="425"/>',
        # "lines", not "linesAndChars": LibreOffice halves Word's character pitch; the 28
        # characters come from the body style's −0.25 pt spacing instead.
        f'<w:docGrid {W} w:type="lines" w:linePitch="{LINE_PITCH}"/>',
    ]:
        sect.append(parse_xml(child))

    # Name the official faces in the font table with a GB2312 charset and a common alternative,
    # so Word and WPS substitute sensibly where the exact face is not installed.
    font_table = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    table = parse_xml(font_table.blob)
    for name, alt, family, pitch in [
        (LAYOUT.title_font, "宋体", "script", "variable"),
        (LAYOUT.body_font, "仿宋", "modern", "fixed"),
        (LAYOUT.kai_font, "楷体", "modern", "fixed"),
        (LAYOUT.hei_font, "SimHei", "modern", "fixed"),
        (LAYOUT.song_font, "SimSun", "auto", "variable"),
    ]:
        table.append(parse_xml(f'<w:font {W} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                               f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'))
    from lxml import etree

    font_table._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)

    settings = doc.settings.element
    for el in settings.iter(qn("w:themeFontLang")):
        el.set(qn("w:eastAsia"), "zh-CN")
    for el in list(settings.iter(qn("w:rsids"))):
        settings.remove(el)
    for el in settings.iter(qn("w:zoom")):
        el.set(qn("w:percent"), "100")  # required by the schema, even beside w:val="bestFit"
    strip_default_template(doc)

    props = doc.core_properties
    props.title = "简报模板（jianbao）"
    props.author = "jianbao"
    props.last_modified_by = "jianbao"
    props.comments = "由 scripts/build_template.py 生成；可在 Word 中修改 JB 样式，变量见 docs/render.md。"
    props.language = "zh-CN"
    props.revision = 1
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)  # a fixed date: rebuilding gives the same file
    props.created = fixed
    props.modified = fixed

    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())
