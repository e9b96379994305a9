"""Surprises a new user met: settings typos that only send caught, labels hidden behind other errors,
issues without articles, a past year's id dated today, and display words in `list --json`."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from tests.conftest import run_cli
from tests.send.conftest import mail_env, plain_server  # noqa: F401  (fixture)


def test_check_finds_a_typo_in_the_settings(workspace_dir):
    settings = workspace_dir / "jianbao.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  host: localhost", "  hots: localhost"),
                        encoding="utf-8")
    done = run_cli("check", cwd=workspace_dir)
    assert done.returncode == 2
    line = next(n for n, row in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if "hots:" in row)
    assert f"错误：jianbao.yaml:{line} mail.hots: 未知的项（拼写错误？）" in done.stderr, done.stderr


def test_check_reports_unknown_labels_of_a_manifest_that_has_other_errors(workspace_dir):
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("number: 6", "number: 六").replace("[市政府各部门,", "[市政府各部们,")
    manifest.write_text(text, encoding="utf-8")
    done = run_cli("check", cwd=workspace_dir)
    assert done.returncode == 2
    assert "number: 应为整数" in done.stderr
    assert "distribution.发[0]: “市政府各部们”不在 data/recipients.yaml 中" in done.stderr, done.stderr
    assert "共 2 个问题。" in done.stderr


def _empty_issue(workspace_dir):
    done = run_cli("new", "2008-07", "--date", "2008-11-05", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    return workspace_dir / "issues" / "2008-07.yaml"


def test_render_refuses_an_issue_without_articles(workspace_dir):
    _empty_issue(workspace_dir)
    done = run_cli("render", "2008-07", cwd=workspace_dir)
    assert done.returncode == 2
    assert "issues/2008-07.yaml:9 sections: 本期还没有任何文章，不能生成或发送" in done.stderr, done.stderr
    assert not (workspace_dir / "build" / "2008-07.docx").exists()


def test_send_refuses_an_issue_without_articles(workspace_dir, plain_server):
    _empty_issue(workspace_dir)
    done = run_cli("send", "2008-07", "--yes", cwd=workspace_dir, env=mail_env(plain_server), input="")
    assert done.returncode == 2
    assert "本期还没有任何文章" in done.stderr, done.stderr
    assert plain_server.messages == []


def test_sections_all_empty_is_as_empty_as_none(workspace_dir):
    manifest = _empty_issue(workspace_dir)
    text = manifest.read_text(encoding="utf-8")
    start = text.index("sections:")
    end = text.index("distribution:")
    manifest.write_text(text[:start] + "sections: []\n" + text[end:], encoding="utf-8")
    done = run_cli("render", "2008-07", cwd=workspace_dir)
    assert done.returncode == 2 and "本期还没有任何文章" in done.stderr


def test_new_with_an_id_of_another_year_asks_for_the_date(workspace_dir):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    done = run_cli("new", "2008-07", cwd=workspace_dir)
    assert done.returncode == 2
    assert f"第 2008-07 期属于 2008 年，而今天是 {today.isoformat()}：请用 --date 指定出刊日期" in done.stderr
    assert not (workspace_dir / "issues" / "2008-07.yaml").exists()
    this_year = f"{today.year}-01"
    done = run_cli("new", this_year, cwd=workspace_dir)
    assert done.returncode == 0, done.stderr


def test_list_json_uses_stable_codes(workspace_dir):
    rows = {r["id"]: r for r in json.loads(run_cli("list", "--json", cwd=workspace_dir).stdout)}
    assert rows["2008-06"]["rendered"] == "missing"
    assert rows["2008-06"]["sent"] is None and rows["2008-06"]["delivery"] is None
    assert run_cli("render", "2008-06", cwd=workspace_dir).returncode == 0
    rows = {r["id"]: r for r in json.loads(run_cli("list", "--json", cwd=workspace_dir).stdout)}
    assert rows["2008-06"]["rendered"] == "current"
    table = run_cli("list", cwd=workspace_dir)
    assert "已生成" in table.stdout  # the table keeps its words for people


def test_import_of_a_path_that_does_not_exist_is_an_input_error(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("x", encoding="utf-8")
    done = run_cli("import", str(good), str(tmp_path / "没有这个.txt"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert f"找不到 {tmp_path / '没有这个.txt'}：请检查路径（没有导入任何文件）。" in done.stderr
    assert not (tmp_path / "out").exists()


def test_check_warns_of_labels_that_print_as_two(workspace_dir):
    """送/发 items are printed with spaces between them, 抄送 items with `，`: a label holding its own
    separator would read as two (and be imported back as two)."""
    recipients = workspace_dir / "data" / "recipients.yaml"
    recipients.write_text(recipients.read_text(encoding="utf-8")
                          + "市政府 督查室:\n  - {name: 督查室, email: ducha@example.org}\n"
                          + "市委办公厅，市政府办公厅:\n  - {name: 两办, email: liangban@example.org}\n",
                          encoding="utf-8")
    manifest = workspace_dir / "issues" / "2008-06.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "[市政府各部门," in text
    text = text.replace("[市政府各部门,", "[市政府 督查室, 市政府各部门,").replace(
        "\ncopies:", "\n  抄送: [市委办公厅，市政府办公厅]\ncopies:", 1)
    manifest.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    send_line = next(n for n, row in enumerate(lines, 1) if "市政府 督查室" in row)
    copy_line = next(n for n, row in enumerate(lines, 1) if "抄送:" in row)
    done = run_cli("check", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr  # warnings: the issue still renders and sends
    assert (f"issues/2008-06.yaml:{send_line} distribution.发[0]: “市政府 督查室”中有空格：报尾中发的各项以空格分隔，"
            "印出来像是两项（是两个单位就分成两项写，是一个单位就去掉空格）") in done.stderr, done.stderr
    assert (f"issues/2008-06.yaml:{copy_line} distribution.抄送[0]: “市委办公厅，市政府办公厅”中有“，”") in done.stderr
