"""Reading a manifest fast for `jianbao diff`: libyaml (PyYAML's C loader) instead of ruamel's pure-Python
round-trip parser, which spends over a second on a 100-article issue keeping comments and positions
that a comparison does not need.

Only a manifest that validates is read this way; anything else goes to the full loader, which
reports every problem with its line. The resolver follows YAML 1.2 like ruamel: `yes`/`no`/`on`/`off`
stay text, `010` is not octal, `1:30` is not a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"


@dataclass
class QuickDocument:
    path: Path
    issue: object


def _loader():
    try:
        import yaml

        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None

    class Yaml12Loader(base):
        pass

    Yaml12Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag not in (BOOL, INT, FLOAT)]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Yaml12Loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    Yaml12Loader.add_implicit_resolver(INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    Yaml12Loader.add_implicit_resolver(
        FLOAT, re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        list("-+0123456789."))
    return Yaml12Loader


def quick_issue(path: Path):
    """The validated Issue, or None when the full loader must decide (and explain)."""
    loader = _loader()
    if loader is None:
        return None
    import yaml

    from jianbao_cli.model.images import NotAnImage, image_info
    from jianbao_cli.model.manifest import Issue
    from jianbao_cli.model.yamlio import read_manifest_text

    try:
        text = read_manifest_text(Path(path), str(path))
        issue = Issue.model_validate(yaml.load(text, Loader=loader))
        for figure in issue.figures():
            image_info(Path(path).parent / figure.figure)
    except (Exception, NotAnImage):
        return None
    return issue


def load_document(path: Path, display: str):
    """A manifest outside the workspace's issues (a file, a snapshot): fast when it is valid."""
    issue = quick_issue(path)
    if issue is not None:
        return QuickDocument(Path(path), issue)
    from jianbao_cli.model.yamlio import load_manifest

    return load_manifest(Path(path), display)


def load_workspace_issue(workspace, issue_id: str):
    """`workspace.load_issue`, fast when the manifest is valid and is the issue its name says."""
    from jianbao_cli.ids import IssueId

    parsed = IssueId.parse(issue_id)
    path = workspace.issue_path(parsed)
    issue = quick_issue(path) if path.is_file() else None
    if issue is not None and issue.id == parsed:
        return QuickDocument(path, issue)
    return workspace.load_issue(parsed)
