"""add-article --file on every file of the contributors' corpus: the stored article field by field, the
warnings, the figure files, and nothing written for a refused file."""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from jianbao_cli.model.yamlio import load_manifest
from tests.conftest import jianbao_exe, run_cli
from tests.editing.corpus.make_contributions import (
    ARTICLE,
    CAPTION_1,
    CAPTION_2,
    H1,
    H2,
    NOTE,
    NUMBERED,
    P1,
    P2,
    P3,
    P4,
    SOURCE,
    TITLE,
)

SECTION = "政府网站群动态"


def manifest(ws: Path) -> Path:
    return ws / "issues" / "2008-06.yaml"


def stored_article(ws: Path, index: int = -1):
    return load_manifest(manifest(ws)).issue.sections[1].articles[index]


def added_json(cli, path: Path, *extra: str) -> dict:
    result = cli("add-article", "2008-06", "--section", SECTION, "--file", str(path), "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def as_plain(article) -> dict:
    return article.model_dump(mode="python", exclude_none=True)


def tree_listing(ws: Path) -> list[str]:
    return sorted(str(p.relative_to(ws)) for p in (ws / "issues").rglob("*"))


def media(docx: Path) -> dict[str, bytes]:
    """sha256 → bytes of every picture inside a .docx."""
    with zipfile.ZipFile(docx) as archive:
        return {hashlib.sha256(data).hexdigest(): data for data in
                (archive.read(n) for n in archive.namelist() if n.startswith("word/media/"))}


# --- Word files ------------------------------------------------------------------------------------


def test_title_style_docx_through_the_installed_script(workspace_dir, corpus):
    before = manifest(workspace_dir).read_text(encoding="utf-8")
    result = run_cli("add-article", "2008-06", "--section", SECTION, "--file", str(corpus["title-style.docx"]),
                     cwd=workspace_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"已加入第 2008-06 期：栏目“{SECTION}”第 5 篇，“{TITLE}”，4 段。",
        f"  标题：{TITLE}（取自稿件）",
        f"  编者按：{NOTE}",
        f"  小标题 3 个：{H1}；{H2}；工作成效",
        "  图片 0 张",
        f"  来源：{SOURCE}",
    ]
    article = stored_article(workspace_dir)
    # title in the Title style; the note; P1's manual line break joined without a space; the full-width,
    # tab indents, soft hyphen and zero-width space gone; empty paragraphs and the page break dropped;
    # 一、/（一） and the bold lead line as sub-headings; the source without its parentheses
    assert as_plain(article) == ARTICLE
    after = manifest(workspace_dir).read_text(encoding="utf-8")
    for comment in [line for line in before.splitlines() if "#" in line]:
        assert comment in after
    assert f"          - {{heading: {H1}}}\n" in after  # hand-writable flow style
    assert tree_listing(workspace_dir) == ["issues/2008-06.yaml"]  # no picture, no folder


def test_centred_bold_title_with_tracked_changes_comment_footnote_and_header(cli, workspace_dir, corpus):
    found = added_json(cli, corpus["centred-bold.docx"])
    assert (found["title"], found["title_from"]) == (TITLE, "file")
    assert found["warnings"] == [
        "文档里有未处理的修订，已按全部接受处理（保留 1 处插入，舍去 1 处删除），请核对",
        "批注 1 条不属于正文，已舍去",
        "脚注 1 条不属于正文，已舍去",
        "页眉“新都区交通局”不属于正文，已舍去",
    ]
    article = stored_article(workspace_dir)
    assert article.title == TITLE and article.note is None and article.source == SOURCE
    # the insertion is kept and the deletion gone; the comment and the footnote text are not body text
    assert article.paragraphs == ["2008年10月20日，新都区交通局运政信息系统正式启用。", P2, P3]


def test_two_photos_inline_and_anchored_with_captions(cli, workspace_dir, corpus):
    found = added_json(cli, corpus["photos.docx"])
    originals = media(corpus["photos.docx"])
    article = stored_article(workspace_dir)
    assert [b if isinstance(b, str) else b.model_dump(exclude_none=True) for b in article.paragraphs] == [
        P1,
        {"figure": found["figures"][0]["path"], "caption": CAPTION_1},  # inline, centred `图1 …` below
        P2,
        P3,
        {"figure": found["figures"][1]["path"], "caption": CAPTION_2},  # anchored in P3, Caption style below
        P4,
    ]
    assert [(f["width"], f["height"], f["new"]) for f in found["figures"]] == [(640, 480, True), (400, 300, True)]
    for figure, ext in zip(found["figures"], ("jpg", "png")):
        stored = workspace_dir / "issues" / figure["path"]
        data = stored.read_bytes()
        assert figure["path"] == f"2008-06/{zlib.crc32(data):08x}{len(data):08x}.{ext}"  # named by content
        assert data == originals[hashlib.sha256(data).hexdigest()]  # the photo as embedded, unchanged
        assert figure["bytes"] == len(data)
    assert found["warnings"] == []
    listing = tree_listing(workspace_dir)

    again = added_json(cli, corpus["photos.docx"])  # the same photos again: no second copy
    assert [f["path"] for f in again["figures"]] == [f["path"] for f in found["figures"]]
    assert [f["new"] for f in again["figures"]] == [False, False]
    assert tree_listing(workspace_dir) == listing
    assert len(load_manifest(manifest(workspace_dir)).issue.sections[1].articles) == 6  # 4 + 2


def test_gif_is_converted_to_png(cli, workspace_dir, corpus):
    from PIL import Image

    found = added_json(cli, corpus["gif.docx"])
    assert found["warnings"] == ["第 1 张图片是 GIF 格式，已转为 PNG"]
    (figure,) = found["figures"]
    assert figure["path"].endswith(".png") and figure["caption"] is None
    with Image.open(workspace_dir / "issues" / figure["path"]) as image:
        assert (image.format, image.size) == ("PNG", (200, 150))


def test_title_option_overrides_the_files_title(cli, workspace_dir, corpus):
    found = added_json(cli, corpus["title-style.docx"], "--title", "新都区运政系统上线")
    assert (found["title"], found["title_from"]) == ("新都区运政系统上线", "option")
    assert found["warnings"] == [f"文件里的标题“{TITLE}”已由 --title 指定的标题代替"]
    article = stored_article(workspace_dir)
    assert as_plain(article) == {**ARTICLE, "title": "新都区运政系统上线"}


@pytest.mark.parametrize("name", ["numbered.docx", pytest.param("numbered.doc", marks=pytest.mark.libreoffice)])
def test_sub_headings_numbered_by_word(cli, workspace_dir, corpus, name):
    """`一、` and `（一）` from Word's list numbering (not in the text) are put back; a bullet is not."""
    found = added_json(cli, corpus[name])
    assert found["article"]["paragraphs"] == NUMBERED
    assert stored_article(workspace_dir).paragraphs[0].level == 1


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["title-style.doc", "title-style.wps", "title-style.rtf"])
def test_doc_wps_and_rtf_through_libreoffice(cli, workspace_dir, corpus, name):
    found = added_json(cli, corpus[name])
    assert found["format"] == name.rsplit(".", 1)[1]
    assert as_plain(stored_article(workspace_dir)) == ARTICLE
    assert found["warnings"] == []


