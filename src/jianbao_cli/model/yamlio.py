"""Load and save manifests: line numbers in every message, comments kept on edit, atomic saves."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from jianbao_cli.errors import Problem, ProblemList
from jianbao_cli.fsutil import atomic_write_text
from jianbao_cli.model.manifest import BLOCK_TAGS, DISTRIBUTION_KEYS, Issue
from jianbao_cli.model.xmlsafe import describe_char, find_xml_illegal

MAX_MANIFEST_BYTES = 20 * 1024 * 1024

# ruamel.yaml is imported where a tree is parsed, explained or written, not at import: commands that
# only read a valid manifest go through model.quickload and never need it.


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.width = 4096  # never fold long Chinese paragraphs in the file
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    # ruamel writes None as an empty value; editors read `null` more easily and the example uses it.
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


@dataclass
class ManifestDocument:
    """A manifest as loaded: the typed issue, plus the YAML tree that keeps comments and key order."""

    path: Path
    display_path: str
    data: CommentedMap
    issue: Issue

    def revalidate(self) -> Issue:
        """Validate `data` after an edit; raises ProblemList with line numbers."""
        self.issue = validate_tree(self.data, self.display_path)
        return self.issue

    def save(self) -> None:
        save_tree(self.path, self.data)

    def require_articles(self) -> None:
        """An issue to render or send must have an article; a new issue legitimately has none yet."""
        problem = no_articles_problem(self)
        if problem is not None:
            raise ProblemList([problem])


def no_articles_problem(document: "ManifestDocument") -> Problem | None:
    if document.issue.article_count:
        return None
    return Problem(
        document.display_path,
        "本期还没有任何文章，不能生成或发送；请先用 jianbao add-article 加文章",
        line=line_of(document.data, ("sections",)),
        field="sections",
    )


def read_manifest_text(path: Path, display_path: str) -> str:
    """Read bytes as UTF-8 (BOM and CRLF accepted) or report why not."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProblemList([Problem(display_path, "文件不存在")]) from None
    except OSError as exc:
        raise ProblemList([Problem(display_path, f"无法读取：{exc.strerror}")]) from None
    if size > MAX_MANIFEST_BYTES:
        raise ProblemList([Problem(display_path, f"文件过大（{size} 字节），不像是期刊清单")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemList(
            [Problem(display_path, "不是有效的 UTF-8 文本，请用 UTF-8 编码保存", line=line)]
        ) from None
    text = text.replace("\r\n", "\n")
    bad = find_xml_illegal(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise ProblemList(
            [
                Problem(
                    display_path,
                    f"第 {column} 列含有 XML 无法容纳的字符 {describe_char(bad.group())}，请删除",
                    line=line,
                )
            ]
        )
    return text


def parse_tree(text: str, display_path: str) -> CommentedMap:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "无法解析"
        raise ProblemList([Problem(display_path, f"YAML 语法错误：{what}", line=line)]) from None
    except YAMLError as exc:
        raise ProblemList([Problem(display_path, f"YAML 语法错误：{exc}")]) from None
    except ValueError:
        # ruamel builds dates while parsing and raises a bare ValueError (no position) for 2008-13-45.
        raise ProblemList([_bad_date_problem(text, display_path)]) from None
    if data is None:
        raise ProblemList([Problem(display_path, "文件是空的")])
    if not isinstance(data, CommentedMap):
        raise ProblemList([Problem(display_path, "顶层应为映射（键: 值），例如 series: …", line=1)])
    return data


_DATE_LIKE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")


def _bad_date_problem(text: str, display_path: str) -> Problem:
    for number, line in enumerate(text.split("\n"), 1):
        for match in _DATE_LIKE.finditer(line):
            try:
                dt.date(*map(int, match.groups()))
            except ValueError:
                return Problem(display_path, f"“{match.group()}”不是有效的日期", line=number)
    return Problem(display_path, "含有无效的日期")


def load_manifest(path: Path, display_path: str | None = None) -> ManifestDocument:
    display = display_path or str(path)
    text = read_manifest_text(path, display)
    data = parse_tree(text, display)
    issue = validate_tree(data, display)
    check_figure_files(issue, data, path.parent, display)
    return ManifestDocument(path=path, display_path=display, data=data, issue=issue)


def figure_locations(issue: Issue):
    """(loc, figure) for every figure of the issue, loc as a validation error would name it."""
    for s_index, section in enumerate(issue.sections):
        for a_index, article in enumerate(section.articles):
            for b_index, block in enumerate(article.paragraphs):
                if not isinstance(block, str) and hasattr(block, "figure"):
                    yield ("sections", s_index, "articles", a_index, "paragraphs", b_index, "figure"), block


def check_figure_files(issue: Issue, data: CommentedMap, base_dir: Path, display_path: str) -> None:
    """Every figure must be a readable JPEG or PNG beside the manifest; all problems at once."""
    from jianbao_cli.model.images import NotAnImage, image_info

    problems = []
    for loc, figure in figure_locations(issue):
        try:
            image_info(base_dir / figure.figure)
        except NotAnImage as reason:
            problems.append(
                Problem(display_path, f"{reason}：{figure.figure}", line=line_of(data, loc), field=_field_path(loc))
            )
    if problems:
        raise ProblemList(problems)


def validate_tree(data: CommentedMap, display_path: str, model: type[BaseModel] = Issue):
    """Validate a YAML tree against `model` (the manifest by default); every problem with its line."""
    # Escapes such as "\ud800" in a quoted scalar only exist after parsing: find them here, by field.
    illegal = {loc: message for loc, message in _illegal_strings(data, ())}
    problems = [
        Problem(display_path, message, line=line_of(data, loc), field=_field_path(loc))
        for loc, message in illegal.items()
    ]
    try:
        issue = model.model_validate(to_plain(data))
    except ValidationError as exc:
        problems += [
            Problem(
                display_path,
                _message(error),
                line=line_of(data, error["loc"]),
                field=_field_path(error["loc"]),
            )
            for error in exc.errors(include_url=False)
            if tuple(error["loc"]) not in illegal
        ]
    if problems:
        raise ProblemList(problems)
    return issue


def _illegal_strings(node: Any, loc: tuple):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _illegal_strings(value, (*loc, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _illegal_strings(value, (*loc, index))
    elif isinstance(node, str):
        bad = find_xml_illegal(node)
        if bad:
            yield loc, (
                f"含有 XML 无法容纳的字符 {describe_char(bad.group())}（第 {bad.start() + 1} 个字符），请删除"
            )


def to_plain(node: Any) -> Any:
    """ruamel's round-trip types as plain Python (str subclasses and TimeStamp included)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime.fromisoformat(node.isoformat())
    return node


def _field_path(loc: tuple) -> str:
    out = ""
    for part in _without_tags(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(顶层)"


def _without_tags(loc) -> tuple:
    """A union's discriminator tag (`<figure>`) is pydantic's, not a key of the file."""
    return tuple(part for part in loc if part not in BLOCK_TAGS)


def line_of(data: Any, loc: tuple) -> int | None:
    """The 1-based line of the deepest node of `loc` that exists in the YAML tree."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = data
    line = getattr(getattr(data, "lc", None), "line", None)
    for part in _without_tags(loc):
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0]
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0]
                node = node[part]
            else:
                break
        except (KeyError, IndexError, AttributeError, TypeError):
            break
    return None if line is None else line + 1


_MESSAGES = {
    "missing": "缺少此项",
    "string_too_short": "不能为空",
    "too_short": "至少要有一项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，如 2008-10-28",
    "date_parsing": "应为日期，如 2008-10-28",
    "date_from_datetime_parsing": "应为日期，如 2008-10-28",
    "date_from_datetime_inexact": "应为日期（不带时间），如 2008-10-28",
    "datetime_type": "应为日期时间，如 2008-10-28T09:00:00+08:00",
    "datetime_parsing": "应为日期时间，如 2008-10-28T09:00:00+08:00",
    "datetime_from_date_parsing": "应为日期时间，如 2008-10-28T09:00:00+08:00",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "extra_forbidden": "未知的项（拼写错误？）",
    "string_type": "应为文本",
}


def _message(error: dict) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    bounds = {"greater_than_equal": ("ge", "应不小于"), "greater_than": ("gt", "应大于"),
              "less_than_equal": ("le", "应不大于"), "less_than": ("lt", "应小于")}
    if kind in bounds:
        key, words = bounds[kind]
        return f"{words} {error['ctx'][key]:g}"
    if kind == "string_pattern_mismatch":
        return f"格式不对（应符合 {error['ctx']['pattern']}）"
    if kind == "literal_error":
        return f"只能是 {error['ctx']['expected']}"
    if kind == "string_type" and error.get("input") is None:
        return "不能为空"
    if kind == "extra_forbidden" and error["loc"] and error["loc"][0] == "distribution":
        return f"未知的分发项，只能是 {'、'.join(DISTRIBUTION_KEYS)}"
    return _MESSAGES.get(kind, error["msg"])


# --- writing -------------------------------------------------------------------------------


def dump_tree(data: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def save_tree(path: Path, data: Any) -> None:
    atomic_write_text(path, dump_tree(data))


def issue_to_tree(issue: Issue) -> CommentedMap:
    """A fresh YAML tree for an issue: file key order, distribution lists in flow style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    plain = issue.to_yaml_data()
    tree = CommentedMap()
    for key, value in plain.items():
        if key == "sections":
            seq = CommentedSeq()
            for section in value:
                sec = CommentedMap()
                sec["title"] = section["title"]
                arts = CommentedSeq()
                for article in section["articles"]:
                    arts.append(article_to_tree(article))
                sec["articles"] = arts
                seq.append(sec)
            tree[key] = seq
        elif key == "distribution":
            dist = CommentedMap()
            for dkey in DISTRIBUTION_KEYS:
                if value.get(dkey):
                    labels = CommentedSeq(value[dkey])
                    labels.fa.set_flow_style()
                    dist[dkey] = labels
            tree[key] = dist
        elif key == "send_at" and value is None:
            continue
        elif key == "classification" and value is None:
            continue
        else:
            tree[key] = value
    return tree


def article_to_tree(article: dict) -> CommentedMap:
    """One article's plain data (as `Issue.to_yaml_data` gives it) as a YAML tree; figures and
    sub-headings in flow style, one per line, as a person would write them."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    tree = CommentedMap()
    for key, value in article.items():
        if key == "paragraphs":
            blocks = CommentedSeq()
            for block in value:
                if isinstance(block, dict):
                    item = CommentedMap(block)
                    item.fa.set_flow_style()
                    blocks.append(item)
                else:
                    blocks.append(block)
            tree[key] = blocks
        else:
            tree[key] = value
    return tree


def issue_to_yaml(issue: Issue) -> str:
    return dump_tree(issue_to_tree(issue))


def save_issue(path: Path, issue: Issue) -> None:
    save_tree(path, issue_to_tree(issue))
