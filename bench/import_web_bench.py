"""Web import benchmark: 1,000 generated office web pages, imported with 1 and with 2 processes, against
trafilatura extracting the same pages alone (one process).

Each page is written from a known manifest in one of three site styles (a UTF-8 CMS page with breadcrumbs,
meta line, 字体 switch, share row, 上一篇/下一篇 and an ICP footer; a GB2312 table page of ~2010 whose
masthead is a picture; a TRS page with 【栏目】 contents, kickers, subtitles and source lines), so the run
also reports how many imported exactly, and how many were wrong on a field that carries no warning.

    .venv/bin/python bench/import_web_bench.py              # 1,000 pages, jobs 1 and 2, trafilatura
    .venv/bin/python bench/import_web_bench.py -n 200 --repeat 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import html as htmllib
import importlib.util
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from jianbao_cli.model.manifest import Issue  # noqa: E402

_spec = importlib.util.spec_from_file_location("import_bench", HERE / "import_bench.py")
_text_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_text_bench)
words, paragraph = _text_bench.words, _text_bench.paragraph

UNITS = ["局", "办公室", "委员会办公室", "中心"]
PLACES = ["清河县", "东湖区", "临江市", "松林县", "宁川市", "远安县", "西峡县", "青山县"]


def _truth(rng: random.Random, index: int, style: int) -> Issue:
    year = 2005 + index // 60
    date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    titles = list(dict.fromkeys(words(rng, 8, 18) for _ in range(rng.randint(1, 4))))
    articles = []
    for title in titles:
        art = {"title": title, "paragraphs": [paragraph(rng) for _ in range(rng.randint(1, 4))]}
        if style == 2 and rng.random() < 0.5:
            art["source"] = words(rng, 2, 5) + "供稿"
        articles.append(art)
    if style == 2 and len(articles) > 1:
        sections = [{"title": words(rng, 2, 3) + "动态", "articles": articles[:1]},
                    {"title": words(rng, 2, 3) + "经验", "articles": articles[1:]}]
    else:
        sections = [{"title": None, "articles": articles}]
    keys = rng.sample(["报", "送", "发", "抄送"], rng.randint(1, 2))
    distribution = {k: [words(rng, 2, 5) + rng.choice(["局", "办", "委"]) for _ in range(rng.randint(1, 3))] for k in keys}
    return Issue.model_validate({
        "series": words(rng, 2, 5) + "工作简报", "year": year, "number": index % 60 + 1, "supplement": False,
        "date": date, "publisher": rng.choice(PLACES) + words(rng, 2, 4) + rng.choice(UNITS),
        "sections": sections, "distribution": distribution,
    })


def _posted(rng: random.Random, date: dt.date) -> str:
    later = date + dt.timedelta(days=rng.randint(1, 12))
    return f"{later.isoformat()} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"


def _tail(truth: Issue, tag: str = "p") -> list[str]:
    return [f"<{tag}>{key}：{'，'.join(labels)}</{tag}>" for key, labels in truth.distribution.groups()]


def generate_page(rng: random.Random, index: int) -> tuple[Issue, bytes, str]:
    """(truth, page bytes, suffix) of one bulletin as an office's website shows it."""
    style = index % 3
    truth = _truth(rng, index, style)
    esc = htmllib.escape
    date_cn = f"{truth.date.year}年{truth.date.month}月{truth.date.day}日"
    issue_line = f"{truth.year}年第{truth.number}期"
    if style == 0:
        body = [f'<p style="text-align:center"><span style="color:red;font-size:36px"><strong>{truth.series}</strong></span></p>',
                f'<p style="text-align:center">{issue_line}</p>',
                f"<p>{truth.publisher}&nbsp;&nbsp;&nbsp;&nbsp;{date_cn}</p>"]
        if len(truth.sections[0].articles) > 1:
            body.append("<p><strong>本期要目</strong></p>")
            body += [f"<p>◆{esc(a.title)}</p>" for _, a in truth.articles()]
        for _, art in truth.articles():
            body.append(f'<p style="text-align:center"><strong>{esc(art.title)}</strong></p>')
            body += [f'<p style="text-indent:2em">{esc(p)}</p>' for p in art.paragraphs]
        body += _tail(truth)
        page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{truth.series}（{issue_line}）_{truth.publisher}</title>
