"""A workspace for the bulk tests and bench/send_memory.py: the example issue, rendered, with ~2 MB of
photo-like (incompressible) bytes stored in the .docx as a media file — the attachment — sent to N
generated addresses under one label."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

BULK_LABEL = "批量测试名单"


def bulk_address(number: int) -> str:
    return f"r{number:05d}@example.org"


def make_bulk_workspace(root: Path, recipients: int, photo_bytes: int = 2_000_000) -> Path:
    """Rewrite the workspace at `root` (a copy of the example) and render it; returns the .docx."""
    from ruamel.yaml import YAML

    from jianbao_cli.render import render_issue
    from jianbao_cli.workspace import Workspace

    yaml = YAML()
    manifest = root / "issues" / "2008-06.yaml"
    data = yaml.load(manifest.read_text(encoding="utf-8"))
    data["distribution"] = {"送": [BULK_LABEL]}
    with manifest.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    lines = [f"{BULK_LABEL}:"] + [
        f"  - {{name: 收件人{n:05d}, email: {bulk_address(n)}}}" for n in range(1, recipients + 1)
    ]
    (root / "data" / "recipients.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docx = Path(render_issue(Workspace(root), "2008-06"))
    with zipfile.ZipFile(docx, "a") as archive:  # a valid .docx still; the media file is unreferenced
        archive.writestr(zipfile.ZipInfo("word/media/bulk-photo.jpg"), os.urandom(photo_bytes))
    return docx
