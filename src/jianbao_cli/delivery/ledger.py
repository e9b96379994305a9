"""The delivery ledger: one durable row per issue and recipient, plus an append-only event log.

SQLite in `.jianbao/ledger.sqlite3`, WAL journal, `synchronous=FULL` (every commit is on disk
before the call returns). States:

    pending ─▶ attempting ─▶ sent
                   │    └──▶ temp_fail ─▶ (retried) attempting …
                   │    └──▶ perm_fail
                   └──────▶ unknown   (the data went out and no reply came back, or the process
                                       died while `attempting`: the server may have the message)

`attempting` is committed after the server accepted the recipient and before the message data
is sent. A row found `attempting` by the next run is turned into `unknown`: reported, never resent
without `--resend-unknown`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

LEDGER_FILE = "ledger.sqlite3"

PENDING = "pending"
ATTEMPTING = "attempting"
SENT = "sent"
TEMP_FAIL = "temp_fail"
PERM_FAIL = "perm_fail"
UNKNOWN = "unknown"
STATES = (PENDING, ATTEMPTING, SENT, TEMP_FAIL, PERM_FAIL, UNKNOWN)

STATE_LABELS = {
    PENDING: "待发送",
    ATTEMPTING: "发送中",
    SENT: "已发送",
    TEMP_FAIL: "临时失败",
    PERM_FAIL: "永久失败",
    UNKNOWN: "结果不明",
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    issue        TEXT NOT NULL,
    address      TEXT NOT NULL,          -- lower-cased: one person, one row
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    groups       TEXT NOT NULL,          -- JSON [[key, label], ...]
    state        TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    reply        TEXT,
    updated_at   TEXT NOT NULL,
    sent_at      TEXT,
    PRIMARY KEY (issue, address)
);
CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    issue        TEXT NOT NULL,
    address      TEXT NOT NULL,
    state        TEXT NOT NULL,
    at           TEXT NOT NULL,
    reply        TEXT,
    content_hash TEXT,
    pid          INTEGER
);
CREATE INDEX IF NOT EXISTS events_issue ON events (issue, address);
CREATE TABLE IF NOT EXISTS servers (     -- SMTP servers this workspace has connected to
    host         TEXT NOT NULL,
    port         INTEGER NOT NULL,
    first_at     TEXT NOT NULL,
    last_at      TEXT NOT NULL,
    PRIMARY KEY (host, port)
);
"""


