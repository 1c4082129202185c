"""One pooled HTTP client for the online checks: politeness and honesty live here.

- one `requests.Session` whose connection pool holds the most a host may get at once;
- adaptive per-host pacing (`pacing.Pacer`): each request sent takes a ticket of its host,
  whose limit grows while the host answers well and shrinks on 429s and 5xx in a row; a
  single 429 makes only its own request wait, a host that keeps answering 429 is paused and
  then paced below the rate it accepted, so that no site gets hammered;
- HEAD first, GET when HEAD is refused (4xx other than 429, 501) or the connection broke on it;
  a server that answered 405/501 to HEAD gets GET from then on. A HEAD 404/410 is always
  confirmed with GET, so that a server routing HEAD apart from GET is never called dead;
- retries with exponential backoff and jitter on 5xx, 429 and network failures, `Retry-After`
  (seconds or an HTTP date) honoured up to a cap; a whole-run deadline that also bounds each
  request's timeout and every sleep;
- redirects are not followed here (the link checker follows them, sharing answers between URLs);
- secrets (the Gitee token) are removed from every text this module produces, and no exception
  text is passed on as is (requests puts the full URL, query string included, into them).
"""

from __future__ import annotations

import email.utils
import errno
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from sigcheck.config import OnlineConfig
from sigcheck.online.pacing import Pacer, PacingConfig, outcome_of

if TYPE_CHECKING:
    from requests.sessions import _Settings

BODY_LIMIT = 64 * 1024
"""Bytes of a GET body read at most: enough to reuse the connection for small pages."""

_BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9,zh-CN;q=0.8",
}


MIN_REQUEST_SECONDS = 0.05
"""A request is not started with less time than this left before the run's deadline."""


class Deadline:
    """The per-run deadline, on the monotonic clock."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0


class Failure(StrEnum):
    """Why no HTTP status came back."""

    NO_SUCH_HOST = "no-such-host"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    REFUSED = "refused"
    TLS = "tls"
    INVALID_URL = "invalid-url"
    DEADLINE = "deadline"
    STOPPED = "stopped"
    """Not sent: its address was stopped (`HttpClient.stop`) while it waited for its turn."""
    INTERNAL = "internal"


RETRIED_FAILURES = frozenset({Failure.TIMEOUT, Failure.CONNECTION, Failure.REFUSED})


@dataclass(frozen=True, slots=True)
class Answer:
    """What one URL answered (redirects not followed), after retries."""

    status: int | None = None
    location: str | None = None
    sets_cookie: bool = False
    content_type: str = ""
    body: bytes = b""
    failure: Failure | None = None
    detail: str = ""
    """A short, secret-free reason, for failures and for a retried status."""
    attempts: int = 1
    retry_after: str | None = None
    method: str = ""
    """The method sent (HEAD may have become GET for a server that refused HEAD meanwhile)."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """The response's headers, names lower-cased (a forge's rate-limit and paging headers)."""
    cut: bool = False
    """The body was longer than the limit asked for, and was cut there."""


class Redactor:
    """Replaces secrets in any text; also installed as a logging filter on urllib3."""

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = [s for s in secrets if s]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


class _RedactingFilter(logging.Filter):
    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        return True


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """Every exception wrapped in `exc`: causes, contexts, urllib3 `reason`s and args."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__]
        linked += [getattr(current, "reason", None), getattr(current, "_reason", None)]
        linked += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        todo.extend(item for item in linked if isinstance(item, BaseException))


_NO_SUCH_HOST_CODES = {socket.EAI_NONAME}


