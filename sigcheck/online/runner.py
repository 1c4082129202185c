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

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sigcheck.config import Config
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community, MarkdownDoc
from sigcheck.online import repos
from sigcheck.online.cache import Cache
from sigcheck.online.forge import ForgeChecker
from sigcheck.online.forges import Forge, ForgeMap
from sigcheck.online.http import Deadline, HttpClient, Redactor
from sigcheck.online.links import AcceptRules, LinkChecker
from sigcheck.online.pacing import Pacer
from sigcheck.online.patterns import BoundedPatterns
from sigcheck.online.pool import JobPool
from sigcheck.online.progress import Progress
from sigcheck.online.results import GONE, LinkState, NameResult, NameState, UrlResult
from sigcheck.online.scope import Base
from sigcheck.online.targets import (
    Found,
    PageTarget,
    Place,
    PlaceKind,
    Targets,
    Who,
    collect,
    forge_map,
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
        self.run_wide: dict[str, tuple[Place, int, list[str]]] = {}
        """File -> (its first place, how many, the causes): one P007 per file for what a
        run-wide reason left unverified (a spent budget, a failed canary, the deadline)."""

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
        self,
        who: Who,
        label: str,
        user: NameResult,
        org: NameResult | None,
        places: list[Place],
    ) -> None:
        handle = who[1]
        if user.state is NameState.EXISTS:
            return
        if user.state is NameState.MISSING:
            people = [p for p in places if p.kind is not PlaceKind.LINK]
            links = [p for p in places if p.kind is PlaceKind.LINK]
            for place in people:
                self._emit("P003", place, f"{label} user `@{handle}` does not exist")
            counted = bool(people)
            if links and org is not None and org.state is not NameState.EXISTS:
                if org.state is NameState.MISSING:
                    for place in links:
                        message = f"`{place.written}`: no {label} user or organisation `{handle}`"
                        self._emit("P003", place, message)
                    counted = True
                else:
                    self.unverified_places(f"{label} id `@{handle}`", org, links)
            if counted:
                self.broken += 1
            return
        self.unverified_places(f"{label} id `@{handle}`", user, places)

    def unverified_places(self, what: str, result: NameResult, places: list[Place]) -> None:
        """P007 per place for a reason of its own; a run-wide reason counts towards its
        file's one P007."""
        self.unverified += 1
        if result.state is NameState.DEADLINE:
            self.not_checked += 1
        cause = result.cause
        if cause is None and result.state is NameState.DEADLINE:
            cause = self._not_checked().removeprefix("not checked: ")
        if cause is not None:
            self.count_run_wide(places, cause)
            return
        for place in places:
            self._emit("P007", place, f"{what} could not be verified: {result.detail}")

    def count_run_wide(self, places: list[Place], cause: str) -> None:
        for place in places:
            first, count, causes = self.run_wide.get(place.path, (place, 0, []))
            if (place.line or 0) < (first.line or 0):
                first = place
            if cause not in causes:
                causes.append(cause)
            self.run_wide[place.path] = (first, count + 1, causes)

    def flush_run_wide(self) -> None:
        for path in sorted(self.run_wide):
            first, count, causes = self.run_wide[path]
            noun = "name or repository" if count == 1 else "names and repositories"
            verb = "was" if count == 1 else "were"
            message = f"{count} {noun} in this file {verb} not verified: {'; '.join(causes)}"
            self._emit("P007", first, message)


def check_online(
    community: Community, *, use_cache: bool = True, verbose: bool = False
) -> OnlineOutcome:
    """Check every forge id, repository and external link of `community` over the network."""
    session = OnlineSession(Path(community.root), community.config, use_cache=use_cache)
    return session.finish(community, verbose=verbose)


_NOT_CHECKED = "not checked: deadline"

THREADS_PER_WORKER = 2
"""Pool threads per request allowed at once (`online.workers`)."""

FORGE_QUEUE = "forge:"
"""Prefix of the pool's queue of a forge's questions (paced by its budget and its host)."""


class Scope:
    """What a pull request's base already has (`--new-since`/`--changed-since`): those names,
    repositories and URLs are not asked online, nor reported."""

    def __init__(self, handles: set[Who], repositories: set[str], urls: set[str]) -> None:
        self.written = handles
        self.handles = {(forge, name.casefold()) for forge, name in handles}
        self.repositories = {name.casefold() for name in repositories}
        self.urls = urls

    def has_handle(self, who: Who) -> bool:
        return (who[0], who[1].casefold()) in self.handles

    def has_repository(self, name: str) -> bool:
        return name.casefold() in self.repositories


