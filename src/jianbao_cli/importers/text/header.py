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
    FIGURE_RE,
    Document,
    Gap,
    Line,
    _clean_piece,
    cn_int,
    cn_year,
    display_width,
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
        masthead_picture = False
        for i, entry in enumerate(self.entries):
            if isinstance(entry, Gap):
                continue
            seen += 1
            if seen > self.HEADER_LINES:
                break
            text = entry.text.translate(_FULLWIDTH_DIGITS)
            if FIGURE_RE.match(text):
                if head.number is None:
                    masthead_picture = True  # the masthead printed as a picture
                continue
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
                    head.units.append(self._unit(entry.text, entry.no))
                continue
            segments = [_clean_piece(s) for s in residual.split("\u0000")]
            if found_issue:
                lead, others = segments[0], segments[1:]
                if lead:
                    if not masthead or unspace(lead) in ("简报", "工作简报", "情况简报"):
                        if not masthead:
                            masthead.append(Line(entry.no, lead))
                    else:
                        head.units.append(self._unit(lead, entry.no))
                head.units.extend(self._unit(s, entry.no) for s in others if s)
            else:
                head.units.extend(self._unit(s, entry.no) for s in segments if s)
        if head.number is None:
            raise self.fail(
                f"不像是简报：前 {self.HEADER_LINES} 行里找不到期号（如“第 6 期”“2009 年第 1 期”“增刊第 1 期”）。"
            )
        masthead = self._organisations_out_of(masthead, head)
        if not masthead:
            series = self._series_from_page_title()
            if series is None:
                raise self.fail("找不到报头（刊名），期号上方应有一行刊名。")
            where = "是图片" if masthead_picture else "没有文字"
            self.warn("series", f"报头{where}，刊名取自网页标题“{series[1]}”，请核对", issue_line_no)
            masthead = [Line(issue_line_no or 0, series[0])]
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

    def _unit(self, text: str, line: int | None = None) -> str:
        """A compiling unit's name, or '' (with a warning on publisher) when the text is not one."""
        text = unspace(text.strip())
        text = UNIT_SUFFIX_RE.sub("", text).strip() if len(text) > 2 else text
        if text and not plausible_unit(text):
            self.warn("publisher", f"报头中的“{text[:40]}”不像编印单位名称（含冒号、日期、时间或期号），未作编印单位", line)
            return ""
        return text

    def _organisations_out_of(self, masthead: list[Line], head: _Header) -> list[Line]:
        """A masthead of two lines whose second is an organisation (`现代高教信息` over `XX大学高教所`):
        the organisation compiles the issue; it is not part of the series."""
        if len(masthead) < 2:
            return masthead
        kept = [masthead[0]]
        for line in masthead[1:]:
            name = unspace(line.text)
            if ORG_RE.search(name) and display_width(name) >= 8 and plausible_unit(name) and " " not in name:
                head.units.insert(0, name)
                self.warn("publisher", f"报头第二行“{name}”是单位名称，已作编印单位（未并入刊名），请核对", line.no)
            else:
                kept.append(line)
        return kept

    def _series_from_page_title(self) -> tuple[str, str] | None:
        """(series, the title it came from): the text before the issue number in the page's title."""
        for title in (self.page_title_line, self.page_title):
            if not title:
                continue
            match = ISSUE_RE.search(title) or SUPP_ONLY_RE.search(title)
            head = title[: match.start()] if match else title.split("_")[0].split(" - ")[0]
            head = re.split(r"[_|｜]| - ", head)[-1] if match else head
            head = head.strip(" -—_|｜（(【[:：").strip()
            if head and display_width(head) <= 40 and not DATE_RE.search(head):
                return unspace(head), title
        return None


_NOT_UNIT_RE = re.compile(r"[:：]|作者|点击|浏览|阅读|发布|来源|\d{1,2}:\d{2}|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")


def plausible_unit(text: str) -> bool:
    """A unit's name: no colon, no 作者/点击/发布, no date or time, not an issue line, not a sentence."""
    if _NOT_UNIT_RE.search(text) or DATE_RE.search(text) or ISSUE_RE.search(text):
        return False
    return display_width(text) <= 60 and not text.endswith(("。", "！", "？"))
