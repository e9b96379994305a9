"""Test-only crash hook: `JIANBAO_TEST_CRASH_AT=before_data:3` ends the process with `os._exit`
the 3rd time the sender reaches the point `before_data` (no cleanup, no flush: like a kill -9).

Points: `after_connect`, `before_data` (after `attempting` is committed), `after_data` (the message
and its final dot are sent, the reply not yet read), `after_sent` (after `sent` is committed).
"""

from __future__ import annotations

import os

ENV = "JIANBAO_TEST_CRASH_AT"
EXIT_STATUS = 86
_counts: dict[str, int] = {}


def point(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, nth = spec.partition(":")
    if wanted != name:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] >= int(nth or 1):
        os._exit(EXIT_STATUS)
