"""A contributor's .docx → pieces of one article, read from the package's XML with zipfile and lxml.

python-docx is not used: it loads every part (all the photos) into memory, and a 40 MB file with a few
camera photos must stay small. Only word/document.xml, styles, relationships and the small parts that
only need counting are parsed; pictures are streamed out of the ZIP when they are stored.

What is not body text is dropped, each kind with a warning: tracked changes are taken as accepted
(insertions kept, deletions dropped), comments, footnotes, endnotes, headers and footers, text boxes.
Tables are refused, naming the table: an article of a 简报 has no tables, and flattening one into
paragraphs would silently garble it.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from jianbao_cli.editing.contribution import Piece, clean_text
from jianbao_cli.editing.numbering import Numbering
from jianbao_cli.editing.pictures import Stager
from jianbao_cli.errors import JianbaoError
from jianbao_cli.wordformat import W_NS, WordStyles, paragraph_format

MAX_XML_BYTES = 64 * 1024 * 1024  # word/document.xml of a 300-page report is a few MB

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_SKIPPED = {w("pPr"), w("rPr"), w("delText"), w("instrText"), w("delInstrText"), w("commentReference"),
            w("footnoteReference"), w("endnoteReference"), w("fldChar"), w("sym"), w("lastRenderedPageBreak")}
_DELETED = {w("del"), w("moveFrom")}
_INSERTED = {w("ins"), w("moveTo")}


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, display: str, stager: Stager, warnings: list[str]):
        self.archive = archive
        self.display = display
        self.stager = stager
        self.warnings = warnings
        self.rels = self._relationships("word/document.xml")
        self.insertions = 0
        self.deletions = 0
        self.text_boxes = 0
        self.pictures = 0

    # -- package parts ---------------------------------------------------------------------------

    def xml(self, name: str):
        from lxml import etree

        info = self.archive.getinfo(name)
        if info.file_size > MAX_XML_BYTES:
            raise JianbaoError(f"{self.display} 的 {name} 过大（{info.file_size // (1024 * 1024)} MB），不像是一篇稿件。")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(self.archive.read(name), parser)
        except etree.XMLSyntaxError:
            raise JianbaoError(f"{self.display} 已损坏：{name} 不是有效的 XML。") from None

    def _relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId → (type, part name, external) for `part`."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self.archive.namelist():
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(f"{{{PR_NS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], target, external)
        return out

    def notes_and_margins(self, body) -> None:
        """Warn of what is in the file but not body text: comments, footnotes, endnotes, headers, footers."""
        for tag, what in (("commentReference", "批注"), ("footnoteReference", "脚注"), ("endnoteReference", "尾注")):
            count = sum(1 for _ in body.iter(w(tag)))
            if tag == "commentReference":
                count = max(count, self._count_in("comments", "comment"))
            if count:
                self.warnings.append(f"{what} {count} 条不属于正文，已舍去")
        for kind, what in (("header", "页眉"), ("footer", "页脚")):
            texts = []
            for rel_type, target, external in self.rels.values():
                if rel_type == kind and not external and target in self.archive.namelist():
                    text = clean_text("".join(t.text or "" for t in self.xml(target).iter(w("t"))))
                    if text and text not in texts:
                        texts.append(text)
            if texts:
                self.warnings.append(f"{what}“{'；'.join(texts)[:40]}”不属于正文，已舍去")

    def _count_in(self, rel_type: str, tag: str) -> int:
        for kind, target, external in self.rels.values():
            if kind == rel_type and not external and target in self.archive.namelist():
                return sum(1 for _ in self.xml(target).iter(w(tag)))
        return 0

    # -- body ----------------------------------------------------------------------------------

    def paragraphs(self, container, tables: list) -> list:
        out = []
        for child in container:
            tag = child.tag
            if tag == w("p"):
                out.append(child)
            elif tag == w("tbl"):
                tables.append(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    out += self.paragraphs(content, tables)
            elif tag in (w("customXml"), w("smartTag")) or tag in _INSERTED:
                out += self.paragraphs(child, tables)
        return out

    def segments(self, paragraph) -> list:
        """Text and pictures of one paragraph in order: strings and ("picture", rId, anchored) tuples."""
        out: list = []
        self._walk(paragraph, out)
        return out

    def _walk(self, node, out: list) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag in _DELETED:
                self.deletions += 1
            elif tag in _INSERTED:
                self.insertions += 1
                self._walk(child, out)
            elif tag == w("t"):
                out.append(child.text or "")
            elif tag == w("br"):
                if child.get(w("type")) not in ("page", "column"):
                    out.append("\n")  # a manual line break; a page break is layout, not text
            elif tag == w("cr"):
                out.append("\n")
            elif tag == w("tab"):
                out.append("\t")
            elif tag == w("noBreakHyphen"):
                out.append("-")
            elif tag == w("drawing"):
                self._drawing(child, out)
            elif tag in (w("pict"), w("object")):
                for image in child.iter(f"{{{V_NS}}}imagedata"):
                    out.append(("picture", image.get(f"{{{R_NS}}}id"), False))
                if any(True for _ in child.iter(w("txbxContent"))):
                    self.text_boxes += 1
            elif tag == f"{{{MC_NS}}}AlternateContent":
                choice = child.find(f"{{{MC_NS}}}Choice")
                self._walk(choice if choice is not None else child, out)
            else:
                self._walk(child, out)

    def _drawing(self, drawing, out: list) -> None:
        anchored = drawing.find(f"{{{WP_NS}}}anchor") is not None
        for blip in drawing.iter(f"{{{A_NS}}}blip"):
            rid = blip.get(f"{{{R_NS}}}embed") or blip.get(f"{{{R_NS}}}link")
            out.append(("picture", rid, anchored))
        if any(True for _ in drawing.iter(w("txbxContent"))):
            self.text_boxes += 1

    def picture(self, rid: str | None) -> Piece | None:
        self.pictures += 1
        label = f"第 {self.pictures} 张图片"
        rel = self.rels.get(rid or "")
        if rel is None or rel[2]:
            self.warnings.append(f"{label}是指向文件外部的链接，没有嵌入文档，已跳过")
            return None
        name = rel[1]
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            self.warnings.append(f"{label}在文档里找不到（{name}），已跳过")
            return None
        staged = self.stager.stage(lambda: self.archive.open(info), info.file_size, label, self.warnings, crc=info.CRC)
        return Piece(image=staged) if staged else None


def read_docx(path: Path, display: str, stager: Stager, warnings: list[str]) -> list[Piece]:
    """The pieces of the article in a .docx. The package stays open in `stager` (its pictures are read
    from it when they are stored)."""
    try:
        archive = stager.keep_open(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError, EOFError):
        raise JianbaoError(f"{display} 已损坏或不完整，无法作为 Word 文档（.docx）打开。") from None
    if "word/document.xml" not in archive.namelist():
        raise JianbaoError(f"{display} 是 ZIP 压缩包，但不是 Word 文档（没有 word/document.xml）。")
    try:
        return _read(archive, display, stager, warnings)
    except JianbaoError:
        raise
    except (zipfile.BadZipFile, EOFError, KeyError, ValueError, OSError, zlib.error) as exc:
        raise JianbaoError(f"{display} 已损坏，无法读取（{type(exc).__name__}）。") from None


def _read(archive: zipfile.ZipFile, display: str, stager: Stager, warnings: list[str]) -> list[Piece]:
    reader = _Reader(archive, display, stager, warnings)
    root = reader.xml("word/document.xml")
    body = root.find(w("body"))
    if body is None:
        raise JianbaoError(f"{display} 已损坏：word/document.xml 里没有正文。")
    styles_part = next((t for k, t, e in reader.rels.values() if k == "styles" and not e), "word/styles.xml")
    styles = WordStyles(reader.xml(styles_part) if styles_part in archive.namelist() else None)
    numbering_part = next((t for k, t, e in reader.rels.values() if k == "numbering" and not e), None)
    numbering = Numbering(reader.xml(numbering_part) if numbering_part in archive.namelist() else None)

    tables: list = []
    paragraphs = reader.paragraphs(body, tables)
    if tables:
        row = tables[0].find(w("tr"))
        cells = [] if row is None else [clean_text("".join(t.text or "" for t in c.iter(w("t")))) for c in row.iter(w("tc"))]
        first = "｜".join(cells)
        where = f"，第一个表格的首行是“{first[:30]}”" if first.strip("｜") else ""
        raise JianbaoError(
            f"{display} 含有 {len(tables)} 个表格{where}：简报文章不收表格，请把表格改成文字段落或图片后再加入。"
        )
    reader.notes_and_margins(body)

    formats = [paragraph_format(p, styles) for p in paragraphs]
    sizes: Counter = Counter()
    texts: list[list] = []
    for p, fmt in zip(paragraphs, formats):
        segments = reader.segments(p)
        texts.append(segments)
        if fmt.size:
            sizes[fmt.size] += sum(len(s) for s in segments if isinstance(s, str))
    body_size = max(sizes, key=lambda s: (sizes[s], -s)) if sizes else None

    pieces: list[Piece] = []
    carried = ""  # the text of a paragraph whose mark was deleted runs on into the next one
    for p, fmt, segments in zip(paragraphs, formats, texts):
        chain = styles.paragraph_chain(p)
        names = " ".join(styles.name(s).lower() for s in chain)
        larger = body_size is not None and fmt.size is not None and fmt.size >= body_size + 2
        look = dict(
            title_look=fmt.heading or fmt.centred or fmt.bold or larger,
            heading_look=(fmt.heading and "title" not in names) or fmt.bold,
            caption_look="caption" in names or "题注" in names,
            centred=fmt.centred,
        )
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        mark_deleted = mark is not None and mark.find(w("del")) is not None
        if mark is not None and mark.find(w("ins")) is not None:
            reader.insertions += 1
        text, after = carried + numbering.prefix(p, chain), []  # `一、` of Word's list numbering
        carried = ""
        for segment in segments:
            if isinstance(segment, str):
                text += segment
                continue
            _, rid, anchored = segment
            piece = reader.picture(rid)
            if piece is None:
                continue
            if anchored:
                after.append(piece)  # a floating picture is placed after the paragraph it is anchored in
            else:
                if clean_text(text):
                    pieces.append(Piece(text=clean_text(text), **look))
                text = ""
                pieces.append(piece)
        if mark_deleted:
            reader.deletions += 1
            carried = text
        elif clean_text(text):
            pieces.append(Piece(text=clean_text(text), **look))
        pieces.extend(after)
    if clean_text(carried):
        pieces.append(Piece(text=clean_text(carried)))

    if reader.insertions or reader.deletions:
        warnings.insert(0, f"文档里有未处理的修订，已按全部接受处理（保留 {reader.insertions} 处插入，舍去 {reader.deletions} 处删除），请核对")
    if reader.text_boxes:
        warnings.append(f"文本框 {reader.text_boxes} 个里的文字不属于正文，已舍去")
    return pieces
