"""`sigcheck fix [--check] [--pages]`: regenerate every configured SIG table from the metadata;
with `--pages`, also repair the fixable link findings of every page (generate/page_repairs.py).
With `--pre-commit`, only the rows and page regions of the SIGs whose metadata is staged.

Exit codes, as pre-commit fixers use them:
- 0: nothing changed (or, with `--check`, nothing would) and nothing was left undone;
- 1: a file was changed (with `--check`: would change), a page needing a repair leads out of
  the repository (never written), or a row that belongs in a table could not be regenerated and
  was left as it is: a listed SIG whose sig-info.yaml does not parse (M002/M003; its row is
  kept), a table whose header or rows must be repaired by hand first (T002/T003). A broken
  sig-info.yaml of a SIG that no table lists is reported, not a failure (SPEC §7: `fix` is about
  the tables);
- 2: a usage or configuration problem: bad configuration, no sigs folder, a configured table that
  is missing, unreadable or has no SIG table (T001), or a write that failed (the file is intact);
  or the first-`fix` guard: regenerating would change what most rows of a table show (SPEC §7:
  run `import` first, or pass `--force`), and nothing at all was written.
A file that could not be parsed is never written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

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
from sigcheck.generate.diff import unified_diff

__all__ = ["add_arguments", "run", "unified_diff"]

if TYPE_CHECKING:
    from sigcheck.commands.common import Context
    from sigcheck.generate.plan import Plan
    from sigcheck.model import Community


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
    parser.add_argument(
        "--init-pages",
        action="store_true",
        help="add a sig-info region after the first heading of every SIG README that lacks "
        "one, then fill it (SIG pages' regions are always filled)",
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also repair, in every page under the sigs folder, the link findings named fixable "
        "(L009: add `mailto:`; L003: take the letter case on disk)",
    )
    parser.add_argument(
        "--reformat",
        action="store_true",
        help="even out the padding of every column (otherwise only regenerated and new rows "
        "are written, padded to the widths the table already has)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="regenerate even when most rows of a table would change what they show (the "
        "first-`fix` guard: run `sigcheck import` first instead); does not imply --reformat",
    )
    parser.add_argument("--output", help="with --check: write the diff to this file")
    add_git_options(parser)


def _place(path: str, line: int | None, column: int | None = None) -> str:
    if line is None:
        return path
    return f"{path}:{line}:{column or 1}" if column else f"{path}:{line}"


def _repair_pages(
    root: Path,
    community: Community,
    bases: dict[str, bytes],
    diffs: list[str],
    args: argparse.Namespace,
) -> int:
    """`--pages`: write (or, with `--check`, diff) every page repair; the exit status."""
    from sigcheck.generate.page_repairs import plan_pages
    from sigcheck.generate.writer import WriteError, atomic_write

    status = EXIT_CLEAN
    repairs = plan_pages(community, bases)
    for repair in repairs:
        what = ", ".join(repair.repaired)
        if repair.refused:
            say(f"{repair.path}: not repaired ({what}): {repair.refused}")
            status = max(status, EXIT_FINDINGS)
        elif args.check:
            diffs.append(unified_diff(repair.path, repair.original, repair.updated))
            status = max(status, EXIT_FINDINGS)
            if not args.quiet:
                say(f"{repair.path}: would repair {what}")
        else:
            try:
                atomic_write(root / repair.path, repair.updated, root=root)
            except WriteError as exc:
                say(f"{repair.path}: {exc}; the file is unchanged")
                status = EXIT_USAGE
                continue
            status = max(status, EXIT_FINDINGS)
            if not args.quiet:
                say(f"{repair.path}: repaired {what}")
    if not args.quiet:
        done = sum(1 for r in repairs if not r.refused)
        say(f"sigcheck fix --pages: {done} pages {'would change' if args.check else 'changed'}")
    return status


def _commit_scope(
    ctx: Context, community: Community, args: argparse.Namespace
) -> frozenset[str] | None:
    """`fix --pre-commit` regenerates only what the commit's metadata changes require: the
    SIGs whose metadata (sig-info.yaml, OWNERS, a registry file) is staged. None (everything)
    when nothing is staged (`pre-commit run --all-files`) or the configuration is."""
    from sigcheck import vcs
    from sigcheck.commands.common import CONFIG_NAMES

    try:
        anything, staged = vcs.staged_changes(ctx.root)
    except vcs.GitError:
        return None
    explicit = Path(args.config).resolve() if args.config else None
    if not anything or any(
        path in CONFIG_NAMES or (explicit and (ctx.root / path).resolve() == explicit)
        for path in staged
    ):
        return None
    touched = set(staged)
    scope = frozenset(
        folder.name
        for folder in community.folders.values()
        if (folder.metadata is not None and folder.metadata.path in touched)
        or (folder.owners is not None and folder.owners.path in touched)
    )
    if args.verbose:
        say(f"sigcheck fix: the commit changes the metadata of {len(scope)} SIGs")
    return scope


def _refused(plan: Plan, args: argparse.Namespace) -> bool:
    """The first-`fix` guard (SPEC §7): when regenerating would change what most rows of a
    table show, the metadata was not imported from the tables yet; nothing is written (with
    `--check`, the diff is printed with the refusal)."""
    wrecked = [table for table in plan.tables if table.changed and table.changes.wrecks]
    if not wrecked:
        return False
    if args.check:
        write_output(
            "".join(unified_diff(t.path, t.original or b"", t.updated or b"") for t in wrecked),
            args,
        )
    for table in wrecked:
        say(f"{_place(table.path, table.table.header_line)}: refused: {table.changes.refusal()}")
    say("sigcheck fix: nothing written")
    return True


def say(message: str) -> None:
    """A one-line note: folder names with control characters cannot add lines (or
    workflow commands) to the log."""
    from sigcheck.diagnostics import escape_for_line

    note(escape_for_line(message))


def _external(community: Community, args: argparse.Namespace) -> int:
    """Where the community's own generator owns the pages (`pages_owner = "external"`,
    Kubernetes'), sigcheck checks them and writes nothing (SPEC §7)."""
    owner = f'layout `{community.config.layout}` has pages_owner = "external"'
    if args.init_pages:
        note(
            f"sigcheck fix --init-pages: {owner}: the community's own generator writes its "
            "pages, so sigcheck adds no region to them"
        )
        return EXIT_USAGE
    if not args.quiet:
        note(
            f"sigcheck fix: {owner}: the community's own generator writes its pages and "
            "tables; nothing written (`sigcheck check` still checks them)"
        )
    return EXIT_CLEAN


