"""`jianbao doctor`, through the installed command, against real LibreOffice, fontconfig, poppler
and a real aiosmtpd server with STARTTLS and AUTH."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.send.conftest import PASSWORD, ca, ca_file, mail_env, server_cert, starttls_server  # noqa: F401

pytestmark = pytest.mark.libreoffice


def _doctor(workspace_dir, *args, env=None):
    return run_cli("doctor", *args, cwd=workspace_dir, env=env)


def _rows(done) -> dict:
    data = json.loads(done.stdout)
    return {row["key"]: row for row in data["checks"]}, data


def test_good_configuration_passes_every_check(workspace_dir, starttls_server, ca_file):
    done = _doctor(workspace_dir, "--mail", env=mail_env(starttls_server, ca_file))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✗" not in done.stdout and "全部检查通过" in done.stdout
    for name in ("工作区与设置", "收件人名单", "模板", "LibreOffice", "字体 方正小标宋简体", "字体 仿宋_GB2312",
                 "字体 楷体_GB2312", "字体 黑体", "poppler", "状态文件夹", "SMTP 连接", "EHLO", "STARTTLS", "登录（AUTH）", "QUIT"):
        assert f"✓ {name}" in done.stdout, name
    assert "Noto Serif CJK SC" in done.stdout and "AR PL UKai CN" in done.stdout
    assert starttls_server.messages == [] and PASSWORD not in done.stdout + done.stderr


def test_missing_libreoffice_fails_that_row(workspace_dir, tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("fc-match", "pdftotext", "pdffonts", "pdftoppm"):
        (tools / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(tools)}
    environment_soffice = os.environ.pop("JIANBAO_SOFFICE", None)
    try:
        done = _doctor(workspace_dir, "--json", env=env)
    finally:
        if environment_soffice:
            os.environ["JIANBAO_SOFFICE"] = environment_soffice
    assert done.returncode == 1, done.stdout + done.stderr
    rows, data = _rows(done)
    assert data["ok"] is False
    assert rows["libreoffice"]["ok"] is False and "apt-get install libreoffice" in rows["libreoffice"]["fix"]
    assert [key for key, row in rows.items() if not row["ok"]] == ["libreoffice"]


def test_wrong_password_fails_auth_and_is_never_shown(workspace_dir, starttls_server, ca_file):
    secret = "Wr0ng-密码-never-print-me"
    env = mail_env(starttls_server, ca_file, JIANBAO_SMTP_PASSWORD=secret)
    for args in (("--mail",), ("--mail", "--json")):
        done = _doctor(workspace_dir, *args, env=env)
        assert done.returncode == 1, done.stdout + done.stderr
        assert secret not in done.stdout + done.stderr
    rows, _ = _rows(done)
    assert rows["smtp.tls"]["ok"] and not rows["smtp.auth"]["ok"]
    assert "AUTH PLAIN" in rows["smtp.auth"]["detail"] and "smtp.quit" not in rows
    assert starttls_server.authenticator.attempts == ["PLAIN", "PLAIN"]  # one attempt per doctor run
    assert starttls_server.messages == []


def test_untrusted_certificate_fails_tls(workspace_dir, starttls_server):
    done = _doctor(workspace_dir, "--mail", "--json", env=mail_env(starttls_server))  # no CA file
    assert done.returncode == 1, done.stdout + done.stderr
    rows, _ = _rows(done)
    assert rows["smtp.connect"]["ok"] and rows["smtp.ehlo"]["ok"]
    assert rows["smtp.tls"]["ok"] is False and "证书" in rows["smtp.tls"]["detail"]
    assert "mail.cafile" in rows["smtp.tls"]["fix"] and "smtp.auth" not in rows


def test_json_output_lists_every_check_for_monitoring(workspace_dir):
    settings = Path(workspace_dir / "jianbao.yaml")
    settings.write_text(settings.read_text(encoding="utf-8").replace("series:", "seriez:", 1), encoding="utf-8")
    done = _doctor(workspace_dir, "--json")
    assert done.returncode == 1
    rows, data = _rows(done)
    assert data["ok"] is False
    assert rows["settings"]["ok"] is False and "jianbao.yaml" in rows["settings"]["detail"]
    assert rows["libreoffice"]["ok"] and rows["poppler"]["ok"]
    assert all(set(row) == {"key", "name", "ok", "detail", "fix"} for row in data["checks"])
