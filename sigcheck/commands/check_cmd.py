"""`sigcheck check [PATH...]`: every offline check; `--online` adds the network checks."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING

from sigcheck.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    Context,
    NothingToCheck,
    UsageError,
    add_git_options,
    context,
    load,
    note,
    write_output,
)
from sigcheck.diagnostics import CODES, Diagnostic, Severity, filter_codes

if TYPE_CHECKING:
    from sigcheck.model import Community
    from sigcheck.online.runner import OnlineSession

REPORT_OPTIONS = True
STATISTICS_FORMATS = ("text", "json")


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
        "--changed-since",
        metavar="REF",
        help="report only findings in files that differ from the git revision REF "
        "(the whole folder is still read)",
    )
    parser.add_argument(
        "--sarif",
        metavar="FILE",
        help="also write SARIF 2.1.0 to FILE, in the same run (for GitHub code scanning)",
    )
    add_git_options(parser)


def _within(diagnostic: Diagnostic, paths: list[str]) -> bool:
    return not paths or any(
        diagnostic.path == p or diagnostic.path.startswith(p.rstrip("/") + "/") for p in paths
    )


def _in_changed(diagnostic: Diagnostic, changed: frozenset[str]) -> bool:
    """A finding at a changed file, or at a folder (D002, M001, ...) holding one."""
    if diagnostic.path in changed:
        return True
    folder = diagnostic.path.rstrip("/") + "/"
    return any(path.startswith(folder) for path in changed)


_LINE_RE = re.compile(r"^(?P<place>.*?): (?P<code>[A-Z]+\d+) (?P<severity>error|warning|info) ")
_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def wants_colour(stream: object) -> bool:
    """Colour on a terminal only; never with NO_COLOR set (https://no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colourize(text: str) -> str:
    """ANSI colours for the text format: the place bold, code and severity by severity."""

    def line(match: re.Match[str]) -> str:
        colour = _COLOURS[match["severity"]]
        return (
            f"\033[1m{match['place']}\033[0m: \033[1;{colour}m{match['code']}\033[0m "
            f"\033[{colour}m{match['severity']}\033[0m "
        )

    return "".join(_LINE_RE.sub(line, row, count=1) for row in text.splitlines(keepends=True))


def statistics(diagnostics: list[Diagnostic], fmt: str, files: int) -> str:
    """How many findings of each code, most frequent first (as `ruff --statistics`)."""
    counts = Counter(d.code for d in diagnostics)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        import json

        from sigcheck.reporting import summary

        document = {
            "version": 1,
            "statistics": [
                {
                    "code": code,
                    "severity": CODES[code].severity.value,
                    "count": count,
                    "summary": CODES[code].summary,
                }
                for code, count in rows
            ],
            "summary": summary(diagnostics, files),
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    width = len(str(rows[0][1])) if rows else 1
    return "".join(
        f"{count:>{width}}  {code}  {CODES[code].severity.value:<7}  {CODES[code].summary}\n"
        for code, count in rows
    )


def network_note(stats: dict[str, int]) -> str | None:
    """A plain sentence when no fresh online answer came back at all: most likely no network."""
    fresh = (
        stats.get("urls", 0)
        - stats.get("urls_cached", 0)
        + stats.get("handles", 0)
        - stats.get("handles_cached", 0)
    )
    if fresh <= 0 or stats.get("unverified", 0) < fresh:
        return None
    return (
        f"online: the network looks down: none of the {fresh} URLs and handles could be "
        "reached, so nothing was verified (P007/L006 warnings, not failures)"
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


def _usage(args: argparse.Namespace) -> str | None:
    """Option combinations this command cannot honour."""
    if args.statistics and args.format not in STATISTICS_FORMATS:
        return f"--statistics prints text or json, not --format {args.format}"
    return None


def _load_online(args: argparse.Namespace) -> tuple[Context, Community, OnlineSession]:
    """`load` for `--online`: the network checks start while the model is read (the session
    listens to the loader), instead of after every page is parsed."""
    ctx = context(args)
    from sigcheck.loader import LoadError, load_community
    from sigcheck.online.runner import OnlineSession

    session = OnlineSession(ctx.root, ctx.config, use_cache=not args.no_cache)
    try:
        community = load_community(
            ctx.root, ctx.config, use_page_cache(args), True, ctx.only, listener=session
        )
    except LoadError as exc:
        session.abandon()
        raise UsageError(str(exc)) from None
    except BaseException:
        session.abandon()
        raise
    return ctx, community, session


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if problem := _usage(args):
        note(f"sigcheck: {problem}")
        return EXIT_USAGE
    session: OnlineSession | None = None
    try:
        if args.online:
            ctx, community, session = _load_online(args)
        else:
            ctx, community = load(args, use_cache=use_page_cache(args))
        changed = None
        if args.changed_since:
            from sigcheck import vcs

            try:
                changed = frozenset(vcs.changed_since(ctx.root, args.changed_since))
            except vcs.GitError as exc:
                raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
    except NothingToCheck:
        return EXIT_CLEAN
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE
    from sigcheck.checks import finish, run_offline

    diagnostics = run_offline(community)
    if session is not None:
        outcome = session.finish(community, verbose=args.verbose)
        diagnostics = finish([*diagnostics, *outcome.diagnostics], community)
    select = [code for group in args.select for code in group] or [
        code.upper() for code in ctx.config.select
    ]
    ignore = [
        *(code.upper() for code in ctx.config.ignore),
        *(code for group in args.ignore for code in group),
    ]
    diagnostics = [
        d
        for d in filter_codes(diagnostics, select, ignore)
        if _within(d, ctx.paths) and (changed is None or _in_changed(d, changed))
    ]

    from sigcheck.reporting import as_markdown, link_base, render, summary

    files = len(community.documents) + sum(1 for f in community.folders.values() if f.metadata)
    down = network_note(outcome.stats) if args.online else None
    notes = [*([down] if down else []), *outcome.summary.splitlines()] if args.online else []
    if args.statistics:
        report = statistics(diagnostics, args.format, files)
    else:
        report = render(diagnostics, args.format, files, ctx.root, notes)
    if args.format == "text" and not args.output and wants_colour(sys.stdout):
        report = colourize(report)
    write_output(report, args)
    if args.format == "github":
        write_step_summary(as_markdown(diagnostics, files, link_base(), notes=notes))
    if args.sarif:
        from sigcheck.reporting.sarif import write_sarif

        if problem := write_sarif(args.sarif, diagnostics, ctx.root):
            note(f"sigcheck: --sarif {args.sarif}: {problem}")
            return EXIT_USAGE
    counts = summary(diagnostics, files)
    if args.online and not args.quiet:
        note(f"{down}\n{outcome.summary}" if down else outcome.summary)
    if not args.quiet and (args.format == "text" or args.output):
        elapsed = time.perf_counter() - started
        timing = f" in {elapsed:.2f}s" if args.verbose else ""
        note(
            f"sigcheck: {counts['errors']} errors, {counts['warnings']} warnings, "
            f"{counts['infos']} infos in {files} files{timing}"
        )
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failed(diagnostics, args.strict or ctx.config.strict) else EXIT_CLEAN
