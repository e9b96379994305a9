"""The content hash of an issue: what a reader receives, as one hex string.

The delivery ledger keys deliveries on it (nobody gets the same content twice) and review keys
snapshots and sign-offs on it, so both must compute it the same way: here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: Left out: adding a recipient or moving the schedule does not make the issue new for those who have it.
NOT_CONTENT = {"distribution", "copies", "send_at"}


def content_data(issue) -> dict:
    """The canonical data behind the hash. Optional article keys that are empty are dropped, so an
    issue written before notes, sources and figures existed keeps the hash it had."""
    from jianbao_cli.model.manifest import drop_empty_optional_keys

    return drop_empty_optional_keys(issue.model_dump(mode="json", exclude=NOT_CONTENT))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(issue, figure_root: Path | None = None, extra: dict | None = None) -> str:
    """sha256 of the canonical content; with `figure_root` (the issues/ folder) the bytes of every
    figure count too, so replacing a photo under the same name is a change. `extra` adds what else
    the reader sees (review adds the template and layout)."""
    data = content_data(issue)
    if figure_root is not None:
        figures = {}
        for _, article in issue.articles():
            for figure in article.figures():
                path = Path(figure_root) / figure.figure
                figures[figure.figure] = file_digest(path) if path.is_file() else None
        if figures:
            data["figure_files"] = figures
    if extra:
        data["extra"] = extra
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
