"""The command line in Chinese: help pages and usage errors.

Typer (0.29) prints help and usage errors with English words built into its vendored click
("Usage:", "Show this message and exit.", "Missing argument 'issue'.", pydantic's "Input should be
a valid integer"). Office staff read Chinese, so jianbao prints both itself: help is rendered here
from the commands' parameters, and usage errors are caught in `main` (Typer runs non-standalone)
and translated here. Only command and option names, file names and standard abbreviations stay
in Latin letters.
"""

from __future__ import annotations

import re
from typing import Any

#: Placeholder shown for a parameter, by its Python name, when the command does not set one.
METAVARS: dict[str, str] = {
    "issue": "期号",
    "issue_id": "期号",
    "issues": "期号…",
    "ids": "期号…",
    "year": "年份",
    "directory": "目录",
    "out": "目录",
    "file": "文件",
    "path": "文件",
    "paths": "路径…",
    "date": "日期",
    "section": "栏目",
    "title": "标题",
    "position": "位置",
    "jobs": "进程数",
    "only": "名单",
    "to": "地址",
    "workspace": "目录",
    "format": "格式",
    "limit": "条数",
    "author": "作者",
    "by": "姓名",
    "note": "说明",
    "source": "来源",
    "against": "版本",
    "base_url": "网址",
    "series": "刊名",
    "shell": "终端",
    "number": "序号",
    "query": "关键词",
    "words": "关键词…",
}

_BY_TYPE = {int: "整数", float: "数字", str: "文本"}

HELP_OPTION_TEXT = "显示此帮助并退出。"


def metavar(param) -> str:
    """The Chinese placeholder of an option's value or of an argument."""
    if param.metavar:
        return param.metavar
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) if descriptor is not None else None
    if choices:
        return "|".join(str(getattr(c, "value", c)) for c in choices)
    name = METAVARS.get(param.name or "")
    if name:
        return name
    if descriptor is not None:
        if descriptor.is_path:
            return "路径"
        annotation = descriptor.annotation
        base = _BY_TYPE.get(annotation)
        if base:
            return base
    return "值"


# --- help ---------------------------------------------------------------------------------


def install() -> None:
    """Make every Typer command and group render its help with `format_help` below."""
    from typer.core import TyperCommand, TyperGroup

    TyperCommand.format_help = _format_help  # type: ignore[method-assign]
    TyperGroup.format_help = _format_help  # type: ignore[method-assign]


def usage_line(command, ctx) -> str:
    pieces = [ctx.command_path]
    if any(_is_option(p) and not p.hidden for p in command.get_params(ctx)):
        pieces.append("[选项]")
    for param in command.get_params(ctx):
        if _is_option(param):
            continue
        name = metavar(param)
        if param.nargs != 1 and not name.endswith("…"):
            name += "…"
        pieces.append(name if param.required else f"[{name}]")
    if _is_group(command):
        pieces.append("命令 [参数]…")
    return "用法：" + " ".join(pieces)


def _is_option(param) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def _is_group(command) -> bool:
    return hasattr(command, "list_commands")


def _format_help(self, ctx, formatter) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    console.print(escape(usage_line(self, ctx)))
    if self.help:
        console.print()
        console.print(_markup(self.help))
    arguments = [p for p in self.get_params(ctx) if not _is_option(p)]
    options = [p for p in self.get_params(ctx) if _is_option(p) and not p.hidden]
    if arguments:
        table = _table(Table)
        for param in arguments:
            notes = " [必填]" if param.required else ""
            table.add_row(escape(metavar(param)), _markup(param.help or "") + escape(notes))
        console.print("\n参数：")
        console.print(table)
    if options:
        table = _table(Table)
        for param in options:
            table.add_row(escape(_option_names(param)), _markup(_option_help(param, ctx)))
        console.print("\n选项：")
        console.print(table)
    if _is_group(self):
        table = _table(Table)
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            table.add_row(escape(name), _markup(_first_sentence(sub.help or "")))
        console.print("\n命令：")
        console.print(table)
    if self.epilog:
        console.print()
        console.print(_markup(self.epilog))


def _table(Table):
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 2), expand=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    return table


def _markup(text: str) -> str:
    # Help texts are plain Chinese sentences; a literal [ must not be read as Rich markup.
    from rich.markup import escape

    return escape(" ".join(line.strip() for line in text.strip().splitlines() if line.strip()))


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.search(r"[。！？]", text)
    return text[: match.end()] if match else text


def _option_names(param) -> str:
    names = ", ".join(sorted(param.opts, key=len, reverse=True))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        names += f" {metavar(param)}"
    return names


