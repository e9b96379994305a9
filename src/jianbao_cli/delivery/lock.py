"""One sending run per issue: an exclusive lock on `.jianbao/send-<id>.lock`.

The operating system releases the lock when the process ends, however it ends, so a crashed
run never leaves a stale lock behind: `flock` on POSIX, `msvcrt.locking` on Windows (where
`fcntl` does not exist). The holder's process id is written after the locked byte, so that a
second run can name it even where the locked byte itself cannot be read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jianbao_cli.errors import EXIT_TEMPFAIL, JianbaoError

_PID_OFFSET = 16  # past the locked first byte


def _lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, _PID_OFFSET, os.SEEK_SET)
        return os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _write_holder(fd: int, text: str) -> None:
    os.lseek(fd, _PID_OFFSET, os.SEEK_SET)
    os.write(fd, text.encode("ascii").ljust(32))


class IssueLock:
    def __init__(self, state_dir: Path, issue_id: str):
        self.path = Path(state_dir) / f"send-{issue_id}.lock"
        self.issue_id = issue_id
        self.fd: int | None = None

    def acquire(self) -> "IssueLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        if not _lock(fd):
            try:
                holder = _read_holder(fd)
            finally:
                os.close(fd)
            who = f"（进程 {holder}）" if holder.isdigit() else ""
            raise JianbaoError(
                f"第 {self.issue_id} 期正由另一个发送进程{who}发送，本次未发送任何邮件；请稍后再运行。",
                exit_code=EXIT_TEMPFAIL,
            ) from None
        _write_holder(fd, str(os.getpid()))
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            try:
                _write_holder(self.fd, "")
            except OSError:
                pass
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "IssueLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
