"""Word 97–2003 (.doc), WPS and RTF back issues: LibreOffice converts them to .docx, then the Word importer."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jianbao_cli.importers.base import ImportFailed, ImportResult
from jianbao_cli.libreoffice import convert, find_soffice

TIMEOUT = 180


def soffice() -> str:
    found = find_soffice()
    if not found:
        raise ImportFailed(
            "导入 .doc 需要 LibreOffice，但没有找到 soffice（apt-get install libreoffice-writer-nogui）。"
        )
    return found


def convert_to_docx(path: Path, display: str, scratch: Path) -> Path:
    """Convert with a private LibreOffice profile, so parallel imports never share one."""
    profile = scratch / "profile"
    out = scratch / "out"
    out.mkdir()
    source = scratch / ("input" + (path.suffix.lower() if path.suffix.lower() in (".doc", ".rtf", ".wps") else ".doc"))
    shutil.copyfile(path, source)  # a plain ASCII name: LibreOffice and odd file names do not mix
    try:
        result = convert(soffice(), [source], out, "docx:MS Word 2007 XML", profile=profile, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ImportFailed(f"{display}：LibreOffice 转换超时（{TIMEOUT} 秒）。") from None
    except OSError as exc:
        raise ImportFailed(f"{display}：无法运行 LibreOffice（{exc}）。") from None
    produced = out / "input.docx"
    if not produced.is_file() or produced.stat().st_size == 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"退出状态 {result.returncode}"]
        raise ImportFailed(f"{display}：LibreOffice 无法转换此文件（{detail[0]}），文件可能已损坏。")
    return produced


def import_doc(path: Path, display: str) -> ImportResult:
    from jianbao_cli.importers.docx import import_docx

    with tempfile.TemporaryDirectory(prefix="jianbao-import-") as scratch:
        converted = convert_to_docx(path, display, Path(scratch))
        result = import_docx(converted, display)
    result.format = "doc"
    return result
