"""One sending run per issue: an exclusive `flock` on `.jianbao/send-<id>.lock`.

The operating system releases the lock when the process ends, however it ends, so a crashed
run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from jianbao_cli.errors import EXIT_TEMPFAIL, JianbaoError


class IssueLock:
    def __init__(self, state_dir: Path, issue_id: str):
        self.path = Path(state_dir) / f"send-{issue_id}.lock"
        self.issue_id = issue_id
        self.fd: int | None = None

    def acquire(self) -> "IssueLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            finally:
                os.close(fd)
            who = f"（进程 {holder}）" if holder.isdigit() else ""
            raise JianbaoError(
                f"第 {self.issue_id} 期正由另一个发送进程{who}发送，本次未发送任何邮件；请稍后再运行。",
                exit_code=EXIT_TEMPFAIL,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
            except OSError:
                pass
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "IssueLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
