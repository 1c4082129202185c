"""What `fix` would write: per table the regenerated page and a summary of what differs.

Both `sigcheck fix` and the T008 check use this, so the check reports exactly what the fixer
would change. A table is regenerated only when it was read cleanly; otherwise the plan carries
the reason (a `Blocker`) and nothing is written. Rows are regenerated only for SIGs with valid
metadata; every other row keeps its cells verbatim (SPEC §7: `fix` never loses information).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sigcheck.generate.region import Page
from sigcheck.generate.render import (
    Alignment,
    RowContext,
    domain_text,
    existing_widths,
    format_table,
    label,
    one_line,
    pad_row,
    parse_delimiter,
    sig_cells,
    unescape_pipes,
)
from sigcheck.generate.sig_pages import kept_message, lost
from sigcheck.model import Community, SigFolder, SigMetadata, SigTable, TableRow

COLUMN_NAMES = ("name", "domain", "leads")
GUARD_AT_LEAST = 3
GUARD_SHARE = 4
"""The first-`fix` guard: at least 3 rows, and more than one in 4 (SPEC §7)."""
_LISTED_AT_MOST = 6


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_LISTED_AT_MOST])
    more = len(items) - _LISTED_AT_MOST
    return shown + (f" and {more} more" if more > 0 else "")


@dataclass(slots=True)
class Changes:
    """What differs between the table as it is and as the metadata generates it."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Folder and why: `old (archived)`, `data (listed twice)`."""
    changed: list[str] = field(default_factory=list)
    """Folder and the columns that differ: `compiler (leads)`."""
    reordered: bool = False
    rows: list[tuple[int | None, str, str]] = field(default_factory=list)
    """Each row that differs, for T008 (one finding per row, SPEC §5): its line (None: a row
    to add), its folder, and what differs, as a sentence."""
    rewritten: list[str] = field(default_factory=list)
    """Existing rows whose label, link, domain or leads a reader would see change (the
    first-`fix` guard counts them; a T010 relink, emails and padding are not counted)."""
    existing: int = 0
    """Rows the table has today."""
    kept: list[tuple[SigFolder, str]] = field(default_factory=list)
    """Rows kept as they are: partial metadata would remove what they show (SPEC §7)."""

    @property
    def wrecks(self) -> bool:
        """SPEC §7: regenerating would change what more than a quarter, and at least 3, of
        the existing rows show: the metadata was not imported from the table yet."""
        count = len(self.rewritten)
        return count >= GUARD_AT_LEAST and count * GUARD_SHARE > self.existing

    def refusal(self) -> str:
        """Why `fix` writes nothing, and what to do."""
        return (
            f"regenerating would change the label, link, domain or leads of "
            f"{len(self.rewritten)} of its {self.existing} rows ({_names(self.rewritten)}): "
            "the metadata does not say what the table shows yet; run `sigcheck import` first "
            "(it records the table in sig-info.yaml), or pass `--force`"
        )

    def summary(self) -> str:
        """For T008: the table's point of view."""
        parts = []
        if self.added:
            parts.append(f"rows missing: {_names(self.added)}")
        if self.removed:
            parts.append(f"rows to remove: {_names(self.removed)}")
        if self.changed:
            parts.append(f"cells differ: {_names(self.changed)}")
        if self.reordered:
            parts.append("rows out of order")
        return "; ".join(parts) or "only the layout differs (padding, alignment row or header)"

    def describe(self) -> str:
        """For `fix`: what it did."""
        parts = []
        if self.added:
            parts.append(f"added {_names(self.added)}")
        if self.removed:
            parts.append(f"removed {_names(self.removed)}")
        if self.changed:
            parts.append(f"updated {_names(self.changed)}")
        if self.reordered:
            parts.append("sorted the rows")
        return "; ".join(parts) or "re-padded (layout only)"


@dataclass(frozen=True, slots=True)
class Blocker:
    """Why a table is not regenerated."""

    message: str
    line: int | None = None
    usage: bool = False
    """A configuration problem (exit 2), rather than content to fix by hand (exit 1)."""


@dataclass(slots=True)
class Entry:
    folder: str | None
    label: str
    cells: list[str]
    position: int
    """Index in the current table; new rows come after every current one."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something `fix` did that a maintainer should know about, without failing the run."""

    path: str
    message: str


@dataclass(slots=True)
class TablePlan:
    table: SigTable
    original: bytes | None = None
    updated: bytes | None = None
    blocker: Blocker | None = None
    changes: Changes = field(default_factory=Changes)
    notices: list[Notice] = field(default_factory=list)
    """New rows whose domain is a summary of the description (no `domain` key)."""

    @property
    def path(self) -> str:
        return self.table.path

    @property
    def changed(self) -> bool:
        return self.blocker is None and self.updated is not None and self.updated != self.original


