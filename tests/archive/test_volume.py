"""The year's volume (合订本): a generated year of 24 issues and one 增刊, built through the installed
console script with real LibreOffice, and checked from the PDF with poppler and pikepdf — never from
what the library says it did."""

from __future__ import annotations

import fcntl
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.archive.yearmaker import make_workspace
from tests.conftest import run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VOLUME = "成都市政府网站简报-2008-合订本"
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def load_issues(root: Path) -> list:
    from jianbao_cli.workspace import Workspace

    ws = Workspace(root)
    return [ws.load_issue(i).issue for i in ws.issue_ids() if i.year == 2008]


def contents_numbers(pages: list[str], issues: list) -> list[tuple[str, int]]:
    """(what, printed number) for every 总目录 entry, read from the 总目录 pages in order."""
    first_issue = squash(issues[0].series + issues[0].issue_line())
    end = next(i for i, page in enumerate(pages) if i > 0 and squash(page).startswith(first_issue))
    lines = "\n".join("\n".join(squash(line) for line in page.splitlines()) for page in pages[1:end])
    found, position = [], 0
    for issue in issues:
        entries = [(issue.issue_line(), squash(issue.issue_line()) + "（" + squash(issue.date_line()) + "）")]
        entries += [(a.title, squash(a.title)) for _, a in issue.articles()]
        for what, text in entries:
            pattern = "\n?".join(re.escape(c) for c in text) + r"\n?[.·…]*(\d+)(?!\d)"
            match = re.compile(pattern).search(lines, position)
            assert match, f"总目录 has no entry for {what}"
            found.append((what, int(match.group(1))))
            position = match.end()
    return found


def title_pages(pages: list[str], issues: list) -> list[tuple[str, int]]:
    """(what, 1-based page) where each issue begins (masthead + issue line) and each article's title is
    printed as a title (not as a ☞ line of 本期导读), looking only after the 总目录."""
    squashed = [squash(page) for page in pages]
    first_issue = squash(issues[0].series + issues[0].issue_line())
    start = next(i for i, page in enumerate(squashed) if i > 0 and page.startswith(first_issue))
    out = []
    for issue in issues:
        head = squash(issue.series + issue.issue_line())
        out.append((issue.issue_line(), next(i + 1 for i in range(start, len(pages)) if squashed[i].startswith(head))))
        for _, article in issue.articles():
            title = squash(article.title)
            page = next(i + 1 for i in range(start, len(pages))
                        if any(squashed[i][m.start() - 1:m.start()] != "☞" for m in re.finditer(re.escape(title), squashed[i])))
            out.append((article.title, page))
    return out


