"""Each part of the text importer on its own: header, contents, body, tail over the shared line model."""

from __future__ import annotations

import pytest

from jianbao_cli.importers import ImportFailed
from jianbao_cli.importers.text.body import BodyReader
from jianbao_cli.importers.text.contents import ContentsReader
from jianbao_cli.importers.text.header import HeaderReader
from jianbao_cli.importers.text.lines import GAP_BLANK, GAP_PAGE, Document, Gap, Line
from jianbao_cli.importers.text.tail import TailReader


def test_lines_turn_page_numbers_and_rules_into_gaps_and_keep_indents():
    doc = Document("刊名\n— 2 —\n\u3000\u3000正文一行\n\n-----------\n\f下页")
    kinds = [(type(e).__name__, getattr(e, "kind", None) or e.text) for e in doc.entries]
    assert kinds == [("Line", "刊名"), ("Gap", GAP_PAGE), ("Line", "正文一行"), ("Gap", GAP_BLANK),
                     ("Gap", GAP_BLANK), ("Gap", GAP_BLANK), ("Gap", GAP_PAGE), ("Line", "下页")]
    assert doc.entries[2].indent and not doc.entries[0].indent


def test_header_reads_masthead_number_total_unit_and_date():
    reader = HeaderReader("（内部资料）\n信息简报\n2009 年第 1 期（总第 13 期）\n市信息办\n2009年1月20日\n正文")
    head, pos = reader._header()
    assert (head.series, head.year, head.number, head.total, head.units, head.classification) == (
        "信息简报", 2009, 1, 13, ["市信息办"], "内部资料")
    assert head.date.isoformat() == "2009-01-20"
    assert isinstance(reader.entries[pos], Line) and reader.entries[pos].text == "正文"


def test_header_without_issue_line_fails_with_a_reason():
    with pytest.raises(ImportFailed, match="找不到期号"):
        HeaderReader("一段文字\n又一段")._header()


def test_contents_items_under_section_headings():
    reader = ContentsReader("目录\n工作动态\n☞ 甲乙丙丁会议召开\n\n甲乙丙丁会议召开\n正文。")
    items, body_start = reader._contents(0, len(reader.entries))
    assert [(it.title, it.section) for it in items] == [("甲乙丙丁会议召开", "工作动态")]
    assert reader.entries[body_start].text == "甲乙丙丁会议召开"


def test_body_paragraphs_join_a_sentence_cut_by_a_page():
    reader = BodyReader("标题\n第一段说到一半\n— 2 —\n接着说完。\n第二段。")
    entries = reader.entries[1:]
    assert reader._paragraphs(entries, 0) == ["第一段说到一半接着说完。", "第二段。"]


def test_tail_lists_copies_and_contact():
    reader = TailReader("正文。\n\n送：甲 乙，丙\n丁\n（共印 30 份）\n联系电话：1234")
    start = reader._find_tail(0)
    tail = reader._tail(start)
    assert tail.dist == {"送": ["甲", "乙", "丙", "丁"]}
    assert (tail.copies, tail.contact) == (30, "联系电话：1234")


def test_gap_and_line_are_the_models_every_part_shares():
    assert Gap(GAP_BLANK, 1).kind == "blank" and Line(1, "x").span == 1
