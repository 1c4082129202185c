"""`sigcheck baseline`: write `.sigcheck-baseline.json` from today's findings (SPEC §5).

A community adopting sigcheck with findings in its tree commits this file; `check` then leaves
out what it lists and fails only on what is new, and reports each entry that matches nothing
any more (B001), so the file shrinks as the debt is paid.
"""

from __future__ import annotations

import argparse

from sigcheck.commands.common import (
    EXIT_CLEAN,
    EXIT_USAGE,
    NothingToCheck,
    UsageError,
    add_git_options,
    note,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", help="ignore the on-disk cache")
    add_git_options(parser)


def run(args: argparse.Namespace) -> int:
    from sigcheck.baseline import BASELINE_FILE, render
    from sigcheck.commands.check_cmd import offline_outcome
    from sigcheck.diagnostics import filter_codes
    from sigcheck.generate.writer import WriteError, atomic_write

    args.paths = []
    try:
        root, _, outcome = offline_outcome(args)
    except NothingToCheck:
        return EXIT_CLEAN
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE
    select = [code.upper() for code in outcome.select]
    ignore = [code.upper() for code in outcome.ignore]
    findings = [d for d in filter_codes(outcome.diagnostics, select, ignore) if d.code != "B001"]
    try:
        atomic_write(root / BASELINE_FILE, render(findings), root=root, limit=None)
    except (WriteError, OSError) as exc:
        note(f"sigcheck: {BASELINE_FILE}: {exc}")
        return EXIT_USAGE
    if not args.quiet:
        noun = "finding" if len(findings) == 1 else "findings"
        note(f"sigcheck: wrote {BASELINE_FILE} with {len(findings)} {noun}")
    return EXIT_CLEAN
