"""What a clerk on Windows needs, tested where it can be here: no POSIX-only import, the Windows
lock, no directory fsync (atomic writes, snapshots, the site), LibreOffice under Program Files, and a GBK console."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest

from jianbao_cli import fsutil
from jianbao_cli.delivery.lock import IssueLock
from jianbao_cli.errors import JianbaoError
from jianbao_cli.libreoffice import find_soffice

from tests.conftest import REPO, run_cli

IMPORT_ALL_WITHOUT_FCNTL = r"""
import importlib, pkgutil, sys
class NoPosix:
    def find_spec(self, name, path=None, target=None):
        if name in ("fcntl", "termios", "pwd", "grp", "resource"):
            raise ImportError(f"No module named {name!r} (as on Windows)")
        return None
sys.meta_path.insert(0, NoPosix())
for name in ("fcntl", "termios", "pwd", "grp", "resource"):
    sys.modules.pop(name, None)
import jianbao_cli
failed = []
count = 0
for info in pkgutil.walk_packages(jianbao_cli.__path__, "jianbao_cli."):
    if info.name.endswith("__main__"):
        continue  # running it is what `python -m jianbao_cli` does
    count += 1
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print(count)
print("\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_without_fcntl():
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL_WITHOUT_FCNTL], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert int(done.stdout.split()[0]) > 30  # every module was really walked


@pytest.fixture
def windows(monkeypatch):
    """sys.platform == "win32" and an msvcrt whose locking behaves as Windows' does (non-blocking, OSError
    when held), built on flock so that two descriptors of this process conflict as two processes would."""
    import fcntl

    calls = []

    def locking(fd, mode, nbytes):
        calls.append((mode, nbytes, os.lseek(fd, 0, os.SEEK_CUR)))
        if mode == fake.LK_NBLCK:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PermissionError(13, "Permission denied") from None
        elif mode == fake.LK_UNLCK:
            fcntl.flock(fd, fcntl.LOCK_UN)

    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking, calls=calls)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    return fake


def test_issue_lock_windows_branch(windows, tmp_path):
    with IssueLock(tmp_path, "2008-06"):
        with pytest.raises(JianbaoError) as busy:
            IssueLock(tmp_path, "2008-06").acquire()
        assert f"进程 {os.getpid()}" in str(busy.value)
        assert busy.value.exit_code == 75
    # released: the next run gets it
    with IssueLock(tmp_path, "2008-06"):
        pass
    assert [mode for mode, _, _ in windows.calls].count(windows.LK_NBLCK) == 3
    assert all(nbytes == 1 and offset == 0 for _, nbytes, offset in windows.calls)


def test_no_directory_fsync_on_windows(monkeypatch, tmp_path):
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    monkeypatch.setattr(sys, "platform", "win32")
    fsutil.atomic_write_text(tmp_path / "a.yaml", "x: 1\n")
    assert (tmp_path / "a.yaml").read_text() == "x: 1\n"
    assert str(tmp_path) not in opened
    monkeypatch.setattr(sys, "platform", "linux")
    fsutil.atomic_write_text(tmp_path / "a.yaml", "x: 2\n")
    assert str(tmp_path) in opened  # on POSIX the directory is synced


def _windows_open(monkeypatch) -> list[tuple[str, int]]:
    """os.open as on Windows: a directory cannot be opened as a file. Returns the (path, flags) opened."""
    opened: list[tuple[str, int]] = []
    real_open = os.open

    def windows_open(path, flags, *args, **kwargs):
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", str(path))
        opened.append((str(path), flags))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", windows_open)
    monkeypatch.setattr(sys, "platform", "win32")
    return opened


def test_a_snapshot_is_kept_on_windows(monkeypatch, workspace):
    from jianbao_cli.review.snapshots import take_snapshot

    document = workspace.load_issue("2008-06")
    _windows_open(monkeypatch)
    snapshot = take_snapshot(workspace.state_dir, document, "c0ffee")
    assert snapshot.manifest_path.read_bytes() == document.path.read_bytes()


def test_the_site_is_flushed_on_windows_through_handles_opened_for_writing(monkeypatch, tmp_path):
    from jianbao_cli.archive import site

    staging = tmp_path / "staging"
    (staging / "2008").mkdir(parents=True)
    page = staging / "2008" / "index.html"
    page.write_text("<html></html>", encoding="utf-8")
    opened = _windows_open(monkeypatch)
    monkeypatch.setattr(site, "_written", [page])
    site._flush(staging)
    assert opened == [(str(page), os.O_RDWR)]
    assert page.read_text(encoding="utf-8") == "<html></html>"


def test_libreoffice_found_under_program_files(monkeypatch, tmp_path):
    exe = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    monkeypatch.delenv("JIANBAO_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "win32")
    assert find_soffice() == str(exe)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "none"))
    monkeypatch.delenv("ProgramW6432", raising=False)
    monkeypatch.delenv("ProgramFiles(x86)", raising=False)
    assert find_soffice() is None


def test_output_survives_a_gbk_console(workspace_dir):
    result = subprocess.run(
        [*_jianbao(), "toc", "2008-06"], cwd=workspace_dir, capture_output=True, timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "gbk"},
    )
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    text = result.stdout.decode("gbk")
    assert "政府创新与电子政府建设研讨会在成都召开" in text
    bad = subprocess.run([*_jianbao(), "toc", "2099-01"], cwd=workspace_dir, capture_output=True, timeout=120,
                         env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert bad.returncode == 2
    assert "没有第 2099-01 期" in bad.stderr.decode("gbk")


def _jianbao() -> list[str]:
    from tests.conftest import jianbao_exe

    return [jianbao_exe()]
