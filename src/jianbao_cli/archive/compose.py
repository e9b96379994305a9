"""The volume's Word file: a cover, the 总目录, then every rendered issue, each in a section of its own.

Rendered issues are joined with docxcompose, which carries styles, numbering, pictures and their
relationships across: whatever the renderer puts into an issue (photos included) arrives in the
volume as it is. Every issue comes from the same template, so the first rendered issue's package
(styles, the footers with their `— PAGE —` fields, settings) is the volume's; its body is replaced.

Page numbers are LibreOffice's (or Word's) own: each 总目录 entry ends in a `PAGEREF` field pointing
at a bookmark on the issue's first paragraph or the article's title, and the cover is page 1 of
the count but has no footer, so a printed number is the page's place in the volume. Sections start
on a new page, or on an odd one (`odd=True`) for double-sided printing.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import EXIT_FAILED, JianbaoError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

TYPE_AREA_TWIPS = 8844  # 156 mm: the right tab stop of the page numbers in the 总目录
ARTICLE_TITLE_STYLE = "JBArticleTitle"
PLACEHOLDER = "0"  # cached field result until a PDF has been made; LibreOffice and Word recompute it


@dataclass
class Target:
    """One 总目录 entry: a bookmark in the volume and what the PDF outline calls it."""

    name: str  # bookmark name, also the PDF's named destination
    title: str
    level: int  # 0 issue, 1 article
    issue_id: str
    children: list["Target"] = field(default_factory=list)


@dataclass
class VolumePart:
    """An issue and its rendered .docx."""

    issue: object  # model.Issue
    docx: Path


class ComposeError(JianbaoError):
    """A rendered issue lacks the parts the volume needs (a template edited beyond use)."""

    exit_code = EXIT_FAILED


@dataclass
class ComposedVolume:
    document: object  # python-docx Document
    targets: list[Target]
    _results: dict[str, object]  # bookmark name → the w:t holding its field's cached result

    def all_targets(self) -> list[Target]:
        out = []
        for issue in self.targets:
            out.append(issue)
            out.extend(issue.children)
        return out

    def set_page_numbers(self, pages: dict[str, int]) -> None:
        """Write computed page numbers as the fields' cached results (what a reader shows before updating)."""
        for name, text in self._results.items():
            if name in pages:
                text.text = str(pages[name])

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def bookmark_name(issue_id, article: int | None = None) -> str:
    """`JB2008N06`, `JB2008Z01A3`: letters and digits only, which LibreOffice keeps as they are in the
    PDF's named destinations (it spells other characters in hex)."""
    base = f"JB{issue_id.year}{'Z' if issue_id.supplement else 'N'}{issue_id.number:02d}"
    return base if article is None else f"{base}A{article}"


