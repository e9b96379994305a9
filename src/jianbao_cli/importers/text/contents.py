"""Part 2, the contents: 本期导读 / 本期要目 / 目录 with section headings and items (optional)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianbao_cli.importers.text.lines import (
    CONTENTS_RE,
    EDITOR_NOTE_RE,
    ITEM_MARK_RE,
    ITEM_NUM_RE,
    LEADER_RE,
    Gap,
    display_width,
    ends_sentence,
    join_lines,
    norm_key,
    title_like,
    title_score,
    unspace,
)
from jianbao_cli.importers.text.titles import TitleMatcher


@dataclass
class _Item:
    title: str
    section: str | None
    line: int


class ContentsReader(TitleMatcher):
    def _contents(self, pos: int, stop: int) -> tuple[list[_Item], int]:
        """Items of 本期导读/本期要目/目录, and where the body starts."""
        indices = self._line_indices(pos, stop)
        if not indices:
            return [], pos
        first = indices[0]
        heading = self.entries[first].text.replace(" ", "")
        if not CONTENTS_RE.match(heading):
            return self._numbered_contents(indices, stop) or ([], pos)
        headed = self._headed_contents(first, stop)
        if headed is not None:
            return headed
        raw: list[tuple[str, int, bool, int]] = []  # kind ('item'/'plain'), entry index, gap before
        items_seen = 0
        body_start = None
        gap_before = False
        i = first + 1
        while i < stop:
            entry = self.entries[i]
            if isinstance(entry, Gap):
                gap_before = True
                i += 1
                continue
            item = self._item_text(entry.text)
            if item is not None:
                raw.append(("item", i, gap_before, item))
                items_seen += 1
            else:
                if items_seen and norm_key(entry.text) in {norm_key(r[3]) for r in raw if r[0] == "plain"}:
                    body_start = i  # a section heading of the contents, repeated above the body
                    break
                if items_seen:
                    first_item = next(r[3] for r in raw if r[0] == "item")
                    score = self._best_at(i, stop, first_item)[0]
                    nxt = self._next_line(i + 1, stop)
                    if score >= 70 and nxt is not None and self._item_text(self.entries[nxt].text) is not None:
                        score = 0  # more contents items follow: a section heading, however like a title
                    if score >= 70 and nxt is not None and not entry.text.endswith(("：", ":")):
                        # a heading right above the first title is still the contents' (an empty section)
                        if self._best_at(nxt, stop, first_item)[0] > score:
                            score = 0
                    if score >= 70 or not self._heading_like(entry.text):
                        body_start = i
                        break
                raw.append(("plain", i, gap_before, unspace(entry.text)))
            gap_before = False
            i += 1
        if not items_seen:
            self.warn("sections", f"“{heading}”下没有目录条目，已忽略目录", self.entries[first].no)
            return [], first + 1
        if body_start is None:
            raise self.fail("目录之后找不到与目录第一条相符的文章标题。")
        # plain lines: a section heading, or the wrapped rest of the item above
        body_titles = [
            self.entries[k].text for k in self._line_indices(body_start, stop) if title_like(self.entries[k].text)
        ]
        items: list[_Item] = []
        section: str | None = None
        prev_kind = None
        for kind, index, gap, text in raw:
            if kind == "item":
                items.append(_Item(text, section, self.entries[index].no))
            elif prev_kind == "item" and not gap and self._is_continuation(items[-1].title, text, body_titles):
                items[-1].title = join_lines([items[-1].title, text])
                kind = "item"
            else:
                section = text
                self._contents_sections.append(text)
            prev_kind = kind
        return items, body_start

    @staticmethod
    def _heading_like(text: str) -> bool:
        """A section heading or the wrapped rest of a contents item, not a paragraph of the body."""
        return display_width(text) <= 60 and not ends_sentence(text) and not EDITOR_NOTE_RE.match(text)

    @staticmethod
    def _item_text(text: str) -> str | None:
        match = ITEM_MARK_RE.match(text) or ITEM_NUM_RE.match(text)
        if match is None:
            return None
        title = LEADER_RE.sub("", match["t"]).strip()
        return title or None

    @staticmethod
    def _is_continuation(item: str, text: str, body_titles: list[str]) -> bool:
        if not body_titles:
            return False
        joined = join_lines([item, text])
        pairs = body_titles + [join_lines([a, b]) for a, b in zip(body_titles, body_titles[1:])]
        alone = max(title_score(item, t) for t in pairs)
        together = max(title_score(joined, t) for t in pairs)
        # a wrapped item's first line is contained in the title (98): only the whole title is 100
        return together > alone + 2 or together == 100 > alone

    # ---- variants: headings marked, items not; numbered items without a heading ----

    def _block(self, start: int, stop: int) -> tuple[list[int], int] | None:
        """The contents lines from `start` up to the first line that repeats one of them (the body starts
        there, with a section heading or the first title); None if a paragraph comes first."""
        seen: list[str] = []
        block: list[int] = []
        for i in range(start, stop):
            entry = self.entries[i]
            if isinstance(entry, Gap):
                continue
            core = norm_key(strip_mark(entry.text))
            if block and (core in seen or any(title_score(core, s) >= 95 for s in seen if len(s) >= 4)):
                return block, i
            if not self._heading_like(entry.text):
                return None
            seen.append(core)
            block.append(i)
        return None

    def _headed_contents(self, first: int, stop: int) -> tuple[list[_Item], int] | None:
        """`【栏目】`, `■栏目`, `一、栏目` headings, each over unmarked items (which may wrap)."""
        found = self._block(first + 1, stop)
        if found is None:
            return None
        block, body_start = found
        marked = [is_heading_mark(self.entries[i].text) for i in block]
        if len(block) < 2 or not marked[0] or all(marked):
            return None
        if any(a and (b is None or b) for a, b in zip(marked, marked[1:] + [None])):
            return None  # a marked line with no unmarked line under it: marked items, read as before
        body_titles = [self.entries[k].text for k in self._line_indices(body_start, stop) if title_like(self.entries[k].text)]
        items: list[_Item] = []
        sections: list[str] = []
        aliases: set[str] = set()
        prev = None
        for i, is_mark in zip(block, marked):
            entry = self.entries[i]
            if is_mark:
                sections.append(strip_mark(entry.text))
                aliases.update({norm_key(entry.text), norm_key(strip_mark(entry.text))})
            elif (prev is not None and not prev[1] and i == prev[0] + 1
                  and self._is_continuation(items[-1].title, entry.text, body_titles)):
                items[-1].title = join_lines([items[-1].title, entry.text])
            else:
                items.append(_Item(unspace(entry.text), sections[-1], entry.no))
            prev = (i, is_mark)
        if not items or any(max((title_score(it.title, t) for t in body_titles), default=0) < 90 for it in items):
            return None
        self._contents_sections.extend(sections)
        self._section_aliases |= aliases
        return items, body_start

    def _numbered_contents(self, indices: list[int], stop: int) -> tuple[list[_Item], int] | None:
        """`1．…` `2．…` right after the header with no `本期要目` above: contents when every item is
        found as a title further down (numbered paragraphs of an article are not)."""
        items: list[_Item] = []
        last = None
        for i in indices:
            match = ITEM_NUM_RE.match(self.entries[i].text)
            if match is None or match["n"] is None or int(match["n"]) != len(items) + 1:
                break
            title = LEADER_RE.sub("", match["t"]).strip()
            if not title_like(title):
                break
            items.append(_Item(title, None, self.entries[i].no))
            last = i
        if len(items) < 2:
            return None
        body_titles = [self.entries[k].text for k in self._line_indices(last + 1, stop) if title_like(self.entries[k].text)]
        for item in items:
            if max((title_score(item.title, t) for t in body_titles), default=0) < 90:
                return None
        return items, last + 1


_HEADING_MARK_RE = re.compile(r"^(?:【[^】]{1,16}】|[■◆◇□▲★●◎]\s*\S.{0,29}|[一二三四五六七八九十]{1,3}、\s*\S.{0,29})$")


def is_heading_mark(text: str) -> bool:
    """A short line marked as a heading: 【栏目】, ■栏目, 一、栏目."""
    return bool(_HEADING_MARK_RE.match(text.strip()))


def strip_mark(text: str) -> str:
    """`【工作动态】`, `■工作动态`, `一、工作动态`, `1．标题` → the words alone."""
    text = text.strip()
    if text.startswith("【") and text.endswith("】"):
        return text[1:-1].strip()
    match = ITEM_MARK_RE.match(text) or ITEM_NUM_RE.match(text)
    return LEADER_RE.sub("", match["t"]).strip() if match else text
