"""`Changes` as lines for people: Rich markup with colour, or `[-删除-]{+插入+}` marks without."""

from __future__ import annotations

CONTEXT = 12  # characters of unchanged text kept on each side of a change in a long paragraph

KIND_NAMES = {"text": "段", "heading": "小标题", "figure": "图片"}


def _where(at: dict) -> str:
    section = f"“{at['section']}”" if at.get("section") else "（无栏目）"
    return f"{section}第 {at['position']} 篇"


def _esc(text: str, color: bool) -> str:
    if not color:
        return text
    from rich.markup import escape

    return escape(text)


def render_ops(ops: list[list[str]], color: bool, *, trim: bool = True) -> str:
    pieces = []
    for index, (kind, text) in enumerate(ops):
        if kind == "=":
            if trim and len(text) > 2 * CONTEXT + 1:
                head = "" if index == 0 else text[:CONTEXT]
                tail = "" if index == len(ops) - 1 else text[-CONTEXT:]
                text = f"{head}…{tail}"
            pieces.append(_esc(text, color))
        elif kind == "-":
            pieces.append(f"[red strike]{_esc(text, True)}[/]" if color else f"[-{text}-]")
        else:
            pieces.append(f"[green underline]{_esc(text, True)}[/]" if color else f"{{+{text}+}}")
    return "".join(pieces)


def _text_change_line(name: str, change: dict, color: bool) -> str:
    from jianbao_cli.review.changes import char_ops

    return f"  {name}：" + render_ops(char_ops(change["old"] or "", change["new"] or ""), color)


def summary_lines(changes, color: bool = False) -> list[str]:
    """Header, distribution, sections and article-level changes, without the paragraph texts."""
    e = lambda text: _esc(text, color)  # noqa: E731
    lines = []
    for item in changes.header:
        lines.append(e(f"报头：{item['label']} {item['old']} → {item['new']}"))
    for item in changes.distribution:
        parts = []
        if item["added"]:
            parts.append("增加 " + "、".join(item["added"]))
        if item["removed"]:
            parts.append("删去 " + "、".join(item["removed"]))
        lines.append(e(f"分发：{item['key']}：" + "；".join(parts)))
    for item in changes.sections:
        if item["change"] == "retitled":
            lines.append(e(f"栏目改名：“{item['old']}” → “{item['new']}”"))
        else:
            lines.append(e(f"{'新增' if item['change'] == 'added' else '删去'}栏目：“{item['title']}”"))
    for article in changes.articles:
        title = article["title"]
        if article["change"] == "added":
            lines.append(e(f"新增文章：《{title}》（{_where(article['at'])}）"))
        elif article["change"] == "removed":
            lines.append(e(f"删去文章：《{title}》（原在{_where(article['at'])}）"))
        else:
            if article["retitled"]:
                lines.append(e(f"标题改动：《{article['old_title']}》 → 《{title}》"))
            if article["moved"]:
                lines.append(e(f"移动文章：《{title}》 {_where(article['from'])} → {_where(article['at'])}"))
            edits = len(article["blocks"]) + bool(article["note"]) + bool(article["source"])
            if edits:
                lines.append(e(f"内容改动：《{title}》 {edits} 处"))
    return lines


def detail_lines(changes, color: bool) -> list[str]:
    """Everything: the summary, then per changed article each changed block with its character diff."""
    e = lambda text: _esc(text, color)  # noqa: E731
    lines = summary_lines(changes, color)
    for article in changes.articles:
        if article["change"] != "changed" or not (article["blocks"] or article["note"] or article["source"]):
            continue
        lines.append("")
        lines.append(e(f"《{article['title']}》"))
        if article["note"]:
            lines.append(_text_change_line("编者按", article["note"], color))
        for block in article["blocks"]:
            kind = KIND_NAMES[block["kind"]]
            if block["change"] == "edited" and block["kind"] != "figure":
                label = f"第 {block['new_index']} 项{kind}" if block["kind"] != "text" else f"第 {block['new_index']} 段"
                lines.append(f"  {label}：" + render_ops(block["ops"], color))
            elif block["change"] == "edited":
                from jianbao_cli.review.changes import char_ops

                old, new = block["old"], block["new"]
                what = []
                if old["figure"] != new["figure"]:
                    what.append(e(f"{old['figure']} → {new['figure']}"))
                if block["file_changed"]:
                    what.append(e(f"{new['figure']} 文件内容已更换"))
                if block["caption_marked"] is not None:
                    what.append("说明：" + render_ops(char_ops(old["caption"] or "", new["caption"] or ""), color))
                lines.append(f"  图片（第 {block['new_index']} 项）：" + "；".join(what))
            else:
                sign = "新增" if block["change"] == "added" else "删去"
                body = block.get("text") or f"{block.get('figure')}" + (f"（{block['caption']}）" if block.get("caption") else "")
                mark = ["+", body] if block["change"] == "added" else ["-", body]
                lines.append(f"  {sign}第 {block['index']} 项{kind}：" + render_ops([mark], color))
        if article["source"]:
            lines.append(_text_change_line("来源", article["source"], color))
        if article["unchanged"]:
            lines.append(e(f"  其余 {article['unchanged']} 项未改动"))
    return lines
