"""User regular expressions (`online.exclude`, `online.accept`) run with bounds.

A pattern from a configuration can backtrack for hours (`(a+)+$`). Three bounds, together:
- the configuration refuses the exponential shapes (a repeat of an ambiguous repeat), exit 2;
- the text a pattern sees is cut to `MAX_SUBJECT` characters (a 1 MB URL is not matched whole);
- on the main thread, where every link of the pages is matched before any request is sent,
  each search runs under an interval timer (`SECONDS`, or what is left of the deadline): a
  pattern that overruns is disabled for the rest of the run, and the summary says so.
Worker threads (redirect hops) cannot be interrupted; they get the first two bounds, and skip a
pattern the main thread already disabled.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterable

MAX_SUBJECT = 2048
"""Characters of a URL a pattern is matched against (browsers cap URLs near this)."""

SECONDS = 2.0
"""Time one search may take on the main thread before its pattern is disabled."""


class _Overrun(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Overrun


class BoundedPatterns:
    """Compiled patterns whose searches are bounded; thread-safe."""

    def __init__(self, patterns: Iterable[str], seconds: float = SECONDS) -> None:
        self.patterns = [re.compile(pattern) for pattern in patterns]
        self.seconds = seconds
        self.problems: list[str] = []
        self._disabled: set[int] = set()
        self._lock = threading.Lock()

    def search(self, index: int, text: str, budget: float | None = None) -> bool:
        """Whether pattern `index` is found in `text` (cut to MAX_SUBJECT); False when the
        pattern is disabled or overruns (then it is disabled)."""
        if index in self._disabled:
            return False
        subject = text[:MAX_SUBJECT]
        pattern = self.patterns[index]
        seconds = self.seconds if budget is None else max(0.01, min(self.seconds, budget))
        if not _can_time() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            return pattern.search(subject) is not None  # no timer here, or someone else's
        previous = signal.signal(signal.SIGALRM, _alarm)
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                return pattern.search(subject) is not None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _Overrun:
            with self._lock:
                self._disabled.add(index)
                self.problems.append(
                    f"pattern {pattern.pattern!r} took over {seconds:g} s on one URL "
                    "(catastrophic backtracking?); it was ignored for the rest of the run"
                )
            return False
        finally:
            signal.signal(signal.SIGALRM, previous)

    def any(self, *texts: str, budget: float | None = None) -> bool:
        return any(
            self.search(index, text, budget)
            for index in range(len(self.patterns))
            for text in texts
        )


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
