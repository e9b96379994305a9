"""Scheduled runs (`send --due`): the send_at time zone, permanent failures, authentication failure,
--dry-run, several due issues."""

from __future__ import annotations

import datetime as dt
import os
import shutil

from tests.conftest import run_cli
from tests.send.conftest import mail_env, states


def _schedule(workspace_dir, when: str, issue: str = "2008-06") -> None:
    path = workspace_dir / f"issues/{issue}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"send_at: {when}\n", encoding="utf-8")


def _hours_ago(hours: float) -> str:
    """A send_at that is due and not late (review.max_lateness is 12 hours by default)."""
    zone = dt.timezone(dt.timedelta(hours=8))
    return (dt.datetime.now(zone) - dt.timedelta(hours=hours)).replace(microsecond=0).isoformat()


def _second_issue(workspace_dir) -> None:
    """issues/2008-07.yaml: the same issue numbered 7, to have two due issues."""
    target = workspace_dir / "issues/2008-07.yaml"
    shutil.copyfile(workspace_dir / "issues/2008-06.yaml", target)
    target.write_text(target.read_text(encoding="utf-8").replace("number: 6", "number: 7"), encoding="utf-8")


def _due(workspace_dir, env, *extra):
    return run_cli("send", "--due", *extra, cwd=workspace_dir, env=env)


def test_send_at_without_a_zone_is_read_in_the_workspace_zone(workspace_dir, plain_server, rendered):
    # One hour ago on the workspace's clock (Asia/Shanghai, +08:00), written without a zone. Read as
    # UTC it would lie seven hours ahead, and nothing would be due.
    local_now = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None, microsecond=0)
    _schedule(workspace_dir, (local_now - dt.timedelta(hours=1)).isoformat())
    os.utime(rendered)
    done = _due(workspace_dir, mail_env(plain_server), "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(plain_server.messages) == 15


def test_send_at_without_a_zone_in_the_future_is_not_due(workspace_dir, plain_server, rendered):
    # A workspace west of UTC: in an hour on its clock, which read as UTC would be hours in the past.
    from zoneinfo import ZoneInfo

    settings = workspace_dir / "jianbao.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "timezone: Asia/Shanghai" in text
    settings.write_text(text.replace("timezone: Asia/Shanghai", "timezone: America/New_York"), encoding="utf-8")
    local_now = dt.datetime.now(ZoneInfo("America/New_York")).replace(tzinfo=None, microsecond=0)
    _schedule(workspace_dir, (local_now + dt.timedelta(hours=1)).isoformat())
    os.utime(rendered)
    done = _due(workspace_dir, mail_env(plain_server), "--yes")
    assert done.returncode == 0 and "没有到期" in done.stdout, done.stdout + done.stderr
    assert plain_server.messages == []


def test_due_leaves_permanent_failures_alone(workspace_dir, plain_server, rendered):
    _schedule(workspace_dir, _hours_ago(2))
    os.utime(rendered)
    plain_server.faults.rcpt["jyj@example.org"] = ["550 5.1.1 No such user"]
    plain_server.faults.rcpt["czj@example.org"] = ["450 4.2.0 Mailbox busy"]
    env = mail_env(plain_server, JIANBAO_SMTP_RETRY_DEADLINE_MINUTES="0")  # one pass: czj stays temporary
    _due(workspace_dir, env, "--yes")
    assert states(workspace_dir)["jyj@example.org"] == "perm_fail"
    assert states(workspace_dir)["czj@example.org"] == "temp_fail"
    again = _due(workspace_dir, env, "--yes")  # still due (czj): runs, but not for jyj
    assert states(workspace_dir)["czj@example.org"] == "sent", again.stdout + again.stderr
    assert plain_server.handler.rcpt_attempts["jyj@example.org"] == 1
    assert states(workspace_dir)["jyj@example.org"] == "perm_fail"


def test_due_stops_at_the_first_authentication_failure(workspace_dir, starttls_server, ca_file, rendered):
    _second_issue(workspace_dir)
    _schedule(workspace_dir, _hours_ago(2))
    _schedule(workspace_dir, _hours_ago(2), "2008-07")
    os.utime(rendered)
    env = mail_env(starttls_server, ca_file, JIANBAO_SMTP_PASSWORD="wrong-password")
    done = _due(workspace_dir, env, "--yes")
    assert done.returncode == 3, done.stdout + done.stderr
    assert starttls_server.authenticator.attempts == ["PLAIN"]  # one attempt, not one per issue
    assert starttls_server.messages == []
    assert "wrong-password" not in done.stdout + done.stderr


def test_due_dry_run_writes_every_due_issue_and_sends_nothing(workspace_dir, plain_server, rendered):
    _second_issue(workspace_dir)
    _schedule(workspace_dir, _hours_ago(2))
    _schedule(workspace_dir, _hours_ago(2), "2008-07")
    os.utime(rendered)
    done = _due(workspace_dir, mail_env(plain_server), "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    for issue in ("2008-06", "2008-07"):
        assert len(list((workspace_dir / "outbox" / issue).glob("*.eml"))) == 15
    assert plain_server.messages == []
    assert "sent" not in set(states(workspace_dir).values())


def test_several_due_issues_are_each_sent_once(workspace_dir, plain_server, rendered):
    _second_issue(workspace_dir)
    _schedule(workspace_dir, _hours_ago(2))
    _schedule(workspace_dir, _hours_ago(1), "2008-07")
    os.utime(rendered)
    env = mail_env(plain_server)
    done = _due(workspace_dir, env, "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    subjects = {}
    for message in plain_server.messages:
        key = (message.rcpt_tos[0].lower(), message.parsed()["Subject"])
        subjects[key] = subjects.get(key, 0) + 1
    assert len(plain_server.messages) == 30 and set(subjects.values()) == {1}
    assert {s for _, s in subjects} == {"成都市政府网站简报 2008年第6期", "成都市政府网站简报 2008年第7期"}
    again = _due(workspace_dir, env, "--yes")
    assert again.returncode == 0 and len(plain_server.messages) == 30
