"""Inputs for bench/render_bench.py: a workspace with N issues, a 100-article issue, Markdown twins."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def example_issue():
    from jianbao_cli.model.yamlio import load_manifest

    return load_manifest(REPO / "src" / "jianbao_cli" / "defaults" / "issues" / "2008-06.yaml").issue


def big_issue(articles: int = 100):
    """The example's articles repeated into `articles` articles over 5 sections."""
    base = example_issue()
    pool = [a for _, a in base.articles()]
    sections = []
    per = articles // 5
    for s in range(5):
        items = []
        for i in range(per):
            a = pool[(s * per + i) % len(pool)]
            items.append({"title": f"{a.title}（{s * per + i + 1}）", "paragraphs": list(a.paragraphs)})
        sections.append({"title": f"栏目{s + 1}", "articles": items})
    data = base.model_dump(by_alias=True)
    data["sections"] = sections
    return type(base).model_validate(data)


def make_workspace(root: Path, count: int) -> list[str]:
    """A workspace like the example, with `count` issues (2001-01 …), each the example's content."""
    from jianbao_cli.model.yamlio import issue_to_yaml

    if root.exists():
        shutil.rmtree(root)
    (root / "issues").mkdir(parents=True)
    (root / "templates").mkdir()
    shutil.copyfile(REPO / "src" / "jianbao_cli" / "defaults" / "jianbao.yaml", root / "jianbao.yaml")
    shutil.copyfile(REPO / "templates" / "briefing.docx", root / "templates" / "briefing.docx")
    base = example_issue()
    ids = []
    for n in range(count):
        year, number = 2001 + n // 50, n % 50 + 1
        issue = base.model_copy(update={"year": year, "number": number, "date": dt.date(year, 1 + n % 12, 1 + n % 28)})
        path = root / "issues" / f"{issue.id}.yaml"
        path.write_text(issue_to_yaml(issue), encoding="utf-8")
        ids.append(str(issue.id))
    return ids


def issue_markdown(issue) -> str:
    """The same content as Markdown, for pandoc: masthead, lines, contents, articles, 报尾."""
    lines = [f"# {issue.series}", "", issue.issue_line(), "", f"{issue.publisher}　{issue.date_line()}", "",
             "## 本期导读", ""]
    for section in issue.sections:
        if section.title:
            lines += [f"**{section.title}**", ""]
        lines += [f"- ☞ {a.title}" for a in section.articles] + [""]
    for _, article in issue.articles():
        lines += [f"## {article.title}", ""]
        for paragraph in article.paragraphs:
            lines += [paragraph, ""]
    for key, labels in issue.distribution.groups():
        lines += [f"{key}：{' '.join(labels)}", ""]
    if issue.contact:
        lines += [issue.contact, ""]
    return "\n".join(lines)


def make_markdown(root: Path, workspace: Path) -> list[Path]:
    from jianbao_cli.model.yamlio import load_manifest

    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    out = []
    for path in sorted((workspace / "issues").glob("*.yaml")):
        md = root / f"{path.stem}.md"
        md.write_text(issue_markdown(load_manifest(path).issue), encoding="utf-8")
        out.append(md)
    return out
