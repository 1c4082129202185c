"""A one-line progress bar on stderr, only on a terminal and never in CI, so that logs stay
quiet: `online [#######.....] 120/400  35.2/s  ETA 8s`."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

WIDTH = 24


def wanted(stream: TextIO) -> bool:
    """A terminal, not CI, not a dumb terminal."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}m{seconds:02d}s"


class Progress:
    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        interval: float = 0.1,
    ) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.interval = interval
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._drawn_width = 0

    def line(self, done: int) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        filled = WIDTH * done // self.total if self.total else WIDTH
        eta = _duration((self.total - done) / rate) if rate > 0 else "?"
        return (
            f"online [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{self.total}"
            f"  {rate:.1f}/s  ETA {eta}"
        )

    def update(self, done: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        text = self.line(done)
        padding = " " * max(0, self._drawn_width - len(text))
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._drawn_width = len(text)

    def close(self) -> None:
        """Erase the bar, so that what follows starts on a clean line."""
        if self.enabled and self._drawn_width:
            self.stream.write("\r" + " " * self._drawn_width + "\r")
            self.stream.flush()
            self._drawn_width = 0