<script src="/js/jquery.js"></script></head><body>
<div class="top"><img src="/images/logo.png"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 工作简报</div>
<div class="article"><h1>{truth.series}（{issue_line}）</h1>
<div class="info">信息来源：{truth.publisher}&nbsp;&nbsp;发布日期：{_posted(rng, truth.date)}&nbsp;&nbsp;点击：[ {rng.randint(10, 999)} ]</div>
<div class="fontsize">【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div id="zoom">{''.join(body)}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="prenext"><p>上一篇：<a href="#">上一期</a></p><p>下一篇：<a href="#">下一期</a></p></div>
<div class="tools"><a>【打印本页】</a> <a>【关闭窗口】</a></div></div>
<div class="footer">版权所有 © {truth.year} {truth.publisher}　ICP备{rng.randint(10000000, 99999999)}号</div></body></html>"""
        return truth, page.encode("utf-8"), ".html"
    if style == 1:
        rows = [f'<div align="center"><img src="../UploadFiles/jianbao_title.gif" width="500"></div>',
                f'<div align="center">第{truth.number}期</div>',
                f'<div align="center">{truth.publisher}&nbsp;&nbsp;&nbsp;&nbsp;{date_cn}</div><br>']
        for _, art in truth.articles():
            rows.append(f'<div align="center"><b>{esc(art.title)}</b></div>')
            rows += [f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(p)}<br>" for p in art.paragraphs]
            rows.append("<br>")
        rows += [f"{key}：{'，'.join(labels)}<br>" for key, labels in truth.distribution.groups()]
        page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{truth.series} 第{truth.number}期 - {truth.publisher}</title></head><body>
<table width="980"><tr><td><img src="../images/top_banner.jpg" width="980"></td></tr>
<tr><td><a href="../index.asp">首页</a> | <a href="../news.asp">工作动态</a> | <a href="../jb.asp">简报</a></td></tr></table>
<table width="980"><tr><td width="200"><a href="../jb.asp">简报列表</a></td><td width="780"><table>
<tr><td>您现在的位置：<a href="../index.asp">首页</a> &gt;&gt; 简报 &gt;&gt; 正文</td></tr>
<tr><td align="center"><b>{truth.series} 第{truth.number}期</b></td></tr>
<tr><td align="center">发布时间：{_posted(rng, truth.date)}&nbsp;&nbsp;浏览次数：{rng.randint(10, 2000)}</td></tr>
<tr><td class="a14">{''.join(rows)}</td></tr>
<tr><td align="right"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></td></tr>
</table></td></tr></table><table><tr><td align="center">版权所有：{truth.publisher}　备案号：ICP备0800{index:04d}号</td></tr></table></body></html>"""
        return truth, page.encode("gbk"), ".htm"
    body = [f'<p align="center"><font color="#ff0000" size="6"><b>{truth.series}</b></font></p>',
            f'<p align="center">{issue_line}</p>', f"<p>{truth.publisher}　　　　{date_cn}</p>"]
    if len(truth.sections) > 1:
        body.append("<p>本期要目</p>")
        for section in truth.sections:
            body.append(f"<p>【{section.title}】</p>")
            body += [f"<p>{esc(a.title)}</p>" for a in section.articles]
    for section in truth.sections:
        if section.title:
            body.append(f'<p align="center"><b>【{section.title}】</b></p>')
        for art in section.articles:
            body.append(f'<p align="center"><b>{esc(art.title)}</b></p>')
            body += [f"<p>　　{esc(p)}</p>" for p in art.paragraphs]
            if art.source:
                body.append(f'<p align="right">（{art.source}）</p>')
    body += _tail(truth)
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{truth.series}（{issue_line}）</title></head><body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/">工作简报</a></div>
<div class="art-title">{truth.series}（{issue_line}）</div>
<div class="art-info"><span>来源：{truth.publisher}</span> <span>发布时间：{_posted(rng, truth.date)}</span> <span>浏览次数：{rng.randint(1, 500)}</span></div>
<div class="TRS_Editor">{''.join(body)}</div>
<div class="bdsharebuttonbox"><a>分享到：</a><a>微信</a><a>新浪微博</a></div>
<div class="footer">Copyright © {truth.year} 版权所有　ICP备{index:08d}号</div></body></html>"""
    return truth, page.encode("utf-8"), ".html"


def check(outcomes, truths, out_root: Path):
    """(exact, with warnings, wrong on a field with no warning on it)."""
    from tests.importers.accuracy import compare, load_label

    exact = silent = 0
    for o in outcomes:
        if not o.ok:
            continue
        path = Path(o.path) if Path(o.path).is_absolute() else Path.cwd() / o.path
        got = load_label(path)
        truth = truths[Path(o.file).name]
        if got == truth:
            exact += 1
            continue
        warnings = [SimpleNamespace(field=w["field"]) for w in o.warnings]
        if compare(o.file, got, truth, {}, warnings).unwarned:
            silent += 1
    return exact, sum(1 for o in outcomes if o.warnings), silent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="number of generated pages")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=20190402)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each setting; the median is reported")
    args = parser.parse_args()

    import trafilatura

    from jianbao_cli.importers import import_file
    from jianbao_cli.importers.batch import import_many

    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="jianbao-web-bench-"))
    try:
        inputs = scratch / "in"
        inputs.mkdir()
        truths = {}
        for i in range(args.n):
            truth, data, suffix = generate_page(rng, i)
            name = f"{i:04d}{suffix}"
            (inputs / name).write_bytes(data)
            truths[name] = truth
        files = sorted(inputs.iterdir())
        size = sum(p.stat().st_size for p in files)
        print(f"{args.n} generated web pages, {size / 1024 / 1024:.1f} MB; median of {args.repeat} runs each;"
              f" {os.cpu_count()} CPUs; trafilatura {trafilatura.__version__}")
        times: dict = {jobs: [] for jobs in args.jobs}
        times["trafilatura"] = []
        times["parse"] = []
        last = {}
        for _ in range(args.repeat):  # interleaved, so every setting sees the same machine state
            for jobs in args.jobs:
                start = time.perf_counter()
                last[jobs] = import_many([inputs], scratch / f"out-{jobs}", jobs=jobs, force=True)
                times[jobs].append(time.perf_counter() - start)
            start = time.perf_counter()
            extracted = 0
            for path in files:  # the peer: reading and extracting the main text, nothing written
                text = trafilatura.extract(path.read_bytes(), include_formatting=True, favor_recall=True)
                extracted += bool(text)
            times["trafilatura"].append(time.perf_counter() - start)
            start = time.perf_counter()
            for path in files:  # the same work as the peer's: read and understand the page, nothing written
                import_file(path)
            times["parse"].append(time.perf_counter() - start)
        rows = []
        for jobs in args.jobs:
            elapsed = statistics.median(times[jobs])
            exact, warned, silent = check(last[jobs], truths, scratch)
            ok = sum(1 for o in last[jobs] if o.ok)
            rows.append((jobs, elapsed, args.n / elapsed, ok, exact, warned, silent))
        peer = statistics.median(times["trafilatura"])
        base = rows[0][2]
        print()
        print("| run | wall time (s) | pages/s | vs jianbao 1 process | written | exact | with warnings | wrong, no field warning |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for jobs, elapsed, rate, ok, exact, warned, silent in rows:
            print(f"| jianbao import, {jobs} process(es) | {elapsed:.2f} | {rate:.1f} | {rate / base:.2f}× | {ok}/{args.n} |"
                  f" {exact} | {warned} | {silent} |")
        parse = statistics.median(times["parse"])
        print(f"| jianbao import_file alone (no YAML, no writing), 1 process | {parse:.2f} | {args.n / parse:.1f} |"
              f" {(args.n / parse) / base:.2f}× | | | | |")
        print(f"| trafilatura.extract alone, 1 process | {peer:.2f} | {args.n / peer:.1f} | {(args.n / peer) / base:.2f}× |"
              f" {extracted}/{args.n} extracted | | | |")
        print()
        one = rows[0][1]
        print(f"2 processes vs 1: {rows[-1][2] / base:.2f}× (aim ≥ 1.8×)")
        print(f"jianbao import (1 process, manifests written and read back) / trafilatura extract alone: "
              f"{one / peer:.2f}× its time (aim ≤ 1.5×)")
        print(f"jianbao import_file alone / trafilatura extract alone: {parse / peer:.2f}× its time")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
