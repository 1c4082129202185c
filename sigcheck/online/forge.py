"""One forge's API: people (`/users/{id}`), organisations (`/orgs/{org}`), repositories
(`/repos/{owner}/{name}`, or `/orgs/{org}/repos` page by page), within its budget.

A definite answer or none (SPEC §6):
- "exists" only for a 200 whose JSON body has the shape and names what was asked
  (case-insensitively): a sign-in page, an empty body, `[]`, no `login`, another user's `login`
  are not an answer;
- "missing" only for a JSON 404, asked a second time, from a forge that answered a name known to
  exist in the same run in the right shape (the canary: any verified answer of this run, else
  the community's organisation or a name verified earlier, asked at the end); when the canary
  fails, every "missing" of the forge is unverified, for one run-wide reason;
- an organisation listing proves absence only when every page of it was read;
- anything else is unverified; unverified is never cached (results.NameResult.cacheable).

Budgets: `x-ratelimit-remaining` / `x-ratelimit-reset` are read from every answer; no request
goes that the budget cannot pay for (while the budget is unknown, one request at a time until an
answer tells it); requests are spaced to the forge's per-second rate instead of being refused;
a 403 that says "limit" ends the forge's questions for the run. A forge that does not answer
`GIVE_UP` requests in a row (timeouts, refused connections) or refuses `GIVE_UP` in a row with
429 is given up on: its remaining names are unverified for that one reason.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sigcheck.online.addresses import refused_host
from sigcheck.online.forges import Forge
from sigcheck.online.http import Answer, Deadline, Failure, HttpClient
from sigcheck.online.results import NameResult, NameState, describe_status

GIVE_UP = 3
"""Requests in a row without an answer (or refused with 429) after which a forge is left alone."""

PACE_MARGIN = 0.9
"""Requests are spaced to this share of the forge's per-second limit: arrivals bunch up on the
way, and a limiter counting a sliding second would refuse the ones at the edge."""

RECHECK_MISSING = 3600.0
"""Seconds after which a cached "missing" is asked again before it is reported."""

LIST_BODY_LIMIT = 16 * 1024 * 1024
"""Bytes of one listing page read at most (100 repositories of a few kB each)."""

_NO_ANSWER = frozenset({Failure.TIMEOUT, Failure.CONNECTION, Failure.REFUSED})

_SILENT_MARK = "\0silent"
"""Ends the detail of a result whose request got no answer, until `_remember` files it."""


def _text(answer: Answer) -> str:
    return answer.body[:2048].decode("utf-8", "replace")


def limit_wall(answer: Answer) -> bool:
    """A 403 that says the rate limit is reached (the API is done with us for a while)."""
    return answer.status == 403 and "limit" in _text(answer).lower()


def _is_json(answer: Answer) -> Any:
    """The parsed body of a JSON answer, or the `_NOT_JSON` marker."""
    if "json" not in answer.content_type.lower():
        return _NOT_JSON
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _NOT_JSON


_NOT_JSON = object()


def what_it_was(answer: Answer) -> str:
    """A short, secret-free description of an answer that is not the one asked for."""
    if answer.failure is not None:
        return answer.detail or answer.failure.value
    status = describe_status(answer.status or 0)
    body = answer.body.strip()
    if not body:
        return f"{status} with an empty body"
    data = _is_json(answer)
    if data is _NOT_JSON:
        lowered = body[:4096].lower()
        page = b"<html" in lowered or b"<!doctype" in lowered
        sign_in = page and any(word in lowered for word in (b"login", b"sign in", b"signin"))
        kind = (
            "a sign-in page" if sign_in else "an HTML page" if page else "a body that is not JSON"
        )
        return f"{status} with {kind}"
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return f'{status} "{data["message"][:80]}"'
    if data == []:
        return f"{status} with `[]`"
    return f"{status} with JSON of another shape"


def _field(kind: str) -> tuple[str, ...]:
    return ("full_name", "path_with_namespace") if kind == "repos" else ("login", "path")


def shape(kind: str, name: str, answer: Answer) -> str | None:
    """None when a 200 answers for `name` in the right shape; else what it was instead."""
    data = _is_json(answer)
    if data is _NOT_JSON or not isinstance(data, dict):
        return what_it_was(answer)
    fields = _field(kind)
    value = next((data[key] for key in fields if isinstance(data.get(key), str)), None)
    if value is None:
        return f"{describe_status(answer.status or 0)} with JSON without `{fields[0]}`"
    if value.casefold() != name.casefold():
        return f"{describe_status(answer.status or 0)} naming `{value[:80]}`, not `{name}`"
    return None


def reset_moment(value: str | None, now: float | None = None) -> float | None:
    """`x-ratelimit-reset` as a time.time() moment: epoch seconds, or seconds from now."""
    if not value:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    now = time.time() if now is None else now
    return number if number > 1e9 else now + max(0.0, number)


class Budget:
    """A forge's hourly budget as its answers tell it, and its per-second pace. Thread-safe."""

    def __init__(self, rate: float, deadline: Deadline) -> None:
        self.interval = 1.0 / (rate * PACE_MARGIN)
        self.deadline = deadline
        self.remaining: int | None = None
        self.limit: int | None = None
        self.reset: float | None = None
        self.in_flight = 0
        self.learned = False
        """An answer came back (with or without rate-limit headers)."""
        self.next_at = 0.0
        self._condition = threading.Condition()

    def ready_in(self) -> float | None:
        """Seconds until a request may go (0: now); None while the first answer is awaited."""
        with self._condition:
            if not self.learned and self.in_flight:
                return None
            return max(0.0, self.next_at - time.monotonic())

    def can_pay(self, reserve: int = 0) -> bool:
        with self._condition:
            return self.remaining is None or self.remaining - self.in_flight > reserve

    def take(self, reserve: int = 0) -> str | None:
        """Wait for this forge's pace and count one request in flight; None when it may go,
        else why not: `budget` (it cannot pay, keeping `reserve`) or `deadline`."""
        with self._condition:
            while True:
                if self.remaining is not None and self.remaining - self.in_flight <= reserve:
                    return "budget"
                now = time.monotonic()
                wait = self.next_at - now
                if not self.learned and self.in_flight:
                    wait = max(wait, 0.05)  # the first answer tells the budget
                elif wait <= 0:
                    self.next_at = max(now, self.next_at) + self.interval
                    self.in_flight += 1
                    return None
                if self.deadline.remaining() <= wait:
                    return "deadline"
                self._condition.wait(wait)

    def give_back(self, answer: Answer | None) -> None:
        """One request is over; learn what its headers say about the budget."""
        with self._condition:
            self.in_flight = max(0, self.in_flight - 1)
            if answer is not None and answer.status is not None:
                self.learned = True
                self._learn(answer.headers)
                if limit_wall(answer):
                    self.remaining = 0
            elif answer is not None and answer.failure is not Failure.DEADLINE:
                self.learned = True
            self._condition.notify_all()

    def _learn(self, headers: Mapping[str, str]) -> None:
        remaining = headers.get("x-ratelimit-remaining")
        limit = headers.get("x-ratelimit-limit")
        reset = reset_moment(headers.get("x-ratelimit-reset"))
        if limit and limit.strip().isdigit():
            self.limit = int(limit)
        if remaining is None or not remaining.strip().lstrip("-").isdigit():
            return
        value = max(0, int(remaining))
        new_window = reset is not None and self.reset is not None and reset > self.reset + 1
        if self.remaining is None or new_window:
            self.remaining = value
        else:
            self.remaining = min(self.remaining, value)
        if reset is not None:
            self.reset = reset

    def slower(self) -> None:
        """A 429 came back although we kept to the pace: halve it."""
        with self._condition:
            self.interval = min(5.0, self.interval * 2)


