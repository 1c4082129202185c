"""P: people in the tables, the metadata and `OWNERS` (P001, P002, P004–P006; P003/P007 are
online).

Which keys identify a person, and what counts as a real value, come from the configuration's
`PeopleRules`: an empty string or a placeholder is absent here (M007 reports placeholders once),
so it is never a bad handle, a malformed email or the same person twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, field_path, make
from sigcheck.identity import Identity, PeopleRules
from sigcheck.model import (
    Community,
    MetadataFile,
    OwnersFile,
    SigFolder,
    SigTable,
    TableLead,
    TableRow,
)
from sigcheck.parsing.leads import is_email, is_handle

HANDLE_RULE = "letters, digits, `_`, `-`, starting with a letter"


def _identity(rules: PeopleRules, key: str | None) -> Identity:
    return next((i for i in rules.identities if i.key == key), rules.primary)


def _bad_handle(handle: str, identity: Identity) -> str:
    return f"`{handle}` is not a valid {identity.label} handle ({HANDLE_RULE})"


KnownIds = dict[str, tuple[Identity, str, str]]
"""casefolded id -> (identity, the id as written, the file that has it)."""


def known_ids(community: Community, rules: PeopleRules) -> KnownIds:
    """Every account id anywhere in the community's metadata, for P004's hint. Read from the
    raw YAML, so that a file with a schema error (M003) still counts."""
    found: KnownIds = {}

    def walk(value: object, path: str) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item, path)
        elif isinstance(value, dict):
            for identity in rules.identities:
                handle = rules.present(value.get(identity.key))
                if handle is not None:
                    found.setdefault(handle.casefold(), (identity, handle, path))
            for item in value.values():
                if isinstance(item, list | dict):
                    walk(item, path)

    for name in sorted(community.folders):
        meta = community.folders[name].metadata
        if meta is not None:
            walk(meta.data, meta.path)
    return found


def _named(
    lead: TableLead, folder: SigFolder | None, rules: PeopleRules
) -> tuple[Identity, str, str] | None:
    """The account of the person of the row's SIG whom a lead written by name names
    (`Yahao Ding` for `gitee_id: yahao-d, name: dingyahao`), for P004's hint."""
    from sigcheck.leads_match import names_person

    meta = folder.metadata if folder is not None else None
    if meta is None or meta.metadata is None:
        return None
    for person in meta.metadata.everyone():
        account = rules.account(person)
        if account is not None and names_person(lead.name or lead.text, person, rules):
            return account[0], account[1], meta.path
    return None


def _p004(
    lead: TableLead, known: KnownIds, rules: PeopleRules, folder: SigFolder | None = None
) -> str:
    name = (lead.name or lead.text).strip().lstrip("@")
    hit = known.get(name.casefold()) or _named(lead, folder, rules)
    if hit is None:
        return f"lead `{lead.text}` is named without a {rules.primary.label} handle"
    identity, value, path = hit
    profile = identity.profile(value)
    fix = f": write it as [@{value}]({profile})" if profile else ""
    return f"lead `{lead.text}`: `{value}` is a {identity.key} in {path}{fix}"


def _labelled_leads(community: Community, table: SigTable, row: TableRow) -> list[TableLead]:
    """The leads of a row whose link text is the `display` label the SIG's metadata gives
    them (P002 is about labels nobody chose; `fix` writes these)."""
    from sigcheck.generate.render import RowContext
    from sigcheck.leads_match import shown_by

    folder = community.folders.get(row.folder or "")
    meta = folder.metadata.metadata if folder and folder.metadata else None
    if meta is None:
        return []
    rules = community.config.people_rules()
    context = RowContext(table.path, table.config.is_english, rules=rules)
    people = folder.lead_people(rules, context.english) if folder else []
    return [lead for lead in row.leads if lead.handle and shown_by(lead, people, context)]


