"""An issue as HTML in the bulletin's look, for the web archive (classes + style.css) and for pasting
into a CMS (`render --html`: the same markup with inline styles and images as data: URIs)."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Callable
from urllib.parse import quote

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_SERIF = "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif"
_FANGSONG = "'仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif"
_KAI = "'楷体_GB2312', '楷体', 'KaiTi', 'STKaiti', 'AR PL UKai CN', serif"
_HEI = "'黑体', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"


def styles(red: str) -> dict[str, str]:
    """CSS declarations per part of the issue: classes on the site, inline styles in a fragment."""
    red = f"#{red}"
    return {
        "issue": f"max-width:42em;margin:0 auto;color:#000;font-family:{_FANGSONG};font-size:16px;line-height:1.8",
        "classification": f"margin:0;font-family:{_HEI}",
        "masthead": f"margin:0.6em 0 0.2em;text-align:center;color:{red};font-family:{_SERIF};"
                    "font-size:2.4em;font-weight:bold;letter-spacing:0.05em;line-height:1.3",
        "issue-line": f"margin:0.4em 0;text-align:center;font-family:{_KAI}",
        "unit-date": "margin:0.4em 0 0;display:flex;justify-content:space-between;flex-wrap:wrap;gap:0 1em",
        "rule": f"border-bottom:3px solid {red};margin:0.3em 0 1.2em",
        "toc": "margin:0 0 1.5em",
        "toc-title": f"margin:0.4em 0;font-family:{_HEI};font-size:1.1em",
        "toc-section": f"margin:0.4em 0 0.2em;font-family:{_HEI}",
        "toc-list": "margin:0 0 0.4em;padding:0;list-style:none",
        "toc-item": "margin:0.15em 0 0.15em 1em",
        "toc-link": "color:inherit",
        "article": "margin:2em 0 0",
        "body-section": f"margin:1em 0 0;font-family:{_HEI}",
        "title": f"margin:0.8em 0 0.6em;text-align:center;font-family:{_SERIF};font-size:1.4em;line-height:1.5",
        "note": f"margin:0.5em 0;text-indent:2em;font-family:{_KAI}",
        "note-label": f"font-family:{_HEI}",
        "para": "margin:0.3em 0;text-indent:2em;text-align:justify",
        "h1": f"margin:0.6em 0 0.3em;text-indent:2em;font-size:1em;font-weight:normal;font-family:{_HEI}",
        "h2": f"margin:0.6em 0 0.3em;text-indent:2em;font-size:1em;font-weight:normal;font-family:{_KAI}",
        "h3": "margin:0.6em 0 0.3em;text-indent:2em;font-size:1em;font-weight:bold",
        "h4": "margin:0.6em 0 0.3em;text-indent:2em;font-size:1em;font-weight:normal",
        "figure": "margin:1em 0;text-align:center",
        "img": "max-width:100%;height:auto",
        "caption": f"margin:0.3em 0 0;text-align:center;font-family:{_KAI}",
        "source": "margin:0.3em 0;text-align:right",
        "tail": "margin:2em 0 0;border-top:2px solid #000;border-bottom:2px solid #000;font-size:0.9em",
        "tail-line": "margin:0;padding:0.2em 0.5em;border-bottom:1px solid #000",
        "tail-contact": "margin:0;padding:0.2em 0.5em",
    }


def stylesheet(red: str) -> str:
    """style.css of the site: the issue's look as classes, then the site's own rules."""
    rules = "\n".join(f".jb-{name} {{ {decl} }}" for name, decl in styles(red).items())
    return rules + "\n" + (STATIC / "site.css").read_text(encoding="utf-8")


def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(("html", "xml")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def article_view(issue, with_section_headings: bool = False):
    """Per article: anchor, blocks ready for the template; and the 本期导读 by section."""
    articles, toc = [], []
    number = 0
    for section in issue.sections:
        entry = {"title": section.title, "articles": []}
        for index, article in enumerate(section.articles):
            number += 1
            anchor = f"a{number}"
            entry["articles"].append({"anchor": anchor, "title": article.title})
            blocks = []
            for block in article.paragraphs:
                if isinstance(block, str):
                    blocks.append({"kind": "text", "text": block})
                elif hasattr(block, "heading"):
                    blocks.append({"kind": "heading", "text": block.heading, "level": block.level})
                else:
                    blocks.append({"kind": "figure", "path": block.figure, "caption": block.caption})
            heading = section.title if (with_section_headings and index == 0) else None
            articles.append({"anchor": anchor, "article": article, "blocks": blocks,
                             "section_heading": heading, "section": section.title})
        if entry["articles"]:
            toc.append(entry)
    return articles, toc


def issue_body(env, issue, *, red: str, inline: bool, figure_src: Callable[[str], str],
               with_distribution: bool, section_headings: bool = False) -> str:
    """The issue's markup: `inline` puts the styles on the elements (for a CMS), else classes."""
    from markupsafe import Markup

    table = styles(red)

    def s(name: str):
        return Markup(f'style="{table[name]}"') if inline else Markup(f'class="jb-{name}"')

    articles, toc = article_view(issue, section_headings)
    for item in articles:
        for block in item["blocks"]:
            if block["kind"] == "figure":
                block["src"] = figure_src(block["path"])
    distribution = list(issue.distribution.groups()) if with_distribution else []
    return env.get_template("issue_body.html").render(
        s=s, issue=issue, articles=articles, toc=toc, distribution=distribution,
        with_distribution=with_distribution)


def site_figure_href(path: str, root: str = "../") -> str:
    return root + "figures/" + quote(path)


def data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def fragment(workspace, issue) -> str:
    """`render --html`: one self-contained piece of HTML (inline styles, images as data: URIs)."""
    layout = workspace.settings.layout
    body = issue_body(environment(), issue, red=layout.red, inline=True,
                      figure_src=lambda p: data_uri(workspace.issues_dir / p),
                      with_distribution=False, section_headings=layout.section_headings_in_body)
    return f"<!-- {issue.series} {issue.issue_line()}：jianbao 生成的 HTML 片段，可直接粘贴到网站内容管理系统 -->\n{body}"
