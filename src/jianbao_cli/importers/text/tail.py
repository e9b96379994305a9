"""Part 4, the tail: 报/送/发/抄送 lists, （共印 N 份）, contact line, imprint (…印发). Read before the
contents and body, so that the body knows where it ends."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from jianbao_cli.importers.text.lines import (
    _DIST_KEYS,
    CONTACT_RE,
    COPIES_RE,
    DATE_RE,
    DIST_RE,
    EDITOR_RE,
    IMPRINT_RE,
    Document,
    Gap,
    Line,
    cn_int,
    display_width,
    ends_sentence,
    join_lines,
    parse_date,
    unspace,
)


@dataclass
class _Tail:
    dist: dict[str, list[str]] = field(default_factory=dict)
    copies: int | None = None
    contact: str | None = None
    imprint_unit: str | None = None
    imprint_date: dt.date | None = None


class TailReader(Document):
    def _is_tail_line(self, text: str) -> bool:
        if DIST_RE.match(text) or EDITOR_RE.match(text) or IMPRINT_RE.match(text):
            return True
        if COPIES_RE.search(text) and display_width(COPIES_RE.sub("", text).strip()) < 40:
            return True
        return bool(CONTACT_RE.search(text)) and display_width(text) <= 160 and not ends_sentence(text)

    def _find_tail(self, start: int) -> int:
        i = len(self.entries) - 1
        tail_start = len(self.entries)
        while i >= start:
            entry = self.entries[i]
            if isinstance(entry, Gap):
                i -= 1
                continue
            if self._is_tail_line(entry.text):
                tail_start = i
                i -= 1
                continue
            # unlabelled lines continuing a 报/送/发/抄送 list (no blank line in between)
            j = i
            while j > start and isinstance(self.entries[j], Line) and not DIST_RE.match(self.entries[j].text) and i - j < 6:
                j -= 1
            if j >= start and isinstance(self.entries[j], Line) and DIST_RE.match(self.entries[j].text) and j < i:
                tail_start = j
                i = j - 1
                continue
            break
        return tail_start

    def _tail(self, start: int) -> _Tail:
        tail = _Tail()
        current: str | None = None
        after_gap = False
        last_contact = False
        previous: Line | None = None
        tail_spans = [e.span for e in self.entries[start:] if isinstance(e, Line)]
        for entry in self.entries[start:]:
            if isinstance(entry, Gap):
                after_gap = True
                continue
            text = entry.text
            copies = COPIES_RE.search(text)
            if copies:
                if tail.copies is not None:
                    self.warn("copies", "报尾有两处“共印 N 份”，已用第一处", entry.no)
                else:
                    tail.copies = cn_int(copies["n"])
                text = (text[: copies.start()] + " " + text[copies.end():]).strip()
                if not text:
                    continue
            dist = DIST_RE.match(text)
            imprint = IMPRINT_RE.match(text)
            if dist:
                key = _DIST_KEYS[dist["key"].replace(" ", "")]
                if dist["key"].replace(" ", "") not in ("报", "送", "发", "抄送"):
                    self.warn(f"distribution.{key}", f"“{dist['key']}：”记为“{key}：”", entry.no)
                if key in tail.dist:
                    self.warn(f"distribution.{key}", f"“{key}：”出现两次，已合并", entry.no)
                current = key
                tail.dist.setdefault(key, []).extend(self._entries(dist["rest"]))
            elif imprint:
                current = None
                date_match = DATE_RE.search(imprint["date"])
                tail.imprint_date = parse_date(date_match) if date_match else None
                tail.imprint_unit = unspace(imprint["unit"].strip()) or None
            elif current is not None and not after_gap and not CONTACT_RE.search(text):
                labels = self._entries(text)
                prev_span = previous.span if previous is not None else 0
                full = prev_span >= 40 and sum(1 for s in tail_spans if abs(s - prev_span) <= 1) >= 2
                if labels and (self.source_kind == "pdf" or full):
                    # the line above is as long as another: it may have been cut in the middle of a name
                    self.warn(f"distribution.{current}", f"名单跨行，已按行末为分隔处理：“{labels[0]}”请核对", entry.no)
                tail.dist[current].extend(labels)
            elif last_contact and not after_gap and display_width(text) <= 60 and not (CONTACT_RE.search(text) or EDITOR_RE.match(text)):
                tail.contact = join_lines([tail.contact, text])  # the contact line wrapped (a long e-mail address)
            elif CONTACT_RE.search(text) or EDITOR_RE.match(text):
                current = None
                if tail.contact is None:
                    tail.contact = text
                    if not CONTACT_RE.search(text):
                        self.warn("contact", "编辑、签发一行记作联系方式（清单没有单独的编辑项）", entry.no)
                else:
                    self.warn("contact", f"报尾有多行联系方式，已合并为一行：“{text}”", entry.no)
                    tail.contact += " " + text
            else:
                current = None
                self.warn("", f"报尾无法识别的一行已忽略：“{text}”", entry.no)
            last_contact = tail.contact is not None and tail.contact.endswith(text)
            after_gap = False
            previous = entry
        for key, labels in tail.dist.items():
            if not labels:
                self.warn(f"distribution.{key}", f"“{key}：”后没有名单")
        tail.dist = {k: v for k, v in tail.dist.items() if v}
        return tail

    @staticmethod
    def _entries(text: str) -> list[str]:
        parts = re.split(r"[ \t\u3000，,；;]+", text.strip())
        out = []
        for part in parts:
            part = part.strip().rstrip("。.")
            if part:
                out.append(part)
        return out
