"""Shapes of bulletins copied from office websites: site clutter, contents variants, two-line mastheads,
kickers, subtitles, sources and captions — each on a small text, with the warning on the field concerned."""

from __future__ import annotations

import pytest

from jianbao_cli.importers import ImportFailed, import_text
from jianbao_cli.importers.text.clutter import clutter_kind

P1 = "3月12日，县政府召开全县安全生产工作会议，总结去年工作，部署今年任务。"
P2 = "会议要求，各部门要严格落实安全生产责任，坚决遏制重特大事故发生。"
P3 = "县应急管理局近日组织开展危险化学品专项检查，共检查企业二十六家。"

HEADER = ["安全生产简报", "2019年第6期", "清河县应急管理局　　　2019年3月28日", ""]
BODY = ["全县安全生产工作会议召开", "\u3000\u3000" + P1, "\u3000\u3000" + P2, "",
        "县应急管理局开展危险化学品专项检查", "\u3000\u3000" + P3, ""]
TAIL = ["送：县委办公室，县政府办公室。"]
BASE = "\n".join(HEADER + BODY + TAIL) + "\n"


def fields(result) -> set[str]:
    return {w.field for w in result.warnings}


def titles(issue) -> list[str]:
    return [a.title for _, a in issue.articles()]


# ---- site clutter: every kind, above the header, inside it and below the tail ----

CLUTTER = [
    ("信息来源：县应急管理局", "发布信息"),
    ("来源：县应急管理局", "发布信息"),
    ("作者：李敏", "发布信息"),
    ("发布日期：2019-04-02", "发布信息"),
    ("发布时间：2019-04-02 09:31:07", "发布信息"),
    ("点击：[ 268 ]", "发布信息"),
    ("浏览次数：1125", "发布信息"),
    ("阅读：356", "发布信息"),
    ("信息来源：县应急局 作者：李敏 发布日期：2019-04-02 09:31 点击：[ 268 ]", "发布信息"),
    ("当前位置：首页 > 政务公开 > 安全生产简报", "当前位置"),
    ("您现在的位置：首页 >> 工作简报 >> 正文", "当前位置"),
    ("首页 > 政务公开 > 部门信息", "当前位置"),
    ("打印本页", "打印本页 关闭窗口"),
    ("关闭窗口", "打印本页 关闭窗口"),
    ("【打印本页】 【关闭窗口】", "打印本页 关闭窗口"),
    ("【字体：大 中 小】", "字体 大 中 小"),
    ("字号：大 中 小", "字体 大 中 小"),
    ("分享到：微信 微博 QQ空间", "分享"),
    ("微信 微博 QQ空间", "分享"),
    ("扫一扫在手机打开当前页", "分享"),
    ("上一篇：安全生产简报（2019年第5期）", "上一篇/下一篇"),
    ("下一篇：没有了", "上一篇/下一篇"),
    ("版权所有 © 2019 清河县人民政府", "版权与备案"),
    ("冀ICP备05012345号-1", "版权与备案"),
    ("Copyright © 2019 All Rights Reserved", "版权与备案"),
    ("首页 | 工作动态 | 政策法规 | 工作简报", "导航"),
]


@pytest.mark.parametrize("line,kind", CLUTTER, ids=[c[0][:12] for c in CLUTTER])
def test_each_clutter_line_is_recognised_and_never_content(line, kind):
    assert clutter_kind(line) == kind
    clean = import_text(BASE).issue
    for where in (0, 1, 3, len(HEADER) + len(BODY) + 1):  # above the masthead, in the header, below the tail
        lines = BASE.split("\n")
        lines.insert(where, line)
        result = import_text("\n".join(lines))
        assert result.issue == clean, where
        assert any(w.field == "" and kind in w.message for w in result.warnings)


def test_content_lines_are_not_clutter():
    for text in ("（供稿：县应急管理局）", "（作者：张伟）", "送：县委办公室", "全县安全生产工作会议召开", P1,
                 "编辑：王五 电话：1234567", "清河县应急管理局"):
        assert clutter_kind(text) is None, text


