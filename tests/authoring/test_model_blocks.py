"""The article's optional parts: editor's note, source, sub-headings and figures in `paragraphs`."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest

from jianbao_cli.errors import ProblemList
from jianbao_cli.model import Figure, Heading, heading_level
from jianbao_cli.model.digest import content_hash
from jianbao_cli.model.yamlio import issue_to_yaml, load_manifest

from tests.conftest import REPO

EXAMPLE = REPO / "issues" / "2008-06.yaml"
# 1×1 PNG and a minimal baseline JPEG (2×3) written by hand, so the model needs no image library.
PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG_HEAD = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffc0000b080003000201011100ffd9")

ARTICLE_WITH_EVERYTHING = """\
      - title: 新都区启用运政信息系统   # 来稿
        note: 本文介绍了新都区的做法，供各地参考。
        paragraphs:
          - 第一段。
          - {heading: 一、总体情况}
          - {figure: 2008-06/photo-1.jpg, caption: 图为系统启用现场}
          - {heading: （一）主要做法}
          - 第二段。
          - {figure: 2008-06/photo-2.png}
        source: （新都区信息办供稿）
"""


def _workspace(tmp_path: Path, article: str = ARTICLE_WITH_EVERYTHING) -> Path:
    issues = tmp_path / "issues"
    (issues / "2008-06").mkdir(parents=True)
    (issues / "2008-06" / "photo-1.jpg").write_bytes(JPEG_HEAD)
    (issues / "2008-06" / "photo-2.png").write_bytes(PNG_1x1)
    text = EXAMPLE.read_text(encoding="utf-8")
    marker = "  - title: 政府网站群动态\n    articles:\n"
    assert marker in text
    manifest = issues / "2008-06.yaml"
    manifest.write_text(text.replace(marker, marker + article), encoding="utf-8")
    return manifest


def test_note_source_headings_and_figures_load(tmp_path):
    issue = load_manifest(_workspace(tmp_path)).issue
    article = issue.sections[1].articles[0]
    assert article.note == "本文介绍了新都区的做法，供各地参考。"
    assert article.source == "新都区信息办供稿"  # the parentheses are the layout's, not the text's
    assert article.texts() == ["第一段。", "第二段。"]
    assert [h.heading for h in article.headings()] == ["一、总体情况", "（一）主要做法"]
    assert [h.level for h in article.headings()] == [1, 2]
    assert article.figures() == [
        Figure(figure="2008-06/photo-1.jpg", caption="图为系统启用现场"),
        Figure(figure="2008-06/photo-2.png"),
    ]


def test_yaml_round_trip_keeps_the_hand_written_forms(tmp_path):
    manifest = _workspace(tmp_path)
    issue = load_manifest(manifest).issue
    text = issue_to_yaml(issue)
    assert "- {heading: 一、总体情况}" in text
    assert "- {figure: 2008-06/photo-1.jpg, caption: 图为系统启用现场}" in text
    assert "- {figure: 2008-06/photo-2.png}" in text
    assert "note:" not in text.split("新都区启用运政信息系统")[0]  # absent keys stay absent
    manifest.write_text(text, encoding="utf-8")
    assert load_manifest(manifest).issue == issue


@pytest.mark.parametrize(
    ("text", "level"),
    [("一、总体情况", 1), ("（一）主要做法", 2), ("(二)成效", 2), ("1.网站建设", 3), ("2．整改", 3), ("（1）第一步", 4), ("工作成效", 1)],
)
def test_heading_level_follows_its_numbering(text, level):
    assert heading_level(text) == level
    assert Heading(heading=text).level == level


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        ("photo-1.jpg, caption", "photo-9.jpg, caption"),
        ("2008-06/photo-2.png", "2008-06/notes.txt"),
        ("2008-06/photo-2.png", "2008-06/anim.gif"),
        ("2008-06/photo-2.png", "2008-06"),
        ("2008-06/photo-2.png", "../secret.png"),
        ("{heading: 一、总体情况}", "{headline: 一、总体情况}"),
        ("{heading: 一、总体情况}", "{heading: ''}"),
        ("caption: 图为系统启用现场", "caption: 图为系统启用现场, size: 3"),
    ],
)
def test_a_bad_figure_or_block_names_file_line_and_field(tmp_path, replace, expected):
    manifest = _workspace(tmp_path)
    (manifest.parent / "2008-06" / "notes.txt").write_text("不是图片", encoding="utf-8")
    (manifest.parent / "2008-06" / "anim.gif").write_bytes(b"GIF89a" + b"\0" * 20)
    text = manifest.read_text(encoding="utf-8")
    changed = text.replace(replace, expected, 1)
    manifest.write_text(changed, encoding="utf-8")
    line = next(n for n, (old, new) in enumerate(zip(text.splitlines(), changed.splitlines()), 1) if old != new)
    before = manifest.read_bytes()
    with pytest.raises(ProblemList) as caught:
        load_manifest(manifest, "issues/2008-06.yaml")
    messages = [str(p) for p in caught.value.items]
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith(f"issues/2008-06.yaml:{line} sections[1].articles[0].paragraphs["), message
    assert "<figure>" not in message and "<heading>" not in message
    reason = {
        "photo-9.jpg, caption": "图片文件不存在",
        "2008-06/notes.txt": "不是 JPEG 或 PNG 图片",
        "2008-06/anim.gif": "这是 GIF 图片",
        "2008-06": "文件夹",
        "../secret.png": "不能是绝对路径或含有 ..",
        "{headline: 一、总体情况}": "每项应为一段文字",
        "{heading: ''}": "不能为空",
        "caption: 图为系统启用现场, size: 3": "未知的项",
    }[expected]
    assert reason in message, message
    assert manifest.read_bytes() == before


def test_old_manifests_keep_their_content_hash():
    # The hash the delivery ledger recorded for the example before articles had optional parts:
    # changing it would make every sent issue look new and send it again.
    issue = load_manifest(EXAMPLE).issue
    assert content_hash(issue, EXAMPLE.parent) == "7c95972601260ff41767f1f069eccef692650983942389fa5bbec998352bc0cd"


def test_replacing_a_photo_under_the_same_name_changes_the_content_hash(tmp_path):
    manifest = _workspace(tmp_path)
    issue = load_manifest(manifest).issue
    before = content_hash(issue, manifest.parent)
    shutil.copyfile(manifest.parent / "2008-06" / "photo-2.png", manifest.parent / "2008-06" / "photo-1.jpg")
    assert content_hash(issue, manifest.parent) != before
    assert content_hash(issue) == content_hash(issue)  # without a figure root only the text counts


def test_schema_covers_the_new_forms():
    from jianbao_cli.authoring import manifest_schema

    schema = manifest_schema()
    article = schema["$defs"]["Article"]["properties"]
    assert {"note", "source", "paragraphs"} <= set(article)
    refs = str(article["paragraphs"])
    assert "Heading" in refs and "Figure" in refs


@pytest.mark.parametrize("written", ["市信息办供稿", "（市信息办供稿）", "(市信息办供稿)", "（（市信息办供稿））", " （ 市信息办供稿 ） "])
def test_source_parentheses_are_the_layouts_and_validation_is_stable(written):
    from jianbao_cli.model import Article

    article = Article(title="t", paragraphs=["p"], source=written)
    assert article.source == "市信息办供稿"
    assert Article.model_validate(article.model_dump()).source == "市信息办供稿"


def test_parentheses_inside_a_source_are_kept():
    from jianbao_cli.model import Article

    article = Article(title="t", paragraphs=["p"], source="（市信息办）供稿（摘编）")
    assert article.source == "（市信息办）供稿（摘编）"
    assert Article(title="t", paragraphs=["p"], source="（（市信息办）供稿（摘编））").source == "（市信息办）供稿（摘编）"
