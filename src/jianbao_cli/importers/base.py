"""What every importer returns: the issue, the warnings, where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import EXIT_INPUT, JianbaoError
from jianbao_cli.model.manifest import Issue

#: Largest plain-text back issue accepted (a real one is well under 1 MB).
MAX_TEXT_BYTES = 5 * 1024 * 1024
#: Largest Word/PDF file accepted (pictures make these bigger than their text).
MAX_BINARY_BYTES = 50 * 1024 * 1024


class ImportFailed(JianbaoError):
    """The file cannot be understood as a back issue; the message says why."""

    exit_code = EXIT_INPUT


@dataclass
class ImportWarning:
    """Something the importer was not sure of. `field` is a manifest path (`sections[0].title`), or ''."""

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"第 {self.line} 行：" if self.line else ""
        return f"{self.field}: {where}{self.message}" if self.field else f"{where}{self.message}"

    def to_json(self) -> dict:
        return {"field": self.field, "line": self.line, "message": self.message}


@dataclass
class ImportResult:
    """One imported back issue."""

    issue: Issue
    warnings: list[ImportWarning] = field(default_factory=list)
    source: Path | None = None
    format: str = "text"
    encoding: str | None = None
    #: pictures to write beside the manifest: path relative to issues/ (`2019-07/photo.jpg`) → bytes
    figure_files: dict[str, bytes] = field(default_factory=dict)
