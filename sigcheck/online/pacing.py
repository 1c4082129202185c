"""Adaptive per-host pacing for the online checks: how many requests a host gets at once, and
how often, learned from how it answers.

Why: a fixed per-host limit is either too timid for a fast site or too rude for a rate-limited
one, and pausing a whole host for every 429 left nothing in flight for most of a run. Here each
host has its own state, changed only by that host's answers:

- **concurrency** (AIMD): starts at `initial`; grows while the host answers well and the limit
  is actually in use (by one per answer until the first trouble, then by about one per round);
  halves when `streak` 429s, 5xx or timeouts come back before as many successes, at most once
  per round of
  requests (answers to requests sent before the last decrease belong to the same burst and do
  not decrease it again); always within [`minimum`, `maximum`];
- **isolated 429s and 5xx** (successes around them: a site that limits one path, one broken
  page, a one-off): only that request waits (its `Retry-After`, its backoff: the caller's retry
  loop does that); the host's other requests keep going at full pace. After a 429, new
  requests go one at a time (a probe) until one comes back: a success ends the streak, a
  refusal extends it, so telling a rate limit from one path's limit costs one round trip;
- **a host that keeps answering 429** (`streak` 429s before as many successes came back: a
  per-client rate limiter such as gitee.com's refuses nearly everything once hit; a site that
  limits some paths refuses a few among many successes): the host is paused until its `Retry-After`, then its
  requests are spaced to half the rate it accepted before the limit hit, growing back towards
  (never above) `ceiling_share` of that rate; each further streak halves that ceiling and
  pauses again: the host gets slower, never hammered. Isolated 429s never pause the host, so
  a site that refuses the first request for some paths keeps its pace.

Pure: no network, no requests import; the clock is injectable. `HostState` is the state
machine (plain methods taking `now`, tested without threads); `Pacer` wraps one per host with a
condition variable, so threads wait for their own host only and no lock is held while a request
is on the network (between `acquire` and `release`).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum


class Outcome(Enum):
    """What one request told us about its host's load."""

    OK = "ok"
    """Any answer the host gave willingly (2xx, 3xx, 4xx other than 429, even 404)."""
    THROTTLED = "throttled"
    """429 Too Many Requests."""
    OVERLOADED = "overloaded"
    """5xx (not 501), a timeout or a dropped connection: the host is struggling."""
    NEUTRAL = "neutral"
    """No news about load (no such host, TLS error, invalid URL, not sent)."""


def outcome_of(status: int | None, *, network_trouble: bool = False) -> Outcome:
    """The outcome of an HTTP status (None: no answer; `network_trouble`: timeout/reset)."""
    if status is None:
        return Outcome.OVERLOADED if network_trouble else Outcome.NEUTRAL
    if status == 429:
        return Outcome.THROTTLED
    if 500 <= status < 600 and status != 501:
        return Outcome.OVERLOADED
    return Outcome.OK


@dataclass(frozen=True, slots=True)
class PacingConfig:
    """Bounds and constants of the pacing (one set for every host)."""

    initial: int = 4
    """Requests at once to a host we know nothing about (today's `online.per_host`)."""
    minimum: int = 1
    maximum: int = 16
    """Never more at once to one host (give the HTTP pool at least this many connections)."""
    streak: int = 3
    """Refusals outnumbering successes since the first that mark trouble: 429s, a rate limit;
    429s or 5xx/timeouts, a struggling host."""
    default_pause: float = 1.0
    """Seconds a rate-limited host waits when its 429 carries no usable `Retry-After`."""
    max_pause: float = 60.0
    """Cap on any one pause (the caller's own deadline still bounds every wait)."""
    min_rate: float = 0.2
    """Slowest pace of a rate-limited host, requests per second (one per 5 s)."""
    rate_share: float = 0.5
    """After the limit hit: pace at this share of the rate the host accepted before."""
    ceiling_share: float = 0.8
    """...and grow back towards, never above, this share of it."""
    growth: float = 0.05
    """Rate added per success in paced mode, as a share of the ceiling."""
    history: int = 4096
    """Start times of successful requests kept per host (to measure the accepted rate)."""

    def __post_init__(self) -> None:
        if not 1 <= self.minimum <= self.initial <= self.maximum:
            raise ValueError("pacing needs 1 <= minimum <= initial <= maximum")
        if self.streak < 1 or self.default_pause < 0 or self.max_pause < 0 or self.min_rate <= 0:
            raise ValueError("pacing: streak >= 1, pauses >= 0 and min_rate > 0")
        if not 0 < self.rate_share <= self.ceiling_share <= 1:
            raise ValueError("pacing needs 0 < rate_share <= ceiling_share <= 1")