def now_text() -> str:
    """UTC, ISO 8601; shown to people in the workspace time zone (see `local_time`)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def local_time(text: str | None, tz_name: str) -> str:
    if not text:
        return ""
    try:
        from zoneinfo import ZoneInfo

        return dt.datetime.fromisoformat(text).astimezone(ZoneInfo(tz_name)).strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, KeyError, OSError):
        return text


@dataclass
class Row:
    issue: str
    address: str
    name: str
    email: str
    groups: list[tuple[str, str]]
    state: str
    content_hash: str
    message_id: str
    attempts: int
    reply: str | None
    updated_at: str
    sent_at: str | None

    def to_json(self) -> dict:
        return {
            "address": self.email,
            "name": self.name,
            "groups": [{"key": k, "label": label} for k, label in self.groups],
            "state": self.state,
            "state_label": STATE_LABELS.get(self.state, self.state),
            "attempts": self.attempts,
            "reply": self.reply,
            "updated_at": self.updated_at,
            "sent_at": self.sent_at,
            "content_hash": self.content_hash,
            "message_id": self.message_id,
        }


class Ledger:
    def __init__(self, path: Path):
        import os

        self.path = Path(path)
        self.pid = os.getpid()
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    @classmethod
    def open(cls, workspace) -> "Ledger":
        return cls(workspace.state_dir / LEDGER_FILE)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def synchronous(self) -> int:
        return self.db.execute("PRAGMA synchronous").fetchone()[0]

    # --- reading ------------------------------------------------------------------------------

    def rows(self, issue: str) -> list[Row]:
        cursor = self.db.execute(
            "SELECT issue, address, name, email, groups, state, content_hash, message_id, attempts, reply,"
            " updated_at, sent_at FROM deliveries WHERE issue = ? ORDER BY rowid",
            (issue,),
        )
        return [Row(*r[:4], [tuple(g) for g in json.loads(r[4])], *r[5:]) for r in cursor]

    def row_map(self, issue: str) -> dict[str, Row]:
        return {row.address: row for row in self.rows(issue)}

    def counts(self, issue: str) -> dict[str, int]:
        cursor = self.db.execute("SELECT state, COUNT(*) FROM deliveries WHERE issue = ? GROUP BY state", (issue,))
        return dict(cursor.fetchall())

    def has_reached(self, host: str, port: int) -> bool:
        """Whether a run has connected to this server before. A ledger written before servers were
        recorded counts any delivery as having reached it."""
        if self.db.execute("SELECT 1 FROM servers WHERE host = ? AND port = ?", (host.lower(), port)).fetchone():
            return True
        if self.db.execute("SELECT 1 FROM servers LIMIT 1").fetchone():
            return False
        return self.db.execute("SELECT 1 FROM deliveries WHERE state = ? LIMIT 1", (SENT,)).fetchone() is not None

    # --- writing: every method is one committed transaction --------------------------------------

    def record_reached(self, host: str, port: int) -> None:
        at = now_text()
        with self._transaction():
            self.db.execute(
                "INSERT INTO servers (host, port, first_at, last_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (host, port) DO UPDATE SET last_at = excluded.last_at",
                (host.lower(), port, at, at),
            )

    def _event(self, issue: str, address: str, state: str, at: str, reply: str | None, chash: str | None) -> None:
        self.db.execute(
            "INSERT INTO events (issue, address, state, at, reply, content_hash, pid) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (issue, address, state, at, reply, chash, self.pid),
        )

    def ensure_pending(self, issue: str, targets, chash: str, message_ids: dict[str, str]) -> None:
        """Create rows for planned recipients that have none; refresh names and groups of the rest."""
        at = now_text()
        with self._transaction():
            for target in targets:
                groups = json.dumps(target.groups, ensure_ascii=False)
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO deliveries (issue, address, name, email, groups, state, content_hash,"
                    " message_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (issue, target.key, target.name, target.email, groups, PENDING, chash, message_ids[target.key], at),
                )
                if cursor.rowcount:
                    self._event(issue, target.key, PENDING, at, None, chash)
                else:
                    self.db.execute(
                        "UPDATE deliveries SET name = ?, groups = ? WHERE issue = ? AND address = ?",
                        (target.name, groups, issue, target.key),
                    )

    def mark_interrupted(self, issue: str) -> list[str]:
        """Rows left `attempting` by a run that died: their outcome is unknown."""
        at = now_text()
        reply = "上次运行在发送途中中断，服务器可能已收到此邮件"
        with self._transaction():
            addresses = [
                r[0]
                for r in self.db.execute(
                    "SELECT address FROM deliveries WHERE issue = ? AND state = ?", (issue, ATTEMPTING)
                )
            ]
            for address in addresses:
                self.db.execute(
                    "UPDATE deliveries SET state = ?, reply = ?, updated_at = ? WHERE issue = ? AND address = ?",
                    (UNKNOWN, reply, at, issue, address),
                )
                self._event(issue, address, UNKNOWN, at, reply, None)
        return addresses

    def set_state(self, issue: str, address: str, state: str, *, reply: str | None = None,
                  chash: str | None = None, message_id: str | None = None) -> None:
        at = now_text()
        with self._transaction():
            sets = ["state = ?", "updated_at = ?", "reply = ?"]
            values: list = [state, at, reply]
            if state == ATTEMPTING:
                sets.append("attempts = attempts + 1")
            if state == SENT:
                sets.append("sent_at = ?")
                values.append(at)
            if chash:
                sets.append("content_hash = ?")
                values.append(chash)
            if message_id:
                sets.append("message_id = ?")
                values.append(message_id)
            self.db.execute(
                f"UPDATE deliveries SET {', '.join(sets)} WHERE issue = ? AND address = ?", (*values, issue, address)
            )
            self._event(issue, address, state, at, reply, chash)

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self_inner):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, exc, tb):
                if exc_type is None:
                    db.execute("COMMIT")
                else:
                    db.execute("ROLLBACK")

        return _Tx()
