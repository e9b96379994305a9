"""Bytes of a text back issue → str: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""

from __future__ import annotations

import codecs

from jianbao_cli.importers.base import ImportFailed
from jianbao_cli.textutil import is_cjk

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible(text: str) -> bool:
    """Decoded text that reads like Chinese (or plain ASCII), not mojibake."""
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return True
    cjk = sum(1 for c in letters if is_cjk(c))
    ascii_ = sum(1 for c in letters if ord(c) < 128)
    return (cjk + ascii_) / len(letters) > 0.9


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB (and no UTF-16/32 BOM)."""
    head = raw[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b not in (27,))
    return bool(head) and controls / len(head) > 0.05


def decode_text(raw: bytes, display: str) -> tuple[str, str]:
    """(text, encoding name). Raises ImportFailed when the bytes are not text in a known encoding."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name.replace("-sig", "") + ("（带 BOM）" if name == "utf-8-sig" else "")
            except UnicodeDecodeError:
                raise ImportFailed(f"{display}：文件以 {name} 的 BOM 开头，但内容无法按 {name} 解码。") from None
    if looks_binary(raw):
        raise ImportFailed(f"{display}：是二进制文件，不是文本、Word 或 PDF 文件，无法导入。")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Most text files of the 2000s are GBK/GB18030; GB18030 decodes every GBK file the same way.
    try:
        text = raw.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise ImportFailed(f"{display}：无法识别文本编码（试过 UTF-8、GB18030 及自动检测），请另存为 UTF-8 后再导入。")