def classify_exception(exc: BaseException) -> tuple[Failure, str]:
    """The failure kind and a secret-free description of a requests exception.

    Only `getaddrinfo`'s EAI_NONAME ("name or service not known") is a missing host; a resolver
    that is down or slow (EAI_AGAIN) is a network problem like any other.
    """
    chain = list(_exception_chain(exc))
    for item in chain:
        if isinstance(item, socket.gaierror) and item.errno in _NO_SUCH_HOST_CODES:
            return Failure.NO_SUCH_HOST, "no such host"
    if isinstance(exc, requests.exceptions.SSLError) or any(
        isinstance(item, ssl.SSLError) for item in chain
    ):
        reason = next(
            (
                getattr(item, "verify_message", None) or getattr(item, "reason", None)
                for item in chain
                if isinstance(item, ssl.SSLError)
            ),
            None,
        )
        return Failure.TLS, f"TLS error ({reason})" if reason else "TLS error"
    if isinstance(exc, requests.exceptions.Timeout):
        return Failure.TIMEOUT, "timeout"
    invalid = (
        requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema
        | requests.exceptions.URLRequired
        | UnicodeError
        | ValueError
    )
    if isinstance(exc, invalid):
        return Failure.INVALID_URL, "not a valid URL"
    if any(isinstance(item, socket.gaierror) for item in chain):
        return Failure.CONNECTION, "name resolution failed (temporary)"
    for item in chain:
        if isinstance(item, ConnectionRefusedError) or (
            isinstance(item, OSError) and item.errno == errno.ECONNREFUSED
        ):
            return Failure.REFUSED, "connection refused"
    if isinstance(
        exc, requests.exceptions.ConnectionError | requests.exceptions.ChunkedEncodingError
    ):
        return Failure.CONNECTION, "connection failed"
    return Failure.INTERNAL, f"unexpected {type(exc).__name__}"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now: a number, or an HTTP date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(slots=True)
class _Host:
    """Shared state of one host name."""

    name: str
    """The host name: the pacer's key."""
    timeout: float
    retries: int
    head_refused: set[str] = field(default_factory=set)
    """`scheme://netloc`s that answered 405/501 to HEAD: they get GET directly."""
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Session(requests.Session):
    """A session that never looks at `Location` itself: with `allow_redirects=False`, requests
    still builds the next request (to offer `Response.next`), and a malformed `Location`
    (`http://[::1`) then raises ValueError, losing the answer. The link checker follows
    redirects itself and judges the `Location` there."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[Any, ...], _Settings] = {}

    def resolve_redirects(self, *args: object, **kwargs: object) -> Iterator[requests.Response]:
        return iter(())

    def merge_environment_settings(
        self, url: str | bytes | None, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> _Settings:
        """requests reads the proxy variables (`HTTPS_PROXY`, `NO_PROXY`, ...) and the CA
        bundle variables again for every request (about 0.2 ms, walking the whole
        environment); they do not change during a run, so each origin's answer is kept."""
        if proxies or not isinstance(url, str):
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        key = (_origin(url), stream, verify, cert)
        known = self._environment.get(key)
        if known is None:
            known = super().merge_environment_settings(url, {}, stream, verify, cert)
            self._environment[key] = known
        settings = known.copy()
        settings["proxies"] = dict(known["proxies"])
        return settings


