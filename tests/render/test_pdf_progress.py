"""The progress of `render --pdf` follows LibreOffice: one step per PDF as it appears."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.libreoffice


def test_export_reports_each_pdf_as_it_appears(workspace_dir, tmp_path):
    from jianbao_cli.render import render_issue
    from jianbao_cli.render.pdf import export_pdfs
    from jianbao_cli.workspace import Workspace

    ws = Workspace(workspace_dir)
    first = render_issue(ws, "2008-06", out_dir=tmp_path / "a")
    second = render_issue(ws, "2008-06", out_dir=tmp_path / "b")
    second = second.rename(second.with_name("2008-06-copy.docx"))
    steps: list[int] = []
    pdfs = export_pdfs([first, second], tmp_path / "out", progress=steps.append)
    assert [p.name for p in pdfs] == ["2008-06.pdf", "2008-06-copy.pdf"]
    assert sum(steps) == 2 and all(step >= 1 for step in steps)


def test_render_pdf_draws_the_bar_on_a_terminal(workspace_dir):
    import io

    from rich.console import Console
    from typer.testing import CliRunner

    from jianbao_cli.cli import _app, app

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    original = _app.err_console
    import jianbao_cli.cli.render as render_cli

    render_cli.err_console = terminal
    try:
        result = CliRunner().invoke(app, ["-w", str(workspace_dir), "render", "2008-06", "--pdf"])
    finally:
        render_cli.err_console = original
    assert result.exit_code == 0, result.output
    assert "PDF（LibreOffice）" in screen.getvalue()
    assert "1/1" in screen.getvalue()
