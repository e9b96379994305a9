"""doctor."""

from __future__ import annotations

import sys

import typer

from jianbao_cli.cli._app import _escape, _state, command, console


@command("doctor")
def doctor_command(
    mail: bool = typer.Option(False, "--mail", help="同时检查 SMTP 服务器：连接、EHLO、加密与证书、登录，然后退出（不发送任何邮件）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出（供监控使用）"),
) -> None:
    """逐项检查工作区、设置、名单、模板、LibreOffice、字体、poppler 与状态文件夹（加 --mail 还检查邮件服务器）。全部通过退出 0，否则 1。"""
    from jianbao_cli.doctor import run_checks

    rows = run_checks(mail=mail, workspace_dir=_state["workspace"])
    ok = all(row.ok for row in rows)
    if as_json:
        import json

        data = {"ok": ok, "checks": [row.to_json() for row in rows]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for row in rows:
            mark = "[green]✓[/]" if row.ok else "[bold red]✗[/]"
            console.print(f"{mark} {_escape(row.name)}：{_escape(row.detail)}")
            if not row.ok and row.fix:
                console.print(f"    [yellow]解决：[/]{_escape(row.fix)}")
        failed = sum(not row.ok for row in rows)
        console.print("全部检查通过。" if ok else f"[bold red]{failed} 项未通过[/]，请按上面的提示处理。")
    raise typer.Exit(0 if ok else 1)
