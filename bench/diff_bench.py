"""`jianbao diff` of two 100-article issues with 1% of paragraphs changed, whole process, against
`git diff --no-index --word-diff=color --word-diff-regex=.` on the same two YAML files, same run.

Both exit 1 (different); both print a character-level diff. jianbao also matches articles, tells
moves and retitles apart and validates both manifests; git compares lines of text.

Run: .venv/bin/python bench/diff_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SECTIONS, ARTICLES, PARAGRAPHS = 5, 100, 5
CHARS = "政府网站建设信息公开服务平台推进工作管理系统成都市区县部门群众办事在线数据共享"


def paragraph(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(120, 220))) + "。"


def issue_yaml(articles: list[dict]) -> str:
    from jianbao_cli.model.yamlio import dump_tree

    per = ARTICLES // SECTIONS
    data = {
        "series": "成都市政府网站简报", "year": 2099, "number": 1, "date": "2099-01-05", "publisher": "成都市经济信息中心",
        "sections": [{"title": f"栏目{s + 1}", "articles": articles[s * per:(s + 1) * per]} for s in range(SECTIONS)],
        "distribution": {"送": ["市政府秘书长"], "发": ["市政府各部门"]},
    }
    return dump_tree(data)


def build(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(9)
    articles = [{"title": f"第{i + 1}篇文章的标题" + "".join(rng.choice(CHARS) for _ in range(8)),
                 "paragraphs": [paragraph(rng) for _ in range(PARAGRAPHS)]} for i in range(ARTICLES)]
    old = issue_yaml(articles)
    total = ARTICLES * PARAGRAPHS
    for index in rng.sample(range(total), total // 100):  # 1% of the paragraphs
        article, number = divmod(index, PARAGRAPHS)
        text = articles[article]["paragraphs"][number]
        at = rng.randrange(10, len(text) - 10)
        articles[article]["paragraphs"][number] = text[:at] + "进一步" + text[at + 3:]
    new = issue_yaml(articles)
    (folder / "issues").mkdir(parents=True)
    shutil.copy(REPO / "jianbao.yaml", folder / "jianbao.yaml")
    (folder / "issues" / "2099-01.yaml").write_text(new, encoding="utf-8")
    (folder / "old.yaml").write_text(old, encoding="utf-8")
    return folder / "old.yaml", folder / "issues" / "2099-01.yaml"


def timed(argv: list[str], cwd: Path, expect: int = 1) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{argv[0]} exited {done.returncode}, expected 1 (different): {done.stderr[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("jianbao")
    jianbao = str(exe) if exe.exists() else shutil.which("jianbao")
    with tempfile.TemporaryDirectory(prefix="jianbao-diff-bench-") as scratch:
        folder = Path(scratch)
        old, new = build(folder)
        ours = [jianbao, "diff", "2099-01", "--against", str(old)]
        peer = ["git", "diff", "--no-index", "--word-diff=color", "--word-diff-regex=.", str(old), str(new)]
        check = subprocess.run(ours + ["--json"], cwd=folder, capture_output=True, text=True)
        import json

        counts = json.loads(check.stdout)["counts"]
        assert counts["paragraphs"] == ARTICLES * PARAGRAPHS // 100, counts
        for _ in range(2):
            timed(ours, folder), timed(peer, folder)
        floor = [sys.executable, "-c", "import typer"]  # any Typer CLI pays this before reading a file
        a, b, c = [], [], []
        for _ in range(args.runs):
            a.append(timed(ours, folder))
            b.append(timed(peer, folder))
            c.append(timed(floor, folder, expect=0))
    ours_ms, peer_ms = statistics.median(a) * 1000, statistics.median(b) * 1000
    print(f"two issues of {ARTICLES} articles, {ARTICLES * PARAGRAPHS} paragraphs, 1% changed "
          f"({counts['paragraphs']} paragraphs); medians of {args.runs} alternating runs")
    print(f"{'jianbao diff (whole process)':<44} {ours_ms:>8.1f} ms")
    print(f"{'git diff --no-index --word-diff-regex=.':<44} {peer_ms:>8.1f} ms")
    floor_ms = statistics.median(c) * 1000
    floor_name = 'python -c "import typer" (floor)'
    print(f"{floor_name:<44} {floor_ms:>8.1f} ms")
    print(f"ratio jianbao / git: {ours_ms / peer_ms:.2f}×  (aim ≤ 2×); jianbao / import typer: {ours_ms / floor_ms:.2f}×")


if __name__ == "__main__":
    main()
