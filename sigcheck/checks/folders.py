"""D: the SIG folders against the tables (D001–D003), and the README a name cell links."""

from __future__ import annotations

from collections.abc import Iterator

from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.files import Found
from sigcheck.model import Community, SigTable, TableRow
from sigcheck.parsing.targets import LocalTarget, classify


def _linked_file(community: Community, table: SigTable, row: TableRow) -> Iterator[Diagnostic]:
    """The folder exists: the README the row links must exist too, with this exact case."""
    if row.link is None:
        return
    target = classify(row.link, table.path, community.config.own_address)
    if not isinstance(target, LocalTarget) or target.path.count("/") < 2:
        return
    folder = community.folders.get(row.folder or "")
    name = target.path.rsplit("/", 1)[1]
    if folder is None or not name or name == "README.md":
        return  # a missing README.md is D002, reported once at the folder
    lookup = community.files.lookup(target.path)
    if lookup.found is Found.MISSING:
        yield make(
            "L001", table.path, row.line, row.link_column, f"`{row.link}` does not exist", row.link
        )
    elif lookup.found is Found.CASE_ONLY:
        yield make(
            "L003",
            table.path,
            row.line,
            row.link_column,
            f"`{row.link}` exists only as `{lookup.actual}`",
            row.link,
        )


def _rows(community: Community) -> Iterator[Diagnostic]:
    for table in readable_tables(community):
        for row in table.rows:
            if row.folder is None:
                continue
            if row.folder in community.folders:
                yield from _linked_file(community, table, row)
                continue
            path = community.config.folder_path(row.folder)
            lookup = community.files.lookup(path)
            if lookup.found is Found.CASE_ONLY and lookup.is_dir:
                message = f"SIG folder `{path}` does not exist (there is `{lookup.actual}`)"
            elif lookup.found is Found.EXACT and lookup.is_dir:
                continue  # excluded, hidden or a symlink: deliberately not checked
            elif lookup.found is Found.OUTSIDE:
                message = f"SIG folder `{path}` is a link out of the repository"
            else:
                message = f"SIG folder `{path}` does not exist"
            yield make("D001", table.path, row.line, row.link_column, message, row.subject)


def _folders(community: Community) -> Iterator[Diagnostic]:
    tables = readable_tables(community)
    listed = {row.folder for table in tables for row in table.rows if row.folder}
    sources = [t.path for t in tables]
    registry = community.registry
    if registry is not None and registry.readable:
        listed |= registry.folders()
        sources.append(registry.path)
    pages = [page for page in community.config.page_names() if page.required]
    for folder in community.folders.values():
        for page in pages:
            name = page.name(folder.name)
            if name in folder.files:
                continue
            variants = sorted(n for n in folder.files if n.casefold() == name.casefold())
            hint = f" (found `{variants[0]}`)" if variants else ""
            yield make("D002", folder.path, None, None, f"SIG folder has no {name}{hint}", "")
        if sources and folder.name not in listed:
            names = ", ".join(sources)
            yield make("D003", folder.path, None, None, f"SIG folder is not listed in {names}", "")


def check(community: Community) -> Iterator[Diagnostic]:
    yield from _rows(community)
    yield from _folders(community)
