"""The template as offices treat it: restyled in Word, extended, sometimes broken."""

from __future__ import annotations

import copy
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from tests.render.conftest import NS, Docx, w


def edit_like_an_office(path) -> None:
    """What an office does in Word: other fonts, another red, a line of its own in the masthead,
    and Word's habit of splitting a tag into several runs when it is retyped."""
    document = docx.Document(path)
    styles = document.styles
    body = styles["JB Body"]
    body.font.size = Pt(15)
    body.element.rPr.rFonts.set(qn("w:eastAsia"), "华文仿宋")
    masthead = styles["JB Masthead"]
    masthead.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    masthead.element.rPr.rFonts.set(qn("w:eastAsia"), "华文中宋")
    paragraphs = document.paragraphs
    series = next(p for p in paragraphs if "{{ series }}" in p.text)
    own = series.insert_paragraph_before("（内部刊物 注意保存）", style="JB Classification")
    own.paragraph_format.alignment = 1
    # Split "{{ series }}" over three runs with different formatting, as Word does after retyping.
    run = series.runs[0]
    run.text = "{{ ser"
    second = copy.deepcopy(run._r)
    run._r.addnext(second)
    second.find(qn("w:t")).text = "ies"
    third = copy.deepcopy(run._r)
    second.addnext(third)
    third.find(qn("w:t")).text = " }}"
    document.save(path)


def test_office_changes_survive_render(workspace, render_example):
    edit_like_an_office(workspace.template_path)
    doc = render_example()
    texts = [(p.style, p.text) for p in doc.paragraphs()]
    assert texts[0] == ("JB Classification", "（内部刊物 注意保存）")
    assert texts[1] == ("JB Masthead", "成都市政府网站简报")
    assert doc.style("JB Body").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "华文仿宋"
    assert doc.style("JB Body").find("w:rPr/w:sz", NS).get(w("val")) == "30"
    assert doc.style("JB Masthead").find("w:rPr/w:color", NS).get(w("val")).upper() == "C00000"
    assert doc.style("JB Masthead").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "华文中宋"
    # the rest of the document is still all there
    issue = workspace.load_issue("2008-06").issue
    assert doc.texts("JB Body") == [text for _, a in issue.articles() for text in a.paragraphs]


def test_settings_do_not_override_what_the_office_changed(workspace, render_example):
    edit_like_an_office(workspace.template_path)
    text = workspace.settings_path.read_text("utf-8")
    text = text.replace("body_font: 仿宋_GB2312", "body_font: 仿宋").replace("red: FF0000", "red: FF3333")
    workspace.settings_path.write_text(text, "utf-8")
    workspace.__dict__.pop("settings", None)  # re-read jianbao.yaml
    doc = render_example()
    assert doc.style("JB Body").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "华文仿宋"
    assert doc.style("JB Masthead").find("w:rPr/w:color", NS).get(w("val")).upper() == "C00000"
    # …but still reach what the office left alone
    assert doc.style("JB Distribution").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋"
    red_rule = doc.style("JB Unit Date").find("w:pPr/w:pBdr/w:bottom", NS)
    assert red_rule.get(w("color")) == "FF3333"


