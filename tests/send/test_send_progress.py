"""`send` on a terminal: a bar per round of deliveries, each recipient's line printed above it."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from tests.send.conftest import expected_addresses, mail_env


def _run_send(workspace_dir, server, monkeypatch, *, stdout_terminal: bool):
    from typer.testing import CliRunner

    import jianbao_cli.cli.send as send_cli
    from jianbao_cli.cli import app

    for key, value in mail_env(server).items():
        monkeypatch.setenv(key, value)
    out_screen, err_screen = io.StringIO(), io.StringIO()
    monkeypatch.setattr(send_cli, "console", Console(file=out_screen, force_terminal=stdout_terminal, width=100))
    monkeypatch.setattr(send_cli, "err_console", Console(file=err_screen, force_terminal=True, width=100))
    result = CliRunner().invoke(app, ["-w", str(workspace_dir), "send", "2008-06", "--yes"])
    assert result.exit_code == 0, result.output + err_screen.getvalue()
    plain = lambda text: re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)  # noqa: E731
    return plain(out_screen.getvalue()), plain(err_screen.getvalue())


def test_the_bar_counts_every_recipient_on_a_terminal(workspace_dir, plain_server, rendered, monkeypatch):
    out, err = _run_send(workspace_dir, plain_server, monkeypatch, stdout_terminal=True)
    total = len(expected_addresses(workspace_dir))
    assert "第 2008-06 期发送" in err
    assert f"{total}/{total}" in err
    assert out.count("已发送 ") >= total  # every recipient's line is still printed
    assert plain_server.handler.count_by_rcpt() == {address: 1 for address in expected_addresses(workspace_dir)}


def test_no_bar_when_the_output_goes_to_a_file(workspace_dir, plain_server, rendered, monkeypatch):
    out, err = _run_send(workspace_dir, plain_server, monkeypatch, stdout_terminal=False)
    assert "期发送" not in err
    assert "已发送 " in out