@dataclass(frozen=True, slots=True)
class Ticket:
    """One admitted request; hand it back to `release` exactly once."""

    host: str
    epoch: int
    """The host's decrease count when the request started (same burst or a fresh one)."""
    started: float
    binding: bool
    """The request filled the host's limit: only then may a good answer grow the limit."""
    probe: bool = False
    """Sent while a 429 was unexplained: one at a time, to tell a rate limit from one path's."""
    repeat: bool = False
    """A retry of a request that failed: its 5xx or timeout is no new news about the host."""


@dataclass(frozen=True, slots=True)
class HostStats:
    """A snapshot of one host's pacing, for progress lines, summaries and tests."""

    limit: int
    peak_limit: int
    in_flight: int
    rate: float | None
    """Requests per second while paced (rate limited), else None."""
    ceiling: float | None
    requests: int
    throttled: int
    overloaded: int
    pauses: int
    paused_until: float


@dataclass(slots=True)
class HostState:
    """The pacing state machine of one host. Not thread-safe by itself (see `Pacer`)."""

    config: PacingConfig
    host: str = ""
    limit: float = 0.0
    slow_start: bool = True
    in_flight: int = 0
    epoch: int = 0
    paused_until: float = 0.0
    rate: float | None = None
    ceiling: float | None = None
    next_start: float = 0.0
    streak: int = 0
    """429s since the streak began; it ends when as many successes came back."""
    streak_ok: int = 0
    trouble: int = 0
    """429s and 5xx/timeouts, counted the same way."""
    trouble_ok: int = 0
    probes: int = 0
    """Requests in flight that were sent while a 429 streak was open (at most one)."""
    ok_starts: deque[float] = field(default_factory=deque)
    waiting: int = 0
    """Threads blocked in `Pacer.acquire` for this host: requests already under way (a retry,
    GET after HEAD, a redirect hop), which go before any new one."""
    peak_limit: int = 0
    requests: int = 0
    throttled: int = 0
    overloaded: int = 0
    pauses: int = 0

    def __post_init__(self) -> None:
        if not self.limit:
            self.limit = float(self.config.initial)
        self.peak_limit = max(self.peak_limit, self.slots)

    @property
    def slots(self) -> int:
        """Requests allowed at once now."""
        return max(self.config.minimum, min(self.config.maximum, math.floor(self.limit)))

    def ready_at(self, now: float) -> float | None:
        """When a new request may start: a moment (<= now: at once), or None while every slot
        is taken (a `finish` will tell)."""
        if self.in_flight >= self.slots:
            return None
        if self.probes and self.streak and self.rate is None:
            return None  # after a 429, one new request at a time until one comes back
        moment = self.paused_until
        if self.rate is not None:
            moment = max(moment, self.next_start)
        return moment

    def start(self, now: float, repeat: bool = False) -> Ticket:
        """Admit one request (the caller checked `ready_at`); `repeat`: a retry."""
        self.in_flight += 1
        self.requests += 1
        if self.rate is not None:
            self.next_start = max(now, self.next_start) + 1.0 / self.rate
        probe = bool(self.streak) and self.rate is None
        self.probes += probe
        return Ticket(self.host, self.epoch, now, self.in_flight >= self.slots, probe, repeat)

    def finish(
        self, ticket: Ticket, outcome: Outcome, now: float, retry_after: float | None = None
    ) -> None:
        """Account for one answer; `retry_after` in seconds from now (a 429's header)."""
        self.in_flight = max(0, self.in_flight - 1)
        if ticket.probe:
            self.probes = max(0, self.probes - 1)
        fresh = ticket.epoch == self.epoch
        if outcome is Outcome.OK:
            # A streak lasts while refusals outnumber the successes that came back since it
            # began: a rate limit refuses nearly everything, a limit on some paths very little.
            if self.streak:
                self.streak_ok += 1
                if self.streak_ok >= self.streak:
                    self.streak = self.streak_ok = 0
            if self.trouble:
                self.trouble_ok += 1
                if self.trouble_ok >= self.trouble:
                    self.trouble = self.trouble_ok = 0
            self.ok_starts.append(ticket.started)
            while len(self.ok_starts) > self.config.history:
                self.ok_starts.popleft()
            if self.rate is not None and self.ceiling is not None:
                step = self.config.growth * self.ceiling
                self.rate = min(self.ceiling, self.rate + step)
            if ticket.binding:
                self.limit += 1.0 if self.slow_start else 1.0 / max(1.0, self.limit)
                self.limit = min(float(self.config.maximum), self.limit)
                self.peak_limit = max(self.peak_limit, self.slots)
            return
        if outcome is Outcome.NEUTRAL:
            return
        # A 429 or a 5xx/timeout. Alone (successes around it: a limit on one path, one broken
        # page, a one-off) it costs the host nothing: only this request waits (its caller
        # honours Retry-After and backs off). In a row, the host is struggling or limiting us.
        if outcome is Outcome.OVERLOADED and ticket.repeat:
            # The same page failing again (a broken page answers 500 to every retry) is one
            # sign of trouble, counted when it first failed: three would halve a healthy host.
            self.overloaded += 1
            return
        self.trouble += 1
        if outcome is Outcome.OVERLOADED:
            self.overloaded += 1
            if self.trouble >= self.config.streak and fresh:
                self._decrease()
            return
        self.throttled += 1
        self.streak += 1
        pause = self._pause(retry_after)
        if self.streak < self.config.streak:
            if self.trouble >= self.config.streak and fresh:
                self._decrease()
        elif self.rate is None:
            self._enter_paced(now, pause)
        else:
            if fresh:  # paced, and still refused in a row: the pace is too fast
                assert self.ceiling is not None
                self.ceiling = max(self.config.min_rate, self.ceiling / 2)
                self.rate = max(self.config.min_rate, min(self.rate, self.ceiling) / 2)
                self._decrease()
            self._pause_until(now + pause)

    def stats(self) -> HostStats:
        return HostStats(
            limit=self.slots,
            peak_limit=self.peak_limit,
            in_flight=self.in_flight,
            rate=self.rate,
            ceiling=self.ceiling,
            requests=self.requests,
            throttled=self.throttled,
            overloaded=self.overloaded,
            pauses=self.pauses,
            paused_until=self.paused_until,
        )

    # --- internals ----------------------------------------------------------------------------

    def _pause(self, retry_after: float | None) -> float:
        wanted = self.config.default_pause if retry_after is None else retry_after
        return max(0.0, min(self.config.max_pause, wanted))

    def _decrease(self) -> None:
        """Multiplicative decrease, once per burst: later answers from it carry an old epoch."""
        self.limit = max(float(self.config.minimum), self.limit / 2)
        self.slow_start = False
        self.epoch += 1

    def _pause_until(self, moment: float) -> None:
        if moment > self.paused_until:
            self.pauses += 1
            self.paused_until = moment
            self.next_start = max(self.next_start, moment)

    def _enter_paced(self, now: float, pause: float) -> None:
        """The host limits our rate: learn the rate it accepted, pause, then pace below it."""
        window = max(1.0, pause)
        accepted = sum(1 for started in self.ok_starts if started >= now - window)
        observed = max(1, accepted) / window
        self.ceiling = max(self.config.min_rate, observed * self.config.ceiling_share)
        self.rate = max(self.config.min_rate, observed * self.config.rate_share)
        self._decrease()
        self._pause_until(now + pause)


