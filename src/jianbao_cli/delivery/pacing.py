"""The clock a run keeps time by, and the rate limit's pacing on it."""

from __future__ import annotations

#: The clock of every run (None: the system's); tests set their own to check pacing and deadlines
#: without waiting.
CLOCK = None


def run_clock():
    from jianbao_cli.delivery.smtp import SystemClock

    return CLOCK or SystemClock()


class Pacer:
    """`rate_per_minute` (0: no limit): each message starts at least 60/rate seconds after the one before."""

    def __init__(self, rate_per_minute: int, clock):
        self.interval = 60.0 / rate_per_minute if rate_per_minute else 0.0
        self.clock = clock
        self.next_slot: float | None = None

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock.monotonic()
        if self.next_slot is not None and self.next_slot > now:
            self.clock.sleep(self.next_slot - now)
            now = self.clock.monotonic()
        self.next_slot = max(self.next_slot or now, now) + self.interval
