"""jianbao article list / move / remove / edit / set: normal use, bad input (exact message, exit 2, file
untouched), and the editor's comments surviving in the manifest."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from jianbao_cli.editing import commands
from jianbao_cli.model.manifest import Article, Figure, Heading
from jianbao_cli.model.yamlio import load_manifest

from tests.authoring.test_model_blocks import JPEG_HEAD, PNG_1x1
from tests.conftest import jianbao_exe, run_cli

# Article 5 gets a comment on its title and a figure it shares with article 6; article 6 has everything.
ARTICLE_5_TITLE = "      - title: 新都区全面启用四川省道路运政信息系统\n"
ARTICLE_6 = """\
          - {figure: 2008-06/shared.png, caption: 共用的图片}
      - title: 图片新闻：新都区运政系统启用   # 来稿：新都区信息办
        note: 本文介绍了新都区的做法，供各地参考。
        paragraphs:
          - 第一段。
          - {heading: 一、总体情况}
          - {figure: 2008-06/photo-1.jpg, caption: 图为系统启用现场}   # 原图 4000×3000
          - {figure: 2008-06/shared.png}
          - 第二段。
        source: 新都区信息办供稿
"""
COMMENTS_ADDED = ["# 来稿：新都区", "# 来稿：新都区信息办", "# 原图 4000×3000"]


@pytest.fixture
def desk(workspace_dir: Path) -> Path:
    """The example workspace with six articles, two figure files, and comments of an editor's own."""
    folder = workspace_dir / "issues" / "2008-06"
    folder.mkdir()
    (folder / "photo-1.jpg").write_bytes(JPEG_HEAD)
    (folder / "shared.png").write_bytes(PNG_1x1)
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert ARTICLE_5_TITLE in text and "\ndistribution:" in text
    text = text.replace(ARTICLE_5_TITLE, ARTICLE_5_TITLE.rstrip("\n") + "   # 来稿：新都区\n")
    text = text.replace("\ndistribution:", "\n" + ARTICLE_6 + "distribution:", 1)
    manifest.write_text(text, encoding="utf-8")
    load_manifest(manifest)  # the fixture itself is a valid manifest
    return manifest


def comments(text: str) -> list[str]:
    """Every YAML comment of the file, in order (the example's paragraphs contain no `#`)."""
    return [match.group().rstrip() for match in re.finditer(r"#[^\n]*", text)]


def issue_of(manifest: Path):
    return load_manifest(manifest).issue


def titles(manifest: Path) -> list[tuple[str | None, list[str]]]:
    return [(s.title, [a.title for a in s.articles]) for s in issue_of(manifest).sections]


