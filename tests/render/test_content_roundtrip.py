"""Article text is data, never template: whatever an editor typed comes out exactly as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao_cli.model.manifest import Issue
from jianbao_cli.settings import LayoutSettings
from tests.conftest import REPO
from tests.render.conftest import Docx

TEMPLATE = REPO / "templates" / "briefing.docx"

ADVERSARIAL = [
    "a < b && c > d",
    "AT&T 与 R&D；&amp; 不是 &",
    "{{ x }} 和 {{ series }} 都不应被替换",
    "{% if true %}不应执行{% endif %}",
    "{%p for a in sections %} {#注释#} {{",
    "docxtpl 转义 {_{ x }_} {_% y %_} 保持原样",
    "引号 \"双\" 'single' “全角” ‘单’ <w:t>假标签</w:t> ]]> <![CDATA[",
    "表情 😀👍🏽 与 🇨🇳",
    "扩展 B 区汉字：𠀀𠀁𪚥𫝀 𤭢",
    "制表\t符与  两个空格  之间",
    "长" * 5000,
]


def issue_with(paragraphs: list[str], title: str = "测试 <标题> & {{ title }}") -> Issue:
    return Issue.model_validate({
        "series": "简报 & <刊名> {{ series }}",
        "year": 2024, "number": 3, "date": dt.date(2024, 3, 1),
        "publisher": "单位 {% raw %}",
        "sections": [{"title": "栏目 {{ section.title }} &", "articles": [{"title": title, "paragraphs": paragraphs}]}],
        "distribution": {"送": ["甲 & 乙", "{{ line.key }}"], "发": ["<丙>"]},
        "contact": "电话：<1234> & {{ contact }}",
        "copies": 3,
    })


def render(issue: Issue, tmp_path) -> Docx:
    from jianbao_cli.render import render_document

    return Docx.open(render_document(issue, TEMPLATE, LayoutSettings(), tmp_path / "out.docx"))


def test_adversarial_text_round_trips_exactly(tmp_path):
    issue = issue_with(ADVERSARIAL)
    doc = render(issue, tmp_path)
    assert doc.texts("JB Body") == ADVERSARIAL
    assert doc.texts("JB Article Title") == [issue.sections[0].articles[0].title]
    assert doc.texts("JB Masthead") == [issue.series]
    assert doc.texts("JB TOC Section") == [issue.sections[0].title]
    assert doc.texts("JB Unit Date") == [f"{issue.publisher}\t2024 年 3 月 1 日"]
    assert doc.texts("JB Distribution") == ["送：甲 & 乙 {{ line.key }}", "发：<丙>"]
    assert doc.texts("JB Contact") == [issue.contact]
    assert doc.texts("JB Copies") == ["（共印 3 份）"]


def test_a_tab_in_text_is_a_word_tab(tmp_path):
    doc = render(issue_with(["前\t后"]), tmp_path)
    body = next(p for p in doc.paragraphs() if p.style == "JB Body")
    assert body.element.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tab") is not None
    assert body.text == "前\t后"


def test_python_docx_reads_the_same_text(tmp_path):
    import docx

    path = render(issue_with(ADVERSARIAL), tmp_path).path
    texts = [p.text for p in docx.Document(path).paragraphs if p.style.name == "JB Body"]
    assert texts == ADVERSARIAL


def test_xml_illegal_text_is_refused_before_rendering():
    with pytest.raises(Exception) as info:
        issue_with(["控制字符\x01在此"])
    assert "U+0001" in str(info.value)


# Any XML-legal single-line text, including astral characters and markup-looking text.
xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff\u2028\u2029\x85"),
    min_size=1, max_size=80,
).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(xml_text, min_size=1, max_size=4))
def test_any_text_round_trips(tmp_path, paragraphs):
    doc = render(issue_with(paragraphs), tmp_path)
    assert doc.texts("JB Body") == paragraphs


def test_notes_headings_captions_sources_and_figure_paths_are_data_too(tmp_path):
    """The new parts go through the same escaping, and a figure path with markup characters is
    stored in the drawing's attributes intact: the import gives the same manifest back."""
    from jianbao_cli.importers import import_file
    from jianbao_cli.render import render_document
    from jianbao_cli.render.figures import tiny_png

    path = "2024-03/a&b \"c\" <d> 'e' {{ f }}.png"
    (tmp_path / "2024-03").mkdir()
    (tmp_path / "2024-03" / path.split("/")[1]).write_bytes(tiny_png())
    issue = issue_with(["正文"])
    data = issue.model_dump(mode="python", by_alias=True)
    article = data["sections"][0]["articles"][0]
    data["distribution"] = {"送": ["甲&乙"]}  # the 报尾 separates labels by spaces: none inside one here
    article["note"] = "编者按：{{ article.note }} & <b>"  # a note that starts with the label keeps it
    article["source"] = "（供稿）& {% endif %}（<x>）"
    article["paragraphs"] = [
        {"heading": "一、{{ block.text }} & <i>"},
        {"figure": path, "caption": "说明 {{ block.caption }} & \"引号\" <c>"},
        "正文 {%p endfor %}",
        {"heading": "（1）{%p if x %}"},
    ]
    issue = Issue.model_validate(data)
    out = render_document(issue, TEMPLATE, LayoutSettings(), tmp_path / "out.docx", figure_root=tmp_path)
    doc = Docx.open(out)
    assert doc.texts("JB Heading 1") == ["一、{{ block.text }} & <i>"]
    assert doc.texts("JB Note") == ["编者按：编者按：{{ article.note }} & <b>"]
    assert doc.texts("JB Caption") == ["说明 {{ block.caption }} & \"引号\" <c>"]
    # two pairs of parentheses, not one enclosing pair: the model keeps them; the print adds its own
    assert issue.sections[0].articles[0].source == "（供稿）& {% endif %}（<x>）"
    assert doc.texts("JB Source") == ["（（供稿）& {% endif %}（<x>））"]
    result = import_file(out)
    assert result.issue == issue
    assert list(result.figures) == [path]
