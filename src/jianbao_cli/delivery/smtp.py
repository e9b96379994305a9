"""An SMTP session that maps every reply to one recipient: one transaction per message.

`deliver()` returns an Outcome: sent / temp / perm / unknown, with the server's reply.
The ledger callback `before_data` is called (and must commit `attempting`) after the server
accepted the recipient and before the message data goes out. A login refusal or a certificate
that cannot be verified raises: they end the whole run.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass

from jianbao_cli.delivery import crash
from jianbao_cli.errors import EXIT_AUTH, EXIT_INPUT, JianbaoError

SENT = "sent"
TEMP = "temp"
PERM = "perm"
UNKNOWN = "unknown"


@dataclass
class Outcome:
    kind: str
    reply: str
    connection_failed: bool = False  # could not even connect/log in: the rest will fail alike
    connection_lost: bool = False  # the connection broke or timed out during the transaction


def permanent(code: int) -> bool:
    """5xx is permanent, except 552 (RFC 5321: treat as temporary); anything else is temporary."""
    return 500 <= code <= 599 and code != 552


def reply_text(code: int, message: bytes | str) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    text = " ".join(str(message).split())
    return f"{code} {text}".strip() if code and code > 0 else text


def tls_context(cafile) -> ssl.SSLContext:
    """Certificates are always verified: the system CAs, plus `cafile` when given."""
    context = ssl.create_default_context()
    if cafile:
        context.load_verify_locations(cafile=str(cafile))
    return context


class AuthError(JianbaoError):
    exit_code = EXIT_AUTH


class SettingsSuspect(JianbaoError):
    """The server could not be reached in a way that points at mail.host/port/security, not at an outage."""

    exit_code = EXIT_INPUT


#: Why a connection attempt failed, when the reason points at the settings rather than an outage.
MISMATCH, UNRESOLVED, REFUSED = "mismatch", "unresolved", "refused"


def connect_problem(exc: BaseException) -> str | None:
    """MISMATCH (TLS or protocol: the port speaks something else), UNRESOLVED (no such host name),
    REFUSED (nothing listens on that port), or None (a timeout, a reset, a busy server: an outage)."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return None  # reported on its own, with the mail.cafile hint
    if isinstance(exc, ssl.SSLError):
        return MISMATCH  # e.g. WRONG_VERSION_NUMBER: `ssl` against a plain port
    if isinstance(exc, smtplib.SMTPConnectError) and exc.smtp_code == -1:
        return MISMATCH  # the greeting was not an SMTP reply at all
    if isinstance(exc, socket.gaierror):
        return UNRESOLVED
    if isinstance(exc, ConnectionRefusedError):
        return REFUSED
    return None


def settings_sentence(config, exc: BaseException, problem: str) -> str:
    reason = {
        MISMATCH: f"TLS 或协议不匹配：{_describe(exc)}",
        UNRESOLVED: "域名无法解析",
        REFUSED: "连接被拒绝，该端口没有服务在监听",
    }[problem]
    return (
        f"无法连接 SMTP 服务器 {config.host}:{config.port}（{reason}），这多半是设置有误而不是服务器暂时故障："
        f"请检查 jianbao.yaml 中的 mail.host（现为 {config.host}）、mail.port（现为 {config.port}）"
        f"和 mail.security（现为 {config.security}），并运行 jianbao doctor --mail 逐项诊断。"
    )


class SystemClock:
    """Time as the sender sees it; tests pass their own clock to check pacing and deadlines without waiting."""

    def monotonic(self) -> float:
        import time

        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        import time

        time.sleep(seconds)


