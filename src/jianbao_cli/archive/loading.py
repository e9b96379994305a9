"""Loading many manifests at once: in worker processes when there are many (YAML parsing dominates)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

#: Below this many manifests, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def map_issues(function: Callable[[str, str], T], root: Path, names: list[str]) -> dict[str, T]:
    """`function(root, name)` for every name, in worker processes when worth it; {name: result}."""
    jobs = os.cpu_count() or 1
    if len(names) < PARALLEL_FROM or jobs < 2:
        return {name: function(str(root), name) for name in names}
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return dict(zip(names, pool.map(function, [str(root)] * len(names), names, chunksize=32)))


def load_one(root: str, issue_id: str):
    """(issue, None) or (None, the reason in Chinese) for one manifest of the workspace at `root`."""
    from jianbao_cli.errors import JianbaoError
    from jianbao_cli.workspace import Workspace

    try:
        return Workspace(Path(root)).load_issue(issue_id).issue, None
    except JianbaoError as error:
        return None, "；".join(error.problems) or f"issues/{issue_id}.yaml 无法读取"
