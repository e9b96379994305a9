"""search and site: the archive of back issues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import _escape, command, console, current_workspace, err_console


@command("search", context_settings={"ignore_unknown_options": True})
def search_command(
    words: list[str] = typer.Argument(
        ..., help="要找的词。多个词须同时出现；\"电子政务\" 按原样整体查找；-词 排除含有该词的文章。",
        show_default=False),
    year: Optional[int] = typer.Option(None, "--year", help="只找这一年的期刊。"),
    series: Optional[str] = typer.Option(None, "--series", help="只找这个刊名的期刊。"),
    json_output: bool = typer.Option(False, "--json", help="以 JSON 输出（含命中位置），供脚本使用。"),
    limit: int = typer.Option(20, "--limit", min=1, help="最多列出多少篇文章。"),
    reindex: bool = typer.Option(False, "--reindex", help="从头重建搜索索引（平时会自动增量更新）。"),
) -> None:
    """在工作区的全部期刊中全文搜索（标题、正文、编者按、小标题、图片说明、来源）。"""
    from jianbao_cli.archive.search import search

    ws = current_workspace()
    result = search(ws, " ".join(words), year=year, series=series, limit=limit, reindex=reindex)
    if result.rebuilt and result.rebuilt != "reindex":
        err_console.print(f"注意：{_escape(result.rebuilt)}。")
    for problem in result.skipped:
        err_console.print(f"[yellow]警告：[/]未编入索引：{_escape(problem)}")
    if json_output:
        print(json.dumps({"query": result.query.text, "include": list(result.query.include),
                          "exclude": list(result.query.exclude), "total": result.total,
                          "hits": [hit.as_json() for hit in result.hits], "skipped": result.skipped},
                         ensure_ascii=False, indent=2))
        return
    if not result.hits:
        console.print(f"没有找到含有“{_escape(result.query.text)}”的文章。")
        return
    plain = console.no_color or not console.is_terminal
    for hit in result.hits:
        where = "  ".join(part for part in (hit.issue, hit.date, hit.section or "") if part)
        console.print(_marked(f"{where}  ", [], plain) + _marked(hit.title, hit.title_marks, plain, bold=True))
        console.print(_marked("    ", [], plain) + _marked(hit.snippet, hit.marks, plain))
    shown = len(result.hits)
    more = f"，列出前 {shown} 篇（--limit 可改）" if shown < result.total else ""
    console.print(f"共 {result.total} 篇文章{more}。")


def _marked(text: str, marks: list, plain: bool, bold: bool = False):
    from rich.text import Text

    from jianbao_cli.archive.search import bracketed

    if plain:
        return Text(bracketed(text, marks))
    styled = Text(text, style="bold" if bold else "")
    for start, end in marks:
        styled.stylize("bold black on yellow", start, end)
    return styled


@command("site")
def site_command(
    out: Optional[Path] = typer.Option(None, "--out", help="网站输出目录（默认：工作区中的 site/）。"),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", help="网站发布后的地址，如 https://www.example.gov.cn/jianbao/（订阅源 feed.xml 的链接用）。"),
    with_distribution: bool = typer.Option(
        False, "--with-distribution", help="在期刊页中印出报尾的报/送/发/抄送名单（默认不公开）。"),
) -> None:
    """生成静态网站存档：按年份的期刊目录、每期一页、订阅源 feed.xml、离线可用的站内搜索。"""
    from jianbao_cli.archive.site import build_site

    ws = current_workspace()
    target = out.resolve() if out else ws.root / "site"
    report = build_site(ws, target, base_url=base_url, with_distribution=with_distribution)
    for problem in report.skipped:
        err_console.print(f"[yellow]警告：[/]未收入网站：{_escape(problem)}")
    if not base_url:
        err_console.print("注意：未给 --base-url，feed.xml 中的链接是相对链接；发布到网站前请加上 --base-url 网址 重新生成。")
    console.print(
        f"已生成网站 {_escape(ws.display(target))}：共 {report.issues} 期，本次写入 {report.written} 期"
        f"{'，删除 ' + str(report.removed) + ' 期' if report.removed else ''}。打开 {_escape(ws.display(target / 'index.html'))} 即可浏览。"
    )