@pytest.fixture(scope="module")
def year(tmp_path_factory, worker_id):
    """Built once per test run, even when pytest-xdist spreads these tests over several workers."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    folder = shared / "volume-2008"
    with open(shared / "volume-2008.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = folder / "result.json"
        if not record.exists():
            root = folder / "ws"
            ids = make_workspace(root)
            assert len(ids) == 25 and ids[-1] == "2008-Z01"
            result = run_cli("volume", "2008", "--pdf", cwd=root)
            record.write_text(json.dumps([result.returncode, result.stdout, result.stderr]), "utf-8")
    returncode, stdout, stderr = json.loads(record.read_text("utf-8"))
    assert returncode == 0, stderr
    return folder / "ws", subprocess.CompletedProcess([], returncode, stdout, stderr)


@pytest.mark.libreoffice
class TestYearVolume:
    def test_files_and_message(self, year):
        root, result = year
        assert (root / "build" / f"{VOLUME}.docx").is_file()
        assert (root / "build" / f"{VOLUME}.pdf").read_bytes()[:5] == b"%PDF-"
        assert f"build/{VOLUME}.pdf" in result.stdout and "25 期" in result.stdout
        assert not [p for p in (root / "build").iterdir() if p.name.startswith(".")]  # no scratch left

    def test_cover_has_no_page_number(self, year):
        root, _ = year
        cover = pdf_pages(root / "build" / f"{VOLUME}.pdf")[0]
        assert squash("成都市政府网站简报") in squash(cover)
        assert "2008年合订本" in squash(cover) and "成都市经济信息中心" in squash(cover)
        assert not PAGE_NUMBER.search(cover)
        assert re.findall(r"\d+", cover) == ["2008"]

    def test_page_numbers_run_on_through_the_volume(self, year):
        root, _ = year
        pages = pdf_pages(root / "build" / f"{VOLUME}.pdf")
        assert len(pages) > 60
        for index, page in enumerate(pages[1:], start=2):
            assert [int(n) for n in PAGE_NUMBER.findall(page)] == [index], f"page {index}"

    def test_every_contents_number_is_the_page_where_the_title_is(self, year):
        root, _ = year
        issues = load_issues(root)
        pages = pdf_pages(root / "build" / f"{VOLUME}.pdf")
        printed = contents_numbers(pages, issues)
        actual = title_pages(pages, issues)
        assert len(printed) == 25 + sum(i.article_count for i in issues)
        assert printed == actual
        # each issue begins on a page of its own, and the 增刊 comes after the 24 regular issues
        issue_lines = {i.issue_line() for i in issues}
        starts = [page for what, page in actual if what in issue_lines]
        assert len(starts) == 25 and starts == sorted(set(starts))
        assert all(page > prev for (_, prev), (what, page) in zip(actual, actual[1:]) if what in issue_lines)
        assert actual[-1 - issues[-1].article_count][0] == "2008 增刊第 1 期"

    def test_bookmarks_list_every_issue_and_article_in_order(self, year):
        import pikepdf

        root, _ = year
        issues = load_issues(root)
        pages = pdf_pages(root / "build" / f"{VOLUME}.pdf")
        where = dict(title_pages(pages, issues))
        with pikepdf.open(root / "build" / f"{VOLUME}.pdf") as pdf:
            index = {page.objgen: n + 1 for n, page in enumerate(pdf.pages)}
            with pdf.open_outline() as outline:
                got = [(item.title, [child.title for child in item.children]) for item in outline.root]
                landing = []
                for item in outline.root:
                    for node in (item, *item.children):
                        dest = node.destination
                        if not isinstance(dest, pikepdf.Array):  # a named destination
                            dest = pdf.Root.Dests[dest] if "/Dests" in pdf.Root else pikepdf.NameTree(pdf.Root.Names.Dests)[str(dest)]
                        landing.append(index[dest[0].objgen])
        expected = [(f"{i.issue_line()}（{i.date_line()}）", [a.title for _, a in i.articles()]) for i in issues]
        assert got == expected
        assert landing == [where[what] for issue in issues for what in [issue.issue_line()] + [a.title for _, a in issue.articles()]]

    def test_docx_holds_fields_bookmarks_and_a_section_per_issue(self, year):
        root, _ = year
        with zipfile.ZipFile(root / "build" / f"{VOLUME}.docx") as archive:
            document = etree.fromstring(archive.read("word/document.xml"))
            settings = archive.read("word/settings.xml").decode()
        issues = load_issues(root)
        entries = 25 + sum(i.article_count for i in issues)
        fields = [t.text for t in document.iter(W + "instrText") if "PAGEREF" in t.text]
        names = {b.get(W + "name") for b in document.iter(W + "bookmarkStart")}
        assert len(fields) == entries and {f.split()[1] for f in fields} <= names
        sections = [s for s in document.iter(W + "sectPr")]
        assert len(sections) == 2 + 25  # cover, 总目录, one per issue
        assert not sections[0].findall(W + "footerReference")  # the cover: no page number
        assert all(s.find(W + "type").get(W + "val") == "nextPage" for s in sections[1:])
        assert "updateFields" in settings
        # the cached results are LibreOffice's numbers, for readers that do not update fields
        results = []
        for instr in document.iter(W + "instrText"):
            if "PAGEREF" in instr.text:
                results.append(int(instr.getparent().getnext().getnext().find(W + "t").text))
        printed = [n for _, n in contents_numbers(pdf_pages(root / "build" / f"{VOLUME}.pdf"), issues)]
        assert results == printed


def small_workspace(root: Path, **kwargs) -> Path:
    make_workspace(root, **kwargs)
    return root


@pytest.mark.libreoffice
def test_odd_starts_every_issue_on_an_odd_page(tmp_path):
    import pikepdf

    root = small_workspace(tmp_path / "ws", regular=4, supplements=1)
    result = run_cli("volume", "2008", "--pdf", "--odd", cwd=root)
    assert result.returncode == 0, result.stderr
    pdf_path = root / "build" / f"{VOLUME}.pdf"
    pages = pdf_pages(pdf_path)
    issues = load_issues(root)
    actual = title_pages(pages, issues)
    starts = [page for what, page in actual if what in {i.issue_line() for i in issues}]
    assert len(starts) == 5 and all(page % 2 == 1 for page in starts), starts
    assert "总目录" in squash(pages[2]) and not squash(pages[1])  # the 总目录 on page 3, page 2 left blank
    assert contents_numbers(pages, issues) == actual
    for index, page in enumerate(pages, start=1):
        numbers = [int(n) for n in PAGE_NUMBER.findall(page)]
        assert numbers in ([], [index]), f"page {index}: {numbers}"
        if squash(page):
            assert numbers == ([] if index == 1 else [index])
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(pages) and len(pages) % 2 == 0


def test_invalid_issue_stops_the_volume_and_skip_invalid_leaves_it_out(tmp_path):
    root = small_workspace(tmp_path / "ws", regular=3, supplements=0)
    build = root / "build"
    build.mkdir()
    old = build / f"{VOLUME}.docx"
    old.write_bytes(b"the volume built last week")
    manifest = root / "issues" / "2008-02.yaml"
    text = manifest.read_text("utf-8")
    assert "copies: 60\n" in text
    manifest.write_text(text.replace("copies: 60\n", "copies: -5\n"), "utf-8")
    refused = run_cli("volume", "2008", cwd=root)
    assert refused.returncode == 2, refused.stderr
    assert re.search(r"issues/2008-02\.yaml:\d+ copies", refused.stderr) and "--skip-invalid" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert old.read_bytes() == b"the volume built last week"
    assert sorted(p.name for p in build.iterdir()) == [old.name]

    skipped = run_cli("volume", "2008", "--skip-invalid", cwd=root)
    assert skipped.returncode == 0, skipped.stderr
    assert "已略去" in skipped.stderr and "2008-02" in skipped.stderr and "2 期" in skipped.stdout
    with zipfile.ZipFile(old) as archive:
        text = squash("".join(etree.fromstring(archive.read("word/document.xml")).itertext()))
    assert "2008第1期" in text and "2008第3期" in text and "2008第2期" not in text


def test_a_year_without_issues_is_an_input_error(tmp_path):
    root = small_workspace(tmp_path / "ws", regular=1, supplements=0)
    result = run_cli("volume", "2009", cwd=root)
    assert result.returncode == 2
    assert "2009 年没有期刊" in result.stderr


def test_date_order_puts_the_supplement_among_the_regular_issues(tmp_path):
    root = small_workspace(tmp_path / "ws", regular=14, supplements=1)  # the 增刊 is dated 15 June
    settings = root / "jianbao.yaml"
    text = settings.read_text("utf-8")
    assert "\n  order: series " in text
    settings.write_text(text.replace("\n  order: series ", "\n  order: date "), "utf-8")
    result = run_cli("volume", "2008", "--out", "合订本", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "build").exists()
    with zipfile.ZipFile(root / "合订本" / f"{VOLUME}.docx") as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
    names = [b.get(W + "name") for b in document.iter(W + "bookmarkStart")]
    issue_marks = [n for n in names if re.fullmatch(r"JB2008[NZ]\d\d", n)]
    issues = sorted(load_issues(root), key=lambda i: (i.date, i.id))
    assert issues[11].supplement  # dated 15 June: between 2008-11 (10 June) and 2008-12 (25 June)
    expected = [f"JB2008{'Z' if i.supplement else 'N'}{i.number:02d}" for i in issues]
    assert issue_marks == expected
    contents = [p for p in document.iter(W + "p") if "PAGEREF" in "".join(t.text or "" for t in p.iter(W + "instrText"))]
    issue_lines = [squash("".join(t.text or "" for t in p.iter(W + "t"))) for p in contents
                   if p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "JBTOCHeading"]
    assert [line.split("（")[0] for line in issue_lines] == [squash(i.issue_line()) for i in issues]


def test_pictures_in_rendered_issues_arrive_in_the_volume(workspace_dir, tmp_path):
    """The renderer's photos (issue .docx files with a picture, as render writes them once it prints
    figures) are carried into the volume with their image parts, each once."""
    from docx import Document
    from docx.shared import Mm

    from jianbao_cli.archive.compose import VolumePart, compose_volume
    from jianbao_cli.render import render_issue
    from jianbao_cli.workspace import Workspace
    from tests.archive.yearmaker import jpeg_bytes

    ws = Workspace(workspace_dir)
    issue = ws.load_issue("2008-06").issue
    rendered = render_issue(ws, "2008-06", out_dir=tmp_path)
    photos = []
    for n in (1, 2):
        photo = tmp_path / f"photo-{n}.jpg"
        photo.write_bytes(jpeg_bytes(n))
        document = Document(str(rendered))
        document.add_picture(str(photo), width=Mm(60))
        document.save(str(tmp_path / f"with-photo-{n}.docx"))
        photos.append(photo.read_bytes())
    parts = [VolumePart(issue, tmp_path / "with-photo-1.docx"), VolumePart(issue, rendered),
             VolumePart(issue, tmp_path / "with-photo-2.docx")]
    composed = compose_volume(parts, series=issue.series, year=2008, publisher=issue.publisher)
    out = tmp_path / "volume.docx"
    out.write_bytes(composed.to_bytes())
    with zipfile.ZipFile(out) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        blips = [el.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
                 for el in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")]
        targets = {r.get("Id"): r.get("Target") for r in rels}
        assert [archive.read("word/" + targets[rid]) for rid in blips] == photos
        # the first issue's package is the volume's: its own copy of the photo must not stay behind
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(media) == 2


def test_composing_leaves_python_docx_core_properties_intact(workspace_dir, tmp_path):
    """docxcompose remaps python-docx's `cp` prefix when imported; later documents must still be right."""
    from docx import Document

    from jianbao_cli.archive.compose import VolumePart, compose_volume
    from jianbao_cli.render import render_issue
    from jianbao_cli.workspace import Workspace

    ws = Workspace(workspace_dir)
    issue = ws.load_issue("2008-06").issue
    compose_volume([VolumePart(issue, render_issue(ws, "2008-06", out_dir=tmp_path))], series=issue.series,
                   year=2008, publisher=issue.publisher)
    document = Document()
    document.core_properties.revision = 7
    document.save(str(tmp_path / "after.docx"))
    with zipfile.ZipFile(tmp_path / "after.docx") as archive:
        core = etree.fromstring(archive.read("docProps/core.xml"))
    core_ns = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    assert core.find(f"{{{core_ns}}}revision").text == "7"