@dataclass(frozen=True, slots=True)
class Problem:
    """Metadata `fix` cannot use (M002/M003): its SIG's row stays as it is."""

    path: str
    line: int | None
    column: int | None
    message: str
    listed: bool = True
    """The SIG has a row in some table: a row that belongs there was not regenerated (SPEC
    §7: `fix` fails). An unlisted SIG's broken file is `check`'s business only."""
    folder: str = ""


@dataclass(slots=True)
class Plan:
    tables: list[TablePlan]
    problems: list[Problem]


def valid_metadata(folder: SigFolder | None) -> SigMetadata | None:
    """What a row is generated from: the metadata, or its valid part (SPEC §7)."""
    from sigcheck.generate.sig_pages import usable_metadata

    return usable_metadata(folder)


def readme_for(folder: SigFolder, english: bool) -> str:
    """The README the name cell links: the SIG's English one in the en table when it has one."""
    if english:
        return folder.english_readme or "README.md"
    return "README.md"


def english_readme_cells(row: TableRow, folder: SigFolder | None, english: bool) -> list[str]:
    """The cells of a row kept verbatim (no usable metadata), except that in the en table the
    name cell links the SIG's English README when it has one (T010): only the link changes."""
    cells = list(row.cells[:3])
    readme = folder.english_readme if english and folder is not None else None
    if readme is None or row.link is None or not cells:
        return cells
    from sigcheck.parsing.leads import LINK_RE
    from sigcheck.parsing.targets import switch_readme

    better = switch_readme(row.link, readme)
    match = LINK_RE.search(cells[0])
    if better is not None and match is not None and match.group("url") == row.link:
        cells[0] = cells[0][: match.start("url")] + better + cells[0][match.end("url") :]
    return cells


def _row_label(row: TableRow) -> str:
    return row.name_text or (row.cells[0] if row.cells else "")


def _meta_label(meta: SigMetadata, english: bool) -> str:
    return label(meta, english)


def _domain_view(cell: str) -> str:
    return " ".join(unescape_pipes(one_line(cell)).split())


def _row_view(row: TableRow) -> tuple[object, ...]:
    """What a reader sees in each cell: the label and link, the domain text, and per lead
    the link text and target or the plain name and affiliation, and the email."""
    from sigcheck.leads_match import leads_view

    leads = ("unreadable", row.cells[2].strip()) if row.leads_problem else leads_view(row.leads)
    return ((row.name_text, row.link), _domain_view(row.domain), leads)


_READMES = frozenset({"readme.md", "readme_en.md", "readme.en.md"})


def _guard_view(row: TableRow) -> tuple[object, ...]:
    """What the first-`fix` guard compares: the view without what it does not count, the
    README a link names (a T010 relink to the English one) and the emails."""
    import posixpath
    from dataclasses import replace

    from sigcheck.leads_match import leads_view

    link = row.link
    if link is not None:
        link = posixpath.normpath(link)
        if posixpath.basename(link).casefold() in _READMES:
            link = posixpath.dirname(link)
    leads: object = (
        ("unreadable", row.cells[2].strip())
        if row.leads_problem
        else tuple(replace(view, email=None) for view in leads_view(row.leads))
    )
    return (row.name_text, link, _domain_view(row.domain), leads)


def _read_generated(community: Community, table: SigTable, cells: list[str]) -> TableRow | None:
    from sigcheck.parsing.markdown import read_row

    config = community.config
    line = "| " + " | ".join(cells) + " |"
    generated = read_row(line, table, community.sigs_dir, config.own_address, config.profile_url)
    return generated if generated.cell_count == 3 else None


def keep_equivalent(
    community: Community, table: SigTable, row: TableRow, cells: list[str]
) -> list[str]:
    """The generated cells, except that a cell which reads the same as the current one (same
    label and link, domain, people, link texts and affiliations) keeps its current text: its
    separators, brackets and spacing are the maintainers' and not content (lossless adoption)."""
    generated = _read_generated(community, table, cells)
    if generated is None:
        return cells
    old, new = _row_view(row), _row_view(generated)
    return [row.cells[i] if old[i] == new[i] else cells[i] for i in range(3)]


def _rewrites(community: Community, table: SigTable, row: TableRow, cells: list[str]) -> bool:
    """Whether a reader would see this row change (what the first-`fix` guard counts)."""
    generated = _read_generated(community, table, cells)
    return generated is None or _guard_view(row) != _guard_view(generated)


