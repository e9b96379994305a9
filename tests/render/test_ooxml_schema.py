"""Rendered documents validated by the Open XML SDK's validator against ISO/IEC 29500.

The validator is Microsoft's Open XML SDK (MIT) built as one executable; `scripts/install-ooxml-validator`
fetches it from the npm registry. Its schema checks are generated from the ISO/IEC 29500 transitional
schemas, with Office's own extensions; it also checks semantic constraints (ids, references). Two file
format versions are asked for: Office2010, the first to follow ISO/IEC 29500 transitional rather than
ECMA-376 first edition, and Microsoft365, what current Word expects.

It is not an XSD validation with lxml: no package on the registries here ships the standard's XSD files
(see README, "Schema validation"). The validator is more lenient than the XSDs in one place we know of:
it accepts w:zoom without w:percent, which test_ooxml_structure.py checks instead.

Without the validator these tests are skipped with the hint; CI sets JIANBAO_REQUIRE_OOXML_VALIDATOR=1,
which turns a missing validator into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.review.conftest import approve, every_edit

VERSIONS = ("Office2010", "Microsoft365")
VERSION = "0.4.0"


def validator_path() -> Path | None:
    configured = os.environ.get("JIANBAO_OOXML_VALIDATOR")
    if configured:
        return Path(configured)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    candidate = cache / "jianbao" / f"ooxml-validator-{VERSION}" / "ooxml-validator"
    if candidate.is_file():
        return candidate
    found = shutil.which("ooxml-validator")
    return Path(found) if found else None


@pytest.fixture(scope="module")
def validator():
    path = validator_path()
    if path is None or not path.is_file():
        if os.environ.get("JIANBAO_REQUIRE_OOXML_VALIDATOR") == "1":
            pytest.fail("OOXML 校验器未安装：运行 scripts/install-ooxml-validator（CI 必须运行这些测试）")
        pytest.skip("OOXML 校验器未安装：运行 scripts/install-ooxml-validator")
    return path


def validate(validator: Path, docx: Path, version: str) -> list[dict]:
    done = subprocess.run([str(validator), str(docx), version], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] == (not report["errors"])
    return report["errors"]


def describe(errors: list[dict]) -> str:
    return "\n".join(f"{e['path']} {e['xPath']}: {e['description']}" for e in errors)


def assert_valid(validator: Path, docx: Path) -> None:
    parts = set(zipfile.ZipFile(docx).namelist())
    # the parts the issue names are all there, so a clean report covers them
    assert {"word/document.xml", "word/styles.xml", "word/settings.xml", "word/numbering.xml"} <= parts
    assert any(p.startswith("word/footer") for p in parts)
    for version in VERSIONS:
        errors = validate(validator, docx, version)
        assert not errors, f"{docx.name} ({version}):\n{describe(errors)}"


def test_the_rendered_example_has_no_schema_errors(validator, workspace_dir):
    assert run_cli("render", "2008-06", cwd=workspace_dir).returncode == 0
    assert_valid(validator, workspace_dir / "build" / "2008-06.docx")


def test_an_issue_with_note_headings_figures_and_source_has_no_schema_errors(validator, workspace):
    from jianbao_cli.render import render_issue
    from tests.render.test_figures import rich_issue

    rich_issue(workspace)
    assert_valid(validator, render_issue(workspace, "2008-06"))


def test_the_redline_has_no_schema_errors(validator, workspace_dir, tmp_path):
    from tests.review.conftest import add_figure

    add_figure(workspace_dir)
    approve(workspace_dir)
    every_edit(workspace_dir)
    out = tmp_path / "修订稿.docx"
    done = run_cli("diff", "2008-06", "--docx", str(out), cwd=workspace_dir)
    assert done.returncode == 1, done.stderr
    assert_valid(validator, out)


def test_the_volume_has_no_schema_errors(validator, workspace_dir):
    done = run_cli("volume", "2008", cwd=workspace_dir)
    assert done.returncode == 0, done.stderr
    [volume] = (workspace_dir / "build").glob("*合订本*.docx")
    assert_valid(validator, volume)


def test_the_validator_reports_a_misplaced_element(validator, workspace_dir, tmp_path):
    """The check can fail: one unknown element in styles.xml is reported with its part."""
    assert run_cli("render", "2008-06", cwd=workspace_dir).returncode == 0
    source = workspace_dir / "build" / "2008-06.docx"
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b"<w:pPr>", b"<w:pPr><w:bogus/>", 1)
            zout.writestr(item, data)
    for version in VERSIONS:
        errors = validate(validator, broken, version)
        assert [e["path"] for e in errors] == ["/word/styles.xml"], describe(errors)
