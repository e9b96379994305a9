"""The redline .docx: accept all = the current text, reject all = the old text, only changes marked,
schema order of w:ins/w:del, and LibreOffice reads it (PDF)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import run_cli
from tests.review.conftest import A1, B3, EDIT_NEW, approve, every_edit
from tests.review.ooxml_order import W, problems


def _root(docx: Path):
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _owner(element):
    parent = element.getparent()
    while parent.tag != W + "p":
        parent = parent.getparent()
    return parent


def _inside(element, tag: str, stop) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _mark(p, kind: str) -> bool:
    return p.find(f"{W}pPr/{W}rPr/{W}{kind}") is not None


def view(root, accept: bool) -> list[str]:
    """Every paragraph's own text (text-box paragraphs are their own) after accepting or rejecting all."""
    dropped_mark, dropped_text = ("del", W + "del") if accept else ("ins", W + "ins")
    out = []
    for p in root.iter(W + "p"):
        if _mark(p, dropped_mark):
            # The paragraph mark goes: its (dropped) content merges into the next paragraph.
            kept = [t for t in p.iter(W + "t", W + "delText") if _owner(t) is p and not _inside(t, dropped_text, p)]
            assert not kept, "a paragraph whose mark is tracked keeps text"
            continue
        text = "".join(
            t.text or ""
            for t in p.iter(W + "t", W + "delText")
            if _owner(t) is p and not _inside(t, dropped_text, p)
        )
        out.append(text)
    return out


def plain(root) -> list[str]:
    return view(root, accept=True)


@pytest.fixture
def redline(base, tmp_path):
    """The redline and the renderings of the current and the old version (XML roots and paths)."""
    approve(base)
    old_ws = tmp_path / "old-ws"
    shutil.copytree(base, old_ws, ignore=shutil.ignore_patterns(".jianbao", "build"))
    every_edit(base)
    out = tmp_path / "修订稿.docx"
    done = run_cli("diff", "2008-06", "--docx", str(out), "--author", "审校组", cwd=base)
    assert done.returncode == 1, done.stderr
    assert "修订稿已写入" in done.stdout
    for workspace in (base, old_ws):
        assert run_cli("render", "2008-06", cwd=workspace).returncode == 0
    current, old = base / "build/2008-06.docx", old_ws / "build/2008-06.docx"
    return SimpleNamespace(marked=_root(out), current=_root(current), old=_root(old), docx=out,
                           current_docx=current, old_docx=old)


def test_accept_all_gives_the_current_text_and_reject_all_the_old(redline):
    marked, current, old = redline.marked, redline.current, redline.old
    assert view(marked, accept=True) == plain(current)
    assert view(marked, accept=False) == plain(old)
    assert plain(current) != plain(old)


def test_changes_are_tracked_with_author_date_and_unique_ids_and_nothing_else_is(redline):
    marked = redline.marked
    changes = list(marked.iter(W + "ins", W + "del"))
    assert changes
    assert {c.get(W + "author") for c in changes} == {"审校组"}
    ids = [c.get(W + "id") for c in changes]
    assert len(ids) == len(set(ids))
    # Unchanged paragraphs are not marked: the first paragraph of the edited article is as rendered.
    first = next(p for p in marked.iter(W + "p") if "".join(t.text for t in p.iter(W + "t")).startswith("2008年10月27日下午"))
    assert first.find(f".//{W}ins") is None and first.find(f".//{W}del") is None
    # The edited paragraph: the old characters deleted, the new ones inserted, the rest plain.
    edited = next(p for p in marked.iter(W + "p") if "为广阔" in "".join(t.text or "" for t in p.iter(W + "t")))
    assert [t.text for t in edited.iter(W + "delText")] == ["大"]
    assert [t.text for i in edited.iter(W + "ins") for t in i.iter(W + "t")] == ["为广阔"]
    assert not _mark(edited, "ins") and not _mark(edited, "del")
    # The moved article: its title deleted at the old place and inserted at the new one.
    titles = [p for p in marked.iter(W + "p")
              if "".join(t.text or "" for t in p.iter(W + "t", W + "delText")) == B3
              and p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "JBArticleTitle"]
    assert sorted("del" if _mark(p, "del") else "ins" if _mark(p, "ins") else "-" for p in titles) == ["del", "ins"]
    assert EDIT_NEW not in A1


def test_tracked_changes_sit_where_the_schema_allows(redline):
    marked = redline.marked
    assert problems(marked) == []


