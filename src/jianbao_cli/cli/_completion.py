"""Shell completion: issue ids, section names, 报/送/发/抄送 and addresses from the workspace.

Typer asks each parameter for its completions; parameters are recognised here by their name, so
every command that takes an issue id completes it without each command wiring it up.
"""

from __future__ import annotations

import os

PROG = "jianbao"
COMPLETE_VAR = "_JIANBAO_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell")

_ISSUE_PARAMS = {"issue", "issue_id", "issues", "ids"}


def requested() -> bool:
    """True when the shell is asking for completions (the variable its script sets)."""
    return bool(os.environ.get(COMPLETE_VAR))


def script(shell: str) -> str:
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def install() -> None:
    """Register the shells and the workspace-aware completion of parameters (only when asked)."""
    from typer._completion_classes import completion_init
    from typer.core import _TyperParameter

    completion_init()
    original = _TyperParameter.shell_complete

    def shell_complete(self, ctx, incomplete):
        found = original(self, ctx, incomplete)
        if found or self._custom_shell_complete is not None:
            return found
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(value) for value in candidates(self.name, ctx, incomplete)]

    _TyperParameter.shell_complete = shell_complete


def _workspace(ctx):
    from jianbao_cli.workspace import Workspace

    root = ctx.find_root().params.get("workspace")
    try:
        return Workspace.find(root)
    except Exception:  # completion must never print an error into the user's command line
        return None


def candidates(name: str | None, ctx, incomplete: str) -> list[str]:
    if name == "only":
        from jianbao_cli.model import DISTRIBUTION_KEYS

        return [key for key in DISTRIBUTION_KEYS if key.startswith(incomplete)]
    ws = _workspace(ctx)
    if ws is None:
        return []
    try:
        if name in _ISSUE_PARAMS:
            return [str(i) for i in reversed(ws.issue_ids()) if str(i).startswith(incomplete)]
        if name in ("section", "new_name", "old_name", "name"):
            from jianbao_cli.ids import is_issue_id

            # While the shell completes an option's value the positional id may still sit in ctx.args.
            given = [ctx.params.get("issue"), ctx.params.get("issue_id"), *ctx.args]
            issue = next((value for value in given if isinstance(value, str) and is_issue_id(value)), None)
            if issue is None:
                return []
            titles = [s.title for s in ws.load_issue(issue).issue.sections if s.title]
            return [t for t in titles if t.startswith(incomplete)]
        if name in ("to",):
            from jianbao_cli.recipients import load_recipients

            book = load_recipients(ws.recipients_path, ws.display(ws.recipients_path))
            addresses = sorted({p.email for people in book.groups.values() for p in people})
            return [a for a in addresses if a.startswith(incomplete)]
    except Exception:
        return []
    return []
