"""Editing an issue's articles and sections without touching YAML: list, move, remove, edit, set, rename.

Articles are numbered across the issue (1 … N, in reading order), as `jianbao article list` shows them.
Every edit goes through the manifest's YAML tree, so comments and key order survive; the edited issue
is validated before it is saved, atomically, and a refused edit leaves the file as it was. Figure files
that no article uses any more are moved to `issues/<id>/removed/`, never deleted.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from jianbao_cli.errors import JianbaoError
from jianbao_cli.ids import IssueId
from jianbao_cli.model.manifest import Article, Figure, Heading

REMOVED_DIR = "removed"


# --- finding things ------------------------------------------------------------------------


@dataclass
class ArticleRow:
    number: int
    section: str | None
    position: int  # 1-based inside its section
    title: str
    paragraphs: int  # plain body paragraphs, without sub-headings and figures
    headings: int
    figures: int
    note: bool
    source: str | None


def _rows(issue) -> list[ArticleRow]:
    rows = []
    for section in issue.sections:
        for position, article in enumerate(section.articles, 1):
            rows.append(
                ArticleRow(
                    number=len(rows) + 1,
                    section=section.title,
                    position=position,
                    title=article.title,
                    paragraphs=len(article.texts()),
                    headings=len(article.headings()),
                    figures=len(article.figures()),
                    note=article.note is not None,
                    source=article.source,
                )
            )
    return rows


def list_articles(ws, issue_id: IssueId | str) -> list[ArticleRow]:
    """Every article of the issue, numbered across the issue in reading order."""
    return _rows(ws.load_issue(issue_id).issue)


def _locate(document, number: int) -> tuple[int, int]:
    """(section index, article index) of article `number` (1-based across the issue)."""
    count = document.issue.article_count
    if not 1 <= number <= count:
        if count == 0:
            raise JianbaoError(f"第 {document.issue.id} 期还没有文章，没有第 {number} 篇。")
        raise JianbaoError(
            f"第 {document.issue.id} 期共有 {count} 篇文章，没有第 {number} 篇"
            f"（用 jianbao article list {document.issue.id} 查看编号）。"
        )
    remaining = number
    for s_index, section in enumerate(document.issue.sections):
        if remaining <= len(section.articles):
            return s_index, remaining - 1
        remaining -= len(section.articles)
    raise AssertionError("unreachable: number was checked against article_count")


def _number_of(issue, s_index: int, a_index: int) -> int:
    return sum(len(s.articles) for s in issue.sections[:s_index]) + a_index + 1


def _section_index(document, name: str) -> int:
    wanted = name.strip()
    for index, section in enumerate(document.issue.sections):
        if (section.title or "").strip() == wanted:
            return index
    names = "、".join(s.title or "（无名栏目）" for s in document.issue.sections) or "（无）"
    raise JianbaoError(f"第 {document.issue.id} 期没有栏目“{name}”。现有栏目：{names}。")


def _articles_seq(document, s_index: int) -> CommentedSeq:
    section = document.data["sections"][s_index]
    if section.get("articles") is None:
        section["articles"] = CommentedSeq()
    return section["articles"]


def _check_position(to: int, count: int, section: str | None, *, arriving: bool) -> None:
    if not 1 <= to <= count:
        how = "放入后共" if arriving else "现有"
        raise JianbaoError(f"--to 应在 1 到 {count} 之间（栏目“{section or ''}”{how} {count} 篇）。")


def _save(document) -> None:
    """Validate the edited tree (figure files included) and write it atomically; else change nothing."""
    from jianbao_cli.model.yamlio import check_figure_files

    issue = document.revalidate()
    check_figure_files(issue, document.data, document.path.parent, document.display_path)
    document.save()


# --- articles ------------------------------------------------------------------------------


@dataclass
class Placed:
    number: int  # the article's number across the issue after the edit
    title: str
    section: str | None
    position: int
    moved: bool = True


def move_article(
    ws, issue_id: IssueId | str, number: int, *, to: int | None = None, section: str | None = None
) -> Placed:
    """Move article `number` to position `to` of its section, or into `section` (at `to`, or at its end)."""
    if to is None and section is None:
        raise JianbaoError("请用 --to 指定新位置，或用 --section 指定要移入的栏目。")
    document = ws.load_issue(issue_id)
    s_from, a_from = _locate(document, number)
    s_to = _section_index(document, section) if section is not None else s_from
    target = document.issue.sections[s_to]
    count = len(target.articles) + (0 if s_to == s_from else 1)
    position = count if to is None else to
    _check_position(position, count, target.title, arriving=s_to != s_from)
    title = document.issue.sections[s_from].articles[a_from].title
    if s_to == s_from and position == a_from + 1:
        return Placed(number, title, target.title, position, moved=False)
    source_seq = _articles_seq(document, s_from)
    item = source_seq[a_from]
    del source_seq[a_from]
    _articles_seq(document, s_to).insert(position - 1, item)
    _save(document)
    return Placed(_number_of(document.issue, s_to, position - 1), title, target.title, position)


@dataclass
class Retired:
    """Figure files no article uses any more: moved (old → new path, for display) or left in place."""

    moved: list[tuple[str, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # still used elsewhere, or outside the issue's folder


@dataclass
class RemovedArticle:
    number: int
    title: str
    section: str | None
    paragraphs: int
    figures: Retired


def remove_article(ws, issue_id: IssueId | str, number: int) -> RemovedArticle:
    """Take article `number` out of the issue; the figure files only it used go to `issues/<id>/removed/`."""
    document = ws.load_issue(issue_id)
    s_index, a_index = _locate(document, number)
    section = document.issue.sections[s_index]
    article = section.articles[a_index]
    del _articles_seq(document, s_index)[a_index]
    _save(document)
    retired = _retire_figures(ws, document, [f.figure for f in article.figures()])
    return RemovedArticle(number, article.title, section.title, len(article.texts()), retired)


def describe_article(ws, issue_id: IssueId | str, number: int) -> ArticleRow:
    """The list row of one article (for a confirmation question); an unknown number is an error."""
    document = ws.load_issue(issue_id)
    _locate(document, number)
    return _rows(document.issue)[number - 1]


@dataclass
class Changed:
    number: int
    title: str
    changed: list[str]  # names of the parts that changed: 标题, 编者按, 正文, 来源


def set_article(
    ws,
    issue_id: IssueId | str,
    number: int,
    *,
    title: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Changed:
    """Set an article's title, note or source; an empty note or source removes it."""
    if title is None and note is None and source is None:
        raise JianbaoError("请至少给出 --title、--note 或 --source 中的一项。")
    if title is not None and not title.strip():
        raise JianbaoError("标题不能为空（--title）。")
    document = ws.load_issue(issue_id)
    s_index, a_index = _locate(document, number)
    old = document.issue.sections[s_index].articles[a_index]
    data = old.model_dump(exclude_none=True)
    if title is not None:
        data["title"] = title
    for key, value in (("note", note), ("source", source)):
        if value is not None:
            if value.strip():
                data[key] = value
            else:
                data.pop(key, None)
    return _store(document, s_index, a_index, data, number)


