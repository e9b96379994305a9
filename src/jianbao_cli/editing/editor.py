"""Launching the user's text editor on a file, as `git commit` does: $VISUAL, then $EDITOR, then a default."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from jianbao_cli.errors import JianbaoError

FALLBACKS_POSIX = ("nano", "vi")
FALLBACK_WINDOWS = "notepad"


def editor_command(environ=None) -> list[str]:
    """The editor to run, as an argument list (a setting such as `code --wait` has arguments)."""
    environ = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = (environ.get(variable) or "").strip()
        if value:
            return shlex.split(value, posix=os.name != "nt")
    if os.name == "nt":
        return [FALLBACK_WINDOWS]
    for name in FALLBACKS_POSIX:
        if shutil.which(name):
            return [name]
    raise JianbaoError("找不到文本编辑器：请设置环境变量 EDITOR（如 export EDITOR=nano）后再试，文章未改动。")


def run_editor(path: Path, command: list[str] | None = None) -> None:
    """Open `path` in the editor and wait; an editor that cannot start or exits non-zero is an error."""
    command = command or editor_command()
    try:
        completed = subprocess.run([*command, str(path)])
    except OSError as error:
        raise JianbaoError(f"无法启动编辑器“{command[0]}”：{error.strerror or error}。请检查 VISUAL 或 EDITOR 设置，文章未改动。") from None
    if completed.returncode != 0:
        raise JianbaoError(f"编辑器“{command[0]}”异常退出（退出状态 {completed.returncode}），文章未改动。")


def edit_text(text: str, *, name: str = "jianbao.txt", command: list[str] | None = None) -> str:
    """Write `text` to a temporary file, let the user edit it, and return what they saved."""
    with tempfile.TemporaryDirectory(prefix="jianbao-edit-") as folder:
        path = Path(folder) / name
        path.write_bytes(text.encode("utf-8"))
        run_editor(path, command)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return ""  # the editor deleted the file: like emptying it
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JianbaoError("编辑后的文件不是 UTF-8 文本，文章未改动；请把编辑器的编码设为 UTF-8 后再试。") from None