def refused(result, message: str, manifest: Path, before: bytes) -> None:
    """Exit 2, exactly this one Chinese sentence, and the manifest byte for byte as it was."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr == f"错误：{message}\n"
    assert manifest.read_bytes() == before


S1, S2 = "市政府门户网站动态", "政府网站群动态"
T1 = "政府创新与电子政府建设研讨会在成都召开"
T2, T3, T4, T5 = (
    "成都市行政审批电子监察系统在武侯区试点",
    "金牛开通在线政务服务第一时间解答群众疑问",
    "成都农业科技成果推广服务平台开通试运行",
    "新都区全面启用四川省道路运政信息系统",
)
T6 = "图片新闻：新都区运政系统启用"


# --- list ----------------------------------------------------------------------------------


def test_list_numbers_articles_across_the_issue(cli, desk):
    result = cli("article", "list", "2008-06", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["number"], r["section"], r["position"], r["title"]) for r in rows] == [
        (1, S1, 1, T1), (2, S2, 1, T2), (3, S2, 2, T3), (4, S2, 3, T4), (5, S2, 4, T5), (6, S2, 5, T6)
    ]
    assert [(r["paragraphs"], r["headings"], r["figures"]) for r in rows] == [(6, 0, 0), (1, 0, 0), (3, 0, 0), (1, 0, 0), (1, 0, 1), (2, 1, 2)]
    assert rows[5]["note"] is True and rows[5]["source"] == "新都区信息办供稿" and rows[0]["source"] is None
    table = cli("article", "list", "2008-06").stdout
    assert "编号" in table and "图片新闻" in table


def test_list_of_an_unknown_issue(cli, desk):
    result = cli("article", "list", "2008-09")
    assert result.exit_code == 2 and result.stderr == "错误：没有第 2008-09 期：找不到 issues/2008-09.yaml。\n"


# --- move ----------------------------------------------------------------------------------


def test_move_inside_a_section_keeps_comments(cli, desk):
    before = desk.read_text(encoding="utf-8")
    result = cli("article", "move", "2008-06", "6", "--to", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"已移动“{T6}”：现为栏目“{S2}”第 1 篇（全期第 2 篇）。\n"
    assert titles(desk) == [(S1, [T1]), (S2, [T6, T2, T3, T4, T5])]
    after = desk.read_text(encoding="utf-8")
    assert sorted(comments(after)) == sorted(comments(before))
    assert "- title: 图片新闻：新都区运政系统启用   # 来稿：新都区信息办" in after
    assert "- {figure: 2008-06/photo-1.jpg, caption: 图为系统启用现场}   # 原图 4000×3000" in after
    assert after.startswith("# 成都市政府网站简报 2008 第 6 期")


def test_move_into_another_section_at_a_place_or_at_its_end(cli, desk):
    first = cli("article", "move", "2008-06", "3", "--section", S1, "--to", "1")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == f"已移动“{T3}”：现为栏目“{S1}”第 1 篇（全期第 1 篇）。\n"
    assert titles(desk) == [(S1, [T3, T1]), (S2, [T2, T4, T5, T6])]
    second = cli("article", "move", "2008-06", "6", "--section", S1)
    assert second.stdout == f"已移动“{T6}”：现为栏目“{S1}”第 3 篇（全期第 3 篇）。\n"
    assert titles(desk) == [(S1, [T3, T1, T6]), (S2, [T2, T4, T5])]
    assert issue_of(desk).sections[0].articles[2].figures()[0].figure == "2008-06/photo-1.jpg"
    assert set(COMMENTS_ADDED) <= set(comments(desk.read_text(encoding="utf-8")))


def test_move_to_where_it_already_is_writes_nothing(cli, desk):
    before, inode = desk.read_bytes(), desk.stat().st_ino  # a save, even of the same bytes, is a new file
    result = cli("article", "move", "2008-06", "2", "--to", "1")
    assert result.exit_code == 0 and result.stdout == f"“{T2}”已在栏目“{S2}”第 1 篇，未改动。\n"
    assert desk.read_bytes() == before and desk.stat().st_ino == inode


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9", "--to", "1"], "第 2008-06 期共有 6 篇文章，没有第 9 篇（用 jianbao article list 2008-06 查看编号）。"),
        (["0", "--to", "1"], "第 2008-06 期共有 6 篇文章，没有第 0 篇（用 jianbao article list 2008-06 查看编号）。"),
        (["3", "--to", "6"], f"--to 应在 1 到 5 之间（栏目“{S2}”现有 5 篇）。"),
        (["3", "--section", S1, "--to", "3"], f"--to 应在 1 到 2 之间（栏目“{S1}”放入后共 2 篇）。"),
        (["3", "--section", "区县动态"], f"第 2008-06 期没有栏目“区县动态”。现有栏目：{S1}、{S2}。"),
        (["3"], "请用 --to 指定新位置，或用 --section 指定要移入的栏目。"),
    ],
)
def test_move_refuses_bad_input(cli, desk, args, message):
    before = desk.read_bytes()
    refused(cli("article", "move", "2008-06", *args), message, desk, before)


# --- remove --------------------------------------------------------------------------------


def test_remove_with_yes_moves_only_the_figures_no_one_else_uses(cli, desk):
    folder = desk.parent / "2008-06"
    (folder / "removed").mkdir()
    (folder / "removed" / "photo-1.jpg").write_bytes(b"removed earlier")
    before = desk.read_text(encoding="utf-8")
    result = cli("article", "remove", "2008-06", "6", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"已删除第 6 篇：栏目“{S2}”，“{T6}”，2 段。\n"
        "  图片 issues/2008-06/photo-1.jpg 已移到 issues/2008-06/removed/photo-1-2.jpg\n"
        "  图片 2008-06/shared.png 仍有别处使用或不在本期文件夹中，保留原处\n"
    )
    assert titles(desk) == [(S1, [T1]), (S2, [T2, T3, T4, T5])]
    assert not (folder / "photo-1.jpg").exists()
    assert (folder / "removed" / "photo-1-2.jpg").read_bytes() == JPEG_HEAD
    assert (folder / "removed" / "photo-1.jpg").read_bytes() == b"removed earlier"
    assert (folder / "shared.png").read_bytes() == PNG_1x1
    after = desk.read_text(encoding="utf-8")
    assert comments(after) == [c for c in comments(before) if c not in COMMENTS_ADDED[1:]]
    # and the last user of the shared figure takes it with it
    assert cli("article", "remove", "2008-06", "5", "--yes").exit_code == 0
    assert (folder / "removed" / "shared.png").read_bytes() == PNG_1x1 and not (folder / "shared.png").exists()


def test_remove_keeps_a_figure_another_issue_names(cli, desk):
    other = desk.parent / "2008-07.yaml"
    other.write_text(desk.read_text(encoding="utf-8").replace("number: 6", "number: 7"), encoding="utf-8")
    result = cli("article", "remove", "2008-06", "6", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "图片 2008-06/photo-1.jpg 仍有别处使用或不在本期文件夹中，保留原处" in result.stdout
    assert (desk.parent / "2008-06" / "photo-1.jpg").exists()


def test_remove_without_yes_and_without_a_terminal_is_refused(desk):
    before = desk.read_bytes()
    result = run_cli("article", "remove", "2008-06", "4", cwd=desk.parent.parent, input="y\n")
    assert result.returncode == 2
    assert result.stderr == "错误：没有终端可以确认：脚本或无人值守运行请加 --yes。\n"
    assert desk.read_bytes() == before


def _run_in_terminal(args: list[str], cwd: Path, answer: bytes) -> tuple[int, str]:
    """The installed script with a pseudo-terminal as stdin, as a person at a keyboard would run it."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([jianbao_exe(), *args], cwd=cwd, stdin=follower, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"})
    os.close(follower)
    os.write(leader, answer)
    out, err = process.communicate(timeout=120)
    os.close(leader)
    return process.returncode, out.decode() + err.decode()


