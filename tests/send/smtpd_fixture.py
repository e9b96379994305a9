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
    idle_drop_after: set[str] = field(default_factory=set)  # store, reply 250, then close (an idle drop)
    hang_rcpt: bool = False  # accept connections, never answer RCPT


class RecordingHandler:
    def __init__(self):
        self.messages: list[Received] = []
        self.faults = Faults()
        self.lock = threading.Lock()
        self.rcpt_attempts: dict[str, int] = defaultdict(int)
        self.logins: list[str] = []
        self.sessions: set[int] = set()  # one per connection that reached RCPT
        self.clock = None  # when set (a test's clock), the time of each accepted message is kept
        self.accepted_at: list[float] = []

    def _next_fault(self, table: dict[str, list[str]], address: str) -> str | None:
        with self.lock:
            replies = table.get(address.lower())
            if replies:
                return replies.pop(0)
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        with self.lock:
            self.rcpt_attempts[address.lower()] += 1
            self.sessions.add(id(session))
        if self.faults.hang_rcpt:
            await asyncio.Event().wait()  # never answers
        fault = self._next_fault(self.faults.rcpt, address)
        if fault:
            if fault.startswith("421"):  # "closing transmission channel": reply, then close
                asyncio.get_running_loop().call_soon(server.transport.close)
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
            if self.clock is not None:
                self.accepted_at.append(self.clock.monotonic())
            drop = address.lower() in self.faults.drop_after_data
            if drop:
                self.faults.drop_after_data.discard(address.lower())
            if address.lower() in self.faults.idle_drop_after:
                import asyncio

                # after the 250 has gone out: the connection is dropped while the client is idle
                asyncio.get_running_loop().call_soon(server.transport.close)
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
        self.attempts: list[str] = []  # the mechanism of every AUTH attempt

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.attempts.append(mechanism)
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
        self.authenticator = None
        if mode != "plain":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(context)
            kwargs["authenticator"] = self.authenticator = Authenticator(user, password)
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


# --- a bulk server for the 2,000-recipient test and the memory bench --------------------------------

from aiosmtpd.smtp import SMTP as _AioSMTP  # noqa: E402
from aiosmtpd.smtp import syntax as _syntax  # noqa: E402


class _BulkDataSMTP(_AioSMTP):
    """aiosmtpd with one change: DATA is read in large blocks instead of line by line (aiosmtpd's own
    loop costs 0.26 s per 2.7 MB message here, 9 minutes for 2,000). Everything else — greeting,
    EHLO, MAIL, RCPT, the handler hooks — is aiosmtpd's."""

    @_syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        buffer = bytearray(b"\r\n")  # so that a terminator right at the start is found too
        while not buffer.endswith(b"\r\n.\r\n"):
            chunk = await self._reader.read(1 << 20)
            if not chunk:
                return  # connection closed mid-DATA
            buffer += chunk
        body = bytes(buffer[2:-3])
        if b"\r\n.." in body:
            body = body.replace(b"\r\n..", b"\r\n.")
        if body.startswith(b".."):
            body = body[1:]
        self.envelope.content = self.envelope.original_content = body
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push(status)


class BulkController(Controller):
    def factory(self):
        return _BulkDataSMTP(self.handler, **self.SMTP_kwargs)


class DigestHandler:
    """Keeps, per recipient, how many messages came and the SHA-256 of each attachment — not the
    messages themselves (2,000 × 2.7 MB would not fit in memory)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: dict[str, list[list[tuple[str, str]]]] = defaultdict(list)  # rcpt → [[(filename, sha)]]
        self.samples: list[bytes] = []  # the first message, whole

    async def handle_DATA(self, server, session, envelope):
        attachments = attachment_digests(envelope.content)
        with self.lock:
            if not self.samples:
                self.samples.append(bytes(envelope.content))
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt.lower()].append(attachments)
        return "250 OK queued"


def bulk_server(handler=None):
    """(controller, handler, port), started: a plain server without the per-line DATA loop."""
    handler = handler or DigestHandler()
    port = free_port()
    controller = BulkController(handler, hostname="127.0.0.1", port=port, data_size_limit=None)
    controller.start()
    return controller, handler, port


def attachment_digests(content: bytes, _decoded: dict = {}) -> list[tuple[str, str]]:  # noqa: B006 — a cache
    """(file name, SHA-256 of the decoded bytes) of each attachment. Headers are read by the e-mail
    package; bodies are found by their MIME boundary and decoded directly (the package's line-by-line
    parser takes 0.2 s per 2.7 MB message). An encoded body identical to one seen before decodes to
    the same bytes, so each distinct body is decoded once. test_2000_… checks this against the parser."""
    import base64
    import hashlib
    from email.parser import BytesHeaderParser

    parser = BytesHeaderParser(policy=policy.default)
    head_end = content.find(b"\r\n\r\n")
    boundary = parser.parsebytes(content[:head_end + 4]).get_boundary()
    delimiter = b"\r\n--" + boundary.encode("ascii")
    view = memoryview(content)
    found = []
    position = content.find(delimiter)
    while position != -1:
        start = position + len(delimiter)
        if content.startswith(b"--", start):
            break
        following = content.find(delimiter, start)
        header_end = content.find(b"\r\n\r\n", start)
        headers = parser.parsebytes(content[start:header_end + 4].lstrip(b"\r\n"))
        if headers.get_content_disposition() == "attachment":
            body = view[header_end + 4:following]
            key = hashlib.sha256(body).hexdigest()
            if key not in _decoded:
                _decoded[key] = hashlib.sha256(base64.b64decode(body)).hexdigest()
            found.append((headers.get_filename(), _decoded[key]))
        position = following
    return found