def _store(document, s_index: int, a_index: int, data: dict, number: int) -> Changed:
    from pydantic import ValidationError

    old = document.issue.sections[s_index].articles[a_index]
    try:
        new = Article.model_validate(data)
    except ValidationError:
        new = None  # let the whole-issue validation below report it, with file, line and field
    tree = _articles_seq(document, s_index)[a_index]
    if new is not None:
        changed = _apply(tree, old, new)
        if not changed:
            return Changed(number, old.title, [])
    else:
        changed = _apply_plain(tree, data)
    _save(document)
    return Changed(number, document.issue.sections[s_index].articles[a_index].title, changed)


def _apply_plain(tree: CommentedMap, data: dict) -> list[str]:
    """Write values the model refuses into the tree as given, so that validating the whole issue
    names the file, line and field of the problem (and nothing is saved)."""
    for key in ("title", "note", "source"):
        if key in data:
            _set_key(tree, key, data[key])
        else:
            tree.pop(key, None)
    return []


def _apply(tree: CommentedMap, old: Article, new: Article) -> list[str]:
    """Change the article's YAML tree from `old` to `new`, touching only the parts that differ."""
    changed = []
    if old.title != new.title:
        _set_key(tree, "title", new.title)
        changed.append("标题")
    if old.note != new.note:
        _set_key(tree, "note", new.note)
        changed.append("编者按")
    if old.paragraphs != new.paragraphs:
        _replace_blocks(tree["paragraphs"], old.paragraphs, new.paragraphs)
        changed.append("正文")
    if old.source != new.source:
        _set_key(tree, "source", new.source)
        changed.append("来源")
    return changed


_KEY_ORDER = ("title", "note", "paragraphs", "source")


def _set_key(tree: CommentedMap, key: str, value) -> None:
    """Set, add (in the file's usual key order) or, for None, remove an article's key."""
    if value is None:
        tree.pop(key, None)
    elif key in tree:
        tree[key] = value
    else:
        before = _KEY_ORDER[: _KEY_ORDER.index(key)]
        position = max((i + 1 for i, k in enumerate(tree) if k in before), default=0)
        tree.insert(position, key, value)


def _block_key(block) -> tuple:
    if isinstance(block, Heading):
        return ("heading", block.heading)
    if isinstance(block, Figure):
        return ("figure", block.figure, block.caption)
    return ("text", block)


def _block_tree(block):
    from jianbao_cli.model.yamlio import article_to_tree

    plain = block.model_dump(exclude_none=True) if not isinstance(block, str) else block
    return article_to_tree({"paragraphs": [plain]})["paragraphs"][0]


