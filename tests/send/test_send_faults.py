"""Faults at every stage of an SMTP exchange, against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import jianbao_exe
from tests.send.conftest import PASSWORD, expected_addresses, mail_env, send, states, status_json

ALL = 15


def test_untrusted_certificate_is_refused(workspace_dir, starttls_server, rendered):
    env = mail_env(starttls_server)  # no CA file: the self-signed chain is not trusted
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 2, done.stderr
    assert "证书" in done.stderr and "Traceback" not in done.stderr
    assert starttls_server.messages == []


def test_untrusted_certificate_is_refused_over_implicit_tls(workspace_dir, ssl_server, rendered):
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(ssl_server))
    assert done.returncode == 2 and "证书" in done.stderr
    assert ssl_server.messages == []


def test_wrong_password_exits_3_and_sends_nothing(workspace_dir, starttls_server, ca_file, rendered):
    env = mail_env(starttls_server, ca_file, JIANBAO_SMTP_PASSWORD="wrong-密码-guess")
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 3, done.stderr
    assert "拒绝" in done.stderr and "wrong-密码-guess" not in done.stdout + done.stderr
    assert starttls_server.messages == []
    assert not any(state == "sent" for state in states(workspace_dir).values())


def test_missing_password_is_a_clear_error(workspace_dir, starttls_server, ca_file, rendered):
    env = mail_env(starttls_server, ca_file)
    env.pop("JIANBAO_SMTP_PASSWORD")
    done = subprocess.run([jianbao_exe(), "send", "2008-06", "--yes"], cwd=workspace_dir, capture_output=True,
                          text=True, env={k: v for k, v in {**os.environ, **env}.items() if k != "JIANBAO_SMTP_PASSWORD"})
    assert done.returncode == 3
    assert "JIANBAO_SMTP_PASSWORD" in done.stderr and "Traceback" not in done.stderr
    assert starttls_server.messages == []


def test_password_file_must_be_0600(workspace_dir, starttls_server, ca_file, rendered, tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    secret.chmod(0o644)
    env = mail_env(starttls_server, ca_file, JIANBAO_SMTP_PASSWORD_FILE=str(secret))
    env.pop("JIANBAO_SMTP_PASSWORD")
    full = {k: v for k, v in {**os.environ, **env}.items() if k != "JIANBAO_SMTP_PASSWORD"}
    done = subprocess.run([jianbao_exe(), "send", "2008-06", "--yes"], cwd=workspace_dir, capture_output=True,
                          text=True, env=full)
    assert done.returncode == 3 and "chmod 600" in done.stderr
    assert starttls_server.messages == []
    secret.chmod(0o600)
    done = subprocess.run([jianbao_exe(), "send", "2008-06", "--yes"], cwd=workspace_dir, capture_output=True,
                          text=True, env=full)
    assert done.returncode == 0, done.stderr
    assert len(starttls_server.messages) == ALL
    assert PASSWORD not in done.stdout + done.stderr


def test_password_command(workspace_dir, starttls_server, ca_file, rendered):
    env = mail_env(starttls_server, ca_file, JIANBAO_SMTP_PASSWORD_COMMAND=f"printf '%s\\n' '{PASSWORD}'")
    full = {k: v for k, v in {**os.environ, **env}.items() if k != "JIANBAO_SMTP_PASSWORD"}
    done = subprocess.run([jianbao_exe(), "send", "2008-06", "--yes", "--only", "送"], cwd=workspace_dir,
                          capture_output=True, text=True, env=full)
    assert done.returncode == 0, done.stderr
    assert len(starttls_server.messages) == 9


def test_450_then_accepted_on_retry(workspace_dir, plain_server, rendered):
    plain_server.faults.rcpt["fgw@example.org"] = ["450 4.2.1 Mailbox busy, try later"]
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 0, done.stdout + done.stderr
    assert plain_server.handler.rcpt_attempts["fgw@example.org"] == 2
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}
    assert set(states(workspace_dir).values()) == {"sent"}


def test_550_reported_and_the_rest_delivered(workspace_dir, plain_server, rendered):
    plain_server.faults.rcpt["czj@example.org"] = ["550 5.1.1 No such user"] * 5
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 1
    assert "czj@example.org" in done.stderr and "550" in done.stderr
    counts = plain_server.handler.count_by_rcpt()
    assert "czj@example.org" not in counts
    assert counts == {a: 1 for a in expected_addresses(workspace_dir) - {"czj@example.org"}}
    assert plain_server.handler.rcpt_attempts["czj@example.org"] == 1  # permanent: not retried
    result = states(workspace_dir)
    assert result.pop("czj@example.org") == "perm_fail"
    assert set(result.values()) == {"sent"}
    # a scheduled-style rerun sends nothing more; the record keeps the server's reply
    again = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert len(plain_server.messages) == ALL - 1 and again.returncode == 1
    people = [p for g in status_json(workspace_dir)["groups"] for p in g["people"]]
    assert any(p["address"] == "czj@example.org" and "550" in p["reply"] for p in people)


def test_552_is_temporary(workspace_dir, plain_server, rendered):
    plain_server.faults.data["jyj@example.org"] = ["552 5.2.2 Mailbox full"]
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 0, done.stderr
    assert plain_server.handler.count_by_rcpt()["jyj@example.org"] == 1


def test_451_at_data_is_retried(workspace_dir, plain_server, rendered):
    plain_server.faults.data["xindu.xxb@example.org"] = ["451 4.3.0 Local error, try again"]
    done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 0, done.stdout + done.stderr
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}


def test_temporary_failure_past_the_deadline_exits_75_and_a_rerun_finishes(workspace_dir, plain_server, rendered):
    plain_server.faults.rcpt["fgw@example.org"] = ["451 4.7.1 Greylisted"] * 3
    env = mail_env(plain_server, JIANBAO_SMTP_RETRY_DEADLINE_MINUTES="0")
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 75
    assert states(workspace_dir)["fgw@example.org"] == "temp_fail"
    assert len(plain_server.messages) == ALL - 1
    plain_server.faults.rcpt.clear()
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 0
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}


def test_connection_refused_on_a_never_reached_server_is_a_setting(workspace_dir, rendered):
    from tests.send.smtpd_fixture import free_port

    env = {"JIANBAO_SMTP_HOST": "127.0.0.1", "JIANBAO_SMTP_PORT": str(free_port()), "JIANBAO_SMTP_SECURITY": "none",
           "JIANBAO_SMTP_RETRY_DEADLINE_MINUTES": "0"}
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "连接被拒绝" in done.stderr and "jianbao doctor" in done.stderr and "Traceback" not in done.stderr
    assert set(states(workspace_dir).values()) == {"pending"}


def test_drop_after_data_is_unknown_and_not_resent(workspace_dir, plain_server, rendered):
    plain_server.faults.drop_after_data.add("wuhou.xxb@example.org")
    env = mail_env(plain_server)
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 1
    assert "wuhou.xxb@example.org" in done.stderr and "结果不明" in done.stderr
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}
    assert states(workspace_dir)["wuhou.xxb@example.org"] == "unknown"
    again = send(workspace_dir, "2008-06", "--yes", env=env)
    assert again.returncode == 1 and "--resend-unknown" in again.stdout + again.stderr
    assert len(plain_server.messages) == ALL  # not resent
    # explicitly resent: the same Message-ID, so the receiver can fold the duplicate
    resent = send(workspace_dir, "2008-06", "--yes", "--resend-unknown", env=env)
    assert resent.returncode == 0, resent.stderr
    copies = [m.parsed() for m in plain_server.messages if m.rcpt_tos == ["wuhou.xxb@example.org"]]
    assert len(copies) == 2 and copies[0]["Message-ID"] == copies[1]["Message-ID"]


@pytest.mark.parametrize("point", ["after_connect:1", "before_data:3", "after_data:5", "after_sent:7", "before_data:15"])
def test_killed_process_then_rerun_sends_each_recipient_once(point, workspace_dir, plain_server, rendered):
    env = mail_env(plain_server)
    crashed = send(workspace_dir, "2008-06", "--yes", env={**env, "JIANBAO_TEST_CRASH_AT": point})
    assert crashed.returncode == 86, crashed.stdout + crashed.stderr
    rerun = send(workspace_dir, "2008-06", "--yes", env=env)
    assert rerun.returncode in (0, 1), rerun.stdout + rerun.stderr
    result = states(workspace_dir)
    counts = plain_server.handler.count_by_rcpt()
    unknown = {a for a, s in result.items() if s == "unknown"}
    assert set(result) == expected_addresses(workspace_dir)
    for address, state in result.items():
        if state == "unknown":
            assert counts.get(address, 0) <= 1
        else:
            assert state == "sent" and counts.get(address) == 1, (address, state, counts.get(address))
    if point.startswith(("before_data", "after_data")):
        assert len(unknown) == 1 and rerun.returncode == 1 and "结果不明" in rerun.stderr
        (address,) = unknown
        assert counts.get(address, 0) == (1 if point.startswith("after_data") else 0)
    else:
        assert not unknown and rerun.returncode == 0


def test_two_processes_started_together_send_each_once(workspace_dir, plain_server, rendered):
    env = {**os.environ, **mail_env(plain_server)}
    env.pop("JIANBAO_WORKSPACE", None)
    procs = [
        subprocess.Popen([jianbao_exe(), "send", "2008-06", "--yes"], cwd=workspace_dir, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for proc in procs:
        proc.stdout.close()
        proc.stderr.close()
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 75]), results
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}


def test_lock_held_means_exit_75_and_nothing_sent(workspace_dir, plain_server, rendered):
    from jianbao_cli.delivery.lock import IssueLock

    (workspace_dir / ".jianbao").mkdir(exist_ok=True)
    with IssueLock(workspace_dir / ".jianbao", "2008-06"):
        done = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server))
    assert done.returncode == 75 and "另一个发送进程" in done.stderr
    assert plain_server.messages == []


def test_starttls_required_but_not_offered_is_refused(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server, JIANBAO_SMTP_SECURITY="starttls")
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 2 and "STARTTLS" in done.stderr
    assert plain_server.messages == []


def test_edited_issue_is_not_resent_without_force(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server)
    assert send(workspace_dir, "2008-06", "--yes", "--only", "送", env=env).returncode == 0
    first_ids = {m.rcpt_tos[0]: m.parsed()["Message-ID"] for m in plain_server.messages}
    manifest = workspace_dir / "issues/2008-06.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("在武侯区试点", "在武侯区率先试点", 1), encoding="utf-8")
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert "较早的版本" in done.stdout
    people = {p["address"]: p for g in status_json(workspace_dir)["groups"] for p in g["people"]}
    assert people["mishuzhang@example.org"]["state_label"] == "已发送（较早版本）"
    assert people["fgw@example.org"]["current_content"] is True
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}
    done = send(workspace_dir, "2008-06", "--yes", "--force", "--to", "mishuzhang@example.org", env=env)
    assert done.returncode == 0
    latest = plain_server.messages[-1].parsed()
    assert latest["Message-ID"] != first_ids["mishuzhang@example.org"]
    assert "率先试点" in latest.get_body(("plain",)).get_content()


def test_status_of_an_unknown_issue_is_an_error(workspace_dir):
    from tests.conftest import run_cli

    done = run_cli("status", "2009-01", cwd=workspace_dir)
    assert done.returncode == 2 and "2009-01" in done.stderr and "Traceback" not in done.stderr


def test_rate_limit_setting_still_delivers_everyone(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server, JIANBAO_SMTP_RATE_PER_MINUTE="3000")  # one message every 20 ms
    done = send(workspace_dir, "2008-06", "--yes", "--only", "送", env=env)
    assert done.returncode == 0, done.stderr
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir, ("送",))}
    bad = send(workspace_dir, "2008-06", "--yes", env=mail_env(plain_server, JIANBAO_SMTP_RATE_PER_MINUTE="-1"))
    assert bad.returncode == 2 and "JIANBAO_SMTP_RATE_PER_MINUTE" in bad.stderr


def test_server_requiring_tls_and_login_is_not_a_recipient_failure(workspace_dir, starttls_server, rendered):
    env = mail_env(starttls_server, JIANBAO_SMTP_SECURITY="none")
    env.pop("JIANBAO_SMTP_USER")
    full = {k: v for k, v in {**os.environ, **env}.items() if k not in ("JIANBAO_SMTP_USER", "JIANBAO_SMTP_PASSWORD")}
    done = subprocess.run([jianbao_exe(), "send", "2008-06", "--yes"], cwd=workspace_dir, capture_output=True,
                          text=True, env=full)
    assert done.returncode == 3 and "530" in done.stderr
    assert starttls_server.messages == []
    assert "perm_fail" not in states(workspace_dir).values()
