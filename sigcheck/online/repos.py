"""Repositories named in sig-info.yaml exist: `GET {api}/repos/{owner}/{name}` (SPEC §6).

P003's rules: a repository is missing only on a definite answer (a JSON 404 from the Gitee
API), reported M008 with an "(online)" message (the entry does not name a repository); every
other answer (401, 403, rate limit, 5xx, the network, the deadline) leaves it unverified,
reported P007 like an unverified handle, never as missing. Only well-formed `owner/name`
entries are asked (the rest are M008 offline already), each once per run however many SIGs
name it.
"""

from __future__ import annotations

from sigcheck.checks.repositories import metadata_repositories
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community
from sigcheck.online.gitee import GiteeChecker
from sigcheck.online.results import NameResult, NameState
from sigcheck.online.targets import Place, PlaceKind

KIND = "repos"


def collect(community: Community) -> dict[str, list[Place]]:
    """`owner/name` as first written -> every place that names it (in any letter case)."""
    found: dict[str, list[Place]] = {}
    for claim in metadata_repositories(community):
        place = Place(claim.path, claim.line, claim.column, claim.repository, PlaceKind.METADATA)
        found.setdefault(claim.repository.casefold(), []).append(place)
    return {places[0].written: places for places in found.values()}


def check(gitee: GiteeChecker, name: str) -> NameResult:
    return gitee.lookup(KIND, name)


def report(result: NameResult, places: list[Place]) -> list[Diagnostic]:
    found = []
    for place in places:
        at = (place.path, place.line, place.column)
        if result.state is NameState.EXISTS:
            continue
        if result.state is NameState.MISSING:
            message = f"repository `{place.written}` does not exist on Gitee (online: 404)"
            found.append(make("M008", *at, message))
        else:
            message = f"repository `{place.written}` could not be verified: {result.detail}"
            found.append(make("P007", *at, message))
    return found
