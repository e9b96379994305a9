"""Files that are not back issues: a clear message for each, no traceback, nothing written, the rest go on."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import SEED_TEXT, run_cli


def _bad_files(folder):
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "novel.txt").write_text("从前有座山，山里有座庙。\n庙里有个老和尚在给小和尚讲故事。\n" * 20, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:  # 20 MB of a bulletin's text, repeated
        chunk = SEED_TEXT.read_bytes()
        while handle.tell() < 20 * 1024 * 1024:
            handle.write(chunk)
    # a truncated .docx: the first half of a real Word file
    from docx import Document

    document = Document()
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(folder / "whole.docx")
    data = (folder / "whole.docx").read_bytes()
    (folder / "truncated.docx").write_bytes(data[: len(data) // 2])
    (folder / "whole.docx").unlink()
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "zip.docx").write_bytes(_zip_without_word())
    return {
        "empty.txt": "空",
        "binary.txt": "二进制",
        "novel.txt": "不像是简报",
        "huge.txt": "文件过大",
        "truncated.docx": "损坏",
        "truncated.pdf": "PDF",
        "zip.docx": "不是 Word",
    }


def _zip_without_word() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def test_each_bad_file_has_a_clear_reason_and_nothing_is_written(tmp_path):
    folder = tmp_path / "in"
    reasons = _bad_files(folder)
    shutil.copyfile(SEED_TEXT, folder / "good.txt")
    out = tmp_path / "out"
    done = run_cli("import", str(folder), "--out", str(out), "--json", "--jobs", "2", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    records = {os.path.basename(r["file"]): r for r in map(json.loads, done.stdout.splitlines())}
    assert set(records) == set(reasons) | {"good.txt"}
    for name, word in reasons.items():
        assert records[name]["result"] == "failed", name
        assert word in records[name]["error"], (name, records[name]["error"])
        assert records[name]["id"] is None
    assert records["good.txt"]["result"] == "written"
    assert sorted(p.name for p in out.iterdir()) == ["2008-06.yaml"]


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "novel.txt", "huge.txt", "truncated.docx"])
def test_one_bad_file_table_output(tmp_path, name):
    folder = tmp_path / "in"
    reasons = _bad_files(folder)
    out = tmp_path / "out"
    done = run_cli("import", str(folder / name), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert reasons[name] in done.stdout.replace("\n", "").replace("│", "").replace(" ", "") or reasons[name] in done.stdout
    assert not out.exists() or not any(out.iterdir())


def test_missing_path_is_an_input_error(tmp_path):
    # A path that does not exist is a typing mistake, not a file that failed: exit 2, as README says.
    done = run_cli("import", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"), "--json", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"找不到 {tmp_path / 'nope.txt'}" in done.stderr


def test_gb18030_twin_imports_like_utf8(tmp_path):
    from jianbao_cli.importers import import_file

    text = SEED_TEXT.read_text(encoding="utf-8")
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    utf8, gb = import_file(tmp_path / "utf8.txt"), import_file(tmp_path / "gb.txt")
    assert gb.issue == utf8.issue
    assert (gb.encoding, utf8.encoding) == ("gb18030", "utf-8")
