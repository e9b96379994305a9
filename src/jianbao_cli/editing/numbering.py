"""Word's automatic numbering as the reader sees it: `一、`, `（一）`, `1.` in front of a paragraph.

Contributors often number their sub-headings with Word's list numbering, so `一、` is not in the
paragraph's text but in word/numbering.xml (a format such as chineseCounting and a level text such as
`%1、`). Without it, `一、总体情况` would come out as `总体情况` and no longer look like a sub-heading.
"""

from __future__ import annotations

from jianbao_cli.wordformat import qn

_DIGITS = "〇一二三四五六七八九"


def chinese_counting(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting writes them)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + chinese_counting(rest))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographTraditional"):
        return chinese_counting(n)
    if fmt == "ideographDigital":
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedCircleChinese" or fmt == "decimalEnclosedCircle":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt in ("upperRoman", "lowerRoman"):
        numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out, left = "", n
        for value, letters in numerals:
            while left >= value:
                out, left = out + letters, left - value
        return out if fmt == "upperRoman" else out.lower()
    return str(n)  # decimal, decimalZero and the rest


class Numbering:
    """Counters of every list in document order; `prefix(paragraph, style_chain)` gives the number text."""

    def __init__(self, root=None):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.findall(qn("w:abstractNum")):
            abstract[definition.get(qn("w:abstractNumId"))] = self._levels(definition)
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(qn("w:val"), "1")))
            self.levels[num.get(qn("w:numId"))] = levels

    @staticmethod
    def _levels(definition) -> dict[int, tuple[str, str, int]]:
        out = {}
        for lvl in definition.findall(qn("w:lvl")):
            def value(tag: str, default: str) -> str:
                element = lvl.find(qn(tag))
                return element.get(qn("w:val"), default) if element is not None else default

            out[int(lvl.get(qn("w:ilvl"), "0"))] = (value("w:numFmt", "decimal"), value("w:lvlText", ""),
                                                     int(value("w:start", "1")))
        return out

    def prefix(self, paragraph, chain: list) -> str:
        """The number Word shows before this paragraph ('' for none or a bullet); advances the counters."""
        num_id, ilvl = None, 0
        for ppr in [paragraph.find(qn("w:pPr"))] + [style.find(qn("w:pPr")) for style in chain]:
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is None:
                continue
            id_element, lvl_element = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
            if num_id is None and id_element is not None:
                num_id = id_element.get(qn("w:val"))
            if lvl_element is not None:
                ilvl = int(lvl_element.get(qn("w:val"), "0"))
            if num_id is not None:
                break
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""  # numId 0 switches numbering off
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""
        out = text
        for level in range(9):
            if f"%{level + 1}" in out:
                lvl_fmt, _, lvl_start = levels.get(level, ("decimal", "", 1))
                out = out.replace(f"%{level + 1}", _format(counters.get(level, lvl_start), lvl_fmt))
        return out
