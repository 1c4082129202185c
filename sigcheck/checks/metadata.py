"""M: the per-SIG metadata files (M001–M007) and `OWNERS` (M005 against sig-info.yaml).

Repositories (M008, M009) are checked in `repositories.py`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from sigcheck.checks.repositories import nested_entries
from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, field_path, make
from sigcheck.identity import PeopleRules
from sigcheck.model import (
    BranchKeepers,
    BranchOfRepository,
    Community,
    MetadataFile,
    Person,
    Repository,
    SigFolder,
    SigMetadata,
)

_TOP_KEYS = frozenset(SigMetadata.model_fields)
_PERSON_KEYS = frozenset(Person.model_fields)
_REPOSITORY_KEYS = frozenset(Repository.model_fields)
_KEEPER_KEYS = frozenset(BranchKeepers.model_fields)
_REPO_BRANCH_KEYS = frozenset(BranchOfRepository.model_fields)
_PEOPLE_LISTS = ("mentors", "maintainers", "committers", "security_contacts")
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
    meta: MetadataFile,
    mapping: Any,
    known: frozenset[str],
    path: tuple[str | int, ...],
    closed: bool = False,
) -> Iterator[Diagnostic]:
    """M004 for a key that looks like a known one; where the key set is `closed` (the
    community's gate refuses unknown keys), for every unknown key."""
    if not isinstance(mapping, dict):
        return
    for key in mapping:
        if isinstance(key, str) and key in known:
            continue
        meant = near_miss(key, known) if isinstance(key, str) else None
        if meant or closed:
            line, column = meta.key_positions.get((*path, str(key)), (None, None))
            if meant:
                message = f"unknown key `{key}`: did you mean `{meant}`?"
            else:
                message = (
                    f"unknown key `{key}`: this community's key set is closed "
                    f"({', '.join(sorted(known))})"
                )
            yield make("M004", meta.path, line, column, message, field_path((*path, str(key))))


def _near_misses(
    meta: MetadataFile, rules: PeopleRules, closed: bool = False
) -> Iterator[Diagnostic]:
    data = meta.data
    if not isinstance(data, dict):
        return
    person_keys = _PERSON_KEYS | {identity.key for identity in rules.identities}
    yield from _unknown_keys(meta, data, _TOP_KEYS, (), closed)
    for list_key in _PEOPLE_LISTS:
        for index, person in enumerate(_as_list(data.get(list_key))):
            yield from _unknown_keys(meta, person, person_keys, (list_key, index), closed)
    for index, repository in enumerate(_as_list(data.get("repositories"))):
        where: tuple[str | int, ...] = ("repositories", index)
        yield from _unknown_keys(meta, repository, _REPOSITORY_KEYS, where, closed)
        if isinstance(repository, dict):
            for list_key in _REPOSITORY_PEOPLE:
                for number, person in enumerate(_as_list(repository.get(list_key))):
                    place = ("repositories", index, list_key, number)
                    yield from _unknown_keys(meta, person, person_keys, place, closed)
    if not closed:
        return
    for index, entry in enumerate(_as_list(data.get("branches"))):
        yield from _unknown_keys(meta, entry, _KEEPER_KEYS, ("branches", index), closed)
        if isinstance(entry, dict):
            for number, item in enumerate(_as_list(entry.get("repo_branch"))):
                at: tuple[str | int, ...] = ("branches", index, "repo_branch", number)
                yield from _unknown_keys(meta, item, _REPO_BRANCH_KEYS, at, closed)
            for number, person in enumerate(_as_list(entry.get("keeper"))):
                at = ("branches", index, "keeper", number)
                yield from _unknown_keys(meta, person, person_keys, at, closed)


_PERSON_VALUES = ("name", "name_en", "email")
_SIG_VALUES = ("mailing_list", "meeting_url")


def _placeholder(
    meta: MetadataFile, rules: PeopleRules, value: object, loc: tuple[str | int, ...], what: str
) -> Iterator[Diagnostic]:
    """M007 for a to-be-filled value (`TO_BE_CLARIFIED`, `待补充`); a "none" value (`NA`,
    `-`) and an empty string say there is none (openEuler's template writes `meeting_url:
    NA`; `gitee_id: ''` beside an `atomgit_id`): absent, not reported."""
    if rules.to_be_filled(value):
        assert isinstance(value, str)
        line, column = meta.position(loc)
        message = (
            f"`{value.strip()}` is a placeholder where {what} belongs (treated as absent): "
            "write the real value, or a none value (`NA`) if there is none"
        )
        yield make("M007", meta.path, line, column, message, f"{field_path(loc)}={value.strip()}")


def _placeholders(meta: MetadataFile, rules: PeopleRules) -> Iterator[Diagnostic]:
    if meta.metadata is None:
        return
    data = meta.metadata
    for key in _SIG_VALUES:
        yield from _placeholder(meta, rules, getattr(data, key), (key,), f"`{key}`")
    for place, people in data.people_lists():
        for index, person in enumerate(people):
            for identity in rules.identities:
                value = getattr(person, identity.key, None)
                if value is None and person.model_extra:
                    value = person.model_extra.get(identity.key)
                what = f"a {identity.label} id (`{identity.key}`)"
                yield from _placeholder(meta, rules, value, (*place, index, identity.key), what)
            for key in _PERSON_VALUES:
                what = "an email" if key == "email" else f"a `{key}`"
                value = getattr(person, key)
                yield from _placeholder(meta, rules, value, (*place, index, key), what)


def _owners(folder: SigFolder, rules: PeopleRules) -> Iterator[Diagnostic]:
    """OWNERS' own problems, its placeholders, and whether it agrees with sig-info.yaml's
    maintainers (reported like M005: OWNERS wins, so the metadata is what to fix)."""
    owners = folder.owners
    if owners is None:
        return
    yield from owners.problems
    for written, (line, column) in owners.maintainers:
        if rules.to_be_filled(written):
            message = f"`{written.strip()}` is a placeholder where an account id belongs"
            yield make("M007", owners.path, line, column, message, f"maintainers={written.strip()}")
    meta = folder.metadata.metadata if folder.metadata else None
    if meta is None or not owners.maintainers or owners.problems:
        return
    ids = {v.casefold(): v for v in (rules.present(w) for w, _ in owners.maintainers) if v}
    listed = [p for p in meta.maintainers if rules.ids(p) or rules.field(p, "name")]
    if not listed:
        return  # sig-info.yaml leaves the maintainers to OWNERS: nothing to disagree with
    only_metadata = [p for p in listed if not rules.ids(p) & set(ids)]
    matched = {i for p in listed for i in rules.ids(p)}
    only_owners = [ids[key] for key in ids if key not in matched]
    if not only_metadata and not only_owners:
        return
    parts = []
    if only_owners:
        parts.append("OWNERS only: " + ", ".join(f"@{handle}" for handle in only_owners))
    if only_metadata:
        described = (_describe_with(p, rules) for p in only_metadata)
        parts.append(
            f"{folder.metadata.path if folder.metadata else ''} only: " + ", ".join(described)
        )
    line, column = owners.maintainers[0][1]
    source = folder.metadata.path if folder.metadata else ""
    heading = (
        "OWNERS maintainers differ from sig-info.yaml maintainers (OWNERS wins): "
        if owners.wins
        else f"OWNERS `{owners.leads_key}` differs from the leads in {source} ({source} wins): "
    )
    yield make("M005", owners.path, line, column, heading + "; ".join(parts), "maintainers")


def _misnamed(folder: SigFolder, names: tuple[str, ...]) -> Iterator[Diagnostic]:
    """M004 for a file whose name is a metadata file's with other spaces or letter case
    (` OWNERS`, `owners`): it is not read, so what it says counts for nothing."""
    for written in sorted(folder.files):
        if written in names:
            continue
        meant = next(
            (
                n
                for n in names
                if written.strip().casefold() == n.casefold() and n not in folder.files
            ),
            None,
        )
        if meant is not None:
            message = f"file name `{written}` looks like `{meant}`, which is not read under it"
            yield make("M004", f"{folder.path}/{written}", None, None, message, meant)


def _describe_with(person: Person, rules: PeopleRules) -> str:
    account = rules.account(person)
    return f"@{account[1]}" if account else f"`{rules.field(person, 'name')}`"


def _problems(meta: MetadataFile) -> Iterator[Diagnostic]:
    """The loader's M002/M003, less the schema error of a mapping nested in `repo:`, which
    M008 explains with its fix (repositories.py)."""
    nested = {meta.position(loc) for loc in nested_entries(meta)}
    for problem in meta.problems:
        if problem.code == "M003" and (problem.line, problem.column) in nested:
            continue
        yield problem


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _name(meta: MetadataFile, folder: SigFolder, is_folder: bool) -> Iterator[Diagnostic]:
    """M006 from the raw data, so that a schema error elsewhere (M003) hides nothing here."""
    name = meta.data.get("name") if isinstance(meta.data, dict) else None
    if not isinstance(name, str):
        return
    line, column = meta.position(("name",))
    if name != name.strip() or "/" in name or "\\" in name:
        yield make(
            "M006",
            meta.path,
            line,
            column,
            f"`name: {name!r}` has surrounding spaces or a slash",
            "name",
        )
    elif is_folder and name != folder.name:
        yield make(
            "M006",
            meta.path,
            line,
            column,
            f"`name: {name}` differs from its folder `{folder.name}`: this community's SIG "
            "name is its folder's",
            "name",
        )


def _required(
    meta: MetadataFile, folder: SigFolder, lists: tuple[str, ...]
) -> Iterator[Diagnostic]:
    """M003: a list the community requires has no entry (`maintainers`; OWNERS' count too)."""
    data = meta.data if isinstance(meta.data, dict) else None
    if data is None:
        return
    for key in lists:
        if key == "maintainers" and folder.owners is not None and folder.owners.maintainers:
            continue
        if _as_list(data.get(key)):
            continue
        line, column = meta.position((key,))
        what = "is missing" if key not in data else "is empty"
        message = f"{key}: {what}: at least one is required"
        yield make("M003", meta.path, line, column, message, f"{key}:required")


def _describe(person: Person, rules: PeopleRules) -> str:
    account = rules.account(person)
    return f"@{account[1]}" if account else f"`{rules.field(person, 'name') or person.name}`"


def _leads_agree(community: Community) -> Iterator[Diagnostic]:
    """M005: who the table shows against who the metadata's leads are (per language when the
    metadata has `leads_en`), with the generator's notion of the same lead. Without a
    `leads` key a table lead agrees when they are one of the maintainers (`OWNERS`' where it
    wins); with one, the cell names exactly those people."""
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
            people = folder.lead_people(rules, english)
            # without `leads`, the table may name any of the maintainers (SPEC §3): only a
            # lead who is none of them disagrees; an explicit `leads` is the whole list
            explicit = meta.leads_en if english and meta.leads_en is not None else meta.leads
            missing = [
                p
                for p in (people if explicit is not None else [])
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
                    named = ", ".join(
                        f"@{lead.handle}" if lead.handle else f"`{lead.name}`" for lead in extra
                    )
                    how = "" if explicit is not None else " (none of the maintainers)"
                    parts.append(f"table only: {named}{how}")
                source = folder.metadata.path if folder.metadata else ""
                if (
                    explicit is None
                    and folder.owners
                    and any(rules.present(written) for written, _ in folder.owners.maintainers)
                ):
                    source = folder.owners.path  # OWNERS says who the maintainers are
                column = row.cell_columns[2] if len(row.cell_columns) > 2 else 1
                yield make(
                    "M005",
                    table.path,
                    row.line,
                    column,
                    f"leads differ from {source}: " + "; ".join(parts),
                    f"leads:{folder.name}",
                )


def check(community: Community) -> Iterator[Diagnostic]:
    rules = community.config.people_rules()
    registry = community.registry
    names = tuple(
        name
        for name in (
            community.config.owners_file_name,
            None if registry is not None else community.config.metadata_file,
        )
        if name
    )
    layout = community.config.layout_spec
    for folder in community.folders.values():
        yield from _owners(folder, rules)
        yield from _misnamed(folder, names)
        meta = folder.metadata
        if meta is None:
            if registry is None:  # with a registry, a folder without a record is D003
                name = community.config.metadata_file
                yield make("M001", folder.path, None, None, f"SIG has no {name}", "")
            continue
        yield from _problems(meta)
        yield from _near_misses(meta, rules, layout.closed_keys)
        yield from _name(meta, folder, layout.name_is_folder)
        yield from _required(meta, folder, layout.required_lists)
        yield from _placeholders(meta, rules)
    yield from _leads_agree(community)
