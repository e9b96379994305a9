"""Input and safety: header injection, all problems at once, --dry-run, no terminal, --due."""

from __future__ import annotations

import datetime as dt
import email
import sqlite3
from email import policy

from tests.conftest import run_cli
from tests.send.conftest import mail_env, send, states


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_display_name_with_crlf_is_refused(workspace_dir, plain_server, rendered):
    _edit(workspace_dir / "data/recipients.yaml", "{name: 王秘书长,", '{name: "王秘书长\\r\\nBcc: victim@example.net",')
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2
    assert "换行" in done.stderr and "Traceback" not in done.stderr
    assert plain_server.messages == []


def test_label_with_crlf_is_refused(workspace_dir, plain_server, rendered):
    _edit(workspace_dir / "issues/2008-06.yaml", "发: [市政府各部门,", '发: ["市政府各部门\\r\\nBcc: victim@example.net",')
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2
    assert "换行" in done.stderr and "Traceback" not in done.stderr
    assert plain_server.messages == []


def test_sender_with_crlf_is_refused(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server, JIANBAO_SMTP_FROM="简报\r\nBcc: victim@example.net <jb@example.org>")
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 2 and "换行" in done.stderr
    assert plain_server.messages == []


def test_every_problem_is_reported_before_anything_is_sent(workspace_dir, plain_server, rendered):
    _edit(workspace_dir / "issues/2008-06.yaml", "发: [市政府各部门,", "发: [市政府各部门, 不存在的单位,")
    _edit(workspace_dir / "data/recipients.yaml", "email: czj@example.org", "email: czj@@example")
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 2
    assert "不存在的单位" in done.stderr and "czj@@example" in done.stderr
    assert plain_server.messages == []


def test_bad_settings_are_reported_together(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server, JIANBAO_SMTP_SECURITY="tls", JIANBAO_SMTP_PORT="99999")
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 2
    assert "JIANBAO_SMTP_SECURITY" in done.stderr and "99999" in done.stderr


def test_dry_run_writes_parseable_messages_and_sends_nothing(workspace_dir, plain_server, rendered):
    done = send(workspace_dir, "2008-06", "--dry-run", env=mail_env(plain_server))
    assert done.returncode == 0, done.stderr
    files = sorted((workspace_dir / "outbox" / "2008-06").glob("*.eml"))
    assert len(files) == 15
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert not message.defects
        assert message["Subject"] == "成都市政府网站简报 2008年第6期"
        assert message["Message-ID"].startswith("<jianbao.2008-06.")
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "成都市政府网站简报2008年第6期.docx"
        assert attachment.get_content() == rendered.read_bytes()
        for part in message.walk():
            assert not part.defects
    assert plain_server.messages == []
    assert plain_server.handler.rcpt_attempts == {}
    ledger = workspace_dir / ".jianbao" / "ledger.sqlite3"
    if ledger.exists():
        assert sqlite3.connect(ledger).execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 0


def test_message_id_is_stable_across_builds(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server)
    first = {p.name: email.message_from_bytes(p.read_bytes(), policy=policy.default)["Message-ID"]
             for p in (send(workspace_dir, "2008-06", "--dry-run", env=env) and
                       sorted((workspace_dir / "outbox/2008-06").glob("*.eml")))}
    send(workspace_dir, "2008-06", "--dry-run", env=env)
    second = {p.name: email.message_from_bytes(p.read_bytes(), policy=policy.default)["Message-ID"]
              for p in sorted((workspace_dir / "outbox/2008-06").glob("*.eml"))}
    assert first == second and len(set(first.values())) == 15


def test_without_yes_and_without_terminal_it_refuses(workspace_dir, plain_server, rendered):
    done = send(workspace_dir, "2008-06", env=mail_env(plain_server))
    assert done.returncode == 2 and "--yes" in done.stderr
    assert plain_server.messages == []


def test_confirmation_lists_groups_people_and_attachment(workspace_dir, plain_server, rendered, monkeypatch):
    from typer.testing import CliRunner

    from jianbao_cli.cli import app
    from jianbao_cli.delivery.report import ConsoleReporter

    for key, value in mail_env(plain_server).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(ConsoleReporter, "interactive", lambda self: True)
    result = CliRunner().invoke(app, ["send", "2008-06"], input="n\n")
    assert "送：市政府秘书长" in result.output and "王秘书长 <mishuzhang@example.org>" in result.output
    assert "成都市政府网站简报2008年第6期.docx" in result.output and "KB" in result.output
    assert "共 15 封邮件" in result.output
    assert plain_server.messages == []
    result = CliRunner().invoke(app, ["send", "2008-06", "--only", "送"], input="y\n")
    assert result.exit_code == 0, result.output
    assert len(plain_server.messages) == 9


def _an_hour_ago() -> str:
    # A schedule older than review.max_lateness (12 h by default) is refused by --due, not sent.
    return (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(hours=1)).isoformat(timespec="seconds")


def _schedule(workspace_dir, when: str):
    path = workspace_dir / "issues/2008-06.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"send_at: {when}\n", encoding="utf-8")


def test_due_sends_scheduled_issues_once(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server)
    done = run_cli("send", "--due", "--yes", cwd=workspace_dir, env=env)
    assert done.returncode == 0 and "没有到期" in done.stdout and plain_server.messages == []
    future = (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(hours=2)).isoformat(timespec="seconds")
    _schedule(workspace_dir, future)
    done = run_cli("send", "--due", "--yes", cwd=workspace_dir, env=env)
    assert done.returncode == 0 and plain_server.messages == []
    path = workspace_dir / "issues/2008-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(future, _an_hour_ago()), encoding="utf-8")
    import os
    os.utime(rendered)  # keep the rendered file newer than the edited manifest
    done = run_cli("send", "--due", "--yes", cwd=workspace_dir, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(plain_server.messages) == 15
    done = run_cli("send", "--due", "--yes", cwd=workspace_dir, env=env)
    assert done.returncode == 0 and "没有到期" in done.stdout and len(plain_server.messages) == 15
    assert set(states(workspace_dir).values()) == {"sent"}


def test_due_requires_yes(workspace_dir):
    done = run_cli("send", "--due", cwd=workspace_dir)
    assert done.returncode == 2 and "--yes" in done.stderr


def test_status_before_any_send(workspace_dir):
    done = run_cli("status", "2008-06", cwd=workspace_dir)
    assert done.returncode == 0 and "已发送 0/15" in done.stdout
    from jianbao_cli.delivery import delivery_summary
    from jianbao_cli.workspace import Workspace

    assert delivery_summary(Workspace(workspace_dir), "2008-06") is None


def test_due_reports_a_broken_scheduled_issue_and_sends_the_others(workspace_dir, plain_server, rendered):
    import os
    import shutil

    _schedule(workspace_dir, _an_hour_ago())
    broken = workspace_dir / "issues/2008-07.yaml"
    shutil.copyfile(workspace_dir / "issues/2008-06.yaml", broken)
    text = broken.read_text(encoding="utf-8").replace("number: 6", "number: 7")
    broken.write_text(text.replace("发: [市政府各部门,", "发: [没有这个名单,"), encoding="utf-8")
    os.utime(rendered)
    done = run_cli("send", "--due", "--yes", cwd=workspace_dir, env=mail_env(plain_server))
    assert done.returncode == 2
    assert "2008-07" in done.stderr and "没有这个名单" in done.stderr
    assert len(plain_server.messages) == 15
    assert {m.parsed()["Subject"] for m in plain_server.messages} == {"成都市政府网站简报 2008年第6期"}