def run(args: argparse.Namespace) -> int:
    if args.output and not args.check:
        note("sigcheck fix: --output takes the diff of --check; without --check fix writes files")
        return EXIT_USAGE
    try:
        ctx, community = load(args, pages_too=args.pages)
    except NothingToCheck:
        return EXIT_CLEAN
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE
    if community.config.layout_spec.pages_owner == "external":
        return _external(community, args)

    from sigcheck.files import TABLE_MAX_BYTES
    from sigcheck.generate.plan import plan_community
    from sigcheck.generate.writer import WriteError, atomic_write

    scope = _commit_scope(ctx, community, args) if args.pre_commit else None
    plan = plan_community(community, reformat=args.reformat, scope=scope)
    if not args.force and _refused(plan, args):
        return EXIT_USAGE
    status = EXIT_CLEAN
    diffs: list[str] = []
    changed = 0
    written: dict[str, bytes] = {}  # table pages as `fix` leaves them: the base of `--pages`
    for problem in plan.problems:
        say(f"{_place(problem.path, problem.line, problem.column)}: {problem.message}")
        if problem.listed:  # SPEC §7: an unlisted SIG's broken file is `check`'s business
            status = max(status, EXIT_FINDINGS)
    for table in plan.tables:
        if table.blocker is not None:
            blocker = table.blocker
            say(f"{_place(table.path, blocker.line)}: not regenerated: {blocker.message}")
            status = max(status, EXIT_USAGE if blocker.usage else EXIT_FINDINGS)
            continue
        if not args.quiet:
            for notice in table.notices:
                say(f"{notice.path}: {notice.message}")
        if not table.changed or table.original is None or table.updated is None:
            if args.verbose:
                say(f"{table.path}: up to date")
            continue
        status = max(status, EXIT_FINDINGS)
        if args.check:
            changed += 1
            written[table.path] = table.updated
            diffs.append(unified_diff(table.path, table.original, table.updated))
            if not args.quiet:
                say(f"{table.path}: would change: {table.changes.describe()}")
            continue
        try:
            atomic_write(ctx.root / table.path, table.updated, root=ctx.root, limit=TABLE_MAX_BYTES)
        except WriteError as exc:
            say(f"{table.path}: {exc}; the file is unchanged")
            status = EXIT_USAGE
            continue
        changed += 1
        written[table.path] = table.updated
        if not args.quiet:
            say(f"{table.path}: regenerated: {table.changes.describe()}")
    from sigcheck.generate.sig_pages import fix_pages

    pages = fix_pages(
        community,
        check=args.check,
        init=args.init_pages,
        diff=unified_diff,
        note=say,
        quiet=args.quiet,
        verbose=args.verbose,
        written=written,
        scope=scope,
    )
    status, diffs = max(status, pages.status), [*diffs, *pages.diffs]
    if args.pages:
        status = max(status, _repair_pages(ctx.root, community, written, diffs, args))
    if diffs:
        write_output("".join(diffs), args)
    if not args.quiet:
        verb = "would change" if args.check else "changed"
        say(f"sigcheck fix: {changed} of {len(plan.tables)} tables {verb}")
    return status