class HttpClient:
    """Bounded, polite, retrying HTTP; thread-safe. Counts the requests it sends."""

    def __init__(
        self,
        config: OnlineConfig,
        deadline: Deadline,
        *,
        secrets: list[str] | None = None,
        sleep_jitter: random.Random | None = None,
    ) -> None:
        self.config = config
        self.deadline = deadline
        self.redact = Redactor(secrets or [])
        self.requests_sent = 0
        self.answers = 0
        """Requests that got an HTTP status back, whatever it was: the network works."""
        self._count_lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._random = sleep_jitter or random.Random()
        maximum = max(config.per_host, config.per_host_max)
        limits = host_limits(config)
        self.pacer = Pacer(
            PacingConfig(
                initial=config.per_host, maximum=maximum, max_pause=config.retry_after_cap
            ),
            limits=limits,
        )
        self._stopped: tuple[str, ...] = ()
        """URL prefixes no longer asked (`stop`)."""
        self._stop_when: list[tuple[str, Callable[[Answer], bool]]] = []
        self._sending = threading.BoundedSemaphore(config.workers)
        """At most `workers` requests on the network at once, whatever the number of threads
        (a thread waiting out a backoff or a `Retry-After` holds no request)."""
        self.session = _Session()
        adapter = HTTPAdapter(
            pool_connections=max(10, config.workers),
            pool_maxsize=max(config.workers, maximum, *limits.values()),
            max_retries=0,
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = config.user_agent
        self._log_filter: _RedactingFilter | None = None
        if self.redact.secrets:
            self._log_filter = _RedactingFilter(self.redact)
            logging.getLogger("urllib3.connectionpool").addFilter(self._log_filter)

    def close(self) -> None:
        self.session.close()
        if self._log_filter is not None:
            logging.getLogger("urllib3.connectionpool").removeFilter(self._log_filter)

    def stop(self, prefix: str) -> None:
        """Send nothing more under `prefix` (an API that said it is rate-limiting this run):
        requests already waiting for their turn end with `Failure.STOPPED`, unsent."""
        self._stopped = (*self._stopped, prefix)

    def stop_when(self, prefix: str, final: Callable[[Answer], bool]) -> None:
        """`stop(prefix)` as soon as an answer under it satisfies `final`, before the next
        request may go (as if the requests had gone one by one)."""
        self._stop_when.append((prefix, final))

    # --- hosts --------------------------------------------------------------------------------

    def host_of(self, url: str) -> str:
        try:
            return (urlsplit(url).hostname or "").lower()
        except ValueError:
            return ""

    def _host(self, url: str) -> _Host:
        name = self.host_of(url)
        with self._hosts_lock:
            host = self._hosts.get(name)
            if host is None:
                override = self.config.hosts.get(name)
                try:
                    netloc = urlsplit(url).netloc.lower()
                except ValueError:
                    netloc = name
                override = self.config.hosts.get(netloc, override)
                timeout = override.timeout if override and override.timeout else None
                retries = override.retries if override and override.retries is not None else None
                host = _Host(
                    name=name,
                    timeout=timeout or self.config.timeout,
                    retries=self.config.retries if retries is None else retries,
                )
                self._hosts[name] = host
            return host

    # --- one request --------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str],
        timeout: float,
        keep_body: bool,
        body_limit: int = BODY_LIMIT,
    ) -> Answer:
        with self._count_lock:
            self.requests_sent += 1
        started = time.monotonic()
        response = self.session.request(
            method,
            url,
            params=params,
            headers=dict(headers),
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        )
        try:
            body = b""
            cut: bool | None = False
            if method == "GET":
                body, cut = _read_body(response, body_limit, started + timeout)
                if cut is None:
                    raise requests.exceptions.ReadTimeout("the body outlasted the timeout")
                body = body if keep_body else b""
            with self._count_lock:
                self.answers += 1
            return Answer(
                status=response.status_code,
                location=response.headers.get("Location"),
                sets_cookie="set-cookie" in response.headers,
                content_type=response.headers.get("Content-Type", ""),
                body=body,
                retry_after=response.headers.get("Retry-After"),
                headers={key.lower(): value for key, value in response.headers.items()},
                cut=bool(cut),
            )
        finally:
            response.close()

    def _paced_send(
        self,
        host: _Host,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str],
        keep_body: bool,
        repeat: bool = False,
        body_limit: int = BODY_LIMIT,
    ) -> Answer:
        """One request under its host's pacing: wait for a ticket (at most until the deadline),
        send, and tell the pacer what the answer says about the host's load (`repeat`: a
        retry, whose 5xx the pacer already heard of)."""
        ticket = self.pacer.acquire(host.name, until=self.deadline.at, repeat=repeat)
        if ticket is None:
            return Answer(failure=Failure.DEADLINE, detail="not checked: deadline")
        answer = Answer(failure=Failure.INTERNAL, detail="no answer")
        try:
            if not self._sending.acquire(timeout=max(0.0, self.deadline.remaining())):
                answer = Answer(failure=Failure.DEADLINE, detail="not checked: deadline")
                return answer
            try:
                if url.startswith(self._stopped):
                    answer = Answer(failure=Failure.STOPPED, detail="not asked")
                    return answer
                # Decided now, not when the request began waiting: a 405 that came back
                # meanwhile makes this one GET, as if the requests had gone one by one.
                if method == "HEAD" and _origin(url) in host.head_refused:
                    method = "GET"
                remaining = self.deadline.remaining()
                if remaining < MIN_REQUEST_SECONDS:
                    # the slot came free at the deadline (the requests before it timed out
                    # there): a request now could only end after it
                    answer = Answer(failure=Failure.DEADLINE, detail="not checked: deadline")
                    return answer
                timeout = min(host.timeout, remaining)
                answer = self._send(method, url, params, headers, timeout, keep_body, body_limit)
                if method == "HEAD" and answer.status in (405, 501):
                    with host.lock:  # before the next request may go: it will GET
                        host.head_refused.add(_origin(url))
                for prefix, final in self._stop_when:
                    if url.startswith(prefix) and final(answer):
                        self.stop(prefix)
            except requests.RequestException as exc:
                failure, detail = classify_exception(exc)
                answer = Answer(failure=failure, detail=detail)
            finally:
                self._sending.release()
            answer = replace(answer, method=method)
            return answer
        finally:
            outcome = outcome_of(answer.status, network_trouble=answer.failure in RETRIED_FAILURES)
            self.pacer.release(ticket, outcome, retry_after_seconds(answer.retry_after))

    def _attempt(
        self,
        url: str,
        use_head: bool,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str],
        host: _Host,
        accepted: frozenset[int],
        keep_body: bool,
        repeat: bool = False,
        body_limit: int = BODY_LIMIT,
    ) -> Answer:
        """One try: HEAD (GET when HEAD is refused), each request with its own ticket."""
        method = "HEAD" if use_head else "GET"
        answer = self._paced_send(host, method, url, params, headers, keep_body, repeat, body_limit)
        head = answer.method == "HEAD"
        if answer.failure is not None and not (head and answer.failure is Failure.CONNECTION):
            return answer
        status = answer.status
        # A HEAD 404/410 is always confirmed with GET: some servers route HEAD apart from
        # GET, and calling a living page dead is the one mistake a link checker must not make.
        refused = status is not None and (
            (400 <= status < 500 and status != 429 and status not in accepted) or status == 501
        )
        if head and (refused or answer.failure is Failure.CONNECTION):
            if self.deadline.expired():
                return answer
            fallback = self._paced_send(host, "GET", url, params, headers, keep_body, repeat)
            if fallback.failure is Failure.DEADLINE:
                return answer
            answer = fallback
        return answer

    # --- retries ------------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: base·2^(n-1), times a random 0.5–1."""
        base: float = self.config.backoff * (2 ** (attempt - 1))
        return base * (0.5 + self._random.random() / 2)

    def _wait_until(self, moment: float) -> bool:
        """Sleep until a monotonic moment; False (without sleeping) when the deadline is first."""
        delay = moment - time.monotonic()
        if delay <= 0:
            return True
        if delay >= self.deadline.remaining():
            return False
        time.sleep(delay)
        return True

    def fetch(
        self,
        url: str,
        *,
        head_first: bool = True,
        params: Mapping[str, str] | None = None,
        accepted: frozenset[int] = frozenset(),
        headers: Mapping[str, str] | None = None,
        keep_body: bool = False,
        retries: int | None = None,
        body_limit: int = BODY_LIMIT,
    ) -> Answer:
        """The answer of `url` after retries (`retries`: instead of the host's): a status, or
        a failure. Never raises."""
        try:
            return self._fetch(
                url, head_first, params, accepted, headers, keep_body, retries, body_limit
            )
        except Exception as exc:  # a bug must not become a traceback that shows a token
            return Answer(failure=Failure.INTERNAL, detail=self.redact(type(exc).__name__))

    def _fetch(
        self,
        url: str,
        head_first: bool,
        params: Mapping[str, str] | None,
        accepted: frozenset[int],
        headers: Mapping[str, str] | None,
        keep_body: bool,
        retries: int | None = None,
        body_limit: int = BODY_LIMIT,
    ) -> Answer:
        host = self._host(url)
        sent_headers = dict(_BROWSER_HEADERS if headers is None else headers)
        use_head = head_first
        answer = Answer(failure=Failure.DEADLINE, detail="not checked: deadline", attempts=0)
        for attempt in range((host.retries if retries is None else retries) + 1):
            if attempt:
                delay = self._backoff(attempt)
                hint = retry_after_seconds(answer.retry_after)
                if answer.status in (429, 503) and hint is not None:
                    if hint > self.config.retry_after_cap:
                        return _final(
                            answer,
                            attempt,
                            f"rate limited: Retry-After {hint:.0f} s is longer than the "
                            f"{self.config.retry_after_cap:.0f} s cap",
                        )
                    delay = max(delay, hint)
                # Only this request waits; the pacer decides whether its host waits too.
                if not self._wait_until(time.monotonic() + delay):
                    return _final(answer, attempt, _gave_up(answer, attempt) + "; deadline reached")
            if self.deadline.expired():
                if attempt == 0:
                    return Answer(failure=Failure.DEADLINE, detail="not checked: deadline")
                return _final(answer, attempt, _gave_up(answer, attempt) + "; deadline reached")
            tried = self._attempt(
                url,
                use_head,
                params,
                sent_headers,
                host,
                accepted,
                keep_body,
                repeat=attempt > 0,
                body_limit=body_limit,
            )
            if tried.failure is Failure.DEADLINE and attempt:
                # No ticket before the deadline (the host is paused): the last answer stands.
                return _final(answer, attempt, _gave_up(answer, attempt) + "; deadline reached")
            answer = replace(tried, attempts=attempt + 1)
            if not _should_retry(answer, accepted):
                break
            # After a 5xx or a broken connection on HEAD, the next try asks with GET:
            # some servers fail only on HEAD.
            use_head = False
        if _should_retry(answer, accepted):
            return _final(answer, answer.attempts, _gave_up(answer, answer.attempts))
        return _final(answer, answer.attempts, answer.detail if answer.failure else "")


