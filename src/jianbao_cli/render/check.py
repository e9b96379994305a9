"""`jianbao template check`: is a (possibly hand-edited) template still usable?

A template is rendered with a sample issue that uses every field (密级, 总第 N 期, 报/送/发/抄送,
共印 N 份, …) and the output is searched for each sample text: a template that lost `{{ contact }}`
or `{{ paragraph }}` would silently drop content, and is refused like a malformed tag is.
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
                    {"title": "样例标题一", "paragraphs": ["样例正文一之一", "样例正文一之二"]},
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
            items.append(("正文段落 {{ paragraph }}", paragraph))
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


def template_problems(template) -> list[str]:
    """Problems of a compiled template, in Chinese; empty when it is usable."""
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
        return problems

    issue = sample_issue()
    text_parts = []
    for layout in (LayoutSettings(), LayoutSettings(section_headings_in_body=True)):
        try:
            rendered = template.render_parts(build_context(issue, layout))
        except TemplateError as error:
            return [str(error).split("有问题：", 1)[-1].split("。请在", 1)[0]]
        text_parts.append(_TAGS.sub("", rendered.get("word/document.xml", "")))
    body = text_parts[0]
    missing = [what for what, text in _expected(issue) if text and text not in body]
    if missing:
        problems.append("渲染结果缺少 " + "、".join(dict.fromkeys(missing)) + "（模板里删掉了对应的变量？）")

    styles = template.part("word/styles.xml") or b""
    names = set(re.findall(r'<w:name w:val="([^"]+)"', styles.decode("utf-8", "replace")))
    lacking = [name for name in REQUIRED_STYLES if name not in names]
    if lacking:
        problems.append("缺少段落样式 " + "、".join(lacking))
    return problems


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
    from jianbao_cli.render.engine import TemplateError, clear_memo, load_template

    clear_memo()
    try:
        template = load_template(path, display, cache_dir=None, verify=False)
    except TemplateError as error:
        return [str(error)]
    display = display or str(path)
    return [f"模板 {display}：{problem}" for problem in template_problems(template)]
