"""The shared line model of the text importer: patterns of a 简报's lines, numbers, Line/Gap, and the
Document every part reads (entries, warnings, line helpers)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

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

#: a picture of a web page, standing on its own line (web.FIGURE_LINE)
FIGURE_RE = re.compile("^\ue000(?P<n>\\d+)\ue001$")
#: a source line after an article: （市信息办供稿） （供稿：…） （作者：…） （本刊编辑部） （摘自…） （XX 报送）
SOURCE_RE = re.compile(
    r"^[（(]\s*(?P<s>(?:供稿|作者|来源|摘自|转自|撰稿|执笔|通讯员|文/|文：|稿源)\s*[:：]?\s*[^（）()]{1,40}"
    r"|[^（）()：:。，]{2,30}?(?:供稿|报送|提供|撰稿|编辑部|编辑室|整理))\s*[）)]$"
)
#: a photo caption: 图为…, 图：…, 上图/下图…
CAPTION_RE = re.compile(r"^(?:图为|图片为|上图为?|下图为?|图\s*[:：]|图注\s*[:：])")

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
    if FIGURE_RE.match(text):
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



def squeeze_title(text: str) -> str:
    return unspace(text)


class Document:
    """A text as entries (lines and gaps), with the warnings found so far. Each part of the importer
    (header, contents, body, tail) is a mixin over it; `TextImporter` puts them together."""

    HEADER_LINES = 14

    def __init__(self, text: str, display: str = "文本", source_kind: str = "text",
                 uncertain_breaks: set[int] | None = None, line_roles: dict[int, str] | None = None,
                 page_title: str | None = None, images: list | None = None):
        self.display = display
        #: a web page's <title>, for the series when the masthead is a picture
        self.page_title = page_title
        #: a web page's pictures (web.PageImage), each standing in the text as a FIGURE_LINE line
        self.images = images or []
        #: figure path (relative to issues/) → the picture's bytes, for the files beside the manifest
        self.figure_files: dict[str, bytes] = {}
        self.source_kind = source_kind
        #: line numbers after which the source (a PDF's boxes) could not tell wrap from paragraph end
        self.uncertain_breaks = uncertain_breaks or set()
        #: line number → "title" or "body", where the source's formatting (a Word file's font sizes and
        #: styles) says so; used when there are no contents. Lines not in it are judged by their text.
        self.line_roles = line_roles or {}
        self.warnings: list[ImportWarning] = []
        self._section_keys: set[str] = set()
        self._contents_sections: list[str] = []  # section headings of the contents, in order
        self._section_aliases: set[str] = set()  # how a section heading is written (`【工作动态】`)
        self._doc_wrap: int | None = None
        self._spans: dict[int, int] = {}
        self._longest = 0
        self.entries: list[Line | Gap] = self._lines(text)
        from jianbao_cli.importers.text.clutter import drop_clutter

        self.entries, kinds, title_line, dropped = drop_clutter(self.entries)
        self.page_title_line = title_line
        if kinds:
            self.warn("", f"删除了 {len(dropped)} 行网页杂项（{'、'.join(kinds)}），如“{dropped[0][:30]}”")

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

    def _next_line(self, i: int, stop: int) -> int | None:
        while i < stop:
            if isinstance(self.entries[i], Line):
                return i
            i += 1
        return None