def _table_people(community: Community, rules: PeopleRules) -> Iterator[Diagnostic]:
    known: KnownIds | None = None
    for table in readable_tables(community):
        for row in table.rows:
            seen: dict[str, int] = {}
            labelled: list[TableLead] | None = None
            for lead in row.leads:
                at = (table.path, row.line, lead.column)
                who = f"{row.subject}:{lead.handle or lead.name or lead.text.strip()}"
                if lead.handle is not None:
                    if not is_handle(lead.handle):
                        identity = _identity(rules, lead.identity)
                        yield make("P001", *at, _bad_handle(lead.handle, identity), who)
                    text = lead.text.strip()
                    differs = text.startswith("@") and text[1:].casefold() != lead.handle.casefold()
                    if differs and labelled is None:
                        labelled = _labelled_leads(community, table, row)
                    if differs and not any(lead is known for known in labelled or []):
                        yield make(
                            "P002",
                            *at,
                            f"link text `{text}` differs from the handle `{lead.handle}` in the URL",
                            who,
                        )
                    key = "@" + lead.handle.casefold()
                else:
                    if known is None:
                        known = known_ids(community, rules)
                    folder = community.folders.get(row.folder or "")
                    yield make("P004", *at, _p004(lead, known, rules, folder), who)
                    key = (lead.name or lead.text).casefold()
                email = rules.present(lead.email)
                if email is not None and not is_email(email):
                    yield make(
                        "P005",
                        table.path,
                        row.line,
                        lead.email_column,
                        f"`{email}` is not a valid email address",
                        f"{who}:{email}",
                    )
                if key in seen:
                    yield make("P006", *at, f"`{lead.text}` is listed twice in this cell", who)
                seen[key] = lead.column


def _metadata_people(meta: MetadataFile, rules: PeopleRules) -> Iterator[Diagnostic]:
    if meta.metadata is None:
        return
    for place, people in meta.metadata.people_lists():
        seen: set[str] = set()
        for index, person in enumerate(people):
            accounts = rules.accounts(person)
            for identity, value in accounts:
                if not is_handle(value):
                    line, column = meta.position((*place, index, identity.key))
                    yield make(
                        "P001",
                        meta.path,
                        line,
                        column,
                        _bad_handle(value, identity),
                        f"{field_path((*place, identity.key))}={value}",
                    )
            if accounts:
                identity, value = accounts[0]
                line, column = meta.position((*place, index, identity.key))
                keys = {"@" + handle for handle in rules.ids(person)}
                label = f"@{value}"
            else:
                name = rules.field(person, "name") or rules.field(person, "name_en")
                line, column = meta.position((*place, index, "name"))
                keys = {name.casefold()} if name else set()
                label = f"`{name}`"
            if keys & seen:
                where = ".".join(str(p) for p in place)
                message = f"{label} is listed twice in {where}"
                yield make("P006", meta.path, line, column, message, f"{where}:{label}")
            seen |= keys
            email = rules.field(person, "email")
            if email is not None and not is_email(email):
                line, column = meta.position((*place, index, "email"))
                yield make(
                    "P005",
                    meta.path,
                    line,
                    column,
                    f"`{email}` is not a valid email address",
                    f"{field_path(place)}:{email}",
                )


def _owners_people(owners: OwnersFile, rules: PeopleRules) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for written, (line, column) in owners.maintainers:
        value = rules.present(written)
        if value is None:
            continue
        if not is_handle(value):
            message = _bad_handle(value, rules.primary)
            yield make("P001", owners.path, line, column, message, f"maintainers={value}")
        if value.casefold() in seen:
            message = f"@{value} is listed twice in maintainers"
            yield make("P006", owners.path, line, column, message, f"maintainers={value}")
        seen.add(value.casefold())


def check(community: Community) -> Iterator[Diagnostic]:
    rules = community.config.people_rules()
    yield from _table_people(community, rules)
    for folder in community.folders.values():
        if folder.metadata is not None:
            yield from _metadata_people(folder.metadata, rules)
        if folder.owners is not None:
            yield from _owners_people(folder.owners, rules)
