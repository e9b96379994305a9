"""The `jianbao` command: Typer commands only. Each parses, calls the library and prints with Rich.

One module per command group; importing them registers their commands on `app`, in the order
`jianbao --help` lists them (`COMMAND_GROUPS`). `jianbao_cli.cli.app` has them all. The console
script (`main`) imports only the module of the command it runs when `COMMAND_MODULES` knows it:
importing every group and having Typer build every command costs more than `jianbao toc` itself.
"""

from __future__ import annotations

import importlib
import os
import sys

from jianbao_cli.cli import _app as _shared
from jianbao_cli.errors import JianbaoError

#: The command modules, in the order `jianbao --help` lists their commands.
COMMAND_GROUPS = (
    "authoring", "editing", "article", "render", "send", "importing", "review", "volume", "archive", "doctor",
    "shell",
)
#: Commands worth starting alone, and the module that registers each (tests/cli/test_startup.py checks
#: this). Any other command, help before the command, or shell completion: every module is imported.
COMMAND_MODULES = {"toc": "authoring", "render": "render"}
_ROOT_OPTIONS_WITH_VALUE = ("-w", "--workspace")
_HELP = ("--help", "-h")


def load_commands(args: list[str] | None = None) -> None:
    """Register the commands `args` (the command line after `jianbao`) needs; all of them without args."""
    name = None if args is None else invoked_command(args)
    for group in (COMMAND_MODULES[name],) if name in COMMAND_MODULES else COMMAND_GROUPS:
        importlib.import_module(f"jianbao_cli.cli.{group}")


def invoked_command(args: list[str]) -> str | None:
    """The command name in a command line, or None (none given, or help asked before it)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _HELP:
            return None
        if arg in _ROOT_OPTIONS_WITH_VALUE:
            index += 2
        elif arg.startswith("-"):
            index += 1
        else:
            return arg
    return None


def __getattr__(name: str):
    # `from jianbao_cli.cli import app` (tests, completion, embedding) gets every command.
    if name == "app":
        load_commands()
        return _shared.app
    raise AttributeError(name)


__all__ = ["app", "main"]


def _survive_narrow_consoles() -> None:
    """A Windows console on code page 936 (GBK) cannot print ☞, ✓ or emoji: print `?` instead of
    failing. UTF-8 consoles are left as they are."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main() -> None:
    _survive_narrow_consoles()
    # jianbao uses no pydantic plugin; looking for them scans every installed package's entry points.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from typer._click.exceptions import ClickException
    from typer.exceptions import Abort

    from jianbao_cli.cli._zh import report_usage_error

    from jianbao_cli.cli import _completion

    if _completion.requested():
        _completion.install()
        load_commands()
    else:
        load_commands(sys.argv[1:])
    app, err_console = _shared.app, _shared.err_console
    try:
        # Not standalone: usage errors come back here to be said in Chinese, not printed by Typer.
        status = app(standalone_mode=False)
    except ClickException as error:
        sys.exit(report_usage_error(error, err_console))
    except Abort:
        err_console.print("已中止。")
        sys.exit(1)
    except JianbaoError as error:
        _shared.report(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err_console.print("已中断。")
        sys.exit(130)
    except Exception as error:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("JIANBAO_DEBUG"):
            raise
        err_console.print(
            f"[bold red]内部错误：[/]{_shared._escape(type(error).__name__)}: {_shared._escape(str(error))}"
            "（设置 JIANBAO_DEBUG=1 可看到详细信息，请报告此问题）"
        )
        sys.exit(70)
    status = status if isinstance(status, int) else 0
    quickload = sys.modules.get("jianbao_cli.model.quickload")  # not imported just to find nothing to save
    if status == 0 and quickload is not None:
        quickload.save_cache()
    sys.exit(status)


if __name__ == "__main__":
    main()