@pytest.mark.libreoffice
def test_a_word_97_file_named_docx_is_converted(cli, workspace_dir, corpus, tmp_path):
    renamed = tmp_path / "其实是doc.docx"
    renamed.write_bytes(corpus["title-style.doc"].read_bytes())
    found = added_json(cli, renamed)
    assert found["format"] == "doc" and as_plain(stored_article(workspace_dir)) == ARTICLE


@pytest.mark.libreoffice
def test_doc_with_photos_keeps_pictures_and_captions(cli, workspace_dir, corpus):
    from_docx = added_json(cli, corpus["photos.docx"], "--dry-run")
    from_doc = added_json(cli, corpus["photos.doc"])
    assert [(f["width"], f["height"], f["caption"]) for f in from_doc["figures"]] == [
        (640, 480, CAPTION_1), (400, 300, CAPTION_2)]
    assert from_doc["article"]["paragraphs"] == from_docx["article"]["paragraphs"]


# --- text and Markdown ------------------------------------------------------------------------------


def test_gb18030_text(cli, workspace_dir, corpus):
    found = added_json(cli, corpus["gb18030.txt"])
    assert (found["format"], found["encoding"]) == ("txt", "gb18030")
    assert as_plain(stored_article(workspace_dir)) == {
        "title": TITLE, "note": NOTE, "source": SOURCE,
        "paragraphs": [P1, {"heading": H1}, P2, {"heading": H2}, P3 + "䶮", P4],
    }


