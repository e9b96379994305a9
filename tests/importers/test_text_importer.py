"""The text importer on the seed and on single variations; encodings; warnings as YAML comments."""

from __future__ import annotations

import datetime as dt

import pytest

from jianbao_cli.importers import ImportFailed, import_file, import_text, manifest_yaml, write_manifest
from jianbao_cli.importers.text import cn_int, cn_year
from jianbao_cli.model.yamlio import load_manifest

from tests.conftest import REPO, SEED_TEXT

EXAMPLE = REPO / "issues" / "2008-06.yaml"

BODY = """本期导读
☞ 甲乙丙丁测试文章标题一
☞ 戊己庚辛测试文章标题二

甲乙丙丁测试文章标题一

第一篇的正文第一段。

第一篇的正文第二段。

戊己庚辛测试文章标题二

第二篇的正文。

发：各区县
"""


def make(header: str, body: str = BODY) -> str:
    return header.strip("\n") + "\n\n" + body


def test_seed_imports_to_the_example_manifest():
    expected = load_manifest(EXAMPLE).issue
    result = import_file(SEED_TEXT)
    assert result.issue == expected
    assert result.warnings == []
    assert str(result.issue.id) == "2008-06"


def test_seed_manifest_file_loads_back_equal(tmp_path):
    result = import_file(SEED_TEXT)
    path = write_manifest(result, tmp_path)
    assert path.name == "2008-06.yaml"
    assert load_manifest(path).issue == load_manifest(EXAMPLE).issue


@pytest.mark.parametrize(
    "header,year,number,total,supplement,date,publisher",
    [
        ("某某简报\n2008 第 6 期\n某某中心\n2008 年 10 月 28 日", 2008, 6, None, False, dt.date(2008, 10, 28), "某某中心"),
        ("某某简报\n第 12 期\n某某中心 2011年3月5日", 2011, 12, None, False, dt.date(2011, 3, 5), "某某中心"),
        ("某某简报\n2009 年第 1 期（总第 13 期）\n某某中心\n二〇〇九年一月二十日", 2009, 1, 13, False, dt.date(2009, 1, 20), "某某中心"),
        ("某某简报\n发展研究中心编 第1期(总第7期) 2004年3月19日", 2004, 1, 7, False, dt.date(2004, 3, 19), "发展研究中心"),
        ("某某简报\n（第十九期）\n某某中心\n二○一○年十二月三十一日", 2010, 19, None, False, dt.date(2010, 12, 31), "某某中心"),
        ("某某简报\n增刊第 1 期\n某某中心\n二0一二年二月二日", 2012, 1, None, True, dt.date(2012, 2, 2), "某某中心"),
        ("现代高教信息\n简报 第3期\n宜川县城区街道办事处2013年4月15日", 2013, 3, None, False, dt.date(2013, 4, 15), "宜川县城区街道办事处"),
        ("某某简报\n２００８年第６期\n某某中心\n２００８年１０月２８日", 2008, 6, None, False, dt.date(2008, 10, 28), "某某中心"),
        ("某某简报\n2008年第6期\n甲单位\n乙单位\n2008年10月28日", 2008, 6, None, False, dt.date(2008, 10, 28), "甲单位 乙单位"),
    ],
)
def test_header_forms(header, year, number, total, supplement, date, publisher):
    issue = import_text(make(header)).issue
    assert (issue.year, issue.number, issue.total_number, issue.supplement, issue.date, issue.publisher) == (
        year, number, total, supplement, date, publisher
    )
    assert issue.series in ("某某简报", "现代高教信息")


def test_supplement_id_cannot_clash_with_the_regular_series():
    regular = import_text(make("某某简报\n2008 第 1 期\n某某中心\n2008年1月2日")).issue
    supplement = import_text(make("某某简报\n2008 增刊第 1 期\n某某中心\n2008年1月2日")).issue
    assert str(regular.id) == "2008-01" and str(supplement.id) == "2008-Z01"


def test_chinese_numerals():
    assert cn_int("十九") == 19 and cn_int("二十") == 20 and cn_int("一百零八") == 108 and cn_int("１２") == 12
    assert cn_year("二〇〇九") == 2009 and cn_year("二○一○") == 2010 and cn_year("二0一二") == 2012


@pytest.mark.parametrize("mark", ["— 2 —", "-2-", "一2一", "—3-", "- 3 -", "2", "第 2 页"])
def test_page_number_lines_between_pieces_of_a_paragraph(mark):
    body = BODY.replace("第一篇的正文第一段。", f"第一篇的正文\n\n{mark}\n\n第一段。")
    issue = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body)).issue
    assert issue.sections[0].articles[0].paragraphs == ["第一篇的正文第一段。", "第一篇的正文第二段。"]


def test_form_feed_is_a_page_boundary():
    body = BODY.replace("第一篇的正文第一段。", "第一篇的正文\f第一段。")
    issue = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body)).issue
    assert issue.sections[0].articles[0].paragraphs[0] == "第一篇的正文第一段。"


def test_hard_wrapped_latin_joined_with_a_space():
    body = BODY.replace("第二篇的正文。", "第二篇 the quick brown\nfox jumps over the lazy dog 的正文。")
    issue = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body)).issue
    assert issue.sections[0].articles[1].paragraphs == ["第二篇 the quick brown fox jumps over the lazy dog 的正文。"]


