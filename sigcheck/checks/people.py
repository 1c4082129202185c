"""P: people in the tables and the metadata (P001, P002, P004–P006; P003/P007 are online)."""

from __future__ import annotations

from collections.abc import Iterator

from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community, MetadataFile, SigTable, TableLead, TableRow
from sigcheck.parsing.leads import is_email, is_handle

HANDLE_RULE = "letters, digits, `_`, `-`, starting with a letter"


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
    people = meta.lead_people(rules, context.english)
    return [lead for lead in row.leads if lead.handle and shown_by(lead, people, context)]


def _table_people(community: Community) -> Iterator[Diagnostic]:
    for table in readable_tables(community):
        for row in table.rows:
            seen: dict[str, int] = {}
            labelled: list[TableLead] | None = None
            for lead in row.leads:
                at = (table.path, row.line, lead.column)
                if lead.handle is not None:
                    if not is_handle(lead.handle):
                        yield make(
                            "P001",
                            *at,
                            f"`{lead.handle}` is not a valid Gitee handle ({HANDLE_RULE})",
                        )
                    text = lead.text.strip()
                    differs = text.startswith("@") and text[1:].casefold() != lead.handle.casefold()
                    if differs and labelled is None:
                        labelled = _labelled_leads(community, table, row)
                    if differs and not any(lead is known for known in labelled or []):
                        yield make(
                            "P002",
                            *at,
                            f"link text `{text}` differs from the handle `{lead.handle}` in the URL",
                        )
                    key = "@" + lead.handle.casefold()
                else:
                    yield make("P004", *at, f"lead `{lead.text}` is named without a Gitee handle")
                    key = (lead.name or lead.text).casefold()
                if lead.email is not None and not is_email(lead.email):
                    yield make(
                        "P005",
                        table.path,
                        row.line,
                        lead.email_column,
                        f"`{lead.email}` is not a valid email address",
                    )
                if key in seen:
                    yield make("P006", *at, f"`{lead.text}` is listed twice in this cell")
                seen[key] = lead.column


def _metadata_people(meta: MetadataFile) -> Iterator[Diagnostic]:
    if meta.metadata is None:
        return
    for place, people in meta.metadata.people_lists():
        seen: set[str] = set()
        for index, person in enumerate(people):
            if person.gitee_id is not None:
                line, column = meta.position((*place, index, "gitee_id"))
                if not is_handle(person.gitee_id):
                    yield make(
                        "P001",
                        meta.path,
                        line,
                        column,
                        f"`{person.gitee_id}` is not a valid Gitee handle ({HANDLE_RULE})",
                    )
                key = "@" + person.gitee_id.casefold()
                label = f"@{person.gitee_id}"
            else:
                line, column = meta.position((*place, index, "name"))
                key = (person.name or "").strip().casefold()
                label = f"`{person.name}`"
            if key in seen:
                where = ".".join(str(p) for p in place)
                yield make("P006", meta.path, line, column, f"{label} is listed twice in {where}")
            seen.add(key)
            if person.email is not None and not is_email(person.email):
                line, column = meta.position((*place, index, "email"))
                yield make(
                    "P005",
                    meta.path,
                    line,
                    column,
                    f"`{person.email}` is not a valid email address",
                )


def check(community: Community) -> Iterator[Diagnostic]:
    yield from _table_people(community)
    for folder in community.folders.values():
        if folder.metadata is not None:
            yield from _metadata_people(folder.metadata)
