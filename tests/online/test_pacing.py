"""Adaptive per-host pacing (`sigcheck.online.pacing`): the state machine with an explicit
clock, then the thread-safe pacer with real threads against real loopback servers, one of which
limits each client address the way gitee.com does (N requests a second, then 429 + Retry-After).

Assertions are about what the servers saw (requests per window, requests at once), never about
how long anything took.
"""

from __future__ import annotations

import http.client
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sigcheck.online.pacing import (
    HostState,
    Outcome,
    Pacer,
    PacingConfig,
    Ticket,
    outcome_of,
)

# --- the state machine, clock in hand --------------------------------------------------------


def state(**config: float) -> HostState:
    return HostState(PacingConfig(**config), "example.org")  # type: ignore[arg-type]


def fill(host: HostState, now: float) -> list[Ticket]:
    """Start requests until every slot is taken."""
    tickets: list[Ticket] = []
    while (ready := host.ready_at(now)) is not None and ready <= now:
        tickets.append(host.start(now))
    return tickets


def test_outcomes_follow_the_status() -> None:
    assert outcome_of(200) is Outcome.OK
    assert outcome_of(404) is Outcome.OK  # the host answered willingly
    assert outcome_of(429) is Outcome.THROTTLED
    assert outcome_of(503) is Outcome.OVERLOADED
    assert outcome_of(501) is Outcome.OK  # "not implemented" is an answer, not load
    assert outcome_of(None, network_trouble=True) is Outcome.OVERLOADED
    assert outcome_of(None) is Outcome.NEUTRAL


def test_bounds_are_checked() -> None:
    with pytest.raises(ValueError, match="minimum <= initial <= maximum"):
        PacingConfig(initial=8, maximum=4)
    with pytest.raises(ValueError, match="minimum <= initial"):
        PacingConfig(minimum=0)
    with pytest.raises(ValueError, match="rate_share"):
        PacingConfig(rate_share=0.9, ceiling_share=0.5)


def test_a_host_starts_at_the_initial_limit() -> None:
    host = state(initial=3, maximum=8)
    assert len(fill(host, 0.0)) == 3
    assert host.ready_at(0.0) is None  # every slot taken: wait for an answer


def test_a_host_that_answers_well_grows_up_to_the_maximum_only() -> None:
    host = state(initial=2, maximum=5)
    now = 0.0
    for _ in range(50):
        for ticket in fill(host, now):
            host.finish(ticket, Outcome.OK, now)
        now += 0.01
    assert host.slots == 5
    assert host.stats().peak_limit == 5


def test_an_idle_limit_does_not_grow() -> None:
    """Growth needs the limit to be in use: one request at a time says nothing about four."""
    host = state(initial=4, maximum=16)
    for step in range(100):
        ticket = host.start(float(step))
        host.finish(ticket, Outcome.OK, float(step))
    assert host.slots == 4


def test_an_isolated_429_or_5xx_costs_the_host_nothing() -> None:
    """One refused or failed request among good answers: a limit on one path, one broken page.
    Only that request waits (its caller's retry loop); the host keeps its pace."""
    host = state(initial=8, maximum=16)
    burst = fill(host, 0.0)
    host.finish(burst[0], Outcome.THROTTLED, 0.1, retry_after=5.0)
    host.finish(burst[1], Outcome.OK, 0.1)
    host.finish(burst[2], Outcome.OVERLOADED, 0.2)
    host.finish(burst[3], Outcome.OK, 0.2)
    stats = host.stats()
    assert (stats.limit, stats.rate, stats.pauses) == (8, None, 0)
    assert (stats.throttled, stats.overloaded) == (1, 1)
    assert host.ready_at(0.2) == 0.0  # no pause: the host's other requests go on at once


