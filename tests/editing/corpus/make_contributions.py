"""Build a corpus of contributors' files, as departments send them, with python-docx, Pillow and LibreOffice.

    python tests/editing/corpus/make_contributions.py OUT_DIR

Every file carries the same kind of article (see ARTICLE) in a different form, with the debris real
contributions have: a title in the Title style or centred and bold without one, manual line breaks,
full-width-space and tab indents, empty paragraphs, soft hyphens and zero-width spaces, a page break,
tracked changes, a comment, a footnote, a header, photos inline and anchored with captions, sub-headings
numbered by Word's list numbering, a table;
the same article as .doc, .wps (a .doc under WPS's extension: no WPS runs here) and .rtf through
LibreOffice; a GB18030 .txt; a Markdown file; an empty, a corrupt, a password-protected and a 40 MB .docx.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TITLE = "新都区启用运政信息系统"
NOTE = "本文介绍了新都区推进交通运政信息化的做法，供各地参考。"
P1_LINES = ("2008年10月20日，新都区交通局运政信息系统正式启用。", "该系统覆盖客运、货运、驾培等业务。")
P1 = "".join(P1_LINES)
H1 = "一、总体情况"
P2 = "系统建设历时半年，投入资金120万元，实现了业务网上办理。"
H2 = "（一）主要做法"
P3 = "一是统一标准，二是分步实施，三是强化培训。"
LEAD = "工作成效"
P4 = "系统启用后，办事时间平均缩短一半，群众满意度明显提高。"
SOURCE = "新都区信息办供稿"
CAPTION_1 = "图1 运政信息系统启用仪式现场"
CAPTION_2 = "工作人员现场演示系统"  # no `图`: a caption by its Caption style alone
PASSWORD = "jianbao"

#: What the structured article should come out as (figures aside).
ARTICLE = {
    "title": TITLE,
    "note": NOTE,
    "paragraphs": [P1, {"heading": H1}, P2, {"heading": H2}, P3, {"heading": LEAD}, P4],
    "source": SOURCE,
}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def photo(kind: str, size: tuple[int, int], seed: int = 0) -> bytes:
    """A small photo-like picture (gradient and a few shapes), JPEG, PNG or GIF."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size)
    pixels = image.load()
    for x in range(width):
        for y in range(0, height, 1):
            pixels[x, y] = ((x * 255 // width + seed * 40) % 256, y * 255 // height, (seed * 90) % 256)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(250, 250, 240))
    buffer = io.BytesIO()
    image.save(buffer, {"jpeg": "JPEG", "png": "PNG", "gif": "GIF"}[kind], **({"quality": 85} if kind == "jpeg" else {}))
    return buffer.getvalue()


def noise_jpeg(size: tuple[int, int], seed: int) -> bytes:
    """A JPEG that does not compress (noise): big files made quickly."""
    import random

    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


# --- python-docx helpers -----------------------------------------------------------------------


def _document():
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    for name in ("Normal", "Title", "Caption"):
        fonts = document.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "FangSong")
    return document


def _title_styled(document, text: str = TITLE):
    return document.add_paragraph(text, style="Title")


def _title_centred_bold(document, text: str = TITLE):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(18)
    return paragraph


def _body(document, text: str, indent: str = "\u3000\u3000"):
    return document.add_paragraph(indent + text)


def _with_line_break(document):
    paragraph = document.add_paragraph("\u3000\u3000" + P1_LINES[0])
    run = paragraph.add_run()
    run.add_break()  # a manual line break (w:br) inside the paragraph
    paragraph.add_run(P1_LINES[1])
    return paragraph


def _page_break(document):
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _bold_lead(document, text: str = LEAD):
    document.add_paragraph().add_run(text).bold = True


def _source_line(document, text: str = f"（{SOURCE}）"):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _structured_body(document):
    """Note, body, sub-headings, source — with the typical debris."""
    document.add_paragraph("编者按：" + NOTE)
    document.add_paragraph("")
    _with_line_break(document)
    document.add_paragraph("")
    document.add_paragraph(H1)
    # a soft hyphen and a zero-width space typed in by accident; a tab as the indent
    _body(document, P2[:6] + "\u00ad" + P2[6:12] + "\u200b" + P2[12:], indent="\t")
    document.add_paragraph("\u3000\u3000" + H2)
    _body(document, P3)
    _page_break(document)
    _bold_lead(document)
    _body(document, P4)
    document.add_paragraph("")
    _source_line(document)


def _xml(text: str):
    from docx.oxml import parse_xml

    return parse_xml(text)


def _tracked(paragraph, inserted: str, deleted: str) -> None:
    """A tracked insertion and a tracked deletion at the end of the paragraph."""
    ns = f'xmlns:w="{W}"'
    paragraph._p.append(_xml(
        f'<w:del {ns} w:id="901" w:author="审稿人" w:date="2026-11-20T10:00:00Z">'
        f"<w:r><w:delText>{deleted}</w:delText></w:r></w:del>"))
    paragraph._p.append(_xml(
        f'<w:ins {ns} w:id="902" w:author="审稿人" w:date="2026-11-20T10:00:00Z">'
        f"<w:r><w:t>{inserted}</w:t></w:r></w:ins>"))


def _anchor(run) -> None:
    """Turn the run's inline picture into a floating (anchored) one, square wrapping."""
    from docx.oxml.ns import qn

    inline = run._r.find(f".//{qn('wp:inline')}")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    anchor = _xml(
        f'<wp:anchor xmlns:wp="{wp}" distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        "</wp:anchor>")
    children = {child.tag.split("}")[1]: child for child in inline}
    anchor.append(copy.deepcopy(children["extent"]))
    anchor.append(_xml(f'<wp:effectExtent xmlns:wp="{wp}" l="0" t="0" r="0" b="0"/>'))
    anchor.append(_xml(f'<wp:wrapSquare xmlns:wp="{wp}" wrapText="bothSides"/>'))
    for name in ("docPr", "cNvGraphicFramePr"):
        anchor.append(copy.deepcopy(children[name]))
    anchor.append(copy.deepcopy(children["graphic"]))
    inline.getparent().replace(inline, anchor)


def _add_footnote(path: Path, text: str) -> None:
    """python-docx writes no footnotes: add word/footnotes.xml and its relationship by hand."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode("utf-8")
    rel = ('<Relationship Id="rIdFootnotes1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/footnotes" Target="footnotes.xml"/>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.footnotes+xml"/>')
    _rewrite(path, {
        "word/footnotes.xml": lambda _: footnotes,
        "word/_rels/document.xml.rels": lambda data: data.replace(b"</Relationships>", rel.encode() + b"</Relationships>"),
        "[Content_Types].xml": lambda data: data.replace(b"</Types>", override.encode() + b"</Types>"),
    })


def _rewrite(path: Path, changes: dict) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    names = {info.filename for info, _ in items}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            change = changes.get(info.filename)
            target.writestr(info, change(data) if change else data)
        for name, change in changes.items():
            if name not in names:
                target.writestr(name, change(None))


# --- the files ---------------------------------------------------------------------------------


def title_style(out: Path) -> Path:
    """Title in the Title style; note, line breaks, indents, empty paragraphs, soft hyphen, page break,
    一、/（一） and a bold lead heading, source line."""
    document = _document()
    _title_styled(document)
    _structured_body(document)
    path = out / "title-style.docx"
    document.save(path)
    return path


def centred_bold(out: Path) -> Path:
    """Centred bold larger title without a style; a tracked insertion and deletion, a comment, a
    footnote and a header."""
    from docx.oxml.ns import qn

    document = _document()
    document.sections[0].header.paragraphs[0].text = "新都区交通局"
    _title_centred_bold(document)
    paragraph = _body(document, "2008年10月20日，新都区交通局运政信息系统")
    _tracked(paragraph, inserted="正式启用。", deleted="开始试运行。")
    commented = _body(document, P2)
    document.add_comment(commented.runs, text="数字请核实", author="审稿人", initials="审")
    noted = _body(document, P3)
    reference = noted.add_run()
    reference._r.append(_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="1"/>'))
    assert reference._r.find(qn("w:footnoteReference")) is not None
    _source_line(document)
    path = out / "centred-bold.docx"
    document.save(path)
    _add_footnote(path, "数据来源：新都区交通局。")
    return path


def photos(out: Path) -> Path:
    """Two photos with captions: a JPEG inline in its own centred paragraph with `图1 …` under it, and a
    PNG anchored in a body paragraph with a Caption-style paragraph under it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document = _document()
    _title_styled(document)
    _body(document, P1)
    holder = document.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.add_run().add_picture(io.BytesIO(photo("jpeg", (640, 480), 1)), width=Mm(120))
    caption = document.add_paragraph(CAPTION_1)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _body(document, P2)
    anchored = _body(document, P3)
    run = anchored.add_run()
    run.add_picture(io.BytesIO(photo("png", (400, 300), 2)), width=Mm(80))
    _anchor(run)
    document.add_paragraph(CAPTION_2, style="Caption")
    _body(document, P4)
    _source_line(document)
    path = out / "photos.docx"
    document.save(path)
    return path


def gif_picture(out: Path) -> Path:
    """A GIF picture (Word keeps GIFs as they are): converted to PNG on the way in."""
    from docx.shared import Mm

    document = _document()
    _title_styled(document, "区政务大厅启用叫号系统")
    _body(document, P1)
    document.add_paragraph().add_run().add_picture(io.BytesIO(photo("gif", (200, 150), 3)), width=Mm(60))
    _body(document, P2)
    path = out / "gif.docx"
    document.save(path)
    return path


#: The sub-headings of `numbered.docx`, numbered by Word (the numbers are not in the text).
NUMBERED = [{"heading": "一、总体情况"}, P2, {"heading": "（一）主要做法"}, P3, {"heading": "二、工作成效"}, P4,
            "列表项目的文字较长，是正文而不是小标题。"]


def numbered(out: Path) -> Path:
    """Sub-headings numbered by Word's list numbering (chineseCounting `%1、` and `（%2）`), the way
    many offices type them, and a bulleted list item."""
    document = _document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W}}}num")
    first_num.addprevious(_xml(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    numbering.append(_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def heading(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = level
        numpr.get_or_add_numId().val = 90

    _title_styled(document)
    heading("总体情况", 0)
    _body(document, P2)
    heading("主要做法", 1)
    _body(document, P3)
    heading("工作成效", 0)
    _body(document, P4)
    document.add_paragraph(NUMBERED[-1], style="List Bullet")
    path = out / "numbered.docx"
    document.save(path)
    return path


def with_table(out: Path) -> Path:
    document = _document()
    _title_styled(document, "2008年第三季度网站考核结果")
    _body(document, P1)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("考核指标", "得分", "信息更新", "95")):
        cell.text = text
    _body(document, P2)
    path = out / "table.docx"
    document.save(path)
    return path


def empty(out: Path) -> Path:
    document = _document()
    document.add_paragraph("")
    path = out / "empty.docx"
    document.save(path)
    return path


def corrupt(out: Path, source: Path) -> Path:
    """A .docx cut off in the middle, as an interrupted download leaves it."""
    data = source.read_bytes()
    path = out / "corrupt.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def encrypted(out: Path, source: Path) -> Path:
    """The same article with an open password (Agile encryption, as Word 2010+ and WPS write it)."""
    import msoffcrypto.format.ooxml

    path = out / "encrypted.docx"
    with source.open("rb") as plain, path.open("wb") as secret:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt(PASSWORD, secret)
    return path


def big(out: Path) -> Path:
    """A 40 MB .docx: the article with four camera-sized photos of about 10 MB each."""
    from docx.shared import Mm

    document = _document()
    _title_styled(document, "全市政务外网改造工程完工")
    _body(document, P1)
    for seed in (1, 2, 3, 4):
        document.add_paragraph().add_run().add_picture(io.BytesIO(noise_jpeg((3400, 2550), seed)), width=Mm(150))
        document.add_paragraph(f"图{seed} 机房改造现场")
    _body(document, P2)
    path = out / "big.docx"
    document.save(path)
    return path


def gb18030_text(out: Path) -> Path:
    """A web-form export: title line, blank line, indented one-line paragraphs, GB18030."""
    text = "\r\n".join([
        TITLE, "", "编者按：" + NOTE, "", "\u3000\u3000" + P1, H1, "\u3000\u3000" + P2,
        H2, "\u3000\u3000" + P3 + "䶮", "\u3000\u3000" + P4, "", f"（{SOURCE}）", "",
    ])
    path = out / "gb18030.txt"
    path.write_bytes(text.encode("gb18030"))
    return path


def markdown(out: Path) -> Path:
    folder = out / "md"
    folder.mkdir()
    (folder / "现场.jpg").write_bytes(photo("jpeg", (320, 240), 4))
    text = "\n".join([
        f"# {TITLE}", "", f"> 编者按：{NOTE}", "", P1, "", f"## {H1}", "", P2, "",
        f"![{CAPTION_1}](现场.jpg)", "", f"**{LEAD}**", "", P4, "", f"（{SOURCE}）", "",
    ])
    path = folder / "稿件.md"
    path.write_text(text, encoding="utf-8")
    return path


def converted(out: Path, sources: list[Path], to: str) -> list[Path]:
    """LibreOffice: every source converted to `to` (doc, rtf) in one call with a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is needed to make .doc/.wps/.rtf files")
    filters = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format"}
    with tempfile.TemporaryDirectory(prefix="jianbao-corpus-") as scratch:
        profile = Path(scratch) / "profile"
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
        env.pop("DISPLAY", None)
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
             "--convert-to", filters[to], "--outdir", str(out), *map(str, sources)],
            check=True, capture_output=True, timeout=240, env=env,
        )
    made = [out / (source.stem + "." + to) for source in sources]
    missing = [p for p in made if not p.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return made


def build(out: Path, *, big_file: bool = True, libreoffice: bool = True) -> dict[str, Path]:
    """Every file of the corpus in `out`, by name."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "title-style.docx": title_style(out),
        "centred-bold.docx": centred_bold(out),
        "photos.docx": photos(out),
        "gif.docx": gif_picture(out),
        "table.docx": with_table(out),
        "numbered.docx": numbered(out),
        "empty.docx": empty(out),
        "gb18030.txt": gb18030_text(out),
        "稿件.md": markdown(out),
    }
    files["corrupt.docx"] = corrupt(out, files["photos.docx"])
    files["encrypted.docx"] = encrypted(out, files["title-style.docx"])
    if big_file:
        files["big.docx"] = big(out)
    if libreoffice:
        word97 = out / "word97"
        word97.mkdir(exist_ok=True)
        doc_title, doc_photos, doc_numbered = converted(
            word97, [files["title-style.docx"], files["photos.docx"], files["numbered.docx"]], "doc")
        (rtf,) = converted(word97, [files["title-style.docx"]], "rtf")
        for name, made in (("title-style.doc", doc_title), ("photos.doc", doc_photos),
                           ("numbered.doc", doc_numbered), ("title-style.rtf", rtf)):
            files[name] = made.rename(out / name)
        files["title-style.wps"] = out / "title-style.wps"
        shutil.copyfile(files["title-style.doc"], files["title-style.wps"])  # WPS's extension, Word 97 inside
        word97.rmdir()
    return files


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "contributions")
    for name, path in build(target).items():
        print(f"{path.stat().st_size:>10}  {path}")
