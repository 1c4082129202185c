"""External links: one answer per URL per run, redirects followed hop by hop.

Redirects are followed here rather than by requests, so that every hop goes through the same
memo as the links themselves: `/moved/1 -> /ok/1` costs no request for `/ok/1` when that page
was already checked (or is in the cache), and a later link to `/ok/1` reuses the hop's answer.

A worker that needs a URL another worker is asking waits for that answer, unless the wait
would close a cycle (the other worker waits, directly or through others, on this one - two
redirect chains crossing each other, or a loop): the wait-for graph is checked and the wait
registered under one lock, so no set of waits can deadlock; in a cycle the URL is asked again.

A redirect loop is L005 (broken): a browser shows an error page, and the loop is detected
without guessing (the chain comes back to a URL it passed, without a new cookie to change the
answer) or after `MAX_HOPS` hops.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from sigcheck.online.addresses import refused_host
from sigcheck.online.http import Deadline, Failure, HttpClient
from sigcheck.online.patterns import BoundedPatterns
from sigcheck.online.results import GONE, REDIRECTS, LinkState, UrlResult, describe_status
from sigcheck.online.targets import normalise_url

MAX_HOPS = 10


@dataclass(slots=True)
class _Entry:
    done: threading.Event = field(default_factory=threading.Event)
    result: UrlResult | None = None
    fetched: bool = False
    """Answered by a request in this run (not from the cache)."""
    owner: int | None = None
    """The thread asking for it."""


class AcceptRules:
    """`online.accept`: URL regex -> extra statuses that count as alive. Answers are memoised,
    so that the links the runner matches up front (on the main thread, under the patterns'
    timer) are not matched again by the workers."""

    def __init__(self, accept: dict[str, list[int]]) -> None:
        self.patterns = BoundedPatterns(accept)
        self.codes = [frozenset(codes) for codes in accept.values()]
        self._memo: dict[str, frozenset[int]] = {}

    @property
    def problems(self) -> list[str]:
        return self.patterns.problems

    def codes_for(self, url: str, budget: float | None = None) -> frozenset[int]:
        known = self._memo.get(url)
        if known is not None:
            return known
        codes: frozenset[int] = frozenset()
        for index, extra in enumerate(self.codes):
            if self.patterns.search(index, url, budget):
                codes |= extra
        self._memo[url] = codes
        return codes


class LinkChecker:
    def __init__(
        self,
        client: HttpClient,
        accept: AcceptRules,
        deadline: Deadline,
        known: dict[str, UrlResult] | None = None,
    ) -> None:
        self.client = client
        self.accept = accept
        self.deadline = deadline
        self._lock = threading.Lock()
        self._memo: dict[str, _Entry] = {}
        self._waiting: dict[int, _Entry] = {}
        """Thread -> the entry it waits for (the wait-for graph)."""
        for url, result in (known or {}).items():
            entry = _Entry(result=result)
            entry.done.set()
            self._memo[url] = entry
        self.named_host_answered = False
        """Some host given by name (not an IP) answered: DNS works, so a missing name is real."""

    def known(self, url: str) -> UrlResult | None:
        with self._lock:
            entry = self._memo.get(url)
        return entry.result if entry is not None and entry.done.is_set() else None

    def fetched_results(self) -> dict[str, UrlResult]:
        """Every URL answered by a request in this run, hops included (for the cache)."""
        with self._lock:
            return {
                url: entry.result
                for url, entry in self._memo.items()
                if entry.fetched and entry.result is not None
            }

    def check(self, url: str) -> UrlResult:
        """The result for a link's (normalised) URL."""
        return self._resolve(url, ())

    def _would_deadlock(self, entry: _Entry, me: int) -> bool:
        """Whether waiting for `entry` closes a cycle of waits back to thread `me` (locked)."""
        owner = entry.owner
        seen: set[int] = set()
        while owner is not None and owner not in seen:
            if owner == me:
                return True
            seen.add(owner)
            awaited = self._waiting.get(owner)
            if awaited is None or awaited.done.is_set():
                return False
            owner = awaited.owner
        return False

    def _resolve(self, url: str, chain: tuple[str, ...]) -> UrlResult:
        me = threading.get_ident()
        again = False
        with self._lock:
            entry = self._memo.get(url)
            mine = entry is None
            if entry is None:
                entry = self._memo[url] = _Entry(owner=me)
            elif not entry.done.is_set():
                again = self._would_deadlock(entry, me)
                if not again:
                    self._waiting[me] = entry
        if again:  # ask again rather than wait forever; never with the lock held
            return self._compute(url, chain)
        if not mine:
            try:
                finished = entry.done.wait(timeout=max(0.0, self.deadline.remaining()) + 2.0)
            finally:
                with self._lock:
                    self._waiting.pop(me, None)
            if finished and entry.result is not None:
                return entry.result
            return UrlResult(LinkState.DEADLINE, "not checked: deadline")
        try:
            result = self._compute(url, chain)
        except Exception as exc:  # never a traceback, never a hang of the waiting tasks
            result = UrlResult(LinkState.UNVERIFIED, f"internal error ({type(exc).__name__})")
        entry.result = result
        entry.fetched = result.state is not LinkState.DEADLINE
        entry.done.set()
        return result

    def _compute(self, url: str, chain: tuple[str, ...]) -> UrlResult:
        refused = refused_host(url)
        if refused is not None:
            if chain:
                return UrlResult(LinkState.UNVERIFIED, f"redirects to {refused}; not followed")
            return UrlResult(LinkState.UNVERIFIED, f"not checked: {refused}")
        accepted = self.accept.codes_for(url, self.deadline.remaining())
        answer = self.client.fetch(url, accepted=accepted)
        if answer.failure is not None:
            return _failure_result(answer.failure, answer.detail, self.client.host_of(url))
        status = answer.status
        assert status is not None
        if not _is_ip_host(self.client.host_of(url)):
            self.named_host_answered = True
        if status in REDIRECTS and answer.location:
            target_or_problem = redirect_target(url, answer.location)
            if isinstance(target_or_problem, _Refused):
                return UrlResult(LinkState.BROKEN, target_or_problem.why, status)
            target = target_or_problem
            path = (*chain, url)
            if len(path) > MAX_HOPS:
                return UrlResult(LinkState.BROKEN, f"more than {MAX_HOPS} redirects", status)
            if target in path and not answer.sets_cookie:
                loop = " → ".join([*path[path.index(target) :], target])
                return UrlResult(LinkState.BROKEN, f"redirect loop ({loop})", status)
            return self._resolve(target, path).via(url, status, target)
        if 200 <= status < 300 or status in accepted:
            return UrlResult(LinkState.ALIVE, describe_status(status), status)
        if status in GONE:
            return UrlResult(LinkState.BROKEN, describe_status(status), status)
        if 300 <= status < 400:
            return UrlResult(
                LinkState.ALIVE, f"{describe_status(status)} without a Location", status
            )
        # Everything else is a server we could not get an honest answer from: 403 and 999 are
        # bot walls, 401 a login, 429/5xx what is left after retries.
        detail = answer.detail or describe_status(status)
        if status in (401, 403, 999):
            detail += " (bot wall or login?)"
        return UrlResult(LinkState.UNVERIFIED, detail, status)