def test_after_a_429_new_requests_go_one_at_a_time_until_one_comes_back() -> None:
    host = state(initial=4, maximum=16, streak=3)
    burst = fill(host, 0.0)
    host.finish(burst[0], Outcome.THROTTLED, 0.1, retry_after=1.0)
    probe = host.start(0.1)  # a slot is free: one new request may test the water
    assert probe.probe
    assert host.ready_at(0.1) is None  # but only one, while the 429 is unexplained
    host.finish(probe, Outcome.OK, 0.2)  # a success: one path's limit, not ours
    assert host.ready_at(0.2) == 0.0
    more = fill(host, 0.2)  # back to the full limit (grown by the probe's success)
    assert len(more) == host.slots - 3 and not any(t.probe for t in more)
    assert host.stats().rate is None


def test_refusals_that_outnumber_successes_mark_a_rate_limit() -> None:
    host = state(initial=8, maximum=16, streak=3)
    burst = fill(host, 0.0)
    outcomes = [Outcome.OK, Outcome.THROTTLED, Outcome.OK, Outcome.THROTTLED, Outcome.THROTTLED]
    for ticket, outcome in zip(burst, outcomes, strict=False):
        host.finish(ticket, outcome, 0.1, retry_after=1.0)
    assert host.stats().rate is None  # 2 refusals, 1 success since the first: not yet
    host.finish(burst[5], Outcome.THROTTLED, 0.1, retry_after=1.0)
    assert host.stats().rate is not None


def test_errors_in_a_row_halve_the_limit_once_per_burst() -> None:
    host = state(initial=8, maximum=16, streak=2)
    burst = fill(host, 0.0)
    host.finish(burst[0], Outcome.OVERLOADED, 0.1)
    assert host.slots == 8
    host.finish(burst[1], Outcome.OVERLOADED, 0.1)  # two in a row: the host is struggling
    assert host.slots == 4
    host.finish(burst[2], Outcome.OVERLOADED, 0.2)  # same burst (sent before the cut)
    assert host.slots == 4
    assert host.ready_at(0.2) is None  # five still in flight for four slots
    for ticket in burst[3:]:
        host.finish(ticket, Outcome.OK, 0.3)
    assert host.stats().pauses == 0 and host.stats().rate is None
    assert host.ready_at(0.3) == 0.0


def test_fresh_errors_in_a_row_cut_again_but_not_below_the_minimum() -> None:
    host = state(initial=4, maximum=16, minimum=1, streak=2)
    now = 0.0
    after_cut: list[int] = []
    for _ in range(5):
        for _ in range(2):
            host.finish(host.start(now), Outcome.OVERLOADED, now)
        after_cut.append(host.slots)
        now += 1
    assert after_cut == [2, 1, 1, 1, 1]
    assert host.stats().rate is None  # 5xx never paces a host: only 429s say "too fast"


def test_a_broken_page_failing_its_retries_is_one_sign_of_trouble_not_three() -> None:
    """A page that answers 500 to every try (first request, then two retries) says once that
    something is wrong there; counted three times it would halve a healthy host's limit."""
    host = state(initial=8, maximum=16, streak=3)
    host.finish(host.start(0.0), Outcome.OVERLOADED, 0.1)
    host.finish(host.start(1.0, repeat=True), Outcome.OVERLOADED, 1.1)
    host.finish(host.start(3.0, repeat=True), Outcome.OVERLOADED, 3.1)
    stats = host.stats()
    assert (stats.limit, stats.overloaded) == (8, 3)
    # Three different requests failing in a row still mean a struggling host.
    for _ in range(2):
        host.finish(host.start(4.0), Outcome.OVERLOADED, 4.1)
    assert host.slots == 4


def test_a_retry_refused_with_429_still_counts() -> None:
    """A rate limiter refuses retries too: repeats count towards a 429 streak as before."""
    host = state(initial=8, maximum=16, streak=3)
    for moment in (0.0, 1.0, 2.0):
        host.finish(host.start(moment, repeat=moment > 0), Outcome.THROTTLED, moment + 0.1, 1.0)
    assert host.stats().rate is not None


def test_neutral_answers_change_nothing_but_the_slot() -> None:
    host = state(initial=2, maximum=4)
    tickets = fill(host, 0.0)
    host.finish(tickets[0], Outcome.NEUTRAL, 0.0)
    assert host.slots == 2
    assert host.ready_at(0.0) == 0.0