def test_remove_asks_at_a_terminal(desk):
    before = desk.read_bytes()
    code, output = _run_in_terminal(["article", "remove", "2008-06", "4"], desk.parent.parent, b"n\n")
    assert code == 2, output
    assert f"将删除第 4 篇：栏目“{S2}”，“{T4}”，1 段，0 张图片。" in output
    assert "确认删除？" in output and "已取消，未作任何改动。" in output
    assert desk.read_bytes() == before
    code, output = _run_in_terminal(["article", "remove", "2008-06", "4"], desk.parent.parent, b"y\n")
    assert code == 0, output
    assert f"已删除第 4 篇：栏目“{S2}”，“{T4}”，1 段。" in output
    assert titles(desk) == [(S1, [T1]), (S2, [T2, T3, T5, T6])]


def test_remove_an_unknown_number(cli, desk):
    before = desk.read_bytes()
    message = "第 2008-06 期共有 6 篇文章，没有第 7 篇（用 jianbao article list 2008-06 查看编号）。"
    refused(cli("article", "remove", "2008-06", "7", "--yes"), message, desk, before)
    refused(cli("article", "remove", "2008-06", "7"), message, desk, before)


# --- set -----------------------------------------------------------------------------------


def test_set_title_note_and_source(cli, desk):
    before = desk.read_text(encoding="utf-8")
    result = cli("article", "set", "2008-06", "2", "--title", "武侯区试点行政审批电子监察系统", "--note", "请各区县参考。",
                 "--source", "（市监察局供稿）")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "已保存第 2 篇“武侯区试点行政审批电子监察系统”：改动了标题、编者按、来源。\n"
    article = issue_of(desk).sections[1].articles[0]
    assert (article.title, article.note, article.source) == ("武侯区试点行政审批电子监察系统", "请各区县参考。", "市监察局供稿")
    after = desk.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    block = after.split("- title: 武侯区试点行政审批电子监察系统")[1].split("- title:")[0]
    assert [line.strip().split(":")[0] for line in block.splitlines()[1:] if re.match(r"^ {8}\w", line)] == [
        "note", "paragraphs", "source"
    ]  # the file's key order: title, note, paragraphs, source


