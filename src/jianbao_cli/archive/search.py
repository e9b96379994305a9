"""Full-text search over every issue of the workspace: an SQLite FTS5 index in the state folder.

The index (`.jianbao/search.sqlite3`) is a cache of the manifests: before each search it is brought up to
date with the files in `issues/` (added, changed and deleted manifests; a file counts as unchanged when
its size, mtime and inode are the same and it was not written within two seconds of being indexed —
otherwise its bytes are compared by hash). A deleted, truncated or otherwise unreadable index is
thrown away and rebuilt; `reindex=True` rebuilds it on purpose.

Per article, the FTS table indexes the title and the rest (编者按, paragraphs, sub-headings, captions,
source) as tokens (see `textindex`); it is contentless, and a plain table keeps the text as written,
for snippets and for removing an article's tokens again (FTS5 'delete' needs the values indexed).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.archive.textindex import Query, fold, parse_query, segment
from jianbao_cli.errors import EXIT_FAILED, JianbaoError

INDEX_FILE = "search.sqlite3"
SCHEMA_VERSION = "2"  # raise whenever `textindex.tokens` changes: the index is then rebuilt
#: A file written this close to the moment it was indexed may change again within the same mtime tick.
RACY_NS = 2_000_000_000

FIELD_NAMES = {"title": "标题", "note": "编者按", "text": "正文", "heading": "小标题", "caption": "图片说明",
               "source": "来源"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, inode INTEGER, digest TEXT,
                   indexed_ns INTEGER, problem TEXT);
CREATE TABLE IF NOT EXISTS articles(id INTEGER PRIMARY KEY, file TEXT NOT NULL, issue TEXT, year INTEGER, series TEXT,
                      date TEXT, section TEXT, position INTEGER, title TEXT, body TEXT);
CREATE INDEX IF NOT EXISTS articles_file ON articles(file);
CREATE INDEX IF NOT EXISTS files_problem ON files(name) WHERE problem IS NOT NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, body, content='',
                                                           tokenize='unicode61 remove_diacritics 0');
"""


@dataclass
class Hit:
    issue: str
    date: str
    series: str
    section: str | None
    title: str
    position: int  # the article's place in the issue, from 1
    title_marks: list[tuple[int, int]]
    field: str  # where the snippet comes from: title, note, text, heading, caption, source
    snippet: str
    marks: list[tuple[int, int]]  # [start, end) of each hit inside the snippet

    def as_json(self) -> dict:
        return {
            "issue": self.issue, "date": self.date, "series": self.series, "section": self.section,
            "article": self.position, "title": self.title, "title_marks": [list(m) for m in self.title_marks],
            "field": self.field, "snippet": self.snippet, "marks": [list(m) for m in self.marks],
        }


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]
    total: int
    skipped: list[str] = field(default_factory=list)  # manifests that could not be read, with why
    rebuilt: str | None = None  # why the index was rebuilt, when it was
    updated: int = 0  # manifests (re)indexed or removed before this search


def search(workspace, text: str, *, year: int | None = None, series: str | None = None, limit: int = 20,
           reindex: bool = False) -> SearchResult:
    """Search every issue of the workspace; the index is brought up to date first."""
    query = parse_query(text)
    if not query.include:
        return SearchResult(query=query, hits=[], total=0)
    index = SearchIndex(workspace)
    rebuilt = "reindex" if reindex else None
    if reindex:
        index.discard()
    try:
        updated = index.refresh()
        result = index.query(query, year=year, series=series, limit=limit)
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            return _rebuild_and_search(index, query, error, year=year, series=series, limit=limit)
        index.close()
        raise JianbaoError("搜索索引正被另一个 jianbao 进程更新，30 秒内未完成，请稍后再试。", exit_code=EXIT_FAILED) from None
    except sqlite3.DatabaseError as error:
        return _rebuild_and_search(index, query, error, year=year, series=series, limit=limit)
    result.rebuilt = index.rebuilt_reason or rebuilt
    result.updated = updated
    result.skipped = index.problems()
    index.close()
    return result


def _rebuild_and_search(index, query, error, **options) -> SearchResult:
    """The index file is damaged: throw it away, build it again, ask again."""
    index.close()
    index.discard()
    updated = index.refresh()
    result = index.query(query, **options)
    result.rebuilt = f"搜索索引无法读取（{error}），已重建"
    result.updated = updated
    result.skipped = index.problems()
    index.close()
    return result


