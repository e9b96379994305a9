"""Import back issues (text, .docx, .doc, .pdf) into manifests.

For scripts::

    from jianbao_cli.importers import import_file, write_manifest

    result = import_file("old/2008-06.txt")        # ImportResult(issue, warnings, source, format)
    path = write_manifest(result, "issues/")       # issues/2008-06.yaml, warnings as YAML comments
    result, path = import_and_write("old/2008-06.txt", "issues/")   # both in one call

`import_file` raises `ImportFailed` (a JianbaoError with a Chinese message) for a file it cannot read.
"""

from __future__ import annotations

from pathlib import Path

from jianbao_cli.importers.base import (
    MAX_BINARY_BYTES,
    MAX_TEXT_BYTES,
    ImportFailed,
    ImportResult,
    ImportWarning,
)

__all__ = [
    "ImportFailed",
    "ImportResult",
    "ImportWarning",
    "MAX_BINARY_BYTES",
    "MAX_TEXT_BYTES",
    "SUPPORTED_SUFFIXES",
    "detect_format",
    "import_and_write",
    "import_file",
    "import_text",
    "manifest_yaml",
    "write_manifest",
]

SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".doc", ".wps", ".rtf", ".pdf", ".html", ".htm", ".mhtml", ".mht")


def detect_format(path: Path, head: bytes) -> str:
    """'docx', 'doc', 'pdf', 'html', 'mhtml' or 'text', by content first (the extension only breaks ties)."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "doc"  # LibreOffice converts RTF the same way
    if b"%PDF-" in head[:1024]:
        return "pdf"
    from jianbao_cli.importers.web import is_html, is_mhtml

    if is_mhtml(head):
        return "mhtml"
    if is_html(head):
        return "html"
    return "text"


def import_text(text: str, display: str = "文本", source_kind: str = "text") -> ImportResult:
    """Import a back issue given as a string."""
    from jianbao_cli.importers.text import import_text as _parse

    issue, warnings = _parse(text, display, source_kind)
    return ImportResult(issue=issue, warnings=warnings, source=None, format=source_kind)


def import_file(path: str | Path, display: str | None = None) -> ImportResult:
    """Import one back issue file. Raises ImportFailed with the reason when it cannot."""
    path = Path(path)
    display = display or str(path)
    try:
        if path.is_dir():
            raise ImportFailed(f"{display}：是文件夹，不是文件。")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise ImportFailed(f"{display}：文件不存在。") from None
    except OSError as exc:
        raise ImportFailed(f"{display}：无法读取（{exc.strerror}）。") from None
    if size == 0:
        raise ImportFailed(f"{display}：文件是空的。")
    kind = detect_format(path, head)
    limit = MAX_TEXT_BYTES if kind == "text" else MAX_BINARY_BYTES
    if size > limit:
        raise ImportFailed(
            f"{display}：文件过大（{size / 1024 / 1024:.1f} MB，{_kind_name(kind)}上限 {limit // 1024 // 1024} MB），"
            "不像是一期简报。"
        )
    suffix = path.suffix.lower()
    mismatch = (
        suffix in (".docx", ".doc", ".pdf", ".wps", ".rtf", ".txt", ".text", ".html", ".htm", ".mhtml", ".mht")
        and _suffix_kind(suffix) != kind
    )
    if kind == "docx":
        from jianbao_cli.importers.docx import import_docx

        result = import_docx(path, display)
    elif kind == "doc":
        from jianbao_cli.importers.doc import import_doc

        result = import_doc(path, display)
    elif kind in ("html", "mhtml"):
        from jianbao_cli.importers.web import import_web

        result = import_web(path, display, kind)
    elif kind == "pdf":
        from jianbao_cli.importers.pdf import import_pdf

        result = import_pdf(path, display)
    else:
        from jianbao_cli.importers.decode import decode_text
        from jianbao_cli.importers.text import import_text as _parse

        text, encoding = decode_text(path.read_bytes(), display)
        issue, warnings = _parse(text, display, "text")
        result = ImportResult(issue=issue, warnings=warnings, format="text", encoding=encoding)
    result.source = path
    if mismatch:
        result.warnings.insert(
            0, ImportWarning("", f"扩展名是 {suffix}，内容却是{_kind_name(kind)}，已按内容导入")
        )
    return result


def _suffix_kind(suffix: str) -> str:
    return {".docx": "docx", ".doc": "doc", ".wps": "doc", ".rtf": "doc", ".pdf": "pdf", ".html": "html",
            ".htm": "html", ".mhtml": "mhtml", ".mht": "mhtml"}.get(suffix, "text")


def _kind_name(kind: str) -> str:
    return {"docx": " Word（.docx）", "doc": " Word（.doc）", "pdf": " PDF", "text": "文本", "html": "网页",
            "mhtml": "网页存档（MHTML）"}[kind]


def manifest_yaml(result: ImportResult) -> str:
    """The manifest text for an imported issue, each warning a YAML comment beside its field."""
    from jianbao_cli.importers.manifest import manifest_yaml as _yaml

    return _yaml(result)


def write_manifest(result: ImportResult, out_dir: str | Path, *, force: bool = False) -> Path:
    """Write `<out_dir>/<id>.yaml` atomically, and its figures' images beside it under their paths;
    refuses to overwrite a manifest, or an image with other content, unless `force`."""
    from jianbao_cli.fsutil import atomic_write_text

    out_dir = Path(out_dir)
    target = out_dir / result.issue.id.filename
    if target.exists() and not force:
        raise ImportFailed(f"{target} 已存在，未覆盖（用 --force 覆盖）。")
    text = manifest_yaml(result)
    write_figures(result.figures, out_dir, force=force)
    atomic_write_text(target, text)
    return target


def write_figures(figures: dict[str, bytes], out_dir: str | Path, *, force: bool = False) -> list[Path]:
    """Each image at `<out_dir>/<path>`, written atomically; an existing file with other content is
    refused (before anything is written) unless `force`. Paths come from a validated manifest."""
    from jianbao_cli.fsutil import atomic_write_bytes

    out_dir = Path(out_dir)
    todo = []
    for relative, data in figures.items():
        path = out_dir / relative
        try:
            same = path.read_bytes() == data
        except FileNotFoundError:
            same = False
        except OSError as exc:
            raise ImportFailed(f"{path} 无法读取（{exc.strerror}）。") from None
        if same:
            continue
        if path.exists() and not force:
            raise ImportFailed(f"图片 {path} 已存在且内容不同，未覆盖（用 --force 覆盖）。")
        todo.append((path, data))
    for path, data in todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    return [path for path, _ in todo]


def import_and_write(path: str | Path, out_dir: str | Path = "issues", *, force: bool = False) -> tuple[ImportResult, Path]:
    """What `jianbao import` does for one file: import it and write `<out_dir>/<id>.yaml`."""
    result = import_file(path)
    return result, write_manifest(result, out_dir, force=force)