class Session:
    """One SMTP connection, reopened as needed.

    `deadline` (on `clock`) caps every wait on the server, so a server that stops answering cannot
    hold a run past it. `known_server`: this server was reached before (the ledger says so), so a
    refusal or a failed name lookup is an outage, not a setting; `on_connect` records each success.
    """

    def __init__(self, config, password=None, *, clock=None, deadline: float | None = None,
                 known_server: bool = True, on_connect=None):
        self.config = config
        self._password = password  # a config.Secret
        self.smtp: smtplib.SMTP | None = None
        self.clock = clock or SystemClock()
        self.deadline = deadline
        self.known_server = known_server
        self.on_connect = on_connect
        self.connect_attempts = 0
        self.connected = 0
        self.mechanism: str | None = None  # the AUTH mechanism used, once logged in

    def _timeout(self) -> float:
        """The socket timeout for the next wait: the setting, or less when the deadline is nearer."""
        if self.deadline is None:
            return self.config.timeout
        return max(0.05, min(self.config.timeout, self.deadline - self.clock.monotonic()))

    # --- connection ------------------------------------------------------------------------------

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def connect(self) -> None:
        cfg = self.config
        local = socket.gethostname() or "localhost"  # never getfqdn(): a DNS lookup can stall
        timeout = self._timeout()
        try:
            if cfg.security == "ssl":
                smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, local_hostname=local, timeout=timeout,
                                        context=tls_context(cfg.cafile))
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, local_hostname=local, timeout=timeout)
            try:
                smtp.ehlo()
                if cfg.security == "starttls":
                    if not smtp.has_extn("starttls"):
                        raise JianbaoError(
                            f"SMTP 服务器 {self._where()} 不支持 STARTTLS，已拒绝以明文发送；"
                            "请检查 mail.security（服务器用 465 端口隐式 TLS 时应设为 ssl）。",
                            exit_code=EXIT_INPUT,
                        )
                    smtp.starttls(context=tls_context(cfg.cafile))
                    smtp.ehlo()
                if cfg.user:
                    self._login(smtp)
            except BaseException:
                _close(smtp)
                raise
        except ssl.SSLCertVerificationError as exc:
            raise JianbaoError(
                f"SMTP 服务器 {self._where()} 的证书无法验证（{exc.verify_message or exc.reason}），已拒绝连接，"
                "未发送任何邮件。若服务器使用内部 CA，请用 mail.cafile 或 JIANBAO_SMTP_CAFILE 指定该 CA 证书。",
                exit_code=EXIT_INPUT,
            ) from None
        self.smtp = smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        if not smtp.has_extn("auth"):
            raise JianbaoError(
                f"SMTP 服务器 {self._where()} 没有提供登录（AUTH）；请检查 mail.security 与端口，"
                "或不设置 mail.user。",
                exit_code=EXIT_INPUT,
            )
        user = self.config.user
        password = self._password.reveal() if self._password else ""
        mechanism = login_once(smtp, user, password, where=self._where())
        self.mechanism = mechanism

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            _close(self.smtp)
            self.smtp = None

    def _drop(self) -> None:
        if self.smtp is not None:
            _close(self.smtp)
            self.smtp = None

    # --- one transaction -----------------------------------------------------------------------

    def deliver(self, sender: str, recipient: str, parts, before_data) -> Outcome:
        """One transaction. `parts`: the message as pieces that each start a line (or one bytes)."""
        if isinstance(parts, (bytes, bytearray)):
            parts = [bytes(parts)]
        reused = self.smtp is not None
        outcome = self._deliver(sender, recipient, parts, before_data)
        if reused and outcome.kind == TEMP and outcome.reply.startswith("MAIL FROM 时连接中断"):
            # The server closed an idle connection; nothing was sent: reconnect once, right away.
            outcome = self._deliver(sender, recipient, parts, before_data)
        return outcome

    def _open(self) -> Outcome | None:
        """Connect when not connected; an Outcome when that failed (an outage), None when connected."""
        self.connect_attempts += 1
        try:
            self.connect()
        except JianbaoError:
            raise
        except (OSError, smtplib.SMTPException) as exc:
            problem = connect_problem(exc)
            first_contact = self.connect_attempts == 1 and not self.connected and not self.known_server
            if problem == MISMATCH or (problem in (UNRESOLVED, REFUSED) and first_contact):
                raise SettingsSuspect(settings_sentence(self.config, exc, problem)) from None
            return Outcome(TEMP, f"无法连接 {self._where()}：{_describe(exc)}", connection_failed=True)
        self.connected += 1
        if self.on_connect is not None:
            self.on_connect()
        return None

    def _deliver(self, sender: str, recipient: str, parts: list[bytes], before_data) -> Outcome:
        if self.smtp is None:
            failed = self._open()
            if failed is not None:
                return failed
            crash.point("after_connect")
        smtp = self.smtp
        smtp.sock.settimeout(self._timeout())
        stage = "MAIL FROM"
        try:
            size = sum(len(part) for part in parts)
            options = [f"SIZE={size}"] if smtp.has_extn("size") else []
            code, message = smtp.mail(sender, options)
            if code == 530:  # "authentication / STARTTLS required": a settings problem, not this recipient's
                self._drop()
                raise AuthError(
                    f"SMTP 服务器 {self._where()} 要求先登录或加密（{reply_text(code, message)}）；"
                    "请检查 mail.user 与 mail.security。"
                )
            if code != 250:
                return self._refused(code, message, stage)
            stage = "RCPT TO"
            code, message = smtp.rcpt(recipient)
            if code not in (250, 251):
                return self._refused(code, message, stage)
            before_data()
            crash.point("before_data")
            stage = "DATA"
            code, message = smtp.docmd("data")
            if code != 354:
                return self._refused(code, message, stage)
            for part in parts:
                smtp.send(_dot_stuffed(part))
            smtp.send(_end_of_data(parts))
        except (OSError, smtplib.SMTPException) as exc:
            # Nothing, or not the whole message, reached the server: safe to try again.
            self._drop()
            return Outcome(TEMP, f"{stage} 时连接中断：{_describe(exc)}", connection_lost=True)
        crash.point("after_data")
        try:
            code, message = smtp.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            # The server has the whole message but we never heard whether it took it.
            self._drop()
            return Outcome(UNKNOWN, f"邮件数据已发出，未收到服务器答复：{_describe(exc)}", connection_lost=True)
        text = reply_text(code, message)
        if 200 <= code < 300:
            return Outcome(SENT, text)
        self._reset()
        return Outcome(PERM if permanent(code) else TEMP, f"DATA 后：{text}")

    def _refused(self, code: int, message, stage: str) -> Outcome:
        text = f"{stage}：{reply_text(code, message)}"
        lost = code == 421 or code < 0
        if lost:
            self._drop()
        else:
            self._reset()
        return Outcome(PERM if permanent(code) else TEMP, text, connection_lost=lost)

    def _reset(self) -> None:
        if self.smtp is None:
            return
        try:
            code, _ = self.smtp.rset()
            if code != 250:
                self._drop()
        except (OSError, smtplib.SMTPException):
            self._drop()


