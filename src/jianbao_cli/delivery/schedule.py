"""Scheduled sending (`jianbao send --due`): which issues are due, and a fair order of rounds.

An issue is due when its `send_at` has passed and someone on its lists has not been handled yet. A
schedule missed by more than `review.max_lateness` is not sent (a late bulletin is worse than a person
deciding); unknown outcomes and permanent failures are left for a person too, and reported.
"""

from __future__ import annotations

import datetime as dt

from jianbao_cli.delivery import ledger as L
from jianbao_cli.delivery.send import Reporter, SendOptions, load_plan, send_issue, zone
from jianbao_cli.errors import EXIT_AUTH, EXIT_FAILED, EXIT_INPUT, EXIT_OK, EXIT_TEMPFAIL, JianbaoError


def _as_aware(value: dt.datetime, tz_name: str) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=zone(tz_name))
    return value


def due_issue_ids(workspace, now: dt.datetime | None = None, reporter: Reporter | None = None) -> tuple[list[str], int]:
    """Issues whose `send_at` has passed and that are not completely handled, and an exit status for
    what a person must look at: manifests that could not be read, schedules missed by more than
    `review.max_lateness` (2), scheduled issues with unknown outcomes or permanent failures (1)."""
    from jianbao_cli.review.gate import describe_hours, lateness

    reporter = reporter or Reporter()
    now = now or dt.datetime.now(dt.timezone.utc)
    status = EXIT_OK
    due: list[str] = []
    ledger_path = workspace.state_dir / L.LEDGER_FILE
    ledger = L.Ledger(ledger_path) if ledger_path.is_file() else None
    try:
        for issue_id in workspace.issue_ids():
            try:
                document = workspace.load_issue(issue_id)
            except JianbaoError as error:
                # A manifest nobody scheduled may be unfinished; only complain about scheduled ones.
                if _declares_send_at(workspace, issue_id):
                    for line in error.problems:
                        reporter.warn(f"第 {issue_id} 期：{line}")
                    status = max_status(status, error.exit_code)
                continue
            send_at = document.issue.send_at
            if send_at is None or _as_aware(send_at, workspace.settings.timezone) > now:
                continue
            try:
                _, plan = load_plan(workspace, str(issue_id), SendOptions(due=True))
            except JianbaoError as error:
                for line in error.problems:
                    reporter.warn(f"第 {issue_id} 期：{line}")
                status = max_status(status, error.exit_code)
                continue
            rows = ledger.row_map(str(issue_id)) if ledger else {}
            states = [rows[t.key].state if t.key in rows else None for t in plan.targets]
            open_states = (None, L.PENDING, L.TEMP_FAIL, L.ATTEMPTING)
            if any(state in open_states for state in states):
                late = lateness(workspace, _as_aware(send_at, workspace.settings.timezone), now)
                if late is None:
                    due.append(str(issue_id))
                    continue
                reporter.warn(
                    f"第 {issue_id} 期定时发送时间 {send_at.isoformat(sep=' ', timespec='minutes')} 已过去"
                    f" {describe_hours(late)}，超过 review.max_lateness（"
                    f"{describe_hours(workspace.settings.review.max_lateness)}），为免迟发，定时任务不再发送："
                    f"仍要发送请确认后手动运行 jianbao send {issue_id}，或修改 send_at。"
                )
                status = max_status(status, EXIT_INPUT)
                continue
            unknown = sum(state in (L.UNKNOWN, L.ATTEMPTING) for state in states)
            failed = sum(state == L.PERM_FAIL for state in states)
            if unknown or failed:
                parts = ([f"{unknown} 人结果不明"] if unknown else []) + ([f"{failed} 人永久失败"] if failed else [])
                reporter.warn(f"第 {issue_id} 期仍有{'、'.join(parts)}，定时任务不会处理：详见 jianbao status {issue_id}。")
                status = max_status(status, EXIT_FAILED)
    finally:
        if ledger:
            ledger.close()
    return due, status


def _declares_send_at(workspace, issue_id) -> bool:
    try:
        return "send_at:" in workspace.issue_path(issue_id).read_text(encoding="utf-8")
    except OSError:
        return False


_SEVERITY = {EXIT_OK: 0, EXIT_TEMPFAIL: 1, EXIT_FAILED: 2, EXIT_INPUT: 3, EXIT_AUTH: 4}


def max_status(a: int, b: int) -> int:
    return a if _SEVERITY.get(a, 3) >= _SEVERITY.get(b, 3) else b


def send_due(workspace, options: SendOptions, reporter: Reporter | None = None,
             now: dt.datetime | None = None) -> int:
    """Every due issue gets its first delivery round before any issue's temporary failures are
    retried, so one slow server (greylisting) cannot hold back another issue's schedule."""
    reporter = reporter or Reporter()
    due, status = due_issue_ids(workspace, now, reporter)
    if not due:
        if status == EXIT_OK:
            reporter.info("没有到期待发送的期刊。")
        return status
    retry_later: list[str] = []
    for retries, issue_ids in ((False, due), (True, retry_later)):
        for issue_id in issue_ids:
            if not retries:
                reporter.info(f"第 {issue_id} 期已到发送时间，开始发送。")
            try:
                code = send_issue(workspace, issue_id, SendOptions(yes=True, due=True, dry_run=options.dry_run,
                                                                   retries=retries), reporter)
            except JianbaoError as error:
                for line in error.problems:
                    reporter.warn(f"第 {issue_id} 期：{line}")
                code = error.exit_code
                if code == EXIT_AUTH:
                    return EXIT_AUTH  # the same credentials would fail for every issue
            if code == EXIT_TEMPFAIL and not retries:
                retry_later.append(issue_id)
            else:
                status = max_status(status, code)
    return status
