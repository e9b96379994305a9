"""Sign-off and the send gate, with a real SMTP server: review.required, review.approvers, --dry-run,
the diff summary on refusal, snapshots of what was sent, review state in list and status."""

from __future__ import annotations

import json

from tests.conftest import run_cli
from tests.review.conftest import A1, EDIT_NEW, EDIT_OLD, env_for, list_json, set_review
from tests.send.conftest import expected_addresses


def _edit_paragraph(workspace_dir):
    path = workspace_dir / "issues/2008-06.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(EDIT_OLD, EDIT_NEW), encoding="utf-8")


def _send(workspace_dir, env, *args):
    return run_cli("send", "2008-06", "--yes", *args, cwd=workspace_dir, env=env, input="")


def test_required_sign_off_gates_send(workspace_dir, smtp):
    set_review(workspace_dir, required=True)
    env = env_for(smtp)
    everyone = expected_addresses(workspace_dir)

    refused = _send(workspace_dir, env)
    assert refused.returncode == 2
    assert "尚未签发" in refused.stderr and "jianbao approve 2008-06 --by" in refused.stderr
    assert smtp.handler.messages == []
    assert list_json(workspace_dir)["2008-06"]["review"] == "待审"

    dry = run_cli("send", "2008-06", "--dry-run", cwd=workspace_dir, env=env)
    assert dry.returncode == 0, dry.stderr
    assert len(list((workspace_dir / "outbox/2008-06").glob("*.eml"))) == len(everyone)
    assert smtp.handler.messages == []

    assert run_cli("approve", "2008-06", "--by", "王主任", "--note", "同意印发", cwd=workspace_dir).returncode == 0
    assert list_json(workspace_dir)["2008-06"]["review"].startswith("已审 王主任 ")
    sent = _send(workspace_dir, env)
    assert sent.returncode == 0, sent.stderr
    assert set(smtp.handler.count_by_rcpt()) == everyone

    _edit_paragraph(workspace_dir)
    assert list_json(workspace_dir)["2008-06"]["review"] == "审后有改动"
    again = _send(workspace_dir, env, "--force")
    assert again.returncode == 2
    assert "签发后有改动" in again.stderr
    assert f"内容改动：《{A1}》 1 处" in again.stderr  # the diff summary against the approved version
    assert len(smtp.handler.messages) == len(everyone)

    assert run_cli("approve", "2008-06", "--by", "王主任", cwd=workspace_dir).returncode == 0
    resent = _send(workspace_dir, env, "--force")
    assert resent.returncode == 0, resent.stderr
    assert len(smtp.handler.messages) == 2 * len(everyone)
    status = run_cli("status", "2008-06", cwd=workspace_dir)
    assert "审核：已审 王主任" in status.stdout


def test_two_approvers_required_and_one_given_is_refused(workspace_dir, smtp):
    set_review(workspace_dir, required=True, approvers=2)
    env = env_for(smtp)
    run_cli("approve", "2008-06", "--by", "王主任", cwd=workspace_dir)
    run_cli("approve", "2008-06", "--by", "王主任", cwd=workspace_dir)  # the same person twice is one name
    refused = _send(workspace_dir, env)
    assert refused.returncode == 2
    assert "需要 2 人签发" in refused.stderr and "王主任" in refused.stderr
    assert smtp.handler.messages == []
    assert list_json(workspace_dir)["2008-06"]["review"] == "待审（已签 1/2：王主任）"
    run_cli("approve", "2008-06", "--by", "李副主任", cwd=workspace_dir)
    assert _send(workspace_dir, env).returncode == 0
    assert smtp.handler.messages
    data = json.loads(run_cli("approvals", "2008-06", "--json", cwd=workspace_dir).stdout)
    assert data["state"]["status"] == "approved" and data["state"]["names"] == ["王主任", "李副主任"]


def test_not_required_sends_without_sign_off_and_keeps_a_snapshot_of_what_was_sent(workspace_dir, smtp):
    env = env_for(smtp)
    assert list_json(workspace_dir)["2008-06"]["review"] is None
    assert _send(workspace_dir, env).returncode == 0
    same = run_cli("diff", "2008-06", cwd=workspace_dir)
    assert same.returncode == 0 and "已发送版本" in same.stdout
    _edit_paragraph(workspace_dir)
    changed = run_cli("diff", "2008-06", cwd=workspace_dir, env={"NO_COLOR": "1"})
    assert changed.returncode == 1
    assert "[-大-]{+为广阔+}" in changed.stdout


def test_template_change_after_sign_off_needs_a_new_sign_off(workspace_dir, smtp):
    set_review(workspace_dir, required=True)
    run_cli("approve", "2008-06", "--by", "王主任", cwd=workspace_dir)
    template = workspace_dir / "templates/briefing.docx"
    template.write_bytes(template.read_bytes() + b"\0")  # what the reader sees may differ: a new version
    refused = _send(workspace_dir, env_for(smtp))
    assert refused.returncode == 2 and "签发后有改动" in refused.stderr
    assert "模板" in refused.stderr


def test_approve_refuses_an_empty_name(workspace_dir):
    done = run_cli("approve", "2008-06", "--by", " ", cwd=workspace_dir)
    assert done.returncode == 2 and "签发人姓名不能为空" in done.stderr
