"""Issue ids: `2008-06` for number 6 of 2008, `2008-Z01` for 增刊 (supplement) number 1.

An id is the only thing a user types to name a manifest, so it is checked strictly:
nothing but this form can become a file name, and nothing outside `issues/` can be reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianbao_cli.errors import JianbaoError

_ID_RE = re.compile(r"(?P<year>\d{4})-(?P<supp>Z?)(?P<number>\d{2,3})")


@dataclass(frozen=True, order=True)
class IssueId:
    year: int
    supplement: bool
    number: int

    @classmethod
    def parse(cls, text: str) -> "IssueId":
        match = _ID_RE.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise JianbaoError(
                f"期号“{text}”格式不对：应为“年份-期数”，如 2008-06；增刊写作 2008-Z01。"
            )
        number = int(match["number"])
        if number < 1:
            raise JianbaoError(f"期号“{text}”不对：期数从 1 开始。")
        return cls(int(match["year"]), bool(match["supp"]), number)

    @classmethod
    def of(cls, year: int, number: int, supplement: bool = False) -> "IssueId":
        return cls(year, supplement, number)

    def __str__(self) -> str:
        return f"{self.year:04d}-{'Z' if self.supplement else ''}{self.number:02d}"

    @property
    def filename(self) -> str:
        return f"{self}.yaml"


def is_issue_id(text: str) -> bool:
    return bool(_ID_RE.fullmatch(text))
