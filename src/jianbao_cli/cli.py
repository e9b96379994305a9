"""The `jianbao` command: Typer commands only. Each parses, calls the library and prints with Rich."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from jianbao_cli.errors import EXIT_INPUT, JianbaoError

app = typer.Typer(
    name="jianbao",
    help="简报编排与分发：期刊清单（YAML）→ 公文版式 Word/PDF → 按送/发名单发送邮件。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
console = Console(highlight=False, soft_wrap=True)  # messages stay one line for scripts
err_console = Console(stderr=True, highlight=False, soft_wrap=True)  # a message stays one line

_state: dict[str, Optional[Path]] = {"workspace": None}


@app.callback()
def _root(
    workspace: Optional[Path] = typer.Option(
        None, "--workspace", "-w", help="工作区目录（默认：从当前目录向上查找 jianbao.yaml，或 JIANBAO_WORKSPACE）。"
    ),
) -> None:
    _state["workspace"] = workspace


def current_workspace():
    from jianbao_cli.workspace import Workspace

    return Workspace.find(_state["workspace"])


def report(error: JianbaoError) -> None:
    for line in error.problems:
        err_console.print(f"[bold red]错误：[/]{_escape(line)}")


def command(*args, on: typer.Typer | None = None, **kwargs):
    """`app.command` (or `on.command`), plus: a JianbaoError becomes its message on stderr and its exit status."""

    def decorate(function):
        @functools.wraps(function)
        def guarded(*f_args, **f_kwargs):
            try:
                return function(*f_args, **f_kwargs)
            except JianbaoError as error:
                report(error)
                raise typer.Exit(error.exit_code) from None

        return (on or app).command(*args, **kwargs)(guarded)

    return decorate


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- authoring commands (issue 2) -----------------------------------------------------------


def _issue_id(text: str):
    from jianbao_cli.ids import IssueId

    return IssueId.parse(text)


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
    console.print(f"已新建 {result.path}（{result.issue.series} {result.issue.issue_line()}，{result.issue.date}）{basis}。")


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


@command("toc")
def toc_command(
    issue: str = typer.Argument(..., help="期号，如 2008-06。"),
    format: str = typer.Option("tree", "--format", help="输出格式：tree（默认）、text、json 或 markdown。"),
) -> None:
    """显示本期导读：按栏目列出文章标题。"""
    import json

    from jianbao_cli import authoring

    if format not in ("tree", "text", "json", "markdown"):
        raise JianbaoError(f"--format 只能是 tree、text、json 或 markdown，不能是“{format}”。")
    issue_model = current_workspace().load_issue(_issue_id(issue)).issue
    if format == "json":
        sys.stdout.write(json.dumps(authoring.contents(issue_model), ensure_ascii=False, indent=2) + "\n")
    elif format == "text":
        sys.stdout.write(authoring.contents_text(issue_model))
    elif format == "markdown":
        sys.stdout.write(authoring.contents_markdown(issue_model))
    else:
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

    from jianbao_cli.authoring import list_issues

    rows = list_issues(current_workspace())
    if as_json:
        sys.stdout.write(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table("期号", "日期", "文章", "Word", "发送")
    for row in rows:
        if row.problem:
            table.add_row(row.id, "", "", "", f"[red]清单有误：{_escape(row.problem)}[/]")
        else:
            table.add_row(row.id, row.date, str(row.articles), row.rendered, row.sent or "未发送")
    console.print(table if rows else "工作区里还没有期刊：用 jianbao new 新建。")


@command("schema")
def schema_command() -> None:
    """输出期刊清单的 JSON Schema，供 YAML 编辑器补全和校验。"""
    import json

    from jianbao_cli.authoring import manifest_schema

    sys.stdout.write(json.dumps(manifest_schema(), ensure_ascii=False, indent=2) + "\n")


# --- render commands (issue 5) --------------------------------------------------------------


@command("render")
def render_command(
    ids: Optional[list[str]] = typer.Argument(None, help="期号，如 2008-06；可写多个。", show_default=False),
    year: Optional[int] = typer.Option(None, "--year", help="渲染这一年的全部期刊。"),
    all_issues: bool = typer.Option(False, "--all", help="渲染工作区的全部期刊。"),
    out: Optional[Path] = typer.Option(None, "--out", help="输出目录（默认：设置中的 output_dir，即 build/）。"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 生成 PDF。"),
    png: bool = typer.Option(False, "--png", help="同时生成每页的 PNG 图片（经由 PDF）。"),
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
        console.print(f"已生成 {_escape(ws.display(outcome.path))}")
    for outcome in failed:
        for line in outcome.error.splitlines():
            err_console.print(f"[bold red]失败：[/]{outcome.issue_id}：{_escape(line)}")

    if (pdf or png) and done:
        from jianbao_cli.render.pdf import export_pdfs, export_pngs

        target = out_dir or ws.output_dir
        pdfs = export_pdfs([o.path for o in done], target, layout=ws.settings.layout)
        for path in pdfs:
            console.print(f"已生成 {_escape(ws.display(path))}")
            if png:
                pages = export_pngs(path, target)
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
    from jianbao_cli.render.check import check_template

    if path is None:
        ws = current_workspace()
        path, display = ws.template_path, ws.display(ws.template_path)
    else:
        display = str(path)
    problems = check_template(path, display)
    if problems:
        for problem in problems:
            err_console.print(f"[bold red]错误：[/]{_escape(problem)}")
        raise typer.Exit(EXIT_FAILED)
    console.print(f"模板 {_escape(display)} 可以使用。")


# --- send commands (issue 3) ----------------------------------------------------------------


@command("send")
def send_command(
    issue_id: Optional[str] = typer.Argument(None, help="期号，如 2008-06；用 --due 时省略"),
    yes: bool = typer.Option(False, "--yes", "-y", help="不询问，直接发送（无人值守运行必须加）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只把将要发送的邮件写成 .eml 放进 outbox，不发送"),
    only: list[str] = typer.Option([], "--only", help="只发给某一名单：报、送、发 或 抄送（可重复）"),
    to: list[str] = typer.Option([], "--to", help="只发给名单中的这个地址（可重复）"),
    force: bool = typer.Option(False, "--force", help="已发送过同一内容的人也再发一次"),
    resend_unknown: bool = typer.Option(False, "--resend-unknown", help="重发上次结果不明的人（同一 Message-ID）"),
    due: bool = typer.Option(False, "--due", help="发送所有 send_at 已到且尚未发完的期刊（供定时任务用）"),
) -> None:
    """按送/发名单把一期简报用邮件发出：每人一封，不重发，不遗漏。"""
    from jianbao_cli.delivery.report import ConsoleReporter
    from jianbao_cli.delivery.send import SendOptions, send_due, send_issue

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
    issue_id: str = typer.Argument(..., help="期号，如 2008-06"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """显示一期简报的发送记录：按名单列出每个人的状态、时间和服务器答复。"""
    from jianbao_cli.delivery.report import print_status, status_data

    data = status_data(current_workspace(), issue_id)
    if as_json:
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        print_status(console, data)

# --- import commands (issue 4) --------------------------------------------------------------


@command("import")
def import_command(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH…", help="要导入的往期文件或文件夹（文件夹递归查找 .txt .docx .doc .pdf）。"
    ),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="清单写入的文件夹（默认：工作区的 issues/，不在工作区时为当前目录下的 issues/）。"
    ),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数（默认：CPU 核数）。"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的同名清单。"),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON，不输出表格。"),
) -> None:
    """导入往期简报（文本、Word .docx/.doc、PDF），每期写成一个清单 YYYY-NN.yaml；不确定之处写成警告注释。"""
    import json

    from jianbao_cli.errors import EXIT_FAILED
    from jianbao_cli.importers.batch import RESULT_NAMES, import_many

    if out is None:
        try:
            out = current_workspace().issues_dir
        except JianbaoError:
            out = Path("issues")
    outcomes = import_many(paths, out, jobs=jobs, force=force, console=err_console)
    if not outcomes:
        raise JianbaoError("没有找到可导入的文件（.txt .docx .doc .pdf）。")
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


def main() -> None:
    try:
        app()
    except JianbaoError as error:
        report(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err_console.print("已中断。")
        sys.exit(130)
    except Exception as error:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("JIANBAO_DEBUG"):
            raise
        err_console.print(
            f"[bold red]内部错误：[/]{_escape(type(error).__name__)}: {_escape(str(error))}"
            "（设置 JIANBAO_DEBUG=1 可看到详细信息，请报告此问题）"
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
