"""Import benchmark: 1,000 generated text back issues, imported with 1 and with 2 processes.

Each generated issue is written as a back issue would look (several header, contents, body and tail
layouts; hard wraps, page-number lines, GB18030 or UTF-8 with CRLF) from a known manifest, so the run
also reports how many imported exactly. Run:

    .venv/bin/python bench/import_bench.py            # 1,000 issues, jobs 1 and 2
    .venv/bin/python bench/import_bench.py -n 200 --jobs 1 2 4
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jianbao_cli.model.manifest import Issue  # noqa: E402

HAN = ("的在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主动同工也能下过子说产种面而方后多定行学"
       "法所民得经之进着等部度家电力里如水化高自理起小物现实加量都体制机当使点从业本去把性好应开它合还因由其些然前外天"
       "政那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气向道命此变条只没结解问意建公无系军很情者")
CN_MONTH = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
CN_DIGIT = "〇一二三四五六七八九"


def words(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(HAN) for _ in range(rng.randint(low, high)))


def paragraph(rng: random.Random) -> str:
    return "".join("，".join(words(rng, 4, 14) for _ in range(rng.randint(1, 3))) + "。" for _ in range(rng.randint(1, 4)))


def cn_day(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 28 → 二十八."""
    tens = "" if n < 10 else "十" if n < 20 else CN_DIGIT[n // 10] + "十"
    return tens + (CN_DIGIT[n % 10] if n % 10 else "")


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Hard wrap with the first-line indent; punctuation never starts a line (it hangs at the end)."""
    lines, current = [], indent
    for char in text:
        if len(current) >= width and char not in "，。、；：！？”）":
            lines.append(current)
            current = ""
        current += char
    return lines + [current] if current else lines


def generate(rng: random.Random, index: int) -> tuple[Issue, str, str]:
    """(truth, text, encoding) of one back issue."""
    year = 2000 + index // 60  # ids never clash: 60 issues a year
    date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    titles = list(dict.fromkeys(words(rng, 8, 20) for _ in range(rng.randint(1, 5))))
    articles = [{"title": t, "paragraphs": [paragraph(rng) for _ in range(rng.randint(1, 5))]} for t in titles]
    contents = rng.choice(["导读", "要目", "none"])
    if contents == "导读" and len(articles) > 1 and rng.random() < 0.5:
        sections = [{"title": words(rng, 2, 4) + "动态", "articles": articles[:1]},
                    {"title": words(rng, 2, 4) + "工作", "articles": articles[1:]}]
    else:
        sections = [{"title": None, "articles": articles}]
    keys = rng.sample(["报", "送", "发", "抄送"], rng.randint(1, 3))
    distribution = {k: [words(rng, 2, 6) + rng.choice(["局", "办", "委"]) for _ in range(rng.randint(1, 4))] for k in keys}
    truth = Issue.model_validate({
        "series": words(rng, 2, 6) + "简报", "year": year, "number": index % 60 + 1,
        "total_number": rng.choice([None, index + 1]), "supplement": False, "date": date,
        "publisher": words(rng, 3, 8) + "办公室", "sections": sections, "distribution": distribution,
        "copies": rng.choice([None, rng.randint(10, 300)]),
    })
    lines = [truth.series, ""]
    total = f"（总第 {truth.total_number} 期）" if truth.total_number else ""
    style = rng.randint(0, 2)
    if style == 0:
        lines += [f"{year} 第 {truth.number} 期{total}", "", truth.publisher, truth.date_line(), ""]
    elif style == 1:
        lines += [f"{year}年第{truth.number}期{total}", f"{truth.publisher}  {date.year}年{date.month}月{date.day}日", ""]
    else:
        cn_year = "".join(CN_DIGIT[int(c)] for c in str(year))
        lines += [f"第 {truth.number} 期{total}" if date.year == year else f"{year} 第 {truth.number} 期",
                  truth.publisher, f"{cn_year}年{CN_MONTH[date.month]}月{cn_day(date.day)}日", ""]
    if contents == "导读":
        lines.append("本期导读")
        for section in truth.sections:
            if section.title:
                lines.append(section.title)
            lines += [f"☞ {a.title}" for a in section.articles]
        lines.append("")
    elif contents == "要目":
        lines.append("本期要目")
        lines += [f"{n}．{a.title}" for n, (_, a) in enumerate(truth.articles(), 1)]
        lines.append("")
    hard = rng.random() < 0.5
    indent = rng.random() < 0.7  # most extractions keep the two-character first-line indent
    for _, article in truth.articles():
        lines += [article.title, ""]
        for para in article.paragraphs:
            if hard:
                pieces = wrap(para, 28, "\u3000\u3000" if indent else "")
                if len(pieces) > 2 and rng.random() < 0.2:
                    pieces.insert(2, f"— {rng.randint(2, 9)} —")  # a page boundary inside the paragraph
                lines += pieces
            else:
                lines += [para, ""]
        lines.append("")
    for key, labels in truth.distribution.groups():
        lines.append(f"{key}：" + " ".join(labels) + ("。" if key == "抄送" else ""))
    if truth.copies:
        lines.append(f"（共印 {truth.copies} 份）")
    newline = "\r\n" if rng.random() < 0.3 else "\n"
    encoding = "gb18030" if rng.random() < 0.5 else "utf-8"
    return truth, newline.join(lines) + newline, encoding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="number of generated back issues")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=20081028)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each setting; the median is reported")
    args = parser.parse_args()

    from jianbao_cli.importers.batch import import_many
    from jianbao_cli.model.yamlio import load_manifest

    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="jianbao-import-bench-"))
    try:
        inputs = scratch / "in"
        inputs.mkdir()
        truths = {}
        for i in range(args.n):
            truth, text, encoding = generate(rng, i)
            name = f"{i:04d}.txt"
            (inputs / name).write_bytes(text.encode(encoding))
            truths[name] = truth
        size = sum(p.stat().st_size for p in inputs.iterdir())
        print(f"{args.n} generated text back issues, {size / 1024 / 1024:.1f} MB; median of {args.repeat} runs each;"
              f" {os.cpu_count()} CPUs")
        times: dict[int, list[float]] = {jobs: [] for jobs in args.jobs}
        last = {}
        for _ in range(args.repeat):  # interleaved, so every setting sees the same machine state
            for jobs in args.jobs:
                out = scratch / f"out-{jobs}"
                start = time.perf_counter()
                last[jobs] = import_many([inputs], out, jobs=jobs, force=True)
                times[jobs].append(time.perf_counter() - start)
        rows = []
        for jobs in args.jobs:
            outcomes = last[jobs]
            elapsed = statistics.median(times[jobs])
            ok = [o for o in outcomes if o.ok]
            exact = silent = 0
            for o in ok:
                path = Path(o.path) if Path(o.path).is_absolute() else Path.cwd() / o.path
                if load_manifest(path).issue == truths[Path(o.file).name]:
                    exact += 1
                elif not o.warnings:
                    silent += 1  # wrong and not warned: the failures that matter
            warned = sum(1 for o in outcomes if o.warnings)
            rows.append((jobs, elapsed, len(outcomes) / elapsed, len(ok), exact, warned, silent))
        base = rows[0][2]
        print()
        print("| processes | wall time (s) | issues/s | scaling vs 1 | written | exact | with warnings | wrong, no warning |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for jobs, elapsed, rate, ok, exact, warned, silent in rows:
            print(f"| {jobs} | {elapsed:.2f} | {rate:.1f} | {rate / base:.2f}× | {ok}/{args.n} | {exact} | {warned} | {silent} |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
