"""send and status."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from jianbao_cli.cli._app import (
    command,
    console,
    current_workspace,
    err_console,
)
from jianbao_cli.errors import JianbaoError


@command("send")
def send_command(
    issue_id: Optional[str] = typer.Argument(None, help="期号，如 2008-06；用 --due 时省略"),
    yes: bool = typer.Option(False, "--yes", "-y", help="不询问，直接发送（无人值守运行必须加）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只把将要发送的邮件写成 .eml 文件放进 outbox/ 文件夹，不发送"),
    only: list[str] = typer.Option([], "--only", help="只发给某一名单：报、送、发 或 抄送（可重复）"),
    to: list[str] = typer.Option([], "--to", help="只发给名单中的这个地址（可重复）"),
    force: bool = typer.Option(False, "--force", help="已发送过同一内容的人也再发一次"),
    resend_unknown: bool = typer.Option(False, "--resend-unknown", help="重发上次结果不明的人（同一 Message-ID）"),
    due: bool = typer.Option(False, "--due", help="发送所有 send_at 已到且尚未发完的期刊（供定时任务用）"),
) -> None:
    """按送/发名单把一期简报用邮件发出：每人一封，不重发，不遗漏。"""
    from jianbao_cli.delivery.report import ConsoleReporter
    from jianbao_cli.delivery.schedule import send_due
    from jianbao_cli.delivery.send import SendOptions, send_issue

    options = SendOptions(yes=yes, dry_run=dry_run, only=list(only), to=list(to), force=force,
                          resend_unknown=resend_unknown, due=due)
    reporter = ConsoleReporter(console, err_console)
    workspace = current_workspace()
    if due:
        if issue_id or only or to or force or resend_unknown:
            raise JianbaoError("--due 发送所有到期的期刊：不能同时指定期号、--only、--to、--force 或 --resend-unknown。")
        if not yes and not dry_run:
            raise JianbaoError("--due 供无人值守的定时任务使用，须同时加 --yes（或 --dry-run）。")
        code = send_due(workspace, options, reporter)
    else:
        if not issue_id:
            raise JianbaoError("请指定期号，如 jianbao send 2008-06；或用 --due 发送所有到期的期刊。")
        code = send_issue(workspace, issue_id, options, reporter)
    raise typer.Exit(code)


@command("status")
def status_command(
    issue_id: Optional[str] = typer.Argument(None, help="期号，如 2008-06；省略则每期一行"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """显示发送记录：指定期号时按名单列出每个人的状态、时间和服务器答复；省略期号时每期一行。"""
    import json

    if issue_id is None:
        from jianbao_cli.delivery.report import print_overview, status_overview

        rows = status_overview(current_workspace())
        if as_json:
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            print_overview(console, rows)
        return
    from jianbao_cli.delivery.report import print_status, status_data

    data = status_data(current_workspace(), issue_id)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        print_status(console, data)
