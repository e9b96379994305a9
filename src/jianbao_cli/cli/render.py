"""render and template check."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import (
    _escape,
    app,
    command,
    console,
    current_workspace,
    err_console,
    say,
)


@command("render")
def render_command(
    ids: Optional[list[str]] = typer.Argument(None, help="期号，如 2008-06；可写多个。", show_default=False),
    year: Optional[int] = typer.Option(None, "--year", help="渲染这一年的全部期刊。"),
    all_issues: bool = typer.Option(False, "--all", help="渲染工作区的全部期刊。"),
    out: Optional[Path] = typer.Option(None, "--out", help="输出目录（默认：设置中的 output_dir，即 build/）。"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成 PDF。"),
    png: bool = typer.Option(False, "--png", help="同时生成每页的 PNG 图片（经由 PDF）。"),
    pdfa: bool = typer.Option(False, "--pdfa", help="PDF 采用 PDF/A-2b 存档格式并检查（含 --pdf）；设置 layout.pdfa: true 时默认如此。"),
    html: bool = typer.Option(
        False, "--html", help="同时生成可粘贴到网站内容管理系统的 HTML 片段（build/期号.html，样式和图片都嵌在片段里）。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数（默认：CPU 核数）。"),
) -> None:
    """把期刊渲染为公文版式的 Word 文档（build/期号.docx），可选 PDF 与页面图片。"""
    from jianbao_cli.errors import EXIT_FAILED
    from jianbao_cli.render import select_issues

    ws = current_workspace()
    chosen = select_issues(ws, ids, year=year, all_issues=all_issues)
    out_dir = out.resolve() if out else None

    if len(chosen) == 1:
        from jianbao_cli.render import render_issue
        from jianbao_cli.render.batch import Outcome

        # One issue: in-process, and a bad manifest keeps its own message and exit status.
        outcomes = [Outcome(str(chosen[0]), path=render_issue(ws, chosen[0], out_dir=out_dir))]
    else:
        from jianbao_cli.render.batch import render_many

        outcomes = render_many(ws, [str(i) for i in chosen], out_dir=out_dir, jobs=jobs, console=err_console)
    failed = [o for o in outcomes if not o.ok]
    done = [o for o in outcomes if o.ok]
    for outcome in done:
        say(f"已生成 {ws.display(outcome.path)}")
    for outcome in failed:
        for line in outcome.error.splitlines():
            err_console.print(f"[bold red]失败：[/]{outcome.issue_id}：{_escape(line)}")

    if html and done:
        from jianbao_cli.archive.site import write_fragment

        for outcome in done:
            path = write_fragment(ws, outcome.issue_id, out_dir or ws.output_dir)
            console.print(f"已生成 {_escape(ws.display(path))}")

    if (pdf or png or pdfa) and done:
        from jianbao_cli.progress import progress_bar
        from jianbao_cli.render.pdf import export_pdfs, export_pngs

        target = out_dir or ws.output_dir
        with progress_bar(err_console, "PDF（LibreOffice）", len(done)) as advance:
            pdfs = export_pdfs([o.path for o in done], target, layout=ws.settings.layout,
                               pdfa=True if pdfa else None, progress=advance,
                               warn=lambda message: err_console.print(f"[yellow]提示：[/]{_escape(message)}"))
        kind = "（PDF/A-2b，已检查）" if pdfa or ws.settings.layout.pdfa else ""
        for path in pdfs:
            console.print(f"已生成 {_escape(ws.display(path))}{kind}")
        if png:
            with progress_bar(err_console, "页面图片", len(pdfs)) as advance:
                for path in pdfs:
                    pages = export_pngs(path, target)
                    advance(1)
                    if pages:
                        console.print(f"已生成 {_escape(ws.display(pages[0]))} 等 {len(pages)} 张页面图片")
    if failed:
        err_console.print(f"{len(failed)} 期渲染失败，{len(done)} 期成功。")
        raise typer.Exit(EXIT_FAILED)


template_app = typer.Typer(help="模板：检查 Word 模板（templates/briefing.docx）是否可用。", no_args_is_help=True)
app.add_typer(template_app, name="template")


@command("check", on=template_app)
def template_check_command(
    path: Optional[Path] = typer.Argument(None, help="模板文件（默认：工作区设置中的模板）。", show_default=False),
) -> None:
    """检查模板：标记是否写对、变量是否都认识、内容是否都会输出、JB 样式是否齐全（不渲染期刊）。"""
    from jianbao_cli.errors import EXIT_FAILED
    from jianbao_cli.render.check import describe_gaps, template_report

    if path is None:
        ws = current_workspace()
        path, display = ws.template_path, ws.display(ws.template_path)
    else:
        display = str(path)
    problems, gaps = template_report(path, display)
    if problems:
        for problem in problems:
            err_console.print(f"[bold red]错误：[/]{_escape(problem)}")
        raise typer.Exit(EXIT_FAILED)
    console.print(f"模板 {_escape(display)} 可以使用。")
    if gaps:
        err_console.print(f"[bold yellow]注意：[/]模板 {_escape(display)} 印不出{_escape(describe_gaps(gaps))}"
                          "（早于这些内容的旧模板）；含有这些内容的期刊将拒绝渲染，其余照常。变量见 docs/render.md。")
