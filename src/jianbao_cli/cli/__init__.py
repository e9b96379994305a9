"""The `jianbao` command: Typer commands only. Each parses, calls the library and prints with Rich.

One module per command group; importing this package registers them all on `app`, in the order
`jianbao --help` lists them.
"""

from __future__ import annotations

import os
import sys

# Imported for their side effect: each module registers its commands, in this order.
from jianbao_cli.cli import authoring  # noqa: F401
from jianbao_cli.cli import editing  # noqa: F401
from jianbao_cli.cli import render  # noqa: F401
from jianbao_cli.cli import send  # noqa: F401
from jianbao_cli.cli import importing  # noqa: F401
from jianbao_cli.cli import doctor  # noqa: F401
from jianbao_cli.cli._app import _escape, app, err_console, report
from jianbao_cli.errors import JianbaoError

__all__ = ["app", "main"]


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
