"""import of back issues."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from jianbao_cli.cli._app import (
    _escape,
    command,
    console,
    current_workspace,
    err_console,
)
from jianbao_cli.errors import JianbaoError


@command("import")
def import_command(
    paths: list[Path] = typer.Argument(
        ..., metavar="路径…", help="要导入的往期文件或文件夹（文件夹递归查找 .txt .text .docx .doc .wps .rtf .pdf .html .htm .mhtml .mht；网页另存时的 X_files 文件夹里的图片随网页导入）。"
    ),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="清单写入的文件夹（默认：工作区的 issues/，不在工作区时为当前目录下的 issues/）。"
    ),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数（默认：CPU 核数）。"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的同名清单。"),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON，不输出表格。"),
) -> None:
    """导入往期简报（文本 .txt、Word .docx/.doc/.wps/.rtf、PDF、网页 .html/.htm、网页存档 .mhtml/.mht），每期写成一个清单 YYYY-NN.yaml，网页里的图片写在 YYYY-NN/ 文件夹；网站的杂项（来源、点击、上一篇……）不进清单；不确定之处写成警告注释。"""
    import json

    from jianbao_cli.errors import EXIT_FAILED
    from jianbao_cli.importers.batch import RESULT_NAMES, import_many

    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise JianbaoError(f"找不到 {'、'.join(missing)}：请检查路径（没有导入任何文件）。")
    if out is None:
        try:
            out = current_workspace().issues_dir
        except JianbaoError:
            out = Path("issues")
    outcomes = import_many(paths, out, jobs=jobs, force=force, console=err_console)
    if not outcomes:
        raise JianbaoError("没有找到可导入的文件（.txt .docx .doc .wps .rtf .pdf .html .htm .mhtml .mht）。")
    if as_json:
        for outcome in outcomes:
            sys.stdout.write(json.dumps(outcome.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        from rich.table import Table

        table = Table(show_lines=False)
        table.add_column("文件", overflow="fold")
        table.add_column("期号")
        table.add_column("文章", justify="right")
        table.add_column("警告", justify="right")
        table.add_column("结果", overflow="fold")
        for outcome in outcomes:
            result = RESULT_NAMES[outcome.result]
            if outcome.ok:
                result = f"{result} {outcome.path}"
            elif outcome.error:
                result = f"{result}：{outcome.error}"
            style = "green" if outcome.ok else "red"
            table.add_row(
                _escape(outcome.file),
                outcome.id or "—",
                "—" if outcome.articles is None else str(outcome.articles),
                str(len(outcome.warnings)) if outcome.warnings else ("0" if outcome.id else "—"),
                f"[{style}]{_escape(result)}[/]",
            )
        console.print(table)
        for outcome in outcomes:
            for warning in outcome.warnings:
                where = f"第 {warning['line']} 行 " if warning.get("line") else ""
                field = f"{warning['field']}：" if warning.get("field") else ""
                console.print(f"[yellow]警告[/] {_escape(outcome.file)} {where}{_escape(field + warning['message'])}")
        good = sum(1 for o in outcomes if o.ok)
        console.print(f"共 {len(outcomes)} 个文件：导入 {good} 个，未导入 {len(outcomes) - good} 个。")
    if any(not outcome.ok for outcome in outcomes):
        raise typer.Exit(EXIT_FAILED)
