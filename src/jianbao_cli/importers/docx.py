"""The Word importer: a .docx back issue → Issue.

A document jianbao rendered carries the `JB …` paragraph styles (docs/render.md) and is read by them,
exactly. Any other .docx is read paragraph by paragraph (tables included, in document order) and the
text goes through the text importer, which knows the layout of a 简报.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from jianbao_cli.importers.base import ImportFailed, ImportResult, ImportWarning

JB_STYLES = {
    "JB Masthead", "JB Classification", "JB Issue Line", "JB Unit Date", "JB TOC Heading", "JB TOC Section",
    "JB TOC Item", "JB Section Heading", "JB Article Title", "JB Body", "JB Distribution", "JB Copies", "JB Contact",
}
_TOC_MARK = re.compile(r"^[☞☛►▶◆●■★•·]\s*")


def _open(path: Path, display: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ImportFailed(f"{display}：是 ZIP 压缩包，但不是 Word 文档（没有 word/document.xml）。")
            bad = archive.testzip()
            if bad is not None:
                raise ImportFailed(f"{display}：Word 文件已损坏（{bad} 校验失败）。")
        return docx.Document(str(path))
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EOFError):
        raise ImportFailed(f"{display}：Word 文件已损坏或不完整（无法作为 .docx 打开）。") from None
    except Exception as exc:  # lxml syntax errors and the like inside a damaged package
        raise ImportFailed(f"{display}：Word 文件已损坏，无法读取（{type(exc).__name__}）。") from None


def paragraphs_in_order(document) -> list[tuple[str | None, str]]:
    """(style name, text) of every paragraph, body and table cells, in document order."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    out = []
    for element in document.element.body.iter(qn("w:p")):
        if any(ancestor.tag == fallback for ancestor in element.iterancestors()):
            continue  # a text box is stored twice (DrawingML and its VML fallback): read it once
        paragraph = Paragraph(element, document)
        try:
            style = paragraph.style.name if paragraph.style is not None else None
        except (KeyError, AttributeError):
            style = None
        out.append((style, paragraph.text))
    return out


def import_docx(path: Path, display: str) -> ImportResult:
    document = _open(path, display)
    paragraphs = paragraphs_in_order(document)
    if not any(text.strip() for _, text in paragraphs):
        raise ImportFailed(f"{display}：Word 文档里没有文字。")
    styles = {style for style, _ in paragraphs}
    if {"JB Masthead", "JB Article Title"} <= styles:
        issue, warnings = _from_styles(paragraphs, display)
        return ImportResult(issue=issue, warnings=warnings, format="docx")
    from jianbao_cli.importers.text import import_text

    text = docx_text(paragraphs, _layout_hints(document))
    issue, warnings = import_text(text, display, "docx")
    return ImportResult(issue=issue, warnings=warnings, format="docx")


