"""The orchestrator: plan → render → outbox → ledger → SMTP, for one issue or every due issue.

Order of a run (`send_issue`):
 1. load the manifest, recipients and mail settings; collect every problem before anything is sent;
 2. take the issue lock (a second run on the same issue stops here, exit 75);
 3. rows left `attempting` by a dead run become `unknown`;
 4. choose who is sent to now (see `_select`), render if needed, encode the attachments once;
 5. confirm (unless --yes), get the password, then one SMTP transaction per recipient, each message
    built just before it is sent; temporary failures retried with backoff until the deadline, which
    bounds the whole run (see `_deliver_all`);
 6. the exit status is derived from the ledger rows of the planned recipients.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from jianbao_cli.delivery import ledger as L
from jianbao_cli.errors import EXIT_FAILED, EXIT_INPUT, EXIT_OK, EXIT_TEMPFAIL, JianbaoError

MAX_BACKOFF = 600.0
MAX_ROUNDS = 30


@dataclass
class SendOptions:
    yes: bool = False
    dry_run: bool = False
    only: list[str] = field(default_factory=list)
    to: list[str] = field(default_factory=list)
    force: bool = False
    resend_unknown: bool = False
    due: bool = False  # scheduled: perm_fail and unknown rows are left for a person to decide
    retries: bool = True  # False: one round only, temporary failures are left for a later pass


class Reporter:
    """What a run tells the user; the CLI overrides these with Rich output."""

    def info(self, text: str) -> None:
        pass

    def warn(self, text: str) -> None:
        pass

    def result(self, target, state: str, reply: str) -> None:
        pass

    def confirm(self, prepared: "Prepared") -> bool:
        return False

    @contextmanager
    def round(self, issue_id: str, total: int) -> Iterator[Callable[[], None]]:
        """A round of deliveries: yields `advance()`, called as each recipient's result is known."""
        yield lambda: None

    def interactive(self) -> bool:
        return False


@dataclass
class Prepared:
    """Everything known before the first message goes out."""

    workspace: object
    document: object
    plan: object
    config: object
    chash: str
    docx: Path | None = None
    attachments: list = field(default_factory=list)
    selected: list = field(default_factory=list)  # targets to send to in this run
    skipped: dict[str, list] = field(default_factory=dict)  # state → targets not sent now
    unknown_now: list[str] = field(default_factory=list)  # addresses found `attempting`

    @property
    def issue_id(self) -> str:
        return str(self.document.issue.id)

    @property
    def attachment_bytes(self) -> int:
        return sum(len(a.data) for a in self.attachments)


