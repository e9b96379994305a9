"""`jianbao render` as a command: one issue, many issues, failures, PDF without LibreOffice."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import run_cli
from tests.render.conftest import Docx, write_issue


def make_issues(workspace, numbers, year=2008):
    base = workspace.load_issue("2008-06").issue
    for number in numbers:
        write_issue(workspace, base.model_copy(update={"number": number, "year": year}))


def test_render_one_writes_build_docx(workspace, cli):
    result = cli("render", "2008-06")
    assert result.exit_code == 0, result.stderr
    path = workspace.root / "build" / "2008-06.docx"
    assert "build/2008-06.docx" in result.stdout
    assert Docx.open(path).texts("JB Masthead") == ["成都市政府网站简报"]


def test_out_option(workspace, cli, tmp_path):
    result = cli("render", "2008-06", "--out", str(tmp_path / "elsewhere"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "elsewhere" / "2008-06.docx").is_file()
    assert not (workspace.root / "build" / "2008-06.docx").exists()


def test_many_in_parallel_failures_reported_rest_goes_on(workspace, cli):
    make_issues(workspace, [1, 2, 3, 4])
    make_issues(workspace, [1], year=2009)
    broken = workspace.issue_path("2008-03")
    broken.write_text(broken.read_text("utf-8").replace("number: 3", "number: 0"), "utf-8")
    result = cli("render", "--year", "2008", "--jobs", "2")
    assert result.exit_code == 1
    assert "2008-03" in result.stderr and "issues/2008-03.yaml" in result.stderr
    built = sorted(p.name for p in (workspace.root / "build").glob("*.docx"))
    assert built == ["2008-01.docx", "2008-02.docx", "2008-04.docx", "2008-06.docx"]
    assert "1 期渲染失败，4 期成功" in result.stderr
    doc = Docx.open(workspace.root / "build" / "2008-02.docx")
    assert doc.texts("JB Issue Line") == ["2008 第 2 期"]


def test_all_and_explicit_ids(workspace, cli):
    make_issues(workspace, [1])
    make_issues(workspace, [1], year=2009)
    result = cli("render", "--all")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (workspace.root / "build").glob("*.docx")) == [
        "2008-01.docx", "2008-06.docx", "2009-01.docx"]
    result = cli("render", "2008-01", "2009-01", "--jobs", "1", "--out", "b2")
    assert result.exit_code == 0
    assert sorted(p.name for p in (workspace.root / "b2").glob("*.docx")) == ["2008-01.docx", "2009-01.docx"]


@pytest.mark.parametrize("args, message", [
    ([], "请给出要渲染的期号"),
    (["2008-6x"], "格式不对"),
    (["2008-07"], "没有第 2008-07 期"),
    (["--year", "1999"], "1999 年没有期刊"),
])
def test_bad_input_is_one_chinese_sentence(workspace, cli, args, message):
    result = cli("render", *args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_is_rendered_current(workspace):
    from jianbao_cli.render import is_rendered_current, render_issue

    assert not is_rendered_current(workspace, "2008-06")
    path = render_issue(workspace, "2008-06")
    assert is_rendered_current(workspace, "2008-06")
    later = path.stat().st_mtime + 5
    os.utime(workspace.issue_path("2008-06"), (later, later))
    assert not is_rendered_current(workspace, "2008-06")
    render_issue(workspace, "2008-06")
    os.utime(path, (later + 5, later + 5))
    assert is_rendered_current(workspace, "2008-06")
    os.utime(workspace.template_path, (later + 10, later + 10))
    assert not is_rendered_current(workspace, "2008-06")


def test_pdf_without_libreoffice_keeps_the_docx_and_says_how_to_install(workspace_dir, tmp_path):
    # A PATH with python's folder only: no soffice on it.
    env = {"PATH": os.path.dirname(sys.executable), "JIANBAO_SOFFICE": ""}
    result = run_cli("render", "2008-06", "--pdf", cwd=workspace_dir, env=env)
    assert result.returncode != 0
    assert (workspace_dir / "build" / "2008-06.docx").is_file()
    assert not (workspace_dir / "build" / "2008-06.pdf").exists()
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_and_toc_do_not_import_the_heavy_libraries(workspace_dir):
    code = (
        "import sys; from typer.testing import CliRunner; from jianbao_cli.cli import app; "
        "r = CliRunner().invoke(app, ['render', '--help']); assert r.exit_code == 0, r.output; "
        "r = CliRunner().invoke(app, ['template', '--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('docxtpl', 'docx', 'lxml', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_second_render_needs_neither_docxtpl_nor_python_docx(workspace_dir):
    """The preprocessed template is cached by content hash: a warm render imports neither."""
    code = (
        "import sys; from jianbao_cli.workspace import Workspace; from jianbao_cli.render import render_issue; "
        "render_issue(Workspace.find(), '2008-06'); "
        "print(sorted(m for m in ('docxtpl', 'docx') if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace_dir)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "['docx', 'docxtpl']"
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace_dir)
    assert second.stdout.strip() == "[]"


def test_a_changed_template_is_not_served_from_the_cache(workspace, cli):
    from tests.render.test_template import replace_in_template

    assert cli("render", "2008-06").exit_code == 0
    replace_in_template(workspace.template_path, "本期导读", "本期要目")
    assert cli("render", "2008-06").exit_code == 0
    assert Docx.open(workspace.rendered_docx("2008-06")).texts("JB TOC Heading") == ["本期要目"]


def test_unwritable_output_is_a_plain_message(workspace, cli, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    result = cli("render", "2008-06", "--out", str(blocker / "sub"))
    assert result.exit_code != 0
    assert "无法写入" in result.stderr
    assert "Traceback" not in result.stderr