@dataclass(frozen=True, slots=True)
class _Refused:
    why: str


_WEB_SCHEMES = ("http", "https")


def redirect_target(url: str, location: str) -> str | _Refused:
    """The absolute, normalised URL a `Location` sends to, or why a browser would not go
    there: a scheme other than http(s) (`file:`, `javascript:`), or a malformed address."""
    shown = location.strip()[:80]
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in location.strip()):
        return _Refused("redirects to a malformed address (control characters in `Location`)")
    try:
        joined = urljoin(url, location.strip())
        parts = urlsplit(joined)
        scheme = parts.scheme.lower()
        if scheme not in _WEB_SCHEMES:
            return _Refused(f"redirects to a `{scheme or '?'}:` address, which browsers refuse")
        if not parts.hostname:
            return _Refused(f"redirects to a malformed address `{shown}`")
        parts.port  # noqa: B018 - raises ValueError on a bad port
        return normalise_url(joined)
    except ValueError:
        return _Refused(f"redirects to a malformed address `{shown}`")


def _failure_result(failure: Failure, detail: str, host: str) -> UrlResult:
    if failure is Failure.NO_SUCH_HOST:
        return UrlResult(LinkState.NO_SUCH_HOST, f"no such host `{host}`")
    if failure is Failure.INVALID_URL:
        return UrlResult(LinkState.BROKEN, "not a valid URL")
    if failure is Failure.DEADLINE:
        return UrlResult(LinkState.DEADLINE, "not checked: deadline")
    return UrlResult(LinkState.UNVERIFIED, detail or str(failure))


def _is_ip_host(host: str) -> bool:
    """An IP literal or a local name: its answering proves nothing about DNS."""
    import ipaddress

    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
