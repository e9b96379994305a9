"""Characters that XML 1.0 cannot hold must be refused before they reach a document."""

from __future__ import annotations

import re

# Allowed: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def find_xml_illegal(text: str) -> re.Match[str] | None:
    return _ILLEGAL.search(text)


def describe_char(char: str) -> str:
    return f"U+{ord(char):04X}"


def check_xml_text(value: str) -> None:
    match = _ILLEGAL.search(value)
    if match:
        raise ValueError(
            f"含有 XML 无法容纳的字符 {describe_char(match.group())}（第 {match.start() + 1} 个字符），请删除"
        )


def strip_xml_illegal(text: str) -> str:
    return _ILLEGAL.sub("", text)
