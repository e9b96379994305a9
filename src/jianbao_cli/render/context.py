"""The docxtpl context: the names a template may use, built from one issue.

These names are the template's interface (docs/render.md lists them); office staff see them as
`{{ series }}`, `{{ article.title }}` … in Word. Plain dicts and strings only, so a template can
never reach into the model.
"""

from __future__ import annotations

from typing import Any

#: Every top-level name a template may use. `template check` reports any other as unknown.
CONTEXT_NAMES: tuple[str, ...] = (
    "series",
    "classification",
    "issue_line",
    "publisher",
    "date_line",
    "year",
    "number",
    "total_number",
    "supplement",
    "date",
    "has_articles",
    "sections",
    "distribution",
    "copies",
    "contact",
    "section_headings_in_body",
)


def build_context(issue, layout) -> dict[str, Any]:
    sections = [
        {
            "title": section.title or "",
            "articles": [{"title": a.title, "paragraphs": a.texts()} for a in section.articles],
        }
        for section in issue.sections
    ]
    distribution = [
        {"key": key, "labels": list(labels), "text": " ".join(labels)} for key, labels in issue.distribution.groups()
    ]
    return {
        "series": issue.series,
        "classification": issue.classification or "",
        "issue_line": issue.issue_line(),
        "publisher": issue.publisher,
        "date_line": issue.date_line(),
        "year": issue.year,
        "number": issue.number,
        "total_number": issue.total_number,
        "supplement": issue.supplement,
        "date": issue.date.isoformat(),
        "has_articles": issue.article_count > 0,
        "sections": sections,
        "distribution": distribution,
        "copies": issue.copies,
        "contact": issue.contact or "",
        "section_headings_in_body": bool(layout.section_headings_in_body),
    }