def docx_text(paragraphs: list[tuple[str | None, str]], hints: list[tuple[bool, bool]] | None = None) -> str:
    """One Word paragraph a line (empty paragraphs stay blank lines), as a typed text would have it.

    `hints` (centred, first-line indent) per paragraph: a centred paragraph (masthead, title) stands
    between blank lines, an indented one starts with two full-width spaces — the layout the text
    importer reads.
    """
    lines: list[str] = []
    for n, (_, text) in enumerate(paragraphs):
        text = text.replace("\u000b", "\n")
        centred, indented = hints[n] if hints and n < len(hints) else (False, False)
        if centred and text.strip():
            lines += ["", text.strip(), ""]
        elif indented and text.strip():
            lines.append("\u3000\u3000" + text.strip())
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _layout_hints(document) -> list[tuple[bool, bool]]:
    """(centred, first-line indent) of each paragraph, in the order of paragraphs_in_order."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    hints = []
    for element in document.element.body.iter(qn("w:p")):
        if any(ancestor.tag == fallback for ancestor in element.iterancestors()):
            continue
        paragraph = Paragraph(element, document)
        try:
            fmt = paragraph.paragraph_format
            style_fmt = paragraph.style.paragraph_format if paragraph.style is not None else None
            alignment = fmt.alignment if fmt.alignment is not None else (style_fmt.alignment if style_fmt else None)
            indent = fmt.first_line_indent if fmt.first_line_indent is not None else (
                style_fmt.first_line_indent if style_fmt else None)
            ind = element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
            chars = ind is not None and (ind.get(qn("w:firstLineChars")) or "0") not in ("0", "")
            hints.append((alignment == WD_ALIGN_PARAGRAPH.CENTER, bool(indent and indent > 0) or bool(chars)))
        except (KeyError, AttributeError, ValueError):
            hints.append((False, False))
    return hints


def _from_styles(paragraphs, display):
    """A document rendered by jianbao: every part has its own paragraph style."""
    from pydantic import ValidationError

    from jianbao_cli.importers.text import (
        COPIES_RE,
        DATE_RE,
        ISSUE_RE,
        SUPP_ONLY_RE,
        TOTAL_RE,
        cn_int,
        cn_year,
        parse_date,
    )
    from jianbao_cli.model.manifest import Distribution, Issue

    warnings: list[ImportWarning] = []
    data: dict = {"sections": [], "distribution": {}}
    toc: list[tuple[str | None, str]] = []  # (section title, item title)
    toc_sections: list[str | None] = []
    body_sections: list[str] = []
    articles: list[dict] = []
    section: str | None = None
    for style, raw in paragraphs:
        text = raw.strip()
        if style not in JB_STYLES or not text:
            if text and style not in JB_STYLES:
                warnings.append(ImportWarning("", f"样式为“{style}”的段落不属于简报版式，已忽略：“{text[:30]}”"))
            continue
        if style == "JB Masthead":
            data["series"] = text
        elif style == "JB Classification":
            data["classification"] = text
        elif style == "JB Issue Line":
            line = text
            total = TOTAL_RE.search(line)
            if total:
                data["total_number"] = cn_int(total["n"])
                line = line[: total.start()] + line[total.end():]
            match = ISSUE_RE.search(line) or SUPP_ONLY_RE.search(line)
            if match is None or not match["num"]:
                raise ImportFailed(f"{display}：期号行“{text}”无法识别。")
            data["number"] = cn_int(match["num"])
            data["supplement"] = bool(match["supp"])
            if match["year"]:
                data["year"] = cn_year(match["year"])
        elif style == "JB Unit Date":
            unit, _, rest = raw.partition("\t")
            date_match = DATE_RE.search(rest or raw)
            if date_match is None or parse_date(date_match) is None:
                raise ImportFailed(f"{display}：单位日期行“{text}”里没有有效日期。")
            data["date"] = parse_date(date_match)
            data["publisher"] = unit.strip() if rest else raw[: date_match.start()].strip()
        elif style == "JB TOC Section":
            section = text
            toc_sections.append(text)
        elif style == "JB TOC Item":
            toc.append((section, _TOC_MARK.sub("", text)))
        elif style == "JB Section Heading":
            body_sections.append(text)
        elif style == "JB Article Title":
            articles.append({"title": text, "paragraphs": []})
        elif style == "JB Body":
            if not articles:
                warnings.append(ImportWarning("", f"标题之前的正文段落已忽略：“{text[:30]}”"))
            else:
                articles[-1]["paragraphs"].append(text)
        elif style == "JB Distribution":
            key, sep, rest = text.partition("：")
            if not sep or key not in ("报", "送", "发", "抄送"):
                warnings.append(ImportWarning("distribution", f"无法识别的分发行已忽略：“{text}”"))
                continue
            labels = [label for label in re.split(r"[ \u3000]+", rest.strip()) if label]
            if key == "抄送" and labels and labels[-1].endswith("。"):
                labels[-1] = labels[-1][:-1]
            data["distribution"].setdefault(key, []).extend(labels)
        elif style == "JB Copies":
            match = COPIES_RE.search(text)
            if match:
                data["copies"] = cn_int(match["n"])
            else:
                warnings.append(ImportWarning("copies", f"印数行“{text}”无法识别，已忽略"))
        elif style == "JB Contact":
            data["contact"] = text
    if "year" not in data and "date" in data:
        data["year"] = data["date"].year
    # sections: the contents give each article its section, in order
    sections: list[dict] = []
    if toc:
        if len(toc) != len(articles):
            warnings.append(ImportWarning("sections", f"目录有 {len(toc)} 条，正文有 {len(articles)} 篇文章，栏目可能不准，请核对"))
        index = 0
        order: list[str | None] = []
        for title in ([None] if toc and toc[0][0] is None else []) + toc_sections:
            order.append(title)
        for title in order:
            sections.append({"title": title, "articles": []})
        for n, article in enumerate(articles):
            owner = toc[n][0] if n < len(toc) else (toc[-1][0] if toc else None)
            if n < len(toc) and toc[n][1] != article["title"]:
                warnings.append(ImportWarning(
                    "sections", f"目录条目“{toc[n][1]}”与正文标题“{article['title']}”不同，已用正文标题"))
            # the first section (in order) with this title at or after the current one
            while index < len(sections) and sections[index]["title"] != owner:
                index += 1
            if index >= len(sections):
                sections.append({"title": owner, "articles": []})
                index = len(sections) - 1
            sections[index]["articles"].append(article)
    elif articles:
        sections = [{"title": None, "articles": articles}]
    data["sections"] = sections
    for article in articles:
        if not article["paragraphs"]:
            raise ImportFailed(f"{display}：文章“{article['title']}”没有正文段落。")
    missing = [name for name in ("series", "number", "date", "publisher") if name not in data]
    if missing:
        raise ImportFailed(f"{display}：缺少 {'、'.join(missing)}（报头不完整）。")
    try:
        data["distribution"] = Distribution.model_validate(data["distribution"])
        issue = Issue.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ImportFailed(f"{display}：导入结果不合格（{where}：{first['msg']}）。") from None
    return issue, warnings
