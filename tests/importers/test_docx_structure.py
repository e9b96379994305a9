"""Word files jianbao did not render: the structure is read from the formatting (red masthead, font
sizes, heading styles), not from the text alone. Each file is built here with python-docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jianbao_cli.importers import import_file

docx = pytest.importorskip("docx")

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

TAIL = ["报：市委办公室 市政府办公室", "送：市人大常委会办公室 市政协办公室", "（共印 60 份）"]


class Builder:
    """A Word file typed by hand: every paragraph with its own run formatting."""

    def __init__(self, body_pt: float | None = 16):
        self.document = docx.Document()
        if body_pt is not None:
            self.document.styles["Normal"].font.size = Pt(body_pt)  # the body size comes from the style

    def para(self, *runs: str, size=None, color=None, bold=None, centred=False, indent=False, style=None):
        paragraph = self.document.add_paragraph(style=style)
        for text in runs:
            run = paragraph.add_run(text)
            if size is not None:
                run.font.size = Pt(size)
            if color is not None:
                run.font.color.rgb = RGBColor.from_string(color)
            if bold is not None:
                run.font.bold = bold
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        return paragraph

    def tail(self):
        for line in TAIL:
            self.para(line)

    def save(self, folder: Path, name: str = "typed.docx") -> Path:
        path = folder / name
        self.document.save(path)
        return path


def titles_and_paragraphs(issue):
    return [(article.title, article.paragraphs) for _, article in issue.articles()]


def old_text_only(path: Path):
    """What the importer made of a foreign .docx before it read the formatting: text, centring, indents."""
    from jianbao_cli.importers.docx import (
        _layout_hints,
        _open,
        docx_text,
        paragraphs_in_order,
    )
    from jianbao_cli.importers.text import import_text

    document = _open(path, path.name)
    issue, _ = import_text(docx_text(paragraphs_in_order(document), _layout_hints(document)), path.name, "docx")
    return issue


# --- the masthead ------------------------------------------------------------------------------------


def test_red_masthead_split_into_runs_with_the_classification_below_it(tmp_path):
    """36 pt dark red (C00000) masthead typed as spaced-out characters in two runs; the classification
    stands under it, where the text alone takes it for a second line of the masthead."""
    b = Builder()
    b.para("财 贸", " 情 况", size=36, color="C00000", centred=True)
    b.para("（内部资料 注意保存）", centred=True)
    b.para("简报 第3期", centred=True)
    b.para("宜川县城区街道办事处\t2013年4月15日")
    b.para("街道深入开展入户走访活动", size=22, centred=True)
    b.para("今年以来，街道办事处扎实开展走访活动，共走访辖区居民一千二百余户。", indent=True)
    b.para("对收集到的意见建议，街道逐条建立台账，目前已办结七十二条。", indent=True)
    b.tail()
    path = b.save(tmp_path)

    result = import_file(path)
    issue = result.issue
    assert issue.series == "财贸情况"
    assert issue.classification == "内部资料 注意保存"
    assert (issue.number, issue.date, issue.publisher) == (3, dt.date(2013, 4, 15), "宜川县城区街道办事处")
    assert titles_and_paragraphs(issue) == [(
        "街道深入开展入户走访活动",
        ["今年以来，街道办事处扎实开展走访活动，共走访辖区居民一千二百余户。",
         "对收集到的意见建议，街道逐条建立台账，目前已办结七十二条。"],
    )]
    assert issue.distribution.groups() and issue.copies == 60
    # moving the line is a judgement: said so
    assert [w.field for w in result.warnings if "密级" in w.message] == ["classification"]
    # by its text alone the line under the masthead was taken into the series
    old = old_text_only(path)
    assert old.series != "财贸情况" and old.classification is None


def test_masthead_in_two_red_paragraphs_is_one_series_without_a_guess(tmp_path):
    b = Builder()
    b.para("成都市政府网站", size=36, color="FF3333", centred=True)
    b.para("工　作　简　报", size=36, color="FF3333", centred=True)
    b.para("第 6 期", centred=True)
    b.para("成都市政府网站管理中心\t2008年10月28日")
    b.para("网站群建设通过验收", size=22, centred=True)
    b.para("市政府网站群建设项目日前通过专家验收。")
    b.tail()
    result = import_file(b.save(tmp_path))
    assert result.issue.series == "成都市政府网站工作简报"
    assert not any(w.field == "series" for w in result.warnings)  # both lines are red: no need to ask


# --- titles by size ----------------------------------------------------------------------------------


def test_titles_by_size_where_the_text_cannot_tell(tmp_path):
    """22 pt titles over 16 pt body text (from the Normal style), nothing indented, no empty paragraphs.
    A title begins with 【…】 (an enumeration mark to the text importer), and the body has lines that look
    like titles: a `主要做法：` lead-in and an unpunctuated `附件：…` line."""
    b = Builder(body_pt=16)
    b.para("成都市政务服务简报", size=36, color="FF0000", centred=True)
    b.para("第12期", centred=True)
    b.para("成都市政务服务中心\t2013年5月6日")
    b.para("【窗口动态】市政务服务中心开展窗口服务培训", size=22, centred=True)
    b.para("5月2日，市政务服务中心组织各进驻部门窗口工作人员开展服务礼仪和业务知识培训。")
    b.para("主要做法：")
    b.para("一是集中授课，邀请专家讲解服务礼仪。")
    b.para("二是现场演练，模拟办件流程。")
    b.para("附件：培训课程安排表")
    b.para("市民热线受理群众诉求一万余件", size=22, centred=True)
    b.para("今年以来，市民服务热线共受理群众诉求一万零三百件，按时办结率百分之九十八。")
    b.tail()
    path = b.save(tmp_path)

    result = import_file(path)
    assert result.issue.series == "成都市政务服务简报"
    assert titles_and_paragraphs(result.issue) == [
        ("【窗口动态】市政务服务中心开展窗口服务培训", [
            "5月2日，市政务服务中心组织各进驻部门窗口工作人员开展服务礼仪和业务知识培训。",
            "主要做法：",
            "一是集中授课，邀请专家讲解服务礼仪。",
            "二是现场演练，模拟办件流程。",
            "附件：培训课程安排表",
        ]),
        ("市民热线受理群众诉求一万余件", ["今年以来，市民服务热线共受理群众诉求一万零三百件，按时办结率百分之九十八。"]),
    ]
    # every title came from the formatting: nothing was inferred from the text
    assert not any("按版式推断" in w.message for w in result.warnings)
    # the text alone got this wrong
    assert titles_and_paragraphs(old_text_only(path)) != titles_and_paragraphs(result.issue)


def test_heading_style_titles_after_an_unpunctuated_line(tmp_path):
    """`Heading 1` titles, left-aligned, at the body size and black (only the style tells), right after a
    body line that ends without punctuation."""
    b = Builder(body_pt=16)
    heading = b.document.styles["Heading 1"]
    heading.font.size = Pt(16)
    heading.font.color.rgb = RGBColor(0, 0, 0)
    b.para("财贸情况", size=36, color="E60012", centred=True)
    b.para("2013 年第 2 期")
    b.para("宜川县商务局\t2013年3月1日")
    b.para("全县一季度消费市场运行平稳", style="Heading 1")
    b.para("一季度，全县实现社会消费品零售总额三点二亿元，同比增长百分之十二。")
    b.para("数据来源：县统计局 www.yichuan.gov.cn")
    b.para("县商务局开展农村电商培训", style="Heading 1")
    b.para("3月下旬，县商务局在各乡镇开展农村电商培训，参训群众五百余人次。")
    b.tail()
    path = b.save(tmp_path)

    issue = import_file(path).issue
    assert (issue.series, issue.year, issue.number) == ("财贸情况", 2013, 2)
    assert titles_and_paragraphs(issue) == [
        ("全县一季度消费市场运行平稳", [
            "一季度，全县实现社会消费品零售总额三点二亿元，同比增长百分之十二。",
            "数据来源：县统计局 www.yichuan.gov.cn",
        ]),
        ("县商务局开展农村电商培训", ["3月下旬，县商务局在各乡镇开展农村电商培训，参训群众五百余人次。"]),
    ]
    # by the text alone the unpunctuated line and the title below it made one title
    assert [a.title for _, a in old_text_only(path).articles()] == [
        "全县一季度消费市场运行平稳", "数据来源：县统计局 www.yichuan.gov.cn县商务局开展农村电商培训"]


def test_title_size_inherited_through_based_on_styles(tmp_path):
    """Titles in a style whose size comes from the style it is based on; no run sets a size."""
    from docx.enum.style import WD_STYLE_TYPE

    b = Builder(body_pt=None)  # body: the document default (11 pt)
    styles = b.document.styles
    base = styles.add_style("简报大字", WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = styles["Normal"]
    base.font.size = Pt(20)
    title = styles.add_style("简报标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = base  # sets no size of its own
    b.para("现代高教信息", size=28, color="C00000")
    b.para("第1期(总第7期)")
    b.para("高教研究中心编\t2004年3月19日")
    b.para("学校召开本科教学工作会议", style="简报标题")
    b.para("3月15日，学校召开本科教学工作会议，部署新学期教学工作")
    b.para("会议由分管副校长主持", style="简报标题")  # a second title, not a sentence going on
    b.para("会议要求各学院抓好课堂教学质量。")
    b.tail()
    path = b.save(tmp_path)

    from jianbao_cli.importers.docx import _open, paragraph_formats

    sizes = [f.size for f in paragraph_formats(_open(path, "x"))]
    assert sizes[3] == 20 and sizes[4] == 11 and sizes[0] == 28

    issue = import_file(path).issue
    assert (issue.series, issue.number, issue.total_number) == ("现代高教信息", 1, 7)
    assert titles_and_paragraphs(issue) == [
        ("学校召开本科教学工作会议", ["3月15日，学校召开本科教学工作会议，部署新学期教学工作"]),
        ("会议由分管副校长主持", ["会议要求各学院抓好课堂教学质量。"]),
    ]


# --- uncertain or unformatted ------------------------------------------------------------------------


def test_a_size_only_slightly_larger_is_a_warning_not_a_title(tmp_path):
    b = Builder(body_pt=16)
    b.para("财贸情况", size=36, color="FF0000", centred=True)
    b.para("第3期")
    b.para("宜川县商务局\t2013年4月15日")
    b.para("街道深入开展入户走访活动", size=22, centred=True)
    b.para("今年以来，街道共走访辖区居民一千二百余户。")
    b.para("走访中收集意见建议八十六条", size=17)
    b.para("对收集到的意见建议，街道逐条建立台账。")
    b.tail()
    result = import_file(b.save(tmp_path))
    assert any("略大" in w.message and "17" in w.message for w in result.warnings)
    # the text decides that line: a short unpunctuated line at a paragraph boundary is read as a title,
    # and that inference is itself warned about
    assert any("按版式推断" in w.message for w in result.warnings)


def test_no_formatting_differences_reads_as_before(tmp_path):
    """All text the same size and colour: the formatting says nothing, the text importer decides alone."""
    from tests.conftest import SEED_TEXT

    b = Builder(body_pt=None)
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            b.para(line)
    path = b.save(tmp_path)
    assert import_file(path).issue == old_text_only(path)


def test_effective_formatting_follows_word_inheritance(tmp_path):
    """Run → character style → paragraph style chain → document defaults, for size, colour and bold."""
    from docx.enum.style import WD_STYLE_TYPE

    from jianbao_cli.importers.docx import _is_red, _open, paragraph_formats

    b = Builder(body_pt=None)
    styles = b.document.styles
    red_chars = styles.add_style("红字", WD_STYLE_TYPE.CHARACTER)
    red_chars.font.color.rgb = RGBColor(0xC0, 0, 0)
    red_chars.font.size = Pt(30)
    b.para("默认字号")  # document default: 11 pt
    p = b.para("")
    p.add_run("字符样式", style="红字")  # size and colour from the character style
    b.para("直接格式", size=18, color="0000FF", bold=True)
    b.para("标题样式", style="Heading 1")  # 14 pt bold, from the style
    formats = paragraph_formats(_open(b.save(tmp_path), "x"))
    assert [(f.size, f.red, f.bold) for f in formats] == [
        (11, False, False), (30, True, False), (18, False, True), (14, False, True)]
    assert formats[3].heading and not formats[0].heading
    assert all(_is_red(c) for c in ("FF0000", "C00000", "FF3333", "E60012", "cc0000"))
    assert not any(_is_red(c) for c in ("auto", "000000", "FF6600", "365F91", "800080", None))


def test_centred_bold_at_body_size_is_a_title_only_if_the_text_agrees(tmp_path):
    """Bold centred titles at the body size; a bold centred caption in brackets is not one (and is warned)."""
    b = Builder(body_pt=16)
    b.para("财贸情况", size=36, color="FF0000", centred=True)
    b.para("第3期")
    b.para("宜川县商务局\t2013年4月15日")
    b.para("县商务局开展农村电商培训", bold=True, centred=True)
    b.para("3月下旬，县商务局在各乡镇开展农村电商培训，参训群众五百余人次。")
    b.para("（图为培训现场）", bold=True, centred=True)
    b.para("培训结束后，学员们纷纷表示收获很大。")
    b.para("全县一季度消费市场运行平稳", bold=True, centred=True)
    b.para("一季度，全县实现社会消费品零售总额三点二亿元。")
    b.tail()
    result = import_file(b.save(tmp_path))
    assert titles_and_paragraphs(result.issue) == [
        ("县商务局开展农村电商培训", [
            "3月下旬，县商务局在各乡镇开展农村电商培训，参训群众五百余人次。",
            "（图为培训现场）",
            "培训结束后，学员们纷纷表示收获很大。",
        ]),
        ("全县一季度消费市场运行平稳", ["一季度，全县实现社会消费品零售总额三点二亿元。"]),
    ]
    assert any("（图为培训现场）" in w.message and "像标题" in w.message for w in result.warnings)
