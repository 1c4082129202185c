"""T: the SIG tables themselves (T001–T007, T009, T010). T008 belongs to generation."""

from __future__ import annotations

from collections.abc import Iterator

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community, SigTable, TableRow
from sigcheck.parsing.leads import LINK_RE
from sigcheck.parsing.targets import switch_readme


def unreadable(table: SigTable) -> str | None:
    """Why a found table cannot be read as a whole (one T002 says it, SPEC §5): its header is
    not the configured one, or most of its rows (three or more) have another number of cells.
    Nothing else is judged from such a table: no T003 per row, no D001/D003, no people."""
    if not table.found:
        return None
    expected = " | ".join(table.config.columns)
    if not table.header_matches:
        return f"header is `{' | '.join(table.header_cells)}`, expected `{expected}`"
    width = len(table.config.columns)
    bad = sum(1 for row in table.rows if row.cell_count != width)
    if bad >= 3 and bad * 2 > len(table.rows):
        return (
            f"{bad} of {len(table.rows)} rows do not have the header's {width} cells, so the "
            f"table cannot be read (is it the table with `{expected}`?)"
        )
    return None


def readable_tables(community: Community) -> list[SigTable]:
    """Tables that were found and can be read; the others are reported (T001, one T002) and
    not compared."""
    return [t for t in community.tables if t.found and unreadable(t) is None]


def _table_presence(table: SigTable) -> Iterator[Diagnostic]:
    expected = " | ".join(table.config.columns)
    if not table.exists:
        yield make("T001", table.path, None, None, "configured table file does not exist", "table")
    elif table.readable_problem:
        yield make(
            "T001",
            table.path,
            None,
            None,
            f"cannot read the table: {table.readable_problem}",
            "table",
        )
    elif not table.found:
        hint = ""
        if table.header_line:
            hint = (
                f" (the table at line {table.header_line} has `{' | '.join(table.header_cells)}`)"
            )
        yield make(
            "T001",
            table.path,
            table.header_line,
            None,
            f"no SIG table with the header `{expected}`{hint}",
            "table",
        )
    elif (reason := unreadable(table)) is not None:
        yield make("T002", table.path, table.header_line, 1, reason, "header")


def _name_cell_problem(row: TableRow) -> str | None:
    if row.folder is not None:
        return None
    cell = row.cells[0] if row.cells else ""
    links = LINK_RE.findall(cell)
    if not links:
        return f"name cell `{cell}` has no link to the SIG's README"
    if len(links) > 1:
        return "name cell has more than one link"
    if row.link is None:
        return f"name cell `{cell}` has text outside its link"
    return f"name cell links `{row.link}`, not a SIG folder's README (`<folder>/README.md`)"


def _row_problems(table: SigTable) -> Iterator[Diagnostic]:
    for row in table.rows:
        if row.cell_count != 3:
            yield make(
                "T003",
                table.path,
                row.line,
                1,
                f"row has {row.cell_count} cells, the header has 3",
                row.subject,
            )
            continue
        problem = _name_cell_problem(row)
        if problem:
            yield make("T004", table.path, row.line, row.link_column, problem, row.subject)
        if not row.domain.strip():
            yield make(
                "T005", table.path, row.line, row.cell_columns[1], "empty domain cell", row.subject
            )
        if row.leads_problem:
            yield make(
                "T006", table.path, row.line, row.cell_columns[2], row.leads_problem, row.subject
            )


def _duplicates(table: SigTable) -> Iterator[Diagnostic]:
    seen_folders: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for row in table.rows:
        if row.folder is not None:
            if row.folder in seen_folders:
                yield make(
                    "T007",
                    table.path,
                    row.line,
                    row.link_column,
                    f"SIG folder `{row.folder}` is already listed at line {seen_folders[row.folder]}",
                    f"folder:{row.folder}",
                )
            else:
                seen_folders[row.folder] = row.line
        if row.name_text:
            key = row.name_text.casefold()
            if key in seen_names and seen_names[key] != seen_folders.get(row.folder or ""):
                yield make(
                    "T007",
                    table.path,
                    row.line,
                    row.link_column,
                    f"SIG name `{row.name_text}` is already listed at line {seen_names[key]}",
                    f"name:{key}",
                )
            seen_names.setdefault(key, row.line)


def _handles(row: TableRow) -> set[str]:
    return {lead.handle.casefold() for lead in row.leads if lead.handle}


def _languages_agree(primary: SigTable, other: SigTable) -> Iterator[Diagnostic]:
    first = {row.folder: row for row in primary.rows if row.folder}
    second = {row.folder: row for row in other.rows if row.folder}
    for folder, row in first.items():
        if folder not in second:
            yield make(
                "T009",
                other.path,
                other.header_line,
                1,
                f"SIG `{folder}` is listed in {primary.path}:{row.line} but not here",
                f"missing:{folder}",
            )
    for folder, row in second.items():
        if folder not in first:
            yield make(
                "T009",
                other.path,
                row.line,
                row.link_column,
                f"SIG `{folder}` is not listed in {primary.path}",
                f"extra:{folder}",
            )
            continue
        mine, theirs = _handles(row), _handles(first[folder])
        if mine != theirs:
            here = ", ".join(f"@{h}" for h in sorted(mine - theirs)) or "none"
            there = ", ".join(f"@{h}" for h in sorted(theirs - mine)) or "none"
            column = row.cell_columns[2] if len(row.cell_columns) > 2 else 1
            yield make(
                "T009",
                other.path,
                row.line,
                column,
                f"leads differ from {primary.path}:{first[folder].line}: "
                f"only here {here}; only there {there}",
                f"leads:{folder}:{here}:{there}",
            )


def _english_readmes(community: Community, table: SigTable) -> Iterator[Diagnostic]:
    """T010: an en row links a SIG's Chinese README although the SIG has an English one."""
    if not table.config.is_english:
        return
    for row in table.rows:
        folder = community.folders.get(row.folder or "")
        english = folder.english_readme if folder else None
        if english is None or row.link is None:
            continue
        better = switch_readme(row.link, english)
        if better is not None:
            yield make(
                "T010",
                table.path,
                row.line,
                row.link_column,
                f"links the Chinese `{row.link}` although the SIG has `{english}`: "
                f"link `{better}`; `sigcheck fix` switches it",
                row.subject,
            )


def check(community: Community) -> Iterator[Diagnostic]:
    for table in community.tables:
        yield from _table_presence(table)
        if unreadable(table) is not None:
            continue  # one T002 says why; its rows are not judged one by one
        yield from _row_problems(table)
        yield from _duplicates(table)
        yield from _english_readmes(community, table)
    tables = readable_tables(community)
    for other in tables[1:]:
        yield from _languages_agree(tables[0], other)
