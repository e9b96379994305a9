"""Mail settings as used for one run: `jianbao.yaml` → `mail:`, each overridable by JIANBAO_SMTP_*.

The password comes from JIANBAO_SMTP_PASSWORD, a file of mode 0600 or a command, in that order.
It is held in a `Secret` whose repr and str are masked, so that it cannot leak into output,
logs, the ledger or an error message by accident.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path

from jianbao_cli.errors import EXIT_AUTH, EXIT_INPUT, JianbaoError

ENV_PREFIX = "JIANBAO_SMTP_"
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class Secret:
    """A password: `str()`/`repr()` never show it; `.reveal()` is the only way to get it."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('******')"

    __str__ = __repr__


@dataclass
class MailConfig:
    host: str
    port: int
    security: str
    user: str | None
    sender: Address | None
    sender_text: str | None
    cafile: Path | None
    timeout: float
    rate_per_minute: int
    retry_deadline_seconds: float
    retry_backoff_seconds: float
    attach_pdf: bool
    message_id_domain: str | None
    password_file: str | None = None
    password_command: str | None = None
    max_connection_failures: int = 5
    sources: dict[str, str] = field(default_factory=dict)  # option → where its value came from

    def require_sender(self) -> Address:
        if self.sender is None:
            raise JianbaoError(
                "没有设置发件人：请在 jianbao.yaml 的 mail.from 写“名称 <地址>”，或设置 JIANBAO_SMTP_FROM。"
            )
        return self.sender

    @property
    def msgid_domain(self) -> str:
        if self.message_id_domain:
            return self.message_id_domain
        if self.sender is not None and self.sender.domain:
            return self.sender.domain
        return "jianbao.invalid"

    def password(self, env: dict | None = None) -> Secret | None:
        """The password, or None when no user is set. Raises (exit 3) when a user has none."""
        env = os.environ if env is None else env
        if not self.user:
            return None
        if env.get(ENV_PREFIX + "PASSWORD"):
            return Secret(env[ENV_PREFIX + "PASSWORD"])
        password_file = env.get(ENV_PREFIX + "PASSWORD_FILE") or self.password_file
        if password_file:
            return Secret(_read_password_file(Path(password_file).expanduser()))
        command = env.get(ENV_PREFIX + "PASSWORD_COMMAND") or self.password_command
        if command:
            return Secret(_run_password_command(command, self.timeout))
        raise JianbaoError(
            f"已设置登录用户 {self.user}，但没有密码：请设置环境变量 JIANBAO_SMTP_PASSWORD，"
            "或在 jianbao.yaml 的 mail.password_file 指定权限为 0600 的密码文件，"
            "或用 mail.password_command 指定输出密码的命令。",
            exit_code=EXIT_AUTH,
        )