def test_the_order_check_catches_misplaced_changes(redline):
    """The check above must be able to fail: break the redline in the ways the writer could."""
    import copy

    marked = redline.marked
    broken = copy.deepcopy(marked)
    mark = next(e for e in broken.iter(W + "ins") if e.getparent().tag == W + "rPr")
    rpr = mark.getparent()
    rpr.remove(mark)
    rpr.append(mark)  # after the formatting
    rpr.insert(0, copy.deepcopy(rpr[0]))  # formatting first
    assert any("must come first" in p for p in problems(broken))
    broken = copy.deepcopy(marked)
    deleted = next(broken.iter(W + "delText"))
    deleted.tag = W + "t"
    assert any("w:t inside a deletion" in p for p in problems(broken))
    broken = copy.deepcopy(marked)
    changes = list(broken.iter(W + "ins"))
    changes[1].set(W + "id", changes[0].get(W + "id"))
    assert any("used twice" in p for p in problems(broken))


@pytest.mark.libreoffice
def test_libreoffice_converts_the_redline_to_pdf(redline, tmp_path):
    from jianbao_cli.render.pdf import export_pdfs

    docx = redline.docx
    pdfs = export_pdfs([docx], tmp_path / "pdf")
    assert pdfs and Path(pdfs[0]).stat().st_size > 0
    text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "为广阔" in text.replace(" ", "").replace("\n", "")


@pytest.mark.libreoffice
def test_libreoffice_accept_all_is_the_current_issue_and_reject_all_the_old(redline, tmp_path):
    """LibreOffice itself reads the redline: its ODT holds the changes as tracked changes, and
    accepting or rejecting them all gives the same paragraphs as LibreOffice's reading of the
    current and of the old rendering."""
    from jianbao_cli.libreoffice import convert, find_soffice
    from tests.review.odt_view import change_kinds, paragraphs

    out, current, old = redline.docx, redline.current_docx, redline.old_docx
    sources = []
    for name, path in (("redline", out), ("current", current), ("old", old)):
        sources.append(tmp_path / f"{name}.docx")
        shutil.copy(path, sources[-1])
    done = convert(find_soffice(), sources, tmp_path / "odt", "odt", profile=tmp_path / "profile", timeout=300)
    assert done.returncode == 0, done.stderr
    odt = {name: tmp_path / "odt" / f"{name}.odt" for name in ("redline", "current", "old")}
    kinds = change_kinds(odt["redline"])
    assert "insertion" in kinds and "deletion" in kinds
    assert paragraphs(odt["redline"], accept=True) == paragraphs(odt["current"])
    assert paragraphs(odt["redline"], accept=False) == paragraphs(odt["old"])
    assert paragraphs(odt["current"]) != paragraphs(odt["old"])


def test_every_picture_of_the_redline_resolves_in_its_package(redline):
    """The replaced photo: the current one is shown (inserted); the old one cannot be, its image part
    belongs to the old package, so only its caption is marked deleted. No dangling r:embed."""
    from lxml import etree

    rels_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    with zipfile.ZipFile(redline.docx) as archive:
        names = set(archive.namelist())
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(rels_ns + "Relationship")}
    embeds = [el.get(embed) for el in redline.marked.iter() if el.get(embed)]
    assert embeds, "the current photo is in the redline"
    for rid in embeds:
        assert rid in targets and "word/" + targets[rid] in names
    pictures = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
    assert len(list(redline.marked.iter(pictures))) == len(list(redline.current.iter(pictures)))
    ids = [el.get("id") for el in redline.marked.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(ids) == len(set(ids))


def test_a_removed_photo_leaves_no_dangling_picture(base, tmp_path):
    """The old version's photo lives in the old package; removed, it is not carried into the redline
    (whose package has no image part for it), its caption is marked deleted."""
    from jianbao_cli.review.changes import Version, diff
    from jianbao_cli.review.redline import write_redline
    from jianbao_cli.workspace import Workspace

    ws = Workspace(base)
    old = ws.load_issue("2008-06").issue
    new = old.model_copy(deep=True)
    for section in new.sections:
        for article in section.articles:
            article.paragraphs = [block for block in article.paragraphs if not hasattr(block, "figure")]
    changes = diff(Version(old, base / "issues", "旧"), Version(new, base / "issues", "新"))
    out = write_redline(changes, ws.template_path, tmp_path / "r.docx", layout=ws.settings.layout)
    root = _root(out)
    pictures = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
    assert list(root.iter(pictures)) == []
    deleted = "".join(t.text or "" for t in root.iter(W + "delText"))
    from tests.review.conftest import CAPTION

    assert CAPTION in deleted


def test_the_redline_opens_with_track_changes_on(redline):
    """What the reviewer edits in the redline is tracked too (修订 mode on); an ordinary rendering is not."""
    import zipfile

    from lxml import etree

    def settings(path):
        with zipfile.ZipFile(path) as archive:
            return etree.fromstring(archive.read("word/settings.xml"))

    W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    marked = settings(redline.docx)
    names = [child.tag.replace(W_NS, "") for child in marked]
    assert "trackRevisions" in names
    # in schema order: after w:zoom and w:proofState, before w:defaultTabStop
    assert names.index("zoom") < names.index("proofState") < names.index("trackRevisions") < names.index("defaultTabStop")
    assert settings(redline.current_docx).find(W_NS + "trackRevisions") is None
