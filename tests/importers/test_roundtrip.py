"""import(render(manifest)) == manifest: through the rendered .docx, through .doc, and through the PDF's text."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from jianbao_cli.importers import import_file
from jianbao_cli.model.yamlio import load_manifest
from tests.conftest import REPO, SEED_TEXT, run_cli
from tests.importers.accuracy import compare
from tests.importers.strategies import figure_files, manifest

EXAMPLE = REPO / "issues" / "2008-06.yaml"
CORPUS = REPO / "tests" / "importers" / "corpus"


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    """render(issue) -> .docx path, with the repository's template and layout."""
    from jianbao_cli.render import render_document
    from jianbao_cli.workspace import Workspace

    workspace = Workspace(REPO)
    template, layout = workspace.template_path, workspace.settings.layout
    folder = tmp_path_factory.mktemp("rendered")
    counter = iter(range(10**6))

    def render(issue, figure_root: Path | None = None) -> Path:
        return render_document(issue, template, layout, folder / f"{issue.id}-{next(counter)}.docx",
                               figure_root=figure_root)

    return render


def to_pdf(docx: Path) -> Path:
    from jianbao_cli.render import export_pdfs

    return export_pdfs([docx], docx.parent)[0]


def soffice_convert(source: Path, target_format: str, out_dir: Path) -> Path:
    profile = out_dir / "lo-profile"
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
    )
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert produced.is_file()
    return produced


def assert_same_or_warned(result, issue):
    """Equal, except where the importer said it was unsure: a field may differ only if warned about."""
    places = [f"sections[{s}].articles[{a}]" for s, section in enumerate(issue.sections) for a in range(len(section.articles))]
    fields = [w.field for w in result.warnings]
    for difference in compare("rt", result.issue, issue, {}).differences:
        label = difference.split(":")[0]
        if label.startswith("article "):
            index = int(label.split()[1])
            where = places[index] if index < len(places) else "sections"
            assert any(f.startswith(where) or f == "sections" for f in fields), (difference, fields)
        else:
            assert label in fields, (difference, fields)


# --- .docx ----------------------------------------------------------------------------------


def test_example_through_docx(renderer):
    issue = load_manifest(EXAMPLE).issue
    result = import_file(renderer(issue))
    assert result.format == "docx"
    assert result.issue == issue
    assert result.warnings == []


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(issue=manifest())
def test_generated_manifests_through_docx(renderer, issue):
    result = import_file(renderer(issue))
    assert result.issue == issue


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(issue=manifest(rich=True))
def test_generated_manifests_with_notes_headings_figures_and_sources_through_docx(renderer, issue, tmp_path_factory):
    """import(render(m)) == m with 编者按, sub-headings, figures (with and without captions) and sources;
    the images come back beside the manifest under the paths the manifest names."""
    from jianbao_cli.importers import write_manifest

    root = tmp_path_factory.mktemp("issues")
    files = figure_files(issue)
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    result = import_file(renderer(issue, root))
    assert result.issue == issue
    assert result.warnings == []
    assert sorted(result.figures) == sorted(files)
    out = tmp_path_factory.mktemp("imported")
    assert load_manifest(write_manifest(result, out)).issue == issue
    for relative in files:
        # images this small are embedded as they are, so even the bytes come back
        assert result.figures[relative] == files[relative]
        assert (out / relative).read_bytes() == files[relative]


def test_docx_without_jianbao_styles_goes_through_the_text_importer(tmp_path):
    from docx import Document

    document = Document()
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(tmp_path / "old.docx")
    result = import_file(tmp_path / "old.docx")
    assert result.format == "docx"
    assert result.issue == load_manifest(EXAMPLE).issue


def test_special_characters_survive_render_and_import(renderer):
    issue = load_manifest(EXAMPLE).issue
    tricky = "比较 a<b && c>d，模板 {{ name }}、{% if x %}、{#c#} 原样保留。"
    issue.sections[0].articles[0].paragraphs[0] = tricky
    issue.sections[0].articles[0].title = "标题含 <&> 与 {{ x }}"
    result = import_file(renderer(issue))
    assert result.issue == issue


# --- through LibreOffice: .doc and PDF ------------------------------------------------------


@pytest.mark.libreoffice
def test_doc_made_by_libreoffice(renderer, tmp_path):
    issue = load_manifest(EXAMPLE).issue
    doc = soffice_convert(renderer(issue), "doc", tmp_path)
    result = import_file(doc)
    assert result.format == "doc"
    assert result.issue == issue