def test_a_streak_of_429s_pauses_the_host_and_paces_it_below_what_it_accepted() -> None:
    host = state(initial=4, maximum=16, streak=2)
    now = 10.0
    # The host accepted 10 requests in the last second, then refused two in a row.
    for k in range(10):
        ticket = host.start(now - 0.9 + k * 0.05)
        host.finish(ticket, Outcome.OK, now - 0.5)
    a, b = host.start(now), host.start(now)
    host.finish(a, Outcome.THROTTLED, now, retry_after=2.0)
    assert host.stats().rate is None  # one 429 is not yet a rate limit
    host.finish(b, Outcome.THROTTLED, now, retry_after=2.0)
    stats = host.stats()
    assert stats.paused_until == now + 2.0
    # Accepted 10 in the 2 s before (the window is the pause): 5/s; pace at half, ceiling 0.8.
    assert stats.rate == pytest.approx(2.5)
    assert stats.ceiling == pytest.approx(4.0)
    assert host.ready_at(now + 1.0) == now + 2.0
    # After the pause, starts are spaced by 1/rate.
    first = host.start(now + 2.0)
    host.finish(first, Outcome.OK, now + 2.1)
    assert host.ready_at(now + 2.1) == pytest.approx(now + 2.0 + 1 / 2.5)


def test_a_paced_host_grows_back_towards_the_ceiling_never_above() -> None:
    host = state(streak=1)
    ticket = host.start(0.0)
    host.finish(ticket, Outcome.OK, 0.0)
    throttled = host.start(0.5)
    host.finish(throttled, Outcome.THROTTLED, 0.5, retry_after=1.0)
    ceiling = host.stats().ceiling
    assert ceiling is not None
    now = 2.0
    for _ in range(200):
        now = max(now, host.ready_at(now) or now)
        host.finish(host.start(now), Outcome.OK, now)
    assert host.stats().rate == pytest.approx(ceiling)


def test_a_paced_host_is_not_slowed_by_an_isolated_429() -> None:
    host = state(streak=2)
    a, b = host.start(0.0), host.start(0.0)
    host.finish(a, Outcome.THROTTLED, 0.1, retry_after=1.0)
    host.finish(b, Outcome.THROTTLED, 0.1, retry_after=1.0)
    before = host.stats()
    assert before.rate is not None
    now = 5.0
    for _ in range(5):
        now = max(now, host.ready_at(now) or now)
        host.finish(host.start(now), Outcome.OK, now)
    now = max(now, host.ready_at(now) or now)
    host.finish(host.start(now), Outcome.THROTTLED, now, retry_after=1.0)  # one path, once
    after = host.stats()
    assert after.ceiling == before.ceiling
    assert after.pauses == before.pauses
    assert after.paused_until < now


def test_a_host_that_keeps_answering_429_gets_slower_down_to_the_floor() -> None:
    host = state(streak=1, min_rate=0.2, max_pause=60.0)
    now = 0.0
    gaps: list[float] = []
    last_start: float | None = None
    for _ in range(12):
        ready = host.ready_at(now)
        assert ready is not None
        now = max(now, ready)
        ticket = host.start(now)
        if last_start is not None:
            gaps.append(now - last_start)
        last_start = now
        host.finish(ticket, Outcome.THROTTLED, now, retry_after=0.0)
    assert gaps == sorted(gaps)  # never faster
    assert gaps[-1] == pytest.approx(1 / 0.2)  # one request per 5 s: the floor
    assert host.stats().throttled == 12


def test_retry_after_is_capped() -> None:
    host = state(streak=1, max_pause=30.0)
    host.finish(host.start(0.0), Outcome.THROTTLED, 0.0, retry_after=86400.0)
    assert host.stats().paused_until == 30.0


# --- the pacer, with threads -------------------------------------------------------------------


def test_acquire_gives_up_at_until_while_the_host_is_paused() -> None:
    pacer = Pacer(PacingConfig(streak=1))
    ticket = pacer.acquire("slow.example")
    assert ticket is not None
    pacer.release(ticket, Outcome.THROTTLED, retry_after=30.0)
    assert pacer.acquire("slow.example", until=time.monotonic() + 0.2) is None


