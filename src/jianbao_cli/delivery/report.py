"""Showing a run and the ledger to people: the confirmation screen, progress lines, `status`."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator

from jianbao_cli.delivery import ledger as L
from jianbao_cli.delivery.send import Prepared, Reporter, SendOptions

STATE_STYLE = {
    L.SENT: "green",
    L.PENDING: "dim",
    L.ATTEMPTING: "yellow",
    L.TEMP_FAIL: "yellow",
    L.PERM_FAIL: "red",
    L.UNKNOWN: "magenta",
}


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class ConsoleReporter(Reporter):
    def __init__(self, console, err_console, *, quiet: bool = False):
        self.console = console
        self.err = err_console
        self.quiet = quiet

    def interactive(self) -> bool:
        return sys.stdin.isatty()

    def info(self, text: str) -> None:
        from rich.markup import escape

        self.console.print(escape(text))

    def warn(self, text: str) -> None:
        from rich.markup import escape

        self.err.print(f"[yellow]注意：[/]{escape(text)}")

    def result(self, target, state: str, reply: str) -> None:
        from rich.markup import escape

        if self.quiet and state == L.SENT:
            return
        style = STATE_STYLE.get(state, "")
        line = f"[{style}]{L.STATE_LABELS[state]}[/] {escape(target.name)} <{escape(target.email)}>"
        if state != L.SENT:
            line += f"  {escape(reply)}"
        if state == L.TEMP_FAIL:
            line += "（稍后重试）"
        (self.console if state == L.SENT else self.err).print(line)

    @contextmanager
    def round(self, issue_id: str, total: int) -> Iterator[Callable[[], None]]:
        """A bar on the terminal while a round goes out. Only when stdout is the terminal too: the bar
        takes over the screen's output, and lines meant for a log file must not come to the screen."""
        from jianbao_cli.progress import progress_bar

        show = self.console.is_terminal and total > 1
        with progress_bar(self.err, f"第 {issue_id} 期发送", total, show=show) as advance:
            yield lambda: advance(1)

    def confirm(self, prepared: Prepared) -> bool:
        import typer
        from rich.markup import escape
        from rich.table import Table

        issue = prepared.document.issue
        selected = {t.key for t in prepared.selected}
        table = Table(title=f"{issue.series} {issue.issue_line()} 将发送给", show_lines=False)
        table.add_column("名单")
        table.add_column("收件人")
        for key, label, people in prepared.plan.groups:
            names = [
                f"{escape(p.name)} <{escape(p.email)}>" + ("" if p.key in selected else " [dim]（跳过）[/]")
                for p in people
            ]
            table.add_row(f"{key}：{escape(label)}", "\n".join(names))
        self.console.print(table)
        for attachment in prepared.attachments:
            self.console.print(f"附件：{escape(attachment.filename)}（{human_size(len(attachment.data))}）")
        cfg = prepared.config
        self.console.print(
            f"共 {len(prepared.selected)} 封邮件（每人一封），经 {escape(cfg.host)}:{cfg.port}（{cfg.security}）"
            f"从 {escape(cfg.sender_text or '')} 发出。"
        )
        return typer.confirm("确认发送？", default=False)


def summary_line(counts: dict, total: int) -> str:
    parts = [f"已发送 {counts.get(L.SENT, 0)}/{total}"]
    for state in (L.PERM_FAIL, L.TEMP_FAIL, L.UNKNOWN, L.ATTEMPTING, L.PENDING):
        if counts.get(state):
            parts.append(f"{L.STATE_LABELS[state]} {counts[state]}")
    if counts.get("not_sent"):
        parts.append(f"未发送 {counts['not_sent']}")
    return "，".join(parts)


def _entry(row, chash: str | None) -> dict:
    data = row.to_json()
    data["current_content"] = chash is None or row.content_hash == chash
    if row.state == L.SENT and not data["current_content"]:
        data["state_label"] = "已发送（较早版本）"
    return data


