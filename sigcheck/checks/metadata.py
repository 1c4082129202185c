"""M: the per-SIG metadata files (M001–M006)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.identity import PeopleRules
from sigcheck.model import Community, MetadataFile, Person, Repository, SigMetadata

_TOP_KEYS = frozenset(SigMetadata.model_fields)
_PERSON_KEYS = frozenset(Person.model_fields)
_REPOSITORY_KEYS = frozenset(Repository.model_fields)
_PEOPLE_LISTS = ("mentors", "maintainers")
_REPOSITORY_PEOPLE = ("repo_admin", "committers", "contributors")


def near_miss(key: str, known: frozenset[str]) -> str | None:
    """The known key an unknown one was probably meant to be (`repo-admin`, `maintainer`)."""
    normal = key.strip().lower().replace("-", "_").replace(" ", "_")
    for candidate in (normal, normal + "s", normal.removesuffix("s")):
        if candidate in known:
            return candidate
    close = difflib.get_close_matches(normal, sorted(known), n=1, cutoff=0.8)
    return close[0] if close else None


def _unknown_keys(
    meta: MetadataFile, mapping: Any, known: frozenset[str], path: tuple[str | int, ...]
) -> Iterator[Diagnostic]:
    if not isinstance(mapping, dict):
        return
    for key in mapping:
        if not isinstance(key, str) or key in known:
            continue
        meant = near_miss(key, known)
        if meant:
            line, column = meta.key_positions.get((*path, key), (None, None))
            yield make(
                "M004", meta.path, line, column, f"unknown key `{key}`: did you mean `{meant}`?"
            )


def _near_misses(meta: MetadataFile) -> Iterator[Diagnostic]:
    data = meta.data
    if not isinstance(data, dict):
        return
    yield from _unknown_keys(meta, data, _TOP_KEYS, ())
    for list_key in _PEOPLE_LISTS:
        for index, person in enumerate(_as_list(data.get(list_key))):
            yield from _unknown_keys(meta, person, _PERSON_KEYS, (list_key, index))
    for index, repository in enumerate(_as_list(data.get("repositories"))):
        yield from _unknown_keys(meta, repository, _REPOSITORY_KEYS, ("repositories", index))
        if isinstance(repository, dict):
            for list_key in _REPOSITORY_PEOPLE:
                for number, person in enumerate(_as_list(repository.get(list_key))):
                    place = ("repositories", index, list_key, number)
                    yield from _unknown_keys(meta, person, _PERSON_KEYS, place)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _name(meta: MetadataFile) -> Iterator[Diagnostic]:
    if meta.metadata is None:
        return
    name = meta.metadata.name
    if name != name.strip() or "/" in name or "\\" in name:
        line, column = meta.position(("name",))
        yield make(
            "M006", meta.path, line, column, f"`name: {name!r}` has surrounding spaces or a slash"
        )


def _describe(person: Person, rules: PeopleRules) -> str:
    account = rules.account(person)
    return f"@{account[1]}" if account else f"`{rules.field(person, 'name') or person.name}`"


def _leads_agree(community: Community) -> Iterator[Diagnostic]:
    """M005: who the table shows against who the metadata's leads are (per language when the
    metadata has `leads_en`), with the generator's notion of the same lead."""
    from sigcheck.leads_match import same_lead

    rules = community.config.people_rules()
    reported: set[tuple[str, bool]] = set()
    for table in readable_tables(community):
        english = table.config.is_english
        for row in table.rows:
            folder = community.folders.get(row.folder or "")
            if folder is None or row.leads_problem:
                continue
            meta = folder.metadata.metadata if folder.metadata else None
            if meta is None:
                continue
            key = (folder.name, english and meta.leads_en is not None)
            if key in reported:
                continue
            reported.add(key)
            people = meta.lead_people(rules, english)
            missing = [
                p
                for p in people
                if rules.present(p.name) or rules.accounts(p) or rules.present(p.name_en)
                if not any(same_lead(lead, p, rules) for lead in row.leads)
            ]
            extra = [
                lead for lead in row.leads if not any(same_lead(lead, p, rules) for p in people)
            ]
            if missing or extra:
                parts = []
                if missing:
                    parts.append(
                        "metadata only: " + ", ".join(_describe(p, rules) for p in missing)
                    )
                if extra:
                    parts.append(
                        "table only: "
                        + ", ".join(
                            f"@{lead.handle}" if lead.handle else f"`{lead.name}`" for lead in extra
                        )
                    )
                column = row.cell_columns[2] if len(row.cell_columns) > 2 else 1
                yield make(
                    "M005",
                    table.path,
                    row.line,
                    column,
                    f"leads differ from {folder.metadata.path if folder.metadata else ''}: "
                    + "; ".join(parts),
                )


def check(community: Community) -> Iterator[Diagnostic]:
    for folder in community.folders.values():
        meta = folder.metadata
        if meta is None:
            name = community.config.metadata_file
            yield make("M001", folder.path, None, None, f"SIG has no {name}")
            continue
        yield from meta.problems
        yield from _near_misses(meta)
        yield from _name(meta)
    yield from _leads_agree(community)
