"""审核签发: who approved which content when, and what state an issue is in for review.

The hash of a sign-off is the ledger's content hash plus what else the reader sees: the template,
the layout settings, the distribution and the number of copies printed in the 报尾. Changing any of
them after a sign-off makes the issue `审后有改动`; moving `send_at` does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import JianbaoError
from jianbao_cli.review import records
from jianbao_cli.review.snapshots import take_snapshot


def reader_extra(workspace, issue) -> dict:
    """What the reader sees beyond the manifest's content: template bytes, layout, 报尾 lines."""
    from jianbao_cli.model.digest import file_digest

    template = workspace.template_path
    return {
        "template": file_digest(template) if template.is_file() else None,
        "layout": workspace.settings.layout.model_dump(mode="json"),
        "distribution": issue.distribution.model_dump(mode="json", by_alias=True),
        "copies": issue.copies,
    }


def hashes(workspace, document) -> tuple[str, str]:
    """(content hash as the ledger keys it, review hash as sign-offs key it)."""
    from jianbao_cli.model.digest import content_hash

    issue, root = document.issue, Path(document.path).parent
    return content_hash(issue, root), content_hash(issue, root, extra=reader_extra(workspace, issue))


def _now(workspace, now: dt.datetime | None = None) -> dt.datetime:
    from zoneinfo import ZoneInfo

    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(ZoneInfo(workspace.settings.timezone)).replace(microsecond=0)


def _keep(workspace, document, kind: str, by: str | None = None, note: str | None = None,
          now: dt.datetime | None = None) -> records.Event:
    chash, rhash = hashes(workspace, document)
    snapshot = take_snapshot(workspace.state_dir, document, chash)
    event = {"issue": str(document.issue.id), "kind": kind, "at": _now(workspace, now).isoformat(),
             "snapshot": snapshot.key, "content_hash": chash, "review_hash": rhash, "by": by, "note": note}
    records.add_event(workspace.state_dir, event)
    return records.events(workspace.state_dir, event["issue"], kind)[-1]


def approve(workspace, issue_id: str, by: str, note: str | None = None, now: dt.datetime | None = None) -> records.Event:
    """Record that `by` signed off the issue as it is now (and keep a snapshot of it)."""
    by = (by or "").strip()
    if not by or "\n" in by:
        raise JianbaoError("签发人姓名不能为空，也不能换行：如 --by 王主任。")
    if note is not None and "\n" in note:
        raise JianbaoError("--note 请写在一行内。")
    document = workspace.load_issue(issue_id)
    return _keep(workspace, document, records.APPROVED, by, note or None, now)


def record_sending(workspace, document) -> records.Event:
    """Called by `send` before a run delivers: keep the snapshot of what goes out."""
    return _keep(workspace, document, records.SENDING)


def approvals(workspace, issue_id: str) -> list[records.Event]:
    from jianbao_cli.ids import IssueId

    from jianbao_cli.workspace import STATE_DIR

    # Not workspace.state_dir: reading must not create the folder (`jianbao list` in a fresh workspace).
    return records.events(Path(workspace.root) / STATE_DIR, str(IssueId.parse(issue_id)), records.APPROVED)


@dataclass
class ReviewState:
    """`待审`, `已审 王主任 10-27 16:05` or `审后有改动`, with the details behind it."""

    status: str  # pending | approved | changed
    required: int
    current: list[records.Event] = field(default_factory=list)  # sign-offs of the current content
    latest: records.Event | None = None  # the latest sign-off of any content

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(e.by for e in self.current))

    @property
    def label(self) -> str:
        if self.status == "approved":
            when = dt.datetime.fromisoformat(self.current[-1].at).strftime("%m-%d %H:%M")
            return f"已审 {'、'.join(self.names)} {when}"
        if self.status == "changed":
            return "审后有改动"
        if self.names:
            return f"待审（已签 {len(self.names)}/{self.required}：{'、'.join(self.names)}）"
        return "待审"

    def to_json(self) -> dict:
        return {"status": self.status, "label": self.label, "required": self.required, "names": self.names,
                "approvals": [e.to_json() for e in self.current],
                "latest": self.latest.to_json() if self.latest else None}


def review_state(workspace, document) -> ReviewState:
    required = workspace.settings.review.approvers
    every = approvals(workspace, str(document.issue.id))
    if not every:
        return ReviewState("pending", required)
    _, rhash = hashes(workspace, document)
    current = [e for e in every if e.review_hash == rhash]
    if len({e.by for e in current}) >= required:
        return ReviewState("approved", required, current, every[-1])
    if not current:
        return ReviewState("changed", required, current, every[-1])
    return ReviewState("pending", required, current, every[-1])
