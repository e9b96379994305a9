"""Sending an issue by e-mail: plan → outbox → ledger → SMTP, each recipient once.

Modules, one job each:

- `config`   mail settings with JIANBAO_SMTP_* overrides and the password (never shown)
- `plan`     distribution labels → people, deduplicated, narrowed by --only/--to
- `message`  one MIME message per recipient (RFC 2047 attachment names, stable Message-ID)
- `ledger`   the durable SQLite record per issue and recipient
- `lock`     one sending run per issue
- `smtp`     one SMTP transaction per recipient, with classification of every outcome
- `crash`    test-only hook that kills the process at a chosen point
- `send`     the orchestrator (`send_issue`)
- `schedule` `send --due`: which issues are due, first rounds before retries (`send_due`)
- `summary`  `delivery_summary()` for `jianbao list` (standard-library imports only)

This package's `__init__` imports nothing heavy: `jianbao list` imports `summary` cheaply.
"""

from jianbao_cli.delivery.summary import delivery_summary

__all__ = ["delivery_summary"]
