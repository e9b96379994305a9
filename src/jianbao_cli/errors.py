"""Errors that reach the user as one plain sentence and an exit status, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INPUT = 2
EXIT_AUTH = 3
EXIT_TEMPFAIL = 75


class JianbaoError(Exception):
    """A problem the user can fix; `str()` is the message shown to them."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def problems(self) -> list[str]:
        return [str(self)]


@dataclass
class Problem:
    """One problem in one file: `file:line field: message`."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where} {self.field}: {self.message}"
        return f"{where}: {self.message}"


@dataclass
class ProblemList(JianbaoError):
    """Several problems reported together (a broken manifest, unknown labels, …)."""

    items: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_INPUT

    def __post_init__(self) -> None:
        Exception.__init__(self, "\n".join(str(p) for p in self.items))

    @property
    def problems(self) -> list[str]:
        return [str(p) for p in self.items]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.items)