class OnlineSession:
    """One run's online checks: questions asked as the targets become known, answers
    reported at `finish`. The listener methods run on the main thread (the `online.exclude`
    and `online.accept` patterns are timed there); the answers come from the pool's threads."""

    def __init__(
        self,
        root: Path,
        config: Config,
        *,
        use_cache: bool = True,
        forge_apis: Mapping[str, str] | None = None,
        base: Base | None = None,
    ) -> None:
        """`forge_apis`: `--forge-api NAME=URL`; `base`: the pull request's base revision
        (`--changed-since`, `--new-since`): then only what it lacks is asked, at `finish`."""
        self.started = time.monotonic()
        self.config = config
        online = config.online
        self.deadline = Deadline(online.deadline)  # user patterns run within it, from the start
        self.exclusions = BoundedPatterns(online.exclude)
        self.forges: ForgeMap = forge_map(config, forge_apis)
        self.base = base
        self.scope: Scope | None = None
        self.tokens = {name: forge.token() for name, forge in self.forges.forges.items()}
        secrets = [t for t in self.tokens.values() if t]
        secrets += [
            token
            for forge in self.forges.forges.values()
            if forge.token_withheld() and (token := _raw_token(forge))
        ]
        # `online.cache_dir` when set, else the folder of the other caches (`cache_dir`).
        cache_dir = online.cache_dir if "cache_dir" in online.model_fields_set else config.cache_dir
        self.cache = (
            Cache(root / cache_dir, online.cache_ttl, root)
            if use_cache and online.cache_ttl > 0
            else None
        )
        if self.cache is not None:
            self.cache.load()
        self.client = HttpClient(online, self.deadline, secrets=secrets)
        self.accept = AcceptRules(online.accept)
        self.links = LinkChecker(
            self.client, self.accept, self.deadline, self.cache.urls if self.cache else None
        )
        self._checkers: dict[str, ForgeChecker] = {}
        self._canaries: dict[str, list[str]] = {}
        self._base_ids: dict[str, list[tuple[str, str]]] = {}
        """Ids the pull request's base names, per forge: canaries of last resort."""
        # Twice `workers` threads: a thread waiting out a retry's backoff or a `Retry-After`
        # (or another thread's answer for the same URL) sends nothing, and should not keep
        # other requests from starting. The client still sends at most `workers` at once.
        self.pool = JobPool(THREADS_PER_WORKER * online.workers, self.deadline, self._ready_in)
        self.pages: dict[str, list[PageTarget]] = {}
        """`page_targets` of each page read, by path (`finish` does not classify them again)."""
        self.url_results: dict[str, UrlResult] = {}
        self._lock = threading.Lock()
        self._asked: set[tuple[str, ...]] = set()
        """Questions already queued or answered: (`url`, key), (`user`|`org`, forge, id)."""
        self._link_handles: set[tuple[str, str]] = set()
        """(forge, casefolded id) some page links to (a profile link may name an organisation)."""
        self.repositories_seen: dict[str, list[Place]] = {}
        self.skipped = 0
        """Names, repositories and URLs the pull request's base already has: not asked."""

    # --- forges -------------------------------------------------------------------------------

    def checker(self, name: str) -> ForgeChecker:
        """The checker of a forge, made on first use (its address is vetted then)."""
        with self._lock:
            checker = self._checkers.get(name)
            if checker is None:
                forge = self.forges.forges[name]
                online = self.config.online
                checker = ForgeChecker(
                    forge,
                    self.client,
                    self.deadline,
                    token=self.tokens.get(name),
                    retries=online.retries,
                    backoff=online.backoff,
                    known=self.cache.names if self.cache else None,
                    canaries=self._canaries.get(name, []),
                )
                checker.base_names = self._base_ids.get(name, [])
                self._checkers[name] = checker
            return checker

    def _ready_in(self, queue: str) -> float | None:
        if not queue.startswith(FORGE_QUEUE):
            return self.client.pacer.ready_in(queue)
        checker = self.checker(queue[len(FORGE_QUEUE) :])
        if checker.cause is not None:
            return 0.0  # its questions end at once, unasked
        budget = checker.budget.ready_in()
        host = self.client.pacer.ready_in(self.client.host_of(checker.api))
        if budget is None or host is None:
            return None
        return max(budget, host)

    def _community_orgs(self, community: Community) -> None:
        """The canary candidates: the owner of the repository's own address on its forge,
        and the owners of the repositories the metadata names, most named first."""
        repo_url = community.config.repo_url
        if repo_url:
            host = (urlsplit(repo_url).hostname or "").lower().removeprefix("www.")
            forge = self.forges.by_host.get(host)
            owner = urlsplit(repo_url).path.strip("/").split("/", 1)[0]
            if forge is not None and owner:
                self._canaries.setdefault(forge.name, []).append(owner)
        forge = self.forges.repositories
        if forge is not None:
            counts = repos.by_owner(list(repos.collect(community)))
            ranked = sorted(counts, key=lambda owner: -len(counts[owner]))
            self._canaries.setdefault(forge.name, []).extend(ranked[:2])

    # --- the loader's listener (main thread) --------------------------------------------------

    def tables_read(self, community: Community) -> None:
        """The tables and the metadata are read (`community` has no pages yet): ask about
        the repositories (organisation listings first: they also prove the organisation),
        then the ids and the tables' own links. Against a base revision, nothing is asked
        before the whole model is known (`finish`)."""
        if self.base is not None:
            return
        self._community_orgs(community)
        self._ask_repositories(repos.collect(community))
        self._ask_targets(collect(community, self.exclusions, forges=self.forges))

    def page_read(self, path: str, doc: MarkdownDoc) -> None:
        """One page is parsed: ask about its links at once."""
        found = self.pages[path] = page_targets(doc, self.config, self.exclusions.any, self.forges)
        if self.base is not None:
            return
        for kind, key, place in found:
            if kind is Found.URL:
                self._ask_url(str(key))
            elif kind is Found.HANDLE and isinstance(key, tuple):
                self._ask_handle(key, may_be_org=place.kind is PlaceKind.LINK)

    # --- asking -------------------------------------------------------------------------------

    def _first(self, key: tuple[str, ...]) -> bool:
        with self._lock:
            if key in self._asked:
                return False
            self._asked.add(key)
            return True

    def _ask_targets(self, targets: Targets) -> None:
        for url in targets.urls:
            self._ask_url(url)
        for who, places in targets.handles.items():
            may_be_org = any(place.kind is PlaceKind.LINK for place in places)
            self._ask_handle(who, may_be_org)

    def _ask_url(self, url: str) -> None:
        if self.scope is not None and url in self.scope.urls:
            return
        if not self._first(("url", url)):
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
        # waits overlap the look-ups instead of trailing after them.
        self.pool.submit(self.client.host_of(url), check_url, first=True)

    def _ask_handle(self, who: Who, may_be_org: bool) -> None:
        if self.scope is not None and self.scope.has_handle(who):
            return
        forge_name, handle = who
        folded = (forge_name, handle.casefold())
        checker = self.checker(forge_name)
        if may_be_org:
            with self._lock:
                self._link_handles.add(folded)
            user = checker.known("users", handle)
            if user is not None and user.state is NameState.MISSING:
                self._ask_org(who)  # the user's answer came before this link was read
        if not self._first(("user", *folded)):
            return

        def check_user() -> None:
            org = checker.known("orgs", handle)
            with self._lock:
                linked = folded in self._link_handles
            if linked and org is not None and org.state is NameState.EXISTS:
                return  # an organisation found to exist answers for its profile links
            user = checker.user(handle)
            with self._lock:
                linked = folded in self._link_handles
            if user.state is NameState.MISSING and linked:
                self._ask_org(who, now=True)

        self._submit(forge_name, check_user, cached=checker.known("users", handle) is not None)

    def _ask_org(self, who: Who, now: bool = False) -> None:
        forge_name, handle = who
        if not self._first(("org", forge_name, handle.casefold())):
            return
        checker = self.checker(forge_name)

        def check_org() -> None:
            checker.org(handle)

        self._submit(forge_name, check_org, cached=now or checker.known("orgs", handle) is not None)

    def _ask_repositories(self, repositories: dict[str, list[Place]]) -> None:
        forge = self.forges.repositories
        if forge is None:
            return
        checker = self.checker(forge.name)
        todo = []
        for name, places in repositories.items():
            self.repositories_seen.setdefault(name, places)
            if self.scope is not None and self.scope.has_repository(name):
                continue
            if self._first(("repo", name.casefold())):
                todo.append(name)
        for owner, names in repos.by_owner(todo).items():
            unknown = [name for name in names if checker.known(repos.KIND, name) is None]
            if len(unknown) < repos.LIST_AT_LEAST:
                for name in names:
                    self._ask_repository(checker, name)
                continue

            def list_org(owner: str = owner, names: list[str] = names) -> None:
                unknown = [name for name in names if checker.known(repos.KIND, name) is None]
                listing = checker.list_org(owner, unknown)
                for name in unknown:
                    if name.casefold() not in listing.results:
                        self._ask_repository(checker, name)

            self._submit(forge.name, list_org)

    def _ask_repository(self, checker: ForgeChecker, name: str) -> None:
        def check_repository() -> None:
            checker.repo(name)

        cached = checker.known(repos.KIND, name) is not None
        self._submit(checker.forge.name, check_repository, cached=cached)

    def _submit(self, forge: str, job: Callable[[], None], cached: bool = False) -> None:
        if cached:
            job()
        else:
            self.pool.submit(FORGE_QUEUE + forge, job)

    # --- the end ------------------------------------------------------------------------------

    def finish(self, community: Community, *, verbose: bool = False) -> OnlineOutcome:
        """Ask what is still unasked of the complete model, wait for every answer (or the
        deadline), test each forge that said "missing" against its canary, report, save the
        cache."""
        try:
            targets = collect(community, self.exclusions, self.pages, self.forges)
            repositories = repos.collect(community)
            if self.base is not None:
                from sigcheck.online.scope import scope_of

                self.scope = Scope(*scope_of(self.base, targets, repositories))
                for forge_name, handle in sorted(self.scope.written):
                    candidates = self._base_ids.setdefault(forge_name, [])
                    if len(candidates) < 2:
                        candidates.append(("users", handle))
            if not self._canaries:
                self._community_orgs(community)
            self._ask_repositories(repositories)
            self._ask_targets(targets)
            progress = Progress(self.pool.submitted)
            progress.started = self.started  # the rate and ETA count from the first question
            self.pool.wait(progress)
            for checker in list(self._checkers.values()):
                checker.confirm()
        finally:
            self.client.close()
        if self.scope is not None:
            targets, repositories = self._in_scope(targets, repositories)
        not_checked = UrlResult(LinkState.DEADLINE, _NOT_CHECKED)
        url_results = {url: self.url_results.get(url, not_checked) for url in targets.urls}
        return self._outcome(targets, repositories, url_results, verbose)

    def _in_scope(
        self, targets: Targets, repositories: dict[str, list[Place]]
    ) -> tuple[Targets, dict[str, list[Place]]]:
        """Only what the pull request's base lacks is reported online."""
        scope = self.scope
        assert scope is not None
        kept = Targets(excluded=targets.excluded)
        for url, places in targets.urls.items():
            if url in scope.urls:
                self.skipped += 1
            else:
                kept.urls[url] = places
        for who, places in targets.handles.items():
            if scope.has_handle(who):
                self.skipped += 1
            else:
                kept.handles[who] = places
        new_repositories = {}
        for name, places in repositories.items():
            if scope.has_repository(name):
                self.skipped += 1
            else:
                new_repositories[name] = places
        return kept, new_repositories

    def abandon(self) -> None:
        """Loading failed: no more questions; requests under way end with the process."""
        self.pool.close()
        self.client.close()

    def _result(self, forge: str, kind: str, name: str) -> NameResult:
        checker = self._checkers.get(forge)
        result = checker.known(kind, name) if checker is not None else None
        if result is not None:
            return result
        if checker is not None and checker.cause is not None:
            return NameResult(
                NameState.UNVERIFIED, f"not asked: {checker.cause}", cause=checker.cause
            )
        return NameResult(NameState.DEADLINE, _NOT_CHECKED)

    def _outcome(
        self,
        targets: Targets,
        repositories: dict[str, list[Place]],
        url_results: dict[str, UrlResult],
        verbose: bool,
    ) -> OnlineOutcome:
        report = _Report(self.accept, self.deadline, dns_works=self.links.named_host_answered)
        for url, places in targets.urls.items():
            report.url(url, url_results[url], places)
        handles_cached = 0
        for who, places in targets.handles.items():
            forge = self.forges.forges[who[0]]
            user = self._result(who[0], "users", who[1])
            handles_cached += user.from_cache
            org = self._checkers[who[0]].known("orgs", who[1]) if who[0] in self._checkers else None
            linked = any(p.kind is PlaceKind.LINK for p in places)
            if user.state is NameState.MISSING and linked and org is None:
                org = self._result(who[0], "orgs", who[1])
            only_links = all(place.kind is PlaceKind.LINK for place in places)
            if org is not None and org.state is NameState.EXISTS and only_links:
                continue  # an organisation: fine in prose
            report.handle(who, forge.label, user, org, places)
        repository_forge = self.forges.repositories
        for name, places in repositories.items():
            if repository_forge is None:
                break
            result = self._result(repository_forge.name, repos.KIND, name)
            if result.state is NameState.MISSING:
                report.broken += 1
            elif result.state is not NameState.EXISTS:
                if result.cause is not None or result.state is NameState.DEADLINE:
                    report.unverified_places(f"repository `{name}`", result, places)
                    continue
                report.unverified += 1
            report.diagnostics.extend(repos.report(result, places, repository_forge.label))
        report.flush_run_wide()

        cache_problem = None
        if self.cache is not None:
            names: dict[str, NameResult] = {}
            for checker in self._checkers.values():
                names.update(checker.fetched_results())
            cache_problem = self.cache.save(self.links.fetched_results(), names)

        client = self.client
        stats = {
            "urls": len(targets.urls),
            "urls_cached": sum(1 for r in url_results.values() if r.from_cache),
            "handles": len(targets.handles),
            "handles_cached": handles_cached,
            "repositories": len(repositories),
            "excluded": len(targets.excluded),
            "broken": report.broken,
            "unverified": report.unverified,
            "redirected": report.redirected,
            "not_checked": report.not_checked,
            "requests": client.requests_sent,
            "answered": client.answers,
            "skipped": self.skipped,
        }
        for name, checker in self._checkers.items():
            stats[f"requests_{name}"] = checker.requests
            stats[f"refused_{name}"] = checker.refused
        elapsed = time.monotonic() - self.started
        lines = [line for c in self._checkers.values() if (line := c.headline())]
        lines.append(_summary(stats, elapsed, verbose, self._token_words()))
        for checker in self._checkers.values():
            forge = checker.forge
            if forge.token_withheld() and checker.requests:
                lines.append(
                    f"online: {forge.label}'s API address {forge.api} comes from "
                    f"{forge.api_from}, so it was asked without {forge.token_env} (a token "
                    f"goes only to {forge.label}'s own address, or to one given with "
                    f"--forge-api {forge.name}=URL or {_api_env(forge)})"
                )
        if verbose:
            lines += pacing_lines(client.pacer)
        if cache_problem:
            lines.append(f"online: {cache_problem}")
        for problem in [*self.exclusions.problems, *self.accept.problems]:
            lines.append(f"online: {problem}")
        redact = Redactor(client.redact.secrets)
        diagnostics = [
            make(d.code, d.path, d.line, d.column, redact(d.message)) for d in report.diagnostics
        ]
        return OnlineOutcome(diagnostics, redact("\n".join(lines)), client.requests_sent, stats)

    def _token_words(self) -> str:
        parts = []
        for checker in self._checkers.values():
            forge = checker.forge
            if not forge.token_env:
                continue
            word = "with" if checker.token else "without"
            parts.append(f"{forge.label}: {checker.requests} requests {word} {forge.token_env}")
        return ", ".join(parts)


def _raw_token(forge: Forge) -> str | None:
    import os

    return os.environ.get(forge.token_env or "", "").strip() or None


def _api_env(forge: Forge) -> str:
    from sigcheck.online.forges import api_env

    return api_env(forge.name)


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


def _summary(stats: dict[str, int], elapsed: float, verbose: bool, tokens: str) -> str:
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
    if stats.get("skipped"):
        text += f"; {stats['skipped']} already in the base revision, not asked"
    if verbose:
        text += f"; {stats['requests']} requests in {elapsed:.2f}s"
        if tokens:
            text += f" ({tokens})"
    return text
