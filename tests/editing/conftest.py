"""The contributors' corpus, built once per test session (shared by the xdist workers, so LibreOffice
converts each file once), and a workspace to add articles to."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

from tests.editing.corpus import make_contributions


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, worker_id) -> dict[str, Path]:
    base = tmp_path_factory.getbasetemp()
    root = base.parent if worker_id != "master" else base  # the run's folder, the same for every worker
    folder = root / "contributions"
    with (root / "contributions.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".done"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make_contributions.build(folder, libreoffice=bool(shutil.which("soffice")))
            done.write_text("\n".join(sorted(p.name for p in folder.rglob("*") if p.is_file())), encoding="utf-8")
    files = {p.name: p for p in folder.rglob("*") if p.is_file() and p.name != ".done"}
    return files
