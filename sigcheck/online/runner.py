"""`check_online`: collect, ask (concurrently, once per URL and handle), report, cache.

A bounded pool of daemon worker threads takes jobs from per-host queues, round robin over the
hosts, skipping a host the pacer would make wait (every slot taken, paused after 429s, paced):
a worker blocks on a host only when no other host has work ready. The main thread only waits, draws the
progress bar, and stops waiting shortly after the deadline: whatever is unanswered by then is
reported as not checked (L006/P007), and the daemon threads never hold the process open.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community
from sigcheck.online import repos
from sigcheck.online.cache import Cache
from sigcheck.online.gitee import GiteeChecker
from sigcheck.online.http import Deadline, HttpClient, Redactor
from sigcheck.online.links import AcceptRules, LinkChecker
from sigcheck.online.pacing import Pacer
from sigcheck.online.patterns import BoundedPatterns
from sigcheck.online.progress import Progress
from sigcheck.online.results import GONE, LinkState, NameResult, NameState, UrlResult
from sigcheck.online.targets import Place, PlaceKind, Targets, collect

GRACE = 2.0
"""Seconds the main thread waits past the deadline for requests already under way."""


@dataclass(slots=True)
class OnlineOutcome:
    diagnostics: list[Diagnostic]
    summary: str
    requests: int = 0
    """HTTP requests sent in this run (the cache's savings show here)."""
    stats: dict[str, int] = field(default_factory=dict)


Job = tuple[str, Callable[[], None]]
"""(host, work): the host orders the queue."""


RECHECK = 0.05
"""Seconds a worker with no ready host waits before asking the pacer again."""


class _Queues:
    """Jobs queued per host, handed out round robin over the hosts that are ready now."""

    def __init__(self, jobs: list[Job], ready_in: Callable[[str], float | None]) -> None:
        self.by_host: dict[str, deque[Callable[[], None]]] = {}
        for host, job in jobs:
            self.by_host.setdefault(host, deque()).append(job)
        self.order: deque[str] = deque(self.by_host)
        self.ready_in = ready_in

    def __bool__(self) -> bool:
        return bool(self.order)

    def take(self, *, any_host: bool = False) -> tuple[Callable[[], None] | None, float]:
        """The next job of the first ready host (`any_host`: of the first host), or None and
        how long to wait before asking again."""
        wait = RECHECK
        for _ in range(len(self.order)):
            host = self.order[0]
            self.order.rotate(-1)
            ready = 0.0 if any_host else self.ready_in(host)
            if ready == 0.0:
                queue = self.by_host[host]
                job = queue.popleft()
                if not queue:
                    self.order.remove(host)
                    del self.by_host[host]
                return job, 0.0
            if ready is not None:
                wait = min(wait, ready)
        return None, max(0.001, wait)


def _always_ready(host: str) -> float | None:
    return 0.0


def run_jobs(
    jobs: list[Job],
    workers: int,
    deadline: Deadline,
    progress: Progress,
    ready_in: Callable[[str], float | None] = _always_ready,
) -> None:
    """Run the jobs on at most `workers` daemon threads; return at the latest at deadline+grace.

    `ready_in(host)` (the pacer's): 0 when a request to the host may start now; workers take
    jobs of ready hosts first."""
    queues = _Queues(jobs, ready_in)
    total = len(jobs)
    done = 0
    condition = threading.Condition()

    def work() -> None:
        nonlocal done
        while True:
            with condition:
                while True:
                    if not queues:
                        return
                    # Past the deadline, jobs are only counted: no host is waited for.
                    job, wait = queues.take(any_host=deadline.expired())
                    if job is not None:
                        break
                    condition.wait(timeout=wait)
            if not deadline.expired():
                # A job records its own result; a bug leaves it unset (reported not checked).
                with contextlib.suppress(Exception):
                    job()
            with condition:
                done += 1
                condition.notify_all()

    for index in range(min(workers, total)):
        threading.Thread(target=work, name=f"sigcheck-online-{index}", daemon=True).start()
    try:
        progress.update(0, force=True)
        with condition:
            while done < total and deadline.remaining() > -GRACE:
                wait = min(progress.interval, max(0.01, deadline.remaining() + GRACE))
                condition.wait(timeout=wait)
                progress.update(done)
            progress.update(done, force=True)
    finally:
        progress.close()  # also on Ctrl-C: leave a clean line


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
    started = time.monotonic()
    config = community.config.online
    deadline = Deadline(config.deadline)  # user patterns run within it, from the start
    exclusions = BoundedPatterns(config.exclude)
    targets = collect(community, exclusions)
    token = _token()
    # `online.cache_dir` when set, else the folder of the other caches (`cache_dir`).
    cache_dir = (
        config.cache_dir if "cache_dir" in config.model_fields_set else community.config.cache_dir
    )
    cache = (
        Cache(Path(community.root) / cache_dir, config.cache_ttl, Path(community.root))
        if use_cache and config.cache_ttl > 0
        else None
    )
    if cache is not None:
        cache.load()
    client = HttpClient(config, deadline, secrets=[token] if token else [])
    accept = AcceptRules(config.accept)
    for url in targets.urls:  # matched here, on the main thread, where a timer bounds them
        accept.codes_for(url, deadline.remaining())
    links = LinkChecker(client, accept, deadline, cache.urls if cache else None)
    gitee = GiteeChecker(client, config.gitee_api, token, cache.names if cache else {})
    repositories = repos.collect(community)
    try:
        url_results, users, orgs, repo_results = _ask(
            targets, links, gitee, client, deadline, config.workers, list(repositories)
        )
    finally:
        client.close()

    report = _Report(accept, deadline, dns_works=links.named_host_answered)
    for url, places in targets.urls.items():
        report.url(url, url_results[url], places)
    for handle, places in targets.handles.items():
        report.handle(handle, users[handle], orgs.get(handle), places)
    for name, places in repositories.items():
        result = repo_results[name]
        report.diagnostics.extend(repos.report(result, places))
        if result.state is NameState.MISSING:
            report.broken += 1
        elif result.state is not NameState.EXISTS:
            report.unverified += 1
            report.not_checked += result.state is NameState.DEADLINE

    cache_problem = None
    if cache is not None:
        cache_problem = cache.save(links.fetched_results(), gitee.fetched_results())

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
    summary = _summary(stats, time.monotonic() - started, verbose, token is not None)
    if verbose:
        summary += "".join(f"\n{line}" for line in pacing_lines(client.pacer))
    if cache_problem:
        summary += f"\nonline: {cache_problem}"
    for problem in [*exclusions.problems, *accept.problems]:
        summary += f"\nonline: {problem}"
    redact = Redactor([token] if token else [])
    diagnostics = [
        make(d.code, d.path, d.line, d.column, redact(d.message)) for d in report.diagnostics
    ]
    return OnlineOutcome(diagnostics, redact(summary), client.requests_sent, stats)


def _ask(
    targets: Targets,
    links: LinkChecker,
    gitee: GiteeChecker,
    client: HttpClient,
    deadline: Deadline,
    workers: int,
    repositories: Sequence[str] = (),
) -> tuple[
    dict[str, UrlResult], dict[str, NameResult], dict[str, NameResult], dict[str, NameResult]
]:
    url_results: dict[str, UrlResult] = {}
    users: dict[str, NameResult] = {}
    orgs: dict[str, NameResult] = {}
    repo_results: dict[str, NameResult] = {}
    jobs: list[Job] = []

    for url in targets.urls:
        cached = links.known(url)
        if cached is not None:
            url_results[url] = cached
            continue

        def check_url(url: str = url) -> None:
            url_results[url] = links.check(url)

        jobs.append((client.host_of(url), check_url))

    api_host = client.host_of(gitee.api)
    for handle, places in targets.handles.items():
        may_be_org = any(place.kind is PlaceKind.LINK for place in places)

        def check_handle(handle: str = handle, may_be_org: bool = may_be_org) -> None:
            user = gitee.user(handle)
            if user.state is NameState.MISSING and may_be_org:
                orgs[handle] = gitee.org(handle)
            users[handle] = user

        user = gitee.known("users", handle)
        if user is not None and (
            user.state is NameState.EXISTS
            or not may_be_org
            or gitee.known("orgs", handle) is not None
        ):
            check_handle()
            continue
        jobs.append((api_host, check_handle))

    for name in repositories:

        def check_repository(name: str = name) -> None:
            repo_results[name] = repos.check(gitee, name)

        if gitee.known(repos.KIND, name) is not None:
            check_repository()
        else:
            jobs.append((api_host, check_repository))

    run_jobs(jobs, workers, deadline, Progress(len(jobs)), client.pacer.ready_in)
    not_checked = UrlResult(LinkState.DEADLINE, "not checked: deadline")
    for url in targets.urls:
        url_results.setdefault(url, not_checked)
    for handle in targets.handles:
        users.setdefault(handle, NameResult(NameState.DEADLINE, "not checked: deadline"))
    for name in repositories:
        repo_results.setdefault(name, NameResult(NameState.DEADLINE, "not checked: deadline"))
    return url_results, users, orgs, repo_results


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
