"""Pydantic models of one issue (期) of a bulletin. Key names are the hand-written file format."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Annotated, Any, Iterator, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

from jianbao_cli.ids import IssueId
from jianbao_cli.model.xmlsafe import check_xml_text

#: Distribution keys in the order they are printed in the 报尾.
DISTRIBUTION_KEYS: tuple[str, ...] = ("报", "送", "发", "抄送")


#: Every character Python's str.splitlines() or the e-mail package treats as a line break.
LINE_BREAKS = {
    "\n": "LF", "\r": "CR", "\v": "VT", "\f": "FF", "\x1c": "FS", "\x1d": "GS", "\x1e": "RS",
    "\x85": "U+0085 NEL", "\u2028": "U+2028 行分隔符", "\u2029": "U+2029 段分隔符",
}
_LINE_BREAK_RE = re.compile("[" + "".join(LINE_BREAKS) + "]")


def line_break_in(value: str) -> str | None:
    """The name of the first line-breaking character in `value`, or None."""
    found = _LINE_BREAK_RE.search(value)
    return LINE_BREAKS[found.group()] if found else None


def _one_line(value: str) -> str:
    found = line_break_in(value)
    if found in ("CR", "LF"):
        raise ValueError("不能换行（CR/LF），请写在一行内")
    if found:
        raise ValueError(f"不能换行（含有换行字符 {found}），请写在一行内")
    return value


def _xml_safe(value: str) -> str:
    check_xml_text(value)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value


Text = Annotated[str, AfterValidator(_xml_safe)]
Line = Annotated[str, AfterValidator(_xml_safe), AfterValidator(_one_line)]
RequiredLine = Annotated[str, AfterValidator(_not_blank), AfterValidator(_xml_safe), AfterValidator(_one_line)]
Paragraph = Annotated[str, AfterValidator(_not_blank), AfterValidator(_xml_safe), AfterValidator(_one_line)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        populate_by_name=True,
        validate_assignment=True,
        defer_build=True,
    )


#: Sub-heading levels of GB/T 9704 7.3.3, told by the heading's own numbering.
_HEADING_LEVELS = (
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
    (3, re.compile(r"^\d+[.．、]")),
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
)


def heading_level(text: str) -> int:
    """1 for `一、`, 2 for `（一）`, 3 for `1.`, 4 for `（1）`; an unnumbered (bold lead) heading is 1."""
    for level, pattern in _HEADING_LEVELS:
        if pattern.match(text):
            return level
    return 1


def _figure_path(value: str) -> str:
    path = value.replace("\\", "/")
    pure = PurePosixPath(path)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", path) or ".." in pure.parts:
        raise ValueError("图片路径应相对于 issues/ 文件夹，如 2008-06/photo-1.jpg，不能是绝对路径或含有 ..")
    return path


_SOURCE_PARENS = re.compile(r"^[（(](.*)[）)]$")


def _strip_source_parens(value: Any) -> Any:
    """`（市信息办供稿）` and `市信息办供稿` mean the same: the parentheses are printed by the layout.
    Every enclosing pair goes, so validating a stored value again never changes it."""
    if isinstance(value, str):
        value = value.strip()
        while (match := _SOURCE_PARENS.match(value)) is not None and _balanced(match.group(1)):
            value = match.group(1).strip()
    return value


def _balanced(text: str) -> bool:
    """`a）b（c` is not enclosed by the outer pair of `（a）b（c）`: those are two pairs, not one."""
    depth = 0
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


class Heading(_Model):
    """A sub-heading inside an article: `{heading: 一、总体情况}`."""

    heading: RequiredLine = Field(description="小标题，如 一、总体情况 或 （一）主要做法")

    @property
    def level(self) -> int:
        return heading_level(self.heading)


FigurePath = Annotated[str, AfterValidator(_not_blank), AfterValidator(_one_line), AfterValidator(_figure_path)]


class Figure(_Model):
    """A photo inside an article: `{figure: 2008-06/photo-1.jpg, caption: 图为研讨会现场}`."""

    figure: FigurePath = Field(description="图片文件（JPEG 或 PNG），相对于 issues/ 文件夹，如 2008-06/photo-1.jpg")
    caption: Line | None = Field(default=None, description="图片说明，印在图片下方；没有时省略")


def _block_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, Heading):
        return "<heading>"
    if isinstance(value, Figure):
        return "<figure>"
    if isinstance(value, dict):
        if "figure" in value:
            return "<figure>"
        if "heading" in value:
            return "<heading>"
    return None


#: Discriminator tags appear in validation error locations; yamlio drops them from field paths.
BLOCK_TAGS = ("<text>", "<heading>", "<figure>")

Block = Annotated[
    Union[
        Annotated[Paragraph, Tag("<text>")],
        Annotated[Heading, Tag("<heading>")],
        Annotated[Figure, Tag("<figure>")],
    ],
    Discriminator(
        _block_kind,
        custom_error_type="block_kind",
        custom_error_message="每项应为一段文字、{heading: 小标题} 或 {figure: 图片路径, caption: 说明}",
    ),
]

Source = Annotated[Line, BeforeValidator(_strip_source_parens), AfterValidator(_not_blank)]


class Article(_Model):
    """One article: a title, an optional editor's note, its body in reading order, an optional source."""

    title: RequiredLine = Field(description="文章标题")
    note: Paragraph | None = Field(default=None, description="编者按（不含“编者按：”），印在正文之前；没有时省略")
    paragraphs: list[Block] = Field(
        min_length=1,
        description="正文，按顺序：每项一段文字，或 {heading: 小标题}，或 {figure: 图片路径, caption: 说明}",
    )
    source: Source | None = Field(
        default=None, description="来源，如 市信息办供稿，印在文末右侧的括号里；没有时省略"
    )

    def texts(self) -> list[str]:
        """The plain body paragraphs, without sub-headings and figures."""
        return [block for block in self.paragraphs if isinstance(block, str)]

    def headings(self) -> list[Heading]:
        return [block for block in self.paragraphs if isinstance(block, Heading)]

    def figures(self) -> list[Figure]:
        return [block for block in self.paragraphs if isinstance(block, Figure)]


