"""completion: the shell completion script for bash, zsh, fish or PowerShell."""

from __future__ import annotations

import sys

import typer

from jianbao_cli.cli import _completion
from jianbao_cli.cli._app import command
from jianbao_cli.errors import JianbaoError


@command("completion")
def completion_command(
    shell: str = typer.Argument(..., help="终端类型：bash、zsh、fish 或 powershell。"),
) -> None:
    """输出命令补全脚本（可补全期号、栏目名、名单和地址）。

    bash：在 ~/.bashrc 加一行 eval "$(jianbao completion bash)"；zsh：在 ~/.zshrc 加
    eval "$(jianbao completion zsh)"；fish：jianbao completion fish > ~/.config/fish/completions/jianbao.fish；
    PowerShell：jianbao completion powershell | Out-String | Invoke-Expression（可写入 $PROFILE）。
    """
    if shell not in _completion.SHELLS:
        raise JianbaoError(f"不支持的终端“{shell}”：只能是 {'、'.join(_completion.SHELLS)}。")
    sys.stdout.write(_completion.script(shell).rstrip("\n") + "\n")