def test_a_posting_date_is_never_the_issue_date():
    text = BASE.replace("清河县应急管理局　　　2019年3月28日", "清河县应急管理局\n发布日期：2019年4月2日 09:31 点击：268\n2019年3月28日")
    issue = import_text(text).issue
    assert issue.date.isoformat() == "2019-03-28" and issue.publisher == "清河县应急管理局"


def test_copied_page_title_with_the_issue_number_is_not_the_header():
    text = "安全生产简报（2019年第6期）\n发布时间：2019-04-02 阅读：12\n\n" + BASE
    result = import_text(text)
    assert result.issue == import_text(BASE).issue
    assert any("网页标题" in w.message for w in result.warnings)


def test_footer_address_after_the_copyright_line_is_not_the_contact():
    text = BASE + "版权所有：清河县人民政府\n地址：人民路66号 联系电话：0319-8123456\n"
    issue = import_text(text).issue
    assert issue.contact is None and issue == import_text(BASE).issue


# ---- publisher, date and year plausibility ----


def test_a_unit_line_with_a_time_is_refused_with_a_publisher_warning():
    text = BASE.replace("清河县应急管理局　　　2019年3月28日", "县应急局值班室 09:31\n2019年3月28日")
    with pytest.raises(ImportFailed, match="编印单位"):
        import_text(text)  # nothing plausible is left: refused with the reason, not guessed


def test_an_implausible_second_unit_is_dropped_and_warned_on_publisher():
    text = BASE.replace("2019年第6期\n", "2019年第6期\n整理人：王五\n")
    result = import_text(text)
    assert result.issue.publisher == "清河县应急管理局"
    assert "publisher" in fields(result)


def test_year_of_issue_line_disagreeing_with_the_date_is_warned_on_year():
    result = import_text(BASE.replace("2019年第6期", "2018年第6期"))
    assert result.issue.year == 2018 and "year" in fields(result)


# ---- two-line mastheads ----


@pytest.mark.parametrize("org", ["江城大学高等教育研究所", "山阳县农村经营管理站", "中共清河县委政策研究室"])
def test_two_line_masthead_second_line_organisation_is_the_publisher(org):
    text = "\n".join(["现代高教信息", org, "2018年第3期", "2018年5月10日", ""] + BODY + TAIL)
    result = import_text(text)
    assert result.issue.series == "现代高教信息" and result.issue.publisher == org
    assert any(w.field == "publisher" and org in w.message for w in result.warnings)


def test_two_line_masthead_that_is_not_an_organisation_is_joined_and_warned_on_series():
    text = "\n".join(["全市第七次人口普查", "工作简报", "第 2 期", "市普查办 2020年9月1日", ""] + BODY + TAIL)
    result = import_text(text)
    assert result.issue.series == "全市第七次人口普查工作简报" and "series" in fields(result)


# ---- contents variants ----

ITEMS = ["全县安全生产工作会议召开", "县应急管理局开展危险化学品专项检查"]
SECTIONED_BODY = ["工作动态", "全县安全生产工作会议召开", "\u3000\u3000" + P1, "\u3000\u3000" + P2, "",
                  "专项检查", "县应急管理局开展危险化学品专项检查", "\u3000\u3000" + P3, ""]


@pytest.mark.parametrize("marks", [("【工作动态】", "【专项检查】"), ("■工作动态", "■专项检查"),
                                   ("◆ 工作动态", "◆ 专项检查"), ("一、工作动态", "二、专项检查")])
def test_marked_section_headings_over_unmarked_items(marks):
    contents = ["本期要目", marks[0], ITEMS[0], marks[1], ITEMS[1], ""]
    body = [marks[0] if line == "工作动态" else marks[1] if line == "专项检查" else line for line in SECTIONED_BODY]
    issue = import_text("\n".join(HEADER + contents + body + TAIL)).issue
    assert [s.title for s in issue.sections] == ["工作动态", "专项检查"]
    assert titles(issue) == ITEMS
    assert [a.paragraphs for _, a in issue.articles()] == [[P1, P2], [P3]]


