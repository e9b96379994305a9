"""Through LibreOffice to PDF, read back with poppler: the text, the embedded CJK faces, the grid.

CI installs LibreOffice and poppler-utils and sets JIANBAO_REQUIRE_LIBREOFFICE=1, so these run there.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.libreoffice


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    from tests.conftest import _copy_workspace

    root = _copy_workspace(tmp_path_factory.mktemp("pdf") / "ws")
    result = run_cli("render", "2008-06", "--pdf", "--png", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def pdftotext(path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_text_matches_the_manifest(pdf):
    from jianbao_cli.workspace import Workspace

    issue = Workspace(pdf).load_issue("2008-06").issue
    text = pdftotext(pdf / "build" / "2008-06.pdf")
    pages = text.split("\f")
    # page numbers — N — in the footers, one per page, then dropped so paragraphs read across pages
    numbers = re.findall(r"—\s*(\d+)\s*—", text)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert len(numbers) == len([p for p in pages if p.strip()])
    flat = squash(re.sub(r"—\s*\d+\s*—", "", text))
    expected = [issue.series, issue.issue_line(), issue.publisher, issue.date_line(), "本期导读"]
    for section in issue.sections:
        expected.append(section.title)
        expected += [f"☞{a.title}" for a in section.articles]
    for _, article in issue.articles():
        expected.append(article.title)
        expected += article.paragraphs
    for key, labels in issue.distribution.groups():
        expected.append(f"{key}：" + "".join(labels))
    expected.append(issue.contact)
    position = 0
    for item in expected:
        found = flat.find(squash(item), position)
        assert found >= 0, f"missing or out of order in PDF: {item[:30]}"
        position = found + len(squash(item))
    assert flat.endswith(squash(issue.contact))


def test_cjk_faces_are_embedded(pdf):
    out = subprocess.run(["pdffonts", str(pdf / "build" / "2008-06.pdf")], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    names = [row[0] for row in rows]
    assert any("CJK" in n or "UKai" in n for n in names), names
    # every font used is embedded (column "emb" is the third from the right-hand id columns)
    for line in out.splitlines()[2:]:
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line), line
    # the masthead's 小标宋 stand-in (bold serif) and the 楷体 stand-in are both there
    assert any("Serif" in n and "Bold" in n for n in names), names
    assert any("UKai" in n for n in names), names


def test_body_lines_hold_28_characters(pdf):
    text = pdftotext(pdf / "build" / "2008-06.pdf", "-layout")
    full_width = [line.strip() for line in text.splitlines()
                  if line.strip() and all(ord(c) > 0x2E80 for c in line.strip())]
    # A closing mark may hang past the line end or be compressed (行末标点), as in Word: not counted.
    lengths = [len(line[:-1] if line[-1] in "，。、；：！？）》”’" else line) for line in full_width]
    assert max(lengths) == 28, sorted(lengths)[-5:]
    assert lengths.count(28) > 20


def test_png_pages(pdf):
    pages = sorted((pdf / "build").glob("2008-06-*.png"))
    assert pages and pages[0].name == "2008-06-1.png"
    assert pages[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_batch_pdf_in_one_call(pdf):
    import shutil

    from jianbao_cli.render.pdf import export_pdfs

    build = pdf / "build"
    copy = build / "copy.docx"
    shutil.copyfile(build / "2008-06.docx", copy)
    out = export_pdfs([build / "2008-06.docx", copy], pdf / "pdfs")
    assert [p.name for p in out] == ["2008-06.pdf", "copy.pdf"]
    assert all(p.stat().st_size > 10000 for p in out)
