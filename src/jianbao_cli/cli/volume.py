"""volume: the year's 合订本."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import _escape, command, console, current_workspace, err_console


@command("volume")
def volume_command(
    year: int = typer.Argument(..., help="年份，如 2008。", min=1900, max=2999, show_default=False),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成 PDF（带书签，总目录页码按 PDF 核对）。"),
    pdfa: bool = typer.Option(False, "--pdfa", help="PDF 采用 PDF/A-2b 存档格式（含 --pdf）；设置 layout.pdfa: true 时默认如此。"),
    odd: bool = typer.Option(False, "--odd", help="每期从奇数页开始（双面印刷）。"),
    out: Optional[Path] = typer.Option(None, "--out", help="输出目录（默认：设置中的 output_dir，即 build/）。"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="略过有错误的期刊（并列出），照常装订其余各期。"),
) -> None:
    """把一年的各期装订成合订本：封面、总目录（带页码）、各期正文，页码连续（build/刊名-年份-合订本.docx）。"""
    from jianbao_cli.archive.volume import build_volume

    ws = current_workspace()
    result = build_volume(ws, year, pdf=pdf or pdfa, pdfa=True if pdfa else None, odd=odd,
                          out_dir=out.resolve() if out else None, skip_invalid=skip_invalid)
    for item in result.skipped:
        for line in item.problems:
            err_console.print(f"[bold yellow]已略去：[/]{item.issue_id}：{_escape(line)}")
    if result.skipped:
        err_console.print(f"已略去 {len(result.skipped)} 期有错误的期刊：{'、'.join(i.issue_id for i in result.skipped)}。")
    console.print(f"已生成 {_escape(ws.display(result.docx))}（{len(result.issue_ids)} 期）")
    if result.pdf is not None:
        kind = "PDF/A-2b" if result.pdfa else "PDF"
        console.print(f"已生成 {_escape(ws.display(result.pdf))}（{kind}，{result.pages} 页，总目录页码已核对）")
    for message in result.warnings:
        err_console.print(f"[yellow]提示：[/]{_escape(message)}")
