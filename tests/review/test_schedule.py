"""`send --due` that cannot surprise: sign-off, lateness, unknown outcomes, and no issue waiting for
another issue's retries (checked by the order in which messages reach the server)."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

from tests.conftest import run_cli
from tests.review.conftest import edit, env_for, set_review
from tests.send.conftest import expected_addresses


def _schedule(workspace_dir, hours_ago: float, issue: str = "2008-06") -> None:
    when = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=hours_ago)).replace(microsecond=0)

    def change(data):
        data["send_at"] = when.astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat()

    edit(workspace_dir, change, issue)


def _due(workspace_dir, env):
    return run_cli("send", "--due", "--yes", cwd=workspace_dir, env=env, input="")


def test_13_hours_late_is_refused_and_reported_11_hours_late_is_sent(workspace_dir, smtp):
    env = env_for(smtp)
    _schedule(workspace_dir, 13)
    late = _due(workspace_dir, env)
    assert late.returncode == 2
    assert "已过去 13 小时" in late.stderr and "review.max_lateness（12 小时）" in late.stderr
    assert "jianbao send 2008-06" in late.stderr
    assert smtp.handler.messages == []
    _schedule(workspace_dir, 11)
    on_time = _due(workspace_dir, env)
    assert on_time.returncode == 0, on_time.stderr
    assert set(smtp.handler.count_by_rcpt()) == expected_addresses(workspace_dir)


def test_max_lateness_is_a_setting(workspace_dir, smtp):
    set_review(workspace_dir, max_lateness="90m")
    _schedule(workspace_dir, 2)
    late = _due(workspace_dir, env_for(smtp))
    assert late.returncode == 2 and "1.5 小时" in late.stderr
    assert smtp.handler.messages == []


def test_due_issue_without_sign_off_is_refused_and_reported(workspace_dir, smtp):
    set_review(workspace_dir, required=True)
    env = env_for(smtp)
    _schedule(workspace_dir, 1)
    refused = _due(workspace_dir, env)
    assert refused.returncode == 2
    assert "第 2008-06 期" in refused.stderr and "尚未签发" in refused.stderr
    assert smtp.handler.messages == []
    run_cli("approve", "2008-06", "--by", "王主任", cwd=workspace_dir)
    assert _due(workspace_dir, env).returncode == 0
    assert smtp.handler.messages


def test_unknown_outcomes_keep_the_exit_status_at_1(workspace_dir, smtp):
    env = env_for(smtp)
    victim = sorted(expected_addresses(workspace_dir))[0]
    smtp.handler.faults.drop_after_data.add(victim)
    _schedule(workspace_dir, 1)
    first = _due(workspace_dir, env)
    assert first.returncode == 1, first.stderr
    count = len(smtp.handler.messages)
    second = _due(workspace_dir, env)  # nothing left to send, but a person must look at it
    assert second.returncode == 1
    assert "结果不明" in second.stderr and "jianbao status 2008-06" in second.stderr
    assert len(smtp.handler.messages) == count  # never resent by the timer


def test_one_issues_retries_do_not_delay_another_issues_first_delivery(workspace_dir, smtp):
    env = env_for(smtp)
    text = (workspace_dir / "issues/2008-06.yaml").read_text(encoding="utf-8")
    (workspace_dir / "issues/2008-07.yaml").write_text(text.replace("number: 6", "number: 7"), encoding="utf-8")
    _schedule(workspace_dir, 1, "2008-06")
    _schedule(workspace_dir, 1, "2008-07")
    greylisted = sorted(expected_addresses(workspace_dir))[0]
    smtp.handler.faults.rcpt[greylisted] = ["451 4.7.1 Greylisted, please try again later"]
    done = _due(workspace_dir, env)
    assert done.returncode == 0, done.stderr
    arrivals = [(email.message_from_bytes(m.data, policy=policy.default)["Subject"], m.rcpt_tos[0].lower())
                for m in smtp.handler.messages]
    everyone = expected_addresses(workspace_dir)
    assert len(arrivals) == 2 * len(everyone)
    retried = arrivals.index(next(a for a in arrivals if "第6期" in a[0] and a[1] == greylisted))
    issue_7 = [index for index, (subject, _) in enumerate(arrivals) if "第7期" in subject]
    assert len(issue_7) == len(everyone)
    assert max(issue_7) < retried  # 2008-07 went out completely before 2008-06's retry
    assert smtp.handler.rcpt_attempts[greylisted] == 3  # refused once for 2008-06, then accepted twice
