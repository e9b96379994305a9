"""`jianbao search` over N generated issues against `grep -rl` for the same word over the same manifests.

Whole processes, interleaved, same run; the index is built first (its time and size are reported).

    .venv/bin/python bench/search_bench.py [--issues 5000] [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import time_process  # noqa: E402
from archive_corpus import RARE, make_workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    jianbao = str(Path(sys.executable).with_name("jianbao"))
    with tempfile.TemporaryDirectory() as tmp:
        root = make_workspace(Path(tmp) / "ws", args.issues)
        size = sum(p.stat().st_size for p in (root / "issues").glob("*.yaml"))
        print(f"{args.issues} manifests, {size / 1e6:.1f} MB of YAML")
        start = time.perf_counter()
        time_process([jianbao, "search", RARE, "--reindex"], cwd=root)
        build = time.perf_counter() - start
        index = root / ".jianbao" / "search.sqlite3"
        print(f"index build (whole process, jianbao search {RARE} --reindex): {build:.1f} s; "
              f"index {index.stat().st_size / 1e6:.1f} MB")
        ours_cmd = [jianbao, "search", RARE, "--limit", "20"]
        grep_cmd = ["grep", "-rl", RARE, "issues"]
        ours, peer = [], []
        for _ in range(2):
            time_process(ours_cmd, cwd=root), time_process(grep_cmd, cwd=root)
        for _ in range(args.runs):
            ours.append(time_process(ours_cmd, cwd=root))
            peer.append(time_process(grep_cmd, cwd=root))
        a, b = statistics.median(ours), statistics.median(peer)
        print(f"jianbao search {RARE}: median {a * 1000:.0f} ms;  grep -rl {RARE} issues: median {b * 1000:.0f} ms;"
              f"  ratio {a / b:.2f}× (aim ≤ 0.2×)")


if __name__ == "__main__":
    main()
