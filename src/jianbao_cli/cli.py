"""The `jianbao` command: Typer commands only. Each parses, calls the library and prints with Rich."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianbao_cli.errors import EXIT_INPUT, JianbaoError

app = typer.Typer(
    name="jianbao",
    help="简报编排与分发：期刊清单（YAML）→ 公文版式 Word/PDF → 按送/发名单发送邮件。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

_state: dict[str, Optional[Path]] = {"workspace": None}


@app.callback()
def _root(
    workspace: Optional[Path] = typer.Option(
        None, "--workspace", "-w", help="工作区目录（默认：从当前目录向上查找 jianbao.yaml，或 JIANBAO_WORKSPACE）。"
    ),
) -> None:
    _state["workspace"] = workspace


def current_workspace():
    from jianbao_cli.workspace import Workspace

    return Workspace.find(_state["workspace"])


def report(error: JianbaoError) -> None:
    for line in error.problems:
        err_console.print(f"[bold red]错误：[/]{_escape(line)}")


def command(*args, **kwargs):
    """`app.command`, plus: a JianbaoError becomes its message on stderr and its exit status."""

    def decorate(function):
        @functools.wraps(function)
        def guarded(*f_args, **f_kwargs):
            try:
                return function(*f_args, **f_kwargs)
            except JianbaoError as error:
                report(error)
                raise typer.Exit(error.exit_code) from None

        return app.command(*args, **kwargs)(guarded)

    return decorate


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- authoring commands (issue 2) -----------------------------------------------------------

# --- render commands (issue 5) --------------------------------------------------------------

# --- send commands (issue 3) ----------------------------------------------------------------

# --- import commands (issue 4) --------------------------------------------------------------


def main() -> None:
    try:
        app()
    except JianbaoError as error:
        report(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err_console.print("已中断。")
        sys.exit(130)
    except Exception as error:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("JIANBAO_DEBUG"):
            raise
        err_console.print(
            f"[bold red]内部错误：[/]{_escape(type(error).__name__)}: {_escape(str(error))}"
            "（设置 JIANBAO_DEBUG=1 可看到详细信息，请报告此问题）"
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
