"""LibreOffice headless, shared by PDF export (render) and .doc import: found the same way, and run
with a private profile per call so that parallel runs never share (and lock) one."""

from __future__ import annotations

import os
import sys
import shutil
import subprocess
from pathlib import Path
from typing import Callable


def find_soffice() -> str | None:
    """`JIANBAO_SOFFICE`, else `soffice` or `libreoffice` on PATH, else where the installers put it
    (on Windows LibreOffice is not on PATH: `Program Files\\LibreOffice\\program\\soffice.exe`)."""
    found = os.environ.get("JIANBAO_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for candidate in _installed_locations():
        if candidate.is_file():
            return str(candidate)
    return None


def _installed_locations() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        roots += ["C:\\Program Files", "C:\\Program Files (x86)"]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in dict.fromkeys(roots) if root]
    # Linux packages put soffice on PATH; only the macOS app bundle hides it.
    return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]


def convert(soffice: str, sources: list[Path], out_dir: Path, to: str, *, profile: Path, timeout: float,
            env: dict[str, str] | None = None,
            on_output: Callable[[int], None] | None = None) -> subprocess.CompletedProcess:
    """`soffice --convert-to TO` of every source into out_dir; raises TimeoutExpired or OSError as subprocess does.

    `on_output(n)` is called as n more files appear in out_dir (for a progress bar): one LibreOffice
    process converts the whole batch, so the files themselves are the only sign of how far it is."""
    environment = {**os.environ, **(env or {}), "SAL_USE_VCLPLUGIN": "svp"}
    environment.pop("DISPLAY", None)
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        "--convert-to", to, "--outdir", str(out_dir), *[str(source) for source in sources],
    ]
    if on_output is None:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment)
    suffix = "." + to.split(":", 1)[0]
    return _run_watching(command, environment, Path(out_dir), suffix, timeout, on_output)


def _run_watching(command, environment, out_dir: Path, suffix: str, timeout: float,
                  on_output) -> subprocess.CompletedProcess:
    import tempfile
    import time

    deadline = time.monotonic() + timeout
    seen = 0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=environment)
        while True:
            try:
                process.wait(timeout=0.2)
                finished = True
            except subprocess.TimeoutExpired:
                finished = False
            # LibreOffice writes through a temporary file of its own: count only finished outputs.
            count = sum(1 for entry in out_dir.glob(f"*{suffix}")) if out_dir.is_dir() else 0
            if count > seen:
                on_output(count - seen)
                seen = count
            if finished:
                break
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise subprocess.TimeoutExpired(command, timeout)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
