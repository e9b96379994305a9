"""An article as plain text, for `jianbao article edit`: written out for an editor and read back.

    标题

    编者按：……

    第一段。

    # 一、小标题

    ![图片说明](2008-06/photo-1.jpg)

    第二段。

    ——（市信息办供稿）

Lines starting with `//` are comments (help, error messages) and are dropped, as `git commit` drops `#`
lines; `#` already means a sub-heading here. A text line that would otherwise be read as markup starts
with a backslash, which is removed, so every article survives `parse(format(article)) == article`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jianbao_cli.textutil import join_wrapped_lines, normalize_newlines

COMMENT = "//"
NOTE_PREFIXES = ("编者按：", "编者按:")
SOURCE_PREFIX = "——"
ESCAPE = "\\"

_FIGURE = re.compile(r"^!\[(?P<inner>.*)\)$")
_SOURCE_PARENS = re.compile(r"^[（(](.*)[）)]$")

HELP = (
    "以 // 开头的行是说明，保存时忽略。",
    "第一行是标题，空一行后是正文，段与段之间空一行。",
    "编者按：……  紧跟标题，可省略；  # 一、……  是小标题；  ![图片说明](2008-06/photo-1.jpg)  是图片；",
    "最后一行  ——（市信息办供稿）  是来源，可省略。文字行若以 # ![ // —— 编者按 \\ 开头，请在行首加 \\。",
    "保存并关闭编辑器即存入清单；清空全部内容，或让编辑器以非零状态退出（如 vim 的 :cq），则不作任何修改。",
)


@dataclass
class FormProblem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.message}" if self.line else self.message


class FormError(Exception):
    """The edited text cannot be read back as an article; each problem names its line."""

    def __init__(self, problems: list[FormProblem]):
        super().__init__("；".join(str(p) for p in problems))
        self.problems = problems


# --- writing -------------------------------------------------------------------------------


def _needs_escape(text: str) -> bool:
    return (
        text.startswith((ESCAPE, "#", "![", COMMENT, SOURCE_PREFIX))
        or text.startswith(NOTE_PREFIXES)
    )


def escape_line(text: str) -> str:
    return ESCAPE + text if _needs_escape(text) else text


def comment_lines(lines) -> list[str]:
    return [f"{COMMENT} {line}".rstrip() for line in lines]


def format_article(article: dict, *, help: bool = True) -> str:
    """The plain-text form of an article given as plain data (`Issue.to_yaml_data` style)."""
    out = [escape_line(article["title"]), ""]
    if article.get("note"):
        out += [NOTE_PREFIXES[0] + article["note"], ""]
    for block in article["paragraphs"]:
        if isinstance(block, str):
            out.append(escape_line(block))
        elif "heading" in block:
            out.append("# " + block["heading"])
        else:
            out.append(f"![{block.get('caption') or ''}]({block['figure']})")
        out.append("")
    if article.get("source"):
        out += [f"{SOURCE_PREFIX}（{article['source']}）", ""]
    if help:
        out += comment_lines(HELP)
    return "\n".join(out).rstrip("\n") + "\n"


# --- reading -------------------------------------------------------------------------------


@dataclass
class _Item:
    kind: str  # text, note, source, heading, figure
    value: object
    line: int


def strip_comments(text: str) -> str:
    return "\n".join(line for line in normalize_newlines(text).split("\n") if not line.startswith(COMMENT))


def is_blank(text: str) -> bool:
    return not strip_comments(text).strip()


def parse_article(text: str) -> tuple[dict, dict]:
    """Plain article data and, for each part (`title`, `note`, `source`, `paragraphs[i]`), its line.

    Raises FormError naming every problem found."""
    problems: list[FormProblem] = []
    items: list[_Item] = []
    pending: list[tuple[int, str, bool]] = []  # (line, text, escaped)

    def flush() -> None:
        if not pending:
            return
        first_line, first_text, escaped = pending[0]
        joined = join_wrapped_lines([t for _, t, _ in pending])
        kind, value = "text", joined
        if not escaped and first_text.startswith(NOTE_PREFIXES):
            kind, value = "note", joined[len(NOTE_PREFIXES[0]):].strip()
        elif not escaped and first_text.startswith(SOURCE_PREFIX):
            kind, value = "source", _source_text(joined[len(SOURCE_PREFIX):].strip())
        items.append(_Item(kind, value, first_line))
        pending.clear()

    for number, raw in enumerate(normalize_newlines(text).split("\n"), 1):
        if raw.startswith(COMMENT):
            continue
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(ESCAPE):
            pending.append((number, line[1:], True))
        elif line.startswith("#"):
            flush()
            items.append(_Item("heading", line[1:].strip(), number))
        elif line.startswith("!["):
            flush()
            figure = _figure(line)
            if figure is None:
                problems.append(FormProblem(number, "图片应写作 ![图片说明](2008-06/photo-1.jpg)，说明可以留空"))
            else:
                items.append(_Item("figure", figure, number))
        else:
            pending.append((number, line, False))
    flush()

    article, lines = _assemble(items, problems)
    if problems:
        raise FormError(problems)
    return article, lines


def _figure(line: str) -> dict | None:
    match = _FIGURE.match(line)
    if not match or "](" not in match.group("inner"):
        return None
    caption, path = match.group("inner").rsplit("](", 1)
    figure = {"figure": path.strip()}
    if caption.strip():
        figure["caption"] = caption.strip()
    return figure


def _source_text(text: str) -> str:
    match = _SOURCE_PARENS.match(text)
    return match.group(1).strip() if match else text


def _assemble(items: list[_Item], problems: list[FormProblem]) -> tuple[dict, dict]:
    article: dict = {}
    lines: dict = {}
    if not items:
        problems.append(FormProblem(None, "没有内容：第一行应是文章标题"))
        return article, lines
    head, rest = items[0], items[1:]
    if head.kind != "text":
        problems.append(FormProblem(head.line, "第一行应是文章标题（一行文字），不能是编者按、小标题、图片或来源"))
    else:
        article["title"], lines["title"] = head.value, head.line
    if rest and rest[0].kind == "note":
        note = rest.pop(0)
        if not note.value:
            problems.append(FormProblem(note.line, "编者按是空的：不要编者按就删去这一行"))
        article["note"], lines["note"] = note.value, note.line
    source = None
    if rest and rest[-1].kind == "source":
        source = rest.pop()
        if not source.value:
            problems.append(FormProblem(source.line, "来源是空的：不要来源就删去这一行"))
    blocks = []
    for item in rest:
        if item.kind == "note":
            problems.append(FormProblem(item.line, "编者按只能紧跟在标题之后；若这是正文，请在行首加 \\"))
        elif item.kind == "source":
            problems.append(FormProblem(item.line, "来源（——（…））只能放在文章最后；若这是正文，请在行首加 \\"))
        elif item.kind == "heading":
            if not item.value:
                problems.append(FormProblem(item.line, "小标题是空的：# 后面应写小标题，如 # 一、总体情况"))
            lines[f"paragraphs[{len(blocks)}]"] = item.line
            blocks.append({"heading": item.value})
        else:
            lines[f"paragraphs[{len(blocks)}]"] = item.line
            blocks.append(item.value)
    article["paragraphs"] = blocks
    if head.kind == "text" and not blocks:
        problems.append(FormProblem(None, "正文是空的：标题之后至少要有一段文字、小标题或图片"))
    if source is not None:
        article["source"], lines["source"] = source.value, source.line
    return article, lines


def read_article(text: str, *, figure_root: Path | None = None):
    """Parse the form and validate it as an `Article`; every problem (form or model) with its line.

    With `figure_root` (the `issues/` folder) each figure file must also be a readable JPEG or PNG."""
    from pydantic import ValidationError

    from jianbao_cli.model.manifest import BLOCK_TAGS, Article, Figure
    from jianbao_cli.model.yamlio import _message as validation_message

    data, lines = parse_article(text)
    try:
        article = Article.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            loc = [part for part in item["loc"] if part not in BLOCK_TAGS]
            key = f"paragraphs[{loc[1]}]" if loc[:1] == ["paragraphs"] and len(loc) > 1 else str(loc[0])
            part = f"{_PART_NAMES[loc[0]]}：" if len(loc) == 1 and loc[0] in _PART_NAMES else ""
            problems.append(FormProblem(lines.get(key), part + validation_message(item)))
        raise FormError(problems) from None
    if figure_root is not None:
        from jianbao_cli.model.images import NotAnImage, image_info

        problems = []
        for index, block in enumerate(article.paragraphs):
            if isinstance(block, Figure):
                try:
                    image_info(figure_root / block.figure)
                except NotAnImage as reason:
                    problems.append(FormProblem(lines.get(f"paragraphs[{index}]"), f"{reason}：{block.figure}"))
        if problems:
            raise FormError(problems)
    return article


def without_problems(text: str) -> str:
    """The text without the comment lines at its top (where the previous round's problems were)."""
    lines = normalize_newlines(text).split("\n")
    while lines and lines[0].startswith(COMMENT):
        lines.pop(0)
    return "\n".join(lines)


def with_problems(body: str, problems: list[FormProblem]) -> str:
    """The problems as comment lines on top of the text, as `git commit` shows its help; the line
    numbers are those of the file the user will see."""
    offset = len(problems) + 2  # the first line, one per problem, and a separating comment line
    header = ["无法保存，请改正以下问题后保存（清空全部内容则放弃修改）："]
    header += [f"  第 {p.line + offset} 行：{p.message}" if p.line else f"  {p.message}" for p in problems]
    header.append("")
    return "\n".join(comment_lines(header)) + "\n" + body


_PART_NAMES = {"title": "标题", "note": "编者按", "paragraphs": "正文", "source": "来源"}
