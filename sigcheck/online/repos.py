"""Repositories named in sig-info.yaml exist on the layout's forge (SPEC §6).

A repository is missing only on a definite answer (a JSON 404 asked twice with the canary
answered, or a complete listing of its organisation), reported M008 with an "(online)" message
(the entry does not name a repository); every other answer leaves it unverified, P007, never
missing. Only well-formed `owner/name` entries are asked, each once per run however many SIGs
name it. Where an organisation is named by `LIST_AT_LEAST` claims or more, its listing
(`/orgs/{org}/repos`, 100 a page) is read first, for as long as a page costs less than asking
for each repository it may answer (`ForgeChecker.list_org`).
"""

from __future__ import annotations

from sigcheck.checks.repositories import metadata_repositories
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community
from sigcheck.online.results import NameResult, NameState
from sigcheck.online.targets import Place, PlaceKind

KIND = "repos"

LIST_AT_LEAST = 5
"""Claims of one organisation from which its listing is read (fewer: one request each; a
listing page costs one request and may answer for up to 100)."""


def collect(community: Community) -> dict[str, list[Place]]:
    """`owner/name` as first written -> every place that names it (in any letter case)."""
    found: dict[str, list[Place]] = {}
    for claim in metadata_repositories(community):
        place = Place(claim.path, claim.line, claim.column, claim.repository, PlaceKind.METADATA)
        found.setdefault(claim.repository.casefold(), []).append(place)
    return {places[0].written: places for places in found.values()}


def by_owner(names: list[str]) -> dict[str, list[str]]:
    """`owner` (as first written) -> its repositories, owners in one letter case."""
    groups: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for name in names:
        owner = name.split("/", 1)[0]
        groups.setdefault(first.setdefault(owner.casefold(), owner), []).append(name)
    return groups


def report(result: NameResult, places: list[Place], label: str) -> list[Diagnostic]:
    """Per place: M008 when missing, P007 when unverified for its own reason (a run-wide
    reason is reported once per file by the runner)."""
    found = []
    for place in places:
        at = (place.path, place.line, place.column)
        if result.state is NameState.EXISTS:
            continue
        if result.state is NameState.MISSING:
            how = "404" if result.detail.startswith("404") else result.detail
            message = f"repository `{place.written}` does not exist on {label} (online: {how})"
            found.append(make("M008", *at, message))
        else:
            message = f"repository `{place.written}` could not be verified: {result.detail}"
            found.append(make("P007", *at, message))
    return found
