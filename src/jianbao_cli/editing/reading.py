"""Which reader a contributor's file needs, told by its content first and its extension second; the
refusals that come before reading (missing, empty, too large, encrypted); .doc/.wps/.rtf through LibreOffice."""

from __future__ import annotations

from pathlib import Path

from jianbao_cli.editing.contribution import Contribution, shape
from jianbao_cli.editing.pictures import Stager
from jianbao_cli.errors import JianbaoError

#: Largest Word file accepted: photos make contributions big, and 40 MB ones are real.
MAX_WORD_BYTES = 100 * 1024 * 1024
#: Largest text or Markdown file accepted (an article is a few KB).
MAX_TEXT_BYTES = 5 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERTED = {".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".dot": "doc", ".wpt": "wps"}


def read_contribution(path: Path | None, display: str, scratch: Path, stager: Stager, *,
                      title: str | None = None, raw: bytes | None = None) -> Contribution:
    """The article in `path` (or in `raw`, text from standard input); `scratch` for conversions, `stager`
    for the pictures (keep it open until they are stored)."""
    warnings: list[str] = []
    encoding = None
    if path is None:
        kind = "txt"
        head = (raw or b"")[:8]
    else:
        head = _head(path, display)
        kind = _kind(path, head, display)
    if kind in ("txt", "md"):
        text, encoding = _decoded(path, display, raw)
        if kind == "md":
            from jianbao_cli.editing.textfile import markdown_pieces

            pieces = markdown_pieces(text, path.parent, stager, warnings)
        else:
            from jianbao_cli.editing.textfile import text_pieces

            pieces = text_pieces(text)
    else:
        from jianbao_cli.editing.wordfile import read_docx

        source = path
        if kind in ("doc", "wps", "rtf"):
            from jianbao_cli.importers.doc import convert_to_docx

            (scratch / "convert").mkdir()
            source = convert_to_docx(path, display, scratch / "convert")
        pieces = read_docx(source, display, stager, warnings)
    chosen, title_from, note, blocks, found_source = shape(pieces, display=display, title=title, warnings=warnings)
    return Contribution(chosen, title_from, note, blocks, found_source, warnings, kind, encoding)


def _head(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise JianbaoError(f"{display} 是文件夹，不是稿件文件。")
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise JianbaoError(f"找不到稿件文件 {display}。") from None
    except OSError as error:
        raise JianbaoError(f"无法读取稿件文件 {display}：{error.strerror}。") from None
    if size == 0:
        raise JianbaoError(f"{display} 是空文件（0 字节）。")
    limit = MAX_TEXT_BYTES if path.suffix.lower() in (".txt", ".md", ".markdown") else MAX_WORD_BYTES
    if size > limit:
        raise JianbaoError(f"{display} 过大（{size // (1024 * 1024)} MB，上限 {limit // (1024 * 1024)} MB），不像是一篇稿件。")
    return head


def _kind(path: Path, head: bytes, display: str) -> str:
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(_OLE):
        if _encrypted(path):
            raise JianbaoError(f"{display} 设有打开密码（已加密），无法读取：请在 Word 或 WPS 里取消密码、另存后再加入。")
        return _CONVERTED.get(suffix, "doc")  # a Word 97–2003 file, whatever its name says
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"%PDF"):
        raise JianbaoError(f"{display} 是 PDF 文件：PDF 里的段落和图片无法可靠地还原，请让供稿单位提供 Word 或文本文件。")
    if suffix in (".docx", ".docm", ".dotx"):
        raise JianbaoError(f"{display} 已损坏或不是 Word 文档（.docx 应是 ZIP 压缩包）。")
    if suffix in _CONVERTED:
        raise JianbaoError(f"{display} 不是 {suffix} 文件（内容格式不符），可能已损坏。")
    if suffix in (".md", ".markdown"):
        return "md"
    return "txt"


def _encrypted(path: Path) -> bool:
    """An OLE file holding an `EncryptedPackage` stream: an OOXML file with an open password."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1024 * 1024):
            if marker in tail + chunk:
                return True
            tail = chunk[-len(marker):]
    return False


def _decoded(path: Path | None, display: str, raw: bytes | None) -> tuple[str, str]:
    from jianbao_cli.importers.base import ImportFailed
    from jianbao_cli.importers.decode import decode_text

    if raw is None:
        raw = path.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise JianbaoError(f"{display} 过大（超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB），不像是一篇稿件。")
    try:
        text, encoding = decode_text(raw, display)
    except ImportFailed as error:
        message = str(error).replace("无法导入", "无法作为稿件读取").replace("后再导入", "后再试")
        raise JianbaoError(message) from None
    return text, encoding
