"""LibreOffice headless, shared by PDF export (render) and .doc import: found the same way, and run
with a private profile per call so that parallel runs never share (and lock) one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def find_soffice() -> str | None:
    """`JIANBAO_SOFFICE`, else `soffice` or `libreoffice` on PATH."""
    return os.environ.get("JIANBAO_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert(soffice: str, sources: list[Path], out_dir: Path, to: str, *, profile: Path, timeout: float,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`soffice --convert-to TO` of every source into out_dir; raises TimeoutExpired or OSError as subprocess does."""
    environment = {**os.environ, **(env or {}), "SAL_USE_VCLPLUGIN": "svp"}
    environment.pop("DISPLAY", None)
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        "--convert-to", to, "--outdir", str(out_dir), *[str(source) for source in sources],
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment)
