#!/usr/bin/env python3
"""Where the time of a whole `jianbao render 2008-06` process goes: each row does a little more.

    .venv/bin/python bench/render_breakdown.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import render_fixtures as fx  # noqa: E402

PY = sys.executable
JIANBAO = str(Path(sys.executable).parent / "jianbao")
LOAD = "import jianbao_cli.cli; from jianbao_cli.workspace import Workspace; w = Workspace.find(); w.settings; w.load_issue('2008-06')"
STEPS = [
    ('python -c "import typer, docxtpl" (reference)', [PY, "-c", "import typer, docxtpl"]),
    ("python -c pass", [PY, "-c", "pass"]),
    ("import jianbao_cli.cli", [PY, "-c", "import jianbao_cli.cli"]),
    ("jianbao --help", [JIANBAO, "--help"]),
    ("+ read settings and manifest", [PY, "-c", LOAD]),
    ("+ import jinja2, lxml", [PY, "-c", LOAD + "; import jinja2, lxml.etree"]),
    ("+ render and write (no CLI)", [PY, "-c", "import jianbao_cli.cli; from jianbao_cli.workspace import Workspace; "
                                    "from jianbao_cli.render import render_issue; render_issue(Workspace.find(), '2008-06')"]),
    ("jianbao render 2008-06", [JIANBAO, "render", "2008-06"]),
]


def main(repeat: int = 15) -> None:
    with tempfile.TemporaryDirectory(prefix="jianbao-breakdown-") as tmp:
        ws = Path(tmp) / "ws"
        fx.make_workspace(ws, 0)
        (ws / "issues" / "2008-06.yaml").write_bytes(
            (fx.REPO / "src" / "jianbao_cli" / "defaults" / "issues" / "2008-06.yaml").read_bytes())
        env = {k: v for k, v in os.environ.items() if k != "JIANBAO_WORKSPACE"}
        subprocess.run([JIANBAO, "render", "2008-06"], cwd=ws, env=env, check=True, capture_output=True)
        times: dict[str, list[float]] = {name: [] for name, _ in STEPS}
        for _ in range(repeat):
            for name, command in STEPS:
                start = time.perf_counter()
                subprocess.run(command, cwd=ws, env=env, check=True, capture_output=True)
                times[name].append(time.perf_counter() - start)
    print("| step | median |\n|---|---:|")
    for name, _ in STEPS:
        print(f"| {name} | {statistics.median(times[name]) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
