"""One-line fields, the From setting, the ledger's synchronous=FULL and atomic saves under a kill."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import run_cli
from tests.send.conftest import mail_env, send, set_mail

# Every character Python's splitlines() or the e-mail package takes for a line break, as YAML escapes.
BREAKS = {"CR": r"\r", "LF": r"\n", "NEL": r"\N", "LS": r"\L", "PS": r"\P", "VT": r"\v", "FF": r"\f"}


def _set_series(path, escape: str) -> int:
    """Put the break inside the series (a double-quoted YAML scalar); returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("series:"):
            lines[number] = f'series: "成都市政府网站{escape}简报"'
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number + 1
    raise AssertionError("no series line")


@pytest.mark.parametrize("name", list(BREAKS))
def test_line_break_in_the_series_is_refused_by_check_and_send(name, workspace_dir, plain_server, rendered):
    manifest = workspace_dir / "issues/2008-06.yaml"
    line = _set_series(manifest, BREAKS[name])
    checked = run_cli("check", "2008-06", cwd=workspace_dir)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert f"issues/2008-06.yaml:{line} series" in checked.stderr
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2 and "series" in done.stderr and "Traceback" not in done.stderr
    assert plain_server.messages == []


@pytest.mark.parametrize("name", ["NEL", "LS", "PS"])
def test_line_break_in_settings_and_recipients_is_refused(name, workspace_dir, plain_server, rendered):
    settings = workspace_dir / "jianbao.yaml"
    original = settings.read_text(encoding="utf-8")
    lines = original.splitlines()
    number = next(i for i, text in enumerate(lines) if text.startswith("publisher:"))
    lines[number] = f'publisher: "成都市经济{BREAKS[name]}信息中心"'
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2 and f"jianbao.yaml:{number + 1} publisher" in done.stderr, done.stderr
    settings.write_text(original, encoding="utf-8")

    recipients = workspace_dir / "data/recipients.yaml"
    text = recipients.read_text(encoding="utf-8")
    recipients.write_text(text.replace("{name: 王秘书长,", f'{{name: "王{BREAKS[name]}秘书长",'), encoding="utf-8")
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2 and "data/recipients.yaml:" in done.stderr and ".name" in done.stderr, done.stderr
    assert plain_server.messages == []


def test_from_with_two_addresses_is_refused(workspace_dir, plain_server, rendered):
    set_mail(workspace_dir, **{"from": "a@example.org, c@example.org"})
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "jianbao.yaml:" in done.stderr and "mail.from" in done.stderr and "2 个地址" in done.stderr
    env = mail_env(plain_server, JIANBAO_SMTP_FROM="简报 <a@example.org>, c@example.org")
    set_mail(workspace_dir, **{"from": "简报 <jianbao@example.org>"})
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 2 and "2 个地址" in done.stderr
    assert plain_server.messages == []


# --- the ledger: synchronous=FULL on every connection -------------------------------------------------


def test_every_ledger_connection_is_synchronous_full(workspace, plain_server, rendered, monkeypatch):
    from jianbao_cli.delivery import delivery_summary
    from jianbao_cli.delivery import ledger as ledger_module
    from jianbao_cli.delivery import summary as summary_module
    from jianbao_cli.delivery.report import status_data
    from jianbao_cli.delivery.send import SendOptions, send_issue

    seen: list[int] = []

    class Recording(sqlite3.Connection):
        def close(self):
            seen.append(self.execute("PRAGMA synchronous").fetchone()[0])
            super().close()

    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        return real_connect(*args, **{**kwargs, "factory": Recording})

    monkeypatch.setattr(ledger_module.sqlite3, "connect", connect)
    monkeypatch.setattr(summary_module.sqlite3, "connect", connect)
    for key, value in mail_env(plain_server).items():
        monkeypatch.setenv(key, value)
    assert send_issue(workspace, "2008-06", SendOptions(yes=True, only=["送"])) == 0
    assert send_issue(workspace, "2008-06", SendOptions(dry_run=True)) == 0
    status_data(workspace, "2008-06")
    assert delivery_summary(workspace, "2008-06")
    assert len(seen) >= 4 and set(seen) == {2}  # 2 is FULL


# --- atomic saves killed in the middle -----------------------------------------------------------------

KILL_AT_FSYNC = textwrap.dedent(
    """
    import os, sys
    calls = [0]
    real = os.fsync
    def fsync(fd):
        calls[0] += 1
        if calls[0] == int(os.environ["KILL_AT"]):
            os._exit(86)  # like kill -9: no cleanup, no flush beyond what was written
        real(fd)
    os.fsync = fsync
    """
)


def _run_killed(code: str, kill_at: int, cwd) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-c", KILL_AT_FSYNC + textwrap.dedent(code)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "KILL_AT": str(kill_at)}, timeout=120)


def test_manifest_save_killed_midway_leaves_the_old_file(workspace_dir):
    manifest = workspace_dir / "issues/2008-06.yaml"
    before = manifest.read_bytes()
    done = _run_killed(
        """
        from jianbao_cli.model.yamlio import load_manifest
        from pathlib import Path
        document = load_manifest(Path("issues/2008-06.yaml"))
        document.data["series"] = "改过的刊名" * 2000
        document.save()
        """,
        1, workspace_dir,
    )
    assert done.returncode == 86, done.stderr  # killed inside the save, as planned
    assert manifest.read_bytes() == before
    leftovers = [p.name for p in manifest.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1  # at most the dead process's temporary file, never the manifest itself


def test_outbox_file_save_killed_midway_leaves_the_old_file(workspace_dir, rendered):
    done = run_cli("send", "2008-06", "--dry-run", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    folder = workspace_dir / "outbox/2008-06"
    old = {p.name: p.read_bytes() for p in folder.glob("*.eml")}
    assert len(old) == 15
    # a new version of the issue: every message changes
    set_mail(workspace_dir, **{"from": "另一个发件人 <other@example.org>"})
    import os

    os.utime(rendered)
    # two fsyncs per file (the file, then its folder): the 5th is the third file's data
    killed = _run_killed(
        """
        import sys
        from jianbao_cli.cli import main
        sys.argv = ["jianbao", "send", "2008-06", "--dry-run"]
        main()
        """,
        5, workspace_dir,
    )
    assert killed.returncode == 86, killed.stdout + killed.stderr
    now = {p.name: p.read_bytes() for p in folder.glob("*.eml")}
    assert set(now) == set(old)
    names = sorted(old)
    assert [now[n] != old[n] for n in names[:2]] == [True, True]  # written before the kill
    assert now[names[2]] == old[names[2]]  # the file being written when killed: its old version, whole
    assert all(now[n] == old[n] for n in names[2:])


def test_failed_atomic_write_cleans_up_and_keeps_the_old_file(tmp_path):
    from jianbao_cli.fsutil import atomic_open

    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as handle:
            handle.write(b"new, half written")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]
