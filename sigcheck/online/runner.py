"""`check_online`: collect, ask (concurrently, once per URL and handle), report, cache.

`OnlineSession` is the whole of it, in two halves so that `check --online` can start asking
while the pages are still being read: created before loading, it listens to the loader
(`tables_read`: the SIG tables and the metadata, whose handles and repositories are asked at
once; `page_read`: each page as soon as it is parsed, whose links are asked at once), and
`finish(community)` collects every target of the complete model (reusing what each page gave),
asks what is still unasked, waits, and reports. Results do not depend on when a question was
asked: every URL and name is asked once per run (the link checker and the Gitee checker keep
one answer per key), so the diagnostics are those of collecting first and asking after.
`check_online(community)` is both halves at once.

Politeness is unchanged by the overlap: every request goes through the one HTTP client, its
per-host pacer and its retry rules, whichever half queued it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sigcheck.config import Config
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community, MarkdownDoc
from sigcheck.online import repos
from sigcheck.online.cache import Cache
from sigcheck.online.gitee import GiteeChecker
from sigcheck.online.http import Deadline, HttpClient, Redactor
from sigcheck.online.links import AcceptRules, LinkChecker
from sigcheck.online.pacing import Pacer
from sigcheck.online.patterns import BoundedPatterns
from sigcheck.online.pool import JobPool
from sigcheck.online.progress import Progress
from sigcheck.online.results import GONE, LinkState, NameResult, NameState, UrlResult
from sigcheck.online.targets import (
    Found,
    PageTarget,
    Place,
    PlaceKind,
    Targets,
    collect,
    page_targets,
)


@dataclass(slots=True)
class OnlineOutcome:
    diagnostics: list[Diagnostic]
    summary: str
    requests: int = 0
    """HTTP requests sent in this run (the cache's savings show here)."""
    stats: dict[str, int] = field(default_factory=dict)


class _Report:
    """Turns results into diagnostics and counts what the summary says."""

    def __init__(self, accept: AcceptRules, deadline: Deadline, dns_works: bool) -> None:
        self.accept = accept
        self.deadline = deadline
        self.dns_works = dns_works
        self.diagnostics: list[Diagnostic] = []
        self.broken = 0
        self.unverified = 0
        self.redirected = 0
        self.not_checked = 0

    def _emit(self, code: str, place: Place, message: str) -> None:
        self.diagnostics.append(make(code, place.path, place.line, place.column, message))

    def _not_checked(self) -> str:
        return f"not checked: the {self.deadline.seconds:g} s deadline (`online.deadline`) passed"

    def url(self, url: str, result: UrlResult, places: list[Place]) -> None:
        state = result.state
        accepted = self.accept.codes_for(url)
        if result.status in accepted and (
            state is LinkState.UNVERIFIED or (state is LinkState.BROKEN and result.status in GONE)
        ):
            state = LinkState.ALIVE
        if state is LinkState.NO_SUCH_HOST and not self.dns_works:
            state = LinkState.UNVERIFIED
            result = UrlResult(
                state,
                f"{result.detail}, and no other host name answered in this run "
                "(is DNS working here?)",
            )
        if state is LinkState.ALIVE:
            if result.moved_to:
                self.redirected += 1
                for place in places:
                    target = result.moved_to
                    if "#" in place.written and "#" not in target:
                        target += "#" + place.written.split("#", 1)[1]
                    self._emit(
                        "L007", place, f"`{place.written}` permanently redirects to `{target}`"
                    )
            return
        if state in (LinkState.BROKEN, LinkState.NO_SUCH_HOST):
            self.broken += 1
            why = result.detail
            if result.final_url and result.status in GONE:
                why = f"redirects to `{result.final_url}`, which answers {result.detail}"
            for place in places:
                self._emit("L005", place, f"`{place.written}` is broken: {why}")
            return
        self.unverified += 1
        if state is LinkState.DEADLINE:
            self.not_checked += 1
            why = self._not_checked()
            for place in places:
                self._emit("L006", place, f"`{place.written}` {why}")
            return
        why = result.detail
        if result.final_url:
            why += f" (at `{result.final_url}`)"
        for place in places:
            self._emit("L006", place, f"`{place.written}` could not be verified: {why}")

    def handle(
        self, handle: str, user: NameResult, org: NameResult | None, places: list[Place]
    ) -> None:
        if user.state is NameState.EXISTS:
            return
        if user.state is NameState.MISSING:
            people = [p for p in places if p.kind is not PlaceKind.LINK]
            links = [p for p in places if p.kind is PlaceKind.LINK]
            for place in people:
                self._emit("P003", place, f"Gitee user `@{handle}` does not exist")
            counted = bool(people)
            if links and org is not None and org.state is not NameState.EXISTS:
                if org.state is NameState.MISSING:
                    for place in links:
                        message = f"`{place.written}`: no Gitee user or organisation `{handle}`"
                        self._emit("P003", place, message)
                    counted = True
                else:
                    self._unverified(handle, org, links)
            if counted:
                self.broken += 1
            return
        self._unverified(handle, user, places)

    def _unverified(self, handle: str, result: NameResult, places: list[Place]) -> None:
        self.unverified += 1
        if result.state is NameState.DEADLINE:
            self.not_checked += 1
            why = self._not_checked()
            for place in places:
                self._emit("P007", place, f"Gitee handle `@{handle}` {why}")
            return
        for place in places:
            message = f"Gitee handle `@{handle}` could not be verified: {result.detail}"
            self._emit("P007", place, message)


def _token() -> str | None:
    token = os.environ.get("GITEE_TOKEN", "").strip()
    return token or None


def check_online(
    community: Community, *, use_cache: bool = True, verbose: bool = False
) -> OnlineOutcome:
    """Check every Gitee handle and external link of `community` over the network."""
    session = OnlineSession(Path(community.root), community.config, use_cache=use_cache)
    return session.finish(community, verbose=verbose)


_NOT_CHECKED = "not checked: deadline"

THREADS_PER_WORKER = 2
"""Pool threads per request allowed at once (`online.workers`)."""


class OnlineSession:
    """One run's online checks: questions asked as the targets become known, answers
    reported at `finish`. The listener methods run on the main thread (the `online.exclude`
    and `online.accept` patterns are timed there); the answers come from the pool's threads."""

    def __init__(self, root: Path, config: Config, *, use_cache: bool = True) -> None:
        self.started = time.monotonic()
        self.config = config
        online = config.online
        self.deadline = Deadline(online.deadline)  # user patterns run within it, from the start
        self.exclusions = BoundedPatterns(online.exclude)
        self.token = _token()
        # `online.cache_dir` when set, else the folder of the other caches (`cache_dir`).
        cache_dir = online.cache_dir if "cache_dir" in online.model_fields_set else config.cache_dir
        self.cache = (
            Cache(root / cache_dir, online.cache_ttl, root)
            if use_cache and online.cache_ttl > 0
            else None
        )
        if self.cache is not None:
            self.cache.load()
        self.client = HttpClient(online, self.deadline, secrets=[self.token] if self.token else [])
        self.accept = AcceptRules(online.accept)
        self.links = LinkChecker(
            self.client, self.accept, self.deadline, self.cache.urls if self.cache else None
        )
        self.gitee = GiteeChecker(
            self.client, online.gitee_api, self.token, self.cache.names if self.cache else {}
        )
        self.api_host = self.client.host_of(self.gitee.api)
        # Twice `workers` threads: a thread waiting out a retry's backoff or a `Retry-After`
        # (or another thread's answer for the same URL) sends nothing, and should not keep
        # other requests from starting. The client still sends at most `workers` at once.
        self.pool = JobPool(
            THREADS_PER_WORKER * online.workers, self.deadline, self.client.pacer.ready_in
        )
        self.pages: dict[str, list[PageTarget]] = {}
        """`page_targets` of each page read, by path (`finish` does not classify them again)."""
        self.url_results: dict[str, UrlResult] = {}
        self.users: dict[str, NameResult] = {}
        self.orgs: dict[str, NameResult] = {}
        self.repo_results: dict[str, NameResult] = {}
        self._lock = threading.Lock()
        self._asked: set[tuple[str, str]] = set()
        """(kind, key) already queued or answered: `url`, `user`, `org`, `repo`."""
        self._link_handles: set[str] = set()
        """Handles some page links to (a profile link in prose may name an organisation)."""

    # --- the loader's listener (main thread) --------------------------------------------------

    def tables_read(self, community: Community) -> None:
        """The tables and the metadata are read (`community` has no pages yet): ask about
        their handles, the tables' own links and the repositories at once."""
        self._ask_targets(collect(community, self.exclusions))
        for name in repos.collect(community):
            self._ask_repository(name)

    def page_read(self, path: str, doc: MarkdownDoc) -> None:
        """One page is parsed: ask about its links at once."""
        found = self.pages[path] = page_targets(doc, self.config, self.exclusions.any)
        for kind, key, place in found:
            if kind is Found.URL:
                self._ask_url(key)
            elif kind is Found.HANDLE:
                self._ask_handle(key, may_be_org=place.kind is PlaceKind.LINK)

    # --- asking -------------------------------------------------------------------------------

    def _first(self, kind: str, key: str) -> bool:
        with self._lock:
            if (kind, key) in self._asked:
                return False
            self._asked.add((kind, key))
            return True

    def _ask_targets(self, targets: Targets) -> None:
        for url in targets.urls:
            self._ask_url(url)
        for handle, places in targets.handles.items():
            may_be_org = any(place.kind is PlaceKind.LINK for place in places)
            self._ask_handle(handle, may_be_org)

    def _ask_url(self, url: str) -> None:
        if not self._first("url", url):
            return
        # matched here, on the main thread, where a timer bounds the patterns
        self.accept.codes_for(url, self.deadline.remaining())
        cached = self.links.known(url)
        if cached is not None:
            self.url_results[url] = cached
            return

        def check_url() -> None:
            self.url_results[url] = self.links.check(url)

        # Links first: a link may take several requests and waits (HEAD then GET, redirect
        # hops, retries after a 5xx or a Retry-After), a name one look-up; asked first, their
        # waits overlap the look-ups instead of trailing after them. (gitee.com serves both
        # the API and many linked pages: one host, one queue.)
        self.pool.submit(self.client.host_of(url), check_url, first=True)

    def _ask_handle(self, handle: str, may_be_org: bool) -> None:
        if may_be_org:
            with self._lock:
                self._link_handles.add(handle)
                user = self.users.get(handle)
                org_now = user is not None and user.state is NameState.MISSING
                org_now = org_now and ("org", handle) not in self._asked
                if org_now:
                    self._asked.add(("org", handle))
            if org_now:  # the user's answer came before this link was read
                self._submit(self.api_host, lambda: self._org(handle))
        if not self._first("user", handle):
            return

        def check_user() -> None:
            user = self.gitee.user(handle)
            with self._lock:
                self.users[handle] = user
                org_too = user.state is NameState.MISSING and handle in self._link_handles
                org_too = org_too and ("org", handle) not in self._asked
                if org_too:
                    self._asked.add(("org", handle))
            if org_too:
                self._org(handle)

        self._submit(self.api_host, check_user, cached=self._user_known(handle))

    def _org(self, handle: str) -> None:
        self.orgs[handle] = self.gitee.org(handle)

    def _user_known(self, handle: str) -> bool:
        """Answered from the cache without a request (then asked on this thread at once)."""
        user = self.gitee.known("users", handle)
        if user is None:
            return False
        return user.state is NameState.EXISTS or self.gitee.known("orgs", handle) is not None

    def _ask_repository(self, name: str) -> None:
        if not self._first("repo", name):
            return

        def check_repository() -> None:
            self.repo_results[name] = repos.check(self.gitee, name)

        self._submit(
            self.api_host, check_repository, cached=self.gitee.known(repos.KIND, name) is not None
        )

    def _submit(self, host: str, job: Callable[[], None], cached: bool = False) -> None:
        if cached:
            job()
        else:
            self.pool.submit(host, job)

    # --- the end ------------------------------------------------------------------------------

    def finish(self, community: Community, *, verbose: bool = False) -> OnlineOutcome:
        """Ask what is still unasked of the complete model, wait for every answer (or the
        deadline), report, save the cache."""
        try:
            targets = collect(community, self.exclusions, self.pages)
            repositories = repos.collect(community)
            self._ask_targets(targets)
            for name in repositories:
                self._ask_repository(name)
            progress = Progress(self.pool.submitted)
            progress.started = self.started  # the rate and ETA count from the first question
            self.pool.wait(progress)
        finally:
            self.client.close()
        not_checked = UrlResult(LinkState.DEADLINE, _NOT_CHECKED)
        url_results = {url: self.url_results.get(url, not_checked) for url in targets.urls}
        deadline = NameResult(NameState.DEADLINE, _NOT_CHECKED)
        users = {handle: self.users.get(handle, deadline) for handle in targets.handles}
        for handle, places in targets.handles.items():
            # a missing user linked in prose is answered with its organisation look-up
            missing = users[handle].state is NameState.MISSING and handle not in self.orgs
            if missing and any(place.kind is PlaceKind.LINK for place in places):
                users[handle] = deadline
        repo_results = {name: self.repo_results.get(name, deadline) for name in repositories}
        return self._outcome(targets, repositories, url_results, users, repo_results, verbose)

    def abandon(self) -> None:
        """Loading failed: no more questions; requests under way end with the process."""
        self.pool.close()
        self.client.close()

    def _outcome(
        self,
        targets: Targets,
        repositories: dict[str, list[Place]],
        url_results: dict[str, UrlResult],
        users: dict[str, NameResult],
        repo_results: dict[str, NameResult],
        verbose: bool,
    ) -> OnlineOutcome:
        report = _Report(self.accept, self.deadline, dns_works=self.links.named_host_answered)
        for url, places in targets.urls.items():
            report.url(url, url_results[url], places)
        for handle, places in targets.handles.items():
            report.handle(handle, users[handle], self.orgs.get(handle), places)
        for name, places in repositories.items():
            result = repo_results[name]
            report.diagnostics.extend(repos.report(result, places))
            if result.state is NameState.MISSING:
                report.broken += 1
            elif result.state is not NameState.EXISTS:
                report.unverified += 1
                report.not_checked += result.state is NameState.DEADLINE

        cache_problem = None
        if self.cache is not None:
            cache_problem = self.cache.save(
                self.links.fetched_results(), self.gitee.fetched_results()
            )

        client = self.client
        stats = {
            "urls": len(targets.urls),
            "urls_cached": sum(1 for r in url_results.values() if r.from_cache),
            "handles": len(targets.handles),
            "handles_cached": sum(1 for r in users.values() if r.from_cache),
            "repositories": len(repositories),
            "excluded": len(targets.excluded),
            "broken": report.broken,
            "unverified": report.unverified,
            "redirected": report.redirected,
            "not_checked": report.not_checked,
            "requests": client.requests_sent,
        }
        elapsed = time.monotonic() - self.started
        summary = _summary(stats, elapsed, verbose, self.token is not None)
        if verbose:
            summary += "".join(f"\n{line}" for line in pacing_lines(client.pacer))
        if cache_problem:
            summary += f"\nonline: {cache_problem}"
        for problem in [*self.exclusions.problems, *self.accept.problems]:
            summary += f"\nonline: {problem}"
        redact = Redactor([self.token] if self.token else [])
        diagnostics = [
            make(d.code, d.path, d.line, d.column, redact(d.message)) for d in report.diagnostics
        ]
        return OnlineOutcome(diagnostics, redact(summary), client.requests_sent, stats)


def pacing_lines(pacer: Pacer) -> list[str]:
    """One line per host asked (for `-v`): how far its limit grew, how often it refused."""
    lines = []
    for host in pacer.hosts():
        stats = pacer.stats(host)
        if not stats.requests:
            continue
        line = (
            f"online: {host or '(no host)'}: {stats.requests} requests, at most "
            f"{stats.peak_limit} at once (now {stats.limit}), {stats.throttled} x 429, "
            f"{stats.overloaded} x 5xx/timeout, {stats.pauses} pauses"
        )
        if stats.rate is not None:
            line += f", paced at {stats.rate:.2f}/s"
        lines.append(line)
    return lines


def _summary(stats: dict[str, int], elapsed: float, verbose: bool, has_token: bool) -> str:
    urls, urls_cached = stats["urls"], stats["urls_cached"]
    handles, handles_cached = stats["handles"], stats["handles_cached"]
    not_checked = stats["not_checked"]

    def part(total: int, cached: int, noun: str) -> str:
        text = f"{total} {noun}{'' if total == 1 else 's'}"
        if total:
            detail = [f"{total - cached} checked"] if total - cached else []
            if cached:
                detail.append(f"{cached} from cache")
            text += f" ({', '.join(detail)})"
        return text

    repositories = stats.get("repositories", 0)
    also = (
        f", {repositories} repositor{'y' if repositories == 1 else 'ies'}" if repositories else ""
    )
    text = (
        f"online: {part(urls, urls_cached, 'URL')}, {part(handles, handles_cached, 'handle')}"
        f"{also}; "
        f"{stats['broken']} broken, {stats['unverified']} unverified, "
        f"{stats['redirected']} redirected"
    )
    if not_checked:
        text += f" ({not_checked} not checked: deadline)"
    if stats["excluded"]:
        text += f"; {stats['excluded']} excluded"
    if verbose:
        token = "with GITEE_TOKEN" if has_token else "without GITEE_TOKEN"
        text += f"; {stats['requests']} requests in {elapsed:.2f}s, {token}"
    return text
