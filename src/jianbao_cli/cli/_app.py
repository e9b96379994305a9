"""What every command group shares: the Typer app, the consoles, the workspace option and the error guard."""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import Optional

import typer

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


class LazyConsole:
    """A Rich console made on first use. Importing Rich costs more than `jianbao toc` or `render`
    spend on their own work; a command whose output needs no styling writes through `say` and, when
    the stream is not a terminal, never loads Rich at all."""

    _FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    def real(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str):
        if name in ("_options", "_console"):  # not yet set (a copy being made): never recurse
            raise AttributeError(name)
        return getattr(self.real(), name)

    def plain_stream(self):
        """The stream to write unstyled text to, where Rich would print exactly that text; else None
        (a terminal, colour forced, a width set, a non-UTF-8 stream: Rich decides)."""
        if self._options.get("file") is not None or any(os.environ.get(name) for name in self._FORCING):
            return None
        stream = sys.stderr if self._options.get("stderr") else sys.stdout
        try:
            if stream is None or stream.isatty():
                return None
        except (AttributeError, ValueError):
            return None
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        return stream if encoding.startswith("utf") else None


console = LazyConsole(highlight=False, soft_wrap=True)  # messages stay one line for scripts
err_console = LazyConsole(stderr=True, highlight=False, soft_wrap=True)  # a message stays one line


def plain_text(text: str) -> bool:
    """Text Rich prints unchanged: no markup, emoji codes, tabs or control characters."""
    return text.isprintable() and not any(mark in text for mark in ":[]\\")


def say(text: str, to: LazyConsole | None = None) -> None:
    """Print one line of plain text (not markup) as Rich would, without loading Rich when it can."""
    target = console if to is None else to
    stream = target.plain_stream() if isinstance(target, LazyConsole) and plain_text(text) else None
    if stream is not None:
        stream.write(text + "\n")
    else:
        target.print(_escape(text))

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


def say_tree(root: str, branches: list[tuple[str, list[str]]], to: LazyConsole | None = None) -> bool:
    """Print a two-level tree of plain text exactly as Rich's Tree prints it to a pipe or file, without
    loading Rich. False (nothing printed) when Rich must print it: a terminal on any standard stream
    (Rich then takes its width), or a line that might reach the width Rich crops at (COLUMNS, or 80)."""
    target = console if to is None else to
    stream = target.plain_stream()
    if stream is None or _any_terminal():
        return False
    lines = [root]
    for index, (label, children) in enumerate(branches):
        last = index == len(branches) - 1
        lines.append(("└── " if last else "├── ") + label)
        for child_index, child in enumerate(children):
            lines.append(("    " if last else "│   ") + ("└── " if child_index == len(children) - 1 else "├── ") + child)
    columns = os.environ.get("COLUMNS", "")
    width = (int(columns) if columns.isdigit() else 0) or 80
    # Width counted high (every non-ASCII character as two cells): near the edge, Rich decides.
    if not all(plain_text(line) and len(line) + sum(ord(c) > 127 for c in line) < width for line in lines):
        return False
    stream.write("\n".join(lines) + "\n")
    return True


def _any_terminal() -> bool:
    for descriptor in (0, 1, 2):
        try:
            os.get_terminal_size(descriptor)
        except (AttributeError, ValueError, OSError):
            continue
        return True
    return False


_MARKUP_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def _escape(text: str) -> str:
    """rich.markup.escape, without importing Rich for it."""
    text = _MARKUP_TAG.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", text)
    if text.endswith("\\") and not text.endswith("\\\\"):
        return text + "\\"
    return text


def _issue_id(text: str):
    from jianbao_cli.ids import IssueId

    return IssueId.parse(text)