def test_acquire_gives_up_at_until_while_every_slot_is_taken() -> None:
    pacer = Pacer(PacingConfig(initial=1, maximum=1))
    held = pacer.acquire("busy.example")
    assert held is not None
    assert pacer.acquire("busy.example", until=time.monotonic() + 0.1) is None
    pacer.release(held, Outcome.OK)
    assert pacer.acquire("busy.example", until=time.monotonic() + 0.1) is not None


def test_a_paused_host_holds_back_only_its_own_requests() -> None:
    pacer = Pacer(PacingConfig(streak=1))
    ticket = pacer.acquire("limited.example")
    assert ticket is not None
    pacer.release(ticket, Outcome.THROTTLED, retry_after=1.0)
    waiting: list[object] = []
    waiter = threading.Thread(
        target=lambda: waiting.append(pacer.acquire("limited.example", time.monotonic() + 10.0))
    )
    waiter.start()
    try:
        other = pacer.acquire("other.example", until=time.monotonic() + 0.5)
        assert other is not None  # admitted while the other host's waiter sleeps
        assert waiter.is_alive()
    finally:
        waiter.join(timeout=15)
    assert waiting and waiting[0] is not None  # and the waiter got its turn after the pause


def test_acquire_does_not_wait_for_a_pause_that_outlasts_until() -> None:
    pacer = Pacer(PacingConfig(streak=1))
    ticket = pacer.acquire("limited.example")
    assert ticket is not None
    pacer.release(ticket, Outcome.THROTTLED, retry_after=30.0)
    before = pacer.stats("limited.example").paused_until
    assert pacer.acquire("limited.example", until=before - 1.0) is None
    assert pacer.stats("limited.example").in_flight == 0


def _held_with_a_waiter(pacer: Pacer, host: str) -> tuple[Ticket, threading.Thread, list[object]]:
    """The host's only slot taken, and a thread waiting (at most 10 s) for it."""
    held = pacer.acquire(host)
    assert held is not None
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(pacer.acquire(host, time.monotonic() + 10)))
    waiter.start()
    return held, waiter, got


def test_a_release_wakes_a_waiter_of_the_same_host() -> None:
    pacer = Pacer(PacingConfig(initial=1, maximum=1))
    held, waiter, got = _held_with_a_waiter(pacer, "one.example")
    pacer.release(held, Outcome.OK)
    waiter.join(timeout=10)
    assert got and got[0] is not None


def test_a_request_under_way_goes_before_new_ones() -> None:
    """A thread already waiting for the host (a retry, GET after HEAD, a redirect hop) makes
    the host not ready for new work: a scheduler finishes what it started first."""
    pacer = Pacer(PacingConfig(initial=1, maximum=1))
    held, waiter, got = _held_with_a_waiter(pacer, "one.example")
    try:
        state = pacer._entry("one.example")[0]
        deadline = time.monotonic() + 10.0
        while state.waiting == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert state.waiting == 1  # acquire counts the threads it holds back
    finally:
        pacer.release(held, Outcome.OK)
        waiter.join(timeout=10)
    assert got and got[0] is not None and state.waiting == 0
    # A free slot, but a request under way waits for it: not ready for a new job.
    free = pacer._entry("two.example")[0]
    free.waiting = 1
    assert pacer.ready_in("two.example") is None
    free.waiting = 0
    assert pacer.ready_in("two.example") == 0.0


def test_ready_in_tells_a_scheduler_which_host_can_go() -> None:
    pacer = Pacer(PacingConfig(initial=1, maximum=1, streak=1))
    assert pacer.ready_in("a.example") == 0.0
    held = pacer.acquire("a.example")
    assert held is not None
    assert pacer.ready_in("a.example") is None  # its only slot is taken
    pacer.release(held, Outcome.THROTTLED, retry_after=20.0)
    wait = pacer.ready_in("a.example")
    assert wait is not None and 10.0 < wait <= 20.0
    assert pacer.ready_in("b.example") == 0.0


