"""PDF/A-2b through LibreOffice: `render --pdfa`, the setting `layout.pdfa`, `volume --pdfa`.

Each PDF is read back here, independently of jianbao's own check: the XMP identification with pikepdf,
font embedding with poppler's `pdffonts`, encryption and the output intent with pikepdf.

What these tests cannot show: that the files pass a full PDF/A validator. veraPDF cannot be installed
here (not in Debian 12, PyPI or npm), so colour spaces against the output intent, the whole XMP schema,
font widths and glyph coverage, annotation appearances and the other clauses of ISO 19005-2 are unchecked.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import _copy_workspace, run_cli


def pdfa_identification(path: Path) -> tuple[str | None, str | None]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        metadata = pdf.open_metadata()
        return metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")


def fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, emb column) for every font `pdffonts` lists."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, rule = out[0], out[1]
    column = header.index("emb")
    return [(line.split()[0], line[column:column + 3].strip()) for line in out[2:] if line.strip()]


def assert_pdfa_2b(path: Path) -> None:
    import pikepdf

    assert pdfa_identification(path) == ("2", "B")
    listed = fonts(path)
    assert listed and all(emb == "yes" for _, emb in listed), listed
    assert any("CJK" in name or "UKai" in name for name, _ in listed), listed
    with pikepdf.open(path) as pdf:  # opens without a password
        assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        assert len(pdf.Root.OutputIntents) >= 1


@pytest.mark.libreoffice
def test_render_pdfa(tmp_path):
    root = _copy_workspace(tmp_path / "ws")
    result = run_cli("render", "2008-06", "--pdfa", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "build/2008-06.pdf（PDF/A-2b，已检查）" in result.stdout
    assert_pdfa_2b(root / "build" / "2008-06.pdf")


@pytest.mark.libreoffice
def test_setting_makes_every_pdf_a_pdfa(tmp_path):
    root = _copy_workspace(tmp_path / "ws")
    settings = root / "jianbao.yaml"
    text = settings.read_text("utf-8")
    assert "\n  pdfa: false " in text
    settings.write_text(text.replace("\n  pdfa: false ", "\n  pdfa: true "), "utf-8")
    result = run_cli("render", "2008-06", "--pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    assert_pdfa_2b(root / "build" / "2008-06.pdf")


@pytest.mark.libreoffice
def test_volume_pdfa_keeps_its_bookmarks(tmp_path):
    import pikepdf

    from tests.archive.yearmaker import make_workspace

    root = tmp_path / "ws"
    make_workspace(root, regular=2, supplements=0)
    result = run_cli("volume", "2008", "--pdfa", cwd=root)
    assert result.returncode == 0, result.stderr
    path = root / "build" / "成都市政府网站简报-2008-合订本.pdf"
    assert_pdfa_2b(path)
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["2008 第 1 期（2008 年 1 月 10 日）", "2008 第 2 期（2008 年 1 月 25 日）"]


@pytest.mark.libreoffice
def test_a_pdf_that_is_not_pdfa_is_reported_and_not_written(workspace, tmp_path, monkeypatch):
    """As if LibreOffice ignored the PDF/A option: the check refuses the file, with its reasons."""
    from jianbao_cli.errors import ProblemList
    from jianbao_cli.render import pdf as pdf_module
    from jianbao_cli.render import render_issue

    docx = render_issue(workspace, "2008-06", out_dir=tmp_path / "docx")
    real_filter = pdf_module.pdf_filter
    monkeypatch.setattr(pdf_module, "pdf_filter", lambda **kw: real_filter(**{**kw, "pdfa": False}))
    with pytest.raises(ProblemList) as refused:
        pdf_module.export_pdfs([docx], tmp_path / "out", pdfa=True)
    assert refused.value.exit_code == 1
    message = str(refused.value)
    assert message.startswith("2008-06.pdf: 不符合 PDF/A-2b") and "part=无" in message
    assert not (tmp_path / "out" / "2008-06.pdf").exists()


def _plain_pdf(path: Path, *, encrypt: bool = False) -> Path:
    """A one-page PDF without PDF/A metadata, in Helvetica and a CID-keyed SimSun, neither embedded,
    and a CID-keyed font that is embedded (its program sits with the descendant font, not the Type 0 font)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name.SimSun, Flags=4)
    cid_font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2,
                                  BaseFont=pikepdf.Name.SimSun, FontDescriptor=descriptor)
    chinese = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0,
                                                   BaseFont=pikepdf.Name.SimSun, Encoding=pikepdf.Name("/Identity-H"),
                                                   DescendantFonts=[cid_font]))
    embedded_descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name.Embedded,
                                             Flags=4, FontFile2=pdf.make_stream(b"\0" * 16))
    embedded = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name.Embedded,
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2,
                                            BaseFont=pikepdf.Name.Embedded, FontDescriptor=embedded_descriptor)]))
    fonts = pikepdf.Dictionary(F1=font, F2=chinese, F3=embedded)
    page = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                           Resources=pikepdf.Dictionary(Font=fonts)))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (jianbao) Tj ET")
    pdf.pages.append(page)
    options = {"encryption": pikepdf.Encryption(owner="owner", user="")} if encrypt else {}
    pdf.save(path, **options)
    return path


def test_checker_names_what_is_wrong(tmp_path):
    from jianbao_cli.render.pdfa import pdfa_problems

    problems = pdfa_problems(_plain_pdf(tmp_path / "plain.pdf"))
    assert any("part=无" in p for p in problems)
    assert any("OutputIntent" in p for p in problems)
    assert "字体未嵌入：Helvetica、SimSun" in problems
    assert not any("加密" in p for p in problems)
    encrypted = pdfa_problems(_plain_pdf(tmp_path / "encrypted.pdf", encrypt=True))
    assert any("加密" in p for p in encrypted)
