"""Web pages: .html/.htm (UTF-8, GB2312/GBK declared or not), .mhtml/.mht archives, saved pages with their
`_files`, block structure, pictures as figures; and `jianbao import` on them through the console script."""

from __future__ import annotations

import json
import shutil

import pytest

from jianbao_cli.importers import ImportFailed, import_file, write_manifest
from jianbao_cli.importers.web import decode_html, page_lines
from jianbao_cli.model.manifest import Figure
from jianbao_cli.model.yamlio import load_manifest
from tests.conftest import REPO, run_cli

WEB = REPO / "tests" / "importers" / "web"
PHOTO = WEB / "w03-jiaoyu-saved-complete_files" / "W020190716394718523660.jpg"

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>统计工作简报 第3期 - 长岭县统计局</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/tjsj/">统计数据</a> <a href="/jb/">工作简报</a></div>
<div class="content">
{masthead}
<p style="text-align:center">二〇一一年第3期</p>
<p>长岭县统计局办公室　　　　二〇一一年三月十日</p>
<p style="text-align:center"><strong>全县经济普查数据处理工作完成</strong></p>
<p style="text-indent:2em">全县第二次经济普查数据处理工作已于3月上旬全面完成，共审核普查表二万余份。</p>
<p style="text-align:center"><img src="{src}" alt="普查员入户登记"></p>
<p style="text-align:center">图为普查员入户登记。</p>
<p style="text-indent:2em">下一步，县统计局将做好普查资料开发利用工作。<br>　　各乡镇要按时报送普查总结。</p>
<p align="right">（县普查办供稿）</p>
<p>送：县委办公室，县政府办公室。</p>
</div><div class="footer">版权所有：长岭县统计局 吉ICP备0500123号</div></body></html>"""
MASTHEAD = '<p style="text-align:center"><span style="color:red;font-size:36px"><b>统计工作简报</b></span></p>'


def write_page(folder, name, *, charset="utf-8", encoding="utf-8", masthead=MASTHEAD, photo=True):
    files = folder / (name.rsplit(".", 1)[0] + "_files")
    if photo:
        files.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PHOTO, files / "P020110310.jpg")
    page = folder / name
    html = PAGE.format(charset=charset, masthead=masthead, src=f"./{files.name}/P020110310.jpg")
    page.write_bytes(html.encode(encoding))
    return page


def test_saved_page_with_files_gives_figures_written_beside_the_manifest(tmp_path):
    result = import_file(write_page(tmp_path, "统计简报.html"))
    issue = result.issue
    assert (issue.series, str(issue.id), issue.publisher) == ("统计工作简报", "2011-03", "长岭县统计局办公室")
    article = issue.sections[0].articles[0]
    assert article.paragraphs == [
        "全县第二次经济普查数据处理工作已于3月上旬全面完成，共审核普查表二万余份。",
        Figure(figure="2011-03/P020110310.jpg", caption="图为普查员入户登记。"),
        "下一步，县统计局将做好普查资料开发利用工作。",  # a <br> ends a line, and so a paragraph
        "各乡镇要按时报送普查总结。",
    ]
    assert article.source == "县普查办供稿"
    assert result.figures == {"2011-03/P020110310.jpg": PHOTO.read_bytes()}
    out = tmp_path / "issues"
    path = write_manifest(result, out)
    assert (out / "2011-03" / "P020110310.jpg").read_bytes() == PHOTO.read_bytes()
    assert load_manifest(path).issue == issue  # the manifest loads, its figure file checked


def test_page_without_its_files_names_the_missing_picture(tmp_path):
    result = import_file(write_page(tmp_path, "p.htm", photo=False))
    article = result.issue.sections[0].articles[0]
    assert "图为普查员入户登记。" in article.paragraphs  # the caption is kept as text …
    assert not article.figures()
    named = [w for w in result.warnings if "P020110310.jpg" in w.message]
    assert named and named[0].field == "sections[0].articles[0].paragraphs"  # … and the picture named
    assert any(w.field == "sections[0].articles[0].paragraphs[1]" for w in result.warnings)
    assert result.figures == {}


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "GB18030", ""])
def test_chinese_legacy_encodings_by_charset_or_detection(tmp_path, charset):
    page = write_page(tmp_path, "gbk.htm", charset=charset, encoding="gbk")
    if not charset:
        page.write_bytes(page.read_bytes().replace(b'<meta charset="">', b""))
    result = import_file(page)
    assert result.issue.date.isoformat() == "2011-03-10"  # 二〇一一: 〇 is GBK, not GB2312
    assert result.issue.series == "统计工作简报" and result.encoding == "gb18030"


def test_masthead_picture_takes_the_series_from_the_page_title_with_a_warning_on_series(tmp_path):
    page = write_page(tmp_path, "m.html", masthead='<p align="center"><img src="images/jianbao_title.gif"></p>')
    result = import_file(page)
    assert result.issue.series == "统计工作简报"
    assert [w for w in result.warnings if w.field == "series" and "网页标题" in w.message]


def test_mhtml_and_mht_archives_carry_their_pictures():
    chrome = import_file(WEB / "w04-keji-chrome.mhtml")
    ie = import_file(WEB / "w08-linye-ie-gb2312.mht")
    assert chrome.format == "mhtml" and list(chrome.figures) == ["2020-09/5f7fc2a1e4b0.jpg"]
    assert ie.encoding == "gb18030" and list(ie.figures) == ["2009-11/20091116102233.jpg"]
    assert all(data.startswith(b"\xff\xd8\xff") for data in [*chrome.figures.values(), *ie.figures.values()])


def test_block_structure_centred_lines_line_breaks_and_titles():
    page = page_lines(PAGE.format(charset="utf-8", masthead=MASTHEAD, src="x.jpg"), lambda src: None)
    assert page.title == "统计工作简报 第3期 - 长岭县统计局"
    lines = page.lines
    title_no = lines.index("全县经济普查数据处理工作完成") + 1
    assert page.roles[title_no] == "title"
    assert lines[title_no - 2] == "" and lines[title_no] == ""  # a centred line stands apart
    assert "\u3000\u3000全县第二次经济普查数据处理工作已于3月上旬全面完成，共审核普查表二万余份。" in lines
    assert "首页" not in "".join(lines)  # navigation links are not content
    assert [image.alt for image in page.images] == ["普查员入户登记"]


def test_declared_charset_that_is_wrong_falls_back_to_detection():
    text, encoding = decode_html('<meta charset="utf-8"><p>二〇一一年</p>'.encode("gbk"))
    assert "二〇一一年" in text and encoding == "gb18030"


def test_latin1_declaration_of_a_chinese_page_is_not_believed():
    text, encoding = decode_html('<meta charset="iso-8859-1"><p>二〇一一年</p>'.encode("gbk"))
    assert "二〇一一年" in text and encoding == "gb18030"


def test_private_use_characters_in_a_text_are_text_not_pictures():
    from jianbao_cli.importers import import_text

    text = "信息简报\n第 2 期\n市信息办 2019年3月1日\n\n标题一\n\ue0000\ue001\n正文一段。\n"
    issue = import_text(text).issue
    assert issue.sections[0].articles[0].paragraphs[0] == "\ue0000\ue001"


def test_a_page_that_is_no_bulletin_is_refused_with_a_reason(tmp_path):
    page = tmp_path / "news.html"
    page.write_text("<html><body><p>今天天气很好。</p></body></html>", encoding="utf-8")
    with pytest.raises(ImportFailed, match="期号"):
        import_file(page)


def test_cli_imports_html_htm_mhtml_and_mht_with_figures(tmp_path):
    """Through the installed console script: a folder of UTF-8 and GBK pages, a saved page with its
    `_files`, a Chrome .mhtml and an IE .mht; the `_files` folder is not imported as pages."""
    pages = tmp_path / "网页"
    shutil.copytree(WEB, pages, ignore=shutil.ignore_patterns("*.yaml", "*.py", "*.txt", "__pycache__"))
    (pages / "w03-jiaoyu-saved-complete_files" / "frame.html").write_text("<html><body>广告</body></html>", "utf-8")
    out = tmp_path / "issues"
    run = run_cli("import", str(pages), "--out", str(out), "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert sorted(r["format"] for r in records) == ["html"] * 6 + ["mhtml"] * 2
    assert all(r["result"] == "written" for r in records)
    for stem, figure in [("w03-jiaoyu-saved-complete", "2019-07/W020190716394718523660.jpg"),
                         ("w04-keji-chrome", "2020-09/5f7fc2a1e4b0.jpg"), ("w08-linye-ie-gb2312", "2009-11/20091116102233.jpg")]:
        issue_id = figure.split("/")[0]
        written = load_manifest(out / f"{issue_id}.yaml").issue  # checks the figure file beside it
        assert [f.figure for f in written.figures()] == [figure]
        assert (out / figure).is_file()
    gbk = load_manifest(out / "2010-05.yaml").issue
    assert gbk.series == "安全生产简报" and gbk.publisher == "松林县安全生产委员会办公室"


def test_cli_table_for_a_single_gbk_page(tmp_path):
    run = run_cli("import", str(WEB / "w07-laoganbu-gbk-no-meta.htm"), "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "2012-02" in run.stdout and "网页杂项" in run.stdout


def test_import_help_lists_every_accepted_format():
    run = run_cli("import", "--help", env={"COLUMNS": "200"})
    text = run.stdout
    for suffix in (".txt", ".docx", ".doc", ".wps", ".rtf", ".pdf", ".html", ".htm", ".mhtml", ".mht"):
        assert suffix in text, suffix


def test_written_manifest_is_read_back_and_compared(monkeypatch):
    """The read-back check (C parser when ruamel.yaml.clib is installed) catches a text that differs."""
    from jianbao_cli.importers import manifest as manifest_module

    assert manifest_module._fast_loader() is not None
    result = import_file(WEB / "w01-county-cms-utf8.html")
    manifest_module.manifest_yaml(result)  # the real text reads back to the same issue
    real = manifest_module.dump_tree
    monkeypatch.setattr(manifest_module, "dump_tree", lambda tree: real(tree).replace("清河县人民政府督查室", "清河县督查室"))
    with pytest.raises(AssertionError, match="读回不一致"):
        manifest_module.manifest_yaml(result)


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_leaves_no_staged_files_and_never_overwrites(tmp_path, jobs):
    """Workers stage fsynced manifests in the output folder; the parent renames them in input order or
    removes them (already there, same issue twice, failed)."""
    from jianbao_cli.importers.batch import import_many

    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("w01-county-cms-utf8.html", "w07-laoganbu-gbk-no-meta.htm"):
        shutil.copyfile(WEB / name, pages / name)
    shutil.copyfile(WEB / "w01-county-cms-utf8.html", pages / "w01-again.html")  # the same issue twice
    (pages / "broken.html").write_text("<html><body>无关</body></html>", encoding="utf-8")
    out = tmp_path / "issues"
    out.mkdir()
    (out / "2012-02.yaml").write_text("已有的清单\n", encoding="utf-8")
    outcomes = {o.file.rsplit("/", 1)[-1]: o for o in import_many([pages], out, jobs=jobs)}
    assert outcomes["w01-again.html"].result == "written" and outcomes["w01-county-cms-utf8.html"].error
    assert outcomes["w07-laoganbu-gbk-no-meta.htm"].result == "exists"
    assert outcomes["broken.html"].result == "failed"
    assert (out / "2012-02.yaml").read_text(encoding="utf-8") == "已有的清单\n"
    assert sorted(p.name for p in out.iterdir()) == ["2012-02.yaml", "2019-06.yaml"]
    assert load_manifest(out / "2019-06.yaml").issue.series == "政务督查简报"
