"""`jianbao diff`: the JSON of every kind of change, checked exactly; exit statuses; the text forms."""

from __future__ import annotations

import json
import shutil

from tests.conftest import run_cli
from tests.review.conftest import (
    A1, ADDED, ADDED_TEXT, B1, B2, B2_NEW, B3, B4, CAPTION, EDIT_NEW, EDIT_OLD, FIGURE, LABEL_ADDED, SECTION_1,
    SECTION_2, approve, every_edit,
)


def _paragraph(workspace_dir, title: str, index: int) -> str:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((workspace_dir / "issues/2008-06.yaml").read_text(encoding="utf-8"))
    for section in data["sections"]:
        for article in section["articles"]:
            if article["title"] == title:
                return article["paragraphs"][index]
    raise KeyError(title)


def _hash(path):
    from jianbao_cli.model.digest import content_hash
    from jianbao_cli.model.yamlio import load_manifest

    return content_hash(load_manifest(path).issue, path.parent)


def test_equal_after_sign_off_exits_0(base):
    approve(base)
    done = run_cli("diff", "2008-06", cwd=base)
    assert done.returncode == 0, done.stderr
    assert "没有改动" in done.stdout
    data = json.loads(run_cli("diff", "2008-06", "--json", cwd=base).stdout)
    assert data["equal"] is True and data["articles"] == [] and data["distribution"] == []


def test_every_kind_of_change_in_json_exactly(base):
    approve(base)
    old_hash = _hash(base / "issues/2008-06.yaml")
    before = _paragraph(base, A1, 2)
    every_edit(base)
    after = _paragraph(base, A1, 2)
    done = run_cli("diff", "2008-06", "--json", cwd=base)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)

    label = data["old"].pop("label")
    assert label.startswith("王主任 ") and label.endswith("签发的版本")
    prefix, suffix = before.split(EDIT_OLD)
    assert data["old"] == {"hash": old_hash}
    assert data["new"] == {"label": "当前稿", "hash": _hash(base / "issues/2008-06.yaml")}
    assert data["equal"] is False
    assert data["counts"] == {"added": 1, "removed": 1, "moved": 1, "retitled": 1, "edited": 2, "paragraphs": 2}
    assert data["header"] == []
    assert data["sections"] == []
    assert data["distribution"] == [{"key": "发", "added": [LABEL_ADDED], "removed": []}]
    unchanged_article = {"retitled": False, "old_title": None, "moved": False, "from": None, "note": None,
                         "source": None}
    assert data["articles"] == [
        {**unchanged_article, "change": "changed", "title": A1, "at": {"section": SECTION_1, "position": 1},
         "blocks": [{"change": "edited", "kind": "text", "old_index": 3, "new_index": 3, "old": before, "new": after,
                     "marked": f"{prefix}提供了更[-大-]{{+为广阔+}}的空间{suffix}",
                     "ops": [["=", prefix + "提供了更"], ["-", "大"], ["+", "为广阔"], ["=", "的空间" + suffix]]}],
         "unchanged": 5},
        {**unchanged_article, "change": "changed", "title": B3, "at": {"section": SECTION_1, "position": 2},
         "moved": True, "from": {"section": SECTION_2, "position": 3}, "blocks": [], "unchanged": 1},
        {**unchanged_article, "change": "changed", "title": B1, "at": {"section": SECTION_2, "position": 1},
         "blocks": [{"change": "edited", "kind": "figure", "old_index": 2, "new_index": 2,
                     "old": {"figure": FIGURE, "caption": CAPTION}, "new": {"figure": FIGURE, "caption": CAPTION},
                     "file_changed": True, "caption_marked": None}],
         "unchanged": 1},
        {**unchanged_article, "change": "changed", "title": B2_NEW, "at": {"section": SECTION_2, "position": 2},
         "retitled": True, "old_title": B2, "blocks": [], "unchanged": 3},
        {"change": "added", "title": ADDED, "at": {"section": SECTION_2, "position": 3}},
        {"change": "removed", "title": B4, "at": {"section": SECTION_2, "position": 4}},
    ]


