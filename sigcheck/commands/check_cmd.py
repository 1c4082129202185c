"""`sigcheck check [PATH...]`: every offline check; `--online` adds the network checks."""

from __future__ import annotations

import argparse
import os
import time

from sigcheck.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    UsageError,
    load,
    note,
    write_output,
)
from sigcheck.diagnostics import Diagnostic, Severity, filter_codes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="limit the report to these files or folders"
    )
    parser.add_argument(
        "--online",
        action="store_true",
        help="also check Gitee handles and external links (network)",
    )
    parser.add_argument(
        "--sarif",
        metavar="FILE",
        help="also write SARIF 2.1.0 to FILE, in the same run (for GitHub code scanning)",
    )


def _within(diagnostic: Diagnostic, paths: list[str]) -> bool:
    return not paths or any(
        diagnostic.path == p or diagnostic.path.startswith(p.rstrip("/") + "/") for p in paths
    )


def write_step_summary(markdown: str) -> None:
    """In GitHub Actions, the job's summary page gets the report as a Markdown table."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown)
    except OSError as exc:
        note(f"sigcheck: cannot write the step summary: {exc}")


def use_page_cache(args: argparse.Namespace) -> bool:
    """The parse cache speeds up local runs; CI starts clean (a cache committed by a pull
    request must not decide what is checked there)."""
    return not args.no_cache and not os.environ.get("CI")


def failed(diagnostics: list[Diagnostic], strict: bool) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing for d in diagnostics)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        ctx, community = load(args, use_cache=use_page_cache(args))
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE
    from sigcheck.checks import finish, run_offline

    diagnostics = run_offline(community)
    if args.online:
        from sigcheck.online import check_online

        outcome = check_online(community, use_cache=not args.no_cache, verbose=args.verbose)
        diagnostics = finish([*diagnostics, *outcome.diagnostics], community)
    select = [code for group in args.select for code in group] or ctx.config.select
    ignore = [*ctx.config.ignore, *(code for group in args.ignore for code in group)]
    diagnostics = [d for d in filter_codes(diagnostics, select, ignore) if _within(d, ctx.paths)]

    from sigcheck.reporting import as_markdown, link_base, render, summary

    files = len(community.documents) + sum(1 for f in community.folders.values() if f.metadata)
    notes = outcome.summary.splitlines() if args.online else []
    write_output(render(diagnostics, args.format, files, ctx.root, notes), args)
    if args.format == "github":
        write_step_summary(as_markdown(diagnostics, files, link_base(), notes=notes))
    if args.sarif:
        from sigcheck.reporting.sarif import write_sarif

        if problem := write_sarif(args.sarif, diagnostics, ctx.root):
            note(f"sigcheck: --sarif {args.sarif}: {problem}")
            return EXIT_USAGE
    counts = summary(diagnostics, files)
    if args.online and not args.quiet:
        note(outcome.summary)
    if not args.quiet and (args.format == "text" or args.output):
        elapsed = time.perf_counter() - started
        timing = f" in {elapsed:.2f}s" if args.verbose else ""
        note(
            f"sigcheck: {counts['errors']} errors, {counts['warnings']} warnings, "
            f"{counts['infos']} infos in {files} files{timing}"
        )
    return EXIT_FINDINGS if failed(diagnostics, args.strict or ctx.config.strict) else EXIT_CLEAN
