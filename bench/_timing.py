"""Shared timing helpers for the benchmarks: interleaved runs of whole processes, medians, ratios."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path


def time_process(argv: list[str], cwd: Path | None = None, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env={**os.environ, **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare_processes(ours: list[str], peer: list[str], runs: int, cwd: Path | None = None,
                      warmup: int = 2) -> tuple[float, float]:
    """Median wall time of each command, run alternately so both see the same machine state."""
    for _ in range(warmup):
        time_process(ours, cwd)
        time_process(peer, cwd)
    a, b = [], []
    for _ in range(runs):
        a.append(time_process(ours, cwd))
        b.append(time_process(peer, cwd))
    return statistics.median(a), statistics.median(b)
