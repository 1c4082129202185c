"""`sigcheck import`: write the metadata the tables imply (bootstrap for adopting `fix`).

`--dry-run` prints the unified diff of every file it would write or change (new files from
`/dev/null`), so the change can be reviewed before it is made.

Exit codes: 0 done (or nothing to do); 1 some SIG was skipped (its sig-info.yaml does not parse,
or keys could not be added safely); 2 a usage or configuration problem, or a failed write.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sigcheck.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    UsageError,
    load,
    note,
    write_stdout,
)

if TYPE_CHECKING:
    from sigcheck.model import SigTable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing: print the unified diff of every file import would write or change",
    )


def _unreadable(table: SigTable) -> str | None:
    """Why a configured table cannot be imported from, as `fix` would refuse it (exit 2)."""
    if not table.exists:
        return "the configured table file does not exist"
    if table.readable_problem:
        return table.readable_problem
    if not table.found:
        return f"no SIG table with the header `{' | '.join(table.config.columns)}` (T001)"
    return None


def say(message: str) -> None:
    """A one-line note: folder names with control characters cannot add lines (or
    workflow commands) to the log."""
    from sigcheck.diagnostics import escape_for_line

    note(escape_for_line(message))


def run(args: argparse.Namespace) -> int:
    try:
        ctx, community = load(args, pages_too=False)
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE

    unreadable = [
        f"{table.path}: cannot import from this table: {why}"
        for table in community.tables
        if (why := _unreadable(table)) is not None
    ]
    if unreadable:  # importing from the other tables would write partial metadata
        for message in unreadable:
            say(message)
        say("sigcheck import: nothing written")
        return EXIT_USAGE

    from sigcheck.diagnostics import escape_for_line
    from sigcheck.generate.diff import unified_diff
    from sigcheck.generate.importer import plan_import
    from sigcheck.generate.writer import WriteError, atomic_write

    status = EXIT_CLEAN
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for result in plan_import(community):
        for warning in result.warnings:
            say(f"{result.path}: warning: {warning}")
        if result.action == "skipped":
            say(f"{result.path}: skipped: {result.reason}")
            status = max(status, EXIT_FINDINGS)
        elif result.action == "unchanged":
            if args.verbose:
                say(f"{result.path}: nothing to add")
        elif result.content is not None and args.dry_run:
            what = "would be written with" if result.action == "created" else "would add"
            say(f"{result.path}: {what} {', '.join(result.keys)}")
            write_stdout(unified_diff(result.path, result.original, result.content))
        elif result.content is not None:
            try:
                atomic_write(
                    ctx.root / result.path,
                    result.content,
                    root=ctx.root,
                    create_only=result.action == "created",
                )
            except WriteError as exc:
                say(f"{result.path}: {exc}; the file is unchanged")
                status = EXIT_USAGE
                continue
            what = "written with" if result.action == "created" else "added"
            write_stdout(escape_for_line(f"{result.path}: {what} {', '.join(result.keys)}") + "\n")
        counts[result.action] += 1
    if not args.quiet:
        say(
            f"sigcheck import: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} already complete, {counts['skipped']} skipped"
            + (" (dry run, nothing written)" if args.dry_run else "")
        )
    return status
