"""Web pages (.html/.htm, and .mhtml/.mht as browsers save them) → lines with roles → the text importer.

Main content is taken with lxml.html and rules of our own (measured against trafilatura in
bench/import_web_bench.py: trafilatura drops centring, `<br>` line structure and images without captions,
which is what tells a 简报's masthead, titles and photos apart; its Chinese pages also lose the
`&nbsp;` indents). The page's chrome (scripts, navigation, header/footer blocks, link lists) is removed
here; the clutter lines that sit inside the content (meta line, 字体, share row, 上一篇/下一篇 …) are
dropped by the text importer's clutter pass, which does the same for text copied from a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlparse

from jianbao_cli.importers.base import ImportFailed, ImportResult, ImportWarning

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
#: GB2312 and GBK pages are very often written with characters beyond their declared set (〇, 镕, 堃);
#: GB18030 decodes both exactly the same where they are valid.
_GB = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
       "gb18030": "gb18030", "hz-gb-2312": "hz"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "center", "blockquote", "ul",
          "ol", "dl", "dt", "dd", "section", "article", "figure", "figcaption", "pre", "hr", "address", "tbody",
          "form", "main", "caption"}
_CELL = {"td", "th"}
_DROP = {"script", "style", "noscript", "iframe", "select", "input", "button", "textarea", "nav", "header",
         "footer", "aside", "object", "embed", "svg", "map", "head", "title", "link", "meta"}
_CHROME = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|footer|foot|header|head|top|crumbs?|breadcrumb|position|location|path|"
    r"share|bdshare|copyright|bottom|sidebar|side|left|right|related|links?|banner|search|tools?|prenext|"
    r"pre_next|page-?nav|fontsize|font-size|comment|login|weixin|qrcode)(?:$|[-_ \d])",
    re.IGNORECASE,
)
_ICON = re.compile(r"logo|icon|banner|button|btn|share|qrcode|ewm|erweima|spacer|blank|arrow|bullet|dot|line|bg|"
                   r"title_?img|jianbao_title|masthead|print|close", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")
FIGURE_LINE = "\ue000{}\ue001"


@dataclass
class PageImage:
    src: str
    alt: str
    data: bytes | None  # the file's bytes, when the saved page has it
    kind: str | None = None  # 'jpeg' / 'png' / other


@dataclass
class Page:
    title: str | None
    lines: list[str] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)  # line number → "title"/"body"
    images: list[PageImage] = field(default_factory=list)
    encoding: str = "utf-8"


# ---- reading the file -----------------------------------------------------------------------------


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes of a page → (text, encoding): BOM, the declared charset (HTTP part or <meta>), then detection."""
    from jianbao_cli.importers.decode import decode_text

    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8"
    name = (declared or "").lower().strip()
    if not name:
        match = _CHARSET_RE.search(raw[:4096])
        name = match.group(1).decode("ascii").lower() if match else ""
    name = _GB.get(name, name)
    if name in ("iso-8859-1", "latin1", "latin-1", "windows-1252", "us-ascii", "ascii"):
        name = ""  # Chinese pages declared as Latin-1 by a misconfigured server or editor: detect instead
    if name:
        try:
            return raw.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect as for text files
    return decode_text(raw, "网页")


def read_mhtml(raw: bytes, display: str) -> tuple[str, str, str | None, dict[str, bytes]]:
    """A browser's single-file archive → (html text, encoding, base URL, resources by URL)."""
    import email
    from email import policy

    message = email.message_from_bytes(raw, policy=policy.compat32)
    html, encoding, base, resources = None, "utf-8", None, {}
    for part in message.walk():
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True) or b""
        location = part.get("Content-Location")
        if part.get_content_type() == "text/html" and html is None:
            html, encoding = decode_html(data, part.get_content_charset())
            base = location
        elif location:
            resources[location.strip()] = data
    if html is None:
        raise ImportFailed(f"{display}：是 MHTML 网页存档，但里面没有网页（text/html 部分）。")
    return html, encoding, base, resources