class Pacer:
    """Thread-safe per-host pacing: `acquire` before each request, `release` after it."""

    def __init__(
        self,
        config: PacingConfig | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        limits: dict[str, int] | None = None,
    ) -> None:
        """`limits`: per-host maximum overrides (e.g. `[online.hosts."x"] per_host`)."""
        self.config = config or PacingConfig()
        self.clock = clock
        self._limits = dict(limits or {})
        self._hosts: dict[str, tuple[HostState, threading.Condition]] = {}
        self._lock = threading.Lock()

    def _entry(self, host: str) -> tuple[HostState, threading.Condition]:
        with self._lock:
            entry = self._hosts.get(host)
            if entry is None:
                config = self.config
                override = self._limits.get(host)
                if override is not None:
                    cap = max(1, override)
                    config = replace(
                        config,
                        maximum=cap,
                        initial=min(config.initial, cap),
                        minimum=min(config.minimum, cap),
                    )
                entry = (HostState(config, host), threading.Condition(threading.Lock()))
                self._hosts[host] = entry
            return entry

    def acquire(self, host: str, until: float | None = None, repeat: bool = False) -> Ticket | None:
        """Wait (for this host only) until a request may start; None when it could not start
        before `until` (a moment on this pacer's clock), e.g. the run's deadline. `repeat`: a
        retry of a request that failed."""
        state, condition = self._entry(host)
        with condition:
            while True:
                now = self.clock()
                ready = state.ready_at(now)
                if ready is not None and ready <= now:
                    return state.start(now, repeat)
                if until is not None and (now >= until or (ready is not None and ready > until)):
                    return None
                timeout = None if ready is None else ready - now
                if until is not None:
                    timeout = until - now if timeout is None else min(timeout, until - now)
                state.waiting += 1
                try:
                    condition.wait(timeout)
                finally:
                    state.waiting -= 1

    def release(
        self, ticket: Ticket, outcome: Outcome = Outcome.NEUTRAL, retry_after: float | None = None
    ) -> None:
        """Hand a ticket back with what its request told us; wakes this host's waiters."""
        state, condition = self._entry(ticket.host)
        with condition:
            state.finish(ticket, outcome, self.clock(), retry_after)
            condition.notify_all()

    @contextmanager
    def slot(self, host: str, until: float | None = None) -> Iterator[_Slot | None]:
        """`with pacer.slot(host, until) as slot:` ... `slot.report(outcome, retry_after)`;
        the slot is released (NEUTRAL unless reported) even when the body raises."""
        ticket = self.acquire(host, until)
        if ticket is None:
            yield None
            return
        slot = _Slot(ticket)
        try:
            yield slot
        finally:
            self.release(ticket, slot.outcome, slot.retry_after)

    def ready_in(self, host: str) -> float | None:
        """Seconds until `acquire(host)` would admit at once (0: now), or None while every
        slot is taken or requests already under way wait for one: lets a scheduler pick a job
        of a ready host instead of blocking, and finish what it started before starting more
        (a retry or a GET after HEAD never waits behind new pages)."""
        state, condition = self._entry(host)
        with condition:
            if state.waiting:
                return None
            now = self.clock()
            ready = state.ready_at(now)
            return None if ready is None else max(0.0, ready - now)

    def stats(self, host: str) -> HostStats:
        state, condition = self._entry(host)
        with condition:
            return state.stats()

    def hosts(self) -> list[str]:
        with self._lock:
            return sorted(self._hosts)


@dataclass(slots=True)
class _Slot:
    ticket: Ticket
    outcome: Outcome = Outcome.NEUTRAL
    retry_after: float | None = None

    def report(self, outcome: Outcome, retry_after: float | None = None) -> None:
        self.outcome = outcome
        self.retry_after = retry_after
