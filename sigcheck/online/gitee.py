"""Gitee handles through the API: `GET {api}/users/{handle}` (and `/orgs/{name}` for a profile
link in prose, which may name an organisation).

200 means the name exists; a 404 *with a JSON body* means it does not (a non-JSON 404 is a wrong
`online.gitee_api`, not a missing person); anything else - 401, 403, 429, 5xx, the network - is
"could not verify" (P007), never P003. Once the API says it is rate-limiting this run, the
remaining names are not asked (P007) rather than hammering it.

`GITEE_TOKEN` is sent as the `access_token` query parameter and nowhere else; the HTTP client
removes it from every text it produces.
"""

from __future__ import annotations

import threading

from sigcheck.online.http import Answer, Failure, HttpClient
from sigcheck.online.results import NameResult, NameState, describe_status

_JSON_HEADERS = {"Accept": "application/json"}
LIMIT_REACHED = "the Gitee API rate limit was reached (set GITEE_TOKEN)"


def _limit_wall(answer: Answer) -> bool:
    """A 403 that says the rate limit is reached (not retried: the API is done with us)."""
    return answer.status == 403 and "limit" in _text(answer)


def _text(answer: Answer) -> str:
    return answer.body[:2048].decode("utf-8", "replace").lower()


class GiteeChecker:
    def __init__(
        self, client: HttpClient, api: str, token: str | None, known: dict[str, NameResult]
    ) -> None:
        self.client = client
        self.api = api.rstrip("/")
        self.token = token
        self._results: dict[str, NameResult] = dict(known)
        self._fetched: set[str] = set()
        self._lock = threading.Lock()
        self._blocked: str | None = None
        """Why the API stopped answering this run (rate limit), once it did."""
        # Decided as the answer comes back, before any request waiting for its turn goes.
        client.stop_when(self.api + "/", _limit_wall)

    def key(self, kind: str, name: str) -> str:
        """The cache key: the API URL, without the token."""
        return f"{self.api}/{kind}/{name}"

    def known(self, kind: str, name: str) -> NameResult | None:
        with self._lock:
            return self._results.get(self.key(kind, name))

    def fetched_results(self) -> dict[str, NameResult]:
        with self._lock:
            return {key: self._results[key] for key in self._fetched}

    def user(self, handle: str) -> NameResult:
        return self._lookup("users", handle)

    def org(self, name: str) -> NameResult:
        return self._lookup("orgs", name)

    def lookup(self, kind: str, name: str) -> NameResult:
        """Any API object by path: `repos`, `owner/name` (online/repos.py)."""
        return self._lookup(kind, name)

    def _lookup(self, kind: str, name: str) -> NameResult:
        key = self.key(kind, name)
        with self._lock:
            if key in self._results:
                return self._results[key]
        result = self._ask(key)
        with self._lock:
            self._results[key] = result
            if result.state is not NameState.DEADLINE:
                self._fetched.add(key)
        return result

    def _ask(self, url: str) -> NameResult:
        if self._blocked:
            return NameResult(NameState.UNVERIFIED, f"not asked: {self._blocked}")
        params = {"access_token": self.token} if self.token else None
        answer = self.client.fetch(
            url, head_first=False, params=params, headers=_JSON_HEADERS, keep_body=True
        )
        if answer.failure is Failure.DEADLINE:
            return NameResult(NameState.DEADLINE, "not checked: deadline")
        if answer.failure is Failure.STOPPED:  # the limit was hit while this one waited
            return NameResult(NameState.UNVERIFIED, f"not asked: {LIMIT_REACHED}")
        if answer.failure is not None:
            return NameResult(NameState.UNVERIFIED, f"Gitee API: {answer.detail}")
        status = answer.status or 0
        if status == 200:
            return NameResult(NameState.EXISTS, "200 OK")
        if status == 404:
            if "json" in answer.content_type.lower():
                return NameResult(NameState.MISSING, "404 Not Found")
            return NameResult(
                NameState.UNVERIFIED,
                "Gitee API answered 404 without JSON: is `online.gitee_api` right?",
            )
        text = answer.detail or describe_status(status)
        if status == 401:
            return NameResult(NameState.UNVERIFIED, f"Gitee API: {text} (is GITEE_TOKEN valid?)")
        if status == 429 or _limit_wall(answer):
            self._blocked = LIMIT_REACHED
            self.client.stop(self.api + "/")
            return NameResult(NameState.UNVERIFIED, f"Gitee API: {text}, rate limited")
        return NameResult(NameState.UNVERIFIED, f"Gitee API: {text}")
