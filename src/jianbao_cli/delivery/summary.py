"""`delivery_summary()`: one short line for `jianbao list`. Light imports, opens the ledger read-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from jianbao_cli.delivery.ledger import LEDGER_FILE
from jianbao_cli.workspace import STATE_DIR


def delivery_counts(workspace) -> dict[str, dict[str, int]]:
    """{issue id: {state: number of people}} for every issue in the ledger; {} when nothing was sent."""
    path = Path(workspace.root) / STATE_DIR / LEDGER_FILE  # not workspace.state_dir: that creates the folder
    if not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            db.execute("PRAGMA synchronous=FULL")  # as on every ledger connection, though this one only reads
            rows = db.execute("SELECT issue, state, COUNT(*) FROM deliveries GROUP BY issue, state").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return {}
    counts: dict[str, dict[str, int]] = {}
    for issue, state, number in rows:
        counts.setdefault(issue, {})[state] = number
    return counts


def delivery_summary(workspace, issue_id, counts: dict[str, int] | None = None) -> str | None:
    """`已发送 14/14`, `已发送 12/14，永久失败 1，临时失败 1`, … or None when never sent."""
    if counts is None:
        counts = delivery_counts(workspace).get(str(issue_id), {})
    total = sum(counts.values())
    if not total:
        return None
    sent = counts.get("sent", 0)
    text = f"已发送 {sent}/{total}"
    extra = [
        (counts.get("perm_fail", 0), "永久失败"),
        (counts.get("temp_fail", 0), "临时失败"),
        (counts.get("unknown", 0), "结果不明"),
        (counts.get("attempting", 0), "发送中"),
    ]
    details = [f"{label} {n}" for n, label in extra if n]
    if details:
        text += "，" + "，".join(details)
    return text