def test_per_host_overrides_cap_the_limit() -> None:
    pacer = Pacer(PacingConfig(initial=4, maximum=16), limits={"gitee.example": 2})
    tickets = [pacer.acquire("gitee.example", time.monotonic() + 0.05) for _ in range(3)]
    assert [t is not None for t in tickets] == [True, True, False]
    assert pacer.stats("gitee.example").limit == 2
    assert pacer.hosts() == ["gitee.example"]
    for ticket in tickets:
        if ticket is not None:
            pacer.release(ticket, Outcome.OK)


def test_the_slot_context_releases_even_when_the_body_raises() -> None:
    pacer = Pacer(PacingConfig(initial=1, maximum=1))
    with pytest.raises(RuntimeError), pacer.slot("x.example") as slot:
        assert slot is not None
        raise RuntimeError("boom")
    assert pacer.stats("x.example").in_flight == 0
    with pacer.slot("x.example") as slot:
        assert slot is not None
        slot.report(Outcome.OK)
    assert pacer.stats("x.example").requests == 2


# --- real loopback servers ------------------------------------------------------------------


@dataclass
class Seen:
    at: float
    client: str
    path: str
    status: int


@dataclass
class Server:
    """A loopback server; `answer(server, client, path, now)` gives the status and headers."""

    answer: Callable[[Server, str, str, float], tuple[int, dict[str, str]]]
    latency: float = 0.0
    seen: list[Seen] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(self) -> Iterator[int]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    now = time.monotonic()
                    status, headers = server.answer(server, self.client_address[0], self.path, now)
                    server.seen.append(Seen(now, self.client_address[0], self.path, status))
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                try:
                    if server.latency:
                        time.sleep(server.latency)
                finally:
                    # Before answering: once answered, the client may start its next request
                    # before this thread would get here, and count it twice.
                    with server.lock:
                        server.active -= 1
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield httpd.server_address[1]
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)


def per_client_limit(limit: int, window: float) -> Callable[..., tuple[int, dict[str, str]]]:
    """At most `limit` requests per client address in any `window` seconds (every request
    counts, refused ones too); beyond it 429 with the seconds until the oldest one ages out."""

    def answer(server: Server, client: str, path: str, now: float) -> tuple[int, dict[str, str]]:
        recent = [s.at for s in server.seen if s.client == client and s.at > now - window]
        if len(recent) >= limit:
            wait = max(1, math.ceil(min(recent) + window - now))
            return 429, {"Retry-After": str(wait)}
        return 200, {}

    return answer


@dataclass
class Run:
    """What the clients did: answers per path, and when the host's first pause ended."""

    statuses: dict[str, list[int]] = field(default_factory=dict)
    first_pause_end: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def crawl(pacer: Pacer, port: int, paths: list[str], threads: int, budget: float) -> Run:
    """`threads` workers fetch `paths` through the pacer the way sigcheck's HTTP client should:
    a ticket per request, the answer reported back, a 429 retried after its own Retry-After.
    Bounded: at most 12 attempts a path and `budget` seconds in all."""
    host = f"127.0.0.1:{port}"
    todo = list(paths)
    run = Run()
    until = time.monotonic() + budget

    def worker() -> None:
        while True:
            with run.lock:
                if not todo:
                    return
                path = todo.pop(0)
            for _ in range(12):
                ticket = pacer.acquire(host, until)
                if ticket is None:
                    return
                retry_after: float | None = None
                status: int | None = None
                trouble = False
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    try:
                        conn.request("GET", path)
                        response = conn.getresponse()
                        response.read()
                        status = response.status
                        header = response.getheader("Retry-After")
                        retry_after = float(header) if header else None
                    finally:
                        conn.close()
                except OSError:
                    trouble = True
                finally:
                    pacer.release(ticket, outcome_of(status, network_trouble=trouble), retry_after)
                with run.lock:
                    run.statuses.setdefault(path, []).append(status or 0)
                    paused_until = pacer.stats(host).paused_until
                    if run.first_pause_end is None and paused_until:
                        run.first_pause_end = paused_until
                if status != 429:
                    break
                time.sleep(min(retry_after or 1.0, max(0.0, until - time.monotonic())))

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=budget + 15)
    return run