def compose_volume(parts: list[VolumePart], *, series: str, year: int, publisher: str, odd: bool = False) -> ComposedVolume:
    from docx import Document

    Composer = _composer_class()
    if not parts:
        raise ValueError("a volume needs at least one issue")
    master = Document(str(parts[0].docx))
    body = master.element.body
    final_sect = body.find(W + "sectPr")
    for child in list(body):
        if child is not final_sect:
            body.remove(child)

    targets = [_targets_of(part.issue) for part in parts]
    cover = _cover(series, year, publisher)
    contents = _contents(targets, parts)
    for element in cover + contents:
        body.insert(body.index(final_sect), element)
    _set_section(cover[-1], _section_copy(final_sect, "nextPage", footers=False))
    _set_section(contents[-1], _section_copy(final_sect, "oddPage" if odd else "nextPage"))

    composer = Composer(master)
    ranges = []
    for part in parts:
        start = composer.append_index()
        # Rendered issues have no custom document properties, so there are no DOCPROPERTY fields to
        # dissolve (the one docxcompose feature that needs its own `cp` prefix, see _composer_class).
        composer.append(Document(str(part.docx)), remove_property_fields=False)
        ranges.append(list(body)[start:composer.append_index()])

    next_id = 1 + max([int(b.get(W + "id")) for b in body.iter(W + "bookmarkStart")] or [0])
    for index, (part, issue_target, elements) in enumerate(zip(parts, targets, ranges)):
        paragraphs = [el for el in elements if el.tag == W + "p"]
        if not paragraphs:
            raise ComposeError(f"第 {part.issue.id} 期渲染结果是空的，无法装订进合订本。")
        _add_bookmark(paragraphs[0], issue_target.name, next_id)
        next_id += 1
        titles = [p for p in paragraphs if _style(p) == ARTICLE_TITLE_STYLE]
        position = 0
        for article_target in issue_target.children:
            position = _find_title(titles, position, article_target.title)
            if position is None:
                raise ComposeError(f"第 {part.issue.id} 期渲染结果中找不到文章标题“{article_target.title}”"
                                   f"（模板中标题段落的样式应为 JB Article Title），无法生成总目录页码。")
            _add_bookmark(titles[position], article_target.name, next_id)
            next_id += 1
            position += 1
        kind = "oddPage" if odd else "nextPage"
        if index < len(parts) - 1:
            last = elements[-1]
            if last.tag != W + "p":
                last = _paragraph_xml("<w:p/>")
                body.insert(body.index(elements[-1]) + 1, last)
            _set_section(last, _section_copy(final_sect, kind))
        else:
            _set_type(final_sect, kind)
    _strip_title_page(final_sect)
    _update_fields_on_open(master)
    results = {}
    for element in contents:
        for instr in element.iter(W + "instrText"):  # begin, instruction, separate, result, end
            results[instr.text.split()[1]] = instr.getparent().getnext().getnext().find(W + "t")
    return ComposedVolume(master, targets, results)


CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def _composer_class():
    """docxcompose's Composer, with python-docx's `cp` prefix put back: importing docxcompose.utils maps
    `cp` to the custom-properties namespace in python-docx's process-wide prefix table, which breaks the
    core properties (cp:revision, cp:keywords …) of every python-docx document made afterwards in the
    same process. The volume never uses docxcompose's custom-properties code, which relies on it."""
    from docx.oxml import ns
    from docxcompose.composer import Composer

    ns.nsmap["cp"] = CORE_PROPERTIES_NS
    return Composer


# --- what goes into the 总目录 and the outline ----------------------------------------------------

def issue_caption(issue) -> str:
    return f"{issue.issue_line()}（{issue.date_line()}）"


def _targets_of(issue) -> Target:
    target = Target(bookmark_name(issue.id), issue_caption(issue), 0, str(issue.id))
    for number, (_, article) in enumerate(issue.articles(), start=1):
        target.children.append(Target(bookmark_name(issue.id, number), article.title, 1, str(issue.id)))
    return target


def _squash(text: str) -> str:
    return "".join(text.split())


def _find_title(titles: list, start: int, title: str) -> int | None:
    """The next title paragraph that holds this title (a renderer may break a long title in two)."""
    wanted = _squash(title)
    for index in range(start, len(titles)):
        text = _squash(_text(titles[index]))
        if text and (text == wanted or wanted.startswith(text) or text.startswith(wanted)):
            return index
    return None


# --- XML -------------------------------------------------------------------------------------------

_NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