def test_set_with_empty_strings_removes_note_and_source(cli, desk):
    result = cli("article", "set", "2008-06", "6", "--note", "", "--source", "")
    assert result.exit_code == 0, result.stderr
    article = issue_of(desk).sections[1].articles[4]
    assert article.note is None and article.source is None
    text = desk.read_text(encoding="utf-8")
    assert "note:" not in text and "source:" not in text
    assert set(COMMENTS_ADDED) <= set(comments(text))
    again = cli("article", "set", "2008-06", "6", "--note", "")
    assert again.stdout == f"第 6 篇“{T6}”没有改动。\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2"], "请至少给出 --title、--note 或 --source 中的一项。"),
        (["2", "--title", "  "], "标题不能为空（--title）。"),
        (["8", "--note", "按语"], "第 2008-06 期共有 6 篇文章，没有第 8 篇（用 jianbao article list 2008-06 查看编号）。"),
        (["2", "--note", "第一行\n第二行"],
         "issues/2008-06.yaml:22 sections[1].articles[0].note: 不能换行（CR/LF），请写在一行内"),
    ],
)
def test_set_refuses_bad_input(cli, desk, args, message):
    before = desk.read_bytes()
    refused(cli("article", "set", "2008-06", *args), message, desk, before)


# --- edit, with a real editor process --------------------------------------------------------

EDITED = """\
新都区运政系统启用（修改稿）

编者按：本文介绍了新都区的做法。

第一段，改过了。

# 一、总体情况

![图为系统启用现场](2008-06/photo-1.jpg)

# （一）主要做法

第二段。

——（市交委供稿）
"""


