#!/usr/bin/env python3
"""Render benchmarks (issue 5): three ratios, each measured within one run of this script.

    .venv/bin/python bench/render_bench.py            # all three, results in bench/render_results.md
    .venv/bin/python bench/render_bench.py --quick    # fewer repetitions

1. in-process: jianbao's render_document vs bare docxtpl (DocxTemplate(t).render(ctx, autoescape=True);
   save) on the same template and context — the example issue and a 100-article issue.  Aim ≤ 1.5×.
2. whole process: `jianbao render 2008-06` vs `python -c "import typer, docxtpl"`.  Aim ≤ 1.3×.
3. `jianbao render --all` over 200 issues vs pandoc making the same 200 .docx from Markdown,
   two at a time (`xargs -P 2`).  Aim ≤ 0.5×.

Times are medians of several runs (wall clock); the ratio is jianbao / reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
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

VENV_BIN = Path(sys.executable).parent
JIANBAO = str(VENV_BIN / "jianbao")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(fns: dict, repeat: int) -> dict[str, float]:
    """Alternate the contenders so that machine noise hits both alike."""
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def bench_in_process(scratch: Path, repeat: int) -> list[tuple]:
    from docxtpl import DocxTemplate

    from jianbao_cli.render import render_document
    from jianbao_cli.render.context import build_context
    from jianbao_cli.settings import LayoutSettings

    template = fx.REPO / "templates" / "briefing.docx"
    layout = LayoutSettings()
    rows = []
    for label, issue in [("example issue (5 articles)", fx.example_issue()), ("100-article issue", fx.big_issue(100))]:
        context = build_context(issue, layout)

        def ours():
            render_document(issue, template, layout, scratch / "ours.docx")

        def bare():
            doc = DocxTemplate(template)
            doc.render(context, autoescape=True)
            doc.save(scratch / "bare.docx")

        ours(), bare()  # warm: imports, and jianbao's once-per-process template compile
        result = interleaved({"ours": ours, "bare": bare}, repeat)
        rows.append((f"in-process render, {label}", result["ours"], "bare docxtpl", result["bare"], 1.5))
    return rows


def bench_process(scratch: Path, repeat: int) -> tuple:
    ws = scratch / "ws-one"
    fx.make_workspace(ws, 0)
    shutil.copyfile(fx.REPO / "src" / "jianbao_cli" / "defaults" / "issues" / "2008-06.yaml", ws / "issues" / "2008-06.yaml")
    env = {**os.environ}
    env.pop("JIANBAO_WORKSPACE", None)

    def ours():
        subprocess.run([JIANBAO, "render", "2008-06"], cwd=ws, check=True, capture_output=True, env=env)

    def floor():
        subprocess.run([sys.executable, "-c", "import typer, docxtpl"], check=True, capture_output=True, env=env)

    ours(), floor()
    result = interleaved({"ours": ours, "floor": floor}, repeat)
    return ("whole process `jianbao render 2008-06`", result["ours"], "`python -c \"import typer, docxtpl\"`",
            result["floor"], 1.3)


def bench_batch(scratch: Path, repeat: int, count: int = 200) -> tuple:
    pandoc = shutil.which("pandoc")
    ws = scratch / "ws-many"
    fx.make_workspace(ws, count)
    md_dir = fx.make_markdown(scratch / "md", ws)[0].parent
    env = {**os.environ}
    env.pop("JIANBAO_WORKSPACE", None)

    def ours():
        shutil.rmtree(ws / "build", ignore_errors=True)
        subprocess.run([JIANBAO, "render", "--all"], cwd=ws, check=True, capture_output=True, env=env)
        assert len(list((ws / "build").glob("*.docx"))) == count

    def theirs():
        out = scratch / "pandoc-out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        subprocess.run(f"ls *.md | xargs -P 2 -I{{}} {pandoc} {{}} -o {out}/{{}}.docx", shell=True, cwd=md_dir,
                       check=True, capture_output=True)
        assert len(list(out.glob("*.docx"))) == count

    if not pandoc:
        return (f"`jianbao render --all`, {count} issues", median_time(ours, repeat), "pandoc: not installed", None, 0.5)
    ours()
    result = interleaved({"ours": ours, "theirs": theirs}, repeat)
    return (f"`jianbao render --all`, {count} issues", result["ours"],
            f"pandoc, {count} × Markdown → .docx, `xargs -P 2`", result["theirs"], 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--out", type=Path, default=HERE / "render_results.md")
    args = parser.parse_args()
    repeat_fast, repeat_proc, repeat_batch = (5, 5, 1) if args.quick else (30, 15, 3)

    with tempfile.TemporaryDirectory(prefix="jianbao-bench-") as tmp:
        scratch = Path(tmp)
        rows = bench_in_process(scratch, repeat_fast)
        rows.append(bench_process(scratch, repeat_proc))
        rows.append(bench_batch(scratch, repeat_batch))

    cpu = f"{os.cpu_count()} CPU, Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {cpu}; medians of repeated runs; ratio = jianbao / reference.",
        "",
        "| measurement | jianbao | reference | reference time | ratio | aim |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for what, ours, ref_name, ref, aim in rows:
        ratio = f"{ours / ref:.2f}×" if ref else "—"
        ref_text = f"{ref * 1000:.0f} ms" if ref else "—"
        verdict = "" if not ref else (" ✓" if ours / ref <= aim else " ✗")
        lines.append(f"| {what} | {ours * 1000:.0f} ms | {ref_name} | {ref_text} | {ratio}{verdict} | ≤ {aim}× |")
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