def _entries(
    community: Community,
    table: SigTable,
    notices: list[Notice] | None = None,
    scope: frozenset[str] | None = None,
) -> tuple[list[Entry], Changes]:
    config = community.config
    context = RowContext(
        table.path,
        table.config.is_english,
        emails=config.generate.emails,
        rules=config.people_rules(),
    )
    changes = Changes(existing=len(table.rows))
    entries: list[Entry] = []
    emitted: set[str] = set()
    for position, row in enumerate(table.rows):
        folder = community.folders.get(row.folder) if row.folder else None
        if scope is not None and (folder is None or folder.name not in scope):
            entries.append(Entry(row.folder, _row_label(row), list(row.cells[:3]), position))
            continue  # `fix --pre-commit`: a SIG the commit does not change keeps its row
        meta = valid_metadata(folder)
        if folder is None or meta is None:
            cells = english_readme_cells(row, folder, context.english)
            if cells[:1] != row.cells[:1]:
                changes.changed.append(f"{row.folder} (name)")
                name = row.folder or row.subject
                what = f"the name cell of the row of `{name}` differs from what is generated"
                changes.rows.append((row.line, name, what))
            entries.append(Entry(row.folder, _row_label(row), cells, position))
            continue
        if folder.name in emitted:
            changes.removed.append(f"{folder.name} (listed twice)")
            what = f"the row of `{folder.name}` is to be removed (listed twice)"
            changes.rows.append((row.line, folder.name, what))
            continue
        emitted.add(folder.name)
        if meta.status == "archived":
            changes.removed.append(f"{folder.name} (archived)")
            what = f"the row of `{folder.name}` is to be removed (archived)"
            changes.rows.append((row.line, folder.name, what))
            continue
        readme = readme_for(folder, context.english)
        leads = folder.lead_people(context.rules, context.english, partial=True)
        cells = sig_cells(meta, folder.path, readme, context, row.cells, leads)
        cells = keep_equivalent(community, table, row, cells)
        if (value := lost(folder, row.raw, " | ".join(cells))) is not None:
            what = f"its row in {table.path}"
            changes.kept.append((folder, kept_message(folder, value, what)))
            cells = list(row.cells[:3])
        differing = [COLUMN_NAMES[i] for i in range(3) if cells[i] != row.cells[i]]
        if differing:
            changes.changed.append(f"{folder.name} ({', '.join(differing)})")
            what = (
                f"the row of `{folder.name}` differs from what the metadata generates: "
                f"{', '.join(differing)}"
            )
            changes.rows.append((row.line, folder.name, what))
            if _rewrites(community, table, row, cells):
                changes.rewritten.append(folder.name)
        entries.append(Entry(folder.name, _meta_label(meta, context.english), cells, position))

    new: list[Entry] = []
    for folder in community.folders.values():
        meta = valid_metadata(folder)
        if folder.name in emitted or meta is None or meta.status == "archived":
            continue
        if scope is not None and folder.name not in scope:
            continue
        readme = readme_for(folder, context.english)
        leads = folder.lead_people(context.rules, context.english, partial=True)
        cells = sig_cells(meta, folder.path, readme, context, people=leads)
        if notices is not None and domain_text(meta, context.english) is None:
            key = "domain_en" if context.english else "domain"
            notices.append(
                Notice(
                    folder.metadata.path if folder.metadata else folder.path,
                    f"warning: no `{key}`: the new row of `{folder.name}` in {table.path} "
                    f"shows a summary of the description ({cells[1]!r}); add `{key}`",
                )
            )
        new.append(Entry(folder.name, _meta_label(meta, context.english), cells, len(table.rows)))
    new.sort(key=lambda e: (e.label.casefold(), e.folder or ""))
    changes.added = [entry.folder or "" for entry in new]
    changes.rows += [
        (
            None,
            entry.folder or "",
            f"the table has no row for `{entry.folder}`, which the metadata generates",
        )
        for entry in new
    ]
    entries.extend(new)

    if config.generate.order == "name":
        before = [id(entry) for entry in entries]
        entries.sort(key=lambda e: (e.label.casefold(), e.folder or ""))
        changes.reordered = [id(entry) for entry in entries] != before
    return entries, changes