def test_markdown_with_a_picture(cli, workspace_dir, corpus):
    found = added_json(cli, corpus["稿件.md"])
    (figure,) = found["figures"]
    assert as_plain(stored_article(workspace_dir)) == {
        "title": TITLE, "note": NOTE, "source": SOURCE,
        "paragraphs": [P1, {"heading": H1}, P2, {"figure": figure["path"], "caption": CAPTION_1},
                       {"heading": "工作成效"}, P4],
    }
    assert (workspace_dir / "issues" / figure["path"]).read_bytes() == (corpus["现场.jpg"]).read_bytes()


def test_stdin_without_title_takes_the_first_line(workspace_dir):
    body = f"{TITLE}\n\n{P1}\n\n（作者：张三）\n"
    result = run_cli("add-article", "2008-06", "--section", SECTION, cwd=workspace_dir, input=body)
    assert result.returncode == 0, result.stderr
    article = stored_article(workspace_dir)
    assert (article.title, article.paragraphs, article.source) == (TITLE, [P1], "作者：张三")


# --- dry run and refusals ---------------------------------------------------------------------------


def test_dry_run_prints_the_same_and_writes_nothing(cli, workspace_dir, corpus):
    before = manifest(workspace_dir).read_bytes()
    dry = cli("add-article", "2008-06", "--section", SECTION, "--file", str(corpus["photos.docx"]), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert manifest(workspace_dir).read_bytes() == before
    assert tree_listing(workspace_dir) == ["issues/2008-06.yaml"]
    real = cli("add-article", "2008-06", "--section", SECTION, "--file", str(corpus["photos.docx"]))
    assert real.exit_code == 0, real.stderr
    dry_lines, real_lines = dry.stdout.splitlines(), real.stdout.splitlines()
    assert dry_lines[0].startswith("试运行，未保存：将加入第 2008-06 期") and real_lines[0].startswith("已加入第 2008-06 期")
    assert dry_lines[1:] == real_lines[1:]
    assert f"“{CAPTION_1}”" in dry_lines[4] and "图片 2 张" in dry_lines[3]


REFUSED = {
    "table.docx": "{f} 含有 1 个表格，第一个表格的首行是“考核指标｜得分”：简报文章不收表格，请把表格改成文字段落或图片后再加入。",
    "empty.docx": "{f} 里没有正文文字（空文档）。",
    "corrupt.docx": "{f} 已损坏或不完整，无法作为 Word 文档（.docx）打开。",
    "encrypted.docx": "{f} 设有打开密码（已加密），无法读取：请在 Word 或 WPS 里取消密码、另存后再加入。",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files_write_nothing(workspace_dir, corpus, name):
    before = manifest(workspace_dir).read_bytes()
    path = corpus[name]
    result = run_cli("add-article", "2008-06", "--section", SECTION, "--file", str(path), cwd=workspace_dir)
    assert result.returncode == 2
    assert result.stderr == "错误：" + REFUSED[name].format(f=path) + "\n"
    assert result.stdout == ""
    assert manifest(workspace_dir).read_bytes() == before
    assert tree_listing(workspace_dir) == ["issues/2008-06.yaml"]


def test_other_refusals(cli, workspace_dir, tmp_path, corpus):
    before = manifest(workspace_dir).read_bytes()
    zero = tmp_path / "空.docx"
    zero.write_bytes(b"")
    binary = tmp_path / "稿件.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    renamed = tmp_path / "假的.doc"
    renamed.write_text("这其实是文本", encoding="utf-8")
    pdf = tmp_path / "稿件.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    body_only = tmp_path / "无标题.txt"
    body_only.write_text(P1 + "\n" + P2 + "\n", encoding="utf-8")
    cases = [
        (["--file", str(zero)], f"{zero} 是空文件（0 字节）。"),
        (["--file", str(binary)], f"{binary}：是二进制文件，不是文本、Word 或 PDF 文件，无法作为稿件读取。"),
        (["--file", str(renamed)], f"{renamed} 不是 .doc 文件（内容格式不符），可能已损坏。"),
        (["--file", str(pdf)], f"{pdf} 是 PDF 文件：PDF 里的段落和图片无法可靠地还原，请让供稿单位提供 Word 或文本文件。"),
        (["--file", str(tmp_path / "没有.docx")], f"找不到稿件文件 {tmp_path / '没有.docx'}。"),
        (["--file", str(body_only)], f"{body_only} 里找不到标题（第一段“{P1[:20]}”不是标题格式）：请用 --title 指定标题。"),
        # pictures already staged when the section turns out not to exist: still nothing written
        (["--file", str(corpus["photos.docx"]), "--section", "没有的栏目"],
         f"第 2008-06 期没有栏目“没有的栏目”。现有栏目：市政府门户网站动态、{SECTION}。要新建栏目请加 --new-section。"),
        (["--file", str(corpus["photos.docx"]), "--position", "9"], f"--position 应在 1 到 5 之间（栏目“{SECTION}”现有 4 篇）。"),
    ]
    for extra, message in cases:
        args = ["add-article", "2008-06", "--section", SECTION, *extra]
        result = cli(*args)
        assert result.exit_code == 2, (extra, result.stdout)
        assert result.stderr == f"错误：{message}\n"
    assert manifest(workspace_dir).read_bytes() == before
    assert tree_listing(workspace_dir) == ["issues/2008-06.yaml"]


def test_a_failed_save_removes_the_pictures_it_wrote(workspace, corpus, monkeypatch):
    """A manifest that cannot be written (the disk full, say) leaves no picture behind."""
    from jianbao_cli.editing.storing import add_article_from_file
    from jianbao_cli.model.yamlio import ManifestDocument

    before = manifest(workspace.root).read_bytes()

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ManifestDocument, "save", full_disk)
    with pytest.raises(OSError):
        add_article_from_file(workspace, "2008-06", section=SECTION, file=corpus["photos.docx"])
    assert manifest(workspace.root).read_bytes() == before
    assert tree_listing(workspace.root) == ["issues/2008-06.yaml"]


# --- a 40 MB file --------------------------------------------------------------------------------------

MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def test_a_40_mb_docx_is_read_without_holding_it_in_memory(workspace_dir, corpus):
    big = corpus["big.docx"]
    assert big.stat().st_size >= 40 * 1000 * 1000
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, jianbao_exe(), "add-article", "2008-06", "--section", SECTION,
         "--file", str(big), "--json"],
        cwd=workspace_dir, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    peak_kb = int(result.stderr.split()[-1])
    found = json.loads(result.stdout)
    originals = media(big)
    assert len(found["figures"]) == 4
    for n, figure in enumerate(found["figures"], 1):
        data = (workspace_dir / "issues" / figure["path"]).read_bytes()
        assert data == originals[hashlib.sha256(data).hexdigest()]
        assert figure["caption"] == f"图{n} 机房改造现场"
    # 40 MB of photos pass through in chunks: the whole run (about 52 MB here) stays below Python plus the file
    print(f"peak RSS {peak_kb} kB")
    assert peak_kb < 80 * 1024, f"peak RSS {peak_kb} kB"


