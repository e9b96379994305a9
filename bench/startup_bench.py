"""Start-up: whole-process `jianbao toc 2008-06` against `python -c "import typer"` (the floor).

Run: .venv/bin/python bench/startup_bench.py [--runs 30]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import compare_processes  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BARE_TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def toc(issue: str, format: str = typer.Option("tree", "--format")):
    print(issue)
@app.command()
def other(x: int = 1):
    pass
app()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("jianbao")
    jianbao = str(exe) if exe.exists() else shutil.which("jianbao")
    cases = {
        "jianbao toc 2008-06": [jianbao, "toc", "2008-06"],
        "jianbao --help": [jianbao, "--help"],
    }
    peer = [sys.executable, "-c", "import typer"]
    # A second reference: the smallest Typer app that parses one argument and one option. Typer's
    # own parameter handling (pydantic TypeAdapters since 0.2x) is paid by every Typer command line.
    bare_app = [sys.executable, "-c", BARE_TYPER_APP, "toc", "2008-06"]
    print(f"{'command':<24} {'ours ms':>8} {'import typer ms':>16} {'ratio':>6} {'bare Typer app ms':>18} {'ratio':>6}")
    for name, argv in cases.items():
        ours, floor = compare_processes(argv, peer, args.runs, cwd=REPO)
        _, bare = compare_processes(argv, bare_app, args.runs, cwd=REPO, warmup=1)
        print(f"{name:<24} {ours * 1000:>8.1f} {floor * 1000:>16.1f} {ours / floor:>6.2f} {bare * 1000:>18.1f} {ours / bare:>6.2f}")


if __name__ == "__main__":
    main()
