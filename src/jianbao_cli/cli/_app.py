"""What every command group shares: the Typer app, the consoles, the workspace option and the error guard."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianbao_cli.cli import _zh
from jianbao_cli.errors import JianbaoError

app = typer.Typer(
    name="jianbao",
    help="简报编排与分发：期刊清单（YAML）→ 公文版式 Word/PDF → 按送/发名单发送邮件。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
_zh.install()
console = Console(highlight=False, soft_wrap=True)  # messages stay one line for scripts
err_console = Console(stderr=True, highlight=False, soft_wrap=True)  # a message stays one line

_state: dict[str, Optional[Path]] = {"workspace": None}


def _print_version(value: bool) -> None:
    if value:
        from jianbao_cli import __version__

        console.print(f"jianbao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    workspace: Optional[Path] = typer.Option(
        None, "--workspace", "-w", help="工作区目录（默认：从当前目录向上查找 jianbao.yaml，或 JIANBAO_WORKSPACE）。"
    ),
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_print_version, help="显示 jianbao 的版本并退出。"
    ),
) -> None:
    _state["workspace"] = workspace


def current_workspace():
    from jianbao_cli.workspace import Workspace

    return Workspace.find(_state["workspace"])


def report(error: JianbaoError) -> None:
    for line in error.problems:
        err_console.print(f"[bold red]错误：[/]{_escape(line)}")


def command(*args, on: typer.Typer | None = None, **kwargs):
    """`app.command` (or `on.command`), plus: a JianbaoError becomes its message on stderr and its exit status."""

    def decorate(function):
        @functools.wraps(function)
        def guarded(*f_args, **f_kwargs):
            try:
                return function(*f_args, **f_kwargs)
            except JianbaoError as error:
                report(error)
                raise typer.Exit(error.exit_code) from None

        return (on or app).command(*args, **kwargs)(guarded)

    return decorate


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)

def _issue_id(text: str):
    from jianbao_cli.ids import IssueId

    return IssueId.parse(text)