def test_a_damaged_picture_is_refused_when_it_is_stored(cli, workspace_dir, corpus, tmp_path):
    """A photo's bytes damaged inside the package (its CRC-32 no longer matches): reading the file
    needs only its first bytes, storing it reads it all, finds the damage and writes nothing."""
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(corpus["photos.docx"]) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            # stored, not deflated, so that a byte of the picture can be changed in place
            target.writestr(info.filename, source.read(info.filename), compress_type=zipfile.ZIP_STORED)
    with zipfile.ZipFile(damaged) as archive:
        jpeg = next(i for i in archive.infolist() if i.filename.startswith("word/media/") and i.filename.endswith(".jpg"))
    data = bytearray(damaged.read_bytes())
    name_length, extra_length = struct.unpack("<HH", data[jpeg.header_offset + 26: jpeg.header_offset + 30])
    start = jpeg.header_offset + 30 + name_length + extra_length  # the local header may differ from the central one
    data[start + jpeg.file_size - 20] ^= 0xFF  # inside the image data, past the header that gives its size
    damaged.write_bytes(bytes(data))

    before = manifest(workspace_dir).read_bytes()
    dry = cli("add-article", "2008-06", "--section", SECTION, "--file", str(damaged), "--dry-run")
    assert dry.exit_code == 0 and "图片 2 张" in dry.stdout, dry.stderr  # a dry run does not read the photos through
    result = cli("add-article", "2008-06", "--section", SECTION, "--file", str(damaged))
    assert result.exit_code == 2
    name = dry.stdout.splitlines()[4].split("/")[1].split("（")[0]
    assert result.stderr == f"错误：图片 {name} 的数据已损坏（校验和不符），未做任何改动。\n"
    assert manifest(workspace_dir).read_bytes() == before
    assert tree_listing(workspace_dir) == ["issues/2008-06.yaml"]


