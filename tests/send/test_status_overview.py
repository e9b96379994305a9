"""`status` without an id (one line per issue), and the per-person table at 80 columns."""

from __future__ import annotations

import json
import shutil

from tests.conftest import run_cli
from tests.send.conftest import expected_addresses, mail_env, send


def test_status_without_id_gives_one_line_per_issue(workspace_dir, plain_server, rendered):
    issues = workspace_dir / "issues"
    shutil.copyfile(issues / "2008-06.yaml", issues / "2008-07.yaml")
    text = (issues / "2008-07.yaml").read_text(encoding="utf-8").replace("number: 6", "number: 7")
    (issues / "2008-07.yaml").write_text(text, encoding="utf-8")
    assert send(workspace_dir, "2008-06", "--yes", "--only", "送", env=mail_env(plain_server)).returncode == 0
    rows = json.loads(run_cli("status", "--json", cwd=workspace_dir).stdout)
    assert [row["issue"] for row in rows] == ["2008-06", "2008-07"]
    assert rows[0]["counts"] == {"sent": 9, "pending": 6} and rows[0]["total"] == 15
    assert rows[1] == {"issue": "2008-07", "total": 0, "counts": {}, "summary": "未发送"}
    done = run_cli("status", cwd=workspace_dir, env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any("2008-06" in line and "已发送 9/15" in line for line in lines), done.stdout
    assert any("2008-07" in line and "未发送" in line for line in lines), done.stdout


def test_status_at_80_columns_never_breaks_an_address(workspace_dir, plain_server, rendered):
    assert send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server)).returncode == 0
    done = run_cli("status", "2008-06", cwd=workspace_dir, env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80 * 2  # CJK cells are two wide at most
    for address in expected_addresses(workspace_dir):
        assert address in done.stdout, f"{address} 被折断：\n{done.stdout}"
