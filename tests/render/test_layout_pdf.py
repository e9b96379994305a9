"""The printed page, measured in the PDF that LibreOffice makes (pdfplumber reads lines and glyphs).

One LibreOffice call renders the example issue and a sweep of 24 issues whose last article grows by
one line each, so that its end falls on every line of a page: the 报尾 then fits under the text in
some and not in others. A 报尾 that does not fit must take the last body lines to the next page with
it, never stand on a page alone.
"""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.render.conftest import NS, W, Docx

pytestmark = pytest.mark.libreoffice

PT_PER_MM = 72 / 25.4
TWIPS_PER_PT = 20
TYPE_AREA_MM = 156
MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 28, 37, 35
PAGE_HEIGHT_MM = 297
CHAR_4HAO_MM = 14 / PT_PER_MM  # one 四号 character
BODY_PT, TITLE_PT, TAIL_PT = 16, 22, 14
SWEEP = 24
#: A last paragraph of 18 or 20 lines that starts at the top of the last page of text.
LONG_LAST_REPEATS = (20, 23)
LONG_LAST_IDS = tuple(f"2008-{40 + r}" for r in LONG_LAST_REPEATS)
#: The same with a source line (`（市信息办供稿）`) after the 18-line paragraph.
SOURCED_ID = "2008-80"
SOURCE = "市信息办供稿"
LONG_PARAGRAPH = "各区（市）县要高度重视，明确分管领导和责任部门，"
LONG_TITLE = "关于进一步加强政府网站信息内容建设和集约化管理工作的实施意见的通知"  # two lines of 二号


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """{issue id: PDF path}: the example and the sweep, all converted in one LibreOffice call."""
    from jianbao_cli.model.manifest import Distribution
    from jianbao_cli.workspace import Workspace
    from tests.conftest import _copy_workspace
    from tests.render.conftest import write_issue

    root = _copy_workspace(tmp_path_factory.mktemp("layout") / "ws")
    workspace = Workspace(root)
    example = workspace.load_issue("2008-06").issue
    ids = ["2008-06"]
    for n in range(SWEEP):
        sections = [s.model_copy(deep=True) for s in example.sections]
        last = sections[-1].articles[-1]
        last.title = LONG_TITLE
        # n one-line paragraphs, then a paragraph of three lines: the text ends n lines further on
        last.paragraphs = list(last.paragraphs) + [f"第{i + 1}项工作按计划推进。" for i in range(n)] + [
            "各区（市）县要高度重视，明确分管领导和责任部门，" * 3]
        issue = example.model_copy(update={
            "number": 7 + n, "sections": sections, "copies": 120,
            "distribution": Distribution.model_validate({
                "报": ["省政府办公厅"], "送": list(example.distribution["送"]), "发": list(example.distribution["发"]),
                "抄送": ["市委办公厅", "市人大常委会办公厅", "市政协办公厅"]})})
        write_issue(workspace, issue)
        ids.append(str(issue.id))
    for number, repeat, source in [(40 + r, r, None) for r in LONG_LAST_REPEATS] + [(80, 20, SOURCE)]:
        sections = [s.model_copy(deep=True) for s in example.sections]  # LibreOffice's case: see tailfix
        last = sections[-1].articles[-1]
        last.paragraphs = list(last.paragraphs) + [LONG_PARAGRAPH * repeat]
        last.source = source
        issue = example.model_copy(update={"number": number, "sections": sections})
        write_issue(workspace, issue)
        ids.append(str(issue.id))
    result = run_cli("render", *ids, "--pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    return {issue_id: root / "build" / f"{issue_id}.pdf" for issue_id in ids}


def text_lines(page, size: float) -> list[float]:
    """Tops of the lines of glyphs of one size inside the type area (not the footer)."""
    top = MARGIN_TOP_MM * PT_PER_MM - 4
    bottom = (PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM) * PT_PER_MM
    tops = sorted({round(c["top"], 1) for c in page.chars
                   if abs(c["size"] - size) < 0.3 and c["text"].strip() and top < c["top"] < bottom})
    lines: list[float] = []
    for t in tops:
        if not lines or t - lines[-1] > 2:
            lines.append(t)
    return lines


def open_pdf(path):
    import pdfplumber

    return pdfplumber.open(path)


def rules(page) -> list[dict]:
    """Black horizontal rules (lines, or rectangles thinner than a millimetre) on a page."""
    found = []
    for obj in page.lines + page.rects:
        if abs(obj["bottom"] - obj["top"]) < 3 and obj["x1"] - obj["x0"] > 20 * PT_PER_MM:
            colour = obj.get("stroking_color") or obj.get("non_stroking_color")
            if colour in (None, 0, (0,), [0], (0, 0, 0), [0, 0, 0]) or all(v == 0 for v in colour):
                found.append(obj)
    unique: dict[tuple, dict] = {}
    for obj in found:
        unique.setdefault((round(obj["top"]), round(obj["x0"]), round(obj["x1"])), obj)
    return sorted(unique.values(), key=lambda o: o["top"])


def line_starts(page, size: float) -> dict[float, dict]:
    """{line top: its leftmost glyph} for the lines of one type size inside the type area."""
    starts: dict[float, dict] = {}
    for top in text_lines(page, size):
        glyphs = [c for c in page.chars if abs(c["size"] - size) < 0.3 and c["text"].strip() and abs(c["top"] - top) <= 2]
        starts[top] = min(glyphs, key=lambda c: c["x0"])
    return starts


def test_tail_rules_span_the_type_area_and_the_text_stays_one_character_in(pdfs):
    for issue_id, keys in (("2008-06", "送发"), ("2008-07", "报送发抄")):
        with open_pdf(pdfs[issue_id]) as pdf:
            page = pdf.pages[-1]
            found = rules(page)
            # 2008-06: 送 (two lines) and 发; 2008-07: 报 送 发 抄送 and （共印 120 份）: a rule above and under each
            assert len(found) == (3 if issue_id == "2008-06" else 6), found
            for rule in found:
                assert rule["x0"] / PT_PER_MM == pytest.approx(MARGIN_LEFT_MM, abs=1)
                assert (rule["x1"] - rule["x0"]) / PT_PER_MM == pytest.approx(TYPE_AREA_MM, abs=1)
            # thick (0.35 mm) first and last, thin (0.25 mm) between
            widths = [r["linewidth"] / PT_PER_MM for r in found]
            assert widths == pytest.approx([0.35] + [0.25] * (len(found) - 2) + [0.35], abs=0.02), widths
            labelled = {top: c for top, c in line_starts(page, TAIL_PT).items() if found[0]["top"] < top < found[-1]["top"]}
            assert "".join(c["text"] for c in labelled.values() if c["text"] in keys) == keys
            for c in labelled.values():
                if c["text"] in keys:  # 送：… starts one character in; wrapped lines hang after the colon
                    assert c["x0"] / PT_PER_MM == pytest.approx(MARGIN_LEFT_MM + CHAR_4HAO_MM, abs=0.5)
                else:
                    assert c["x0"] / PT_PER_MM > MARGIN_LEFT_MM + CHAR_4HAO_MM + 1


def title_line_height_pt(docx_path) -> float:
    """The exact line height the JB Article Title style gives, in points."""
    from tests.render.conftest import Docx

    spacing = Docx.open(docx_path).style("JB Article Title").find("w:pPr/w:spacing", NS)
    assert spacing.get(W + "lineRule") == "exact"
    return int(spacing.get(W + "line")) / TWIPS_PER_PT


def test_wrapped_title_lines_are_one_title_line_apart(pdfs):
    pitch = title_line_height_pt(pdfs["2008-07"].with_suffix(".docx"))
    pairs = 0
    for issue_id, path in pdfs.items():
        with open_pdf(path) as pdf:
            for page in pdf.pages:
                titles = text_lines(page, TITLE_PT)
                for upper, lower in zip(titles, titles[1:]):
                    if lower - upper < 3 * pitch:  # two lines of one title, not two titles
                        assert lower - upper == pytest.approx(pitch, abs=0.6), (issue_id, titles)
                        pairs += 1
    assert pairs == SWEEP  # the long title of every sweep issue wraps once


def body_grid(pdfs) -> tuple[float, float]:
    """(top of a first grid line, grid pitch) from the example's second page, which starts with body text."""
    from tests.render.conftest import Docx

    grid = Docx.open(pdfs["2008-06"].with_suffix(".docx")).document.find(".//w:sectPr/w:docGrid", NS)
    pitch = int(grid.get(W + "linePitch")) / TWIPS_PER_PT
    with open_pdf(pdfs["2008-06"]) as pdf:
        return text_lines(pdf.pages[1], BODY_PT)[0], pitch


def test_body_text_stays_on_the_grid_and_full_pages_have_22_lines(pdfs):
    first, pitch = body_grid(pdfs)
    full_pages = 0
    for issue_id, path in pdfs.items():
        with open_pdf(path) as pdf:
            pages = pdf.pages
            for number, page in enumerate(pages[1:], 2):  # page 1: the masthead and the red rule are off the grid
                lines = text_lines(page, BODY_PT)
                rows = [(top - first) / pitch for top in lines]
                # titles take whole grid lines: the body after them is still on the grid
                assert all(abs(r - round(r)) < 0.05 for r in rows), (issue_id, number, rows)
                assert all(0 <= round(r) < 22 for r in rows), (issue_id, number, rows)
                if number == len(pages):
                    continue
                if issue_id in (*LONG_LAST_IDS, SOURCED_ID) and number == len(pages) - 1:
                    continue  # two lines were split off to go with the 报尾: see the test below
                following = line_starts(pages[number], BODY_PT)
                nxt = text_lines(pages[number], TITLE_PT)
                if not following or (nxt and nxt[0] < min(following)):
                    continue  # the next page starts with a title: this page may end before its foot
                start = following[min(following)]
                if start["x0"] / PT_PER_MM > MARGIN_LEFT_MM + 1:
                    continue  # the next page starts with a paragraph (first line indented two characters)
                # a paragraph runs on to the next page: this page is full to its 22nd line
                assert round(rows[-1]) == 21, (issue_id, number, len(lines))
                if not text_lines(page, TITLE_PT):
                    assert len(lines) == 22, (issue_id, number, len(lines))
                    full_pages += 1
    assert full_pages >= SWEEP  # every sweep issue has at least one page of body text only


def test_no_issue_of_the_sweep_ends_on_a_page_without_body_text(pdfs):
    first, pitch = body_grid(pdfs)
    fitted = moved = 0
    for issue_id, path in pdfs.items():
        if issue_id in (*LONG_LAST_IDS, SOURCED_ID):
            continue
        with open_pdf(path) as pdf:
            last = pdf.pages[-1]
            body = text_lines(last, BODY_PT)
            tail = rules(last)
            assert tail, f"{issue_id}: no 报尾 on the last page"
            assert body and body[0] < tail[0]["top"], (
                f"{issue_id}: the last page (page {len(pdf.pages)}) holds the 报尾 and no body text")
            # 报尾 at the foot of the type area: its last line ends on the 22nd grid line
            assert (text_lines(last, TAIL_PT)[-1] - first) / pitch == pytest.approx(21, abs=0.25)
            before = text_lines(pdf.pages[-2], BODY_PT)
            if not text_lines(last, TITLE_PT) and (before[-1] - first) / pitch < 20.5:
                moved += 1  # the 报尾 did not fit under the text: the last lines came over with it
            else:
                fitted += 1
    # the sweep covers both cases, several times each
    assert moved >= 8 and fitted >= 8, (moved, fitted)


def test_a_long_last_paragraph_at_the_top_of_a_page_goes_with_the_tail(pdfs):
    """LibreOffice does not move a paragraph that starts a page for keep-with-next; render.tailfix
    converts such an issue again with the paragraph's last two lines split off."""
    for issue_id in LONG_LAST_IDS:
        with open_pdf(pdfs[issue_id]) as pdf:
            last = pdf.pages[-1]
            assert rules(last)
            moved = text_lines(last, BODY_PT)
            assert moved, f"{issue_id}: the 报尾 alone on page {len(pdf.pages)}"
            assert len(moved) == 2 and moved[-1] < rules(last)[0]["top"]
            # the split does not show: the moved lines start at the margin (no new paragraph's
            # indent), and the line above the split is as wide as the type area, like any full line
            starts = line_starts(last, BODY_PT)
            assert starts[moved[0]]["x0"] / PT_PER_MM == pytest.approx(MARGIN_LEFT_MM, abs=0.6)
            before = pdf.pages[-2]
            last_line = text_lines(before, BODY_PT)[-1]
            glyphs = [c for c in before.chars if abs(c["size"] - BODY_PT) < 0.3 and abs(c["top"] - last_line) <= 2]
            assert min(c["x0"] for c in glyphs) / PT_PER_MM == pytest.approx(MARGIN_LEFT_MM, abs=0.6)
            assert max(c["x1"] for c in glyphs) / PT_PER_MM == pytest.approx(MARGIN_LEFT_MM + TYPE_AREA_MM, abs=1)
        # the .docx the office opens in Word is as rendered: the paragraph is whole there
        doc = Docx.open(pdfs[issue_id].with_suffix(".docx"))
        texts = [p.text for p in doc.paragraphs() if p.style == "JB Body"]
        assert texts[-1] == LONG_PARAGRAPH * (int(issue_id[-2:]) - 40)


def test_a_source_line_goes_along_with_the_last_lines(pdfs):
    """The last paragraph followed by its source: the two lines split off and the source line go to
    the 报尾's page together."""
    with open_pdf(pdfs[SOURCED_ID]) as pdf:
        last = pdf.pages[-1]
        lines = text_lines(last, BODY_PT)
        assert len(lines) == 3 and lines[-1] < rules(last)[0]["top"], f"{SOURCED_ID}: {len(lines)} lines"
        text = "".join(c["text"] for c in last.chars if c["top"] <= lines[-1] + 2 and c["text"].strip())
        assert text.endswith(f"（{SOURCE}）") and LONG_PARAGRAPH[-6:] in text


def test_a_last_paragraph_that_cannot_be_split_is_reported(pdfs, tmp_path):
    """A paragraph holding more than text (here a bookmark) is not split: the PDF is made as
    LibreOffice lays it out, and the caller is told which issue to adjust by hand."""
    import zipfile

    from lxml import etree

    from jianbao_cli.render.pdf import export_pdfs

    source = pdfs[LONG_LAST_IDS[0]].with_suffix(".docx")
    marked = tmp_path / source.name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(marked, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                anchor = root.find(".//w:pStyle[@w:val='JBTailAnchor']/../..", NS)
                last = anchor.getprevious()
                bookmark = etree.Element(W + "bookmarkStart", {W + "id": "901", W + "name": "by_hand"})
                last.find(W + "pPr").addnext(bookmark)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    messages: list[str] = []
    [pdf] = export_pdfs([marked], tmp_path / "out", warn=messages.append)
    assert messages == [f"{pdf.name}：报尾单独在最后一页（最后一段含有文字以外的内容），请在 Word 中调整后再生成 PDF。"]
    with open_pdf(pdf) as document:
        assert not text_lines(document.pages[-1], BODY_PT)  # as LibreOffice laid it out