@pytest.mark.libreoffice
def test_doc_of_a_plain_word_file(tmp_path):
    from docx import Document

    document = Document()
    for line in (CORPUS / "04-chinese-numerals-enumeration.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(tmp_path / "plain.docx")
    doc = soffice_convert(tmp_path / "plain.docx", "doc", tmp_path)
    result = import_file(doc)
    assert result.issue == load_manifest(CORPUS / "04-chinese-numerals-enumeration.yaml").issue


@pytest.mark.libreoffice
def test_example_through_pdf_text(renderer):
    issue = load_manifest(EXAMPLE).issue
    pdf = to_pdf(renderer(issue))
    result = import_file(pdf)
    assert result.format == "pdf"
    assert result.issue == issue
    # the 送 list wraps inside names on the page: the importer joined them and said so
    assert all(w.field == "distribution.送" for w in result.warnings)


@pytest.mark.libreoffice
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example runs LibreOffice: no shrinking
@given(issue=manifest(max_articles=3))
def test_generated_manifests_through_pdf_text(renderer, issue):
    result = import_file(to_pdf(renderer(issue)))
    assert_same_or_warned(result, issue)
    assert result.issue.model_dump(exclude={"distribution"}) == issue.model_dump(exclude={"distribution"})


@pytest.mark.libreoffice
def test_pdf_from_a_plain_word_file_through_the_cli(tmp_path):
    from docx import Document

    document = Document()
    for line in (CORPUS / "07-no-year-sections-in-body.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "plain.docx")
    pdf = soffice_convert(tmp_path / "plain.docx", "pdf", tmp_path)
    done = run_cli("import", str(pdf), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    imported = load_manifest(tmp_path / "out" / "2011-12.yaml").issue
    assert imported == load_manifest(CORPUS / "07-no-year-sections-in-body.yaml").issue


def test_word_file_laid_out_by_hand(tmp_path):
    """A back issue typed in Word: red centred masthead, centred titles, indented paragraphs, no contents."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    expected = load_manifest(CORPUS / "02-no-contents-glued-date.yaml").issue
    document = Document()

    def para(text, centred=False, indent=False, size=None, red=False):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        if size:
            run.font.size = Pt(size)
        if red:
            run.font.color.rgb = RGBColor(0xFF, 0, 0)

    para(expected.series, centred=True, size=42, red=True)
    para("简报 第3期", centred=True)
    para(f"{expected.publisher}\t2013年4月15日")
    for _, article in expected.articles():
        para(article.title, centred=True, size=22)
        for text in article.paragraphs:
            para(text, indent=True)
    for key, labels in expected.distribution.groups():
        para(f"{key}：" + " ".join(labels) + ("。" if key == "抄送" else ""))
    para(f"（共印 {expected.copies} 份）")
    document.save(tmp_path / "typed.docx")
    result = import_file(tmp_path / "typed.docx")
    assert result.issue == expected


@pytest.mark.libreoffice
def test_section_headings_repeated_in_the_body(tmp_path):
    """With `section_headings_in_body: true` the headings stand above the articles too: not article text."""
    from jianbao_cli.render import render_document
    from jianbao_cli.workspace import Workspace

    workspace = Workspace(REPO)
    layout = workspace.settings.layout.model_copy(update={"section_headings_in_body": True})
    issue = load_manifest(EXAMPLE).issue
    docx = render_document(issue, workspace.template_path, layout, tmp_path / "2008-06.docx")
    assert import_file(docx).issue == issue
    assert import_file(to_pdf(docx)).issue == issue


def test_special_characters_from_a_text_survive_import_render_import(renderer, tmp_path):
    from jianbao_cli.importers import import_and_write

    text = SEED_TEXT.read_text(encoding="utf-8").replace(
        "推动电子政府发展。", "推动电子政府发展，比较 a<b & c>d，模板 {{ name }} 与 {% if x %} 原样。", 1
    )
    (tmp_path / "tricky.txt").write_text(text, encoding="utf-8")
    result, path = import_and_write(tmp_path / "tricky.txt", tmp_path / "issues")
    issue = load_manifest(path).issue
    assert "a<b & c>d，模板 {{ name }} 与 {% if x %} 原样。" in issue.sections[0].articles[0].paragraphs[0]
    assert import_file(renderer(issue)).issue == issue


@pytest.mark.libreoffice
def test_pdf_with_a_running_header_on_every_page(tmp_path):
    """A Word file with a header line on every page, as PDF: the header is not article text."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(16)
    document.sections[0].header.paragraphs[0].text = "成都市政府网站简报（内部刊物）"
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(tmp_path / "headed.docx")
    pdf = soffice_convert(tmp_path / "headed.docx", "pdf", tmp_path)
    import pdfplumber

    with pdfplumber.open(str(pdf)) as opened:
        assert len(opened.pages) >= 3
    result = import_file(pdf)
    expected = load_manifest(EXAMPLE).issue
    assert "内部刊物" not in result.issue.model_dump_json()  # the running header is gone
    assert [a.title for _, a in result.issue.articles()] == [a.title for _, a in expected.articles()]
    # Word's plain layout has no first-line indents: where a full line ends a sentence the PDF cannot say
    # whether the paragraph ends there; each such place is a warning, and nothing else may differ
    assert any("是否另起一段无法判断" in w.message for w in result.warnings)
    # the space before a Latin word that wrapped to the next line may be missing from the PDF
    assert result.issue.contact.replace(" ", "") == expected.contact.replace(" ", "")
    from dataclasses import replace

    assert_same_or_warned(replace(result, issue=result.issue.model_copy(update={"contact": expected.contact})), expected)
