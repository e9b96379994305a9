"""How text is cut into search tokens and how a query is read: shared by the index and the snippets.

Chinese has no spaces, and SQLite's own tokenizers cannot find one- or two-character words (trigram
needs three; unicode61 sees a whole run of Han characters as one word). So the text given to FTS5 is
already cut here: every Han (or kana, hangul) character is a token of its own, a run of Latin letters
and digits is one word (`3G`, `2008`, `jinniu`), and a query becomes an FTS5 phrase of the same
tokens. A phrase of single characters matches exactly where those characters stand side by side, so
`金牛` finds 金牛 and nothing else, whatever its length, without a word list to keep up to date.

Punctuation between two tokens becomes the token `ǀ` (U+01C0), so that `电子，政务` does not count as
`电子政务`, while spaces do not (`3G 覆盖` is found by `3G覆盖`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianbao_cli.errors import JianbaoError

#: Full-width ASCII (ＡＢＣ１２３) read as ASCII; the same length, so positions in the text stay valid.
WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

PUNCT_TOKEN = "ǀ"

_CJK = "\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff" \
       "\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
_PIECES = re.compile(rf"(?P<cjk>[{_CJK}])|(?P<word>[^\W_{_CJK}]+)|(?P<space>\s+)|(?P<punct>.)", re.S)


_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    return text.translate(WIDTH_FOLD) if _WIDE.search(text) else text


def tokens(text: str) -> list[str]:
    """The search tokens of a text, punctuation between two tokens marked by `ǀ`."""
    out: list[str] = []
    punct_pending = False
    for match in _PIECES.finditer(fold(text)):
        kind = match.lastgroup
        if kind == "cjk" or kind == "word":
            if punct_pending and out:
                out.append(PUNCT_TOKEN)
            out.append(match.group().lower())
            punct_pending = False
        elif kind == "punct":
            punct_pending = True
    return out


def segment(text: str) -> str:
    """The text as the index stores it: its tokens joined by spaces."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Query:
    """What the user asked for: terms that must all appear, and terms that must not."""

    text: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def fts(self) -> str:
        """An FTS5 MATCH expression in which every term is a quoted phrase: nothing the user typed
        (`"`, `*`, `(`, `NEAR`, `AND`, `OR`, `NOT`, `:`) is read as query syntax."""
        expression = " AND ".join(_phrase(term) for term in self.include)
        for term in self.exclude:
            expression += " NOT " + _phrase(term)
        return expression

    def patterns(self) -> list[re.Pattern]:
        """One pattern per included term, to find and mark it in the stored text."""
        return [term_pattern(term) for term in self.include]


def _phrase(term: str) -> str:
    return '"' + segment(term).replace('"', '""') + '"'


def term_pattern(term: str) -> re.Pattern:
    """A term in the text as written: its characters in order, spaces allowed between them
    (the index ignores spaces), full-width and upper/lower case alike."""
    chars = [re.escape(c) for c in fold(term) if not c.isspace()]
    return re.compile(r"\s*".join(chars), re.IGNORECASE)


def parse_query(text: str) -> Query:
    """Split a query: `"…"` is a phrase, spaces separate terms (all must appear), `-词` excludes.

    A term with nothing searchable in it (only punctuation, a lone `*`) is left out, so such a query
    finds nothing (and is no error); a query of exclusions only is refused with a sentence saying so."""
    include: list[str] = []
    exclude: list[str] = []
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', fold(text)):
        negative = bool(match.group(1))
        term = match.group(2) if match.group(2) is not None else match.group(3)
        if match.group(3) is not None and term.startswith("-") and len(term) > 1:
            negative, term = True, term[1:]
            if term.startswith('"'):
                term = term.strip('"')
        if not tokens(term):
            continue
        (exclude if negative else include).append(term.strip())
    if not include and exclude:
        raise JianbaoError("只有排除的词（-词），请至少给出一个要找的词，如：jianbao search 金牛 -武侯。")
    return Query(text=text, include=tuple(dict.fromkeys(include)), exclude=tuple(dict.fromkeys(exclude)))
