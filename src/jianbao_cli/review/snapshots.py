"""Immutable, content-addressed snapshots of what was sent or signed off, in `.jianbao/snapshots/`.

A snapshot is a folder shaped like a tiny workspace, so it loads like any manifest:

    .jianbao/snapshots/<content hash>.<manifest sha256[:12]>/
        snapshot.json            issue id, content hash, manifest sha256, figure sha256s, taken_at
        issues/2008-06.yaml      the manifest, byte for byte
        issues/2008-06/photo.jpg the figure files it uses

The first part of the name is the ledger's content hash (`model.digest.content_hash`), so a ledger
row leads to the snapshot of what that person received; the manifest's own digest tells apart two
manifests whose content is the same but whose distribution, copies or comments differ.

Crash safety: everything is written into `.tmp-<pid>-<random>/`, each file fsynced, and the folder is
renamed into place in one step; a snapshot that exists is complete. Leftover temporary folders of dead
processes are removed by the next writer. Paths inside are relative, so `.jianbao/` can be copied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

SNAPSHOT_DIR = "snapshots"
META_FILE = "snapshot.json"
CRASH_POINT = "snapshot_write"  # test-only: JIANBAO_TEST_CRASH_AT=snapshot_write:1


@dataclass(frozen=True)
class Snapshot:
    key: str
    folder: Path
    issue_id: str
    content_hash: str
    taken_at: str

    @property
    def manifest_path(self) -> Path:
        return self.folder / "issues" / f"{self.issue_id}.yaml"

    @property
    def figure_root(self) -> Path:
        return self.folder / "issues"

    def load(self):
        """The snapshot's ManifestDocument (validated like any manifest)."""
        from jianbao_cli.model.yamlio import load_manifest

        return load_manifest(self.manifest_path, f"快照 {self.key[:12]}")


def store_dir(state_dir: Path) -> Path:
    return Path(state_dir) / SNAPSHOT_DIR


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_dead_temporaries(root: Path) -> None:
    for leftover in root.glob(".tmp-*"):
        try:
            pid = int(leftover.name.split("-")[1])
        except (IndexError, ValueError):
            pid = 0
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(leftover, ignore_errors=True)


def take_snapshot(state_dir: Path, document, content_hash: str) -> Snapshot:
    """Keep the manifest as loaded in `document` (bytes on disk) and its figures; idempotent."""
    from jianbao_cli.delivery import crash
    from jianbao_cli.fsutil import fsync_dir

    issue = document.issue
    issue_id = str(issue.id)
    manifest_bytes = Path(document.path).read_bytes()
    key = f"{content_hash}.{hashlib.sha256(manifest_bytes).hexdigest()[:12]}"
    root = store_dir(state_dir)
    final = root / key
    if (final / META_FILE).is_file():
        return read_snapshot(final)
    root.mkdir(parents=True, exist_ok=True)
    _remove_dead_temporaries(root)
    temporary = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=root))
    try:
        figure_root = Path(document.path).parent
        figures = {}
        _write_file(temporary / "issues" / f"{issue_id}.yaml", manifest_bytes)
        for figure in issue.figures():
            data = (figure_root / figure.figure).read_bytes()
            figures[figure.figure] = hashlib.sha256(data).hexdigest()
            _write_file(temporary / "issues" / figure.figure, data)
            crash.point(CRASH_POINT)
        meta = {
            "issue": issue_id,
            "content_hash": content_hash,
            "manifest_sha256": hashlib.sha256(manifest_bytes).hexdigest(),
            "figures": figures,
            "taken_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        crash.point(CRASH_POINT)
        _write_file(temporary / META_FILE, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        for folder in sorted({p.parent for p in temporary.rglob("*")} | {temporary}, key=lambda p: -len(p.parts)):
            fsync_dir(folder)
        try:
            os.rename(temporary, final)
        except OSError:
            if not (final / META_FILE).is_file():
                raise
            shutil.rmtree(temporary, ignore_errors=True)  # another process kept the same snapshot first
        fsync_dir(root)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return read_snapshot(final)


def read_snapshot(folder: Path) -> Snapshot:
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    return Snapshot(key=folder.name, folder=folder, issue_id=meta["issue"], content_hash=meta["content_hash"],
                    taken_at=meta["taken_at"])


def list_snapshots(state_dir: Path, issue_id: str | None = None) -> list[Snapshot]:
    """Complete snapshots (oldest first); temporary folders are not snapshots."""
    root = store_dir(state_dir)
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        if folder.name.startswith(".") or not (folder / META_FILE).is_file():
            continue
        try:
            snapshot = read_snapshot(folder)
        except (OSError, ValueError, KeyError):
            continue
        if issue_id is None or snapshot.issue_id == issue_id:
            found.append(snapshot)
    return sorted(found, key=lambda s: (s.taken_at, s.key))
