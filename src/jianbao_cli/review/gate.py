"""What `send` asks of review: a sign-off of the current content when `review.required` is set, and
for scheduled runs, a `send_at` that is not older than `review.max_lateness`."""

from __future__ import annotations

import datetime as dt

from jianbao_cli.errors import JianbaoError


def check_sign_off(workspace, document, reporter=None) -> None:
    """Raise (exit 2) when review is required and the current content is not signed off; when it was
    changed after the sign-off, first show the summary of what changed since."""
    from jianbao_cli.review.signoff import review_state

    settings = workspace.settings.review
    if not settings.required:
        return
    issue_id = str(document.issue.id)
    state = review_state(workspace, document)
    if state.status == "approved":
        return
    approve_hint = f"jianbao approve {issue_id} --by 姓名"
    if state.status == "changed":
        latest = state.latest
        lines = _changes_since_approval(workspace, document)
        if reporter is not None:
            reporter.warn(f"第 {issue_id} 期自 {latest.by} {latest.at[:16].replace('T', ' ')} 签发以来的改动"
                          "（jianbao diff " + issue_id + " --against approved 可看全文）：")
            for line in lines or ["正文未改动；模板、版式设置或报尾（分发名单、印数）有改动"]:
                reporter.warn("  " + line)
        raise JianbaoError(f"第 {issue_id} 期在签发后有改动，未发送：请签发人审阅改动后重新签发（{approve_hint}）；"
                           f"设置 review.required 要求发送的内容必须经过签发。")
    if state.names:
        raise JianbaoError(f"第 {issue_id} 期需要 {state.required} 人签发，目前只有 {len(state.names)} 人"
                           f"（{'、'.join(state.names)}），未发送：请另一位签发人运行 {approve_hint}。")
    raise JianbaoError(f"第 {issue_id} 期尚未签发，未发送：设置 review.required 要求先由领导审阅签发（{approve_hint}）；"
                       f"试运行 jianbao send {issue_id} --dry-run 不需要签发。")


def _changes_since_approval(workspace, document) -> list[str]:
    from jianbao_cli.review.changes import diff
    from jianbao_cli.review.present import summary_lines
    from jianbao_cli.review.versions import current_version, last_approved

    try:
        old = last_approved(workspace, str(document.issue.id))
    except JianbaoError as error:
        return [str(error)]
    if old is None:
        return []
    return summary_lines(diff(old, current_version(workspace, document)))


def lateness(workspace, send_at: dt.datetime, now: dt.datetime) -> dt.timedelta | None:
    """How far past `send_at` plus `review.max_lateness` the run is, or None when it may still go."""
    late = now - send_at
    return late if late > workspace.settings.review.max_lateness else None


def describe_hours(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} 小时".replace(".0 小时", " 小时")
