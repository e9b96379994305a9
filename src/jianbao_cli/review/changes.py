"""What changed between two versions of an issue, as data (`Changes`), for people and for scripts.

Above the paragraph: articles are matched by content and title (exact first, then the same title, then
by similarity with rapidfuzz), which tells added, removed, retitled and moved articles apart. Inside an
article: the blocks (paragraphs, sub-headings, figures) are aligned with difflib; a changed paragraph
gets a character-level diff, because Chinese has no spaces and words are not the unit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

HEADER_FIELDS = (
    ("series", "刊名"),
    ("year", "年份"),
    ("number", "期数"),
    ("total_number", "总期数"),
    ("supplement", "增刊"),
    ("date", "日期"),
    ("publisher", "编印单位"),
    ("classification", "密级"),
    ("copies", "印数"),
    ("contact", "联系方式"),
)

#: Below these an unmatched pair is an article removed and another added, not one article edited.
TITLE_SIMILAR = 60
CONTENT_SIMILAR = 50
CONTENT_SAME = 85
#: Inside a replaced stretch, two paragraphs this similar are one paragraph edited.
PARAGRAPH_SIMILAR = 0.4


@dataclass
class Version:
    """One side of a comparison: an issue, the folder its figure paths are relative to, a name for people."""

    issue: object
    figure_root: Path | None
    label: str
    hash: str | None = None


@dataclass
class Changes:
    issue_id: str
    old: Version
    new: Version
    header: list[dict] = field(default_factory=list)
    distribution: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    #: (old reading order, new reading order, moved) of every article present in both versions
    pairs: list[tuple[int, int, bool]] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.header or self.distribution or self.sections or self.articles)

    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "moved": 0, "retitled": 0, "edited": 0, "paragraphs": 0}
        for article in self.articles:
            change = article["change"]
            if change in ("added", "removed"):
                counts[change] += 1
                continue
            counts["moved"] += bool(article.get("moved"))
            counts["retitled"] += bool(article.get("retitled"))
            if article["blocks"] or article.get("note") or article.get("source"):
                counts["edited"] += 1
                counts["paragraphs"] += len(article["blocks"])
        return counts

    def to_json(self) -> dict:
        return {
            "issue": self.issue_id,
            "old": {"label": self.old.label, "hash": self.old.hash},
            "new": {"label": self.new.label, "hash": self.new.hash},
            "equal": self.equal,
            "counts": self.counts(),
            "header": self.header,
            "distribution": self.distribution,
            "sections": self.sections,
            "articles": self.articles,
        }


# --- character level ---------------------------------------------------------------------------


def char_ops(old: str, new: str) -> list[list[str]]:
    """[["=", text] | ["-", text] | ["+", text], …]; adjacent pieces of one kind are merged."""
    from difflib import SequenceMatcher

    ops: list[list[str]] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == kind:
            ops[-1][1] += text
        else:
            ops.append([kind, text])

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", old[i1:i2])
        else:
            add("-", old[i1:i2])
            add("+", new[j1:j2])
    return ops


def marked(ops: list[list[str]]) -> str:
    """`[-删除-]{+插入+}` marks, the plain-text form of a character diff."""
    return "".join(text if kind == "=" else (f"[-{text}-]" if kind == "-" else f"{{+{text}+}}") for kind, text in ops)


# --- blocks inside an article ------------------------------------------------------------------


def _file_digest(root: Path | None, relative: str) -> str | None:
    if root is None:
        return None
    path = Path(root) / relative
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _block_token(block, root: Path | None) -> tuple:
    if isinstance(block, str):
        return ("text", block)
    if hasattr(block, "heading"):
        return ("heading", block.heading)
    return ("figure", block.figure, block.caption, _file_digest(root, block.figure))


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100


def _edit(kind: str, i: int, j: int, old_text: str, new_text: str) -> dict:
    ops = char_ops(old_text, new_text)
    return {"change": "edited", "kind": kind, "old_index": i + 1, "new_index": j + 1,
            "old": old_text, "new": new_text, "marked": marked(ops), "ops": ops}


def _figure_edit(i: int, j: int, old: tuple, new: tuple) -> dict:
    return {"change": "edited", "kind": "figure", "old_index": i + 1, "new_index": j + 1,
            "old": {"figure": old[1], "caption": old[2]}, "new": {"figure": new[1], "caption": new[2]},
            "file_changed": old[3] != new[3] and old[1] == new[1],
            "caption_marked": marked(char_ops(old[2] or "", new[2] or "")) if old[2] != new[2] else None}


def _lone(change: str, index: int, token: tuple) -> dict:
    if token[0] == "figure":
        return {"change": change, "kind": "figure", "index": index + 1, "figure": token[1], "caption": token[2]}
    return {"change": change, "kind": token[0], "index": index + 1, "text": token[1]}


def pair_blocks(old: list[tuple], new: list[tuple]) -> list[tuple[int | None, int | None]]:
    """Align two block lists: (i, j) pairs, (i, None) removed, (None, j) added, in reading order."""
    from difflib import SequenceMatcher

    result: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            result.extend(zip(range(i1, i2), range(j1, j2)))
            continue
        i, j = i1, j1
        while i < i2 or j < j2:
            if i < i2 and j < j2 and old[i][0] == new[j][0] and (
                old[i][0] == "figure" or _similar(old[i][1], new[j][1]) >= PARAGRAPH_SIMILAR
            ):
                result.append((i, j))
                i, j = i + 1, j + 1
                continue
            # Is old[i] similar to a later new block (so new[j] is an insertion), or the other way?
            later_new = i < i2 and any(
                old[i][0] == new[k][0] and (old[i][0] == "figure" or _similar(old[i][1], new[k][1]) >= PARAGRAPH_SIMILAR)
                for k in range(j + 1, j2)
            )
            if j < j2 and (i >= i2 or later_new):
                result.append((None, j))
                j += 1
            else:
                result.append((i, None))
                i += 1
    return result


def block_changes(old_blocks: list, new_blocks: list, old_root, new_root) -> tuple[list[dict], int]:
    old = [_block_token(b, old_root) for b in old_blocks]
    new = [_block_token(b, new_root) for b in new_blocks]
    changes: list[dict] = []
    unchanged = 0
    for i, j in pair_blocks(old, new):
        if i is None:
            changes.append(_lone("added", j, new[j]))
        elif j is None:
            changes.append(_lone("removed", i, old[i]))
        elif old[i] == new[j]:
            unchanged += 1
        elif old[i][0] == "figure":
            changes.append(_figure_edit(i, j, old[i], new[j]))
        else:
            changes.append(_edit(old[i][0], i, j, old[i][1], new[j][1]))
    return changes, unchanged


# --- articles ----------------------------------------------------------------------------------


@dataclass
class _Placed:
    section_index: int
    section: str | None
    position: int  # 1-based within its section
    article: object
    order: int  # reading order in the issue

    @property
    def where(self) -> dict:
        return {"section": self.section, "position": self.position}

    def body(self) -> str:
        return "\n".join(_block_token(b, None)[1] or "" for b in self.article.paragraphs)

    def fingerprint(self) -> tuple:
        a = self.article
        return (a.title, a.note, a.source, tuple(_block_token(b, None)[:3] for b in a.paragraphs))


def _placed(issue) -> list[_Placed]:
    placed = []
    for s_index, section in enumerate(issue.sections):
        for position, article in enumerate(section.articles, 1):
            placed.append(_Placed(s_index, section.title, position, article, len(placed)))
    return placed


def match_articles(old: list[_Placed], new: list[_Placed]) -> list[tuple[int, int]]:
    """(old order, new order) pairs: same article, possibly edited, retitled or moved."""
    from rapidfuzz import fuzz

    pairs: list[tuple[int, int]] = []
    free_old = set(range(len(old)))
    free_new = list(range(len(new)))

    def by_key(key) -> None:
        index: dict = {}
        for i in sorted(free_old):
            index.setdefault(key(old[i]), []).append(i)
        for j in list(free_new):
            candidates = index.get(key(new[j]))
            if candidates:
                i = candidates.pop(0)
                pairs.append((i, j))
                free_old.discard(i)
                free_new.remove(j)

    by_key(lambda p: p.fingerprint())
    by_key(lambda p: p.fingerprint()[1:])  # same content, new title
    by_key(lambda p: p.article.title)
    scored = []
    for i in free_old:
        for j in free_new:
            title = fuzz.ratio(old[i].article.title, new[j].article.title)
            content = fuzz.ratio(old[i].body()[:3000], new[j].body()[:3000])
            if (title >= TITLE_SIMILAR and content >= CONTENT_SIMILAR) or content >= CONTENT_SAME:
                scored.append((title + content, i, j))
    for _, i, j in sorted(scored, reverse=True):
        if i in free_old and j in free_new:
            pairs.append((i, j))
            free_old.discard(i)
            free_new.remove(j)
    return sorted(pairs, key=lambda pair: pair[1])


def _section_names(old_issue, new_issue) -> dict[int, str | None]:
    """Old section index → the new section's title it corresponds to (a section renamed in place
    keeps its articles unmoved)."""
    new_titles = [s.title for s in new_issue.sections]
    mapping: dict[int, str | None] = {}
    for index, section in enumerate(old_issue.sections):
        if section.title in new_titles:
            mapping[index] = section.title
        elif index < len(new_titles) and new_titles[index] not in [s.title for s in old_issue.sections]:
            mapping[index] = new_titles[index]
        else:
            mapping[index] = section.title
    return mapping


def _moved(pairs, old: list[_Placed], new: list[_Placed], names: dict[int, str | None]) -> set[tuple[int, int]]:
    """Pairs that changed section, or whose order against the other kept articles of their section changed."""
    from difflib import SequenceMatcher

    moved = {(i, j) for i, j in pairs if names[old[i].section_index] != new[j].section}
    by_section: dict = {}
    for i, j in pairs:
        if (i, j) not in moved:
            by_section.setdefault(new[j].section_index, []).append((i, j))
    for kept in by_section.values():
        new_order = [p for p in kept]
        old_order = sorted(kept)
        matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
        stay = {new_order[b.b + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
        moved |= set(kept) - stay
    return moved


def _text_change(old: str | None, new: str | None) -> dict | None:
    if old == new:
        return None
    return {"old": old, "new": new, "marked": marked(char_ops(old or "", new or ""))}


def diff(old: Version, new: Version) -> Changes:
    """Every change from `old` to `new` (two versions of one issue)."""
    o, n = old.issue, new.issue
    changes = Changes(issue_id=str(n.id), old=old, new=new)

    for name, label in HEADER_FIELDS:
        a, b = getattr(o, name), getattr(n, name)
        if a != b:
            as_text = lambda v: v.isoformat() if hasattr(v, "isoformat") else v  # noqa: E731
            changes.header.append({"field": name, "label": label, "old": as_text(a), "new": as_text(b)})

    from jianbao_cli.model.manifest import DISTRIBUTION_KEYS

    for key in DISTRIBUTION_KEYS:
        before, after = o.distribution[key], n.distribution[key]
        added = [x for x in after if x not in before]
        removed = [x for x in before if x not in after]
        if added or removed:
            changes.distribution.append({"key": key, "added": added, "removed": removed})

    old_titles = [s.title for s in o.sections]
    new_titles = [s.title for s in n.sections]
    names = _section_names(o, n)
    renamed = {old_titles[i]: t for i, t in names.items() if t != old_titles[i]}
    for before, after in renamed.items():
        changes.sections.append({"change": "retitled", "old": before, "new": after})
    for title in new_titles:
        if title not in old_titles and title not in renamed.values():
            changes.sections.append({"change": "added", "title": title})
    for title in old_titles:
        if title not in new_titles and title not in renamed:
            changes.sections.append({"change": "removed", "title": title})

    old_placed, new_placed = _placed(o), _placed(n)
    pairs = match_articles(old_placed, new_placed)
    moved = _moved(pairs, old_placed, new_placed, names)
    changes.pairs = [(i, j, (i, j) in moved) for i, j in pairs]
    paired_old = {i for i, _ in pairs}
    paired_new = {j: i for i, j in pairs}
    for j, placed in enumerate(new_placed):
        if j not in paired_new:
            changes.articles.append({"change": "added", "title": placed.article.title, "at": placed.where})
            continue
        i = paired_new[j]
        before = old_placed[i]
        a, b = before.article, placed.article
        blocks, unchanged = block_changes(a.paragraphs, b.paragraphs, old.figure_root, new.figure_root)
        entry = {
            "change": "changed",
            "title": b.title,
            "at": placed.where,
            "retitled": a.title != b.title,
            "old_title": a.title if a.title != b.title else None,
            "moved": (i, j) in moved,
            "from": before.where if (i, j) in moved else None,
            "note": _text_change(a.note, b.note),
            "source": _text_change(a.source, b.source),
            "blocks": blocks,
            "unchanged": unchanged,
        }
        if entry["retitled"] or entry["moved"] or entry["note"] or entry["source"] or blocks:
            changes.articles.append(entry)
    for i, placed in enumerate(old_placed):
        if i not in paired_old:
            changes.articles.append({"change": "removed", "title": placed.article.title, "at": placed.where})
    return changes