class SearchIndex:
    def __init__(self, workspace):
        self.workspace = workspace
        self.path = workspace.state_dir / INDEX_FILE
        self._db: sqlite3.Connection | None = None
        self.rebuilt_reason: str | None = None

    # --- the database file -----------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a crash at worst means a rebuild
            if not fresh:
                row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
                if row and row[0] == SCHEMA_VERSION:
                    return db
                self.rebuilt_reason = "搜索索引来自旧版本，已重建"
            db.close()
        except sqlite3.DatabaseError as error:
            db.close()
            if "locked" in str(error):
                raise  # in use by another process, not damaged
            self.rebuilt_reason = f"搜索索引无法读取（{error}），已重建"
        if not fresh:
            self.discard()
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
        db.execute("COMMIT")
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def discard(self) -> None:
        """Delete the index file (and SQLite's side files); the next use builds it anew."""
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    # --- keeping it up to date ---------------------------------------------------------------

    def refresh(self) -> int:
        """Index added and changed manifests, drop deleted ones; returns how many files changed."""
        from jianbao_cli.ids import is_issue_id

        db = self.db
        known = {row[0]: row[1:] for row in db.execute(
            "SELECT name, size, mtime_ns, inode, digest, indexed_ns FROM files")}
        on_disk: dict[str, os.stat_result] = {}
        if self.workspace.issues_dir.is_dir():
            with os.scandir(self.workspace.issues_dir) as entries:
                for entry in entries:
                    if entry.name.endswith(".yaml") and is_issue_id(entry.name[:-5]) and entry.is_file():
                        on_disk[entry.name] = entry.stat()
        stale: list[tuple[str, os.stat_result, str]] = []
        touched: list[tuple[str, os.stat_result, str]] = []  # same bytes, new stat: remember the new stat
        for name, stat in on_disk.items():
            old = known.get(name)
            if old is not None:
                size, mtime_ns, inode, digest, indexed_ns = old
                same_stat = (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (size, mtime_ns, inode)
                if same_stat and stat.st_mtime_ns < indexed_ns - RACY_NS:
                    continue
                now_digest = _digest(self.workspace.issues_dir / name)
                if now_digest == digest:
                    if not same_stat or stat.st_mtime_ns >= indexed_ns - RACY_NS:
                        touched.append((name, stat, now_digest))
                    continue
                stale.append((name, stat, now_digest))
            else:
                stale.append((name, stat, _digest(self.workspace.issues_dir / name)))
        gone = [name for name in known if name not in on_disk]
        if not (stale or gone or touched):
            return 0
        extracted = self._extract_all([name for name, _, _ in stale])
        now = time.time_ns()
        db.execute("BEGIN IMMEDIATE")
        try:
            for name in gone:
                self._drop(name)
                db.execute("DELETE FROM files WHERE name=?", (name,))
            for name, stat, digest in touched:
                db.execute("UPDATE files SET size=?, mtime_ns=?, inode=?, indexed_ns=? WHERE name=?",
                           (stat.st_size, stat.st_mtime_ns, stat.st_ino, now, name))
            for name, stat, digest in stale:
                self._drop(name)
                rows, problem = extracted[name]
                for row in rows:
                    cursor = db.execute(
                        "INSERT INTO articles(file, issue, year, series, date, section, position, title, body)"
                        " VALUES (?,?,?,?,?,?,?,?,?)", (name, *row))
                    db.execute("INSERT INTO articles_fts(rowid, title, body) VALUES (?,?,?)",
                               (cursor.lastrowid, *_fts_values(row[-2], row[-1])))
                db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?)",
                           (name, stat.st_size, stat.st_mtime_ns, stat.st_ino, digest, now, problem))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return len(stale) + len(gone)

    def _drop(self, name: str) -> None:
        rows = self.db.execute("SELECT id, title, body FROM articles WHERE file=?", (name,)).fetchall()
        self.db.executemany(
            "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            [(article_id, *_fts_values(title, body)) for article_id, title, body in rows])
        self.db.execute("DELETE FROM articles WHERE file=?", (name,))

    def _extract_all(self, names: list[str]) -> dict[str, tuple[list[tuple], str | None]]:
        from jianbao_cli.archive.loading import map_issues

        return map_issues(extract_rows, self.workspace.root, names)

    def problems(self) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY name")]

    # --- asking ------------------------------------------------------------------------------

    def query(self, query: Query, *, year: int | None = None, series: str | None = None,
              limit: int = 20) -> SearchResult:
        where, params = ["articles_fts MATCH ?"], [query.fts()]
        if year is not None:
            where.append("a.year = ?")
            params.append(year)
        if series:
            where.append("a.series = ?")
            params.append(series)
        # The title weighs ten times the body in bm25; below, a hit in the title ranks first anyway.
        rows = self.db.execute(
            "SELECT a.id, a.title, a.date, bm25(articles_fts, 10.0, 1.0) FROM articles_fts"
            " JOIN articles a ON a.id = articles_fts.rowid WHERE " + " AND ".join(where),
            params,
        ).fetchall()
        patterns = query.patterns()

        def rank(row):
            in_title = sum(1 for pattern in patterns if pattern.search(fold(row[1])))
            return (-in_title, row[3], _neg_date(row[2]), row[0])

        rows.sort(key=rank)
        chosen = [row[0] for row in rows[: max(limit, 0)]]
        hits = []
        for article_id in chosen:
            issue, date, series_name, section, position, title, body = self.db.execute(
                "SELECT issue, date, series, section, position, title, body FROM articles WHERE id=?",
                (article_id,)).fetchone()
            field_name, snippet, marks = make_snippet(title, json.loads(body), patterns)
            hits.append(Hit(issue=issue, date=date, series=series_name, section=section, title=title,
                            position=position, title_marks=find_marks(title, patterns), field=field_name,
                            snippet=snippet, marks=marks))
        return SearchResult(query=query, hits=hits, total=len(rows))


def _fts_values(title: str, body_json: str) -> tuple[str, str]:
    """What the FTS table indexes for an article: the same values on insert and on 'delete'."""
    return segment(title), segment("\n".join(text for _, text in json.loads(body_json)))


def _neg_date(date: str) -> tuple:
    return tuple(-int(part) for part in date.split("-")) if date else ()


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def extract_rows(root: str, name: str) -> tuple[list[tuple], str | None]:
    """The articles of one manifest as index rows, or none and the reason it cannot be read."""
    from jianbao_cli.archive.loading import load_one

    issue, problem = load_one(root, name[:-5])
    if issue is None:
        return [], problem
    rows = []
    position = 0
    for section, article in issue.articles():
        position += 1
        rows.append((str(issue.id), issue.year, issue.series, issue.date.isoformat(), section.title, position,
                     article.title, json.dumps(article_blocks(article), ensure_ascii=False)))
    return rows, None


def article_blocks(article) -> list[tuple[str, str]]:
    """The searchable text of an article besides its title, in reading order, each with its kind."""
    blocks: list[tuple[str, str]] = []
    if article.note:
        blocks.append(("note", article.note))
    for block in article.paragraphs:
        if isinstance(block, str):
            blocks.append(("text", block))
        elif hasattr(block, "heading"):
            blocks.append(("heading", block.heading))
        elif block.caption:
            blocks.append(("caption", block.caption))
    if article.source:
        blocks.append(("source", article.source))
    return blocks


# --- snippets ------------------------------------------------------------------------------------

SNIPPET_BEFORE = 24
SNIPPET_LENGTH = 90


def find_marks(text: str, patterns: list[re.Pattern]) -> list[tuple[int, int]]:
    """[start, end) of every hit of any pattern in `text`, sorted, overlaps merged."""
    folded = fold(text)
    spans = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(folded) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(title: str, blocks: list, patterns: list[re.Pattern]) -> tuple[str, str, list[tuple[int, int]]]:
    """A window of the first block that holds a hit (the first paragraph if only the title does),
    and the hits inside it."""
    for kind, text in blocks:
        marks = find_marks(text, patterns)
        if marks:
            return (kind, *_window(text, marks))
    for kind, text in blocks:
        if kind == "text":
            return (kind, *_window(text, []))
    return ("title", title, find_marks(title, patterns))


def _window(text: str, marks: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    first = marks[0][0] if marks else 0
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    inside = [(s - start + len(prefix), min(e, end) - start + len(prefix)) for s, e in marks if s < end and s >= start]
    return prefix + text[start:end] + suffix, inside


def bracketed(text: str, marks: list[tuple[int, int]], open_mark: str = "【", close_mark: str = "】") -> str:
    """The text with every hit between 【 and 】 (for output without colour)."""
    out, last = [], 0
    for start, end in marks:
        out += [text[last:start], open_mark, text[start:end], close_mark]
        last = end
    out.append(text[last:])
    return "".join(out)
