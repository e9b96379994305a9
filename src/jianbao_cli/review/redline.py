"""The redline (修订稿): the current issue in the official layout, every change since the other version
as Word tracked changes that Word, WPS and LibreOffice show in 修订 mode and can accept or reject.

Both versions are rendered with the same template and layout; the body of the current rendering is
then rewritten paragraph by paragraph:

- front matter (masthead, issue line, 本期导读): paragraphs aligned in order;
- articles: aligned by the article matching of `Changes` — an article kept in place is compared
  paragraph by paragraph (a changed paragraph gets `w:del`/`w:ins` runs character by character),
  an added, removed or moved article is inserted or deleted whole (a move is a deletion at the old
  place and an insertion at the new one);
- a whole inserted or deleted paragraph also marks its paragraph mark (`w:pPr/w:rPr/w:ins|w:del`).

Element order follows ISO/IEC 29500 (transitional): `w:ins`/`w:del` are children of `w:p` holding
`w:r`; deleted runs hold `w:delText`; in `w:pPr` the `w:rPr` comes before `w:sectPr`/`w:pPrChange`,
and in that `w:rPr` the `w:ins`/`w:del` mark comes first.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

UNIT_STYLES = ("JBArticleTitle", "JBSectionHeading")
TAIL_STYLES = ("JBTailAnchor", "JBDistribution", "JBCopies", "JBContact")
#: w:pPr children that must follow w:rPr.
AFTER_RPR = (W + "sectPr", W + "pPrChange")


class _Marker:
    """Creates w:ins/w:del elements with unique ids, one author and one date."""

    def __init__(self, root, author: str, date: str):
        self.author = author
        self.date = date
        used = [int(v) for v in root.xpath("//@w:id", namespaces={"w": W_NS}) if str(v).lstrip("-").isdigit()]
        self.next_id = max(used, default=0) + 1

    def element(self, kind: str):
        from lxml import etree

        element = etree.Element(W + kind)
        element.set(W + "id", str(self.next_id))
        element.set(W + "author", self.author)
        element.set(W + "date", self.date)
        self.next_id += 1
        return element


def _style(p) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def _mark_paragraph_mark(p, marker: _Marker, kind: str) -> None:
    from lxml import etree

    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        p.insert(0, ppr)
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.Element(W + "rPr")
        index = len(ppr)
        for i, child in enumerate(ppr):
            if child.tag in AFTER_RPR:
                index = i
                break
        ppr.insert(index, rpr)
    rpr.insert(0, marker.element(kind))


def _to_deleted_run(run) -> None:
    for t in run.iter(W + "t"):
        t.tag = W + "delText"
    for t in run.iter(W + "instrText"):
        t.tag = W + "delInstrText"


def mark_whole(p, marker: _Marker, kind: str):
    """Every run of `p` inside one w:ins (or w:del) per stretch of runs, and its paragraph mark too."""
    children = list(p)
    group = None
    for child in children:
        if child.tag == W + "r":
            if kind == "del":
                _to_deleted_run(child)
            if group is None:
                group = marker.element(kind)
                child.addprevious(group)
            group.append(child)
        elif child.tag != W + "pPr":
            group = None
    _mark_paragraph_mark(p, marker, kind)
    return p


def _simple_runs(p) -> bool:
    """Only w:pPr and text runs that share one formatting: safe to rewrite character by character."""
    from lxml import etree

    formats = set()
    for child in p:
        if child.tag == W + "pPr":
            continue
        if child.tag != W + "r":
            return False
        for part in child:
            if part.tag not in (W + "rPr", W + "t"):
                return False
        rpr = child.find(W + "rPr")
        formats.add(b"" if rpr is None else etree.tostring(rpr))
    return len(formats) <= 1


def _run(rpr, text: str, deleted: bool):
    from lxml import etree

    run = etree.Element(W + "r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = etree.SubElement(run, W + ("delText" if deleted else "t"))
    t.text = text
    t.set(XML_SPACE, "preserve")
    return run


def mark_edited(old_p, new_p, marker: _Marker) -> list:
    """`new_p` rewritten with the character diff from `old_p`; or old deleted + new inserted."""
    from jianbao_cli.review.changes import char_ops

    if not (_simple_runs(old_p) and _simple_runs(new_p)) or _style(old_p) != _style(new_p):
        return [mark_whole(copy.deepcopy(old_p), marker, "del"), mark_whole(new_p, marker, "ins")]
    ops = char_ops(_text(old_p), _text(new_p))
    first = new_p.find(W + "r")
    if first is None:
        first = old_p.find(W + "r")
    rpr = first.find(W + "rPr") if first is not None else None
    for child in list(new_p):
        if child.tag != W + "pPr":
            new_p.remove(child)
    for kind, text in ops:
        if kind == "=":
            new_p.append(_run(rpr, text, False))
        else:
            wrapper = marker.element("del" if kind == "-" else "ins")
            wrapper.append(_run(rpr, text, kind == "-"))
            new_p.append(wrapper)
    return [new_p]


def _align(old_ps: list, new_ps: list, marker: _Marker) -> list:
    """Paragraph-level alignment of two runs of paragraphs; the marked paragraphs in reading order."""
    from jianbao_cli.review.changes import pair_blocks

    tokens_old = [(_style(p) or "", _text(p)) for p in old_ps]
    tokens_new = [(_style(p) or "", _text(p)) for p in new_ps]
    out = []
    for i, j in pair_blocks(tokens_old, tokens_new):
        if i is None:
            out.append(mark_whole(new_ps[j], marker, "ins"))
        elif j is None:
            out.append(mark_whole(copy.deepcopy(old_ps[i]), marker, "del"))
        elif tokens_old[i] == tokens_new[j]:
            out.append(new_ps[j])
        else:
            out.extend(mark_edited(old_ps[i], new_ps[j], marker))
    return out


def _regions(body) -> tuple[list, list, list, list]:
    """(front matter, article units, tail, everything after) of a rendered body; units are lists of
    paragraphs, each starting at an article title or an in-body section heading."""
    children = [c for c in body if c.tag != W + "sectPr"]
    start = next((k for k, c in enumerate(children) if c.tag == W + "p" and _style(c) in UNIT_STYLES), len(children))
    end = next((k for k in range(start, len(children))
                if children[k].tag != W + "p" or _style(children[k]) in TAIL_STYLES), len(children))
    units: list[list] = []
    for p in children[start:end]:
        if _style(p) in UNIT_STYLES or not units:
            units.append([])
        units[-1].append(p)
    return children[:start], units, children[end:], [c for c in body if c.tag == W + "sectPr"]


def _unit_keys(units: list, old_side: bool, pairs: list) -> list[tuple]:
    """Alignment keys: an article kept in place shares its key with its old self; anything else is unique."""
    kept = {(i if old_side else j): i for i, j, moved in pairs if not moved}
    keys = []
    article = 0
    for unit in units:
        if _style(unit[0]) == "JBArticleTitle":
            keys.append(("article", kept[article]) if article in kept else ("only", old_side, article))
            article += 1
        else:
            keys.append(("section", _text(unit[0])))
    return keys


def redline_body(old_body, new_body, changes, marker: _Marker) -> None:
    """Rewrite `new_body` (the current rendering) with the changes from `old_body` tracked."""
    from difflib import SequenceMatcher

    old_front, old_units, _, _ = _regions(old_body)
    new_front, new_units, _, _ = _regions(new_body)
    articles_old = sum(_style(u[0]) == "JBArticleTitle" for u in old_units)
    articles_new = sum(_style(u[0]) == "JBArticleTitle" for u in new_units)
    out = _align(old_front, new_front, marker)
    if articles_old == changes.old.issue.article_count and articles_new == changes.new.issue.article_count:
        old_keys = _unit_keys(old_units, True, changes.pairs)
        new_keys = _unit_keys(new_units, False, changes.pairs)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
            if tag == "equal":
                for a, b in zip(old_units[i1:i2], new_units[j1:j2]):
                    out.extend(_align(a, b, marker))
                continue
            for unit in old_units[i1:i2]:
                out.extend(mark_whole(copy.deepcopy(p), marker, "del") for p in unit)
            for unit in new_units[j1:j2]:
                out.extend(mark_whole(p, marker, "ins") for p in unit)
    else:  # a template that prints articles differently: compare the paragraphs as they come
        out.extend(_align([p for u in old_units for p in u], [p for u in new_units for p in u], marker))
    # The 报尾 (报/送/发/抄送, copies, contact) sits in a text box anchored after the articles.
    for old_box, new_box in zip(old_body.iter(W + "txbxContent"), list(new_body.iter(W + "txbxContent"))):
        old_ps, new_ps = old_box.findall(W + "p"), new_box.findall(W + "p")
        marked = _align(old_ps, new_ps, marker)
        for p in new_ps:
            new_box.remove(p)
        for p in marked:
            new_box.append(p)
    touched = set(new_front) | {p for u in new_units for p in u}
    anchor = None
    for child in list(new_body):
        if child in touched:
            if anchor is None:
                anchor = child.getprevious()
            new_body.remove(child)
    for p in reversed(out):
        if anchor is None:
            new_body.insert(0, p)
        else:
            anchor.addnext(p)


def _render(version, template: Path, layout, folder: Path, name: str) -> bytes:
    from jianbao_cli.render import render_document

    out = render_document(version.issue, template, layout, folder / name, figure_root=version.figure_root)
    return Path(out).read_bytes()


PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"


def _drop_old_pictures(old_root) -> None:
    """A picture of the old version points at an image part of the old package, which the redline
    (built on the current package) does not have: deleted photos go, their captions stay marked."""
    for drawing in list(old_root.iter(W + "drawing")):
        if next(drawing.iter(PIC), None) is not None:
            drawing.getparent().remove(drawing)


#: CT_Settings children that come before w:trackRevisions (ISO/IEC 29500-1 §17.15.1.78).
_BEFORE_TRACK_REVISIONS = {W + name for name in (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
    "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState "
    "formsDesign attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView").split()}


def track_revisions(settings: bytes) -> bytes:
    """settings.xml with 修订 (Track Changes) switched on: what the reviewer changes in the redline
    is tracked too, so the editor sees it when the redline comes back."""
    from lxml import etree

    root = etree.fromstring(settings)
    if root.find(W + "trackRevisions") is not None:
        return settings
    index = 0
    for position, child in enumerate(root):
        if child.tag in _BEFORE_TRACK_REVISIONS:
            index = position + 1
    root.insert(index, etree.Element(W + "trackRevisions"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_redline(changes, template: Path | str, path: Path | str, *, layout=None, author: str = "jianbao",
                  date: dt.datetime | None = None) -> Path:
    """Write the redline of `changes` (old → new) as a .docx at `path` (atomically)."""
    from lxml import etree

    from jianbao_cli.fsutil import atomic_write_bytes
    from jianbao_cli.settings import LayoutSettings

    layout = layout or LayoutSettings()
    when = (date or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="jianbao-redline-") as folder:
        new_docx = _render(changes.new, Path(template), layout, Path(folder), "new.docx")
        old_docx = _render(changes.old, Path(template), layout, Path(folder), "old.docx")
    with zipfile.ZipFile(io.BytesIO(old_docx)) as archive:
        old_root = etree.fromstring(archive.read("word/document.xml"))
    _drop_old_pictures(old_root)
    with zipfile.ZipFile(io.BytesIO(new_docx)) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    new_xml = dict((info.filename, data) for info, data in entries)["word/document.xml"]
    new_root = etree.fromstring(new_xml)
    marker = _Marker(new_root, author, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    redline_body(old_root.find(W + "body"), new_root.find(W + "body"), changes, marker)
    document = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    replaced = {"word/document.xml": document}
    settings = dict((info.filename, data) for info, data in entries).get("word/settings.xml")
    if settings is not None:
        replaced["word/settings.xml"] = track_revisions(settings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, replaced.get(info.filename, data))
    path = Path(path)
    atomic_write_bytes(path, buffer.getvalue())
    return path
