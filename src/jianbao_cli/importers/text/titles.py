"""Where an article title can start, and how well the lines there match a title (contents and body both ask)."""

from __future__ import annotations

from jianbao_cli.importers.text.lines import (
    Document,
    Gap,
    Line,
    display_width,
    ends_paragraph,
    join_lines,
    norm_key,
    squeeze_title,
    title_like,
    title_score,
)


class TitleMatcher(Document):
    def _candidates(self, i: int, stop: int) -> list[tuple[str, int]]:
        """Title candidates starting at entry i: (text, last entry index) for one line, two lines, kicker."""
        entry = self.entries[i]
        if not isinstance(entry, Line) or norm_key(entry.text) in self._section_keys:
            return []
        text = entry.text
        kicker = text.endswith(("：", ":")) and display_width(text) <= 60
        if not (title_like(text) or kicker):
            # a long title broken after a comma: `……上线运行，` / `一千六百项事项……`
            nxt = i + 1
            if (text.endswith(("，", "、", ",")) and display_width(text) <= 60 and nxt < stop
                    and isinstance(self.entries[nxt], Line) and title_like(self.entries[nxt].text)):
                return [(squeeze_title(join_lines([text, self.entries[nxt].text])), nxt)]
            return []
        out = [] if kicker else [(squeeze_title(text), i)]
        nxt = i + 1
        if nxt < stop and isinstance(self.entries[nxt], Line) and title_like(self.entries[nxt].text):
            two = join_lines([text, self.entries[nxt].text])
            out.append((squeeze_title(two), nxt))
            third = nxt + 1
            if kicker and third < stop and isinstance(self.entries[third], Line) and title_like(self.entries[third].text):
                out.append((squeeze_title(join_lines([two, self.entries[third].text])), third))
        return out

    def _at_boundary(self, i: int, start: int) -> bool:
        """Entry i starts a block: first of the body, after a gap, after a line that ends a paragraph,
        or after a section heading repeated in the body."""
        if i <= start:
            return True
        prev = self.entries[i - 1]
        return isinstance(prev, Gap) or ends_paragraph(prev.text) or norm_key(prev.text) in self._section_keys

    def _best_at(self, i: int, stop: int, title: str) -> tuple[float, str, int]:
        best = (0.0, "", i)
        for text, last in self._candidates(i, stop):
            score = title_score(title, text)
            if score > best[0] + 0.5:
                best = (score, text, last)
        return best