def test_marked_items_under_plain_headings_are_read_as_before():
    contents = ["本期导读", "工作动态", "☞ " + ITEMS[0], "专项检查", "☞ " + ITEMS[1], ""]
    issue = import_text("\n".join(HEADER + contents + SECTIONED_BODY + TAIL)).issue
    assert [s.title for s in issue.sections] == ["工作动态", "专项检查"] and titles(issue) == ITEMS


def test_numbered_contents_without_a_heading():
    contents = ["1．" + ITEMS[0], "2．" + ITEMS[1], ""]
    result = import_text("\n".join(HEADER + contents + BODY + TAIL))
    assert titles(result.issue) == ITEMS
    assert [a.paragraphs for _, a in result.issue.articles()] == [[P1, P2], [P3]]


def test_numbered_paragraphs_after_the_header_are_not_contents():
    text = "\n".join(HEADER + ["1．会议传达了省里的会议精神。", "2．会议部署了下一阶段工作。", ""] + BODY + TAIL)
    result = import_text(text)
    assert "会议传达了" in result.issue.sections[0].articles[0].paragraphs[0]
    assert any(w.field.endswith("paragraphs") for w in result.warnings)  # lead text glued on: warned there


def test_contents_items_that_wrap_onto_a_second_line():
    contents = ["本期要目", "【工作动态】", "全县安全生产工作会议", "召开", "【专项检查】", "县应急管理局开展危险化学品",
                "专项检查", ""]
    body = ["【工作动态】" if line == "工作动态" else "【专项检查】" if line == "专项检查" else line for line in SECTIONED_BODY]
    issue = import_text("\n".join(HEADER + contents + body + TAIL)).issue
    assert titles(issue) == ITEMS and [s.title for s in issue.sections] == ["工作动态", "专项检查"]


# ---- kickers, subtitles, sources, captions ----


def test_kicker_line_joins_the_title_with_and_without_contents():
    body = ["聚焦安全生产：", "全县安全生产工作会议召开"] + BODY[1:]
    without = import_text("\n".join(HEADER + body + TAIL)).issue
    with_contents = import_text("\n".join(HEADER + ["本期要目", "◆" + ITEMS[0], "◆" + ITEMS[1], ""] + body + TAIL)).issue
    for issue in (without, with_contents):
        assert titles(issue)[0] == "聚焦安全生产：全县安全生产工作会议召开"


def test_subtitle_joins_the_title():
    body = ["坚守一线三十年", "——记县应急管理局干部刘长青"] + BODY[1:]
    issue = import_text("\n".join(HEADER + body + TAIL)).issue
    assert titles(issue)[0] == "坚守一线三十年——记县应急管理局干部刘长青"


@pytest.mark.parametrize("line,source", [
    ("（本刊编辑部）", "本刊编辑部"), ("（供稿：县应急管理局）", "供稿：县应急管理局"), ("（作者：张伟）", "作者：张伟"),
    ("（县应急管理局供稿）", "县应急管理局供稿"), ("（城关镇 报送）", "城关镇 报送"), ("（摘自《中国应急管理报》）", "摘自《中国应急管理报》"),
])
def test_source_line_after_an_article_becomes_its_source(line, source):
    body = BODY[:3] + [line] + BODY[3:]  # directly under the last paragraph, unindented
    issue = import_text("\n".join(HEADER + body + TAIL)).issue
    first = issue.sections[0].articles[0]
    assert first.source == source and first.paragraphs == [P1, P2]
    assert issue.sections[0].articles[1].source is None


def test_photo_caption_without_a_photo_stays_text_with_a_warning_on_that_paragraph():
    body = BODY[:2] + ["", "图为会议现场。", ""] + BODY[2:]
    result = import_text("\n".join(HEADER + body + TAIL))
    assert result.issue.sections[0].articles[0].paragraphs == [P1, "图为会议现场。", P2]
    assert "sections[0].articles[0].paragraphs[1]" in fields(result)