def _replace_blocks(seq: CommentedSeq, old: list, new: list) -> None:
    """Edit the paragraph list in place, so that untouched paragraphs keep their comments and quoting."""
    matcher = difflib.SequenceMatcher(None, [_block_key(b) for b in old], [_block_key(b) for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        for index in range(i2 - 1, i1 - 1, -1):
            del seq[index]
        for offset, block in enumerate(new[j1:j2]):
            seq.insert(i1 + offset, _block_tree(block))


def edit_article(
    ws, issue_id: IssueId | str, number: int, *, edit: Callable[[str], str] | None = None
) -> Changed:
    """Let the user edit article `number` as plain text (see `editing.textform`) and store the result.

    `edit` takes the text and returns it edited (by default: the user's editor). A text that cannot
    be read back goes back to the editor with the problems at the top; an emptied text aborts."""
    from jianbao_cli.editing.textform import FormError, format_article, is_blank, read_article, with_problems, without_problems

    document = ws.load_issue(issue_id)
    s_index, a_index = _locate(document, number)
    old = document.issue.sections[s_index].articles[a_index]
    if edit is None:
        from jianbao_cli.editing.editor import edit_text

        name = f"{document.issue.id}-{number}.txt"
        edit = lambda text: edit_text(text, name=name)  # noqa: E731
    original = format_article(old.model_dump(exclude_none=True))
    text = original
    while True:
        text = edit(text)
        if is_blank(text):
            raise JianbaoError("编辑后的内容是空的：已放弃，文章未改动。")
        if text == original:
            return Changed(number, old.title, [])
        body = without_problems(text)
        try:
            new = read_article(body, figure_root=document.path.parent)
            break
        except FormError as error:
            text = with_problems(body, error.problems)
    changed = _apply(_articles_seq(document, s_index)[a_index], old, new)
    if changed:
        _save(document)
    return Changed(number, new.title, changed)


# --- sections ------------------------------------------------------------------------------


@dataclass
class SectionChange:
    title: str | None
    position: int
    articles: list[str] = field(default_factory=list)
    figures: Retired = field(default_factory=Retired)


def rename_section(ws, issue_id: IssueId | str, old: str, new: str) -> SectionChange:
    if not new.strip():
        raise JianbaoError("新栏目名不能为空。")
    document = ws.load_issue(issue_id)
    index = _section_index(document, old)
    if any((s.title or "").strip() == new.strip() for i, s in enumerate(document.issue.sections) if i != index):
        raise JianbaoError(f"第 {document.issue.id} 期已有栏目“{new.strip()}”，不能重名；要合并请用 jianbao article move … --section。")
    document.data["sections"][index]["title"] = new.strip()
    _save(document)
    return SectionChange(new.strip(), index + 1)


def move_section(ws, issue_id: IssueId | str, name: str, to: int) -> SectionChange:
    document = ws.load_issue(issue_id)
    index = _section_index(document, name)
    count = len(document.issue.sections)
    if not 1 <= to <= count:
        raise JianbaoError(f"--to 应在 1 到 {count} 之间（第 {document.issue.id} 期共有 {count} 个栏目）。")
    if to != index + 1:
        sections = document.data["sections"]
        item = sections[index]
        del sections[index]
        sections.insert(to - 1, item)
        _save(document)
    return SectionChange(document.issue.sections[to - 1].title, to)


def remove_section(ws, issue_id: IssueId | str, name: str, *, with_articles: bool = False) -> SectionChange:
    """Remove a section: only an empty one, unless `with_articles` (then its figures go to removed/)."""
    document = ws.load_issue(issue_id)
    index = _section_index(document, name)
    section = document.issue.sections[index]
    if section.articles and not with_articles:
        raise JianbaoError(
            f"栏目“{section.title}”还有 {len(section.articles)} 篇文章，未删除；"
            f"可先用 jianbao article move 移走，或加 --yes 连同文章一起删除。"
        )
    del document.data["sections"][index]
    _save(document)
    figures = [f.figure for a in section.articles for f in a.figures()]
    return SectionChange(section.title, index + 1, [a.title for a in section.articles], _retire_figures(ws, document, figures))


# --- figure files --------------------------------------------------------------------------


def _retire_figures(ws, document, paths: list[str]) -> Retired:
    """Move figure files no article refers to any more into `issues/<id>/removed/`.

    A file stays where it is when this issue still uses it, when another issue's manifest names it, or
    when it lies outside this issue's folder (it may be shared)."""
    retired = Retired()
    still_used = {figure.figure for figure in document.issue.figures()}
    folder = (ws.issues_dir / str(document.issue.id)).resolve()
    others = [p for p in ws.issues_dir.glob("*.yaml") if p.resolve() != document.path.resolve()]
    for path in dict.fromkeys(paths):
        source = (ws.issues_dir / path).resolve()
        if path in still_used or not source.is_relative_to(folder) or _named_in(others, path) or not source.is_file():
            retired.kept.append(path)
            continue
        relative = source.relative_to(folder)
        target = _free_name(folder / REMOVED_DIR / relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        retired.moved.append((ws.display(source), ws.display(target)))
    return retired


def _named_in(manifests: list[Path], path: str) -> bool:
    for manifest in manifests:
        try:
            if path in manifest.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False


def _free_name(target: Path) -> Path:
    """`target`, or `name-2.jpg`, `name-3.jpg` … when a file of that name was removed before."""
    candidate, n = target, 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    return candidate