def _read_page(community: Community, table: SigTable) -> tuple[bytes, Page] | Blocker:
    from sigcheck.files import TABLE_MAX_BYTES, ReadProblem, read_file

    root = Path(community.root)
    data = read_file(root / table.path, TABLE_MAX_BYTES, root)
    if isinstance(data, ReadProblem):
        return Blocker(f"the file {data.message}", usage=True)
    try:
        page = Page.from_bytes(data)
    except UnicodeDecodeError:
        return Blocker("the file is not valid UTF-8", usage=True)
    return data, page


def _blocker(table: SigTable) -> Blocker | None:
    """Why a table that the loader read cannot be regenerated, if it cannot."""
    expected = " | ".join(table.config.columns)
    if not table.exists:
        return Blocker("configured table file does not exist", usage=True)
    if table.readable_problem:
        return Blocker(f"cannot read the table: {table.readable_problem}", usage=True)
    if not table.found:
        return Blocker(f"no SIG table with the header `{expected}` (T001)", usage=True)
    if not table.header_matches:
        actual = " | ".join(table.header_cells)
        return Blocker(
            f"header is `{actual}`, expected `{expected}`; fix it by hand first (T002)",
            table.header_line,
        )
    for row in table.rows:
        if row.cell_count != 3:
            return Blocker(
                f"row has {row.cell_count} cells, the header has 3; fix it by hand first (T003)",
                row.line,
            )
    return None


def _reads_back(
    community: Community, table: SigTable, text: str, entries: list[Entry], first: int
) -> bool:
    """The regenerated page yields the same table: same place, same rows, same cells."""
    from sigcheck.parsing.markdown import parse, read_table

    again = SigTable(config=table.config, path=table.path, exists=True)
    config = community.config
    read_table(
        parse(text), again, table.config, community.sigs_dir, config.own_address, config.profile_url
    )
    return (
        again.found
        and again.header_matches
        and again.first_line == first
        and [row.cells for row in again.rows] == [entry.cells for entry in entries]
    )


def _empty_marked_region(page: Page) -> tuple[int, int] | None:
    """1-based (begin, end) marker lines when only blank lines stand between them: the place
    a maintainer marked for a table that does not exist yet (markers shown in code do not
    count)."""
    from sigcheck.parsing.markdown import empty_marked_region

    return empty_marked_region(page.text())


def _new_table(community: Community, table: SigTable, plan: TablePlan) -> TablePlan:
    """Fill an empty marked region (T001 otherwise): every SIG with metadata, `---` columns."""
    read = _read_page(community, table)
    if isinstance(read, Blocker):
        plan.blocker = read
        return plan
    data, page = read
    region = _empty_marked_region(page)
    if region is None:
        plan.blocker = _blocker(table)
        return plan
    begin, end = region
    entries, plan.changes = _entries(community, table, plan.notices)
    lines = format_table(table.config.columns, [entry.cells for entry in entries])
    eol = page.newline(begin)
    between = [(line, eol) for line in lines]
    updated = Page(page.bom, [*page.lines[:begin], *between, *page.lines[end - 1 :]])
    plan.original, plan.updated = data, updated.to_bytes()
    if not _reads_back(community, table, updated.text(), entries, begin + 1):
        plan.updated = None
        plan.blocker = Blocker("the generated table would not read back the same", begin)
    return plan


def plan_table(
    community: Community,
    table: SigTable,
    verify: bool = True,
    reformat: bool = False,
    scope: frozenset[str] | None = None,
) -> TablePlan:
    """The regenerated page of one table. `verify` parses the result again before it may be
    written (`fix` does); the T008 check only needs to know whether the page would change.
    A page that would grow past the table read limit is refused: sigcheck could not read it
    back, and the repository would be stuck. `reformat` evens out every column's padding;
    otherwise only regenerated and new rows are written, padded to the widths the table
    already has (SPEC §7: a change to one SIG changes that SIG's rows only)."""
    from sigcheck.files import TABLE_MAX_BYTES

    plan = _plan_table(community, table, verify, reformat, scope)
    if plan.updated is not None and len(plan.updated) > TABLE_MAX_BYTES:
        plan.blocker = Blocker(
            f"the regenerated page would be {len(plan.updated) / 1048576:.1f} MiB, over the "
            f"{TABLE_MAX_BYTES // 1048576} MiB limit sigcheck reads; nothing written",
            table.header_line,
            usage=True,
        )
        plan.updated = None
    return plan


