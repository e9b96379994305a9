"""The example issue, sent through a real SMTP server on 127.0.0.1 over STARTTLS and implicit TLS."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import run_cli
from tests.send.conftest import PASSWORD, expected_addresses, mail_env, send, states


def _check_delivery(workspace_dir, server, docx_bytes):
    wanted = expected_addresses(workspace_dir)
    assert len(wanted) == 15  # 送 9 + 发 6; 刘主任 is listed twice and counted once
    counts = server.handler.count_by_rcpt()
    assert counts == {address: 1 for address in wanted}
    names = {}
    from ruamel.yaml import YAML

    recipients = YAML(typ="safe").load((workspace_dir / "data/recipients.yaml").read_text(encoding="utf-8"))
    for people in recipients.values():
        for person in people:
            names.setdefault(person["email"].lower(), person["name"])
    message_ids = set()
    for received in server.messages:
        message = received.parsed()
        assert message["Subject"] == "成都市政府网站简报 2008年第6期"
        assert message["From"].addresses[0].display_name == "成都市经济信息中心"
        assert message["From"].addresses[0].addr_spec == "jianbao@example.org"
        (to,) = message["To"].addresses
        assert to.addr_spec.lower() == received.rcpt_tos[0].lower()
        assert to.display_name == names[to.addr_spec.lower()]
        assert message["Date"].datetime.utcoffset().total_seconds() == 8 * 3600
        message_ids.add(message["Message-ID"])
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        for text in (plain, html):
            assert "本期导读" in text
            assert "政府创新与电子政府建设研讨会在成都召开" in text
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "成都市政府网站简报2008年第6期.docx"
        assert attachment["Content-Type"].params["name"] == "成都市政府网站简报2008年第6期.docx"
        assert attachment.get_content() == docx_bytes
        # the raw header carries RFC 2047 words, not RFC 2231 (name*=), for Coremail/Foxmail/Outlook/QQ Mail
        raw = received.data.decode("ascii")
        assert 'filename="=?UTF-8?B?' in raw and 'name="=?UTF-8?B?' in raw
        assert "filename*" not in raw and "name*" not in raw
    assert len(message_ids) == 15


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_example_goes_to_every_address_exactly_once(mode, request, workspace_dir, ca_file):
    server = request.getfixturevalue(f"{mode}_server")
    env = mail_env(server, ca_file)
    done = send(workspace_dir, "2008-06", "--yes", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    docx = workspace_dir / "build" / "2008-06.docx"
    assert docx.is_file(), "send renders the issue when the .docx is missing"
    from jianbao_cli.render import is_rendered_current
    from jianbao_cli.workspace import Workspace

    assert is_rendered_current(Workspace(workspace_dir), "2008-06")
    _check_delivery(workspace_dir, server, docx.read_bytes())
    assert set(states(workspace_dir).values()) == {"sent"}

    # A second run sends nothing: everyone already has this content.
    again = send(workspace_dir, "2008-06", "--yes", env=env)
    assert again.returncode == 0, again.stderr
    assert len(server.messages) == 15

    # The ledger is durable and never holds the password.
    ledger = workspace_dir / ".jianbao" / "ledger.sqlite3"
    assert PASSWORD.encode() not in ledger.read_bytes()
    db = sqlite3.connect(ledger)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = db.execute("SELECT state, reply, content_hash, message_id FROM deliveries").fetchall()
    assert len(rows) == 15 and all(r[0] == "sent" and r[1].startswith("250") and r[2] for r in rows)

    # `list` gets its one line cheaply.
    from jianbao_cli.delivery import delivery_summary
    from jianbao_cli.workspace import Workspace

    assert delivery_summary(Workspace(workspace_dir), "2008-06") == "已发送 15/15"


def test_only_and_to_narrow_a_run(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server)
    done = send(workspace_dir, "2008-06", "--yes", "--only", "送", env=env)
    assert done.returncode == 0, done.stderr
    assert set(plain_server.handler.count_by_rcpt()) == expected_addresses(workspace_dir, ("送",))
    from jianbao_cli.delivery import delivery_summary
    from jianbao_cli.workspace import Workspace

    assert delivery_summary(Workspace(workspace_dir), "2008-06") == "已发送 9/15"
    # 发 next: 刘主任 (also under 送) already has it and is not sent again.
    done = send(workspace_dir, "2008-06", "--yes", "--only", "发", env=env)
    assert done.returncode == 0, done.stderr
    assert plain_server.handler.count_by_rcpt() == {a: 1 for a in expected_addresses(workspace_dir)}
    # --force with --to: exactly one more copy, to that one person.
    done = send(workspace_dir, "2008-06", "--yes", "--force", "--to", "FGW@example.org", env=env)
    assert done.returncode == 0, done.stderr
    assert plain_server.handler.count_by_rcpt()["fgw@example.org"] == 2
    assert len(plain_server.messages) == 16
    # An address not on the list is refused.
    done = send(workspace_dir, "2008-06", "--yes", "--to", "nobody@example.org", env=env)
    assert done.returncode == 2
    assert "nobody@example.org" in done.stderr and "Traceback" not in done.stderr


def test_status_shows_groups_and_people(workspace_dir, plain_server, rendered):
    env = mail_env(plain_server)
    assert send(workspace_dir, "2008-06", "--yes", "--only", "送", env=env).returncode == 0
    done = run_cli("status", "2008-06", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    assert "王秘书长" in done.stdout and "已发送 9/15" in done.stdout and "待发送 6" in done.stdout
    data = json.loads(run_cli("status", "2008-06", "--json", cwd=workspace_dir).stdout)
    assert data["counts"]["sent"] == 9 and data["total"] == 15
    groups = {(g["key"], g["label"]): g for g in data["groups"]}
    assert groups[("送", "市政府秘书长")]["people"][0]["state"] == "sent"
    assert groups[("发", "市政府各部门")]["people"][0]["state"] == "pending"
    # 刘主任 is under 送 and 发: sent once, shown in both places.
    liu = [p for g in data["groups"] for p in g["people"] if p["address"] == "liu.zhuren@example.org"]
    assert len(liu) == 2 and {p["state"] for p in liu} == {"sent"}


def test_a_stale_rendering_is_rendered_again_before_sending(workspace_dir, plain_server, rendered):
    import os

    manifest = workspace_dir / "issues/2008-06.yaml"
    old = rendered.stat().st_mtime
    os.utime(manifest, (old + 10, old + 10))  # the manifest is now newer than the .docx
    done = send(workspace_dir, "2008-06", "--yes", "--to", "mishuzhang@example.org", env=mail_env(plain_server))
    assert done.returncode == 0, done.stderr
    assert rendered.stat().st_mtime > old
    (attachment,) = list(plain_server.messages[0].parsed().iter_attachments())
    assert attachment.get_content() == rendered.read_bytes()


@pytest.mark.libreoffice
def test_pdf_attached_when_settings_ask(workspace_dir, plain_server, rendered):
    from tests.send.conftest import set_mail

    set_mail(workspace_dir, attach_pdf=True)
    done = send(workspace_dir, "2008-06", "--yes", "--to", "liu.zhuren@example.org", env=mail_env(plain_server))
    assert done.returncode == 0, done.stderr
    (received,) = plain_server.messages
    attachments = list(received.parsed().iter_attachments())
    assert [a.get_filename() for a in attachments] == ["成都市政府网站简报2008年第6期.docx", "成都市政府网站简报2008年第6期.pdf"]
    assert attachments[1].get_content_type() == "application/pdf"
    pdf = workspace_dir / "build" / "2008-06.pdf"
    assert attachments[1].get_content() == pdf.read_bytes() and pdf.read_bytes().startswith(b"%PDF")
