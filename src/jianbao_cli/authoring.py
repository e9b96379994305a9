"""What an editor does to put an issue together: start one, add articles, read its contents, check it.

Edits go through the YAML tree (ruamel round-trip), so the editor's comments and key order survive,
and every save is validated first and written atomically: a refused edit leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from jianbao_cli.errors import JianbaoError, Problem, ProblemList
from jianbao_cli.ids import IssueId, is_issue_id
from jianbao_cli.model.manifest import Issue
from jianbao_cli.textutil import split_paragraphs


def today(timezone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()


def previous_issue(ws, issue_id: IssueId):
    """The latest manifest of the same series (regular or 增刊) before `issue_id`, or None."""
    earlier = [i for i in ws.issue_ids() if i.supplement == issue_id.supplement and i < issue_id]
    for candidate in reversed(earlier):
        try:
            return ws.load_issue(candidate).issue
        except JianbaoError:
            continue  # a broken older manifest should not stop a new issue
    return None


def next_issue_id(ws, date: dt.date) -> IssueId:
    """The number after the latest regular issue of `date`'s year; numbering restarts each year."""
    same_year = [i for i in ws.issue_ids() if not i.supplement and i.year == date.year]
    return IssueId.of(date.year, same_year[-1].number + 1 if same_year else 1)


@dataclass
class NewIssue:
    issue: Issue
    path: str
    based_on: str | None
    chosen_because: str | None = None  # why this id, when the caller gave none


def new_issue(ws, issue_id: IssueId | None = None, date: dt.date | None = None) -> NewIssue:
    """Write a new manifest from the settings and the previous issue; never overwrites."""
    from jianbao_cli.model.yamlio import issue_to_tree, save_tree

    settings = ws.settings
    now = today(settings.timezone)
    if issue_id is not None and ws.issue_path(issue_id).exists():
        raise JianbaoError(f"{ws.display(ws.issue_path(issue_id))} 已存在，未覆盖。要修改它请直接编辑该文件。")
    if issue_id is not None and date is None and issue_id.year != now.year:
        # An id of another year is a back issue or next year's first: today's date would contradict it.
        raise JianbaoError(
            f"第 {issue_id} 期属于 {issue_id.year} 年，而今天是 {now.isoformat()}：请用 --date 指定出刊日期，"
            f"如 jianbao new {issue_id} --date {issue_id.year}-{now.month:02d}-{now.day:02d}。"
        )
    date = date or now
    chosen_because = None
    if issue_id is None:
        issue_id = next_issue_id(ws, date)
        same_year = [i for i in ws.issue_ids() if not i.supplement and i.year == date.year]
        chosen_because = (
            f"出刊日期 {date.isoformat()} 在 {date.year} 年，该年最新一期是 {same_year[-1]}，所以取下一期"
            if same_year
            else f"出刊日期 {date.isoformat()} 在 {date.year} 年，该年还没有期刊，所以从第 1 期起"
        )
    path = ws.issue_path(issue_id)
    if path.exists():
        raise JianbaoError(f"{ws.display(path)} 已存在，未覆盖。要修改它请直接编辑该文件。")
    previous = previous_issue(ws, issue_id)
    total = None
    if previous is not None and previous.total_number:
        total = previous.total_number + 1
    issue = Issue(
        series=settings.series,
        year=issue_id.year,
        number=issue_id.number,
        total_number=total,
        supplement=issue_id.supplement,
        date=date,
        publisher=settings.publisher,
        classification=previous.classification if previous else None,
        sections=[{"title": s.title, "articles": []} for s in previous.sections] if previous else [],
        distribution=previous.distribution if previous else settings.distribution,
        copies=previous.copies if previous else settings.copies,
        contact=settings.contact,
    )
    tree = issue_to_tree(issue)
    tree.yaml_set_start_comment(f"{settings.series} {issue.issue_line()}")
    if total is not None:
        tree.yaml_add_eol_comment("总第 N 期：上一期加 1", "total_number")
    save_tree(path, tree)
    return NewIssue(issue=issue, path=ws.display(path), based_on=str(previous.id) if previous else None,
                    chosen_because=chosen_because)


@dataclass
class Placement:
    section_index: int
    section_title: str | None
    position: int  # 1-based within the section
    section_created: bool
    paragraphs: int


