"""The manifest model and its YAML file: validation messages with lines, XML-safe text, round trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jianbao_cli.errors import ProblemList
from jianbao_cli.model.manifest import Issue
from jianbao_cli.model.yamlio import issue_to_yaml, load_manifest

from tests.conftest import REPO, SEED_TEXT

EXAMPLE = REPO / "issues" / "2008-06.yaml"


def test_example_issue_reproduces_the_seed_completely():
    issue = load_manifest(EXAMPLE).issue
    assert (issue.series, issue.year, issue.number, issue.date) == ("成都市政府网站简报", 2008, 6, dt.date(2008, 10, 28))
    assert issue.publisher == "成都市经济信息中心"
    assert issue.contact == "成都市经济信息中心 电话：87763494 87790665（传真） Email: editor@chengdu.gov.cn"
    assert issue.distribution["送"] == [
        "市政府秘书长",
        "市信息办主任、副主任",
        "市政府办公厅信息处、政务公开处",
        "市委外宣办网络综合处、市委宣传部新闻出版处",
        "市信息办综合处、推进处",
    ]
    assert issue.distribution["发"] == ["市政府各部门", "区（市）县信息办"]
    seed = SEED_TEXT.read_text(encoding="utf-8")
    seed_lines = [line.strip() for line in seed.splitlines() if line.strip()]
    # Every line of the seed body is in a paragraph of the manifest, in order; the two paragraphs
    # broken at a page boundary in the PDF extraction are whole again.
    body_text = "".join(p for _, a in issue.articles() for p in [a.title, *a.paragraphs])
    start = seed_lines.index("政府创新与电子政府建设研讨会在成都召开")
    end = next(i for i, line in enumerate(seed_lines) if line.startswith("送："))
    assert "".join(seed_lines[start:end]) == body_text
    paragraphs = [p for _, a in issue.articles() for p in a.paragraphs]
    assert any(p.endswith("得到了与会专家的一致好评。") and p.startswith("成都市经济信息中心主任阎星") for p in paragraphs)
    assert any("通过在线对话，与群众实现即时沟通" in p for p in paragraphs)
    assert all(p.endswith(("。", "”")) for p in paragraphs)


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "2008-06.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_crlf_and_bom_are_accepted(tmp_path):
    original = EXAMPLE.read_text(encoding="utf-8")
    path = _write(tmp_path, b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    assert load_manifest(path).issue == load_manifest(EXAMPLE).issue


def test_empty_title_is_named_with_file_line_and_field(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "      - title: 金牛开通在线政务服务第一时间解答群众疑问", "      - title: ''"
    )
    path = _write(tmp_path, text)
    with pytest.raises(ProblemList) as caught:
        load_manifest(path, "issues/2008-06.yaml")
    line = text.splitlines().index("      - title: ''") + 1
    assert caught.value.problems == [f"issues/2008-06.yaml:{line} sections[1].articles[1].title: 不能为空"]


def test_every_problem_is_reported_at_once(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("number: 6", "number: six").replace(
        "date: 2008-10-28", "date: 28 October"
    )
    with pytest.raises(ProblemList) as caught:
        load_manifest(_write(tmp_path, text), "x.yaml")
    messages = caught.value.problems
    assert "x.yaml:4 number: 应为整数" in messages
    assert "x.yaml:7 date: 应为日期，如 2008-10-28" in messages


@pytest.mark.parametrize(
    "char, name",
    [("\x01", "U+0001"), ("\x0b", "U+000B"), ("\ufffe", "U+FFFE")],
)
def test_text_xml_cannot_hold_is_refused_with_its_position(tmp_path, char, name):
    text = EXAMPLE.read_text(encoding="utf-8").replace("新都区交通运输管理所", f"新都区{char}交通运输管理所")
    with pytest.raises(ProblemList) as caught:
        load_manifest(_write(tmp_path, text), "m.yaml")
    line = next(i for i, l in enumerate(text.split("\n"), 1) if char in l)
    (message,) = caught.value.problems
    assert message.startswith(f"m.yaml:{line}: ") and name in message


def test_escaped_lone_surrogate_is_refused_at_its_field(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "      - title: 新都区全面启用四川省道路运政信息系统", '      - title: "新都区\\ud800系统"'
    )
    with pytest.raises(ProblemList) as caught:
        load_manifest(_write(tmp_path, text), "m.yaml")
    (message,) = caught.value.problems
    assert "sections[1].articles[3].title" in message and "U+D800" in message


def test_yaml_round_trip_of_a_model_is_lossless():
    issue = load_manifest(EXAMPLE).issue
    from ruamel.yaml import YAML

    assert Issue.model_validate(YAML(typ="safe").load(issue_to_yaml(issue))) == issue
