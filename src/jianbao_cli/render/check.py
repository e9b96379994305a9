"""`jianbao template check`: is a (possibly hand-edited) template still usable?

A template is rendered with a sample issue that uses every field (密级, 总第 N 期, 报/送/发/抄送,
共印 N 份, 编者按, 小标题, 图片与说明, 来源 …) and the output is searched for each sample text: a
template that lost `{{ contact }}` or `{{ block.text }}` would silently drop content, and is refused
like a malformed tag is.

The parts of an article added later (编者按, 小标题, 图片, 图片说明, 来源) are "gaps" when missing,
not faults: a template an office edited before they existed still renders every issue that does not
use them; `render` refuses an issue that does (render.ensure_printable), rather than drop its photos.
"""

from __future__ import annotations

import datetime as dt
import re

#: Paragraph style names the rendered document carries (the importer reads them back).
REQUIRED_STYLES: tuple[str, ...] = (
    "JB Masthead",
    "JB Classification",
    "JB Issue Line",
    "JB Unit Date",
    "JB TOC Heading",
    "JB TOC Section",
    "JB TOC Item",
    "JB Section Heading",
    "JB Article Title",
    "JB Body",
    "JB Distribution",
    "JB Copies",
    "JB Contact",
)

#: The article parts a template may lack (an older template): key → (name in messages, styles they use).
ARTICLE_PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "note": ("编者按 {{ article.note }}", ("JB Note",)),
    "heading": ("小标题（article.blocks 中 kind 为 heading 的项）",
                ("JB Heading 1", "JB Heading 2", "JB Heading 3", "JB Heading 4")),
    "figure": ("图片 {{ block.image }}", ("JB Figure",)),
    "caption": ("图片说明 {{ block.caption }}", ("JB Caption",)),
    "source": ("来源 {{ article.source }}", ("JB Source",)),
}

#: Every paragraph style a rendered article part may carry (the importer reads them back).
ARTICLE_STYLES: tuple[str, ...] = tuple(style for _, styles in ARTICLE_PARTS.values() for style in styles)

SAMPLE_FIGURE = "2031-07/样例图片.png"
SAMPLE_HEADINGS = ("一、样例小标题甲", "（一）样例小标题乙", "1.样例小标题丙", "（1）样例小标题丁")

_TAGS = re.compile(r"<[^>]+>")


def sample_issue():
    from jianbao_cli.model.manifest import Issue

    return Issue.model_validate(
        {
            "series": "样例简报刊名",
            "year": 2031,
            "number": 7,
            "total_number": 77,
            "supplement": False,
            "date": dt.date(2031, 5, 9),
            "publisher": "样例编印单位",
            "classification": "样例密级标识",
            "sections": [
                {"title": "样例栏目甲", "articles": [
                    {"title": "样例标题一", "note": "样例编者按文字", "source": "样例来源单位供稿", "paragraphs": [
                        "样例正文一之一", {"heading": SAMPLE_HEADINGS[0]}, {"heading": SAMPLE_HEADINGS[1]}, "样例正文一之二",
                        {"heading": SAMPLE_HEADINGS[2]}, {"heading": SAMPLE_HEADINGS[3]},
                        {"figure": SAMPLE_FIGURE, "caption": "样例图片说明文字"}, "样例正文一之三"]},
                    {"title": "样例标题二", "paragraphs": ["样例正文二之一"]},
                ]},
                {"title": None, "articles": [{"title": "样例标题三", "paragraphs": ["样例正文三之一"]}]},
            ],
            "distribution": {"报": ["样例报甲"], "送": ["样例送甲", "样例送乙"], "发": ["样例发甲"], "抄送": ["样例抄送甲"]},
            "copies": 4321,
            "contact": "样例联系方式",
        }
    )


def _expected(issue) -> list[tuple[str, str]]:
    """(what, text) pairs that must appear in the rendered body."""
    items = [
        ("刊名 {{ series }}", issue.series),
        ("密级 {{ classification }}", issue.classification),
        ("期号行 {{ issue_line }}", issue.issue_line()),
        ("编印单位 {{ publisher }}", issue.publisher),
        ("日期 {{ date_line }}", issue.date_line()),
    ]
    for section, article in issue.articles():
        items.append(("文章标题 {{ article.title }}", article.title))
        for paragraph in article.texts():
            items.append(("正文段落 {{ block.text }}", paragraph))
    for section in issue.sections:
        if section.title:
            items.append(("栏目名 {{ section.title }}", section.title))
    for key, labels in issue.distribution.groups():
        items.append((f"{key}：行（{{{{ line.key }}}}）", f"{key}："))
        for label in labels:
            items.append((f"{key}：名单（{{{{ line.text }}}}）", label))
    items.append(("印数 {{ copies }}", str(issue.copies)))
    items.append(("联系方式 {{ contact }}", issue.contact))
    return items


