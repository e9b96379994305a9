"""jianbao section rename / move / remove: normal use, bad input (exact message, exit 2, file untouched),
comments surviving, and the figures of removed articles moved aside."""

from __future__ import annotations

import pytest

from jianbao_cli.editing import commands

from tests.authoring.test_model_blocks import JPEG_HEAD, PNG_1x1
from tests.conftest import run_cli
from tests.editing.test_article_commands import (  # noqa: F401 (desk is a fixture)
    COMMENTS_ADDED,
    S1,
    S2,
    T1,
    T2,
    T3,
    T4,
    T5,
    T6,
    comments,
    desk,
    refused,
    titles,
)


def test_rename_keeps_articles_and_comments(cli, desk):
    before = desk.read_text(encoding="utf-8")
    result = cli("section", "rename", "2008-06", S2, "区县动态")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"已把栏目“{S2}”改名为“区县动态”。\n"
    assert titles(desk) == [(S1, [T1]), ("区县动态", [T2, T3, T4, T5, T6])]
    after = desk.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert after.replace("  - title: 区县动态\n", f"  - title: {S2}\n") == before  # only that line changed


def test_move_a_section_through_the_installed_script(desk):
    before = desk.read_text(encoding="utf-8")
    result = run_cli("section", "move", "2008-06", S2, "--to", "1", cwd=desk.parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"栏目“{S2}”现在是第 1 个栏目。\n"
    assert titles(desk) == [(S2, [T2, T3, T4, T5, T6]), (S1, [T1])]
    after = desk.read_text(encoding="utf-8")
    assert sorted(comments(after)) == sorted(comments(before))
    assert after.startswith("# 成都市政府网站简报 2008 第 6 期")
    # and the numbering follows the new order
    listed = run_cli("article", "list", "2008-06", "--json", cwd=desk.parent.parent)
    assert '"title": "政府创新与电子政府建设研讨会在成都召开"' in listed.stdout.split('"number": 6')[1]


def test_remove_an_empty_section(cli, desk, workspace):
    commands.move_article(workspace, "2008-06", 1, section=S2, to=1)
    before = desk.read_text(encoding="utf-8")
    result = cli("section", "remove", "2008-06", S1)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"已删除栏目“{S1}”。\n"
    assert titles(desk) == [(S2, [T1, T2, T3, T4, T5, T6])]
    assert comments(desk.read_text(encoding="utf-8")) == comments(before)


def test_remove_a_section_with_its_articles_moves_their_figures_aside(cli, desk):
    folder = desk.parent / "2008-06"
    result = cli("section", "remove", "2008-06", S2, "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"已删除栏目“{S2}”及其 5 篇文章：\n  {T2}\n  {T3}\n  {T4}\n  {T5}\n  {T6}\n"
        "  图片 issues/2008-06/shared.png 已移到 issues/2008-06/removed/shared.png\n"
        "  图片 issues/2008-06/photo-1.jpg 已移到 issues/2008-06/removed/photo-1.jpg\n"
    )
    assert titles(desk) == [(S1, [T1])]
    assert (folder / "removed" / "shared.png").read_bytes() == PNG_1x1
    assert (folder / "removed" / "photo-1.jpg").read_bytes() == JPEG_HEAD
    assert sorted(p.name for p in folder.iterdir()) == ["removed"]
    text = desk.read_text(encoding="utf-8")
    assert not set(COMMENTS_ADDED) & set(comments(text))
    assert "# 报、送、发、抄送；每项按原样列出" in comments(text)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rename", "2008-06", "区县动态", "新名"], f"第 2008-06 期没有栏目“区县动态”。现有栏目：{S1}、{S2}。"),
        (["rename", "2008-06", S2, S1], f"第 2008-06 期已有栏目“{S1}”，不能重名；要合并请用 jianbao article move … --section。"),
        (["rename", "2008-06", S2, " "], "新栏目名不能为空。"),
        (["move", "2008-06", S2, "--to", "3"], "--to 应在 1 到 2 之间（第 2008-06 期共有 2 个栏目）。"),
        (["move", "2008-06", "区县动态", "--to", "1"], f"第 2008-06 期没有栏目“区县动态”。现有栏目：{S1}、{S2}。"),
        (["remove", "2008-06", S2], f"栏目“{S2}”还有 5 篇文章，未删除；可先用 jianbao article move 移走，或加 --yes 连同文章一起删除。"),
        (["remove", "2008-06", "区县动态", "--yes"], f"第 2008-06 期没有栏目“区县动态”。现有栏目：{S1}、{S2}。"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(cli, desk, args, message):
    before = desk.read_bytes()
    figures = sorted(p.name for p in (desk.parent / "2008-06").iterdir())
    refused(cli("section", *args), message, desk, before)
    assert sorted(p.name for p in (desk.parent / "2008-06").iterdir()) == figures


def test_a_non_empty_section_is_refused_through_the_installed_script(desk):
    before = desk.read_bytes()
    result = run_cli("section", "remove", "2008-06", S1, cwd=desk.parent.parent)
    assert result.returncode == 2
    assert result.stderr == f"错误：栏目“{S1}”还有 1 篇文章，未删除；可先用 jianbao article move 移走，或加 --yes 连同文章一起删除。\n"
    assert desk.read_bytes() == before
