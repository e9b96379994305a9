"""Fixtures for the send tests: a real aiosmtpd server on 127.0.0.1, TLS material from trustme,
a workspace whose mail settings point at that server, and a rendered .docx."""

from __future__ import annotations

from pathlib import Path

import pytest
import trustme

from tests.conftest import run_cli
from tests.send.smtpd_fixture import SMTPServer

PASSWORD = "s3cret-密码-xyzzy"
USER = "jianbao"


@pytest.fixture(scope="session")
def ca():
    return trustme.CA()


@pytest.fixture(scope="session")
def server_cert(ca):
    return ca.issue_cert("localhost", "127.0.0.1")


@pytest.fixture
def ca_file(ca, tmp_path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def _serve(request, mode, cert=None):
    server = SMTPServer(mode, cert=cert, user=USER, password=PASSWORD).start()
    request.addfinalizer(server.stop)
    return server


@pytest.fixture
def plain_server(request):
    return _serve(request, "plain")


@pytest.fixture
def starttls_server(request, server_cert):
    return _serve(request, "starttls", server_cert)


@pytest.fixture
def ssl_server(request, server_cert):
    return _serve(request, "ssl", server_cert)


def set_mail(workspace_dir: Path, **values) -> None:
    """Edit `mail:` in the workspace's jianbao.yaml (keeps everything else)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    path = workspace_dir / "jianbao.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    for key, value in values.items():
        data["mail"][key] = value
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def mail_env(server, ca_file: Path | None = None, **extra) -> dict:
    env = {
        "JIANBAO_SMTP_HOST": "127.0.0.1",
        "JIANBAO_SMTP_PORT": str(server.port),
        "JIANBAO_SMTP_SECURITY": {"plain": "none"}.get(server.mode, server.mode),
        "JIANBAO_SMTP_TIMEOUT": "10",
        "JIANBAO_SMTP_RETRY_BACKOFF_SECONDS": "0.2",
        "JIANBAO_SMTP_RETRY_DEADLINE_MINUTES": "0.5",
    }
    if server.mode != "plain":
        env["JIANBAO_SMTP_USER"] = USER
        env["JIANBAO_SMTP_PASSWORD"] = PASSWORD
    if ca_file:
        env["JIANBAO_SMTP_CAFILE"] = str(ca_file)
    env.update(extra)
    return env


@pytest.fixture
def rendered(workspace_dir: Path) -> Path:
    """build/2008-06.docx, made by the real renderer."""
    from jianbao_cli.render import render_issue
    from jianbao_cli.workspace import Workspace

    return Path(render_issue(Workspace(workspace_dir), "2008-06"))


def send(workspace_dir: Path, *args: str, env: dict):
    return run_cli("send", *args, cwd=workspace_dir, env=env, input="")


def expected_addresses(workspace_dir: Path, keys=("送", "发")) -> set[str]:
    """Every address behind the seed's labels under `keys`, from the files themselves."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    issue = yaml.load((workspace_dir / "issues/2008-06.yaml").read_text(encoding="utf-8"))
    recipients = yaml.load((workspace_dir / "data/recipients.yaml").read_text(encoding="utf-8"))
    return {
        person["email"].lower()
        for key in keys
        for label in issue["distribution"].get(key) or []
        for person in recipients[label]
    }


def status_json(workspace_dir: Path) -> dict:
    import json

    done = run_cli("status", "2008-06", "--json", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def states(workspace_dir: Path) -> dict[str, str]:
    data = status_json(workspace_dir)
    return {p["address"].lower(): p["state"] for g in data["groups"] for p in g["people"]}
