"""Fixtures shared by every test: a private copy of the example workspace, and the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The seed issue as extracted from its PDF (a copy of shared/seeds/000_f3e67106abb675d7.txt, kept here
# so that the tests do not depend on what lies beside the clone).
SEED_TEXT = REPO / "tests" / "data" / "seed-2008-06.txt"
WORKSPACE_FILES = ["jianbao.yaml", "issues/2008-06.yaml", "data/recipients.yaml", "templates/briefing.docx"]


def _copy_workspace(target: Path) -> Path:
    for relative in WORKSPACE_FILES:
        source = REPO / relative
        if source.exists():
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    (target / "issues").mkdir(exist_ok=True)
    return target


@pytest.fixture
def workspace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the repository's example workspace; the test runs inside it."""
    root = _copy_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    monkeypatch.delenv("JIANBAO_WORKSPACE", raising=False)
    return root


@pytest.fixture
def workspace(workspace_dir: Path):
    from jianbao_cli.workspace import Workspace

    return Workspace(workspace_dir)


def jianbao_exe() -> str:
    """The installed console script of the environment running the tests."""
    candidate = Path(sys.executable).with_name("jianbao")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("jianbao")
    if not found:
        raise RuntimeError("jianbao console script not installed: pip install -e .")
    return found


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed `jianbao` console script in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("JIANBAO_WORKSPACE", None) if env is None or "JIANBAO_WORKSPACE" not in env else None
    return subprocess.run(
        [jianbao_exe(), *args], cwd=cwd, input=input, capture_output=True, text=True, env=full_env, timeout=timeout
    )


@pytest.fixture
def cli():
    """In-process CLI runner: `cli("toc", "2008-06")` → (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from jianbao_cli.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return result

    return invoke


def pytest_collection_modifyitems(config, items):
    """LibreOffice tests must run where it is installed: CI sets JIANBAO_REQUIRE_LIBREOFFICE=1,
    and then a missing LibreOffice fails those tests instead of skipping them."""
    have = shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdffonts")
    if have:
        return
    needing = [item for item in items if "libreoffice" in item.keywords]
    if needing and os.environ.get("JIANBAO_REQUIRE_LIBREOFFICE") == "1":
        raise pytest.UsageError(
            f"{len(needing)} tests need LibreOffice and poppler-utils, which are not installed "
            "(apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai)"
        )
    for item in needing:
        item.add_marker(pytest.mark.skip(reason="LibreOffice/poppler 未安装：apt-get install libreoffice-writer-nogui poppler-utils"))
