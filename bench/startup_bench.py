"""Start-up (issue 13): both ratios in one run, every command interleaved with its reference.

1. `jianbao toc 2008-06` against a bare two-command Typer app of the same shape (a command with one
   argument and one option, and a second command), parsing `toc 2008-06`.  Aim ≤ 1.2×.
2. `jianbao render 2008-06` (whole process, the .docx written) against
   `python -c "import typer, docxtpl"` (the import floor).  Aim ≤ 1.3×.
3. For information: `jianbao render 2008-06` against a bare Typer app with `render`'s parameters that
   imports docxtpl (Typer's own parameter handling loads pydantic, which `import typer, docxtpl` does
   not), and `jianbao --help` against the bare app's `--help`.

Run: .venv/bin/python bench/startup_bench.py [--runs 40]

Each figure is the median wall time of `--runs` runs, the command and its reference alternating so
that both see the same machine load; the load average is printed with the results.  Commands run in
a fresh workspace made by `jianbao init` in a temporary folder (with the example issue 2008-06); one
warm-up render fills the workspace's template cache as any second render would find it. The package is
byte-compiled first (`compileall`), as `pip install .` leaves it.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import compare_processes  # noqa: E402

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
# For reading the render figure: the same Typer app with `render`'s nine parameters, importing docxtpl
# when it runs. What any Typer command line that renders with docxtpl pays before doing any work.
BARE_RENDER_APP = """
from pathlib import Path
from typing import Optional
import typer
app = typer.Typer()
@app.command()
def render(ids: Optional[list[str]] = typer.Argument(None), year: Optional[int] = typer.Option(None, "--year"),
           all_issues: bool = typer.Option(False, "--all"), out: Optional[Path] = typer.Option(None, "--out"),
           pdf: bool = typer.Option(False, "--pdf"), png: bool = typer.Option(False, "--png"),
           pdfa: bool = typer.Option(False, "--pdfa"), html: bool = typer.Option(False, "--html"),
           jobs: Optional[int] = typer.Option(None, "--jobs", min=1)):
    import docxtpl
    print(ids)
@app.command()
def other(x: int = 1):
    pass
app()
"""


def _jianbao() -> str:
    exe = Path(sys.executable).with_name("jianbao")
    found = str(exe) if exe.exists() else shutil.which("jianbao")
    if not found:
        sys.exit("jianbao is not installed in this environment (pip install -e .)")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    jianbao = _jianbao()
    os.environ.pop("JIANBAO_WORKSPACE", None)
    bare_app = [sys.executable, "-c", BARE_TYPER_APP]
    floor = [sys.executable, "-c", "import typer, docxtpl"]
    cases = [
        ("jianbao toc 2008-06", [jianbao, "toc", "2008-06"], "bare Typer app `toc 2008-06`",
         [*bare_app, "toc", "2008-06"], 1.2),
        ("jianbao render 2008-06", [jianbao, "render", "2008-06"], '`python -c "import typer, docxtpl"`',
         floor, 1.3),
        ("jianbao render 2008-06", [jianbao, "render", "2008-06"], "bare Typer app `render 2008-06` + docxtpl",
         [sys.executable, "-c", BARE_RENDER_APP, "render", "2008-06"], None),
        ("jianbao --help", [jianbao, "--help"], "bare Typer app `--help`", [*bare_app, "--help"], None),
    ]
    # `pip install .` byte-compiles the package, as site-packages (Typer, docxtpl) are; an editable
    # install under PYTHONDONTWRITEBYTECODE=1 (as here) would otherwise compile every module anew each run.
    import jianbao_cli

    compileall.compile_dir(str(Path(jianbao_cli.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory(prefix="jianbao-startup-") as scratch:
        ws = Path(scratch) / "ws"
        subprocess.run([jianbao, "init", str(ws)], check=True, capture_output=True)
        subprocess.run([jianbao, "render", "2008-06"], cwd=ws, check=True, capture_output=True)
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"{os.cpu_count()} CPUs; {args.runs} interleaved runs each, medians")
        print(f"{'command':<24} {'ms':>7}   {'reference':<42} {'ms':>7} {'ratio':>6}  aim")
        for name, ours_argv, peer_name, peer_argv, aim in cases:
            ours, peer = compare_processes(ours_argv, peer_argv, args.runs, cwd=ws)
            ratio = ours / peer
            verdict = "—" if aim is None else f"≤ {aim}× {'✓' if ratio <= aim else '✗'}"
            print(f"{name:<24} {ours * 1000:>7.1f}   {peer_name:<42} {peer * 1000:>7.1f} {ratio:>5.2f}×  {verdict}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
