"""Benchmark: peak memory of `jianbao send` against the number of recipients.

The example issue with a ~2 MB attachment (the rendered .docx with 2 MB of incompressible media
inside, see tests/send/bulk.py) is sent to 100, 1,000 and 2,000 generated addresses on a local
aiosmtpd server; each send is a fresh process and its peak RSS is read from the kernel (wait4).
Memory must be flat: the 2,000 figure at most 1.2 × the 100 figure, and under 300 MB.

    .venv/bin/python bench/send_memory.py                  # 100, 1000, 2000
    .venv/bin/python bench/send_memory.py --sizes 100 500   # quicker
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import WORKSPACE_FILES  # noqa: E402
from tests.send.bulk import make_bulk_workspace  # noqa: E402
from tests.send.smtpd_fixture import bulk_server  # noqa: E402


class CountingHandler:
    """Counts messages and bytes; keeps nothing (the server's memory is not what is measured)."""

    def __init__(self):
        self.count = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.bytes += len(envelope.content)
        return "250 OK"


def _exe() -> str:
    candidate = Path(sys.executable).with_name("jianbao")
    return str(candidate) if candidate.exists() else shutil.which("jianbao")


def measure(recipients: int, photo_bytes: int) -> tuple[int, float, int, int]:
    """(peak RSS in KB, seconds, messages received, attachment size) of one send to `recipients`."""
    with tempfile.TemporaryDirectory(prefix="jianbao-mem-") as tmp:
        root = Path(tmp) / "ws"
        for relative in WORKSPACE_FILES:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / relative, target)
        docx = make_bulk_workspace(root, recipients, photo_bytes)
        controller, handler, port = bulk_server(CountingHandler())
        env = {**os.environ, "JIANBAO_SMTP_HOST": "127.0.0.1", "JIANBAO_SMTP_PORT": str(port),
               "JIANBAO_SMTP_SECURITY": "none", "JIANBAO_SMTP_TIMEOUT": "60",
               "JIANBAO_SMTP_RETRY_DEADLINE_MINUTES": "60"}
        env.pop("JIANBAO_WORKSPACE", None)
        started = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-c", LAUNCHER, _exe(), "send", "2008-06", "--yes"], cwd=root,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            seconds = time.monotonic() - started
        finally:
            controller.stop()
        code, _, maxrss = done.stdout.strip().rpartition("\n")[2].partition(" ")
        if done.returncode != 0 or code != "0" or handler.count != recipients:
            sys.exit(f"send to {recipients} failed (exit {code}, {handler.count} received): {done.stderr[-1000:]}")
        return int(maxrss), seconds, handler.count, docx.stat().st_size


# Linux keeps the peak RSS of a process across fork and exec: a child started straight from this
# (large, long-running) process would report this process's size. A small launcher starts it
# instead and reports the exit status and the child's own peak (KB), from wait4.
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000])
    parser.add_argument("--photo-mb", type=float, default=2.0)
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        rss, seconds, count, attachment = measure(size, int(args.photo_mb * 1_000_000))
        results[size] = rss
        print(f"{size:>6} recipients  attachment {attachment / 1e6:.2f} MB  peak RSS {rss / 1024:7.1f} MB  "
              f"{seconds:6.1f} s  ({count} received)", flush=True)
    smallest, largest = min(results), max(results)
    ratio = results[largest] / results[smallest]
    print(f"peak RSS {largest} / {smallest} recipients: {ratio:.2f}× (flat: ≤ 1.20×); "
          f"{largest}: {results[largest] / 1024:.1f} MB (limit 300 MB)")
    if ratio > 1.2 or results[largest] / 1024 >= 300:
        sys.exit("memory is not flat")


if __name__ == "__main__":
    main()
