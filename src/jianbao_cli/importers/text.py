"""The text importer: a back issue as plain text (typed, or extracted from a PDF or Word file) → Issue.

The text is read in four zones, top to bottom:

1. header   – 密级, masthead (刊名), issue line (期号), compiling unit(s), date;
2. contents – `本期导读` / `本期要目` / `目录` with section headings and items (optional);
3. body     – articles: titles found by the contents (fuzzy) or by layout, then paragraphs;
4. tail     – 报/送/发/抄送 lists, （共印 N 份）, contact line, imprint (…印发).

Whatever is uncertain becomes an ImportWarning with the manifest field it concerns.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from jianbao_cli.importers.base import ImportFailed, ImportWarning
from jianbao_cli.model.xmlsafe import describe_char, find_xml_illegal, strip_xml_illegal
from jianbao_cli.textutil import display_width, is_cjk, join_wrapped_lines

# --- characters and small patterns ---------------------------------------------------------------

_SPACES = " \t\u3000\u00a0"
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_WS_RUN = re.compile("[ \t\u3000]+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "0": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "一二三四五六七八九十百零〇○两"
_YEAR = r"(?:\d{4}|[〇○零0Ｏ一二三四五六七八九]{4})"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"

DATE_RE = re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_SMALL})\s*月\s*(?P<d>{_SMALL})\s*[日号]")
TOTAL_RE = re.compile(rf"[（(]?\s*总\s*第\s*(?P<n>\d+|[{_CN_NUM}]+)\s*期\s*[）)]?")
ISSUE_RE = re.compile(
    rf"(?:(?P<year>{_YEAR})\s*年?\s*)?(?P<open>[（(〔\[])?\s*(?P<supp>增刊|专刊)?\s*(?<!总)第\s*"
    rf"(?P<num>\d{{1,3}}|[{_CN_NUM}]{{1,6}})\s*期\s*(?P<close>[）)〕\]])?"
)
SUPP_ONLY_RE = re.compile(rf"(?:(?P<year>{_YEAR})\s*年?\s*)?(?P<supp>增刊|专刊)\s*(?P<num>\d{{1,3}}|[{_CN_NUM}]{{1,6}})?\s*(?:期)?")
CLASSIFICATION_RE = re.compile(
    r"^[（(【\[]?\s*(?:内部资料|内部刊物|内部参阅|内部文件|内部|秘密|机密|绝密|密级)[^。，]{0,16}?[）)】\]]?$"
)
CONTENTS_RE = re.compile(r"^(?:本期导读|本期要目|本期目录|本期内容|目录|要目|导读)$")
ITEM_MARK_RE = re.compile(r"^(?:[☞☛☜►▶▷◆◇●○◎■□▪★☆•·※▲△➢➤→]|\*)\s*(?P<t>\S.*)$")
ITEM_NUM_RE = re.compile(
    r"^(?:(?P<n>\d{1,2})\s*[．.、)）:：]|[（(](?P<p>\d{1,2}|[一二三四五六七八九十]{1,3})[）)]|[一二三四五六七八九十]{1,3}、)\s*(?P<t>\S.*)$"
)
LEADER_RE = re.compile(r"\s*(?:[.．…·。_\-—]{2,}|\s{2,})\s*\d{0,3}\s*$")
PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－一~～_－‐‑―]+\s*)?\d{1,3}(?:\s*[-—–－一~～_－‐‑―]+)?$|^第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?$"
)
RULE_RE = re.compile(r"^[-—_=━─═－·*~～…\s]{5,}$")
DIST_RE = re.compile(r"^(?P<key>报\s*送|报|主\s*送|送|发|抄\s*送|抄\s*报)\s*[：:]\s*(?P<rest>.*)$")
COPIES_RE = re.compile(r"[（(]\s*共\s*印\s*(?P<n>\d+|[一二三四五六七八九十百千零〇○两]+)\s*份\s*[）)]")
IMPRINT_RE = re.compile(rf"^(?P<unit>.*?)\s*(?P<date>{_YEAR}\s*年\s*{_SMALL}\s*月\s*{_SMALL}\s*日)\s*(?:印\s*发|编\s*印|印)\s*$")
CONTACT_RE = re.compile(r"电话|传真|e-?mail|邮箱|联系人|联系方式|通讯地址|地址：|邮编|网址|QQ", re.IGNORECASE)
EDITOR_RE = re.compile(r"^(?:责任编辑|编辑|主编|审核|审稿|签发|校对|编审)\s*[：:]")
MARKER_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[．、]"
    r"|\d{1,2}\.(?!\d)|第[一二三四五六七八九十]+[，、是条]|首先|其次|再次|编者按|编者的话|按：|【)"
)
EDITOR_NOTE_RE = re.compile(r"^(?:编者按|编者的话|编者)\s*[：:]")
ORG_RE = re.compile(r"(?:办公室|中心|局|委员会|委|办|处|厅|部|会|组|院|所|站|队|室|社|司|府|馆|校|协会|街道|政府)$")
UNIT_SUFFIX_RE = re.compile(r"(?:编印|编发|主办|主编|编)$")

_END_SENTENCE = "。！？!?…"
_CLOSERS = "”’」』）)】》\"'"
_NO_TITLE_END = "。，、；,;"

_DIST_KEYS = {"报": "报", "报送": "报", "抄报": "报", "送": "送", "主送": "送", "发": "发", "抄送": "抄送"}


# --- numbers --------------------------------------------------------------------------------------


def cn_int(text: str) -> int:
    """`12`, `十二`, `一百零八`, `两` → int (cn2an for the Chinese forms)."""
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if text.isdigit():
        return int(text)
    import cn2an

    return int(cn2an.cn2an(text.replace("〇", "零").replace("○", "零").replace("两", "二"), "normal"))


def cn_year(text: str) -> int:
    """`2008`, `二〇〇八`, `二○○九`, `二0一0` → int, digit by digit."""
    text = text.translate(_FULLWIDTH_DIGITS)
    if text.isdigit():
        return int(text)
    return int("".join(str(_CN_DIGIT[c]) if not c.isdigit() else c for c in text))


def parse_date(match: re.Match) -> dt.date | None:
    try:
        return dt.date(cn_year(match["y"]), cn_int(match["m"]), cn_int(match["d"]))
    except (ValueError, KeyError):
        return None


# --- lines ----------------------------------------------------------------------------------------


@dataclass
class Line:
    no: int  # 1-based line number in the source text
    text: str  # stripped, inner whitespace runs collapsed
    indent: bool = False  # began with a full-width space, a tab or two spaces
    lead: int = 0  # display width of that indentation

    @property
    def width(self) -> int:
        return display_width(self.text)

    @property
    def span(self) -> int:
        """How far right the line reaches, indentation included (for “is this line full?”)."""
        return self.lead + self.width


GAP_BLANK = "blank"
GAP_PAGE = "page"


@dataclass
class Gap:
    """A blank line, or a page boundary (form feed or a page-number line such as `— 2 —`)."""

    kind: str
    no: int


def _clean_line(raw: str) -> tuple[str, bool, int]:
    # NEL, LS, PS inside a line: spaces (a one-line field of the model refuses them as line breaks)
    raw = raw.replace("\x85", " ").replace("\u2028", " ").replace("\u2029", " ")
    raw = _ODD_SPACES.sub(" ", _ZERO_WIDTH.sub("", raw)).rstrip(_SPACES)
    stripped = raw.lstrip(_SPACES)
    lead = raw[: len(raw) - len(stripped)]
    indent = "\u3000" in lead or "\t" in lead or len(lead) >= 2
    return _WS_RUN.sub(" ", stripped), indent, display_width(lead.replace("\t", "    "))


def _clean_piece(text: str) -> str:
    return text.strip(" ()（）[]〔〕,，、")


def unspace(text: str) -> str:
    """Letter-spaced Chinese (`简  报`, `财 贸 情 况`, `目 录`) → `简报`; other spaces are kept."""
    tokens = text.split(" ")
    if len(tokens) > 1 and all(len(t) <= 2 and all(is_cjk(c) for c in t) for t in tokens):
        return "".join(tokens)
    return text


def ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _END_SENTENCE


def is_parenthesized(text: str) -> bool:
    return len(text) >= 2 and text[0] in "（(【[" and text[-1] in "）)】]"


def ends_paragraph(text: str) -> bool:
    """The text can end a paragraph: a full stop (with closing quotes), ；/：, or a line in brackets."""
    return ends_sentence(text) or is_parenthesized(text) or text.rstrip(_CLOSERS)[-1:] in "；：;:"


def starts_marker(text: str) -> bool:
    return bool(MARKER_RE.match(text))


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER_RE.match(text.replace(" ", "")))


def title_like(text: str) -> bool:
    """Could be an article title: short, no sentence punctuation at the end, not an enumeration."""
    if not text or text[-1] in _NO_TITLE_END or ends_sentence(text) and not text.endswith(("！", "？", "!", "?")):
        return False
    if display_width(text) > 80 or starts_marker(text) or is_parenthesized(text) or "。" in text:
        return False  # titles are short, never enumerations, and have no full stop inside
    return bool(DIST_RE.match(text)) is False and not COPIES_RE.search(text)


def norm_key(text: str) -> str:
    """Text for comparisons: no whitespace, NFKC (full-width letters/digits/brackets unified)."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).strip("：:")


