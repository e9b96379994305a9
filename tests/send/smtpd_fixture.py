"""A real SMTP server (aiosmtpd) on 127.0.0.1 with scripted faults, for the send tests and the bench."""

from __future__ import annotations

import email
import socket
import ssl
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    def parsed(self):
        return email.message_from_bytes(self.data, policy=policy.default)


@dataclass
class Faults:
    rcpt: dict[str, list[str]] = field(default_factory=dict)  # address → replies to give, in turn
    data: dict[str, list[str]] = field(default_factory=dict)
    drop_after_data: set[str] = field(default_factory=set)  # store, then close without replying


class RecordingHandler:
    def __init__(self):
        self.messages: list[Received] = []
        self.faults = Faults()
        self.lock = threading.Lock()
        self.rcpt_attempts: dict[str, int] = defaultdict(int)
        self.logins: list[str] = []

    def _next_fault(self, table: dict[str, list[str]], address: str) -> str | None:
        with self.lock:
            replies = table.get(address.lower())
            if replies:
                return replies.pop(0)
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_attempts[address.lower()] += 1
        fault = self._next_fault(self.faults.rcpt, address)
        if fault:
            return fault
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        (address,) = envelope.rcpt_tos
        fault = self._next_fault(self.faults.data, address)
        if fault:
            return fault
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
            drop = address.lower() in self.faults.drop_after_data
            if drop:
                self.faults.drop_after_data.discard(address.lower())
        if drop:
            server.transport.close()
            return "250 OK (never seen by the client)"
        return "250 OK queued"

    # helpers for tests
    def count_by_rcpt(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for message in self.messages:
            for rcpt in message.rcpt_tos:
                counts[rcpt.lower()] += 1
        return dict(counts)


class Authenticator:
    def __init__(self, user: str, password: str):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


class SMTPServer:
    """mode: 'plain' (no TLS, no auth), 'starttls' (STARTTLS required + login), 'ssl' (implicit TLS + login)."""

    def __init__(self, mode: str = "plain", *, cert=None, user: str = "jianbao", password: str = "s3cret-密码"):
        self.mode = mode
        self.handler = RecordingHandler()
        self.port = free_port()
        self.user = user
        self.password = password
        kwargs = {}
        if mode != "plain":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(context)
            kwargs["authenticator"] = Authenticator(user, password)
            if mode == "starttls":
                kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)
            else:
                kwargs.update(ssl_context=context, auth_require_tls=False)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> "SMTPServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    @property
    def faults(self) -> Faults:
        return self.handler.faults
