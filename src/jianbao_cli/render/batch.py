"""Render many issues: parallel processes, a progress bar, every failure reported, the rest goes on.

The template is compiled once in the parent before the worker processes are forked, so each
worker starts with it ready (on platforms without fork, each worker compiles it once).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jianbao_cli.errors import JianbaoError
from jianbao_cli.progress import progress_bar


@dataclass
class Outcome:
    issue_id: str
    path: Path | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_WORKER: dict = {}


def _init_worker(root: str, out_dir: str | None) -> None:
    from jianbao_cli.workspace import Workspace

    if _WORKER.get("root") != root:
        _WORKER["workspace"] = Workspace(Path(root))
        _WORKER["root"] = root
    _WORKER["out_dir"] = Path(out_dir) if out_dir else None


def _render_one(issue_id: str) -> Outcome:
    from jianbao_cli.render import render_issue

    try:
        path = render_issue(_WORKER["workspace"], issue_id, out_dir=_WORKER["out_dir"])
        return Outcome(issue_id, path=path)
    except JianbaoError as error:
        return Outcome(issue_id, error="\n".join(error.problems))
    except Exception as error:  # one broken issue must not stop the batch
        return Outcome(issue_id, error=f"内部错误：{type(error).__name__}: {error}")


def render_many(workspace, issue_ids: list[str], *, out_dir: Path | None = None, jobs: int | None = None,
                console=None) -> list[Outcome]:
    """Render each id; returns outcomes in the order of `issue_ids`."""
    from jianbao_cli.render.engine import load_template

    ids = [str(i) for i in issue_ids]
    if not ids:
        return []
    # A broken template fails every issue the same way: say it once, before starting.
    template_path = workspace.template_path
    load_template(template_path, workspace.display(template_path), cache_dir=workspace.cache_dir)
    workspace.settings  # parsed once here, inherited by forked workers

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(ids)))
    _WORKER.update(workspace=workspace, root=str(workspace.root), out_dir=Path(out_dir) if out_dir else None)
    results: dict[str, Outcome] = {}
    if jobs == 1:
        with progress_bar(console, "渲染", len(ids), show=len(ids) >= 2) as advance:
            for issue_id in ids:
                results[issue_id] = _render_one(issue_id)
                advance(1)
        return [results[i] for i in ids]

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(str(workspace.root), str(out_dir) if out_dir else None)) as pool:
        # Submitting forks the workers: do it before the progress bar starts its refresh thread.
        futures = {pool.submit(_render_one, issue_id): issue_id for issue_id in ids}
        with progress_bar(console, "渲染", len(ids), show=len(ids) >= 2) as advance:
            for future in as_completed(futures):
                issue_id = futures[future]
                try:
                    results[issue_id] = future.result()
                except Exception as error:  # a worker died (out of memory, killed)
                    results[issue_id] = Outcome(issue_id, error=f"渲染进程异常退出：{error}")
                advance(1)
    return [results[i] for i in ids]
