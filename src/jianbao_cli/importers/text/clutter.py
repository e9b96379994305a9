"""Site clutter: the lines an office's website wraps around a bulletin, in a page or in text copied from it.

They are recognised by what they say and dropped before the header is read, so that a meta line never
becomes the publisher and a posting date never the issue date. Each kind dropped is named once in a
warning (without a field: nothing of the issue was taken from it).
"""

from __future__ import annotations

import re

from jianbao_cli.importers.text.lines import DIST_RE, ISSUE_RE, SUPP_ONLY_RE, Gap, Line, is_parenthesized

_LABEL = r"(?:信息来源|文章来源|稿件来源|来源|作者|发布者|发布人|发布单位|发布日期|发布时间|发表时间|更新时间|更新日期|上传时间|日期|时间|点击数|点击量|点击率|点击|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|访问量|访问次数|责任编辑|编辑|字号|字体|索引号|文号|关键词|分类)"
_POSTED = r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"

#: (kind, pattern); the first that matches names the line in the warning.
KINDS: list[tuple[str, re.Pattern]] = [
    ("当前位置", re.compile(r"^(?:当前位置|您现在的位置|您的位置|您所在的位置|所在位置|当前的位置|位置)\s*[:：]|首页\s*(?:>|＞|»|›|>>|→|/|\\)")),
    ("字体 大 中 小", re.compile(r"^[【\[]?\s*(?:字体|字号|文字)?\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?\s*[】\]]?$|[【\[]\s*(?:字体|字号)\s*[:：]")),
    ("发布信息", re.compile(rf"^{_LABEL}\s*[:：]\s*.{{0,80}}(?:{_LABEL}\s*[:：]|{_POSTED})|^(?:发布日期|发布时间|更新时间|点击|点击数|浏览次数|阅读|阅读次数|访问量|发布者)\s*[:：]")),
    ("发布信息", re.compile(r"^(?:信息来源|文章来源|来源|作者)\s*[:：][^。]{0,40}$")),
    ("发布信息", re.compile(rf"{_POSTED}.{{0,30}}(?:点击|浏览|阅读|访问)")),
    ("打印本页 关闭窗口", re.compile(r"^(?:[【\[（(]?\s*(?:打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|收藏|返回顶部|返回|保存本页|纠错)\s*[】\]）)]?\s*[|｜/]?\s*)+$")),
    ("分享", re.compile(r"^(?:分享到|分享至|分享|一键分享)\s*[:：]?|^扫一扫|在手机打开|^(?:(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ|人人网|豆瓣|朋友圈|今日头条)\s*)+$")),
    ("上一篇/下一篇", re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]")),
    ("版权与备案", re.compile(r"版权所有|Copyright|©|ICP\s*备|ICP\s*证|公网安备|网站标识码|技术支持\s*[:：]|备案号|备案序号|网站地图", re.IGNORECASE)),
    ("导航", re.compile(r"^首页(?:\s*[|｜]\s*\S{1,8}){2,}$|^(?:\S{1,8}\s*[|｜]\s*){3,}\S{1,8}$")),
]

#: Footer lines after the first copyright line are the site's (its address and telephone), not the issue's.
_FOOTER = "版权与备案"
#: Only at the very end of a page (a bulletin's header may say 主办：…).
_FOOTER_ONLY = re.compile(r"^(?:主办单位|承办单位|主办|承办|协办)\s*[:：]|^(?:相关链接|相关阅读|相关文章|【相关文章】)\s*[:：]?$")


def clutter_kind(text: str) -> str | None:
    """The kind of site clutter this line is, or None. A parenthesized line is a source, never clutter."""
    if is_parenthesized(text) and not text.startswith(("【", "[")):
        return None
    if DIST_RE.match(text):
        return None
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return None


def _issue_line(text: str) -> bool:
    return bool(ISSUE_RE.search(text) or SUPP_ONLY_RE.search(text) and ("增刊" in text or "专刊" in text))


def drop_clutter(entries: list) -> tuple[list, list[str], str | None, list[str]]:
    """(entries without clutter, kinds dropped in order of first sight, page title line, dropped texts).

    The page title: a line near the top holding an issue number that is followed, a few lines down, by
    the bulletin's own issue line (a bulletin has one issue line; the first is the page's heading)."""
    kinds: list[str] = []
    dropped: list[str] = []
    kept: list = []
    lines = [e for e in entries if isinstance(e, Line)]
    footer_from = None
    for index, entry in enumerate(lines):
        footer = clutter_kind(entry.text) == _FOOTER or _FOOTER_ONLY.match(entry.text)
        if footer and index >= len(lines) - 8 and not any(
            DIST_RE.match(e.text) for e in lines[index + 1:]
        ):
            footer_from = entry.no
            break
    for entry in entries:
        if isinstance(entry, Line):
            kind = _FOOTER if footer_from is not None and entry.no >= footer_from else clutter_kind(entry.text)
            if kind is not None:
                if kind not in kinds:
                    kinds.append(kind)
                dropped.append(entry.text)
                if kept and isinstance(kept[-1], Gap):
                    continue
                kept.append(Gap("blank", entry.no))
                continue
        kept.append(entry)
    page_title = None
    top = [i for i, e in enumerate(kept) if isinstance(e, Line)][:12]
    for n, i in enumerate(top):
        if _issue_line(kept[i].text):
            later = [j for j in top[n + 1: n + 9] if _issue_line(kept[j].text)]
            if later:
                page_title = kept[i].text
                kept[i] = Gap("blank", kept[i].no)
                kinds.append("网页标题")
                dropped.append(page_title)
            break
    return kept, kinds, page_title, dropped
