#!/usr/bin/env python3
"""Volume benchmark (issue 10, bench 2): `jianbao volume 2008 --pdf` for 24 issues against rendering
the same 24 issues to PDF one by one with `jianbao render ID --pdf`, whole processes, same run.

    .venv/bin/python bench/volume_bench.py              # volume 3 times, the peer once (24 processes)
    .venv/bin/python bench/volume_bench.py --repeat 2   # both twice

The ratio is volume / peer (below 1: the volume is faster). Aim ≤ 1.0×. For context it also times
`jianbao render --year 2008 --pdf`, which converts the 24 issues in one LibreOffice call.
The year is tests/archive/yearmaker.py's (sub-headings, photos, one to three pages an issue).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))

from tests.archive.yearmaker import make_workspace  # noqa: E402

JIANBAO = str(Path(sys.executable).parent / "jianbao")


def run(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([JIANBAO, *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"jianbao {' '.join(args)} failed: {result.stderr}")
    return elapsed


def timed(label: str, fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        times.append(fn())
        print(f"  {label}: {times[-1]:.2f} s", flush=True)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=None, help="runs of each side (default: volume 3, peer 1)")
    args = parser.parse_args()
    volume_runs = args.repeat or 3
    peer_runs = args.repeat or 1

    with tempfile.TemporaryDirectory(prefix="jianbao-volume-bench-") as scratch:
        root = Path(scratch) / "ws"
        ids = make_workspace(root, regular=24, supplements=0)
        print(f"{len(ids)} issues; Python {platform.python_version()}; {subprocess.run(['soffice', '--version'], capture_output=True, text=True).stdout.strip()}")

        def volume() -> float:
            shutil.rmtree(root / "build", ignore_errors=True)
            return run(["volume", "2008", "--pdf"], root)

        def one_by_one() -> float:
            shutil.rmtree(root / "build", ignore_errors=True)
            return sum(run(["render", issue_id, "--pdf"], root) for issue_id in ids)

        def batch() -> float:
            shutil.rmtree(root / "build", ignore_errors=True)
            return run(["render", "--year", "2008", "--pdf"], root)

        volume_time = timed("volume 2008 --pdf", volume, volume_runs)
        pages = subprocess.run(["pdfinfo", str(next((root / "build").glob("*.pdf")))], capture_output=True,
                               text=True).stdout
        page_count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
        peer_time = timed("24 × render ID --pdf", one_by_one, peer_runs)
        batch_time = timed("render --year 2008 --pdf", batch, peer_runs)

    print()
    print(f"volume 2008 --pdf ({page_count} pages):      {volume_time:6.2f} s (median of {volume_runs})")
    print(f"24 × render ID --pdf, one by one: {peer_time:6.2f} s (median of {peer_runs})")
    print(f"ratio volume / one by one:         {volume_time / peer_time:6.2f}×  (aim ≤ 1.0×)")
    print(f"for context, render --year --pdf:  {batch_time:6.2f} s; volume / that = {volume_time / batch_time:.2f}×")


if __name__ == "__main__":
    main()
