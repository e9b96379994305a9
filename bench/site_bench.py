"""`jianbao site` for N generated issues, then again after one manifest changed (and once with none).

    .venv/bin/python bench/site_bench.py [--issues 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import time_process  # noqa: E402
from archive_corpus import make_workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=5000)
    args = parser.parse_args()
    jianbao = str(Path(sys.executable).with_name("jianbao"))
    with tempfile.TemporaryDirectory() as tmp:
        root = make_workspace(Path(tmp) / "ws", args.issues)
        time.sleep(2.1)  # let the manifests age past the racy window, as files normally are
        first = time_process([jianbao, "site"], cwd=root)
        site = root / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        print(f"first build of {args.issues} issues: {first:.1f} s ({len(files)} files, "
              f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB)")
        time.sleep(2.1)
        unchanged = time_process([jianbao, "site"], cwd=root)
        manifest = root / "issues" / "2100-12.yaml"
        if not manifest.exists():
            manifest = sorted((root / "issues").glob("*.yaml"))[len(list((root / "issues").glob("*.yaml"))) // 2]
        manifest.write_text(manifest.read_text("utf-8").replace("栏目1", "栏目一"), "utf-8")
        second = time_process([jianbao, "site"], cwd=root)
        print(f"nothing changed: {unchanged:.2f} s ({unchanged / first:.1%} of the first)")
        print(f"one manifest changed ({manifest.name}): {second:.2f} s; ratio {second / first:.3f} "
              f"({second / first:.1%} of the first; aim ≤ 5%)")


if __name__ == "__main__":
    main()