def test_text_output_marks_without_colour_and_colours_in_a_terminal(base):
    approve(base)
    every_edit(base)
    plain = run_cli("diff", "2008-06", cwd=base, env={"NO_COLOR": "1"})
    assert plain.returncode == 1
    out = plain.stdout
    assert "提供了更[-大-]{+为广阔+}的空间" in out
    assert f"移动文章：《{B3}》 “{SECTION_2}”第 3 篇 → “{SECTION_1}”第 2 篇" in out
    assert f"标题改动：《{B2}》 → 《{B2_NEW}》" in out
    assert f"新增文章：《{ADDED}》（“{SECTION_2}”第 3 篇）" in out
    assert f"删去文章：《{B4}》（原在“{SECTION_2}”第 4 篇）" in out
    assert f"分发：发：增加 {LABEL_ADDED}" in out
    assert f"{FIGURE} 文件内容已更换" in out
    assert "其余 5 项未改动" in out
    assert "\x1b[" not in out
    coloured = run_cli("diff", "2008-06", cwd=base, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert coloured.returncode == 1
    assert "\x1b[" in coloured.stdout and "[-大-]" not in coloured.stdout
    assert "为广阔" in coloured.stdout


def test_against_a_file_and_against_a_hash(base, tmp_path):
    shutil.copy(base / "issues/2008-06.yaml", tmp_path / "old.yaml")
    (tmp_path / "2008-06").mkdir()
    shutil.copy(base / "issues" / FIGURE, tmp_path / FIGURE)
    assert run_cli("diff", "2008-06", "--against", str(tmp_path / "old.yaml"), cwd=base).returncode == 0
    approve(base)
    event = json.loads(run_cli("approvals", "2008-06", "--json", cwd=base).stdout)["approvals"][0]
    every_edit(base)
    by_file = json.loads(run_cli("diff", "2008-06", "--against", str(tmp_path / "old.yaml"), "--json", cwd=base).stdout)
    by_hash = json.loads(run_cli("diff", "2008-06", "--against", event["snapshot"][:10], "--json", cwd=base).stdout)
    by_version = json.loads(run_cli("diff", "2008-06", "--against", event["review_hash"][:12], "--json", cwd=base).stdout)
    assert by_version["articles"] == by_hash["articles"]
    approved = json.loads(run_cli("diff", "2008-06", "--against", "approved", "--json", cwd=base).stdout)
    assert by_file["articles"] == by_hash["articles"] == approved["articles"]
    assert len(by_file["articles"]) == 6


def test_never_sent_nor_approved_is_an_input_error(workspace_dir):
    done = run_cli("diff", "2008-06", cwd=workspace_dir)
    assert done.returncode == 2
    assert "既没有发送过也没有签发过" in done.stderr and "Traceback" not in done.stderr
    assert run_cli("diff", "2008-06", "--against", "sent", cwd=workspace_dir).returncode == 2


def test_library_diff_of_two_issues(base):
    from jianbao_cli.model.yamlio import load_manifest
    from jianbao_cli.review import Version, diff

    old = load_manifest(base / "issues/2008-06.yaml")
    every_edit(base)
    new = load_manifest(base / "issues/2008-06.yaml")
    changes = diff(Version(old.issue, None, "旧"), Version(new.issue, None, "新"))
    assert not changes.equal
    assert {a["change"] for a in changes.articles} == {"changed", "added", "removed"}
    assert diff(Version(new.issue, None, "a"), Version(new.issue, None, "b")).equal


def test_fast_reader_agrees_with_the_full_loader_on_yaml_1_2(workspace_dir):
    """`diff` reads manifests through libyaml; `on`, `no`, `010` and `1:30` must stay what ruamel reads."""
    from jianbao_cli.model.yamlio import load_manifest
    from jianbao_cli.review.quickload import quick_issue

    path = workspace_dir / "issues/2008-06.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      - title: 成都市行政审批电子监察系统在武侯区试点",
                        "      - title: 'no'\n        paragraphs: [on, yes, '1:30', 1:30]\n"
                        "      - title: 成都市行政审批电子监察系统在武侯区试点")
    path.write_text(text.replace("copies: null", "copies: 010"), encoding="utf-8")
    full = load_manifest(path).issue
    assert quick_issue(path) == full
    assert full.sections[1].articles[0].paragraphs == ["on", "yes", "1:30", "1:30"]
    path.write_text(text.replace("number: 6", "number: 六"), encoding="utf-8")
    assert quick_issue(path) is None  # invalid: the full loader explains it, with its line


def test_long_paragraphs_are_compared_character_by_character():
    """Frequent characters of a long Chinese paragraph must not be treated as junk (autojunk off)."""
    from jianbao_cli.review.changes import char_ops

    old = "推进政府网站建设，" * 40
    new = old[:180] + "切实" + old[180:]
    assert char_ops(old, new) == [["=", old[:180]], ["+", "切实"], ["=", old[180:]]]


def test_notes_sources_headings_captions_and_header_fields(base):
    from jianbao_cli.model.yamlio import load_manifest
    from jianbao_cli.review import Version, diff
    from tests.review.conftest import edit

    path = base / "issues/2008-06.yaml"
    old = load_manifest(path).issue

    def change(data):
        data["date"] = data["date"].replace(day=29)
        article = data["sections"][1]["articles"][0]
        article["note"] = "请各区县参照执行。"
        article["source"] = "市监察局供稿"
        article["paragraphs"].insert(0, {"heading": "一、基本情况"})
        article["paragraphs"][-1]["caption"] = "图为武侯区政务中心"

    edit(base, change)
    changes = diff(Version(old, base / "issues", "旧"), Version(load_manifest(path).issue, base / "issues", "新"))
    assert changes.header == [{"field": "date", "label": "日期", "old": "2008-10-28", "new": "2008-10-29"}]
    (article,) = changes.articles
    assert article["note"] == {"old": None, "new": "请各区县参照执行。", "marked": "{+请各区县参照执行。+}"}
    assert article["source"] == {"old": None, "new": "市监察局供稿", "marked": "{+市监察局供稿+}"}
    assert article["blocks"] == [
        {"change": "added", "kind": "heading", "index": 1, "text": "一、基本情况"},
        {"change": "edited", "kind": "figure", "old_index": 2, "new_index": 3,
         "old": {"figure": FIGURE, "caption": CAPTION}, "new": {"figure": FIGURE, "caption": "图为武侯区政务中心"},
         "file_changed": False, "caption_marked": "图为[-试点现场-]{+武侯区政务中心+}"},
    ]
    from jianbao_cli.review.present import detail_lines

    text = "\n".join(detail_lines(changes, color=False))
    assert "报头：日期 2008-10-28 → 2008-10-29" in text
    assert "编者按：{+请各区县参照执行。+}" in text and "来源：{+市监察局供稿+}" in text
    assert "新增第 1 项小标题：{+一、基本情况+}" in text
    assert "图片（第 3 项）：说明：图为[-试点现场-]{+武侯区政务中心+}" in text
