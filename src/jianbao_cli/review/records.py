"""The review record: `.jianbao/review.sqlite3`, one row per sign-off and per sending run.

Rollback journal (not WAL) and `synchronous=FULL`: when no command runs, the state folder is plain
files that can be copied to another machine as they are.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

RECORD_FILE = "review.sqlite3"
APPROVED = "approved"
SENDING = "sending"

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    issue        TEXT NOT NULL,
    kind         TEXT NOT NULL,        -- approved | sending
    at           TEXT NOT NULL,        -- ISO 8601 in the workspace time zone
    snapshot     TEXT NOT NULL,        -- folder name under .jianbao/snapshots/
    content_hash TEXT NOT NULL,        -- the ledger's hash
    review_hash  TEXT NOT NULL,        -- content + template + layout + distribution
    by_name      TEXT,
    note         TEXT
);
CREATE INDEX IF NOT EXISTS events_issue ON events (issue, kind);
"""


@dataclass(frozen=True)
class Event:
    id: int
    issue: str
    kind: str
    at: str
    snapshot: str
    content_hash: str
    review_hash: str
    by: str | None
    note: str | None

    def to_json(self) -> dict:
        return {"by": self.by, "at": self.at, "note": self.note, "review_hash": self.review_hash,
                "content_hash": self.content_hash, "snapshot": self.snapshot}


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    return db


def add_event(state_dir: Path, event: dict) -> None:
    db = _connect(Path(state_dir) / RECORD_FILE)
    try:
        db.execute(
            "INSERT INTO events (issue, kind, at, snapshot, content_hash, review_hash, by_name, note)"
            " VALUES (:issue, :kind, :at, :snapshot, :content_hash, :review_hash, :by, :note)",
            event,
        )
    finally:
        db.close()


def events(root: Path, issue: str, kind: str | None = None) -> list[Event]:
    """Oldest first. Reads without creating anything (`jianbao list` in a fresh workspace)."""
    path = Path(root) / RECORD_FILE
    if not path.is_file():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        query = "SELECT id, issue, kind, at, snapshot, content_hash, review_hash, by_name, note FROM events WHERE issue = ?"
        args: tuple = (issue,)
        if kind:
            query += " AND kind = ?"
            args += (kind,)
        return [Event(*row) for row in db.execute(query + " ORDER BY id", args)]
    except sqlite3.Error:
        return []
    finally:
        db.close()
