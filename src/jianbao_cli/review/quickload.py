"""Reading a manifest fast for `jianbao diff`: the read-only fast path of model.quickload (libyaml
instead of ruamel), falling back to the full loader, which reports every problem with its line."""

from __future__ import annotations

from pathlib import Path

from jianbao_cli.model.quickload import QuickDocument, quick_issue

__all__ = ["QuickDocument", "load_document", "load_workspace_issue", "quick_issue"]


def load_document(path: Path, display: str):
    """A manifest outside the workspace's issues (a file, a snapshot): fast when it is valid."""
    issue = quick_issue(path)
    if issue is not None:
        return QuickDocument(Path(path), display, issue)
    from jianbao_cli.model.yamlio import load_manifest

    return load_manifest(Path(path), display)


def load_workspace_issue(workspace, issue_id: str):
    """`workspace.load_issue`, fast when the manifest is valid and is the issue its name says."""
    return workspace.read_issue(issue_id)
