"""A .docx that jianbao rendered, read back by its `JB …` paragraph styles, exactly.

Every part of the issue has its own style (docs/render.md): masthead, issue line, contents, article
titles, 编者按 (`JB Note`), body text, sub-headings (`JB Heading 1`–`4`), figures (`JB Figure`, the
image part of the drawing, its manifest path in `wp:docPr/@title`) with captions (`JB Caption`),
sources (`JB Source`) and the 报尾. The figures' images come back as bytes, to be written beside the
manifest under their original paths (ImportResult.figures).
"""

from __future__ import annotations

import re

from jianbao_cli.importers.base import ImportFailed, ImportWarning

JB_STYLES = {
    "JB Masthead", "JB Classification", "JB Issue Line", "JB Unit Date", "JB TOC Heading", "JB TOC Section",
    "JB TOC Item", "JB Section Heading", "JB Article Title", "JB Body", "JB Distribution", "JB Copies", "JB Contact",
    "JB Note", "JB Heading 1", "JB Heading 2", "JB Heading 3", "JB Heading 4", "JB Figure", "JB Caption", "JB Source",
}
HEADING_STYLES = {"JB Heading 1", "JB Heading 2", "JB Heading 3", "JB Heading 4"}
_TOC_MARK = re.compile(r"^[☞☛►▶◆●■★•·]\s*")
_NOTE_LABEL = re.compile(r"^(?:编者按[：:]|【编者按】)\s*")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def rendered_paragraphs(document):
    """(style name, text, element) of every paragraph, text boxes included, in document order."""
    names = _style_names(document)
    out = []
    for element in document.element.body.iter(W + "p"):
        if any(ancestor.tag == FALLBACK for ancestor in element.iterancestors()):
            continue  # a text box is stored twice (DrawingML and its VML fallback): read it once
        style = element.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(W + "val") if style is not None else None
        out.append((names.get(style_id, style_id), _text(element), element))
    return out


def _style_names(document) -> dict:
    try:
        root = document.styles.element
    except (KeyError, AttributeError, ValueError):
        return {}
    names = {}
    for style in root.findall(W + "style"):
        name = style.find(W + "name")
        if name is not None:
            names[style.get(W + "styleId")] = name.get(W + "val")
    return names


def _text(p) -> str:
    """The paragraph's own text (not that of a text box it anchors), tabs and breaks as characters."""
    out = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if next(el.iterancestors(W + "p"), None) is not p:
            continue
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _pictures(document, p) -> list[tuple[str | None, bytes, str]]:
    """(path stored at render, image bytes, extension) of each picture in the paragraph."""
    found = []
    for blip in p.iter(A + "blip"):
        rid = blip.get(R + "embed")
        try:
            part = document.part.related_parts[rid]
        except (KeyError, AttributeError):
            continue
        drawing = next((a for a in blip.iterancestors() if a.tag in (WP + "inline", WP + "anchor")), None)
        doc_pr = drawing.find(WP + "docPr") if drawing is not None else None
        path = doc_pr.get("title") if doc_pr is not None else None
        extension = (part.partname.ext or "").lower() if hasattr(part.partname, "ext") else ""
        found.append((path or None, part.blob, "jpg" if extension in ("jpg", "jpeg") else extension or "png"))
    return found


def read_rendered(document, display):
    """(Issue, warnings, {figure path: image bytes}) of a document jianbao rendered."""
    from pydantic import ValidationError

    from jianbao_cli.ids import IssueId
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
    images: dict[str, bytes] = {}
    unnamed: list[tuple[dict, bytes, str]] = []  # figures whose path the document does not say
    for style, raw, element in rendered_paragraphs(document):
        text = raw.strip()
        if style == "JB Figure":
            if not articles:
                warnings.append(ImportWarning("", "标题之前的图片已忽略"))
                continue
            for path, blob, extension in _pictures(document, element):
                block = {"figure": path}
                articles[-1]["paragraphs"].append(block)
                if path is None:
                    unnamed.append((block, blob, extension))
                elif images.setdefault(path, blob) != blob:
                    warnings.append(ImportWarning("", f"图片 {path} 在文档中出现两次且内容不同，已用第一张"))
            continue
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
        elif style in ("JB Body", "JB Note", "JB Source", "JB Caption") or style in HEADING_STYLES:
            if not articles:
                warnings.append(ImportWarning("", f"标题之前的正文段落已忽略：“{text[:30]}”"))
            elif style == "JB Body":
                articles[-1]["paragraphs"].append(text)
            elif style in HEADING_STYLES:
                articles[-1]["paragraphs"].append({"heading": text})
            elif style == "JB Note":
                articles[-1]["note"] = _NOTE_LABEL.sub("", text, count=1)
            elif style == "JB Source":
                # as printed, （…）: the model takes one pair of parentheses off, as from a hand-written file
                articles[-1]["source"] = text
            else:
                blocks = articles[-1]["paragraphs"]
                if blocks and isinstance(blocks[-1], dict) and "figure" in blocks[-1] and "caption" not in blocks[-1]:
                    blocks[-1]["caption"] = text
                else:
                    warnings.append(ImportWarning("", f"不在图片下方的图片说明已按正文处理：“{text[:30]}”"))
                    blocks.append(text)
        elif style == "JB Distribution":
            key, sep, rest = text.partition("：")
            if not sep or key not in ("报", "送", "发", "抄送"):
                warnings.append(ImportWarning("distribution", f"无法识别的分发行已忽略：“{text}”"))
                continue
            # 抄送 is printed as GB/T 9704 sets it (`甲，乙。`); older issues have it like 送 (`甲 乙`)
            separators = r"[ \u3000，]+" if key == "抄送" else r"[ \u3000]+"
            labels = [label for label in re.split(separators, rest.strip()) if label]
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
    for number, (block, blob, extension) in enumerate(unnamed, 1):
        try:
            folder = str(IssueId.of(data["year"], data["number"], bool(data.get("supplement"))))
        except (KeyError, ValueError, TypeError):
            folder = "figures"
        path = f"{folder}/figure-{number}.{extension}"
        while path in images:
            path = path.replace(".", "-1.", 1)
        block["figure"] = path
        images[path] = blob
        warnings.append(ImportWarning("", f"文档中的图片没有记下原来的文件名，已存为 {path}"))
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
    return issue, warnings, images