def _paragraph_xml(xml: str):
    from docx.oxml import parse_xml

    return parse_xml(xml.replace("<w:p", f"<w:p {_NSDECL}", 1))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/>{rpr}</w:rPr><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _para(style: str, runs: str, ppr: str = "") -> object:
    return _paragraph_xml(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{runs}</w:p>')


def _cover(series: str, year: int, publisher: str) -> list:
    return [
        _para("JBMasthead", _run(series), '<w:spacing w:before="2895" w:after="0"/>'),
        _para("JBMasthead", _run(f"{year} 年合订本", '<w:color w:val="000000"/><w:sz w:val="44"/><w:szCs w:val="44"/>'),
              '<w:spacing w:before="1158" w:after="0"/>'),
        _para("JBIssueLine", _run(publisher), '<w:spacing w:before="4632" w:after="0"/>'),
    ]


def _page_field(name: str) -> str:
    """Runs: a tab to the dotted right stop, then `PAGEREF name \\h` (its cached result is filled in later)."""
    return (
        '<w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {name} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{PLACEHOLDER}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


_LEADER_TAB = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TYPE_AREA_TWIPS}"/></w:tabs>'


def _contents(targets: list[Target], parts: list[VolumePart]) -> list:
    elements = [_para("JBTOCHeading", _run("总　目　录", '<w:sz w:val="44"/><w:szCs w:val="44"/>'),
                      '<w:spacing w:before="0" w:after="579"/>')]
    for index, (target, part) in enumerate(zip(targets, parts)):
        before = "0" if index == 0 else "289"
        elements.append(_para(
            "JBTOCHeading", _run(target.title) + _page_field(target.name),
            f'<w:keepNext/><w:keepLines/>{_LEADER_TAB}<w:spacing w:before="{before}" w:after="0"/><w:ind w:left="0" w:firstLine="0"/>'
            '<w:jc w:val="left"/>'))
        children = iter(target.children)
        for section in part.issue.sections:
            if not section.articles:
                continue
            if section.title:
                elements.append(_para("JBTOCSection", _run(section.title),
                                      '<w:keepNext/><w:ind w:left="640" w:firstLine="0"/>'))
            for _ in section.articles:
                child = next(children)
                elements.append(_para(
                    "JBTOCItem", _run(child.title) + _page_field(child.name),
                    f'<w:keepLines/>{_LEADER_TAB}<w:ind w:left="1280" w:hanging="0" w:firstLine="0"/>'))
    return elements


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def _style(p) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def _add_bookmark(p, name: str, bookmark_id: int) -> None:
    from lxml import etree

    start = etree.Element(W + "bookmarkStart")
    start.set(W + "id", str(bookmark_id))
    start.set(W + "name", name)
    end = etree.Element(W + "bookmarkEnd")
    end.set(W + "id", str(bookmark_id))
    ppr = p.find(W + "pPr")
    p.insert(0 if ppr is None else p.index(ppr) + 1, start)
    p.append(end)


def _section_copy(sect, kind: str, *, footers: bool = True):
    new = copy.deepcopy(sect)
    if not footers:
        for ref in new.findall(W + "footerReference") + new.findall(W + "headerReference"):
            new.remove(ref)
    for number_type in new.findall(W + "pgNumType"):
        start = W + "start"
        if start in number_type.attrib:
            del number_type.attrib[start]  # numbering runs on through the volume
    _strip_title_page(new)
    _set_type(new, kind)
    return new


def _set_type(sect, kind: str) -> None:
    from lxml import etree

    old = sect.find(W + "type")
    if old is not None:
        sect.remove(old)
    element = etree.Element(W + "type")
    element.set(W + "val", kind)
    # schema order: header/footer references, footnotePr, endnotePr, then type
    anchor = 0
    for i, child in enumerate(sect):
        if child.tag in (W + "headerReference", W + "footerReference", W + "footnotePr", W + "endnotePr"):
            anchor = i + 1
    sect.insert(anchor, element)


def _strip_title_page(sect) -> None:
    for el in sect.findall(W + "titlePg"):
        sect.remove(el)


def _set_section(p, sect) -> None:
    from lxml import etree

    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        p.insert(0, ppr)
    for old in ppr.findall(W + "sectPr"):
        ppr.remove(old)
    change = ppr.find(W + "pPrChange")
    if change is not None:
        change.addprevious(sect)
    else:
        ppr.append(sect)


_SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")


def _update_fields_on_open(document) -> None:
    """Word asks to update the fields when the volume is opened, so its 总目录 follows Word's own pagination."""
    from lxml import etree

    settings = document.settings.element
    if settings.find(W + "updateFields") is not None:
        return
    element = etree.Element(W + "updateFields")
    element.set(W + "val", "true")
    for child in settings:
        if etree.QName(child).localname in _SETTINGS_AFTER_UPDATE_FIELDS or etree.QName(child).namespace != W_NS:
            child.addprevious(element)
            return
    settings.append(element)