def zone(name: str):
    """The settings' time zone; `Settings` has already refused names that are not time zones."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


# --- preparation ---------------------------------------------------------------------------------


def load_plan(workspace, issue_id: str, options: SendOptions):
    from jianbao_cli.delivery.plan import build_plan
    from jianbao_cli.recipients import load_recipients

    document = workspace.load_issue(issue_id)
    document.require_articles()
    problems: list = []
    recipients = load_recipients(workspace.recipients_path, workspace.display(workspace.recipients_path),
                                 collect=problems)
    plan = build_plan(document, recipients, only=options.only, to=options.to, recipient_problems=problems)
    return document, plan


def ensure_rendered(workspace, issue_id: str) -> Path:
    """The rendered .docx, rendering it first when missing or older than the manifest."""
    from jianbao_cli.render import is_rendered_current, render_issue

    if is_rendered_current(workspace, issue_id):  # False when the file is missing
        return workspace.rendered_docx(issue_id)
    return render_issue(workspace, issue_id)


def attachments_for(workspace, prepared: Prepared, warn=None) -> list:
    from jianbao_cli.delivery.message import Attachment, attachment_stem

    issue = prepared.document.issue
    docx = ensure_rendered(workspace, prepared.issue_id)
    prepared.docx = docx
    stem = attachment_stem(issue)
    result = [Attachment.from_file(docx, f"{stem}.docx")]
    if prepared.config.attach_pdf:
        pdf = docx.with_suffix(".pdf")
        if not pdf.is_file() or pdf.stat().st_mtime_ns < docx.stat().st_mtime_ns:
            from jianbao_cli.render.pdf import export_pdfs

            pdfs = export_pdfs([docx], docx.parent, layout=workspace.settings.layout, warn=warn)
            pdf = Path(pdfs[0]) if pdfs else pdf
        if not pdf.is_file():
            raise JianbaoError(f"设置要求附上 PDF（mail.attach_pdf），但第 {prepared.issue_id} 期的 PDF 没有生成。")
        result.append(Attachment.from_file(pdf, f"{stem}.pdf"))
    return result


def _select(prepared: Prepared, rows: dict, options: SendOptions) -> None:
    """Who is sent to now. Never again without an option: sent (--force), unknown (--resend-unknown).
    Scheduled runs (--due) also leave permanent failures alone."""
    prepared.selected = []
    prepared.skipped = {}
    for target in prepared.plan.targets:
        row = rows.get(target.key)
        state = row.state if row else None
        if state in (None, L.PENDING, L.TEMP_FAIL):
            send = True
        elif state == L.PERM_FAIL:
            send = not options.due
        elif state == L.SENT:
            send = options.force
            if not send and row.content_hash != prepared.chash:
                state = "sent_old"  # an earlier version: still not resent without --force
        elif state in (L.UNKNOWN, L.ATTEMPTING):
            send = options.resend_unknown
        else:
            send = False
        if send:
            prepared.selected.append(target)
        else:
            prepared.skipped.setdefault(state, []).append(target)


def exit_status_for(rows: dict, targets) -> int:
    states = [rows[t.key].state if t.key in rows else L.PENDING for t in targets]
    if any(s in (L.PERM_FAIL, L.UNKNOWN, L.ATTEMPTING) for s in states):
        return EXIT_FAILED
    if any(s in (L.PENDING, L.TEMP_FAIL) for s in states):
        return EXIT_TEMPFAIL
    return EXIT_OK


def _factory(prepared: Prepared):
    """Builds each message when it is sent: the attachments are encoded once, per recipient only the
    headers and text parts are, so memory does not grow with the number of recipients."""
    from jianbao_cli.delivery.message import MessageFactory

    return MessageFactory(prepared.document.issue, sender=prepared.config.require_sender(),
                          attachments=prepared.attachments, chash=prepared.chash,
                          domain=prepared.config.msgid_domain, tz=zone(prepared.workspace.settings.timezone))


# --- one issue -------------------------------------------------------------------------------------


def send_issue(workspace, issue_id: str, options: SendOptions, reporter: Reporter | None = None) -> int:
    from jianbao_cli.delivery import config as mail_config
    from jianbao_cli.delivery.lock import IssueLock
    from jianbao_cli.delivery.message import content_hash

    reporter = reporter or Reporter()
    document, plan = load_plan(workspace, issue_id, options)
    issue_id = str(document.issue.id)
    config = mail_config.resolve(workspace.settings)
    config.require_sender()
    prepared = Prepared(workspace, document, plan, config, content_hash(document.issue, document.path.parent))

    if options.dry_run:
        return _dry_run(prepared, options, reporter)

    from jianbao_cli.review.gate import check_sign_off

    check_sign_off(workspace, document, reporter)  # review.required: no unsigned or changed content (exit 2)

    if not options.yes and not reporter.interactive():
        raise JianbaoError("没有终端可以确认：无人值守运行（cron、systemd）请加 --yes；先看会发给谁可用 --dry-run。")
    password = config.password()  # missing credentials end the run here, before anything else

    with IssueLock(workspace.state_dir, issue_id), L.Ledger.open(workspace) as ledger:
        prepared.unknown_now = ledger.mark_interrupted(issue_id)
        for address in prepared.unknown_now:
            reporter.warn(f"{address}：上次运行在发送途中中断，结果不明，未重发（确认对方没收到后可用 --resend-unknown）")
        _select(prepared, ledger.row_map(issue_id), options)
        if not prepared.selected:
            _report_skipped(prepared, reporter)
            rows = ledger.row_map(issue_id)
            _report_end(prepared, rows, reporter)
            return exit_status_for(rows, plan.targets)
        prepared.attachments = attachments_for(workspace, prepared, reporter.warn)
        if not options.yes and not reporter.confirm(prepared):
            reporter.info("已取消，未发送任何邮件。")
            return EXIT_INPUT
        factory = _factory(prepared)
        # Everyone on the issue's list gets a row (also with --only/--to), so `list` and `status` count
        # against the whole list: 已发送 9/15 after `--only 送`.
        everyone = _full_list(workspace, issue_id, plan, options)
        ids = {t.key: _mid(prepared, t) for t in everyone}
        ledger.ensure_pending(issue_id, everyone, prepared.chash, ids)
        _report_skipped(prepared, reporter)
        from jianbao_cli.review.signoff import record_sending

        record_sending(workspace, document)  # the snapshot of what goes out, for `jianbao diff`
        _deliver_all(prepared, factory, ledger, password, reporter, retries=options.retries)
        rows = ledger.row_map(issue_id)
        _report_end(prepared, rows, reporter)
        return exit_status_for(rows, plan.targets)


def _full_list(workspace, issue_id: str, plan, options: SendOptions) -> list:
    if not options.only and not options.to:
        return plan.targets
    try:
        return load_plan(workspace, issue_id, SendOptions())[1].targets
    except JianbaoError:
        return plan.targets


def _report_end(prepared: Prepared, rows: dict, reporter: Reporter) -> None:
    from jianbao_cli.delivery.report import summary_line

    counts: dict[str, int] = {}
    for target in prepared.plan.targets:
        state = rows[target.key].state if target.key in rows else "not_sent"
        counts[state] = counts.get(state, 0) + 1
    reporter.info(f"第 {prepared.issue_id} 期：{summary_line(counts, len(prepared.plan.targets))}。")
    if counts.get(L.TEMP_FAIL) or counts.get(L.PENDING):
        reporter.warn(f"仍有临时失败：稍后再运行 jianbao send {prepared.issue_id} 会只发给尚未收到的人。")
    if counts.get(L.UNKNOWN):
        reporter.warn("结果不明的人未重发：确认对方没有收到后，可用 --resend-unknown 重发（同一 Message-ID）。")
    if counts.get(L.PERM_FAIL):
        reporter.warn(f"永久失败的地址请核对 data/recipients.yaml；详情见 jianbao status {prepared.issue_id}。")


def _mid(prepared: Prepared, target) -> str:
    from jianbao_cli.delivery.message import message_id

    return message_id(prepared.issue_id, prepared.chash, target.email, prepared.config.msgid_domain)


def _report_skipped(prepared: Prepared, reporter: Reporter) -> None:
    notes = {
        L.SENT: "已发送过同一内容，跳过（重发请加 --force）",
        "sent_old": "已收到本期较早的版本，跳过（要把修改后的版本再发给他们请加 --force）",
        L.UNKNOWN: "上次结果不明，未重发（确认后可用 --resend-unknown）",
        L.ATTEMPTING: "上次结果不明，未重发（确认后可用 --resend-unknown）",
        L.PERM_FAIL: "上次永久失败，定时发送不再重试（请人工处理后手动发送）",
    }
    for state, targets in prepared.skipped.items():
        note = notes.get(state, "跳过")
        names = "、".join(f"{t.name} <{t.email}>" for t in targets[:5]) + ("等" if len(targets) > 5 else "")
        reporter.info(f"{len(targets)} 人{note}：{names}")


def _deliver_all(prepared: Prepared, factory, ledger, password, reporter: Reporter,
                 retries: bool = True) -> None:
    """Rounds of one transaction per recipient, temporary failures retried with backoff.

    The deadline (`retry_deadline_minutes`, when above 0) bounds the whole run, inside a round too:
    once it has passed nobody else is tried, and every socket wait is cut to what is left of it.
    A round also stops after `max_connection_failures` consecutive failures to connect, or (while
    nobody has been sent to in this run) consecutive connections that broke or timed out.
    Whoever was not tried is left as a temporary failure for the next run. Without `retries` (the
    first pass of `send --due`) there is one round only.
    """
    from jianbao_cli.delivery import crash
    from jianbao_cli.delivery.pacing import Pacer, run_clock
    from jianbao_cli.delivery.smtp import PERM, SENT, TEMP, UNKNOWN, Session

    config = prepared.config
    issue_id = prepared.issue_id
    sender = config.require_sender().addr_spec
    clock = run_clock()
    bounded = config.retry_deadline_seconds > 0  # 0: one pass, no retries, no cut-off inside it
    deadline = clock.monotonic() + config.retry_deadline_seconds
    session = Session(config, password, clock=clock, deadline=deadline if bounded else None,
                      known_server=ledger.has_reached(config.host, config.port),
                      on_connect=lambda: ledger.record_reached(config.host, config.port))
    pacer = Pacer(config.rate_per_minute, clock)
    limit = max(1, config.max_connection_failures)
    queue = list(prepared.selected)
    rounds = 0
    any_sent = False
    try:
        while queue:
            retry = []
            left: list = []  # not tried in this round
            why = ""
            failures_in_row = 0
            with reporter.round(issue_id, len(queue)) as advance:
                for index, target in enumerate(queue):
                    pacer.wait()
                    if bounded and clock.monotonic() >= deadline:
                        left, why = queue[index:], "已到发送期限（mail.retry_deadline_minutes）"
                        break
                    built = factory.build(target)

                    def before_data(target=target, built=built):
                        ledger.set_state(issue_id, target.key, L.ATTEMPTING, chash=prepared.chash,
                                         message_id=built.message_id)

                    outcome = session.deliver(sender, target.email, built.parts, before_data)
                    state = {SENT: L.SENT, TEMP: L.TEMP_FAIL, PERM: L.PERM_FAIL, UNKNOWN: L.UNKNOWN}[outcome.kind]
                    ledger.set_state(issue_id, target.key, state, reply=outcome.reply)
                    if state == L.SENT:
                        any_sent = True
                        crash.point("after_sent")
                    reporter.result(target, state, outcome.reply)
                    advance()
                    if state == L.TEMP_FAIL:
                        retry.append(target)
                    if outcome.connection_failed:
                        failures_in_row += 1
                    elif outcome.connection_lost and not any_sent:
                        failures_in_row += 1
                    else:
                        failures_in_row = 0
                    if failures_in_row >= limit:
                        left = queue[index + 1:]
                        why = f"连续 {failures_in_row} 次连接失败（mail.max_connection_failures）：{outcome.reply}"
                        break
            for rest in left:
                ledger.set_state(issue_id, rest.key, L.TEMP_FAIL, reply=f"未尝试：{why}")
                retry.append(rest)
            if left:
                reporter.warn(f"{why}，本轮其余 {len(left)} 人记为临时失败。")
            queue = retry
            if not queue:
                break
            if not retries:
                reporter.info(f"{len(queue)} 人临时失败，先发送其他到期的期刊，随后重试。")
                break
            delay = min(config.retry_backoff_seconds * (2**rounds), MAX_BACKOFF)
            rounds += 1
            if rounds > MAX_ROUNDS or clock.monotonic() + delay > deadline:
                reporter.warn(f"{len(queue)} 人临时失败，已到重试期限；稍后再运行 jianbao send {issue_id} 会继续发送。")
                break
            reporter.info(f"{len(queue)} 人临时失败，{delay:g} 秒后第 {rounds} 次重试……")
            session.close()  # a fresh connection for the retry
            clock.sleep(delay)
    finally:
        session.close()


# --- dry run -----------------------------------------------------------------------------------------


def _dry_run(prepared: Prepared, options: SendOptions, reporter: Reporter) -> int:
    from jianbao_cli.fsutil import atomic_open

    workspace = prepared.workspace
    issue_id = prepared.issue_id
    rows = {}
    ledger_path = workspace.state_dir / L.LEDGER_FILE
    if ledger_path.is_file():
        with L.Ledger(ledger_path) as ledger:
            rows = ledger.row_map(issue_id)
    _select(prepared, rows, options)
    _report_skipped(prepared, reporter)
    if not prepared.selected:
        reporter.info("本次没有需要发送的收件人，未写出邮件。")
        return EXIT_OK
    prepared.attachments = attachments_for(workspace, prepared, reporter.warn)
    factory = _factory(prepared)
    folder = workspace.outbox_dir / issue_id
    folder.mkdir(parents=True, exist_ok=True)
    written = set()
    # Each file replaces its old version atomically; stale ones go only once all new ones exist.
    for number, target in enumerate(prepared.selected, 1):
        path = folder / f"{number:03d}-{target.key}.eml"
        with atomic_open(path) as handle:
            for part in factory.build(target).parts:
                handle.write(part)
        written.add(path.name)
    for old in folder.glob("*.eml"):
        if old.name not in written:
            old.unlink()
    reporter.info(
        f"试运行：{len(prepared.selected)} 封邮件已写入 {workspace.display(folder)}，未发送任何邮件。"
    )
    return EXIT_OK