def sample_figures(template):
    """The sample issue's one figure, made without Pillow or a file."""
    from jianbao_cli.render.figures import EmbeddedFigure, FigureSet, PreparedImage, fit, tiny_png, type_area

    image = PreparedImage(tiny_png(), "png", 4, 3)
    cx, cy = fit(4, 3, type_area(template.part("word/document.xml")))
    figure = EmbeddedFigure(SAMPLE_FIGURE, image, "rIdJbFigSample", "media/jianbao-figure-sample.png", cx, cy)
    return FigureSet([figure], 90000)


def template_problems(template) -> list[str]:
    """Problems of a compiled template, in Chinese; empty when it is usable."""
    return examine_template(template)[0]


def examine_template(template) -> tuple[list[str], list[str]]:
    """(problems, gaps): problems make the template unusable; gaps are ARTICLE_PARTS keys it does not print."""
    from jianbao_cli.render.context import CONTEXT_NAMES, build_context
    from jianbao_cli.render.engine import TemplateError
    from jianbao_cli.settings import LayoutSettings

    problems: list[str] = []
    # `{%p … %}` must be alone in its paragraph: docxtpl drops everything else in it.
    for part in template.sources:
        raw = (template.part(part) or b"").decode("utf-8", "replace")
        # innermost paragraphs only (a text box puts paragraphs inside a paragraph), w:t text only
        for paragraph in re.findall(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>", raw, flags=re.DOTALL):
            text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
            if "{%p" in text and re.sub(r"\{%p.*?%\}", "", text).strip():
                problems.append(f"“{text.strip()[:60]}”中的 {{%p … %}} 标记必须单独成段（同段的其他文字会丢失）")
    undeclared = _undeclared(template)
    unknown = sorted(undeclared - set(CONTEXT_NAMES))
    for name in unknown:
        problems.append(f"未知变量 {name}{_where(template, name)}（可用的变量见 docs/render.md）")
    if unknown:
        return problems, []

    issue = sample_issue()
    text_parts = []
    xml = ""
    for layout in (LayoutSettings(), LayoutSettings(section_headings_in_body=True)):
        try:
            rendered = template.render_parts(build_context(issue, layout, sample_figures(template)))
        except TemplateError as error:
            return [str(error).split("有问题：", 1)[-1].split("。请在", 1)[0]], []
        xml = xml or rendered.get("word/document.xml", "")
        text_parts.append(_TAGS.sub("", rendered.get("word/document.xml", "")))
    body = text_parts[0]
    missing = [what for what, text in _expected(issue) if text and text not in body]
    if missing:
        problems.append("渲染结果缺少 " + "、".join(dict.fromkeys(missing)) + "（模板里删掉了对应的变量？）")

    article = issue.sections[0].articles[0]
    printed = {
        "note": article.note in body,
        "heading": all(text in body for text in SAMPLE_HEADINGS),
        "figure": 'r:embed="rIdJbFigSample"' in xml,
        "caption": article.figures()[0].caption in body,
        "source": article.source in body,
    }
    gaps = [key for key in ARTICLE_PARTS if not printed[key]]

    styles = template.part("word/styles.xml") or b""
    names = set(re.findall(r'<w:name w:val="([^"]+)"', styles.decode("utf-8", "replace")))
    needed = list(REQUIRED_STYLES) + [s for key in ARTICLE_PARTS if key not in gaps for s in ARTICLE_PARTS[key][1]]
    lacking = [name for name in needed if name not in names]
    if lacking:
        problems.append("缺少段落样式 " + "、".join(lacking))
    return problems, gaps


def describe_gaps(gaps) -> str:
    return "、".join(ARTICLE_PARTS[key][0] for key in gaps)


def _where(template, name: str) -> str:
    """The tag that uses `name`, as the editor sees it in Word."""
    pattern = re.compile(r"\{[{%][^{}]*\b" + re.escape(name) + r"\b[^{}]*[}%]\}")
    for source in template.sources.values():
        found = pattern.search(_TAGS.sub("", source))
        if found:
            return f"（在“{found.group()}”中）"
    return ""


def _undeclared(template) -> set[str]:
    from jinja2 import meta

    from jianbao_cli.render.engine import jinja_environment

    env = jinja_environment()
    names: set[str] = set()
    for source in template.sources.values():
        names |= meta.find_undeclared_variables(env.parse(source))
    return names


def check_template(path, display: str | None = None) -> list[str]:
    """Load a template without using any cache and list its problems (empty: usable)."""
    return template_report(path, display)[0]


def template_report(path, display: str | None = None) -> tuple[list[str], list[str]]:
    """(problems, gaps) of a template file, without using any cache; gaps are ARTICLE_PARTS keys."""
    from jianbao_cli.render.engine import TemplateError, clear_memo, load_template

    clear_memo()
    try:
        template = load_template(path, display, cache_dir=None, verify=False)
    except TemplateError as error:
        return [str(error)], []
    display = display or str(path)
    problems, gaps = examine_template(template)
    return [f"模板 {display}：{problem}" for problem in problems], gaps
