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


class Session:
    def __init__(self, config, password=None):
        self.config = config
        self._password = password  # a config.Secret
        self.smtp: smtplib.SMTP | None = None

    # --- connection ------------------------------------------------------------------------------

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def connect(self) -> None:
        cfg = self.config
        local = socket.gethostname() or "localhost"  # never getfqdn(): a DNS lookup can stall
        try:
            if cfg.security == "ssl":
                smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, local_hostname=local, timeout=cfg.timeout,
                                        context=tls_context(cfg.cafile))
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, local_hostname=local, timeout=cfg.timeout)
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
        try:
            if (user + password).isascii():
                smtp.login(user, password)
            else:
                _login_plain_utf8(smtp, user, password)
        except smtplib.SMTPAuthenticationError as exc:
            raise AuthError(
                f"SMTP 服务器拒绝了用户 {self.config.user} 的登录（{reply_text(exc.smtp_code, exc.smtp_error)}）；"
                "请检查用户名和密码。本次未发送任何邮件。"
            ) from None
        except smtplib.SMTPException as exc:
            raise AuthError(f"登录 SMTP 服务器失败：{_describe(exc)}") from None

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

    def deliver(self, sender: str, recipient: str, data: bytes, before_data) -> Outcome:
        reused = self.smtp is not None
        outcome = self._deliver(sender, recipient, data, before_data)
        if reused and outcome.kind == TEMP and outcome.reply.startswith("MAIL FROM 时连接中断"):
            # The server closed an idle connection; nothing was sent: reconnect once, right away.
            outcome = self._deliver(sender, recipient, data, before_data)
        return outcome

    def _deliver(self, sender: str, recipient: str, data: bytes, before_data) -> Outcome:
        if self.smtp is None:
            try:
                self.connect()
            except JianbaoError:
                raise
            except (OSError, smtplib.SMTPException) as exc:
                return Outcome(TEMP, f"无法连接 {self._where()}：{_describe(exc)}", connection_failed=True)
            crash.point("after_connect")
        smtp = self.smtp
        stage = "MAIL FROM"
        try:
            options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
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
            smtp.send(_dot_stuffed(data))
        except (OSError, smtplib.SMTPException) as exc:
            # Nothing, or not the whole message, reached the server: safe to try again.
            self._drop()
            return Outcome(TEMP, f"{stage} 时连接中断：{_describe(exc)}")
        crash.point("after_data")
        try:
            code, message = smtp.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            # The server has the whole message but we never heard whether it took it.
            self._drop()
            return Outcome(UNKNOWN, f"邮件数据已发出，未收到服务器答复：{_describe(exc)}")
        text = reply_text(code, message)
        if 200 <= code < 300:
            return Outcome(SENT, text)
        self._reset()
        return Outcome(PERM if permanent(code) else TEMP, f"DATA 后：{text}")

    def _refused(self, code: int, message, stage: str) -> Outcome:
        text = f"{stage}：{reply_text(code, message)}"
        if code == 421 or code < 0:
            self._drop()
        else:
            self._reset()
        return Outcome(PERM if permanent(code) else TEMP, text)

    def _reset(self) -> None:
        if self.smtp is None:
            return
        try:
            code, _ = self.smtp.rset()
            if code != 250:
                self._drop()
        except (OSError, smtplib.SMTPException):
            self._drop()


def _login_plain_utf8(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN with UTF-8 credentials (RFC 4616); smtplib only sends ASCII ones."""
    import base64

    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPAuthenticationError(504, "服务器不支持 AUTH PLAIN，无法使用含非 ASCII 字符的用户名或密码")
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, message = smtp.docmd("AUTH", "PLAIN " + token)
    if code == 334:  # server wants the response on its own line
        code, message = smtp.docmd(token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, message)


def _dot_stuffed(data: bytes) -> bytes:
    q = smtplib._quote_periods(data)  # `data` already has CRLF line ends (policy SMTP)
    if not q.endswith(b"\r\n"):
        q += b"\r\n"
    return q + b".\r\n"


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
