"""`jianbao article …` and `jianbao section …`: edit an issue's articles and sections without opening YAML."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from jianbao_cli.cli._app import _escape, _issue_id, app, command, console, current_workspace
from jianbao_cli.errors import JianbaoError

article_app = typer.Typer(
    name="article", help="列出、移动、删除、编辑一期中的文章（编号见 jianbao article list）。", no_args_is_help=True
)
section_app = typer.Typer(name="section", help="改名、移动、删除一期中的栏目。", no_args_is_help=True)
app.add_typer(article_app, name="article")
app.add_typer(section_app, name="section")

ISSUE = typer.Argument(..., help="期号，如 2008-06。")
NUMBER = typer.Argument(..., help="文章编号：全期从 1 起按顺序编号，见 jianbao article list。")


def _print_retired(figures) -> None:
    for old, new in figures.moved:
        console.print(f"  图片 {_escape(old)} 已移到 {_escape(new)}")
    for path in figures.kept:
        console.print(f"  图片 {_escape(path)} 仍有别处使用或不在本期文件夹中，保留原处")


@command("list", on=article_app)
def list_command(
    issue: str = ISSUE,
    as_json: bool = typer.Option(False, "--json", help="输出 JSON。"),
) -> None:
    """按编号列出本期文章：栏目、标题、段落数、图片数。"""
    from jianbao_cli.editing.commands import list_articles

    rows = list_articles(current_workspace(), _issue_id(issue))
    if as_json:
        import dataclasses
        import json

        sys.stdout.write(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        console.print(f"第 {issue} 期还没有文章：用 jianbao add-article 加入。")
        return
    from rich.table import Table

    table = Table("编号", "栏目", "标题", "段落", "小标题", "图片")
    for row in rows:
        title = _escape(row.title) + (" [dim]（有编者按）[/]" if row.note else "")
        table.add_row(str(row.number), _escape(row.section or ""), title, str(row.paragraphs), str(row.headings), str(row.figures))
    console.print(table)


@command("move", on=article_app)
def move_command(
    issue: str = ISSUE,
    number: int = NUMBER,
    to: Optional[int] = typer.Option(None, "--to", help="在栏目中的新位置（从 1 起）；与 --section 同用时省略则放在该栏目最后。"),
    section: Optional[str] = typer.Option(None, "--section", "-s", help="移入这个栏目。"),
) -> None:
    """移动一篇文章：在本栏目内换位置（--to），或移入另一栏目（--section）。"""
    from jianbao_cli.editing.commands import move_article

    placed = move_article(current_workspace(), _issue_id(issue), number, to=to, section=section)
    where = f"栏目“{_escape(placed.section or '')}”第 {placed.position} 篇"
    if not placed.moved:
        console.print(f"“{_escape(placed.title)}”已在{where}，未改动。")
        return
    console.print(f"已移动“{_escape(placed.title)}”：现为{where}（全期第 {placed.number} 篇）。")


@command("remove", on=article_app)
def remove_command(
    issue: str = ISSUE,
    number: int = NUMBER,
    yes: bool = typer.Option(False, "--yes", "-y", help="不询问，直接删除（脚本和无人值守运行必须加）。"),
) -> None:
    """删除一篇文章；只有它用到的图片移到 issues/期号/removed/，不会删除。"""
    from jianbao_cli.editing.commands import describe_article, remove_article

    ws = current_workspace()
    issue_id = _issue_id(issue)
    if not yes:
        row = describe_article(ws, issue_id, number)
        if not sys.stdin.isatty():
            raise JianbaoError("没有终端可以确认：脚本或无人值守运行请加 --yes。")
        console.print(
            f"将删除第 {row.number} 篇：栏目“{_escape(row.section or '')}”，“{_escape(row.title)}”，"
            f"{row.paragraphs} 段，{row.figures} 张图片。"
        )
        if not typer.confirm("确认删除？", default=False):
            console.print("已取消，未作任何改动。")
            raise typer.Exit(2)
    removed = remove_article(ws, issue_id, number)
    console.print(
        f"已删除第 {removed.number} 篇：栏目“{_escape(removed.section or '')}”，“{_escape(removed.title)}”，"
        f"{removed.paragraphs} 段。"
    )
    _print_retired(removed.figures)


@command("edit", on=article_app)
def edit_command(issue: str = ISSUE, number: int = NUMBER) -> None:
    """用文本编辑器（$VISUAL 或 $EDITOR）修改一篇文章：标题、编者按、正文、小标题、图片、来源。"""
    from jianbao_cli.editing.commands import edit_article

    _say_changed(number, edit_article(current_workspace(), _issue_id(issue), number))


@command("set", on=article_app)
def set_command(
    issue: str = ISSUE,
    number: int = NUMBER,
    title: Optional[str] = typer.Option(None, "--title", "-t", help="新标题。"),
    note: Optional[str] = typer.Option(None, "--note", help="编者按（不含“编者按：”）；空字符串表示删去。"),
    source: Optional[str] = typer.Option(None, "--source", help="来源，如 市信息办供稿；空字符串表示删去。"),
) -> None:
    """修改一篇文章的标题、编者按或来源（供脚本使用）。"""
    from jianbao_cli.editing.commands import set_article

    _say_changed(number, set_article(current_workspace(), _issue_id(issue), number, title=title, note=note,
                                     source=source))


def _say_changed(number: int, result) -> None:
    if result.changed:
        console.print(f"已保存第 {number} 篇“{_escape(result.title)}”：改动了{'、'.join(result.changed)}。")
    else:
        console.print(f"第 {number} 篇“{_escape(result.title)}”没有改动。")


@command("rename", on=section_app)
def rename_command(
    issue: str = ISSUE,
    old: str = typer.Argument(..., help="现在的栏目名。"),
    new: str = typer.Argument(..., help="新栏目名。"),
) -> None:
    """给栏目改名。"""
    from jianbao_cli.editing.commands import rename_section

    rename_section(current_workspace(), _issue_id(issue), old, new)
    console.print(f"已把栏目“{_escape(old)}”改名为“{_escape(new.strip())}”。")


@command("move", on=section_app)
def section_move_command(
    issue: str = ISSUE,
    name: str = typer.Argument(..., help="栏目名。"),
    to: int = typer.Option(..., "--to", help="新位置（从 1 起）。"),
) -> None:
    """移动栏目到第 N 位。"""
    from jianbao_cli.editing.commands import move_section

    moved = move_section(current_workspace(), _issue_id(issue), name, to)
    console.print(f"栏目“{_escape(moved.title or '')}”现在是第 {moved.position} 个栏目。")


@command("remove", on=section_app)
def section_remove_command(
    issue: str = ISSUE,
    name: str = typer.Argument(..., help="栏目名。"),
    yes: bool = typer.Option(False, "--yes", "-y", help="栏目里还有文章时连同文章一起删除（图片移到 removed/）。"),
) -> None:
    """删除栏目：只删空栏目；加 --yes 连同其中的文章一起删除。"""
    from jianbao_cli.editing.commands import remove_section

    removed = remove_section(current_workspace(), _issue_id(issue), name, with_articles=yes)
    console.print(f"已删除栏目“{_escape(removed.title or '')}”" + (f"及其 {len(removed.articles)} 篇文章：" if removed.articles else "。"))
    for title in removed.articles:
        console.print(f"  {_escape(title)}")
    _print_retired(removed.figures)
