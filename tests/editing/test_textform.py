"""The plain-text form of `jianbao article edit`: written, read back, and every problem with its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao_cli.editing.textform import FormError, format_article, is_blank, parse_article, read_article
from jianbao_cli.model.manifest import Article

ARTICLE = {
    "title": "新都区全面启用四川省道路运政信息系统",
    "note": "本文介绍了新都区的做法，供各地参考。",
    "paragraphs": [
        "新都区交通运输管理所正式启用“四川省道路运政信息系统”。",
        {"heading": "一、总体情况"},
        {"figure": "2008-06/photo-1.jpg", "caption": "图为系统启用现场"},
        {"heading": "（一）主要做法"},
        "# 不是小标题，是以井号开头的一段正文。",
        {"figure": "2008-06/photo-2.png"},
        "——这一段以破折号开头，不是来源。",
    ],
    "source": "市信息办供稿",
}

FORM = """\
新都区全面启用四川省道路运政信息系统

编者按：本文介绍了新都区的做法，供各地参考。

新都区交通运输管理所正式启用“四川省道路运政信息系统”。

# 一、总体情况

![图为系统启用现场](2008-06/photo-1.jpg)

# （一）主要做法

\\# 不是小标题，是以井号开头的一段正文。

![](2008-06/photo-2.png)

\\——这一段以破折号开头，不是来源。

——（市信息办供稿）
"""


def test_the_form_is_as_documented():
    text = format_article(ARTICLE)
    assert text.startswith(FORM + "\n// 以 // 开头的行是说明，保存时忽略。\n")
    assert format_article(ARTICLE, help=False) == FORM


def test_reading_the_form_gives_the_article_and_the_line_of_each_part():
    article, lines = parse_article(format_article(ARTICLE))
    assert article == ARTICLE
    assert lines == {"title": 1, "note": 3, **{f"paragraphs[{i}]": 5 + 2 * i for i in range(7)}, "source": 19}


def test_what_a_person_types_is_read_leniently():
    typed = (
        "// 这一行是说明\n"
        "  标题分两行\n写也可以  \n"
        "\n\n"
        "编者按:半角冒号也算。\n"
        "\n"
        "第一段的第一行，\n第一段的第二行。\n"
        "#二、没有空格的小标题\n"
        "紧跟小标题的一段。\n"
        "\r\n"
        "![ 说明 ]( 2008-06/a.jpg )\n"
        "\n"
        "——市信息办供稿\n"
    )
    article, _ = parse_article(typed)
    assert article == {
        "title": "标题分两行写也可以",
        "note": "半角冒号也算。",
        "paragraphs": [
            "第一段的第一行，第一段的第二行。",
            {"heading": "二、没有空格的小标题"},
            "紧跟小标题的一段。",
            {"figure": "2008-06/a.jpg", "caption": "说明"},
        ],
        "source": "市信息办供稿",
    }


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("标题\n\n第一段。\n\n编者按：放错了地方。\n", ["第 5 行：编者按只能紧跟在标题之后；若这是正文，请在行首加 \\"]),
        ("标题\n\n——（市信息办供稿）\n\n第一段。\n", ["第 3 行：来源（——（…））只能放在文章最后；若这是正文，请在行首加 \\"]),
        ("标题\n\n第一段。\n\n![图片说明(2008-06/a.jpg)\n", ["第 5 行：图片应写作 ![图片说明](2008-06/photo-1.jpg)，说明可以留空"]),
        ("标题\n\n#\n\n第一段。\n", ["第 3 行：小标题是空的：# 后面应写小标题，如 # 一、总体情况"]),
        ("# 一、总体情况\n\n第一段。\n", ["第 1 行：第一行应是文章标题（一行文字），不能是编者按、小标题、图片或来源"]),
        ("标题\n\n// 只有说明\n", ["正文是空的：标题之后至少要有一段文字、小标题或图片"]),
        ("标题\n\n编者按：\n\n第一段。\n\n——（）\n", ["第 3 行：编者按是空的：不要编者按就删去这一行", "第 7 行：来源是空的：不要来源就删去这一行"]),
        ("标题\n\n第一段。\n\n![说明](/etc/a.jpg)\n", ["第 5 行：图片路径应相对于 issues/ 文件夹，如 2008-06/photo-1.jpg，不能是绝对路径或含有 .."]),
        ("标题\n\n第一段\x01。\n", ["第 3 行：含有 XML 无法容纳的字符 U+0001（第 4 个字符），请删除"]),
    ],
)
def test_every_problem_names_its_line(text, problems):
    with pytest.raises(FormError) as caught:
        read_article(text)
    assert [str(p) for p in caught.value.problems] == problems


def test_only_comments_and_blank_lines_count_as_empty():
    assert is_blank("\n// 说明\n  \n//\n")
    assert not is_blank("// 说明\n标题\n")


# --- round trip, for every article the model accepts ---------------------------------------

# Characters that mean something in the form or in YAML, mixed with ordinary Chinese and Latin text.
TRICKY = list("#!/\\—[]()（）：:编者按") + ["——", "//", "![", "](", "编者按：", "\u3000", " ", "\t", "\u2028", "\x85"]
WORDS = st.text(alphabet="新都区政务网站信息办供稿一二三、。，abcXYZ019", min_size=1, max_size=6)
TEXT = st.lists(st.one_of(WORDS, st.sampled_from(TRICKY)), min_size=1, max_size=8).map("".join)
LINE = TEXT.filter(lambda s: s.strip() and "\n" not in s and "\r" not in s)
PATH = st.from_regex(r"2008-06/[a-z0-9\-]{1,8}\.(jpg|png)", fullmatch=True)
BLOCK = st.one_of(
    LINE,
    st.builds(lambda h: {"heading": h}, LINE),
    st.builds(lambda p, c: {"figure": p, **({"caption": c} if c else {})}, PATH, st.one_of(st.none(), LINE)),
)


@st.composite
def articles(draw) -> Article:
    data = {"title": draw(LINE), "paragraphs": draw(st.lists(BLOCK, min_size=1, max_size=6))}
    for key in ("note", "source"):
        if draw(st.booleans()):
            data[key] = draw(LINE)
    try:
        return Article.model_validate(data)
    except ValueError:
        from hypothesis import reject

        reject()  # e.g. a source that is only parentheses: the model refuses it, so does the form


@settings(max_examples=300, deadline=None)
@given(articles())
def test_parse_of_format_is_the_article_and_format_is_stable(article):
    text = format_article(article.model_dump(exclude_none=True))
    assert read_article(text) == article
    assert format_article(read_article(text).model_dump(exclude_none=True)) == text