def replace_in_template(path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


BODY_TEXT_TAG = '<w:pStyle w:val="JBBody"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{{ block.text }}'

BROKEN = [
    ("{{ series }}", "{{ seires }}", "未知变量 seires"),
    ("{{ article.title }}", "{{ article.titel }}", "titel"),
    ("{{ publisher }}", "{{ publisher }", "模板标记写错了"),
    ("{%p for block in article.blocks %}", "{%p for block in %}", "模板标记写错了"),
    ("{{ contact }}", "联系方式", "渲染结果缺少 联系方式"),
    # the body text's own {{ block.text }} (sub-headings use the same name in their own styles)
    (BODY_TEXT_TAG, BODY_TEXT_TAG.replace("{{ block.text }}", ""), "正文段落"),
    ("{%p if copies %}", "{%p if copies %} 说明文字", "必须单独成段"),
]


@pytest.mark.parametrize("old, new, expected", BROKEN, ids=[b[2] for b in BROKEN])
def test_broken_template_named_with_its_tag(workspace, cli, old, new, expected):
    before = workspace.rendered_docx("2008-06")
    result = cli("render", "2008-06")
    assert result.exit_code == 0
    good = before.read_bytes()
    replace_in_template(workspace.template_path, old, new)

    check = cli("template", "check")
    assert check.exit_code != 0
    assert "templates/briefing.docx" in check.stderr and expected in check.stderr
    assert "Traceback" not in check.stderr

    result = cli("render", "2008-06")
    assert result.exit_code != 0
    assert "templates/briefing.docx" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr
    # the earlier document is untouched and no temporary file is left
    assert before.read_bytes() == good
    assert [p.name for p in before.parent.iterdir()] == [before.name]


def test_check_names_the_offending_paragraph(workspace, cli):
    replace_in_template(workspace.template_path, "{{ series }}", "{{ seires }}")
    result = cli("template", "check")
    assert "未知变量 seires（在“{{ seires }}”中）" in result.stderr


def test_check_accepts_the_shipped_template(cli, workspace):
    result = cli("template", "check")
    assert result.exit_code == 0, result.stderr
    assert "可以使用" in result.stdout


def test_check_of_a_file_that_is_not_docx(tmp_path, cli, workspace):
    bogus = tmp_path / "x.docx"
    bogus.write_text("not a zip")
    result = cli("template", "check", str(bogus))
    assert result.exit_code != 0
    assert "不是有效的 Word 文档" in result.stderr


def test_missing_template_is_named(workspace, cli):
    workspace.template_path.unlink()
    text = workspace.settings_path.read_text("utf-8").replace("template: templates/briefing.docx",
                                                              "template: templates/none.docx")
    workspace.settings_path.write_text(text, "utf-8")
    result = cli("render", "2008-06")
    assert result.exit_code != 0
    assert "templates/none.docx" in result.stderr


def test_deleted_style_is_reported(workspace, cli):
    with zipfile.ZipFile(workspace.template_path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:val="JB Contact"', b'w:val="My Contact"')
    with zipfile.ZipFile(workspace.template_path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = cli("template", "check")
    assert result.exit_code != 0 and "JB Contact" in result.stderr


def test_rebuilding_the_template_gives_the_committed_file(tmp_path, monkeypatch):
    """The committed template is what scripts/build_template.py makes (no hand edits slipped in)."""
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("build_template", REPO / "scripts" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "t.docx")
    built = module.build()
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(REPO / "templates" / "briefing.docx") as b:
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}
    assert Docx.open(built).style("JB Body") is not None


def test_word_resave_with_a_vml_copy_of_the_tail_box_renders_it_once(workspace, render_example):
    """Word writes an mc:Fallback (VML) copy of each text box; the 报尾 must not come out twice."""
    with zipfile.ZipFile(workspace.template_path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    start = xml.index("<w:txbxContent>")
    end = xml.index("</w:txbxContent>") + len("</w:txbxContent>")
    fallback = ('<mc:Fallback><w:pict><v:rect xmlns:v="urn:schemas-microsoft-com:vml" style="width:442pt;height:87pt">'
                f'<v:textbox>{xml[start:end]}</v:textbox></v:rect></w:pict></mc:Fallback>')
    xml = xml.replace("</mc:Choice></mc:AlternateContent>", "</mc:Choice>" + fallback + "</mc:AlternateContent>", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(workspace.template_path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    doc = render_example()
    assert len(doc.texts("JB Distribution")) == 2
    assert len(doc.texts("JB Contact")) == 1


def test_template_tags_cannot_reach_python(workspace, cli):
    replace_in_template(workspace.template_path, "{{ series }}", "{{ series.__class__.__mro__[1].__subclasses__() }}")
    result = cli("render", "2008-06")
    assert result.exit_code != 0
    assert "templates/briefing.docx" in result.stderr and "不允许使用的属性" in result.stderr
    assert not workspace.rendered_docx("2008-06").exists()
