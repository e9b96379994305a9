"""Messages and settings without a server: parse-back of arbitrary names, header checks, config."""

from __future__ import annotations

import datetime as dt
import email
import re
from email import policy
from email.headerregistry import Address
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao_cli.delivery.message import Attachment, MessageFactory, content_hash, encoded_words
from jianbao_cli.delivery.plan import Target
from jianbao_cli.errors import JianbaoError

# printable text of any script, no control characters (those are refused, tested below)
names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip()
)


@pytest.fixture(scope="module")
def issue():
    from jianbao_cli.model.yamlio import load_manifest
    from tests.conftest import REPO

    return load_manifest(REPO / "issues/2008-06.yaml", "issues/2008-06.yaml").issue


def _spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _build(issue, name, filename="成都市政府网站简报2008年第6期.docx", data=b"PK\x03\x04" * 50):
    factory = MessageFactory(issue, sender=Address("成都市经济信息中心", addr_spec="jb@example.org"),
                             attachments=[Attachment(filename, data, "application", "octet-stream")],
                             chash=content_hash(issue), domain="example.org", tz=ZoneInfo("Asia/Shanghai"),
                             now=dt.datetime(2008, 10, 28, 9, 0, tzinfo=dt.timezone.utc))
    built = factory.build(Target(name=name, email="someone@example.org", groups=[("送", "市政府秘书长")]))
    return built, email.message_from_bytes(built.data, policy=policy.default)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, filename=names)
def test_any_display_name_and_file_name_parse_back(issue, name, filename):
    built, message = _build(issue, name, filename + ".docx")
    assert all(len(line) <= 998 for line in built.data.split(b"\r\n"))
    assert built.data.isascii()
    (to,) = message["To"].addresses
    # Python's reader folds runs of (Unicode) white space in a display name into one space, and puts
    # a space between the RFC 2047 words of a long name (mail clients join them, as the RFC says)
    assert _spaces(to.display_name) == _spaces(name) and to.addr_spec == "someone@example.org"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == filename + ".docx"
    assert attachment.get_content() == b"PK\x03\x04" * 50
    assert name in message.get_body(("plain",)).get_content()
    for part in message.walk():
        assert not part.defects, (part.defects, name, filename)


def test_names_of_up_to_15_chinese_characters_parse_back_exactly(issue):
    name = "市委宣传部新闻出版处办公室主任"
    _, message = _build(issue, name)
    assert message["To"].addresses[0].display_name == name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(series=names)
def test_any_series_name_makes_a_subject_that_parses_back(issue, series):
    changed = issue.model_copy(update={"series": series})
    _, message = _build(changed, "刘主任")
    assert _spaces(message["Subject"]) == _spaces(f"{series} 2008年第6期")
    assert not message.defects


def test_date_and_message_id(issue):
    built, message = _build(issue, "刘主任")
    assert message["Date"] == "Tue, 28 Oct 2008 17:00:00 +0800"
    again, _ = _build(issue, "刘主任")
    assert built.message_id == again.message_id == message["Message-ID"]
    assert built.message_id.endswith("@example.org>")


def test_encoded_words_are_short_and_split_on_characters():
    words = encoded_words("成都市政府网站简报" * 10)
    assert all(len(w) <= 60 for w in words)
    assert "".join(email.header.decode_header(w)[0][0].decode("utf-8") for w in words) == "成都市政府网站简报" * 10


@pytest.mark.parametrize("bad", ["王\r\nBcc: x@example.net", "王\n", "王\x00", "王\u2028"])
def test_control_characters_in_a_name_are_refused(issue, bad):
    with pytest.raises(JianbaoError, match="换行或控制字符"):
        _build(issue, bad)


def test_settings_from_environment_and_password_masked(workspace):
    from jianbao_cli.delivery import config

    env = {"JIANBAO_SMTP_HOST": "mail.example.org", "JIANBAO_SMTP_SECURITY": "ssl", "JIANBAO_SMTP_PORT": "465", "JIANBAO_SMTP_USER": "jb",
           "JIANBAO_SMTP_PASSWORD": "hunter2-秘密", "JIANBAO_SMTP_FROM": "简报编辑部 <jb@example.org>"}
    cfg = config.resolve(workspace.settings, env)
    assert (cfg.host, cfg.port, cfg.security, cfg.user) == ("mail.example.org", 465, "ssl", "jb")
    assert cfg.sender.display_name == "简报编辑部" and cfg.msgid_domain == "example.org"
    secret = cfg.password(env)
    assert secret.reveal() == "hunter2-秘密"
    assert "hunter2" not in repr(secret) + str(secret) + repr(cfg)
    with pytest.raises(JianbaoError) as info:
        cfg.password({})
    assert info.value.exit_code == 3


def test_content_hash_ignores_distribution_and_schedule(issue):
    changed = issue.model_copy(update={"copies": 300, "send_at": dt.datetime(2008, 10, 28, 9)})
    assert content_hash(changed) == content_hash(issue)
    edited = issue.model_copy(update={"contact": "电话：000"})
    assert content_hash(edited) != content_hash(issue)