def editor(tmp_path: Path, *rounds: str, exit_status: int = 0) -> dict:
    """An editor for $VISUAL: a Python script that, on its n-th run, saves what it was shown in
    `seen-n.txt` and writes `rounds[n]` into the file (`None`: leaves it as it is)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import json, pathlib, sys\n"
        f"here = pathlib.Path({str(tmp_path)!r})\n"
        "rounds = json.loads((here / 'rounds.json').read_text(encoding='utf-8'))\n"
        "n = len(list(here.glob('seen-*.txt')))\n"
        "target = pathlib.Path(sys.argv[-1])\n"
        "(here / f'seen-{n}.txt').write_bytes(target.read_bytes())\n"
        "if rounds[n] is not None:\n"
        "    target.write_bytes(rounds[n].encode('utf-8'))\n"
        f"sys.exit({exit_status})\n",
        encoding="utf-8",
    )
    (tmp_path / "rounds.json").write_text(json.dumps(list(rounds)), encoding="utf-8")
    return {"VISUAL": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", "EDITOR": ""}


def seen(tmp_path: Path, n: int) -> str:
    return (tmp_path / f"seen-{n}.txt").read_text(encoding="utf-8")


def test_edit_stores_every_part_and_keeps_comments(desk, tmp_path):
    before = desk.read_text(encoding="utf-8")
    env = {**editor(tmp_path, EDITED), "EDITOR": "no-such-editor"}  # $VISUAL comes first
    result = run_cli("article", "edit", "2008-06", "6", cwd=desk.parent.parent, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "已保存第 6 篇“新都区运政系统启用（修改稿）”：改动了标题、编者按、正文、来源。\n"
    assert seen(tmp_path, 0).startswith(
        f"{T6}\n\n编者按：本文介绍了新都区的做法，供各地参考。\n\n第一段。\n\n# 一、总体情况\n\n"
        "![图为系统启用现场](2008-06/photo-1.jpg)\n\n![](2008-06/shared.png)\n\n第二段。\n\n——（新都区信息办供稿）\n\n// "
    )
    issue = issue_of(desk)
    assert issue.sections[1].articles[4] == Article(
        title="新都区运政系统启用（修改稿）",
        note="本文介绍了新都区的做法。",
        paragraphs=["第一段，改过了。", Heading(heading="一、总体情况"), Figure(figure="2008-06/photo-1.jpg", caption="图为系统启用现场"),
                    Heading(heading="（一）主要做法"), "第二段。"],
        source="市交委供稿",
    )
    assert [a.title for a in issue.sections[1].articles[:4]] == [T2, T3, T4, T5]
    after = desk.read_text(encoding="utf-8")
    # The title's own comment goes with the old title line's value; the figure kept its line and comment.
    assert "- {figure: 2008-06/photo-1.jpg, caption: 图为系统启用现场}   # 原图 4000×3000" in after
    assert comments(after) == comments(before)


def test_edit_with_the_file_unchanged_changes_nothing(desk, tmp_path):
    before, inode = desk.read_bytes(), desk.stat().st_ino  # a save, even of the same bytes, is a new file
    result = run_cli("article", "edit", "2008-06", "6", cwd=desk.parent.parent, env=editor(tmp_path, None))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"第 6 篇“{T6}”没有改动。\n"
    assert desk.read_bytes() == before and desk.stat().st_ino == inode


def test_edit_that_only_reflows_the_text_changes_nothing(desk, tmp_path):
    before, inode = desk.read_bytes(), desk.stat().st_ino  # a save, even of the same bytes, is a new file
    reflowed = f"{T6}\n\n\n编者按：本文介绍了新都区的做法，\n供各地参考。\n\n第一段。\n#一、总体情况\n" \
               "![图为系统启用现场](2008-06/photo-1.jpg)\n![](2008-06/shared.png)\n第二段。\n\n——新都区信息办供稿"
    result = run_cli("article", "edit", "2008-06", "6", cwd=desk.parent.parent, env=editor(tmp_path, reflowed))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"第 6 篇“{T6}”没有改动。\n"
    assert desk.read_bytes() == before and desk.stat().st_ino == inode


def test_edit_an_editor_that_exits_non_zero_changes_nothing(desk, tmp_path):
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "6", cwd=desk.parent.parent, env=editor(tmp_path, EDITED, exit_status=3))
    assert result.returncode == 2
    assert result.stderr == f"错误：编辑器“{sys.executable}”异常退出（退出状态 3），文章未改动。\n"
    assert desk.read_bytes() == before


def test_edit_an_emptied_file_aborts(desk, tmp_path):
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "2", cwd=desk.parent.parent, env=editor(tmp_path, "\n// 只剩说明\n"))
    assert result.returncode == 2
    assert result.stderr == "错误：编辑后的内容是空的：已放弃，文章未改动。\n"
    assert desk.read_bytes() == before


BAD = "新标题\n\n第一段。\n\n编者按：放错了地方。\n\n![说明](2008-06/missing.jpg)\n"


def test_edit_a_parse_error_reopens_the_editor_with_the_problems_on_top(desk, tmp_path):
    fixed = "新标题\n\n编者按：放对了地方。\n\n第一段。\n"
    result = run_cli("article", "edit", "2008-06", "2", cwd=desk.parent.parent, env=editor(tmp_path, BAD, None, fixed))
    assert result.returncode == 0, result.stderr
    assert seen(tmp_path, 1) == (
        "// 无法保存，请改正以下问题后保存（清空全部内容则放弃修改）：\n"
        "//   第 8 行：编者按只能紧跟在标题之后；若这是正文，请在行首加 \\\n"
        "//\n" + BAD
    )
    assert seen(tmp_path, 1).split("\n")[7] == "编者按：放错了地方。"  # the line the message names
    # saved again unchanged: asked again, with the same one problem on top (not two copies of it)
    assert seen(tmp_path, 2) == seen(tmp_path, 1)
    article = issue_of(desk).sections[1].articles[0]
    assert (article.title, article.note, article.paragraphs) == ("新标题", "放对了地方。", ["第一段。"])


def test_edit_a_missing_figure_reopens_the_editor(desk, tmp_path):
    text = "新标题\n\n第一段。\n\n![说明](2008-06/missing.jpg)\n"
    env = editor(tmp_path, text, "")
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "2", cwd=desk.parent.parent, env=env)
    assert seen(tmp_path, 1) == (
        "// 无法保存，请改正以下问题后保存（清空全部内容则放弃修改）：\n"
        "//   第 8 行：图片文件不存在：2008-06/missing.jpg\n"
        "//\n" + text
    )
    assert result.returncode == 2 and result.stderr == "错误：编辑后的内容是空的：已放弃，文章未改动。\n"
    assert desk.read_bytes() == before


def test_edit_a_parse_error_then_giving_up_exits_2_and_changes_nothing(desk, tmp_path):
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "2", cwd=desk.parent.parent, env=editor(tmp_path, BAD, None, None, "", exit_status=0))
    assert result.returncode == 2
    assert result.stderr == "错误：编辑后的内容是空的：已放弃，文章未改动。\n"
    assert desk.read_bytes() == before


def test_edit_an_unknown_number(desk, tmp_path):
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "7", cwd=desk.parent.parent, env=editor(tmp_path, EDITED))
    assert result.returncode == 2
    assert result.stderr == "错误：第 2008-06 期共有 6 篇文章，没有第 7 篇（用 jianbao article list 2008-06 查看编号）。\n"
    assert not (tmp_path / "seen-0.txt").exists() and desk.read_bytes() == before


def test_edit_without_any_editor_says_how_to_set_one(desk, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "2", cwd=desk.parent.parent,
                     env={"VISUAL": "", "EDITOR": "", "PATH": str(empty)})
    assert result.returncode == 2
    assert result.stderr == "错误：找不到文本编辑器：请设置环境变量 EDITOR（如 export EDITOR=nano）后再试，文章未改动。\n"
    assert desk.read_bytes() == before


def test_edit_an_editor_that_does_not_exist(desk, tmp_path):
    before = desk.read_bytes()
    result = run_cli("article", "edit", "2008-06", "2", cwd=desk.parent.parent, env={"VISUAL": "", "EDITOR": "no-such-editor -w"})
    assert result.returncode == 2
    assert result.stderr == "错误：无法启动编辑器“no-such-editor”：No such file or directory。请检查 VISUAL 或 EDITOR 设置，文章未改动。\n"
    assert desk.read_bytes() == before


def test_edit_from_python_with_any_edit_function(workspace, desk):
    shown = []

    def edit(text: str) -> str:
        shown.append(text)
        return text.replace("第二段。", "第二段，从 Python 改的。")

    result = commands.edit_article(workspace, "2008-06", 6, edit=edit)
    assert result.changed == ["正文"] and len(shown) == 1
    assert issue_of(desk).sections[1].articles[4].paragraphs[-1] == "第二段，从 Python 改的。"