def test_deleted_text_and_deleted_paragraph_marks(cli, workspace_dir, tmp_path):
    """Whatever sits inside a deletion is gone (even a `w:t` some writers put there, and a deleted
    picture); a paragraph whose mark was deleted runs on into the next, as accepting the change does."""
    import io

    from docx.shared import Mm

    from tests.editing.corpus import make_contributions as make

    document = make._document()
    make._title_styled(document)
    first = document.add_paragraph("第一段前半，")
    first._p.get_or_add_pPr().append(make._xml(
        f'<w:rPr xmlns:w="{make.W}"><w:del w:id="1" w:author="审稿人" w:date="2026-11-20T10:00:00Z"/></w:rPr>'))
    document.add_paragraph("接着后半。")
    deleted = document.add_paragraph("第二段。")
    run = deleted.add_run()
    run.add_picture(io.BytesIO(make.photo("png", (60, 40))), width=Mm(20))
    wrapper = make._xml(f'<w:del xmlns:w="{make.W}" w:id="2" w:author="审稿人" w:date="2026-11-20T10:00:00Z"/>')
    run._r.addprevious(wrapper)
    wrapper.append(run._r)  # the picture's run, deleted
    wrapper.append(make._xml(f'<w:r xmlns:w="{make.W}"><w:t>不该出现</w:t></w:r>'))
    path = tmp_path / "修订.docx"
    document.save(path)

    found = added_json(cli, path)
    assert found["article"]["paragraphs"] == ["第一段前半，接着后半。", "第二段。"]
    assert found["figures"] == []
    assert found["warnings"] == ["文档里有未处理的修订，已按全部接受处理（保留 0 处插入，舍去 2 处删除），请核对"]
