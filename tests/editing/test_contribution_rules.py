"""The rules that make an article of a file's paragraphs, the same for every format (no files needed)."""

from __future__ import annotations

import struct

import pytest

from jianbao_cli.editing.contribution import Piece, StagedImage, clean_text, shape
from jianbao_cli.editing.pictures import Stager
from jianbao_cli.editing.textfile import markdown_pieces, text_pieces
from jianbao_cli.errors import JianbaoError


def _image(name: str = "a") -> StagedImage:
    return StagedImage(opener=None, ext="jpg", crc=ord(name), size=1, width=1, height=1)


@pytest.mark.parametrize(("raw", "clean"), [
    ("第一行，\n第二行。", "第一行，第二行。"),  # a manual line break inside Chinese: no space
    ("Latin\nwords", "Latin words"),
    ("\u3000\u3000首行缩进的段落。", "首行缩进的段落。"),
    ("\t制表符缩进。", "制表符缩进。"),
    ("软\u00ad连字符和零\u200b宽\u200d字符\ufeff。", "软连字符和零宽字符。"),
    ("中文\t（作者：张三）", "中文 （作者：张三）"),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def _shape(*pieces, title=None):
    warnings: list[str] = []
    found = shape(list(pieces), display="稿件.docx", title=title, warnings=warnings)
    return found, warnings


@pytest.mark.parametrize(("line", "source"), [
    ("（市信息办供稿）", "市信息办供稿"),
    ("（作者：张三）", "作者：张三"),
    ("（供稿：市信息办）", "供稿：市信息办"),
    ("(武侯区信息办 报送)", "武侯区信息办 报送"),
    ("（完）", None),
    ("（二〇〇八年十月）", None),
])
def test_source_line_at_the_end(line, source):
    (_, _, _, blocks, found), _ = _shape(Piece("标题", title_look=True), Piece("正文。"), Piece(line))
    assert found == source
    assert blocks == (["正文。"] if source else ["正文。", line])


@pytest.mark.parametrize(("piece", "heading"), [
    (Piece("一、总体情况"), True),
    (Piece("（二）主要做法"), True),
    (Piece("一、总体情况。今年以来，我区按照市里的部署开展了工作。"), False),
    (Piece("1.网站建设"), False),  # a numbered list item in body type
    (Piece("1.网站建设", heading_look=True), True),
    (Piece("工作成效", heading_look=True), True),  # a bold lead line
    (Piece("今年以来全区共办理审批事项一万余件，群众满意率达到百分之九十八以上。", heading_look=True), False),
    (Piece("主要做法：", heading_look=True), False),
])
def test_sub_headings(piece, heading):
    (_, _, _, blocks, _), _ = _shape(Piece("标题", title_look=True), piece, Piece("正文。"))
    assert blocks[0] == ({"heading": piece.text} if heading else piece.text)


def test_captions_beside_pictures():
    first, second, third = _image("a"), _image("b"), _image("c")
    (_, _, _, blocks, _), _ = _shape(
        Piece("标题", title_look=True),
        Piece("图为会议现场"), Piece(image=first),  # a caption above its picture
        Piece(image=second), Piece("市领导视察", centred=True),  # a centred short line below
        Piece("一段正文，居中也不算说明。", centred=True), Piece(image=third), Piece("下一段正文。"),
    )
    assert [(chr(b.image.crc), b.caption) if hasattr(b, "image") else b for b in blocks] == [
        ("a", "图为会议现场"), ("b", "市领导视察"), "一段正文，居中也不算说明。", ("c", None), "下一段正文。"]


def test_note_on_its_own_line_and_title_rules():
    (title, title_from, note, blocks, _), warnings = _shape(
        Piece("标题", title_look=True), Piece("编者按："), Piece("按语正文。"), Piece("正文。"))
    assert (title, title_from, note, blocks, warnings) == ("标题", "file", "按语正文。", ["正文。"], [])
    with pytest.raises(JianbaoError) as refused:
        _shape(Piece("正文第一段就开始了，没有标题。"), Piece("正文。"))
    assert str(refused.value) == "稿件.docx 里找不到标题（第一段“正文第一段就开始了，没有标题。”不是标题格式）：请用 --title 指定标题。"
    (title, title_from, _, blocks, _), warnings = _shape(Piece("正文。"), title="给定标题")
    assert (title, title_from, blocks, warnings) == ("给定标题", "option", ["正文。"], [])
    with pytest.raises(JianbaoError, match="除了标题没有正文"):
        _shape(Piece("标题", title_look=True))


def test_text_title_needs_a_blank_line_after_it():
    assert [p.title_look for p in text_pieces("标题\n\n正文。\n")] == [True, False]
    assert [p.text for p in text_pieces("标题\n正文。\n")] == ["标题正文。"]  # a hard wrap, not a title
    assert [p.title_look for p in text_pieces("一、总体情况\n\n正文。\n")] == [False, False]
    pieces = text_pieces("标题\n\n\u3000\u3000第一段。\n\u3000\u3000第二段，\n接着写。\n")
    assert [p.text for p in pieces] == ["标题", "第一段。", "第二段，接着写。"]


EMF = struct.pack("<II", 1, 88) + b"\x00" * 32 + b" EMF" + b"\x00" * 44


def test_vector_and_remote_pictures_are_skipped_with_a_warning(tmp_path):
    (tmp_path / "图.emf").write_bytes(EMF)
    text = "# 标题\n\n正文。\n\n![示意图](图.emf)\n\n![远程](https://example.org/a.jpg)\n"
    warnings: list[str] = []
    pieces = markdown_pieces(text, tmp_path, Stager(tmp_path / "scratch"), warnings)
    assert [p.text for p in pieces] == ["标题", "正文。"]
    assert warnings == [
        "第 1 张图片是 EMF 矢量图，简报无法印出，已跳过；请在 Word 里另存为 PNG 或 JPEG 后再插入",
        "第 2 张图片（https://example.org/a.jpg）是网络地址，不会下载，已跳过",
    ]


def test_chinese_counting_as_word_writes_it():
    from jianbao_cli.editing.numbering import chinese_counting

    assert [chinese_counting(n) for n in (1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 120)] == [
        "一", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "一百二十"]
