"""Benchmark helper: a counting aiosmtpd server on 127.0.0.1 (plain SMTP, no auth)."""

from __future__ import annotations

import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_rcpt: Counter[str] = Counter()
        self.bytes = 0
        self.sample: bytes | None = None

    def reset(self) -> None:
        with self.lock:
            self.by_rcpt.clear()
            self.bytes = 0
            self.sample = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.by_rcpt[rcpt.lower()] += 1
            self.bytes += len(envelope.content)
            if self.sample is None:
                self.sample = bytes(envelope.content)
        return "250 OK"


class CountingServer:
    def __init__(self):
        self.handler = CountingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     data_size_limit=64 * 1024 * 1024)

    def __enter__(self) -> "CountingServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