@dataclass(frozen=True, slots=True)
class Listing:
    """What an organisation's listing said about the repositories asked."""

    results: dict[str, NameResult]
    """casefolded `owner/name` -> the answer, for those the listing settled."""
    requests: int
    complete: bool


class ForgeChecker:
    """The questions of one run to one forge; thread-safe, each name asked once."""

    def __init__(
        self,
        forge: Forge,
        client: HttpClient,
        deadline: Deadline,
        *,
        token: str | None,
        retries: int,
        backoff: float,
        known: Mapping[str, NameResult] | None = None,
        canaries: Iterable[str] = (),
    ) -> None:
        self.forge = forge
        self.client = client
        self.deadline = deadline
        self.api = forge.api.rstrip("/")
        self.token = token
        self.retries = retries
        self.backoff = backoff
        self.budget = Budget(forge.rate_with_token if token else forge.rate, deadline)
        self.canaries = [name for name in dict.fromkeys(canaries) if name]
        """Organisations of the community on this forge, tried as the canary at the end."""
        self.base_names: list[tuple[str, str]] = []
        """Ids the pull request's base names (not asked as such): canaries of last resort."""
        self._results: dict[str, NameResult] = dict(known or {})
        self._fetched: set[str] = set()
        self._lock = threading.Lock()
        self.trusted = False
        """An answer of this run came in the right shape for what was asked."""
        self.cause: str | None = None
        """Why this forge's remaining questions are not asked (one run-wide reason)."""
        self.cause_kind = ""
        self.said: str | None = None
        """What the API answered that made it stop (for the summary's first line)."""
        self.requests = 0
        self.refused = 0
        """Answers 403 "limit" or 429: a request the forge refused."""
        self.answered = 0
        """Requests that got an HTTP status back (the network works)."""
        self._silent = 0
        self._throttled = 0
        self._silent_paths: set[str] = set()
        self._silent_keys: set[str] = set()
        """Keys whose request got no answer (timeouts): the forge's reason once it is given
        up on."""
        self.pending_missing: set[str] = set()
        """Keys answered "missing" in this run, reported only once the canary has answered."""
        why = refused_host(self.api)
        if why is not None:
            self._stop("address", f"{forge.label}'s API address {self.api} is {why}")
        client.stop_when(self.api + "/", limit_wall)

    # --- keys and memory ----------------------------------------------------------------------

    def key(self, kind: str, name: str) -> str:
        """The cache key: the API URL (no token), the name in one letter case."""
        return f"{self.api}/{kind}/{name.casefold()}"

    def known(self, kind: str, name: str) -> NameResult | None:
        """An answer already had, without a request (a cached "missing" an hour old is not)."""
        with self._lock:
            result = self._results.get(self.key(kind, name))
        if result is None:
            return None
        stale = time.time() - result.checked_at > RECHECK_MISSING
        if result.from_cache and result.state is NameState.MISSING and stale:
            return None
        return result

    def _remember(self, key: str, result: NameResult) -> NameResult:
        with self._lock:
            if result.cause is None and result.detail.endswith(_SILENT_MARK):
                result = replace(result, detail=result.detail.removesuffix(_SILENT_MARK))
                if self.cause_kind == "unreachable":  # given up on meanwhile
                    result = replace(result, cause=self.cause)
                else:
                    self._silent_keys.add(key)
            self._results[key] = result
            if result.state is not NameState.DEADLINE and not result.from_cache:
                self._fetched.add(key)
            if result.state is NameState.MISSING and not result.from_cache:
                self.pending_missing.add(key)
        return result

    def fetched_results(self) -> dict[str, NameResult]:
        with self._lock:
            return {key: self._results[key] for key in self._fetched}

    def verified_names(self) -> list[str]:
        """Users and organisations known to exist (cached or answered): canary candidates."""
        with self._lock:
            return [
                key[len(self.api) + 1 :]
                for key, result in self._results.items()
                if result.state is NameState.EXISTS
                and key.startswith(self.api + "/")
                and key[len(self.api) + 1 :].split("/", 1)[0] in ("users", "orgs")
            ]

    # --- stopping -----------------------------------------------------------------------------

    def _stop(self, kind: str, cause: str, said: str | None = None) -> None:
        with self._lock:
            if self.cause is not None:
                return
            self.cause, self.cause_kind, self.said = cause, kind, said
            if kind == "unreachable":  # the names that timed out before: the same reason
                for key in self._silent_keys:
                    self._results[key] = replace(self._results[key], cause=cause)
        self.client.stop(self.api + "/")

    def _not_asked(self) -> NameResult:
        cause = self.cause or "not asked"
        state = NameState.DEADLINE if self.cause_kind == "deadline" else NameState.UNVERIFIED
        return NameResult(state, f"not asked: {cause}", cause=cause)

    def reset_text(self) -> str | None:
        reset = self.budget.reset
        if reset is None:
            return None
        return datetime.fromtimestamp(reset, UTC).strftime("%H:%M UTC")

    def _spent(self, said: str | None) -> None:
        advice = []
        if self.token is None and self.forge.token_env:
            advice.append(f"set {self.forge.token_env}")
        when = self.reset_text()
        advice.append(f"run again after {when}" if when else "run again later")
        cause = f"{self.forge.label}'s hourly budget is spent; {' or '.join(advice)}"
        self._stop("budget", cause, said)

    # --- one request --------------------------------------------------------------------------

    def _params(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        params = dict(extra or {})
        if self.token and self.forge.token_in == "query":
            params["access_token"] = self.token
        return params

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token and self.forge.token_in == "header":
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _get(
        self, path: str, extra: Mapping[str, str] | None = None, reserve: int = 0, **kw: Any
    ) -> Answer | None:
        """One request (retried on 5xx, 429 and no answer, within the budget); None when it
        was not sent (then `self.cause` says why)."""
        answer: Answer | None = None
        for attempt in range(self.retries + 1):
            if self.cause is not None:
                return None
            if attempt:
                delay = self.backoff * (2 ** (attempt - 1))
                if answer is not None and answer.status == 429:
                    hint = answer.retry_after
                    if hint and hint.strip().isdigit():
                        delay = max(delay, min(float(hint), 30.0))
                if self.deadline.remaining() <= delay:
                    return answer
                time.sleep(delay)
            why = self.budget.take(reserve)
            if why == "budget":
                self._spent(self.said)
                return None
            if why == "deadline":
                seconds = f"{self.deadline.seconds:g}"
                self._stop("deadline", f"the {seconds} s deadline (`online.deadline`) passed")
                return None
            sent: Answer | None = None
            try:
                sent = self.client.fetch(
                    f"{self.api}/{path}",
                    head_first=False,
                    params=self._params(extra),
                    headers=self._headers(),
                    keep_body=True,
                    retries=0,
                    **kw,
                )
            finally:
                self.budget.give_back(sent)
            answer = replace(sent, attempts=attempt + 1)
            if answer.failure is Failure.STOPPED:
                if self.cause is None:  # another thread's 403 "limit" stopped this one
                    self._spent(f"403 {self._limit_text(None)}")
                return None
            if answer.failure is Failure.DEADLINE:
                seconds = f"{self.deadline.seconds:g}"
                self._stop("deadline", f"the {seconds} s deadline (`online.deadline`) passed")
                return None
            with self._lock:
                self.requests += 1
            if not self._observe(answer, path):
                return answer
        return answer

    @staticmethod
    def _limit_text(answer: Answer | None) -> str:
        if answer is None:
            return '"rate limit"'
        return what_it_was(answer).split(" ", 1)[-1] if answer.status else "rate limit"

    def _observe(self, answer: Answer, path: str = "") -> bool:
        """Account for one answer; True when it is worth asking again. Requests without an
        answer count towards giving up when they are to different paths in a row (one slow
        page retried is not a forge that stopped answering)."""
        if answer.failure in _NO_ANSWER:
            with self._lock:
                self._silent_paths.add(path)
                silent = self._silent = len(self._silent_paths)
            if silent >= GIVE_UP:
                self._stop(
                    "unreachable",
                    f"{self.forge.label}'s API at {self.api} stopped answering "
                    f"({answer.detail or answer.failure}, {silent} questions in a row)",
                    answer.detail,
                )
            return True
        if answer.status is None:
            return False
        with self._lock:
            self._silent = 0
            self._silent_paths.clear()
            self.answered += 1
        if limit_wall(answer):
            with self._lock:
                self.refused += 1
            self._spent(what_it_was(answer))
            return False
        if answer.status == 429:
            self.budget.slower()
            with self._lock:
                self.refused += 1
                self._throttled += 1
                throttled = self._throttled
            if throttled >= GIVE_UP:
                self._stop(
                    "rate",
                    f"{self.forge.label}'s API at {self.api} is rate-limiting this run "
                    f"(429 to {throttled} requests in a row)",
                    what_it_was(answer),
                )
                return False
            return True
        with self._lock:
            self._throttled = 0
        return 500 <= answer.status < 600 and answer.status != 501

    # --- questions ----------------------------------------------------------------------------

    def user(self, name: str) -> NameResult:
        return self.ask("users", name)

    def org(self, name: str) -> NameResult:
        return self.ask("orgs", name)

    def repo(self, full_name: str) -> NameResult:
        return self.ask("repos", full_name)

    def ask(self, kind: str, name: str) -> NameResult:
        """`kind` `users`, `orgs` or `repos` (`name` then `owner/name`), asked at most once."""
        key = self.key(kind, name)
        known = self.known(kind, name)
        if known is not None:
            return known
        reserve = 0 if self.trusted else 1  # keep one request for the canary
        answer = self._get(f"{kind}/{name}", reserve=reserve)
        result = self._judge(kind, name, answer)
        if result is None:  # a JSON 404: asked a second time before it counts
            again = self._get(f"{kind}/{name}")
            result = self._judge(kind, name, again)
            if result is None:
                result = NameResult(NameState.MISSING, "404 Not Found", checked_at=time.time())
        return self._remember(key, result)

    def _judge(self, kind: str, name: str, answer: Answer | None) -> NameResult | None:
        """The answer's verdict; None for a JSON 404 (not yet "missing")."""
        if answer is None:
            return self._not_asked()
        label = self.forge.label
        tries = f" after {answer.attempts} attempts" if answer.attempts > 1 else ""
        if answer.failure is not None:
            mark = _SILENT_MARK if answer.failure in _NO_ANSWER else ""
            if mark and self.cause_kind == "unreachable":
                return NameResult(
                    NameState.UNVERIFIED, f"{label} API: {answer.detail}", cause=self.cause
                )
            return NameResult(NameState.UNVERIFIED, f"{label} API: {answer.detail}{tries}{mark}")
        status = answer.status or 0
        if status == 200:
            wrong = shape(kind, name, answer)
            if wrong is None:
                self.trusted = True
                return NameResult(NameState.EXISTS, "200 OK", checked_at=time.time())
            return NameResult(NameState.UNVERIFIED, f"{label} API answered {wrong}")
        if status == 404:
            if _is_json(answer) is not _NOT_JSON:
                return None
            return NameResult(
                NameState.UNVERIFIED,
                f"{label} API answered 404 without JSON: is its address right "
                f"(`[online.forges.{self.forge.name}] api`, now {self.api})?",
            )
        text = what_it_was(answer)
        if status == 401:
            hint = f" (is {self.forge.token_env} valid?)" if self.token else ""
            return NameResult(NameState.UNVERIFIED, f"{label} API: {text}{hint}")
        if status in (301, 302, 303, 307, 308):
            return NameResult(
                NameState.UNVERIFIED, f"{label} API: {text}, a redirect (not followed)"
            )
        if self.cause is not None and status in (403, 429):
            return NameResult(NameState.UNVERIFIED, f"{label} API: {text}", cause=self.cause)
        return NameResult(NameState.UNVERIFIED, f"{label} API: {text}{tries}")

    # --- organisation listings ----------------------------------------------------------------

    def list_org(self, org: str, wanted: Iterable[str]) -> Listing:
        """Read `/orgs/{org}/repos` page by page while that is cheaper than asking for each
        repository still unanswered; decided again after every page from its counts."""
        todo = {name.casefold() for name in wanted}
        found: set[str] = set()
        per_page = self.forge.per_page
        page, requests, complete, total_pages = 1, 0, False, None
        while True:
            answer = self._get(
                f"orgs/{org}/repos",
                {"per_page": str(per_page), "page": str(page)},
                reserve=0 if self.trusted else 1,
                body_limit=LIST_BODY_LIMIT,
            )
            requests += answer is not None
            names = self._listed(org, answer)
            if names is None or (page == 1 and not names):
                break  # not a listing in the right shape (or `[]`): ask one by one
            self.trusted = True
            self._remember(
                self.key("orgs", org),
                NameResult(NameState.EXISTS, "listed", checked_at=time.time()),
            )
            found |= names
            assert answer is not None
            total_pages = total_pages or _total_pages(answer, per_page)
            if len(names) < per_page or (total_pages is not None and page >= total_pages):
                complete = True
                break
            unanswered = len(todo - found)
            if not unanswered:
                break
            pages_left = None if total_pages is None else total_pages - page
            if pages_left is not None and pages_left >= unanswered:
                break  # asking for each is cheaper now
            if pages_left is None and page >= unanswered:
                break
            page += 1
        results: dict[str, NameResult] = {}
        now = time.time()
        for name in todo:
            key = self.key("repos", name)
            if name in found:
                results[name] = self._remember(
                    key, NameResult(NameState.EXISTS, "in the organisation's listing", False)
                )
            elif complete:
                detail = f"not in {org}'s repository listing (every page read)"
                results[name] = self._remember(
                    key, NameResult(NameState.MISSING, detail, checked_at=now)
                )
        return Listing(results, requests, complete)

    def _listed(self, org: str, answer: Answer | None) -> set[str] | None:
        """The casefolded `owner/name`s of one listing page; None when it is not one."""
        if answer is None or answer.status != 200:
            return None
        data = _is_json(answer)
        if not isinstance(data, list):
            return None
        names = set()
        for item in data:
            value = next(
                (item[key] for key in _field("repos") if isinstance(item, dict)
                 and isinstance(item.get(key), str)),
                None,
            )  # fmt: skip
            if value is None or value.split("/", 1)[0].casefold() != org.casefold():
                return None
            names.add(value.casefold())
        return names

    # --- the canary ---------------------------------------------------------------------------

    def confirm(self, extra: Callable[[], list[str]] | None = None) -> None:
        """Before "missing" is reported: when nothing of this run answered in the right shape,
        ask a name known to exist (the community's organisation, a name verified earlier);
        when that fails too, every "missing" of this run becomes unverified, for that reason."""
        with self._lock:
            pending = bool(self.pending_missing)
        if not pending or self.trusted:
            return
        said = None
        tried = None
        candidates = [("orgs", name) for name in self.canaries]
        candidates += [tuple(item.split("/", 1)) for item in self.verified_names()]  # type: ignore[misc]
        candidates += self.base_names
        for kind, name in candidates[:2]:
            if self.cause is not None:
                break
            tried = name
            answer = self._get(f"{kind}/{name}")
            if answer is not None and answer.status == 200 and shape(kind, name, answer) is None:
                self.trusted = True
                return
            said = what_it_was(answer) if answer is not None else self.cause
        if self.cause is not None and tried is None:
            cause = self.cause
        elif tried is None:
            cause = (
                f"{self.forge.label}'s API at {self.api} answered no name in the right shape "
                "and no name known to exist could be asked to test it"
            )
        else:
            cause = (
                f"{self.forge.label}'s API at {self.api} answered {said} for `{tried}`, "
                "known to exist: its answers are not trusted"
            )
        self.cause_kind = self.cause_kind or "canary"
        self.said = self.said or said
        self.cause = self.cause or cause
        with self._lock:
            for key in self.pending_missing:
                self._results[key] = NameResult(
                    NameState.UNVERIFIED, f"not trusted: {cause}", cause=cause
                )
                self._fetched.discard(key)
            self.pending_missing.clear()

    def result(self, kind: str, name: str) -> NameResult | None:
        with self._lock:
            return self._results.get(self.key(kind, name))

    # --- the summary --------------------------------------------------------------------------

    def headline(self) -> str | None:
        """The summary's first line when this forge stopped for a run-wide reason."""
        if self.cause is None:
            return None
        parts = [f"online: {self.forge.label} ({self.api})"]
        if self.said:
            parts.append(f"answered {self.said}")
        token = self.forge.token_env or "no token variable"
        parts.append(f"{'with' if self.token else 'without'} {token}")
        if self.cause_kind == "budget" and self.reset_text():
            parts.append(f"budget resets at {self.reset_text()}")
        return ", ".join(parts) + f": {self.cause}"


def _total_pages(answer: Answer, per_page: int) -> int | None:
    """How many pages the listing has, from its headers: Gitee's `total_page` /
    `total_count`, or a `Link: <...page=N>; rel="last"` (GitHub)."""
    headers = answer.headers
    pages = headers.get("total_page") or headers.get("x-total-pages")
    if pages and pages.strip().isdigit():
        return max(1, int(pages))
    count = headers.get("total_count") or headers.get("x-total")
    if count and count.strip().isdigit():
        return max(1, -(-int(count) // per_page))
    link = headers.get("link", "")
    for part in link.split(","):
        if 'rel="last"' in part:
            import re

            match = re.search(r"[?&]page=(\d+)", part)
            if match:
                return int(match.group(1))
    return None
