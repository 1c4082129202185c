"""What a URL or a Gitee name turned out to be; shared by the checkers, the cache and the report.

A state is only ever `BROKEN`/`MISSING` on a definite answer (404/410, no such host, a redirect
loop, a JSON 404 from the Gitee API); everything the run could not settle is `UNVERIFIED` or
`DEADLINE`, so that a flaky network shows up as a warning and never as an error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from http import HTTPStatus

PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({404, 410})


class LinkState(StrEnum):
    ALIVE = "alive"
    BROKEN = "broken"
    UNVERIFIED = "unverified"
    NO_SUCH_HOST = "no-such-host"
    """DNS said the name does not exist; reported L005 only when DNS demonstrably works."""
    DEADLINE = "deadline"


class NameState(StrEnum):
    EXISTS = "exists"
    MISSING = "missing"
    UNVERIFIED = "unverified"
    DEADLINE = "deadline"


def describe_status(status: int) -> str:
    """`404 Not Found`; bare number for codes outside the standard (999 from LinkedIn)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


@dataclass(frozen=True, slots=True)
class UrlResult:
    state: LinkState
    detail: str
    """Why, for a person: `404 Not Found`, `timeout after 3 attempts`, `redirect loop`."""
    status: int | None = None
    """The final HTTP status, after redirects; None when no answer came."""
    final_url: str | None = None
    """Where redirects ended, when the URL redirected."""
    moved_to: str | None = None
    """The URL to write instead: the end of the leading run of permanent redirects."""
    from_cache: bool = False

    @property
    def cacheable(self) -> bool:
        """Only a server's own definite answer is kept: a 2xx, or a 404/410."""
        if self.status is None:
            return False
        if self.state is LinkState.ALIVE:
            return 200 <= self.status < 300
        return self.state is LinkState.BROKEN and self.status in GONE

    def via(self, url: str, status: int, target: str) -> UrlResult:
        """This result (of `target`) as seen from `url`, which redirected to it with `status`."""
        del url
        moved = (self.moved_to or target) if status in PERMANENT_REDIRECTS else None
        return replace(self, final_url=self.final_url or target, moved_to=moved, from_cache=False)


@dataclass(frozen=True, slots=True)
class NameResult:
    """A forge's answer about a person, an organisation or a repository."""

    state: NameState
    detail: str
    from_cache: bool = False
    cause: str | None = None
    """A run-wide reason it was not verified (a spent budget, a failed canary, an API that
    stopped answering, the deadline): reported once per file with a count, not per name."""
    checked_at: float = 0.0
    """When the forge said so (time.time()); a cached "missing" is asked again after an hour."""

    @property
    def cacheable(self) -> bool:
        return self.state in (NameState.EXISTS, NameState.MISSING)
