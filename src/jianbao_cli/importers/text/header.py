"""Part 1, the header: 密级, masthead (刊名), issue line (期号), compiling unit(s), date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from jianbao_cli.importers.text.lines import (
    _FULLWIDTH_DIGITS,
    CLASSIFICATION_RE,
    CONTENTS_RE,
    DATE_RE,
    ISSUE_RE,
    ORG_RE,
    SUPP_ONLY_RE,
    TOTAL_RE,
    UNIT_SUFFIX_RE,
    Document,
    Gap,
    Line,
    _clean_piece,
    cn_int,
    cn_year,
    join_lines,
    parse_date,
    title_like,
    unspace,
)


@dataclass
class _Header:
    series: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    supplement: bool = False
    date: dt.date | None = None
    units: list[str] = field(default_factory=list)
    classification: str | None = None



class HeaderReader(Document):
    def _header(self) -> tuple[_Header, int]:
        head = _Header()
        masthead: list[Line] = []
        seen = 0
        pos = 0
        issue_line_no = None
        for i, entry in enumerate(self.entries):
            if isinstance(entry, Gap):
                continue
            seen += 1
            if seen > self.HEADER_LINES:
                break
            text = entry.text.translate(_FULLWIDTH_DIGITS)
            if head.number is not None and head.date is not None:
                break  # header complete; this line belongs to the contents or body
            if CONTENTS_RE.match(unspace(text).replace(" ", "")):
                break
            if CLASSIFICATION_RE.match(text) and head.number is None and not masthead:
                head.classification = re.sub(r"^[（(【\[]\s*(.*?)\s*[）)】\]]$", r"\1", entry.text)
                pos = i + 1
                continue
            residual = text
            found_issue = False
            total = TOTAL_RE.search(residual)
            if total and head.total is None:
                head.total = cn_int(total["n"])
                residual = residual[: total.start()] + " " + residual[total.end():]
            if head.number is None:
                match = ISSUE_RE.search(residual)
                if match is None:
                    supp = SUPP_ONLY_RE.search(residual)
                    match = supp if supp and (supp["num"] or residual.strip() in ("增刊", "专刊")) else None
                if match is not None:
                    found_issue = True
                    issue_line_no = entry.no
                    head.number = cn_int(match["num"]) if match["num"] else 1
                    if not match["num"]:
                        self.warn("number", "增刊没有期数，已记为第 1 期", entry.no)
                    head.supplement = bool(match["supp"])
                    if match["supp"] == "专刊":
                        self.warn("supplement", "“专刊”按增刊编号（期号 YYYY-Znn）", entry.no)
                    if match["year"]:
                        head.year = cn_year(match["year"])
                    residual = residual[: match.start()] + "\u0000" + residual[match.end():]
            if head.date is None:
                date_match = DATE_RE.search(residual)
                if date_match is not None:
                    parsed = parse_date(date_match)
                    if parsed is None:
                        self.warn("date", f"日期“{date_match.group()}”不是有效日期，已忽略", entry.no)
                    else:
                        head.date = parsed
                        residual = residual[: date_match.start()] + "\u0000" + residual[date_match.end():]
            pos = i + 1
            if residual == text:
                # a line with neither number nor date: masthead above the number, units below it
                if head.number is None and (head.date is None or not masthead):
                    masthead.append(entry)
                else:
                    head.units.append(self._unit(entry.text))
                continue
            segments = [_clean_piece(s) for s in residual.split("\u0000")]
            if found_issue:
                lead, others = segments[0], segments[1:]
                if lead:
                    if not masthead or unspace(lead) in ("简报", "工作简报", "情况简报"):
                        if not masthead:
                            masthead.append(Line(entry.no, lead))
                    else:
                        head.units.append(self._unit(lead))
                head.units.extend(self._unit(s) for s in others if s)
            else:
                head.units.extend(self._unit(s) for s in segments if s)
        if head.number is None:
            raise self.fail(
                f"不像是简报：前 {self.HEADER_LINES} 行里找不到期号（如“第 6 期”“2009 年第 1 期”“增刊第 1 期”）。"
            )
        if not masthead:
            raise self.fail("找不到报头（刊名），期号上方应有一行刊名。")
        if len(masthead) > 1:
            self.warn("series", f"报头由 {len(masthead)} 行合并而成，请核对", masthead[0].no)
        head.series = unspace(join_lines([unspace(m.text) for m in masthead]))
        head.units = [u for u in head.units if u]
        if not head.units and head.date is not None:
            nxt = self._next_line(pos, len(self.entries))
            if nxt is not None and ORG_RE.search(self.entries[nxt].text) and title_like(self.entries[nxt].text):
                head.units.append(self._unit(self.entries[nxt].text))
                self.warn("publisher", "编印单位在日期下一行，已采用，请核对", self.entries[nxt].no)
                pos = nxt + 1
        if len(head.units) > 2:
            self.warn("publisher", f"报头有 {len(head.units)} 个单位名称，已全部写入，请核对", issue_line_no)
        return head, pos

    def _unit(self, text: str) -> str:
        text = unspace(text.strip())
        return UNIT_SUFFIX_RE.sub("", text).strip() if len(text) > 2 else text
