"""diff, approve and approvals: review before an issue goes out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import _escape, _issue_id, command, console, current_workspace


@command("diff")
def diff_command(
    issue_id: str = typer.Argument(..., help="期号，如 2008-06"),
    against: Optional[str] = typer.Option(
        None, "--against", help="与哪个版本比较：sent（最近发出的）、approved（最近签发的）、清单文件或快照哈希；"
        "默认最近发出的，从未发送则最近签发的"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出（供脚本使用）"),
    docx: Optional[Path] = typer.Option(None, "--docx", help="另写一份修订稿 .docx：按公文版式排版，改动为 Word 修订标记"),
    author: str = typer.Option("jianbao", "--author", help="修订稿中修订的作者名"),
) -> None:
    """比较当前清单与已发送或已签发的版本：文章增删、移动、改标题，逐字标出段落改动。相同退出 0，不同退出 1。"""
    from jianbao_cli.review import compare
    from jianbao_cli.review.present import detail_lines

    workspace = current_workspace()
    changes = compare(workspace, str(_issue_id(issue_id)), against)
    if docx is not None:
        from jianbao_cli.review.redline import write_redline

        write_redline(changes, workspace.template_path, docx, layout=workspace.settings.layout, author=author)
    if as_json:
        import json

        sys.stdout.write(json.dumps(changes.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        color = console.color_system is not None
        head = f"第 {changes.issue_id} 期：{changes.new.label} 与 {changes.old.label} 比较"
        lines = [head] + (["没有改动。"] if changes.equal else detail_lines(changes, color))
        if docx is not None:
            lines.append(f"修订稿已写入 {docx}（在 Word 或 WPS 的“修订”视图中可逐条接受或拒绝）。")
        if color:
            for line in lines:
                console.print(line if line != head else _escape(line))
        else:
            sys.stdout.write("\n".join(lines) + "\n")
    raise typer.Exit(0 if changes.equal else 1)


@command("approve")
def approve_command(
    issue_id: str = typer.Argument(..., help="期号，如 2008-06"),
    by: str = typer.Option(..., "--by", help="签发人，如 王主任"),
    note: Optional[str] = typer.Option(None, "--note", help="签发意见，可选"),
) -> None:
    """签发：记录谁在何时审定了这一期的哪个版本（内容、图片、模板与版式）。"""
    from jianbao_cli.review.signoff import approve, review_state

    workspace = current_workspace()
    event = approve(workspace, str(_issue_id(issue_id)), by, note)
    state = review_state(workspace, workspace.load_issue(issue_id))
    console.print(f"已记录签发：第 {_escape(event.issue)} 期，{_escape(event.by)}，{event.at[:16].replace('T', ' ')}，"
                  f"版本 {event.review_hash[:12]}。当前状态：{_escape(state.label)}。")


@command("approvals")
def approvals_command(
    issue_id: str = typer.Argument(..., help="期号，如 2008-06"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """列出一期的签发记录，以及当前内容是否已签发。"""
    from jianbao_cli.review.signoff import approvals, hashes, review_state

    workspace = current_workspace()
    document = workspace.load_issue(issue_id)
    events = approvals(workspace, str(document.issue.id))
    state = review_state(workspace, document)
    _, current = hashes(workspace, document)
    if as_json:
        import json

        data = {"issue": str(document.issue.id), "state": state.to_json(),
                "approvals": [dict(e.to_json(), current=e.review_hash == current) for e in events]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    if not events:
        console.print(f"第 {document.issue.id} 期还没有签发记录。当前状态：{_escape(state.label)}。")
        return
    table = Table("签发人", "时间", "版本", "意见", title=f"第 {document.issue.id} 期签发记录")
    for event in events:
        version = event.review_hash[:12] + ("（当前内容）" if event.review_hash == current else "（较早版本）")
        table.add_row(_escape(event.by or ""), event.at[:16].replace("T", " "), version, _escape(event.note or ""))
    console.print(table)
    console.print(f"当前状态：{_escape(state.label)}")