def status_data(workspace, issue_id: str) -> dict:
    from jianbao_cli.delivery.send import load_plan
    from jianbao_cli.errors import JianbaoError
    from jianbao_cli.ids import IssueId

    issue_id = str(IssueId.parse(issue_id))
    rows: dict = {}
    path = workspace.state_dir / L.LEDGER_FILE
    if path.is_file():
        with L.Ledger(path) as ledger:
            rows = ledger.row_map(issue_id)
    problems: list[str] = []
    groups = []
    seen: set[str] = set()
    chash = None
    review = None
    try:
        document, plan = load_plan(workspace, issue_id, SendOptions())
        from jianbao_cli.authoring import review_label

        review = review_label(workspace, document)
        from jianbao_cli.delivery.message import content_hash

        chash = content_hash(document.issue, document.path.parent)
    except JianbaoError as error:
        if not rows:
            raise
        plan = None
        problems = error.problems
    if plan is not None:
        for key, label, people in plan.groups:
            entries = []
            for person in people:
                seen.add(person.key)
                row = rows.get(person.key)
                entries.append(_entry(row, chash) if row else {"address": person.email, "name": person.name,
                                                                "state": "not_sent", "state_label": "未发送"})
            groups.append({"key": key, "label": label, "people": entries})
    others = [_entry(row, chash) for address, row in rows.items() if address not in seen]
    if others:
        groups.append({"key": None, "label": "（不在当前名单中）", "people": others})
    counts = {state: 0 for state in L.STATES}
    for row in rows.values():
        counts[row.state] = counts.get(row.state, 0) + 1
    total = len(plan.targets) if plan is not None else len(rows)
    if plan is not None:
        counts["not_sent"] = sum(1 for t in plan.targets if t.key not in rows)
    return {"issue": issue_id, "timezone": workspace.settings.timezone, "total": total, "counts": counts, "groups": groups,
            "problems": problems, "review": review}


def print_status(console, data: dict) -> None:
    from rich.markup import escape
    from rich.table import Table

    counts = data["counts"]
    table = Table(title=f"第 {data['issue']} 期发送记录")
    longest = max((len(p["address"]) for g in data["groups"] for p in g["people"]), default=10)
    # An address is never broken across lines (a clerk copies it); the label and reply fold instead.
    table.add_column("名单", overflow="fold", ratio=2)
    table.add_column("收件人", no_wrap=True)
    table.add_column("地址", no_wrap=True, min_width=longest)
    table.add_column("状态", no_wrap=True)
    table.add_column("时间", no_wrap=True)
    table.add_column("服务器答复", overflow="fold", ratio=3)
    for group in data["groups"]:
        title = f"{group['key']}：{group['label']}" if group["key"] else group["label"]
        for index, person in enumerate(group["people"]):
            state = person["state"]
            style = STATE_STYLE.get(state, "dim")
            table.add_row(
                escape(title) if index == 0 else "",
                escape(person["name"]),
                escape(person["address"]),
                f"[{style}]{person['state_label']}[/]",
                escape(L.local_time(person.get("sent_at") or person.get("updated_at"), data.get("timezone", "Asia/Shanghai"))),
                escape(person.get("reply") or ""),
            )
    console.print(table)
    console.print(summary_line(counts, data["total"]))
    if data.get("review"):
        console.print(f"审核：{escape(data['review'])}")
    for problem in data["problems"]:
        console.print(f"[yellow]注意：[/]{escape(problem)}")


def status_overview(workspace) -> list[dict]:
    """One row per issue of the workspace or the ledger: {issue, total, counts, summary}."""
    from jianbao_cli.delivery.summary import delivery_counts, delivery_summary

    ledger = delivery_counts(workspace)
    ids = sorted({str(i) for i in workspace.issue_ids()} | set(ledger))
    rows = []
    for issue_id in ids:
        counts = ledger.get(issue_id, {})
        rows.append({
            "issue": issue_id,
            "total": sum(counts.values()),
            "counts": counts,
            "summary": delivery_summary(workspace, issue_id, counts) or "未发送",
        })
    return rows


def print_overview(console, rows: list[dict]) -> None:
    from rich.table import Table

    if not rows:
        console.print("工作区里还没有期刊：用 jianbao new 新建。")
        return
    table = Table("期号", "人数", "已发送", "永久失败", "临时失败", "结果不明", "概况")
    for row in rows:
        counts = row["counts"]
        numbers = [counts.get(state, 0) for state in (L.SENT, L.PERM_FAIL, L.TEMP_FAIL, L.UNKNOWN)]
        table.add_row(row["issue"], str(row["total"]), *[str(n) if n else "" for n in numbers], row["summary"])
    console.print(table)