class Section(_Model):
    """A group of articles under a heading of 本期导读 (栏目). The title may be empty."""

    title: Line | None = Field(default=None, description="栏目名；没有栏目时为 null")
    articles: list[Article] = Field(default_factory=list, description="本栏目的文章")


class Distribution(_Model):
    """报/送/发/抄送 lines of the 报尾: each a list of labels exactly as printed."""

    to_superiors: list[RequiredLine] = Field(default_factory=list, alias="报", description="报：（上级）")
    send_to: list[RequiredLine] = Field(default_factory=list, alias="送", description="送：")
    issue_to: list[RequiredLine] = Field(default_factory=list, alias="发", description="发：")
    copy_to: list[RequiredLine] = Field(default_factory=list, alias="抄送", description="抄送：")

    def groups(self) -> Iterator[tuple[str, list[str]]]:
        """(key, labels) for each non-empty line, in print order 报, 送, 发, 抄送."""
        for key in DISTRIBUTION_KEYS:
            labels = self[key]
            if labels:
                yield key, labels

    def __getitem__(self, key: str) -> list[str]:
        return getattr(self, _DISTRIBUTION_ATTRS[key])

    def labels(self) -> list[str]:
        return [label for _, labels in self.groups() for label in labels]


_DISTRIBUTION_ATTRS = {"报": "to_superiors", "送": "send_to", "发": "issue_to", "抄送": "copy_to"}


class Issue(_Model):
    """One issue (期) of a bulletin series."""

    series: RequiredLine = Field(description="刊名（报头），如 成都市政府网站简报")
    year: int = Field(ge=1900, le=2999, description="年份")
    number: int = Field(ge=1, le=999, description="期数")
    total_number: int | None = Field(default=None, ge=1, description="总第 N 期；没有时为 null")
    supplement: bool = Field(default=False, description="增刊")
    date: dt.date = Field(description="出刊日期，如 2008-10-28")
    publisher: RequiredLine = Field(description="编印单位")
    classification: Line | None = Field(default=None, description="密级或“内部资料”标识；没有时为 null")
    sections: list[Section] = Field(default_factory=list, description="栏目及文章，按刊登顺序")
    distribution: Distribution = Field(default_factory=Distribution, description="报/送/发/抄送 名单")
    copies: int | None = Field(default=None, ge=1, description="共印 N 份；没有时为 null")
    contact: Line | None = Field(default=None, description="报尾联系方式一行")
    send_at: dt.datetime | None = Field(
        default=None, description="定时发送时间（send --due 用），如 2008-10-28T09:00:00+08:00"
    )

    @property
    def id(self) -> IssueId:
        return IssueId.of(self.year, self.number, self.supplement)

    def articles(self) -> Iterator[tuple[Section, Article]]:
        for section in self.sections:
            for article in section.articles:
                yield section, article

    @property
    def article_count(self) -> int:
        return sum(len(section.articles) for section in self.sections)

    def issue_line(self) -> str:
        """The issue line as printed under the masthead: `2008 第 6 期`, `增刊第 1 期（总第 13 期）`."""
        head = f"{self.year} 增刊第 {self.number} 期" if self.supplement else f"{self.year} 第 {self.number} 期"
        if self.total_number:
            head += f"（总第 {self.total_number} 期）"
        return head

    def date_line(self) -> str:
        """`2008 年 10 月 28 日`, as printed on the unit/date line."""
        return f"{self.date.year} 年 {self.date.month} 月 {self.date.day} 日"

    def figures(self) -> Iterator[Figure]:
        for _, article in self.articles():
            yield from article.figures()

    def to_yaml_data(self) -> dict:
        """Plain data in the file's key order, with the file's own (Chinese) distribution keys.

        Optional article keys (note, source, caption) are left out when empty, so an article
        written without them comes back without them."""
        data = self.model_dump(mode="python", by_alias=True, exclude_none=False)
        drop_empty_optional_keys(data)
        return data


def drop_empty_optional_keys(data: dict) -> dict:
    """In dumped issue data, leave out the optional article keys (note, source, caption) that are
    empty: an article written without them is written back, and hashed, without them."""
    for section in data["sections"]:
        for article in section["articles"]:
            for key in ("note", "source"):
                if article.get(key) is None:
                    article.pop(key, None)
            article["paragraphs"] = [
                {k: v for k, v in block.items() if v is not None} if isinstance(block, dict) else block
                for block in article["paragraphs"]
            ]
    return data