@pytest.mark.libreoffice
def test_no_issue_of_the_volume_leaves_its_tail_alone(tmp_path):
    """Issues whose last paragraph starts a page (the case LibreOffice will not keep with the 报尾, see
    tests/render/test_layout_pdf.py) are made again for the PDF with the last two lines kept with it;
    every page that prints a 报尾 prints body text above it, with --odd's blank pages in between."""
    from jianbao_cli.workspace import Workspace
    from tests.conftest import _copy_workspace
    from tests.render.conftest import Docx, write_issue
    from tests.render.test_layout_pdf import BODY_PT, open_pdf, rules, text_lines

    root = _copy_workspace(tmp_path / "ws")
    workspace = Workspace(root)
    example = workspace.load_issue("2008-06").issue
    long_paragraph = "各区（市）县要高度重视，明确分管领导和责任部门，"
    for repeat in (20, 23):
        sections = [s.model_copy(deep=True) for s in example.sections]
        last = sections[-1].articles[-1]
        last.paragraphs = list(last.paragraphs) + [long_paragraph * repeat]
        write_issue(workspace, example.model_copy(update={"number": 40 + repeat, "sections": sections}))
    result = run_cli("volume", "2008", "--pdf", "--odd", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "报尾单独" not in result.stderr
    tails = 0
    with open_pdf(root / "build" / f"{VOLUME}.pdf") as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found = rules(page)
            if found and text_lines(page, 14):  # the 报尾's rules and its 四号 lines
                tails += 1
                body = text_lines(page, BODY_PT)
                assert body and body[0] < found[0]["top"], f"page {number}: the 报尾 alone"
    assert tails == 3
    # the volume's .docx keeps the paragraphs whole: only the PDF was made from split copies
    texts = [p.text for p in Docx.open(root / "build" / f"{VOLUME}.docx").paragraphs() if p.style == "JB Body"]
    assert long_paragraph * 20 in texts and long_paragraph * 23 in texts
