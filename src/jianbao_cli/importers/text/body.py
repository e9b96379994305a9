"""Part 3, the body: articles, their titles found by the contents (fuzzy) or by layout, then paragraphs."""

from __future__ import annotations

from jianbao_cli.importers.text.lines import (
    EDITOR_NOTE_RE,
    FIGURE_RE,
    SOURCE_RE,
    GAP_PAGE,
    Gap,
    Line,
    display_width,
    ends_paragraph,
    join_lines,
    norm_key,
    squeeze_title,
    starts_marker,
    title_like,
)
from jianbao_cli.importers.text.contents import _Item
from jianbao_cli.importers.text.titles import TitleMatcher


class BodyReader(TitleMatcher):
    def _body(self, start: int, stop: int, items: list[_Item]) -> list[tuple[int, str | None, str, list[str]]]:
        self._section_keys = {norm_key(it.section) for it in items if it.section} | self._section_aliases
        self._doc_wrap = self._wrap_width(self._line_indices(start, stop))
        from collections import Counter

        self._spans = Counter(self.entries[i].span for i in self._line_indices(start, stop))
        if items:
            spans = self._titles_from_contents(start, stop, items)
        else:
            spans = self._titles_from_layout(start, stop)
        if not spans:
            return []
        articles: list[tuple[int, str | None, str, list[str]]] = []
        for k, (section, title, first, last) in enumerate(spans):
            end = spans[k + 1][2] if k + 1 < len(spans) else stop
            body = self.entries[last + 1 : end]
            # a section heading repeated in the body just above the next title belongs to no article
            while body and (isinstance(body[-1], Gap) or norm_key(body[-1].text) in self._section_keys):
                body = body[:-1]
            paragraphs = self._paragraphs(body, k)
            if not paragraphs:
                self.warn("sections", f"文章“{title}”下面没有正文，已跳过", self.entries[first].no)
                continue
            articles.append((k, section, title, paragraphs))
        # 编者按 at the end of an article introduces the next one
        for n in range(len(articles) - 1):
            paragraphs = articles[n][3]
            while len(paragraphs) > 1 and EDITOR_NOTE_RE.match(paragraphs[-1]):
                articles[n + 1][3].insert(0, paragraphs.pop())
        # text between the contents (or header) and the first title
        lead_entries = [e for e in self.entries[start : spans[0][2]] if not (isinstance(e, Line) and norm_key(e.text) in self._section_keys)]
        lead = self._paragraphs(lead_entries, 0)
        if lead and articles:
            articles[0][3][0:0] = lead
            if not all(EDITOR_NOTE_RE.match(t) for t in lead):
                first_line = next(e for e in lead_entries if isinstance(e, Line))
                self.warn("@0.paragraphs", "第一篇标题之前的文字已并入第一篇文章开头，请核对", first_line.no)
        return articles

    def _titles_from_contents(self, start, stop, items):
        spans = []
        pos = start
        for item in items:
            found = None
            best = (0.0, "", 0, 0)
            for i in range(pos, stop):
                if not isinstance(self.entries[i], Line) or not self._at_boundary(i, start):
                    continue
                score, text, last = self._best_at(i, stop, item.title)
                if score >= 90:
                    found = (score, text, i, last)
                    # a better match one line down: the line found was a kicker or heading after all
                    if (score < 100 and i + 1 < stop and isinstance(self.entries[i + 1], Line)
                            and not self.entries[i].text.endswith(("：", ":"))):
                        score2, text2, last2 = self._best_at(i + 1, stop, item.title)
                        if score2 > score:
                            found = (score2, text2, i + 1, last2)
                    break
                if score > best[0]:
                    best = (score, text, i, last)
            if found is None and best[0] >= 60:
                found = best
            if found is None:
                self.warn("sections", f"目录中的“{item.title}”在正文中找不到，已跳过", item.line)
                continue
            score, text, first, last = found
            follow = self.entries[last + 1] if last + 1 < stop else None
            if isinstance(follow, Line) and follow.text.startswith(("——", "──")) and display_width(follow.text) <= 60:
                text, last = join_lines([text, follow.text]), last + 1  # a subtitle `——记…` belongs to the title
            if norm_key(text) != norm_key(item.title) and not (score >= 95 and norm_key(item.title) in norm_key(text)):
                self.warn(
                    f"@{len(spans)}.title",
                    f"目录标题“{item.title}”与正文标题“{text}”不完全相同（相似度 {score:.0f}%），已用正文标题",
                    self.entries[first].no,
                )
            spans.append((item.section, text, first, last))
            pos = last + 1
        return spans

    def _titles_from_layout(self, start, stop):
        """No contents: a title is a short line without closing punctuation at a paragraph boundary."""
        wrap = self._doc_wrap
        spans = []
        roles = self.line_roles
        guessed = 0  # titles found by the text alone (the rest by the source's formatting)
        i = start
        while i < stop:
            entry = self.entries[i]
            role = roles.get(entry.no) if isinstance(entry, Line) else None
            if role == "title" and self._next_line(i + 1, stop) is not None:
                texts, last = [entry.text], i
                nxt = self._next_line(i + 1, stop)  # a centred subtitle stands apart, after a blank line
                follow = self.entries[nxt] if nxt is not None else None
                if (isinstance(follow, Line) and roles.get(follow.no) != "body"
                        and follow.text.startswith(("—", "──")) and display_width(follow.text) <= 60):
                    texts.append(follow.text)  # a subtitle `——记…`
                    last = nxt
                spans.append((None, squeeze_title(join_lines(texts)), i, last))
                i = last + 1
                continue
            if role is not None:
                i += 1  # body text by its formatting, or a title with nothing after it
                continue
            if not isinstance(entry, Line) or not self._at_boundary(i, start) or EDITOR_NOTE_RE.match(entry.text):
                i += 1
                continue
            kicker = entry.text.endswith(("：", ":")) and display_width(entry.text) <= 60
            if not (title_like(entry.text) or kicker) or (wrap and entry.span >= wrap - 3 and spans):
                i += 1
                continue
            if self._next_line(i + 1, stop) is None:
                break
            follow = self.entries[i + 1] if i + 1 < stop else None
            if entry.indent and isinstance(follow, Line) and not follow.indent and not kicker:
                i += 1  # an indented first line going on unindented: a hard-wrapped paragraph, not a title
                continue
            texts = [entry.text]
            last = i
            nxt = self._next_line(i + 1, stop) if kicker else i + 1  # a kicker may stand apart from its title
            follow = self.entries[nxt] if nxt is not None and nxt < stop else None
            if isinstance(follow, Line) and (follow.no not in roles or kicker and roles[follow.no] == "title") and (
                kicker
                or follow.text.startswith(("—", "──"))
                or title_like(follow.text)
                and (not wrap or follow.span < wrap - 3)
                and not (follow.indent and not entry.indent)
                and self._next_line(i + 2, stop) is not None
            ):
                texts.append(follow.text)
                last = nxt
            spans.append((None, squeeze_title(join_lines(texts)), i, last))
            guessed += 1
            i = last + 1
        if guessed:
            self.warn("sections", f"没有目录，按版式推断出 {len(spans)} 篇文章的标题，请核对")
        return spans

    @staticmethod
    def _wrap_width_of(widths: list[int]) -> int | None:
        """The right margin of hard-wrapped text: the most common width of long lines (a line with
        hanging punctuation may be one character wider); None if the text is not hard-wrapped."""
        from collections import Counter

        long_ = [w for w in widths if w >= 20]
        if len(long_) < 3:
            return None
        counts = Counter(long_)
        mode = max(counts, key=lambda w: (counts[w], w))
        near = sum(1 for x in long_ if mode - 4 <= x <= mode + 2)
        half = [w for w in long_ if w >= mode / 2]
        longer = sum(1 for x in long_ if x > mode + 4)  # hard-wrapped lines never run past the margin
        if near >= 3 and near >= 0.4 * len(half) and longer <= 0.2 * near:
            return mode
        return None

    @staticmethod
    def _wrap_width_lines(lines: list[Line]) -> int | None:
        """Hard-wrapped text: many lines reach the same width, and most of those stop mid-sentence."""
        wrap = BodyReader._wrap_width_of([line.span for line in lines])
        if wrap is None:
            return None
        full = [line for line in lines if wrap - 4 <= line.span <= wrap + 2]
        open_ = sum(1 for line in full if not ends_paragraph(line.text))
        return wrap if open_ >= 2 and open_ >= 0.5 * len(full) else None

    def _wrap_width(self, indices: list[int]) -> int | None:
        return self._wrap_width_lines([self.entries[i] for i in indices])

    def _paragraphs(self, entries: list[Line | Gap], k: int) -> list[str]:
        lines = [e for e in entries if isinstance(e, Line)]
        if not lines:
            return []
        if self.source_kind == "html":
            return [line.text for line in lines]  # a web page's blocks are its paragraphs
        wrap = self._doc_wrap or self._wrap_width_lines(lines)
        self._longest = max(line.span for line in lines)
        # indents tell paragraphs apart only when some lines have them and others not
        indented = sum(1 for line in lines if line.indent)
        indent_mode = max(2, len(lines) // 10) <= indented < len(lines)
        paragraphs: list[list[Line]] = []
        gap: str | None = None
        for entry in entries:
            if isinstance(entry, Gap):
                gap = entry.kind if gap != GAP_PAGE else gap
                continue
            if not paragraphs:
                paragraphs.append([entry])
                gap = None
                continue
            prev = paragraphs[-1][-1]
            if gap is not None:
                # a blank line or page boundary: a new paragraph, unless the sentence runs on
                joined = (
                    not ends_paragraph(prev.text)
                    and not FIGURE_RE.match(prev.text) and not FIGURE_RE.match(entry.text)
                    and not starts_marker(entry.text)
                    and not (indent_mode and entry.indent)
                    and not EDITOR_NOTE_RE.match(entry.text)
                )
                if gap == GAP_PAGE and ends_paragraph(prev.text) and wrap and prev.span >= wrap - 1 \
                        and not starts_marker(entry.text) and not EDITOR_NOTE_RE.match(entry.text):
                    # a full line ending a sentence, then the page ends: indents tell, or nothing does
                    if indent_mode:
                        joined = not entry.indent
                    else:
                        self.warn(f"@{k}.paragraphs", f"页末无法判断段落是否结束（已按新段处理）：“…{prev.text[-12:]}”", prev.no)
            else:
                joined = not self._break_between(prev, entry, wrap, indent_mode, k)
            if joined:
                paragraphs[-1].append(entry)
            else:
                if prev.no in self.uncertain_breaks:
                    self.warn(f"@{k}.paragraphs", f"“…{prev.text[-12:]}”写满一行并以句号结束，之后是否另起一段无法判断（已按新段处理）", prev.no)
                paragraphs.append([entry])
            gap = None
        out = []
        for para in paragraphs:
            text = join_lines([line.text for line in para])
            if text:
                out.append(text)
        return out

    def _break_between(self, prev: Line, line: Line, wrap: int | None, indent_mode: bool, k: int) -> bool:
        """Inside a block (no blank line): does `line` start a new paragraph?"""
        if FIGURE_RE.match(line.text) or FIGURE_RE.match(prev.text) or SOURCE_RE.match(line.text):
            return True
        if indent_mode and line.indent:
            return True
        if EDITOR_NOTE_RE.match(line.text):
            return True
        if starts_marker(line.text) and ends_paragraph(prev.text):
            return True
        if not ends_paragraph(prev.text):
            return False
        if wrap is None and indent_mode:
            return False  # paragraphs start indented; an unindented line goes on with the one above
        if wrap is None:
            # one paragraph per line; but a short text may be hard-wrapped too few times to tell
            if (not indent_mode and not line.indent and prev.span >= 40 and prev.span >= self._longest - 2
                    and sum(n for span, n in self._spans.items() if abs(span - prev.span) <= 2) >= 2):
                self.warn(f"@{k}.paragraphs", f"无法判断是否硬折行，段落可能在此行末之后还在继续（已按新段处理）：“…{prev.text[-12:]}”", prev.no)
            return True
        if prev.span < wrap - 1:
            return True  # the line stops short of the right margin: the paragraph ended
        if indent_mode:
            return False  # full line, next not indented: the same paragraph goes on
        self.warn(f"@{k}.paragraphs", f"无法判断段落是否在此行末结束（已按同一段处理）：“…{prev.text[-12:]}”", prev.no)
        return False
