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
from jianbao_cli.cli import article  # noqa: F401
from jianbao_cli.cli import render  # noqa: F401
from jianbao_cli.cli import send  # noqa: F401
from jianbao_cli.cli import importing  # noqa: F401
from jianbao_cli.cli import review  # noqa: F401
from jianbao_cli.cli import volume  # noqa: F401
from jianbao_cli.cli import archive  # noqa: F401
from jianbao_cli.cli import doctor  # noqa: F401
from jianbao_cli.cli import shell  # noqa: F401
from jianbao_cli.cli._app import _escape, app, err_console, report
from jianbao_cli.errors import JianbaoError

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
    from typer._click.exceptions import ClickException
    from typer.exceptions import Abort

    from jianbao_cli.cli._zh import report_usage_error

    from jianbao_cli.cli import _completion

    if _completion.requested():
        _completion.install()
    try:
        # Not standalone: usage errors come back here to be said in Chinese, not printed by Typer.
        status = app(standalone_mode=False)
    except ClickException as error:
        sys.exit(report_usage_error(error, err_console))
    except Abort:
        err_console.print("已中止。")
        sys.exit(1)
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
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