def is_mhtml(head: bytes) -> bool:
    text = head[:4096].lower()
    return b"multipart/related" in text and b"mime-version" in text


def is_html(head: bytes) -> bool:
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html", b"<!--", b"<head", b"<meta")) or b"<html" in text[:1024]


# ---- main content -----------------------------------------------------------------------------------


def _text_len(element) -> int:
    return len(_CJK.findall(element.text_content()))


def _link_len(element) -> int:
    return sum(len(_CJK.findall(a.text_content())) for a in element.iter("a"))


def _strip_chrome(body) -> None:
    """Remove scripts, navigation, header/footer blocks and link lists; never the block holding the text."""
    for element in list(body.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            if element.getparent() is not None:
                element.drop_tree()
    for element in list(body.iter()):
        if element.tag in _DROP and element.getparent() is not None:
            element.drop_tree()
    total = max(1, _text_len(body))
    for element in list(body.iter()):
        if element.getparent() is None or element is body:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        size = _text_len(element)
        if _CHROME.search(marks) and size < 0.3 * total:
            element.drop_tree()
        elif element.tag in ("ul", "ol", "tr", "td", "div", "p", "span", "font", "table") and size < 300:
            links = _link_len(element)
            if links and links >= 0.6 * size and not element.xpath(".//img[not(ancestor::a)]"):
                element.drop_tree()


def _style(element) -> str:
    return (element.get("style") or "").replace(" ", "").lower()


def _centred(element, root) -> bool:
    node = element
    while node is not None:
        if node.tag == "center" or (node.get("align") or "").lower() in ("center", "middle"):
            return True
        if "text-align:center" in _style(node):
            return True
        if node is root:
            return False
        node = node.getparent()
    return False


def _indented(element) -> bool:
    return "text-indent:2em" in _style(element) or "text-indent:32px" in _style(element)


class _Lines:
    """Block structure → lines: each block a line, `<br>` a line break, `<img>` a figure line."""

    def __init__(self, root, images: list[PageImage], resolve):
        self.root = root
        self.images = images
        self.resolve = resolve
        self.out: list[tuple[str, dict]] = []
        self.cur: list[str] = []
        self.cur_props: dict = {}
        self.bold_chars = 0

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.cur)).strip(" ")
        raw = "".join(self.cur)
        if text.strip():
            props = dict(self.cur_props)
            lead = raw[: len(raw) - len(raw.lstrip(" \u00a0\u3000\t\r\n"))]
            props["indent"] = props.get("indent") or lead.count("\u00a0") >= 2 or "\u3000" in lead
            cjk = len(_CJK.findall(text))
            props["bold"] = props.get("heading") or (cjk and self.bold_chars >= 0.8 * cjk)
            self.out.append((text.replace("\u3000", " ").strip(), props))
        self.cur, self.cur_props, self.bold_chars = [], {}, 0

    def start_block(self, element) -> None:
        self.flush()
        self.cur_props = {"centred": _centred(element, self.root), "indent": _indented(element),
                          "heading": element.tag in ("h1", "h2", "h3", "h4", "h5", "h6")}

    def walk(self, element, bold: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        bold = bold or tag in ("b", "strong") or "font-weight:bold" in _style(element)
        block = tag in _BLOCK or tag in _CELL
        if block:
            self.start_block(element)
        if tag == "br":
            props = dict(self.cur_props)
            self.flush()
            self.cur_props = {"centred": props.get("centred", False), "indent": False, "heading": False}
        elif tag == "img":
            self.image(element)
        elif element.text:
            self.add(element.text, bold, element)
        for child in element:
            self.walk(child, bold)
            if child.tail:
                self.add(child.tail, bold and child.tag not in ("b", "strong"), element)
        if block:
            self.flush()
            self.cur_props = {"centred": _centred(element.getparent(), self.root) if element is not self.root
                              and element.getparent() is not None else False, "indent": False, "heading": False}

    def add(self, text: str, bold: bool, element) -> None:
        if not self.cur and not self.cur_props:
            self.cur_props = {"centred": _centred(element, self.root), "indent": False, "heading": False}
        self.cur.append(text)
        if bold:
            self.bold_chars += len(_CJK.findall(text))

    def image(self, element) -> None:
        src = (element.get("src") or "").strip()
        width = element.get("width") or ""
        if not src or src.startswith("data:") or _ICON.search(PurePosixPath(urlparse(src).path).name):
            return
        if width.isdigit() and int(width) < 60:
            return
        self.flush()
        data = self.resolve(src)
        kind = None
        if data is not None:
            kind = "jpeg" if data.startswith(b"\xff\xd8\xff") else "png" if data.startswith(b"\x89PNG") else "other"
        self.images.append(PageImage(src, (element.get("alt") or "").strip(), data, kind))
        self.out.append((FIGURE_LINE.format(len(self.images) - 1), {"figure": True}))


def page_lines(html: str, resolve, encoding: str = "utf-8") -> Page:
    """The page's main content as lines with roles (see module doc)."""
    import lxml.html

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        document = lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses empty or broken documents with several exception types
        raise ImportFailed("网页内容无法解析。") from None
    title = document.findtext(".//title")
    title = _SPACE.sub(" ", title).strip() if title else None
    body = document.find("body")
    if body is None:
        body = document
    _strip_chrome(body)
    page = Page(title=title, encoding=encoding)
    walker = _Lines(body, page.images, resolve)
    walker.walk(body)
    walker.flush()
    # as the Word importer does: centred lines stand apart, indented lines keep two full-width spaces
    out: list[str] = []
    for text, props in walker.out:
        if props.get("figure"):
            out.extend(["", text, ""])
            continue
        if props.get("centred"):
            out.append("")
        out.append(("\u3000\u3000" if props.get("indent") else "") + text)
        n = len(out)
        if props.get("bold") and (props.get("centred") or props.get("heading")) and len(text) <= 40:
            page.roles[n] = "title"
        if props.get("centred"):
            out.append("")
    page.lines = out
    return page


# ---- the importer -----------------------------------------------------------------------------------


def _local_resolver(path: Path):
    folder = path.parent

    def resolve(src: str) -> bytes | None:
        parsed = urlparse(src)
        if parsed.scheme in ("http", "https", "ftp") or src.startswith("//"):
            return None
        rel = unquote(parsed.path)
        candidate = (folder / rel).resolve() if not rel.startswith("/") else None
        if candidate is not None and candidate.is_file():
            try:
                return candidate.read_bytes()
            except OSError:
                return None
        return None

    return resolve


def _archive_resolver(base: str | None, resources: dict[str, bytes]):
    def resolve(src: str) -> bytes | None:
        url = urljoin(base or "", src)
        return resources.get(url) or resources.get(src)

    return resolve


def import_web(path: Path, display: str, kind: str) -> ImportResult:
    """Import one saved page (`kind` 'html' or 'mhtml')."""
    from jianbao_cli.importers.text import import_page_text

    raw = path.read_bytes()
    if kind == "mhtml":
        html, encoding, base, resources = read_mhtml(raw, display)
        resolve = _archive_resolver(base, resources)
    else:
        html, encoding = decode_html(raw)
        resolve = _local_resolver(path)
    try:
        page = page_lines(html, resolve, encoding)
    except ImportFailed as exc:
        raise ImportFailed(f"{display}：{exc}") from None
    if not any(line.strip() for line in page.lines):
        raise ImportFailed(f"{display}：网页里没有正文文字。")
    issue, warnings, files = import_page_text(
        "\n".join(page.lines) + "\n", display, page.roles or None, page.title, page.images
    )
    result = ImportResult(issue=issue, warnings=warnings, format=kind, encoding=encoding)
    result.figures = files
    return result


__all__ = ["FIGURE_LINE", "ImportWarning", "Page", "PageImage", "decode_html", "import_web", "is_html",
           "is_mhtml", "page_lines", "read_mhtml"]
