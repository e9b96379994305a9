"""The editorial desk: add-article (and, as they come, the article and section edit commands)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import (
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
    title: str = typer.Option(..., "--title", "-t", help="文章标题。"),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="正文文件（UTF-8）；省略则从标准输入读取。"),
    position: Optional[int] = typer.Option(None, "--position", "-p", help="在栏目中的位置（从 1 起）；默认放在最后。"),
    new_section: bool = typer.Option(False, "--new-section", help="栏目不存在时新建它（放在最后）。"),
) -> None:
    """加一篇文章。正文按空行分段；硬换行的中文行直接连接，不加空格。"""
    from jianbao_cli.authoring import add_article

    body = _read_body(file)
    ws = current_workspace()
    placed = add_article(
        ws, _issue_id(issue), section=section, title=title, body=body, position=position, new_section=new_section
    )
    made = "（新建栏目）" if placed.section_created else ""
    console.print(
        f"已加入第 {issue} 期：栏目“{placed.section_title}”{made}第 {placed.position} 篇，"
        f"“{title.strip()}”，{placed.paragraphs} 段。"
    )


def _read_body(file: Optional[Path]) -> str:
    if file is not None:
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise JianbaoError(f"无法读取正文文件 {file}：{error.strerror}。") from None
        source = str(file)
    else:
        if sys.stdin.isatty():
            raise JianbaoError("没有正文：请用 --file 指定正文文件，或从标准输入提供（如 jianbao add-article … < 正文.txt）。")
        raw = sys.stdin.buffer.read()
        source = "标准输入"
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JianbaoError(f"{source} 不是 UTF-8 文本，请另存为 UTF-8 后再试。") from None
