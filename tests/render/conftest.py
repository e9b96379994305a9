"""Reading rendered .docx files back: paragraphs with their style names, and effective run
properties resolved the way Word does (run → paragraph style chain → document defaults)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
NS = {"w": W_NS}


def w(tag: str) -> str:
    return W + tag


@dataclass
class Para:
    style: str  # style *name*, e.g. "JB Body"
    text: str
    element: etree._Element


@dataclass
class Docx:
    path: Path
    parts: dict[str, bytes]
    document: etree._Element = field(init=False)
    styles: etree._Element = field(init=False)

    def __post_init__(self):
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.styles = etree.fromstring(self.parts["word/styles.xml"])
        self._by_id = {s.get(w("styleId")): s for s in self.styles.iter(w("style"))}
        self._id_by_name = {s.find(w("name")).get(w("val")): sid for sid, s in self._by_id.items()}

    @classmethod
    def open(cls, path: Path) -> "Docx":
        with zipfile.ZipFile(path) as archive:
            return cls(Path(path), {name: archive.read(name) for name in archive.namelist()})

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    # --- paragraphs -----------------------------------------------------------------------------

    def paragraphs(self) -> list[Para]:
        body = self.document.find(w("body"))
        return [self._para(p) for p in body.iter(w("p"))]

    def _para(self, p) -> Para:
        style_el = p.find("w:pPr/w:pStyle", NS)
        sid = style_el.get(w("val")) if style_el is not None else "Normal"
        name = self._by_id[sid].find(w("name")).get(w("val")) if sid in self._by_id else sid
        return Para(name, paragraph_text(p), p)

    def texts(self, style: str) -> list[str]:
        return [p.text for p in self.paragraphs() if p.style == style]

    # --- styles -----------------------------------------------------------------------------------

    def style(self, name: str):
        return self._by_id[self._id_by_name[name]]

    def style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None

    def effective_run(self, p, r, tag: str, attr: str | None = None):
        """The value of rPr/`tag` (attribute `attr`, default w:val) for run r of paragraph p."""
        attr = w(attr or "val")
        candidates = []
        if r is not None:
            candidates.append(r.find(w("rPr")))
        style_el = p.find("w:pPr/w:pStyle", NS)
        sid = style_el.get(w("val")) if style_el is not None else "Normal"
        candidates += [s.find(w("rPr")) for s in self.style_chain(sid)]
        candidates.append(self.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS))
        for rpr in candidates:
            if rpr is None:
                continue
            el = rpr.find(w(tag))
            if el is not None and el.get(attr) is not None:
                return el.get(attr)
        return None

    def effective_ppr(self, p, tag: str):
        """The pPr child `tag` of a paragraph: direct formatting first, then its style chain."""
        el = p.find(f"w:pPr/w:{tag}", NS)
        if el is not None:
            return el
        style_el = p.find("w:pPr/w:pStyle", NS)
        sid = style_el.get(w("val")) if style_el is not None else "Normal"
        for style in self.style_chain(sid):
            el = style.find(f"w:pPr/w:{tag}", NS)
            if el is not None:
                return el
        return None


def paragraph_text(p) -> str:
    """Text of this paragraph only: not of paragraphs nested in a text box it anchors."""
    out = []
    for el in p.iter(w("t"), w("tab"), w("br")):
        if next(el.iterancestors(w("p"))) is not p:
            continue
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


@pytest.fixture
def render_example(workspace):
    """Render the example issue (optionally after editing the workspace) and open it."""
    from jianbao_cli.render import render_issue

    def go(issue_id: str = "2008-06") -> Docx:
        return Docx.open(render_issue(workspace, issue_id))

    return go


@pytest.fixture
def rendered(render_example) -> Docx:
    return render_example()


def write_issue(workspace, issue) -> Path:
    """Save an Issue into the workspace as its manifest."""
    from jianbao_cli.model.yamlio import issue_to_yaml

    path = workspace.issue_path(issue.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(issue_to_yaml(issue), encoding="utf-8")
    return path