#: The mechanisms we log in with, best first. Exactly one is tried per connection: smtplib's
#: `login()` would try the next after a refusal, and two refusals every run lock accounts.
MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")


def choose_mechanism(smtp: smtplib.SMTP, user: str, password: str) -> str | None:
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    for mechanism in MECHANISMS:
        if mechanism in offered and (mechanism == "PLAIN" or (user + password).isascii()):
            return mechanism
    return None


def login_once(smtp: smtplib.SMTP, user: str, password: str, *, where: str) -> str:
    """Log in with one mechanism, once; returns it. A refusal raises AuthError naming the mechanism."""
    mechanism = choose_mechanism(smtp, user, password)
    if mechanism is None:
        offered = smtp.esmtp_features.get("auth", "").strip() or "无"
        raise AuthError(
            f"SMTP 服务器 {where} 提供的登录方式（{offered}）jianbao 都不支持"
            "（支持 PLAIN、LOGIN、CRAM-MD5；含非 ASCII 字符的用户名或密码只能用 PLAIN）。"
        )
    try:
        if mechanism == "PLAIN":
            _login_plain_utf8(smtp, user, password)
        else:
            smtp.user, smtp.password = user, password
            smtp.auth(mechanism, getattr(smtp, "auth_" + mechanism.lower().replace("-", "_")),
                      initial_response_ok=(mechanism != "CRAM-MD5"))
    except smtplib.SMTPAuthenticationError as exc:
        raise AuthError(
            f"SMTP 服务器拒绝了用户 {user} 的 AUTH {mechanism} 登录（{reply_text(exc.smtp_code, exc.smtp_error)}）；"
            "请检查用户名和密码。本次只尝试了这一次登录，未发送任何邮件。"
        ) from None
    except smtplib.SMTPException as exc:
        raise AuthError(f"以 AUTH {mechanism} 登录 SMTP 服务器失败：{_describe(exc)}") from None
    finally:
        smtp.password = ""  # smtplib keeps it on the object otherwise
    return mechanism


def _login_plain_utf8(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN with UTF-8 credentials (RFC 4616); smtplib only sends ASCII ones."""
    import base64

    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, message = smtp.docmd("AUTH", "PLAIN " + token)
    if code == 334:  # server wants the response on its own line
        code, message = smtp.docmd(token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, message)


def _dot_stuffed(part: bytes) -> bytes:
    """A piece of the message with leading dots doubled (it starts a line; CRLF line ends, policy SMTP).
    The shared attachment blocks are base64, which has none: they are passed on without a copy."""
    if not part.startswith(b".") and b"\n." not in part:
        return part
    return smtplib._quote_periods(part)


def _end_of_data(parts: list[bytes]) -> bytes:
    last = next((part for part in reversed(parts) if part), b"")
    return (b"" if last.endswith(b"\r\n") else b"\r\n") + b".\r\n"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return reply_text(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, socket.timeout) or isinstance(exc, TimeoutError):
        return "超时"
    if isinstance(exc, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except OSError:
        pass
