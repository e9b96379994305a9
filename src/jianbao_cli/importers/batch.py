"""Import many files: parse in parallel processes, write manifests in the parent (in input order)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jianbao_cli.importers import SUPPORTED_SUFFIXES

WRITTEN = "written"
EXISTS = "exists"
FAILED = "failed"

RESULT_NAMES = {WRITTEN: "已写入", EXISTS: "已存在，未覆盖", FAILED: "失败"}


@dataclass
class FileOutcome:
    file: str
    result: str = FAILED
    id: str | None = None
    format: str | None = None
    articles: int | None = None
    warnings: list[dict] = field(default_factory=list)
    path: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result == WRITTEN

    def to_json(self) -> dict:
        return asdict(self)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Files named, and in folders (recursively) the files with a known extension, sorted; no hidden ones."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                # a saved page's `X_files` folder holds its pictures and frames, not more issues
                and not any(part.endswith("_files") or part.endswith(".files") for part in p.relative_to(path).parts[:-1])
            )
        else:
            found = [path]  # named explicitly: imported whatever its extension (missing ones fail later)
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def import_one(path: str, display: str, stage_dir: str | None = None) -> dict:
    """Worker: parse one file and produce its manifest text. Never raises.

    With `stage_dir`, the text is also written there as a hidden temporary file and fsynced (in the
    worker, so in parallel); the parent then only renames it into place, or removes it."""
    from jianbao_cli.errors import JianbaoError
    from jianbao_cli.importers import import_file, manifest_yaml

    try:
        result = import_file(Path(path), display)
        text = manifest_yaml(result)
    except JianbaoError as exc:
        message = str(exc)
        if message.startswith(display + "："):
            message = message[len(display) + 1:]
        return {"ok": False, "error": message}
    except MemoryError:
        return {"ok": False, "error": "内存不足，文件过大"}
    except Exception as exc:  # a bug: report it for this file, keep going with the others
        return {"ok": False, "error": f"内部错误：{type(exc).__name__}: {exc}（请报告此问题）"}
    staged = None
    if stage_dir is not None:
        try:
            staged = _stage(Path(stage_dir), text.encode("utf-8"))
        except OSError:
            staged = None  # the parent writes it the ordinary way
    return {
        "ok": True,
        "staged": staged,
        "id": str(result.issue.id),
        "format": result.format,
        "articles": result.issue.article_count,
        "warnings": [w.to_json() for w in result.warnings],
        "yaml": text,
        "figures": result.figures,
    }


def _stage(folder: Path, data: bytes) -> str:
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".jianbao-import.", suffix=".staged", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        os.unlink(name)
        raise
    return name


def import_chunk(items: list[tuple[str, str]], stage_dir: str | None = None) -> list[dict]:
    """Worker: several files at once (fewer round trips between processes)."""
    return [import_one(path, display, stage_dir) for path, display in items]


def _parse_all(files: list[Path], displays: list[str], jobs: int, progress_factory,
               stage_dir: str | None = None) -> list[dict]:
    """Parse every file; `progress_factory()` returns a context manager yielding advance(n)."""
    if jobs <= 1 or len(files) <= 1:
        results = []
        with progress_factory() as advance:
            for path, display in zip(files, displays):
                results.append(import_one(str(path), display, stage_dir))
                advance(1)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    items = [(str(p), d) for p, d in zip(files, displays)]
    size = max(1, min(16, len(items) // (jobs * 4)))
    chunks = [(start, items[start:start + size]) for start in range(0, len(items), size)]
    results: list[dict | None] = [None] * len(files)
    # fork: the workers start with jianbao already imported. Every chunk is submitted, and so every
    # worker forked, before the progress bar starts its refresh thread.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(import_chunk, chunk, stage_dir): (start, len(chunk)) for start, chunk in chunks}
        with progress_factory() as advance:
            for future in as_completed(futures):
                start, count = futures[future]
                try:
                    for offset, data in enumerate(future.result()):
                        results[start + offset] = data
                except Exception as exc:  # a worker died (killed, out of memory)
                    for offset in range(count):
                        results[start + offset] = {"ok": False, "error": f"导入进程异常退出：{type(exc).__name__}"}
                advance(count)
    return results  # type: ignore[return-value]


def import_many(paths: list[Path], out_dir: Path, *, jobs: int | None = None, force: bool = False,
                console=None) -> list[FileOutcome]:
    """Import files and folders into `out_dir`; one FileOutcome per file, in input order."""
    from jianbao_cli.fsutil import atomic_write_text, fsync_dir
    from jianbao_cli.importers import ImportFailed, write_figures
    from jianbao_cli.progress import progress_bar

    files = collect_inputs([Path(p) for p in paths])
    displays = [display_path(p) for p in files]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    def progress_factory():
        return progress_bar(console, "导入", len(files))

    out_dir = Path(out_dir)
    # Manifests are written by the workers as fsynced temporary files in out_dir (in parallel); here, in
    # input order, each is renamed into place (never over an existing one without --force, never twice
    # for one id) or removed. One directory fsync at the end makes the renames durable.
    parsed = _parse_all(files, displays, jobs, progress_factory, str(out_dir))

    outcomes: list[FileOutcome] = []
    written: dict[str, str] = {}
    try:
        for display, data in zip(displays, parsed):
            outcome = FileOutcome(file=display)
            outcomes.append(outcome)
            if not data["ok"]:
                outcome.error = data["error"]
                continue
            outcome.id, outcome.format = data["id"], data["format"]
            outcome.articles, outcome.warnings = data["articles"], data["warnings"]
            target = out_dir / f"{data['id']}.yaml"
            outcome.path = display_path(target)
            if data["id"] in written:
                outcome.error = f"与 {written[data['id']]} 是同一期（{data['id']}），未写入"
                continue
            if target.exists() and not force:
                outcome.result = EXISTS
                outcome.error = f"{outcome.path} 已存在（用 --force 覆盖）"
                continue
            try:
                write_figures(data.get("figures") or {}, out_dir, force=force)
                staged = data.get("staged")
                if staged:
                    os.replace(staged, target)
                    data["staged"] = None
                else:
                    atomic_write_text(target, data["yaml"])
            except ImportFailed as exc:
                outcome.error = str(exc)
                continue
            except OSError as exc:
                outcome.error = f"无法写入 {outcome.path}：{exc.strerror}"
                continue
            written[data["id"]] = display
            outcome.result = WRITTEN
    finally:
        for data in parsed:
            if data.get("staged"):
                try:
                    os.unlink(data["staged"])
                except OSError:
                    pass
        if written:
            fsync_dir(out_dir)
    return outcomes
