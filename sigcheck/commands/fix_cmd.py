"""`sigcheck fix [--check]`: regenerate every configured SIG table from the metadata.

Exit codes, as pre-commit fixers use them:
- 0: nothing changed (or, with `--check`, nothing would) and nothing was left undone;
- 1: a file was changed (with `--check`: would change), or something could not be regenerated
  and was left as it is: a sig-info.yaml that does not parse (M002/M003; its row is kept), a table
  whose header or rows must be repaired by hand first (T002/T003);
- 2: a usage or configuration problem: bad configuration, no sigs folder, a configured table that
  is missing, unreadable or has no SIG table (T001), or a write that failed (the file is intact).
A file that could not be parsed is never written.
"""

from __future__ import annotations

import argparse

from sigcheck.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    NothingToCheck,
    UsageError,
    add_git_options,
    load,
    note,
    write_output,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="only used to find the repository root (pre-commit passes file names); "
        "every configured table is regenerated",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing: print a unified diff and exit 1 when a table would change",
    )
    parser.add_argument("--output", help="with --check: write the diff to this file")
    add_git_options(parser)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """A `git apply`-able diff of one file, `\\ No newline at end of file` included."""
    import difflib

    from sigcheck.generate.region import Page

    def lines(data: bytes) -> list[str]:
        page = Page.from_bytes(data)
        found = [content + ending for content, ending in page.lines]
        if page.bom and found:  # a hunk at the top must match the file's first bytes
            found[0] = "\ufeff" + found[0]
        return found

    out: list[str] = []
    for line in difflib.unified_diff(lines(before), lines(after), f"a/{path}", f"b/{path}"):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _place(path: str, line: int | None, column: int | None = None) -> str:
    if line is None:
        return path
    return f"{path}:{line}:{column or 1}" if column else f"{path}:{line}"


def run(args: argparse.Namespace) -> int:
    if args.output and not args.check:
        note("sigcheck fix: --output takes the diff of --check; without --check fix writes files")
        return EXIT_USAGE
    try:
        ctx, community = load(args, pages_too=False)
    except NothingToCheck:
        return EXIT_CLEAN
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE

    from sigcheck.generate.plan import plan_community
    from sigcheck.generate.writer import WriteError, atomic_write

    plan = plan_community(community)
    status = EXIT_CLEAN
    diffs: list[str] = []
    changed = 0
    for problem in plan.problems:
        note(f"{_place(problem.path, problem.line, problem.column)}: {problem.message}")
        status = max(status, EXIT_FINDINGS)
    for table in plan.tables:
        if table.blocker is not None:
            blocker = table.blocker
            note(f"{_place(table.path, blocker.line)}: not regenerated: {blocker.message}")
            status = max(status, EXIT_USAGE if blocker.usage else EXIT_FINDINGS)
            continue
        if not table.changed or table.original is None or table.updated is None:
            if args.verbose:
                note(f"{table.path}: up to date")
            continue
        status = max(status, EXIT_FINDINGS)
        if args.check:
            changed += 1
            diffs.append(unified_diff(table.path, table.original, table.updated))
            if not args.quiet:
                note(f"{table.path}: would change: {table.changes.describe()}")
            continue
        try:
            atomic_write(ctx.root / table.path, table.updated)
        except WriteError as exc:
            note(f"{table.path}: {exc}; the file is unchanged")
            status = EXIT_USAGE
            continue
        changed += 1
        if not args.quiet:
            note(f"{table.path}: regenerated: {table.changes.describe()}")
    if diffs:
        write_output("".join(diffs), args)
    if not args.quiet:
        verb = "would change" if args.check else "changed"
        note(f"sigcheck fix: {changed} of {len(plan.tables)} tables {verb}")
    return status
