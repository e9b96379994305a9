"""An issue with 编者按, sub-headings, figures and a source: rendered, read back from the .docx
(parts, sizes, styles), imported back to the same manifest, and through LibreOffice to a PDF with
the photos on their pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from PIL import Image

from jianbao_cli.model.yamlio import load_manifest
from tests.conftest import REPO, run_cli
from tests.render.conftest import NS, Docx, w, write_issue

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
EMU_PER_MM = 36000
EMU_PER_TWIP = 635
TYPE_W_MM = 156
TYPE_W, TYPE_H = 8844 * EMU_PER_TWIP, 12756 * EMU_PER_TWIP  # GB/T 9704 type area, 156 × 225 mm, in EMU
OLD_TEMPLATE = REPO / "tests" / "render" / "data" / "briefing-before-figures.docx"

HEADINGS = ["一、总体情况", "（一）主要做法", "1.建设统一平台", "（1）网上办事"]
NOTE = "本期刊登研讨会情况，供各单位学习参考。"
SOURCE = "市信息办供稿"


def photo(size, mode="RGB", **save) -> bytes:
    """A photo-like image (noise over a gradient: it does not compress to nothing)."""
    width, height = size
    base = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 40)
    image = Image.merge("RGB", (base, noise, Image.linear_gradient("L").rotate(90).resize(size)))
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(Image.linear_gradient("L").resize(size))
    out = io.BytesIO()
    image.save(out, "PNG" if mode == "RGBA" else "JPEG", **save)
    return out.getvalue()


def rotated_jpeg() -> bytes:
    """400 × 300 pixels stored, EXIF orientation 6: a portrait photo as a camera saves it."""
    image = Image.new("RGB", (400, 300), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, 100, 300))  # blue band on the stored left = the top once upright
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def transparent_png(size) -> bytes:
    """A large PNG with an alpha channel (a chart or logo exported with a transparent background)."""
    image = Image.linear_gradient("L").resize(size).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").rotate(90).resize(size))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


FILES = {
    "2008-06/photo-1.jpg": lambda: photo((3000, 2000), quality=92),  # large: resized to 1800 × 1200
    "2008-06/tall.jpg": lambda: photo((900, 2400), quality=90),  # tall: limited by half the type area
    "2008-06/chart.png": lambda: transparent_png((2400, 1800)),  # transparency: stays PNG, resized
    "2008-06/small.jpg": lambda: photo((320, 240), quality=80),  # small: embedded as it is
    "2008-06/portrait.jpg": rotated_jpeg,
}


def rich_issue(workspace):
    """The example issue, its first article given a note, a source, headings and five figures."""
    from jianbao_cli.model.manifest import Issue

    for relative, make in FILES.items():
        target = workspace.issues_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())
    issue = workspace.load_issue("2008-06").issue
    data = issue.model_dump(mode="python", by_alias=True)
    first = data["sections"][0]["articles"][0]
    body = first["paragraphs"]
    first["note"] = NOTE
    first["source"] = f"（{SOURCE}）"
    first["paragraphs"] = [
        body[0],
        {"heading": HEADINGS[0]},
        {"figure": "2008-06/photo-1.jpg", "caption": "图为研讨会现场"},
        body[1],
        {"heading": HEADINGS[1]},
        {"figure": "2008-06/tall.jpg", "caption": "图为政务中心大厅"},
        body[2],
        {"heading": HEADINGS[2]},
        {"figure": "2008-06/chart.png"},
        {"heading": HEADINGS[3]},
        {"figure": "2008-06/small.jpg", "caption": "小图"},
        {"figure": "2008-06/portrait.jpg", "caption": "竖拍的照片"},
        *body[3:],
    ]
    second = data["sections"][1]["articles"][0]
    second["paragraphs"].append({"figure": "2008-06/photo-1.jpg", "caption": "同一张照片再用一次"})
    issue = Issue.model_validate(data)
    write_issue(workspace, issue)
    return workspace.load_issue("2008-06").issue


@pytest.fixture
def rich(workspace):
    from jianbao_cli.render import render_issue

    issue = rich_issue(workspace)
    originals = {relative: (workspace.issues_dir / relative).read_bytes() for relative in FILES}
    return workspace, issue, Docx.open(render_issue(workspace, "2008-06")), originals


def drawings(doc: Docx):
    """(paragraph style, wp:inline) of every picture in the body, in order."""
    out = []
    for para in doc.paragraphs():
        for inline in para.element.iter(WP + "inline"):
            out.append((para.style, inline))
    return out


def image_part(doc: Docx, inline) -> tuple[str, bytes]:
    rid = inline.find(f".//{A}blip").get(R + "embed")
    rels = doc.xml("word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels.iter(REL + "Relationship") if r.get("Id") == rid)
    name = "word/" + target
    return name, doc.parts[name]


def test_image_parts_are_there_with_relationships_and_content_types(rich):
    workspace, issue, doc, _ = rich
    found = drawings(doc)
    assert [style for style, _ in found] == ["JB Figure"] * 6
    types = doc.xml("[Content_Types].xml")
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(CT + "Default")}
    assert defaults["jpeg"] == "image/jpeg" and defaults["png"] == "image/png"
    names = []
    for _, inline in found:
        name, data = image_part(doc, inline)
        names.append(name)
        kind = name.rsplit(".", 1)[1]
        assert Image.open(io.BytesIO(data)).format == {"jpeg": "JPEG", "png": "PNG"}[kind]
    # one part per photo, the photo used twice shares it
    assert len(set(names)) == 5 and names[0] == names[-1]
    ids = [d.get("id") for d in doc.document.iter(WP + "docPr")]
    assert len(ids) == len(set(ids)) == 7  # six pictures and the 报尾 text box
    # python-docx opens it and finds the same images
    import docx

    opened = docx.Document(doc.path)
    blobs = {rel.target_part.blob for rel in opened.part.rels.values() if rel.reltype.endswith("/image")}
    assert len(blobs) == 5


def test_pictures_fit_the_type_area_keep_their_aspect_and_are_resized_for_mail(rich):
    workspace, issue, doc, originals = rich
    by_path = {}
    for _, inline in drawings(doc):
        extent = inline.find(WP + "extent")
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        assert 0 < cx <= TYPE_W <= TYPE_W_MM * EMU_PER_MM
        assert 0 < cy <= TYPE_H / 2
        path = inline.find(WP + "docPr").get("title")
        _, data = image_part(doc, inline)
        image = Image.open(io.BytesIO(data))
        assert max(image.size) <= 1800
        assert cx / cy == pytest.approx(image.size[0] / image.size[1], rel=0.01)
        by_path[path] = (cx, cy, image, data)
    photo_cx, _, photo_image, _ = by_path["2008-06/photo-1.jpg"]
    assert photo_image.size == (1800, 1200) and photo_image.format == "JPEG"
    assert photo_cx == TYPE_W  # a large photo takes the full width
    _, tall_cy, tall_image, _ = by_path["2008-06/tall.jpg"]
    assert tall_image.size == (675, 1800)
    assert tall_cy == pytest.approx(TYPE_H / 2, abs=EMU_PER_MM)  # half the type area, not more
    chart = by_path["2008-06/chart.png"][2]
    assert chart.format == "PNG" and chart.mode == "RGBA" and chart.size == (1800, 1350)
    assert chart.getpixel((0, 675))[3] < 10 and chart.getpixel((1799, 675))[3] > 245  # the alpha survived
    assert by_path["2008-06/small.jpg"][3] == originals["2008-06/small.jpg"]  # not re-encoded
    upright = by_path["2008-06/portrait.jpg"][2]
    assert upright.size == (300, 400)  # turned as the camera meant it
    assert upright.getpixel((150, 20))[2] > 150 and upright.getpixel((150, 380))[0] > 150
    # the originals in issues/2008-06/ are untouched
    for relative, data in originals.items():
        assert (workspace.issues_dir / relative).read_bytes() == data


def test_styles_of_note_headings_captions_and_source(rich):
    workspace, issue, doc, _ = rich
    article = issue.sections[0].articles[0]
    paragraphs = [p for p in doc.paragraphs() if p.style not in ("JB Tail Anchor",)]
    start = next(i for i, p in enumerate(paragraphs) if p.style == "JB Article Title")
    seen = [(p.style, p.text) for p in paragraphs[start:start + 20]]
    assert seen[:6] == [
        ("JB Article Title", article.title),
        ("JB Note", "编者按：" + NOTE),
        ("JB Body", article.paragraphs[0]),
        ("JB Heading 1", HEADINGS[0]),
        ("JB Figure", ""),
        ("JB Caption", "图为研讨会现场"),
    ]
    assert [(s, t) for s, t in seen if s.startswith("JB Heading")] == [
        (f"JB Heading {n}", text) for n, text in enumerate(HEADINGS, 1)]
    assert ("JB Figure", "") in seen and seen.count(("JB Caption", "小图")) == 1
    # the chart has no caption: the next paragraph after its figure is the next heading
    chart = next(i for i, (s, _) in enumerate(seen) if s == "JB Heading 3") + 1
    assert seen[chart:chart + 2] == [("JB Figure", ""), ("JB Heading 4", HEADINGS[3])]
    sources = doc.texts("JB Source")
    assert sources == [f"（{SOURCE}）"]
    body_end = [p.style for p in paragraphs[start:]]
    assert body_end[body_end.index("JB Source") - 1] == "JB Body"  # after the last paragraph

    def run_font(style, tag="rFonts", attr="eastAsia"):
        para = next(p for p in doc.paragraphs() if p.style == style)
        return doc.effective_run(para.element, None, tag, attr)

    assert run_font("JB Heading 1") == "黑体"
    assert run_font("JB Heading 2") == "楷体_GB2312"
    assert run_font("JB Heading 3") == run_font("JB Heading 4") == "仿宋_GB2312"
    assert doc.style("JB Heading 3").find("w:rPr/w:b", NS) is not None
    assert doc.style("JB Heading 4").find("w:rPr/w:b", NS) is None
    for style in ("JB Heading 1", "JB Heading 2", "JB Heading 3", "JB Heading 4", "JB Note", "JB Source"):
        assert run_font(style, "sz", "val") == "32"  # 三号
    assert run_font("JB Note") == "楷体_GB2312"
    assert run_font("JB Caption") == "楷体_GB2312" and run_font("JB Caption", "sz", "val") == "28"  # 四号
    # the label 编者按： in 黑体, through its character style
    note = next(p for p in doc.paragraphs() if p.style == "JB Note").element
    label = note.find("w:r", NS)
    assert "".join(t.text for t in label.iter(w("t"))) == "编者按："
    style_id = label.find("w:rPr/w:rStyle", NS).get(w("val"))
    assert doc._by_id[style_id].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"
    # alignment: figure and caption centred, source right, headings indented like the body
    for style, jc in (("JB Figure", "center"), ("JB Caption", "center"), ("JB Source", "right")):
        para = next(p for p in doc.paragraphs() if p.style == style)
        assert doc.effective_ppr(para.element, "jc").get(w("val")) == jc
    body_ind = doc.effective_ppr(next(p for p in doc.paragraphs() if p.style == "JB Body").element, "ind")
    for n in range(1, 5):
        para = next(p for p in doc.paragraphs() if p.style == f"JB Heading {n}")
        assert doc.effective_ppr(para.element, "ind").attrib == body_ind.attrib


def test_imports_back_to_the_same_manifest_with_the_images_beside_it(rich, tmp_path):
    from jianbao_cli.importers import import_file, write_manifest

    workspace, issue, doc, _ = rich
    result = import_file(doc.path)
    assert result.warnings == []
    assert result.issue == issue
    path = write_manifest(result, tmp_path / "issues")
    assert load_manifest(path).issue == issue  # loading checks every figure file is a JPEG or PNG
    for relative in FILES:
        assert (tmp_path / "issues" / relative).read_bytes() == result.figures[relative]
    # the resized copy came back, not the 3000-pixel original
    assert Image.open(tmp_path / "issues" / "2008-06/photo-1.jpg").size == (1800, 1200)


def test_import_through_the_cli_writes_the_images(rich, tmp_path):
    workspace, issue, doc, _ = rich
    result = run_cli("import", str(doc.path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert load_manifest(tmp_path / "out" / "2008-06.yaml").issue == issue
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out" / "2008-06").iterdir()) \
        == sorted(FILES)
    # an image already there with other content is not overwritten without --force; nothing is written
    (tmp_path / "out" / "2008-06.yaml").unlink()
    (tmp_path / "out" / "2008-06" / "small.jpg").write_bytes(b"other")
    again = run_cli("import", str(doc.path), "--out", str(tmp_path / "out"), "--json", cwd=tmp_path)
    assert again.returncode != 0
    assert "small.jpg 已存在且内容不同" in again.stdout
    assert not (tmp_path / "out" / "2008-06.yaml").exists()
    assert (tmp_path / "out" / "2008-06" / "small.jpg").read_bytes() == b"other"


def test_a_picture_without_its_path_comes_back_under_a_new_name_with_a_warning(rich, tmp_path):
    """A document whose picture lost the stored path (resaved by another program)."""
    from jianbao_cli.importers import import_file

    workspace, issue, doc, _ = rich
    with zipfile.ZipFile(doc.path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml.replace(' title="2008-06/chart.png"', "", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = import_file(edited)
    figures = [b.figure for _, a in result.issue.articles() for b in a.figures()]
    assert "2008-06/figure-1.png" in figures and "2008-06/chart.png" not in figures
    assert any("2008-06/figure-1.png" in w.message for w in result.warnings)


def test_a_replaced_photo_makes_the_rendered_document_stale(rich):
    import os

    from jianbao_cli.render import is_rendered_current

    workspace, issue, doc, _ = rich
    assert is_rendered_current(workspace, "2008-06")
    later = doc.path.stat().st_mtime + 10
    os.utime(workspace.issues_dir / "2008-06" / "small.jpg", (later, later))
    assert not is_rendered_current(workspace, "2008-06")


def test_resized_copies_are_cached_and_the_cache_is_used(rich):
    from jianbao_cli.render import render_issue

    workspace, issue, doc, _ = rich
    cached = sorted((workspace.state_dir / "cache" / "figures").iterdir())
    assert len(cached) == 5
    # a cached copy is what goes into the document (poison it and look)
    for entry in cached:
        blob = entry.read_bytes()
        if blob[:4] == b"jpeg" and b"\xff\xd8" in blob[12:14]:
            entry.write_bytes(blob[:12] + photo((40, 30)))
    again = Docx.open(render_issue(workspace, "2008-06"))
    sizes = {Image.open(io.BytesIO(image_part(again, inline)[1])).size for _, inline in drawings(again)}
    assert (40, 30) in sizes


def test_render_without_figures_imports_neither_pillow_nor_python_docx(workspace_dir):
    code = (
        "import sys; from jianbao_cli.workspace import Workspace; from jianbao_cli.render import render_issue; "
        "render_issue(Workspace.find(), '2008-06'); "
        "print(sorted(m for m in ('PIL', 'docx') if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace_dir)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace_dir)
    assert second.stdout.strip() == "[]"


def test_a_warm_render_with_figures_needs_neither_pillow_nor_python_docx(workspace):
    """Pillow makes the resized copies once; they are cached by content like the template."""
    rich_issue(workspace)
    code = (
        "import sys; from jianbao_cli.workspace import Workspace; from jianbao_cli.render import render_issue; "
        "render_issue(Workspace.find(), '2008-06'); "
        "print(sorted(m for m in ('PIL', 'docx', 'docxtpl') if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace.root)
    assert first.stdout.strip() == "['PIL', 'docx', 'docxtpl']", first.stderr
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace.root)
    assert again.stdout.strip() == "[]", again.stderr


def test_a_damaged_photo_is_one_plain_message(workspace, cli):
    rich_issue(workspace)
    photo_path = workspace.issues_dir / "2008-06" / "photo-1.jpg"
    photo_path.write_bytes(photo_path.read_bytes()[:3000])  # header intact, image data cut off
    result = cli("render", "2008-06")
    assert result.exit_code == 2
    assert "2008-06/photo-1.jpg" in result.stderr and "已损坏" in result.stderr
    assert "Traceback" not in result.stderr
    assert not workspace.rendered_docx("2008-06").exists()


# --- templates made before notes, sub-headings and figures --------------------------------------


def test_an_older_template_still_renders_issues_without_the_new_parts(workspace, cli):
    shutil.copyfile(OLD_TEMPLATE, workspace.template_path)
    result = cli("render", "2008-06")
    assert result.exit_code == 0, result.stderr
    doc = Docx.open(workspace.rendered_docx("2008-06"))
    issue = workspace.load_issue("2008-06").issue
    assert doc.texts("JB Body") == [text for _, a in issue.articles() for text in a.paragraphs]
    check = cli("template", "check")
    assert check.exit_code == 0
    assert "可以使用" in check.stdout
    assert "印不出编者按" in check.stderr and "图片 {{ block.image }}" in check.stderr


def test_an_older_template_refuses_an_issue_it_would_print_without_its_photos(workspace, cli):
    shutil.copyfile(OLD_TEMPLATE, workspace.template_path)
    rich_issue(workspace)
    result = cli("render", "2008-06")
    assert result.exit_code == 2
    assert "印不出本期的编者按" in result.stderr and "图片" in result.stderr and "来源" in result.stderr
    assert "templates/briefing.docx" in result.stderr
    assert not workspace.rendered_docx("2008-06").exists()


def test_a_template_that_lost_the_figure_tag_is_reported_and_refuses_figures_only(workspace, cli):
    from tests.render.test_template import replace_in_template

    replace_in_template(workspace.template_path, "{{ block.image }}", "")
    check = cli("template", "check")
    assert check.exit_code == 0
    assert "印不出图片 {{ block.image }}" in check.stderr
    assert "编者按" not in check.stderr
    assert cli("render", "2008-06").exit_code == 0  # the example has no figures
    rich_issue(workspace)
    result = cli("render", "2008-06")
    assert result.exit_code == 2 and "印不出本期的图片" in result.stderr


def test_template_check_finds_a_heading_level_that_is_not_printed(workspace, cli):
    from tests.render.test_template import replace_in_template

    tag = '<w:pStyle w:val="JBHeading3"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{{ block.text }}'
    replace_in_template(workspace.template_path, tag, tag.replace("{{ block.text }}", ""))
    check = cli("template", "check")
    assert "印不出小标题" in check.stderr


# --- through LibreOffice ------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_puts_the_photos_on_their_pages(rich, tmp_path):
    from jianbao_cli.render import export_pdfs

    workspace, issue, doc, _ = rich
    pdf = export_pdfs([doc.path], tmp_path)[0]
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    images = [(int(r[0]), int(r[3]), int(r[4])) for r in rows if r[2] == "image"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"\s+", "", page) for page in text.split("\f")]

    def page_of(caption: str) -> int:
        return next(n for n, page in enumerate(pages, 1) if caption in page)

    # the big photo at its embedded size, on the page of its caption (both times it is used)
    photo_pages = sorted(page for page, width, height in images if (width, height) == (1800, 1200))
    assert photo_pages == sorted([page_of("图为研讨会现场"), page_of("同一张照片再用一次")])
    # LibreOffice brings images above 300 dpi down to 300 dpi: the tall one (1800 px on 112 mm) is smaller
    tall = [(page, width, height) for page, width, height in images if height > 2 * width]
    assert len(tall) == 1 and tall[0][0] == page_of("图为政务中心大厅")
    assert tall[0][1] / tall[0][2] == pytest.approx(675 / 1800, rel=0.01)
    assert (page_of("竖拍的照片"), 300, 400) in images
    assert len(images) == 6
    # and the text of the new parts is on the pages
    flat = "".join(pages)
    for text_part in [NOTE, *HEADINGS, f"（{SOURCE}）"]:
        assert re.sub(r"\s+", "", text_part) in flat


def test_a_template_that_prints_a_figure_twice_still_has_unique_drawing_ids(workspace):
    """Word refuses to open a document in which two drawings share a wp:docPr id."""
    from jianbao_cli.render import render_issue
    from tests.render.test_template import replace_in_template

    replace_in_template(workspace.template_path, "{{ block.image }}", "{{ block.image }}{{ block.image }}")
    rich_issue(workspace)
    doc = Docx.open(render_issue(workspace, "2008-06"))
    assert len(drawings(doc)) == 12
    ids = [d.get("id") for d in doc.document.iter(WP + "docPr")]
    assert len(ids) == len(set(ids)) == 13


def test_a_cache_that_cannot_be_written_only_costs_time(workspace):
    """The template, compiled code and resized photos are cached best-effort: with the cache folder
    unusable (here a file stands where it should be) the issue still renders, photos included."""
    from jianbao_cli.render import render_issue

    rich_issue(workspace)
    workspace.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    workspace.cache_dir.write_bytes(b"not a folder")
    doc = Docx.open(render_issue(workspace, "2008-06"))
    assert sum(1 for name in doc.parts if name.startswith("word/media/")) >= 5
    assert workspace.cache_dir.read_bytes() == b"not a folder"