def test_special_characters_survive():
    body = BODY.replace("第二篇的正文。", "比较 a<b & c>d，模板写法 {{ name }} 与 {% if %} 保持原样。")
    issue = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body)).issue
    assert issue.sections[0].articles[1].paragraphs == ["比较 a<b & c>d，模板写法 {{ name }} 与 {% if %} 保持原样。"]
    text = manifest_yaml(import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body)))
    assert "{{ name }}" in text


def test_encodings_and_noise_import_alike(tmp_path):
    """UTF-8, UTF-8 with BOM and CRLF, GB18030 (no BOM), full-width and trailing spaces: one issue."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    variants = {
        "utf8.txt": text.encode("utf-8"),
        "bom-crlf.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        "gb18030.txt": text.encode("gb18030"),
        "gbk.txt": text.replace("☞", "◆").encode("gbk"),  # GBK has no ☞
        "spaces.txt": "\n".join("\u3000" + line + "  \u3000" if line.strip() else line for line in text.split("\n")).encode("utf-8"),
    }
    expected = load_manifest(EXAMPLE).issue
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        result = import_file(tmp_path / name)
        assert result.issue == expected, name
    assert import_file(tmp_path / "gb18030.txt").encoding == "gb18030"


def test_xml_illegal_characters_removed_with_a_warning():
    text = SEED_TEXT.read_text(encoding="utf-8").replace("成都市经济信息中心承办", "成都市经济信息中心\x0b\x01承办", 1)
    result = import_text(text)
    assert result.issue == load_manifest(EXAMPLE).issue
    assert any("U+" in w.message for w in result.warnings)


def test_warnings_become_yaml_comments_beside_their_fields(tmp_path):
    text = (REPO / "tests/importers/corpus/13-special-issue-shortened-title.txt").read_text(encoding="utf-8")
    result = import_text(text)
    yaml_text = manifest_yaml(result)
    title_line = next(line for line in yaml_text.splitlines() if "全市第七次全国人口普查现场入户登记工作全面展开" in line)
    assert "# 警告：" in title_line and "相似度" in title_line
    supplement_line = next(line for line in yaml_text.splitlines() if line.startswith("supplement:"))
    assert "# 警告：" in supplement_line
    path = write_manifest(result, tmp_path)
    assert load_manifest(path).issue == result.issue


def test_never_overwrites_without_force(tmp_path):
    result = import_file(SEED_TEXT)
    path = write_manifest(result, tmp_path)
    path.write_text("# 手工修改\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ImportFailed, match="已存在"):
        write_manifest(result, tmp_path)
    assert path.read_text(encoding="utf-8").startswith("# 手工修改")
    write_manifest(result, tmp_path, force=True)
    assert not path.read_text(encoding="utf-8").startswith("# 手工修改")


def test_contents_title_unlike_any_body_title_is_reported():
    body = BODY.replace("☞ 戊己庚辛测试文章标题二", "☞ 戊己庚辛测试文章标题二\n☞ 完全不存在的第三篇报道")
    result = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body))
    assert result.issue.article_count == 2
    assert any("找不到" in w.message for w in result.warnings)


def test_paragraph_end_that_cannot_be_decided_is_warned():
    wide = "甲" * 29 + "。"
    lines = [wide, "乙" * 30, "丙" * 29 + "，", "丁" * 10 + "。"]
    body = BODY.replace("第二篇的正文。", "\n".join(lines))
    result = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body))
    assert any("无法判断段落" in w.message and w.field.startswith("sections[0].articles[1]") for w in result.warnings)


def test_editor_note_and_enumeration_paragraphs():
    body = BODY.replace(
        "第一篇的正文第一段。",
        "编者按：这是编者按。\n重点抓好以下工作：\n一是加强领导；\n二是完善制度；\n三是强化督查。",
    )
    issue = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", body)).issue
    assert issue.sections[0].articles[0].paragraphs[:5] == [
        "编者按：这是编者按。", "重点抓好以下工作：", "一是加强领导；", "二是完善制度；", "三是强化督查。"
    ]


def test_tail_forms():
    tail = "报：市委 市政府\n送：甲局 乙局 丙局\n丁局 戊局\n发：各区县\n抄送：市委办公室，市人大办公室。（共印 50 份）\n\n联系人：张三 电话：12345678\n某某中心 2008年10月28日印发"
    result = import_text(make("某某简报\n2008 第 6 期\n某某中心\n2008年10月28日", BODY.replace("发：各区县\n", tail)))
    issue = result.issue
    assert issue.distribution.to_superiors == ["市委", "市政府"]
    assert issue.distribution.send_to == ["甲局", "乙局", "丙局", "丁局", "戊局"]
    assert issue.distribution.issue_to == ["各区县"]
    assert issue.distribution.copy_to == ["市委办公室", "市人大办公室"]
    assert issue.copies == 50
    assert issue.contact == "联系人：张三 电话：12345678"
    assert issue.sections[0].articles[1].paragraphs == ["第二篇的正文。"]


def test_format_is_taken_from_the_content_not_the_extension(tmp_path):
    misnamed = tmp_path / "2008-06.docx"
    misnamed.write_bytes(SEED_TEXT.read_bytes())
    result = import_file(misnamed)
    assert result.format == "text"
    assert result.issue == load_manifest(EXAMPLE).issue
    assert any(".docx" in w.message for w in result.warnings)
