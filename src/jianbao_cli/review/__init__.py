"""Review before an issue goes out: snapshots, `diff`, the Word redline, sign-off and the send gate.

    from jianbao_cli.review import diff, write_redline, approve, approvals, review_state

    changes = diff(old_version, new_version)      # Changes: .to_json(), .equal, .articles …
    write_redline(changes, template, "修订稿.docx", layout=settings.layout, author="jianbao")
    approve(workspace, "2008-06", by="王主任", note="同意印发")

Modules: `snapshots` (immutable, content-addressed, crash-safe), `records` (review.sqlite3),
`diff` and `present` (the comparison and its text), `redline` (w:ins/w:del), `signoff`
(approvals and review state), `versions` (`--against`), `gate` (what `send` checks).
Nothing heavy is imported here.
"""

from __future__ import annotations

__all__ = ["Changes", "Version", "approvals", "approve", "diff", "review_state", "write_redline", "compare"]


def __getattr__(name: str):
    if name in ("diff", "Changes", "Version"):
        from jianbao_cli.review import changes as module

        return {"diff": module.diff, "Changes": module.Changes, "Version": module.Version}[name]
    if name in ("approve", "approvals", "review_state"):
        from jianbao_cli.review import signoff

        return getattr(signoff, name)
    if name == "write_redline":
        from jianbao_cli.review.redline import write_redline

        return write_redline
    if name == "compare":
        return compare
    raise AttributeError(name)


def compare(workspace, issue_id: str, against: str | None = None):
    """`jianbao diff ISSUE [--against …]` as a function: the Changes from that version to the current one."""
    from jianbao_cli.review.changes import diff as _diff
    from jianbao_cli.review.versions import against_version, current_version

    from jianbao_cli.review.quickload import load_workspace_issue

    document = load_workspace_issue(workspace, issue_id)
    old = against_version(workspace, str(document.issue.id), against)
    return _diff(old, current_version(workspace, document))