def _option_help(param, ctx) -> str:
    if param.name == "help":
        return HELP_OPTION_TEXT
    text = param.help or ""
    if param.required:
        text += " [必填]"
    default = param.default
    show = getattr(param, "show_default", None)
    if show is not False and not getattr(param, "is_flag", False) and default not in (None, [], (), ""):
        if not callable(default):
            shown = getattr(default, "value", default)
            if f"默认：{shown}" not in text and f"默认{shown}" not in text:
                text += f" [默认：{shown}]"
    return text


# --- usage errors ---------------------------------------------------------------------------


def _names(text: str) -> str:
    return "、".join(part.strip().strip("'\"") for part in text.split(",") if part.strip())


def _pydantic(message: str) -> str:
    patterns = [
        (r"Input should be a valid integer.*", "应为整数"),
        (r"Input should be a valid number.*", "应为数字"),
        (r"Input should be a valid boolean.*", "应为是或否"),
        (r"Input should be a valid date.*", "应为日期，如 2008-10-28"),
        (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
        (r"Input should be greater than (\S+)", r"应大于 \1"),
        (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
        (r"Input should be less than (\S+)", r"应小于 \1"),
        (r"Input should be (.+)", lambda m: "只能是 " + _names(m.group(1).replace(" or ", ", "))),
        (r"Path '(.+)' does not exist\.?", r"路径“\1”不存在"),
        (r"'(.+)' is not one of (.+)\.", lambda m: f"“{m.group(1)}”不在可选值中，只能是 {_names(m.group(2))}"),
    ]
    message = re.sub(r"^Value error, ", "", message.strip())
    for pattern, replacement in patterns:
        match = re.fullmatch(pattern, message.rstrip("."), flags=re.S) or re.fullmatch(pattern, message, flags=re.S)
        if match:
            return replacement(match) if callable(replacement) else match.expand(replacement)
    return message


def _option_hint(hint: str) -> str:
    return " / ".join(part.strip().strip("'") for part in hint.split(" / "))


def translate(message: str, param_names: dict[str, str] | None = None) -> str:
    """A click/Typer usage error message in Chinese (unknown shapes pass through unchanged)."""
    param_names = param_names or {}
    rules: list[tuple[str, Any]] = [
        (r"Missing argument '(.+)'\.", lambda m: f"缺少参数 {param_names.get(m.group(1), m.group(1))}。"),
        (r"Missing option (.+)\.", lambda m: f"缺少选项 {_option_hint(m.group(1))}。"),
        (r"No such option: (\S+) \(Possible options: (.+)\)", lambda m: f"没有选项 {m.group(1)}。是不是 {_names(m.group(2))}？"),
        (r"No such option: (\S+)\s+Did you mean (.+)\?", lambda m: f"没有选项 {m.group(1)}。是不是 {_names(m.group(2))}？"),
        (r"No such option: (\S+)", lambda m: f"没有选项 {m.group(1)}。"),
        (r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?",
         lambda m: f"没有命令“{m.group(1)}”。" + (f"是不是 {_names(m.group(2))}？" if m.group(2) else "")),
        (r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", lambda m: f"多余的参数：{m.group(1)}。"),
        (r"Option '(.+)' requires an argument\.", lambda m: f"选项 {m.group(1)} 后面需要一个值。"),
        (r"Option '(.+)' requires (\d+) arguments\.", lambda m: f"选项 {m.group(1)} 后面需要 {m.group(2)} 个值。"),
        (r"Option '(.+)' does not take a value\.", lambda m: f"选项 {m.group(1)} 不带值。"),
        (r"Invalid value for (.+?): (.+)", lambda m: f"{_option_hint(m.group(1))} 的值不对：{_pydantic(m.group(2))}。"),
        (r"Invalid value: (.+)", lambda m: f"值不对：{_pydantic(m.group(1))}。"),
    ]
    text = message.strip()
    for pattern, replacement in rules:
        match = re.fullmatch(pattern, text, flags=re.S)
        if match:
            return re.sub(r"。+$", "。", replacement(match))
    return text


def report_usage_error(error, console) -> int:
    """Print a usage error in Chinese (usage line, the error, where help is) and give its exit status."""
    from rich.markup import escape

    ctx = getattr(error, "ctx", None)
    names = {}
    if ctx is not None:
        names = {p.name: metavar(p) for p in ctx.command.get_params(ctx) if not _is_option(p)}
        console.print(escape(usage_line(ctx.command, ctx)))
    console.print(f"[bold red]错误：[/]{escape(translate(error.format_message(), names))}")
    if ctx is not None:
        console.print(f"用 {escape(ctx.command_path)} --help 查看帮助。")
    return getattr(error, "exit_code", 2)