def _read_body(response: requests.Response, limit: int, until: float) -> tuple[bytes, bool | None]:
    """The body, at most `limit` bytes, read by the `until` moment (`online.timeout` bounds a
    request from connect to last byte: a server sending a byte a second is cut off, not
    waited for). Returns (body, cut); cut None when the moment passed first. A small body
    read to its end returns the connection to the pool; a big one is cut short (the
    connection is then dropped, which is cheaper)."""
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    try:
        while size < limit:
            left = until - time.monotonic()
            if left <= 0:
                return b"".join(chunks), None
            sock = getattr(getattr(raw, "connection", None), "sock", None)
            if sock is not None:
                sock.settimeout(max(0.01, left))
            chunk = raw.read1(min(65536, limit - size), decode_content=True)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
            size += len(chunk)
    except TimeoutError:
        return b"".join(chunks), None
    except (requests.RequestException, OSError, ValueError):
        return b"".join(chunks), False  # the status is what counts; a body cut short
    except Exception as exc:  # urllib3's own errors (a read timeout, a protocol error)
        if "timed out" in str(exc).lower():
            return b"".join(chunks), None
        return b"".join(chunks), False
    return b"".join(chunks), True


def host_limits(config: OnlineConfig) -> dict[str, int]:
    """Per-host caps from `[online.hosts."x"] per_host`, keyed by host name (a `host:port`
    key caps its host name; the smallest cap wins)."""
    limits: dict[str, int] = {}
    for key, override in config.hosts.items():
        if not override.per_host:
            continue
        try:
            name = (urlsplit(f"//{key}").hostname or key).lower()
        except ValueError:
            name = key.lower()
        limits[name] = min(override.per_host, limits.get(name, override.per_host))
    return limits


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return f"{parts.scheme}://{parts.netloc}".lower()


def _should_retry(answer: Answer, accepted: frozenset[int]) -> bool:
    if answer.failure is not None:
        return answer.failure in RETRIED_FAILURES
    status = answer.status or 0
    if status in accepted:
        return False
    return status == 429 or (500 <= status < 600 and status != 501)


def _gave_up(answer: Answer, attempts: int) -> str:
    from sigcheck.online.results import describe_status

    what = describe_status(answer.status) if answer.status else answer.detail
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return f"{what} after {tries}"


def _final(answer: Answer, attempts: int, detail: str) -> Answer:
    """The answer as returned to callers, with the reason a person reads."""
    return replace(answer, attempts=attempts, detail=detail)