def title_score(a: str, b: str) -> float:
    """Similarity 0–100 of two titles; a title contained in the other (shortened, kicker) scores 98."""
    from rapidfuzz import fuzz

    a, b = norm_key(a), norm_key(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    score = fuzz.ratio(a, b)
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and len(short) >= 0.5 * len(long_):
        score = max(score, fuzz.partial_ratio(short, long_) * 0.98)
    return float(score)


def join_lines(texts: list[str]) -> str:
    return _WS_RUN.sub(" ", join_wrapped_lines(texts)).strip()


# --- the parser -----------------------------------------------------------------------------------


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


@dataclass
class _Item:
    title: str
    section: str | None
    line: int


@dataclass
class _Tail:
    dist: dict[str, list[str]] = field(default_factory=dict)
    copies: int | None = None
    contact: str | None = None
    imprint_unit: str | None = None
    imprint_date: dt.date | None = None


class TextImporter:
    """One text → Issue. `source_kind` ('text', 'pdf', 'docx') tunes a few warnings."""

    HEADER_LINES = 14

    def __init__(self, text: str, display: str = "文本", source_kind: str = "text",
                 uncertain_breaks: set[int] | None = None, line_roles: dict[int, str] | None = None):
        self.display = display
        self.source_kind = source_kind
        #: line numbers after which the source (a PDF's boxes) could not tell wrap from paragraph end
        self.uncertain_breaks = uncertain_breaks or set()
        #: line number → "title" or "body", where the source's formatting (a Word file's font sizes and
        #: styles) says so; used when there are no contents. Lines not in it are judged by their text.
        self.line_roles = line_roles or {}
        self.warnings: list[ImportWarning] = []
        self._section_keys: set[str] = set()
        self._contents_sections: list[str] = []  # section headings of the contents, in order
        self._doc_wrap: int | None = None
        self._spans: dict[int, int] = {}
        self._longest = 0
        self.entries: list[Line | Gap] = self._lines(text)

    # ---- warnings ----

    def warn(self, field_: str, message: str, line: int | None = None) -> None:
        self.warnings.append(ImportWarning(field_, message, line))

    def fail(self, message: str) -> ImportFailed:
        return ImportFailed(f"{self.display}：{message}")

    # ---- step 0: lines ----

    def _lines(self, text: str) -> list[Line | Gap]:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").lstrip("\ufeff")
        bad = find_xml_illegal(text.replace("\f", "\n"))
        if bad:
            count = len(re.findall("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]", text))
            first = text.count("\n", 0, bad.start()) + 1
            self.warn("", f"删除了 {count} 个 XML 无法容纳的字符（首个 {describe_char(bad.group())}）", first)
        entries: list[Line | Gap] = []
        for no, raw in enumerate(text.split("\n"), start=1):
            pages = raw.split("\f")
            for k, piece in enumerate(pages):
                if k:
                    entries.append(Gap(GAP_PAGE, no))
                piece = strip_xml_illegal(piece.replace("\f", ""))
                cleaned, indent, lead = _clean_line(piece)
                if not cleaned:
                    if k == 0:
                        entries.append(Gap(GAP_BLANK, no))
                elif is_page_number(cleaned):
                    entries.append(Gap(GAP_PAGE, no))
                elif RULE_RE.match(cleaned):
                    entries.append(Gap(GAP_BLANK, no))
                else:
                    entries.append(Line(no, cleaned, indent, lead))
        return entries

    def _line_indices(self, start: int = 0, stop: int | None = None) -> list[int]:
        stop = len(self.entries) if stop is None else stop
        return [i for i in range(start, stop) if isinstance(self.entries[i], Line)]

    # ---- main ----

    def parse(self):
        from pydantic import ValidationError

        from jianbao_cli.model.manifest import Article, Distribution, Issue, Section

        if not self._line_indices():
            raise self.fail("文件是空的（没有文字）。")
        header, pos = self._header()
        tail_start = self._find_tail(pos)
        tail = self._tail(tail_start)
        items, body_start = self._contents(pos, tail_start)
        articles = self._body(body_start, tail_start, items)
        if not articles:
            raise self.fail("找不到任何文章（标题和正文）。")

        # -- assemble, filling gaps from the tail with warnings --
        date = header.date
        if date is None and tail.imprint_date is not None:
            date = tail.imprint_date
            self.warn("date", "报头没有日期，已用报尾印发日期")
        if date is None:
            raise self.fail("找不到出刊日期（如“2008 年 10 月 28 日”）。")
        year = header.year or date.year
        if header.year is None:
            pass  # `第 12 期`: the year is the date's, as the issue says
        elif header.year != date.year:
            self.warn("year", f"期号上的年份 {header.year} 与日期 {date.isoformat()} 的年份不同，已用期号上的年份")
        units = header.units
        if not units and tail.imprint_unit:
            units = [tail.imprint_unit]
            self.warn("publisher", "报头没有编印单位，已用报尾印发单位")
        if not units:
            raise self.fail("找不到编印单位（报头日期旁的单位名称）。")
        sections: list[Section] = []
        where: dict[int, str] = {}
        pending = list(self._contents_sections)

        def empty_sections_before(title: str | None) -> None:
            """Headings of the contents with no article under them, up to `title`, as empty sections."""
            if title is not None and title not in pending:
                return
            while pending and pending[0] != title:
                heading = pending.pop(0)
                sections.append(Section(title=heading, articles=[]))
                self.warn(f"sections[{len(sections) - 1}]", f"目录中的栏目“{heading}”下没有文章")
            if pending:
                pending.pop(0)

        for k, section_title, title, paragraphs in articles:
            if not sections or sections[-1].title != section_title:
                if section_title is not None:
                    empty_sections_before(section_title)
                sections.append(Section(title=section_title, articles=[]))
            where[k] = f"sections[{len(sections) - 1}].articles[{len(sections[-1].articles)}]"
            sections[-1].articles.append(Article(title=title, paragraphs=paragraphs))
        if pending:
            empty_sections_before(None)
        for warning in self.warnings:
            if warning.field.startswith("@"):
                k, _, rest = warning.field[1:].partition(".")
                warning.field = f"{where.get(int(k), 'sections')}.{rest}" if int(k) in where else "sections"
        try:
            issue = Issue(
                series=header.series,
                year=year,
                number=header.number,
                total_number=header.total,
                supplement=header.supplement,
                date=date,
                publisher=" ".join(units),
                classification=header.classification,
                sections=sections,
                distribution=Distribution.model_validate(tail.dist),
                copies=tail.copies,
                contact=tail.contact,
            )
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise self.fail(f"导入结果不合格（{where}：{first['msg']}）。") from None
        return issue

    # ---- step 1: header ----

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

    # ---- step 2: tail (found before the contents/body so the body knows where it ends) ----

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

    # ---- step 3: contents ----

    def _contents(self, pos: int, stop: int) -> tuple[list[_Item], int]:
        """Items of 本期导读/本期要目/目录, and where the body starts."""
        indices = self._line_indices(pos, stop)
        if not indices:
            return [], pos
        first = indices[0]
        heading = self.entries[first].text.replace(" ", "")
        if not CONTENTS_RE.match(heading):
            return [], pos
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
        return together > alone + 2

    # ---- step 4: body ----

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

    def _body(self, start: int, stop: int, items: list[_Item]) -> list[tuple[int, str | None, str, list[str]]]:
        self._section_keys = {norm_key(it.section) for it in items if it.section}
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
                follow = self.entries[i + 1] if i + 1 < stop else None
                if (isinstance(follow, Line) and roles.get(follow.no) != "body"
                        and follow.text.startswith(("—", "──")) and display_width(follow.text) <= 60):
                    texts.append(follow.text)  # a subtitle `——记…`
                    last = i + 1
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
            follow = self.entries[i + 1] if i + 1 < stop else None
            if isinstance(follow, Line) and follow.no not in roles and (
                kicker
                or follow.text.startswith(("—", "──"))
                or title_like(follow.text)
                and (not wrap or follow.span < wrap - 3)
                and not (follow.indent and not entry.indent)
                and self._next_line(i + 2, stop) is not None
            ):
                texts.append(follow.text)
                last = i + 1
            spans.append((None, squeeze_title(join_lines(texts)), i, last))
            guessed += 1
            i = last + 1
        if guessed:
            self.warn("sections", f"没有目录，按版式推断出 {len(spans)} 篇文章的标题，请核对")
        return spans

    def _next_line(self, i: int, stop: int) -> int | None:
        while i < stop:
            if isinstance(self.entries[i], Line):
                return i
            i += 1
        return None

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
        wrap = TextImporter._wrap_width_of([line.span for line in lines])
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


def squeeze_title(text: str) -> str:
    return unspace(text)


def import_text(text: str, display: str = "文本", source_kind: str = "text",
                uncertain_breaks: set[int] | None = None, line_roles: dict[int, str] | None = None):
    """Parse a back issue's text; returns (Issue, warnings). Raises ImportFailed.

    `line_roles` (line number → "title"/"body") carries what the source's formatting says; see TextImporter.
    """
    importer = TextImporter(text, display, source_kind, uncertain_breaks, line_roles)
    issue = importer.parse()
    return issue, importer.warnings