def _read_password_file(path: Path) -> str:
    try:
        info = path.stat()
    except OSError as exc:
        raise JianbaoError(f"无法读取密码文件 {path}：{exc.strerror}", exit_code=EXIT_AUTH) from None
    if info.st_mode & 0o077:
        raise JianbaoError(
            f"密码文件 {path} 的权限是 {stat.filemode(info.st_mode)}，别人也能读取；"
            f"请改为只有自己可读写：chmod 600 {shlex.quote(str(path))}",
            exit_code=EXIT_AUTH,
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise JianbaoError(f"无法读取密码文件 {path}（须为 UTF-8 文本）。", exit_code=EXIT_AUTH) from None
    password = text.rstrip("\r\n")
    if not password:
        raise JianbaoError(f"密码文件 {path} 是空的。", exit_code=EXIT_AUTH)
    return password


def _run_password_command(command: str, timeout: float) -> str:
    try:
        done = subprocess.run(
            ["/bin/sh", "-c", command], capture_output=True, text=True, timeout=max(timeout, 30), stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise JianbaoError("密码命令（mail.password_command）超时未结束。", exit_code=EXIT_AUTH) from None
    except OSError as exc:
        raise JianbaoError(f"无法运行密码命令：{exc.strerror}", exit_code=EXIT_AUTH) from None
    if done.returncode != 0:
        # Never echo its output: it may hold the password.
        raise JianbaoError(f"密码命令（mail.password_command）失败，退出状态 {done.returncode}。", exit_code=EXIT_AUTH)
    lines = done.stdout.splitlines()
    password = lines[0] if lines else ""  # the first line, like msmtp's passwordeval
    if not password:
        raise JianbaoError("密码命令（mail.password_command）没有输出密码。", exit_code=EXIT_AUTH)
    return password


def parse_sender(text: str) -> Address:
    """`成都市经济信息中心 <jb@example.org>` → Address; refuses control characters and bad addresses."""
    from jianbao_cli.recipients import has_control_chars, is_valid_email, sender_problem

    if has_control_chars(text):
        raise JianbaoError("发件人（mail.from / JIANBAO_SMTP_FROM）含有换行或控制字符。")
    problem = sender_problem(text)
    if problem:
        raise JianbaoError(problem)
    name, addr = parseaddr(text)
    if not addr or not is_valid_email(addr):
        raise JianbaoError(f"发件人“{text}”无效：应写作“名称 <地址>”，如 成都市经济信息中心 <jianbao@example.org>。")
    return Address(display_name=name.strip(), addr_spec=addr)


def resolve(settings, env: dict | None = None) -> MailConfig:
    """Combine `settings.mail` with JIANBAO_SMTP_* variables; every problem is reported at once."""
    env = os.environ if env is None else env
    mail = settings.mail
    problems: list[str] = []
    sources: dict[str, str] = {}

    def pick(name: str, value):
        key = ENV_PREFIX + name.upper()
        if env.get(key, "") != "":
            sources[name] = key
            return env[key]
        sources[name] = f"mail.{name}"
        return value

    host = str(pick("host", mail.host) or "").strip()
    if not host:
        problems.append("SMTP 服务器（mail.host / JIANBAO_SMTP_HOST）为空")
    security = str(pick("security", mail.security)).strip().lower()
    if security not in DEFAULT_PORTS:
        problems.append(f"JIANBAO_SMTP_SECURITY“{security}”无效：应为 none、starttls 或 ssl")
        security = "starttls"
    port_value = pick("port", mail.port)
    port = DEFAULT_PORTS[security]
    if port_value not in (None, ""):
        try:
            port = int(port_value)
            if not 1 <= port <= 65535:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"端口“{port_value}”无效：应为 1–65535 的整数")
    user = pick("user", mail.user) or None
    sender_text = pick("from", mail.sender) or None
    sender = None
    if sender_text:
        try:
            sender = parse_sender(str(sender_text))
        except JianbaoError as exc:
            problems.append(str(exc))
    cafile_value = pick("cafile", mail.cafile) or None
    cafile = None
    if cafile_value:
        cafile = Path(str(cafile_value)).expanduser()
        if not cafile.is_file():
            problems.append(f"CA 证书文件 {cafile} 不存在")

    def number(name: str, value, minimum: float = 0.0):
        raw = pick(name, value)
        try:
            result = float(raw)
            if result < minimum:
                raise ValueError
            return result
        except (TypeError, ValueError):
            problems.append(f"{ENV_PREFIX}{name.upper()}“{raw}”无效：应为不小于 {minimum:g} 的数")
            return float(value)

    if mail.message_id_domain and not _DOMAIN_RE.match(mail.message_id_domain):
        problems.append(f"mail.message_id_domain“{mail.message_id_domain}”不是有效的域名")
    timeout = number("timeout", mail.timeout, 0.1)
    rate = int(number("rate_per_minute", mail.rate_per_minute))
    deadline = number("retry_deadline_minutes", mail.retry_deadline_minutes) * 60
    backoff = number("retry_backoff_seconds", mail.retry_backoff_seconds)
    max_failures = int(number("max_connection_failures", mail.max_connection_failures, 1))
    if problems:
        from jianbao_cli.errors import Problem, ProblemList

        raise ProblemList([Problem("邮件设置", p) for p in problems], exit_code=EXIT_INPUT)
    return MailConfig(
        host=host,
        port=port,
        security=security,
        user=str(user) if user else None,
        sender=sender,
        sender_text=str(sender_text) if sender_text else None,
        cafile=cafile,
        timeout=timeout,
        rate_per_minute=rate,
        retry_deadline_seconds=deadline,
        retry_backoff_seconds=backoff,
        attach_pdf=mail.attach_pdf,
        message_id_domain=mail.message_id_domain,
        password_file=mail.password_file,
        password_command=mail.password_command,
        max_connection_failures=max_failures,
        sources=sources,
    )
