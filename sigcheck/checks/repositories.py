"""M008, M009: the repositories a SIG claims.

Read from the raw YAML (not the validated model), so that a file with a schema error elsewhere
(M003) still has its repositories checked. Claims come from `repositories[].repo` of
sig-info.yaml and, where the layout has them, from the paths of openEuler's per-repository
files (`sig/<SIG>/<owner>/<letter>/<name>.yaml`; listed, never read).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sigcheck.diagnostics import Diagnostic, field_path, make
from sigcheck.identity import PeopleRules
from sigcheck.layout import Layout
from sigcheck.model import Community, MetadataFile, SigFolder

_PART = r"[A-Za-z0-9_.-]+"
OWNER_NAME_RE = re.compile(rf"^{_PART}/{_PART}$")


@dataclass(frozen=True, slots=True)
class Claim:
    repository: str
    """`owner/name` as written (trimmed)."""
    sig: str
    path: str
    line: int | None
    column: int | None


def is_owner_name(text: str) -> bool:
    if not OWNER_NAME_RE.match(text):
        return False
    owner, _slash, name = text.partition("/")  # the pattern allows exactly one `/`
    return owner not in (".", "..") and name not in (".", "..")


def problem(text: str) -> str | None:
    """Why an entry is not `owner/name`, with the fix; None when it is."""
    if is_owner_name(text):
        return None
    shown = f"`{text}` is not `owner/name`"
    if re.match(r"^[a-z]+://", text, re.IGNORECASE):
        tail = "/".join(re.sub(r"^[a-z]+://[^/]+/?", "", text, flags=re.IGNORECASE).split("/")[:2])
        return f"{shown}: write the repository as `{tail}`, not as an address"
    stripped = text.strip("/")
    if stripped != text and is_owner_name(stripped):
        return f"{shown}: drop the slash (`{stripped}`)"
    parts = [part for part in stripped.split("/") if part]
    if len(parts) == 1:
        return f"{shown}: it names an owner or a repository alone; write `owner/name`"
    if len(parts) > 2 and is_owner_name("/".join(parts[:2])):
        return (
            f"{shown}: it is a folder inside `{parts[0]}/{parts[1]}`; "
            "list the repository (a folder is not a repository)"
        )
    return f"{shown} (letters, digits, `.`, `_`, `-` on each side of one `/`)"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entries(meta: MetadataFile) -> Iterator[tuple[object, tuple[str | int, ...]]]:
    """Every `repo` entry of the raw data with its field path."""
    data = meta.data
    if not isinstance(data, dict):
        return
    for index, repository in enumerate(_as_list(data.get("repositories"))):
        if not isinstance(repository, dict) or "repo" not in repository:
            continue
        value = repository["repo"]
        if isinstance(value, list):
            for number, entry in enumerate(value):
                yield entry, ("repositories", index, "repo", number)
        elif value is not None:
            yield value, ("repositories", index, "repo")


def nested_entries(meta: MetadataFile) -> list[tuple[str | int, ...]]:
    """Field paths of `repo` entries that are mappings (`directories:` nested inside)."""
    return [loc for entry, loc in _entries(meta) if isinstance(entry, dict)]


def _metadata_claims(
    meta: MetadataFile, sig: str, rules: PeopleRules, owners: tuple[str, ...] = ()
) -> tuple[list[Claim], list[Diagnostic]]:
    claims: list[Claim] = []
    found: list[Diagnostic] = []
    for entry, loc in _entries(meta):
        line, column = meta.position(loc)
        if isinstance(entry, dict):
            keys = ", ".join(f"`{key}`" for key in entry)
            found.append(
                make(
                    "M008",
                    meta.path,
                    line,
                    column,
                    f"a mapping ({keys}) where a repository `owner/name` belongs: `repo` lists "
                    "repositories as text; keep other keys (`directories:`) beside `repo:`",
                    f"{field_path(loc)}={{{','.join(map(str, entry))}}}",
                )
            )
            continue
        if not isinstance(entry, str):
            continue  # a number or a list: the schema (M003) says so
        text = entry.strip()
        if text and rules.is_placeholder(text):
            if rules.to_be_filled(text):  # a none value (`NA`): no repository, not reported
                message = f"`{text}` is a placeholder where a repository `owner/name` belongs"
                found.append(make("M007", meta.path, line, column, message, f"repo={text}"))
            continue
        why = problem(text) if text else "an empty repository entry; write `owner/name`"
        if why:
            found.append(make("M008", meta.path, line, column, why, f"repo={text}"))
            continue
        owner = text.partition("/")[0]
        if owners and owner not in owners:
            allowed = ", ".join(f"`{o}`" for o in owners)
            message = f"`{text}`: the owner `{owner}` is not one this community allows ({allowed})"
            found.append(make("M008", meta.path, line, column, message, f"repo={text}"))
            continue
        claims.append(Claim(text, sig, meta.path, line, column))
    return claims, found


def _twice(claims: list[Claim]) -> Iterator[Diagnostic]:
    """M012: a repository listed again in the same metadata file."""
    first: dict[str, Claim] = {}
    for claim in claims:
        key = claim.repository.casefold()
        if key in first:
            earlier = first[key]
            yield make(
                "M012",
                claim.path,
                claim.line,
                claim.column,
                f"`{claim.repository}` is already listed at line {earlier.line}: list it once",
                f"repo={key}",
            )
        else:
            first[key] = claim


def _without_file(claims: list[Claim], folder: SigFolder) -> Iterator[Diagnostic]:
    """R009: a listed repository with no per-repository file in the same SIG."""
    present = {repository for repository, _ in folder.repository_files}
    folded = {repository.casefold(): repository for repository in present}
    reported: set[str] = set()
    for claim in claims:
        if claim.repository in present or claim.repository in reported:
            continue
        reported.add(claim.repository)
        owner, _slash, name = claim.repository.partition("/")
        expected = f"{folder.path}/{owner}/{name[:1].lower()}/{name}.yaml"
        other = folded.get(claim.repository.casefold())
        hint = f" (there is `{other}`: the case differs)" if other else f": add `{expected}`"
        yield make(
            "R009",
            claim.path,
            claim.line,
            claim.column,
            f"`{claim.repository}` has no repository file in this SIG{hint}",
            f"repo={claim.repository}",
        )


def metadata_repositories(community: Community) -> list[Claim]:
    """The well-formed `owner/name` entries of every sig-info.yaml (what `--online` asks)."""
    rules = community.config.people_rules()
    claims: list[Claim] = []
    for name in sorted(community.folders):
        meta = community.folders[name].metadata
        if meta is not None:
            claims.extend(_metadata_claims(meta, name, rules)[0])
    return claims


def _same_repository(layout: Layout) -> Callable[[str], str]:
    """What makes two claims one repository: `owner/name` case-folded, or, where the community
    allows one SIG per repository name (openEuler), the name alone."""
    if layout.one_sig_per_name:
        return lambda repository: repository.rpartition("/")[2].casefold()
    return str.casefold


def _exempt(community: Community) -> frozenset[str]:
    """Repositories the community's exceptions list lets two SIGs claim (names or
    `owner/name`, case-folded); read only when a repository is claimed twice."""
    from sigcheck.checks.gate_data import gate_data, named

    data = gate_data(community, "exceptions")
    return frozenset(name.casefold() for name in named(data)) if data is not None else frozenset()


def check(community: Community) -> Iterator[Diagnostic]:
    rules = community.config.people_rules()
    layout = community.config.layout_spec
    same = _same_repository(layout)
    private = layout.repository_rules.private_sig if layout.repository_rules else None
    claims: dict[str, list[Claim]] = {}
    for name in sorted(community.folders):
        folder = community.folders[name]
        found: list[Claim] = []
        if folder.metadata is not None:
            from_metadata, diagnostics = _metadata_claims(
                folder.metadata, name, rules, layout.repository_owners
            )
            yield from diagnostics
            yield from _twice(from_metadata)
            if layout.repository_rules is not None:
                yield from _without_file(from_metadata, folder)
            found.extend(from_metadata)
        found += [Claim(repo, name, path, None, None) for repo, path in folder.repository_files]
        if name == private:
            continue  # private repositories are claimed beside their SIG's on purpose
        for claim in found:
            claims.setdefault(same(claim.repository), []).append(claim)
    if not community.config.one_sig_rule:
        return
    exempt: frozenset[str] | None = None
    for key, places in claims.items():
        first_of_sig: dict[str, Claim] = {}
        for claim in places:
            first_of_sig.setdefault(claim.sig, claim)
        if len(first_of_sig) < 2:
            continue
        if community.config.gate_files("exceptions"):
            exempt = _exempt(community) if exempt is None else exempt
            if key in exempt or any(c.repository.casefold() in exempt for c in places):
                continue
        for claim in first_of_sig.values():
            others = ", ".join(
                f"`{other.sig}` ({other.path}{f':{other.line}' if other.line else ''})"
                for other in first_of_sig.values()
                if other.sig != claim.sig
            )
            yield make(
                "M009",
                claim.path,
                claim.line,
                claim.column,
                f"`{claim.repository}` is also claimed by SIG {others}: one SIG per repository",
                f"repo={claim.repository.casefold()}",
            )