def _minimal_lines(
    table: SigTable,
    entries: list[Entry],
    header: str,
    delimiter: str,
    alignments: list[Alignment],
    indent: str,
) -> list[str]:
    """The table's lines with every line that reads the same kept byte for byte: the header,
    the delimiter and each row whose cells did not change. A regenerated or new row is padded
    to the table's existing column widths, so padding never spreads to other rows."""
    widths = existing_widths(header, delimiter, len(table.config.columns))
    lines = [header, delimiter]
    for entry in entries:
        row = table.rows[entry.position] if entry.position < len(table.rows) else None
        if row is not None and row.cells[:3] == entry.cells:
            lines.append(row.raw)
        else:
            lines.append(pad_row(entry.cells, widths, alignments, indent))
    return lines


def _plan_table(
    community: Community,
    table: SigTable,
    verify: bool,
    reformat: bool,
    scope: frozenset[str] | None = None,
) -> TablePlan:
    plan = TablePlan(table)
    if table.has_markers and table.exists and not table.found and not table.readable_problem:
        return _new_table(community, table, plan)
    blocker = _blocker(table)
    if blocker is not None:
        plan.blocker = blocker
        return plan
    read = _read_page(community, table)
    if isinstance(read, Blocker):
        plan.blocker = read
        return plan
    data, page = read
    first, last = table.first_line, table.last_line
    if not (1 <= first < last <= len(page.lines)) or any(
        row.line > len(page.lines) or page.line(row.line) != row.raw for row in table.rows
    ):
        plan.blocker = Blocker(
            "cannot locate the table's lines (the page changed, or has unusual line "
            "separators such as U+2028 or form feeds)",
            table.header_line,
        )
        return plan
    entries, plan.changes = _entries(community, table, plan.notices, scope)
    alignments, spaced = parse_delimiter(page.line(first + 1))
    header = page.line(first)
    indent = header[: len(header) - len(header.lstrip(" "))]
    if reformat:
        lines = format_table(
            table.config.columns, [entry.cells for entry in entries], alignments, spaced, indent
        )
    else:
        lines = _minimal_lines(table, entries, header, page.line(first + 1), alignments, indent)
    updated = page.replace(first, last, lines)
    plan.original, plan.updated = data, updated.to_bytes()
    if (
        verify
        and plan.updated != data
        and not _reads_back(community, table, updated.text(), entries, first)
    ):
        plan.updated = None
        plan.blocker = Blocker(
            "the regenerated table would not read back the same (a cell sigcheck cannot "
            "write safely); nothing written",
            table.header_line,
        )
    return plan


def metadata_problems(community: Community) -> list[Problem]:
    """SIGs whose sig-info.yaml `fix` cannot use (M002/M003), with the first reason."""
    listed = {row.folder for table in community.tables for row in table.rows if row.folder}
    problems: list[Problem] = []
    for folder in community.folders.values():
        meta = folder.metadata
        if meta is None or meta.metadata is not None:
            continue
        first = meta.problems[0] if meta.problems else None
        reason = first.message if first else "cannot be read"
        is_listed = folder.name in listed
        if meta.partial is not None:  # SPEC §7: the rest still generates; not a failure
            line, column = meta.position(meta.left_out[0]) if meta.left_out else (None, None)
            where = ", ".join(".".join(map(str, loc)) for loc in meta.left_out)
            problems.append(
                Problem(
                    meta.path,
                    line,
                    column,
                    f"left out, as it breaks the schema: {where} (`sigcheck check` says why); "
                    f"the rest of the metadata of `{folder.name}` generates its rows and pages",
                    listed=False,
                    folder=folder.name,
                )
            )
            continue
        outcome = (
            f"the row of `{folder.name}` is kept as it is"
            if is_listed
            else f"`{folder.name}` is listed in no table and is not added"
        )
        problems.append(
            Problem(
                meta.path,
                first.line if first else None,
                first.column if first else None,
                f"{first.code + ' ' if first else ''}{reason}; {outcome}",
                listed=is_listed,
                folder=folder.name,
            )
        )
    return problems


def plan_community(
    community: Community, reformat: bool = False, scope: frozenset[str] | None = None
) -> Plan:
    """Every table's plan and the metadata `fix` cannot use. `scope`: regenerate only the
    rows of these SIG folders (`fix --pre-commit`), every other row is kept as it is."""
    tables = [
        plan_table(community, table, reformat=reformat, scope=scope) for table in community.tables
    ]
    problems = [
        problem
        for problem in metadata_problems(community)
        if scope is None or problem.folder in scope
    ]
    for table in tables:
        for folder, message in table.changes.kept:
            path = folder.metadata.path if folder.metadata else folder.path
            line = None
            if folder.metadata is not None and folder.metadata.left_out:
                line = folder.metadata.position(folder.metadata.left_out[0])[0]
            problems.append(Problem(path, line, None, message, folder=folder.name))  # exit 1
    return Plan(tables, problems)
