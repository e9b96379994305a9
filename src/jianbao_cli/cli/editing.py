"""The editorial desk: add-article (and, as they come, the article and section edit commands)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import (
    _escape,
    _issue_id,
    command,
    console,
    current_workspace,
)
from jianbao_cli.errors import JianbaoError


@command("add-article")
def add_article_command(
    issue: str = typer.Argument(..., help="期号，如 2008-06。"),
    section: str = typer.Option(..., "--section", "-s", help="栏目名，如 政府网站群动态。"),
    title: Optional[str] = typer.Option(
        None, "--title", "-t", help="文章标题；省略则用稿件里的标题（Word 的标题段落，文本的首行）。"
    ),
    file: Optional[Path] = typer.Option(
        None, "--file", "-f",
        help="稿件文件：.docx .doc .wps .rtf（经 LibreOffice）.txt（UTF-8 或 GB18030/GBK）.md；省略则从标准输入读取文本。",
    ),
    position: Optional[int] = typer.Option(None, "--position", "-p", help="在栏目中的位置（从 1 起）；默认放在最后。"),
    new_section: bool = typer.Option(False, "--new-section", help="栏目不存在时新建它（放在最后）。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示从稿件里读出的内容，不保存。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果（供脚本使用）。"),
) -> None:
    """加一篇文章：从 Word/WPS/文本稿件读出标题、正文、小标题、图片及说明、编者按和来源。"""
    from jianbao_cli.editing.storing import add_article_from_file

    stdin = None
    if file is None:
        if sys.stdin.isatty():
            raise JianbaoError("没有正文：请用 --file 指定稿件文件，或从标准输入提供（如 jianbao add-article … < 正文.txt）。")
        stdin = sys.stdin.buffer.read()
    ws = current_workspace()
    added = add_article_from_file(
        ws, _issue_id(issue), section=section, file=file, title=title, position=position,
        new_section=new_section, dry_run=dry_run, stdin=stdin,
    )
    if as_json:
        sys.stdout.write(json.dumps(added.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    for line in summary_lines(added):
        console.print(_escape(line))


def summary_lines(added) -> list[str]:
    """What add-article found, one fact a line, as the editor reads it."""
    c = added.contribution
    made = "（新建栏目）" if added.section_created else ""
    verb = "试运行，未保存：将加入" if added.dry_run else "已加入"
    lines = [
        f"{verb}第 {added.issue} 期：栏目“{added.section}”{made}第 {added.position} 篇，“{c.title}”，{len(c.texts())} 段。",
        f"  标题：{c.title}（{'--title 指定' if c.title_from == 'option' else '取自稿件'}）",
    ]
    if c.note:
        lines.append(f"  编者按：{c.note}")
    headings = c.headings()
    lines.append(f"  小标题 {len(headings)} 个" + (f"：{'；'.join(headings)}" if headings else ""))
    lines.append(f"  图片 {len(added.figures)} 张" + ("：" if added.figures else ""))
    for n, figure in enumerate(added.figures, 1):
        kept = "" if figure.new else "，已有同一图片，未重复保存"
        caption = f"“{figure.caption}”" if figure.caption else "（无说明）"
        lines.append(f"    {n}. {figure.path}（{figure.width}×{figure.height}，{_size(figure.bytes)}{kept}）{caption}")
    lines.append(f"  来源：{c.source}" if c.source else "  来源：（无）")
    for warning in c.warnings:
        lines.append(f"  警告：{warning}")
    return lines


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{max(1, round(count / 1024))} KB"
