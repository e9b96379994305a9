"""Every word a user sees on the command line is Chinese: help pages and usage errors.

Run through the installed console script, as a clerk would. Latin letters are allowed only for
command and option names, file names, and the abbreviations and names in ALLOWED.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli

#: Names and standard abbreviations that stay as they are in Chinese documentation.
ALLOWED = {
    # formats, protocols and products
    "YAML", "JSON", "PDF", "PNG", "JPEG", "HTML", "CSS", "SMTP", "STARTTLS", "TLS", "SSL", "AUTH", "EHLO",
    "Word", "WPS", "LibreOffice", "Chromium", "poppler", "Email", "UTF-8", "GB18030", "GBK", "GB2312", "JB", "XMP", "Atom",
    "VISUAL", "EDITOR", "PowerShell", "Rich", "Jinja", "CA", "URL", "ID", "PDF/A", "PDF/A-2b", "FTS5", "SQLite", "CMS", "OOXML",
    "VS", "Code", "Schema", "Message-ID", "macOS", "Windows", "Linux", "MIME", "RFC", "GB/T",
    # shells
    "bash", "zsh", "fish", "powershell", "eval", "Out-String", "Invoke-Expression", "PROFILE",
    # the program and its fixed words (command names, choice values, setting names)
    "jianbao", "tree", "text", "json", "markdown", "none", "starttls", "ssl", "null", "true", "false",
    "sent", "approved", "current", "stale", "missing",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+]*(?:[-/.][A-Za-z0-9_+]+)*")


def _foreign_words(text: str) -> list[str]:
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        before = text[max(0, match.start() - 2):match.start()]
        if before.endswith("-") or before.endswith("--"):
            continue  # an option name
        if word in ALLOWED or word.lower() in ALLOWED:
            continue
        after = text[match.end():match.end() + 3]
        if after == "://":
            continue  # a web address in an example
        if "." in word or "/" in word or "_" in word or before.endswith(".") or after[:1] == "/":
            continue  # a file name or extension, a folder, a setting or environment variable name
        if re.fullmatch(r"[A-Z]{1,3}|[A-Za-z]{1,2}\d*", word):
            continue  # units, placeholders like x, a single letter in an example
        found.append(word)
    return found


def _commands() -> list[list[str]]:
    import typer

    from jianbao_cli.cli import app

    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(group, prefix):
        ctx = group.context_class(group, info_name="jianbao")
        for name in group.list_commands(ctx):
            sub = group.get_command(ctx, name)
            paths.append([*prefix, name])
            if hasattr(sub, "list_commands"):
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


COMMANDS = _commands()


COMMAND_NAMES = {name for path in COMMANDS for name in path}


def _check_chinese(output: str, typed: list[str] = ()) -> None:
    # Command names, and what the user typed (echoed back in the message), are not ours to translate.
    foreign = [w for w in _foreign_words(output) if w not in COMMAND_NAMES and w not in " ".join(typed)]
    assert not foreign, f"非中文的词：{sorted(set(foreign))}\n{output}"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "jianbao")
def test_help_of_every_command_is_chinese(path, tmp_path):
    result = run_cli(*path, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "用法：" in result.stdout
    _check_chinese(result.stdout + result.stderr)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["toc"], "缺少参数 期号。"),
        (["toc", "2008-06", "--fromat", "json"], "没有选项 --fromat。是不是 --format？"),
        (["toc", "2008-06", "--jsn"], "没有选项 --jsn。"),
        (["rendr", "2008-06"], "没有命令“rendr”。是不是 render"),
        (["template", "chek"], "没有命令“chek”。是不是 check？"),
        (["render", "--year", "abc"], "--year 的值不对：应为整数。"),
        (["render", "--jobs", "0"], "--jobs / -j 的值不对：应不小于 1。"),
        (["toc", "2008-06", "--format", "xml"], "--format 的值不对"),
        (["toc", "2008-06", "extra"], "多余的参数：extra。"),
        (["render", "--out"], "选项 --out 后面需要一个值。"),
        (["list", "--json=3"], "选项 --json 不带值。"),
        (["add-article", "2008-06"], "缺少选项 --section / -s。"),
    ],
)
def test_usage_errors_are_chinese(args, expected, workspace_dir):
    result = run_cli(*args, cwd=workspace_dir)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    _check_chinese(result.stdout + result.stderr, args)


def test_version(tmp_path):
    from jianbao_cli import __version__

    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"jianbao {__version__}"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script(shell, tmp_path):
    result = run_cli("completion", shell, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "_JIANBAO_COMPLETE" in result.stdout
    assert "jianbao" in result.stdout


def _complete(workspace_dir, words: list[str], shell_env: dict | None = None) -> list[str]:
    env = {"_JIANBAO_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words), "COMP_CWORD": str(len(words) - 1)}
    result = run_cli(cwd=workspace_dir, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completion_offers_issue_ids_sections_and_keys(workspace_dir):
    import shutil

    issues = workspace_dir / "issues"
    shutil.copyfile(issues / "2008-06.yaml", issues / "2008-07.yaml")
    text = (issues / "2008-07.yaml").read_text(encoding="utf-8").replace("number: 6", "number: 7")
    (issues / "2008-07.yaml").write_text(text, encoding="utf-8")
    assert _complete(workspace_dir, ["jianbao", "toc", "2008"]) == ["2008-07", "2008-06"]
    assert _complete(workspace_dir, ["jianbao", "re"]) == ["render"]
    assert _complete(workspace_dir, ["jianbao", "add-article", "2008-06", "--section", ""]) == [
        "市政府门户网站动态", "政府网站群动态"
    ]
    assert _complete(workspace_dir, ["jianbao", "send", "2008-06", "--only", ""]) == ["报", "送", "发", "抄送"]
    assert "liu.zhuren@example.org" in _complete(workspace_dir, ["jianbao", "send", "2008-06", "--to", "liu"])


def test_zsh_completion_answers(workspace_dir):
    env = {"_JIANBAO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "jianbao toc 2008"}
    result = run_cli(cwd=workspace_dir, env=env)
    assert result.returncode == 0, result.stderr
    assert "2008-06" in result.stdout