@pytest.fixture
def rate_limited() -> Iterator[tuple[Server, int]]:
    server = Server(per_client_limit(limit=10, window=1.0))
    yield from ((server, port) for port in server.serve())


def test_a_per_client_rate_limiter_sees_no_more_than_its_limit_after_the_first_back_off(
    rate_limited: tuple[Server, int],
) -> None:
    server, port = rate_limited
    pacer = Pacer(PacingConfig(initial=4, maximum=16))
    paths = [f"/repos/r{i}" for i in range(30)]
    run = crawl(pacer, port, paths, threads=8, budget=60.0)

    assert all(run.statuses.get(p, [])[-1:] == [200] for p in paths), run.statuses
    refused = [s for s in server.seen if s.status == 429]
    assert refused, "the burst at the start must have hit the limit"
    assert run.first_pause_end is not None
    # Every 429 answered a request sent before the first back-off ended...
    assert all(s.at < run.first_pause_end for s in refused)
    # ...and from then on no window of one second held more than the limit.
    after = [s.at for s in server.seen if s.at >= run.first_pause_end]
    assert after
    assert max(sum(1 for t in after if a - 1.0 < t <= a) for a in after) <= 10
    stats = pacer.stats(f"127.0.0.1:{port}")
    assert stats.rate is not None and stats.ceiling is not None
    assert stats.ceiling <= 10
    assert len(refused) <= 8 + 2  # the first burst: the threads in flight, nothing more


def test_a_host_that_answers_well_gets_more_than_the_starting_concurrency() -> None:
    server = Server(lambda server, client, path, now: (200, {}), latency=0.03)
    for port in server.serve():
        pacer = Pacer(PacingConfig(initial=2, maximum=6))
        run = crawl(pacer, port, [f"/p{i}" for i in range(150)], threads=12, budget=60.0)
        assert sum(len(v) for v in run.statuses.values()) == 150
        assert server.max_active > 2
        assert server.max_active <= 6  # and never more than the configured maximum
        assert pacer.stats(f"127.0.0.1:{port}").peak_limit == 6


def test_an_isolated_429_holds_back_only_its_own_request() -> None:
    """A site that refuses the first request for a few paths (like the shared bench's fake
    web): those requests wait their Retry-After; the others go on meanwhile."""
    limited = {"/p5", "/p20", "/p35"}

    def answer(server: Server, client: str, path: str, now: float) -> tuple[int, dict[str, str]]:
        first = not any(s.path == path for s in server.seen)
        return (429, {"Retry-After": "1"}) if path in limited and first else (200, {})

    server = Server(answer, latency=0.01)
    for port in server.serve():
        pacer = Pacer(PacingConfig(initial=4, maximum=8))
        run = crawl(pacer, port, [f"/p{i}" for i in range(50)], threads=4, budget=60.0)
        assert all(v[-1] == 200 for v in run.statuses.values()) and len(run.statuses) == 50
        assert [run.statuses[p] for p in sorted(limited)] == [[429, 200]] * 3
        stats = pacer.stats(f"127.0.0.1:{port}")
        assert stats.pauses == 0 and stats.rate is None
        first_429 = min(s.at for s in server.seen if s.status == 429)
        others = [s for s in server.seen if first_429 < s.at < first_429 + 1.0]
        assert any(s.path not in limited for s in others)


def test_a_host_that_always_answers_429_is_asked_less_and_less() -> None:
    server = Server(lambda server, client, path, now: (429, {"Retry-After": "0"}))
    for port in server.serve():
        pacer = Pacer(PacingConfig(initial=4, maximum=8, min_rate=0.5))
        crawl(pacer, port, [f"/p{i}" for i in range(40)], threads=8, budget=4.0)
        times = [s.at for s in server.seen]
        # The first burst (the starting limit) then paced: a handful more in 4 s, where an
        # unpaced client honouring "Retry-After: 0" would have sent thousands.
        assert 4 < len(times) <= 4 + 4  # still asking, slowly
        gaps = [b - a for a, b in itertools.pairwise(times[4:])]
        assert all(later >= earlier * 0.9 for earlier, later in itertools.pairwise(gaps))
