"""Which version to compare with: `--against sent|approved|FILE|HASH`, and the current manifest."""

from __future__ import annotations

from pathlib import Path

from jianbao_cli.errors import JianbaoError
from jianbao_cli.review import records
from jianbao_cli.review.changes import Version
from jianbao_cli.review.snapshots import Snapshot, list_snapshots


def current_version(workspace, document) -> Version:
    from jianbao_cli.model.digest import content_hash

    root = Path(document.path).parent
    return Version(document.issue, root, "当前稿", content_hash(document.issue, root))


def snapshot_version(snapshot: Snapshot, label: str) -> Version:
    from jianbao_cli.review.quickload import load_document

    document = load_document(snapshot.manifest_path, f"快照 {snapshot.key[:12]}")
    return Version(document.issue, snapshot.figure_root, label, snapshot.content_hash)


def _short_time(text: str) -> str:
    return text[:16].replace("T", " ")


def _by_key(workspace, issue_id: str, key: str) -> Snapshot | None:
    for snapshot in reversed(list_snapshots(workspace.state_dir, issue_id)):
        if snapshot.key == key:
            return snapshot
    return None


def last_sent(workspace, issue_id: str) -> Version | None:
    """What recipients last received: the newest `sent` row of the ledger, and its snapshot."""
    import sqlite3

    from jianbao_cli.delivery.ledger import LEDGER_FILE

    path = Path(workspace.state_dir) / LEDGER_FILE
    if not path.is_file():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        row = db.execute("SELECT content_hash, sent_at FROM deliveries WHERE issue = ? AND state = 'sent'"
                         " ORDER BY sent_at DESC LIMIT 1", (issue_id,)).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        db.close()
    if not row:
        return None
    chash, sent_at = row
    kept = [e for e in records.events(workspace.state_dir, issue_id) if e.content_hash == chash]
    snapshot = _by_key(workspace, issue_id, kept[-1].snapshot) if kept else None
    if snapshot is None:
        found = [s for s in list_snapshots(workspace.state_dir, issue_id) if s.content_hash == chash]
        snapshot = found[-1] if found else None
    if snapshot is None:
        raise JianbaoError(f"第 {issue_id} 期已发送过，但没有保存发送时的快照（可能是在启用审核功能之前发送的），"
                           "无法比较：可用 --against 指定文件。")
    return snapshot_version(snapshot, f"已发送版本（{_short_time(sent_at)}）")


def last_approved(workspace, issue_id: str) -> Version | None:
    approved = records.events(workspace.state_dir, issue_id, records.APPROVED)
    if not approved:
        return None
    event = approved[-1]
    snapshot = _by_key(workspace, issue_id, event.snapshot)
    if snapshot is None:
        raise JianbaoError(f"第 {issue_id} 期的签发快照 {event.snapshot[:12]} 不在 .jianbao/snapshots 中，无法比较。")
    return snapshot_version(snapshot, f"{event.by} {_short_time(event.at)} 签发的版本")


def against_version(workspace, issue_id: str, against: str | None) -> Version:
    """The version to compare the current manifest with (default: last sent, else last approved)."""
    if against in (None, ""):
        found = last_sent(workspace, issue_id) or last_approved(workspace, issue_id)
        if found is None:
            raise JianbaoError(f"第 {issue_id} 期既没有发送过也没有签发过，没有可比较的版本："
                               "可用 --against 文件 指定另一份清单。")
        return found
    if against == "sent":
        found = last_sent(workspace, issue_id)
        if found is None:
            raise JianbaoError(f"第 {issue_id} 期还没有发送过，没有“已发送”版本可比较。")
        return found
    if against == "approved":
        found = last_approved(workspace, issue_id)
        if found is None:
            raise JianbaoError(f"第 {issue_id} 期还没有签发过，没有“已签发”版本可比较。")
        return found
    path = Path(against)
    if path.is_file():
        from jianbao_cli.model.digest import content_hash
        from jianbao_cli.review.quickload import load_document

        document = load_document(path, workspace.display(path))
        return Version(document.issue, path.parent, workspace.display(path),
                       content_hash(document.issue, path.parent))
    text = against.lower()
    if len(text) >= 6 and all(c in "0123456789abcdef." for c in text):
        found = [s for s in list_snapshots(workspace.state_dir, issue_id) if s.key.startswith(text)]
        if not found:  # the version shown by `approve` and `approvals` is the sign-off's hash
            keys = [e.snapshot for e in records.events(workspace.state_dir, issue_id) if e.review_hash.startswith(text)]
            found = [s for s in list_snapshots(workspace.state_dir, issue_id) if s.key in keys]
        keys = {s.key for s in found}
        if len(keys) > 1 and len({s.content_hash for s in found}) > 1:
            raise JianbaoError(f"--against {against} 对应多个快照，请多写几位。")
        if found:
            return snapshot_version(found[-1], f"快照 {found[-1].key[:12]}（{_short_time(found[-1].taken_at)}）")
        raise JianbaoError(f"--against {against}：第 {issue_id} 期没有这个哈希的快照，也没有这个文件。")
    raise JianbaoError(f"--against {against}：找不到这个文件；应为 sent、approved、清单文件或快照哈希。")
