"""Commands that start and inspect issues: init, new, toc, check, list, schema."""

from __future__ import annotations

import enum
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
    err_console,
    say_tree,
)
from jianbao_cli.errors import EXIT_INPUT, JianbaoError


class TocFormat(str, enum.Enum):
    tree = "tree"
    text = "text"
    json = "json"
    markdown = "markdown"


@command("init")
def init_command(
    directory: Path = typer.Argument(..., help="新工作区的目录（不存在会创建）。"),
    example: bool = typer.Option(True, "--example/--no-example", help="是否带上示例期刊 2008-06。"),
) -> None:
    """用内置默认设置、模板和收件人名单创建一个新工作区。"""
    from jianbao_cli.workspace import init_workspace

    created = init_workspace(directory, with_example=example)
    console.print(f"已创建工作区 {directory}：")
    for path in created:
        console.print(f"  {path}")
    console.print("下一步：编辑 jianbao.yaml 和 data/recipients.yaml，然后 jianbao new 开始新一期。")


@command("new")
def new_command(
    issue: Optional[str] = typer.Argument(None, help="期号，如 2008-07；省略则接着出刊年份的最新一期编号（新年份从第 1 期起）。"),
    date: Optional[str] = typer.Option(None, "--date", help="出刊日期，如 2008-11-05；默认今天（按设置的时区）。"),
) -> None:
    """新建一期：沿用设置和上一期（期数、总期数加 1，分发名单照旧）。不会覆盖已有文件。"""
    import datetime as dt

    from jianbao_cli.authoring import new_issue

    when = None
    if date:
        try:
            when = dt.date.fromisoformat(date)
        except ValueError:
            raise JianbaoError(f"--date “{date}” 不是日期，应写作 2008-11-05。") from None
    ws = current_workspace()
    result = new_issue(ws, _issue_id(issue) if issue else None, when)
    basis = f"，沿用第 {result.based_on} 期的分发名单和栏目" if result.based_on else "，分发名单取自设置"
    if result.chosen_because:
        console.print(f"没有指定期号：{result.chosen_because}（{result.issue.id}）。")
    console.print(f"已新建 {result.path}（{result.issue.series} {result.issue.issue_line()}，{result.issue.date}）{basis}。")


@command("toc")
def toc_command(
    issue: str = typer.Argument(..., help="期号，如 2008-06。"),
    format: TocFormat = typer.Option(TocFormat.tree, "--format", help="输出格式：tree（树形）、text（纯文本）、json 或 markdown。"),
) -> None:
    """显示本期导读：按栏目列出文章标题。"""
    import json

    from jianbao_cli import authoring

    issue_model = current_workspace().read_issue(_issue_id(issue)).issue
    if format is TocFormat.json:
        sys.stdout.write(json.dumps(authoring.contents(issue_model), ensure_ascii=False, indent=2) + "\n")
    elif format is TocFormat.text:
        sys.stdout.write(authoring.contents_text(issue_model))
    elif format is TocFormat.markdown:
        sys.stdout.write(authoring.contents_markdown(issue_model))
    else:
        # As a tree: without Rich when the output goes to a pipe or file and Rich would print the same.
        branches: list[tuple[str, list[str]]] = []
        for section in issue_model.sections:
            titles = [f"☞ {article.title}" for article in section.articles]
            if section.title:
                branches.append((section.title, titles))
            else:
                branches += [(title, []) for title in titles]
        if say_tree(f"{issue_model.series} {issue_model.issue_line()} 本期导读", branches):
            return
        from rich.tree import Tree

        tree = Tree(f"[bold]{_escape(issue_model.series)} {issue_model.issue_line()}[/] 本期导读")
        for section in issue_model.sections:
            branch = tree.add(f"[bold]{_escape(section.title)}[/]") if section.title else tree
            for article in section.articles:
                branch.add(f"☞ {_escape(article.title)}")
        console.print(tree)


@command("check")
def check_command(
    issues: Optional[list[str]] = typer.Argument(None, help="期号；省略则检查工作区内所有期。"),
) -> None:
    """检查期刊清单和分发名单：所有问题一次列出。"""
    from jianbao_cli.authoring import check_issues

    ws = current_workspace()
    ids = [_issue_id(i) for i in issues] if issues else None
    result = check_issues(ws, ids)
    for warning in result.warnings:
        err_console.print(f"[yellow]注意：[/]{_escape(str(warning))}")
    if result.problems:
        for problem in result.problems:
            err_console.print(f"[bold red]错误：[/]{_escape(str(problem))}")
        err_console.print(f"共 {len(result.problems)} 个问题。")
        raise typer.Exit(EXIT_INPUT)
    console.print(f"检查通过：{len(result.checked)} 期（{'、'.join(result.checked) or '无'}）。")


@command("list")
def list_command(
    as_json: bool = typer.Option(False, "--json", help="输出 JSON。"),
) -> None:
    """列出工作区内的各期：期号、日期、文章数、生成与发送状态。"""
    import dataclasses
    import json

    from jianbao_cli.authoring import RENDERED_WORDS, list_issues

    rows = list_issues(current_workspace())
    if as_json:
        sys.stdout.write(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table("期号", "日期", "文章", "Word", "发送", "审核")
    for row in rows:
        if row.problem:
            table.add_row(row.id, "", "", "", f"[red]清单有误：{_escape(row.problem)}[/]")
        else:
            table.add_row(row.id, row.date, str(row.articles), RENDERED_WORDS[row.rendered], row.sent or "未发送",
                          _escape(row.review or "—"))
    console.print(table if rows else "工作区里还没有期刊：用 jianbao new 新建。")


@command("schema")
def schema_command() -> None:
    """输出期刊清单的 JSON Schema，供 YAML 编辑器补全和校验。"""
    import json

    from jianbao_cli.authoring import manifest_schema

    sys.stdout.write(json.dumps(manifest_schema(), ensure_ascii=False, indent=2) + "\n")
