"""The docxtpl context: the names a template may use, built from one issue.

These names are the template's interface (docs/render.md lists them); office staff see them as
`{{ series }}`, `{{ article.title }}` … in Word. Plain dicts and strings only, so a template can
never reach into the model. The one exception is a figure's `block.image`: ready-made Word XML
(a drawing), marked safe so that autoescape leaves it alone.
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


def build_context(issue, layout, figures=None) -> dict[str, Any]:
    """`figures`: a render.figures.FigureSet (needed when the issue has figures)."""
    sections = [
        {"title": section.title or "", "articles": [_article(a, figures) for a in section.articles]}
        for section in issue.sections
    ]
    distribution = [
        {"key": key, "labels": list(labels), "text": distribution_text(key, labels)}
        for key, labels in issue.distribution.groups()
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


def _article(article, figures) -> dict[str, Any]:
    return {
        "title": article.title,
        "note": article.note or "",
        "source": article.source or "",
        # What templates made before sub-headings and figures loop over: the plain paragraphs.
        "paragraphs": article.texts(),
        "blocks": [_block(block, figures) for block in article.paragraphs],
    }


def _block(block, figures) -> dict[str, Any]:
    """Every block has every key, so a template may test any of them without an error."""
    if isinstance(block, str):
        return {"kind": "text", "text": block, "level": 0, "path": "", "caption": "", "image": ""}
    if hasattr(block, "heading"):
        return {"kind": "heading", "text": block.heading, "level": block.level, "path": "", "caption": "",
                "image": ""}
    from markupsafe import Markup

    image = Markup(figures.drawing(block.figure, block.caption)) if figures else ""
    return {"kind": "figure", "text": "", "level": 0, "path": block.figure, "caption": block.caption or "",
            "image": image}


def distribution_text(key: str, labels) -> str:
    """报/送/发 as the seed prints them, names a space apart; 抄送 as GB/T 9704 7.4.2 sets it, names
    separated by `，` and the line ending in `。`."""
    if key != "抄送":
        return " ".join(labels)
    text = "，".join(labels)
    return text if text.endswith("。") else text + "。"