def add_article(
    ws,
    issue_id: IssueId | str,
    *,
    section: str,
    title: str,
    body: str,
    position: int | None = None,
    new_section: bool = False,
) -> Placement:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    document = ws.load_issue(issue_id)
    paragraphs = split_paragraphs(body)
    if not title.strip():
        raise JianbaoError("标题不能为空（--title）。")
    if not paragraphs:
        raise JianbaoError("正文为空：请用 --file 指定正文文件，或从标准输入提供正文。")

    article = CommentedMap()
    article["title"] = title.strip()
    article["paragraphs"] = CommentedSeq(paragraphs)
    placed = place_article(document, article, section=section, position=position, new_section=new_section)
    document.revalidate()
    document.save()
    return placed


def place_article(document, article: CommentedMap, *, section: str, position: int | None = None,
                  new_section: bool = False) -> Placement:
    """Insert an article's YAML tree into `document.data` (not validated, not saved): into `section` at
    `position` (1-based; default the end), creating the section at the end when `new_section` allows."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = document.data
    sections = data.get("sections")
    if sections is None:
        sections = CommentedSeq()
        data["sections"] = sections
    index = next((i for i, s in enumerate(sections) if _same_title(s.get("title"), section)), None)
    created = False
    if index is None:
        if not new_section:
            names = "、".join(str(s.get("title")) for s in sections) or "（无）"
            raise JianbaoError(
                f"第 {document.issue.id} 期没有栏目“{section}”。现有栏目：{names}。要新建栏目请加 --new-section。"
            )
        new = CommentedMap()
        new["title"] = section
        new["articles"] = CommentedSeq()
        sections.append(new)
        index, created = len(sections) - 1, True

    articles = sections[index].get("articles")
    if articles is None:
        articles = CommentedSeq()
        sections[index]["articles"] = articles
    count = len(articles)
    if position is None:
        position = count + 1
    if not 1 <= position <= count + 1:
        raise JianbaoError(f"--position 应在 1 到 {count + 1} 之间（栏目“{section}”现有 {count} 篇）。")
    articles.insert(position - 1, article)
    return Placement(index, section, position, created, len(article.get("paragraphs") or []))


def _same_title(value, wanted: str) -> bool:
    return (str(value).strip() if value is not None else "") == wanted.strip()


def contents(issue: Issue) -> dict:
    """本期导读 as data: `{"issue": "2008-06", "sections": [{"title": …, "articles": [title, …]}]}`."""
    return {
        "issue": str(issue.id),
        "sections": [
            {"title": section.title, "articles": [article.title for article in section.articles]}
            for section in issue.sections
        ],
    }


def contents_text(issue: Issue) -> str:
    lines = ["本期导读"]
    for section in issue.sections:
        if section.title:
            lines.append(section.title)
        lines.extend(f"☞ {article.title}" for article in section.articles)
    return "\n".join(lines) + "\n"


def contents_markdown(issue: Issue) -> str:
    lines = [f"# {issue.series} {issue.issue_line()}", "", "## 本期导读", ""]
    for section in issue.sections:
        if section.title:
            lines += [f"### {section.title}", ""]
        lines += [f"- ☞ {article.title}" for article in section.articles]
        lines.append("")
    return "\n".join(lines)


@dataclass
class CheckResult:
    checked: list[str]
    problems: list[Problem]
    warnings: list[Problem]


def check_issues(ws, ids: list[IssueId] | None = None) -> CheckResult:
    """Validate the settings, the recipients file, every manifest and its labels; collect every problem."""
    from jianbao_cli.model.yamlio import no_articles_problem
    from jianbao_cli.recipients import check_labels, load_recipients

    problems: list[Problem] = []
    warnings: list[Problem] = []
    try:
        ws.settings  # jianbao.yaml: a typo such as `hots:` is found here, not first by send
    except ProblemList as error:
        problems.extend(error.items)
    recipients = None
    try:
        recipients = load_recipients(ws.recipients_path, ws.display(ws.recipients_path))
    except ProblemList as error:
        problems.extend(error.items)
    targets = ids if ids is not None else ws.issue_ids()
    checked = []
    for issue_id in targets:
        checked.append(str(issue_id))
        try:
            document = ws.load_issue(issue_id)
        except ProblemList as error:
            problems.extend(error.items)
            if recipients is not None:
                problems.extend(_labels_of_broken_manifest(ws, issue_id, recipients))
            continue
        except JianbaoError as error:
            problems.append(Problem(ws.display(ws.issue_path(issue_id)), str(error)))
            continue
        if recipients is not None:
            problems.extend(check_labels(document, recipients))
        empty = no_articles_problem(document)
        if empty is not None:
            problems.append(empty)
        else:
            for index, section in enumerate(document.issue.sections):
                if not section.articles:
                    warnings.append(
                        Problem(document.display_path, "栏目还没有文章：本期导读里会印出一个空栏目，请加文章或删去该栏目", field=f"sections[{index}]")
                    )
        if not document.issue.distribution.labels():
            warnings.append(Problem(document.display_path, "没有任何分发对象", field="distribution"))
        warnings.extend(ambiguous_labels(document))
    if ids is None:
        for path in sorted(ws.issues_dir.glob("*.yaml")):
            if not is_issue_id(path.stem):
                warnings.append(Problem(ws.display(path), "文件名不是期号（如 2008-06.yaml），已忽略"))
    return CheckResult(checked=checked, problems=problems, warnings=warnings)


def ambiguous_labels(document) -> list[Problem]:
    """Labels that the printed 报尾 would show as two: 报/送/发 items are separated by spaces, 抄送 items
    by `，` (GB/T 9704 7.4.2); such a label also comes back as two items when the issue is imported."""
    from jianbao_cli.model.yamlio import line_of

    found = []
    for key, labels in document.issue.distribution.groups():
        separator, name = ("，", "“，”") if key == "抄送" else (" ", "空格")
        for index, label in enumerate(labels):
            text = label.strip()
            if separator in text or (separator == " " and any(c.isspace() for c in text)):
                message = (f"“{text}”中有{name}：报尾中{key}的各项以{name}分隔，印出来像是两项"
                           f"（是两个单位就分成两项写，是一个单位就去掉{name}）")
                found.append(Problem(document.display_path, message, field=f"distribution.{key}[{index}]",
                                     line=line_of(document.data, ("distribution", key, index))))
    return found


def _labels_of_broken_manifest(ws, issue_id: IssueId, recipients) -> list[Problem]:
    """Unknown labels of a manifest that does not validate: read from its YAML tree, if it parses."""
    from jianbao_cli.model.yamlio import parse_tree, read_manifest_text
    from jianbao_cli.recipients import check_labels_in_tree

    path = ws.issue_path(issue_id)
    display = ws.display(path)
    try:
        data = parse_tree(read_manifest_text(path, display), display)
    except JianbaoError:
        return []  # a syntax error was reported already; there is no tree to read labels from
    return check_labels_in_tree(data, display, recipients)


@dataclass
class IssueRow:
    id: str
    date: str | None
    articles: int | None
    rendered: str  # "current", "stale" or "missing" (stable codes for scripts)
    sent: str | None  # the delivery summary as printed, or None when never sent
    delivery: dict[str, int] | None = None  # {state: people} from the ledger
    problem: str | None = None
    review: str | None = None  # 待审, 已审 王主任 10-27 16:05, 审后有改动; None when review is not used


RENDERED_WORDS = {"current": "已生成", "stale": "已过期", "missing": "未生成"}


def list_issues(ws) -> list[IssueRow]:
    from jianbao_cli.delivery.summary import delivery_counts, delivery_summary

    ledger = delivery_counts(ws)
    rows = []
    for issue_id in ws.issue_ids():
        counts = ledger.get(str(issue_id)) or None
        try:
            document = ws.read_issue(issue_id)  # libyaml and the cache; ruamel only to explain a broken one
            issue = document.issue
        except JianbaoError as error:
            rows.append(IssueRow(str(issue_id), None, None, "missing", None, counts, problem=error.problems[0]))
            continue
        rows.append(
            IssueRow(
                id=str(issue_id),
                date=issue.date.isoformat(),
                articles=issue.article_count,
                rendered=rendered_state(ws, issue_id),
                sent=delivery_summary(ws, issue_id, counts or {}),
                delivery=counts,
                review=review_label(ws, document),
            )
        )
    return rows


def rendered_state(ws, issue_id: IssueId) -> str:
    from jianbao_cli.render import is_rendered_current

    if not ws.rendered_docx(issue_id).exists():
        return "missing"
    return "current" if is_rendered_current(ws, issue_id) else "stale"


def review_label(ws, document) -> str | None:
    from jianbao_cli.review.signoff import approvals, review_state

    if not ws.settings.review.required and not approvals(ws, str(document.issue.id)):
        return None
    return review_state(ws, document).label


def manifest_schema() -> dict:
    schema = Issue.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jianbao 期刊清单（issues/YYYY-NN.yaml）"
    return schema
