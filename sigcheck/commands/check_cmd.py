"""`sigcheck check [PATH...]`: every offline check; `--online` adds the network checks."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sigcheck.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    NothingToCheck,
    UsageError,
    add_git_options,
    context,
    load,
    load_model,
    note,
    report_paths,
    surely_untouched,
    write_output,
)
from sigcheck.diagnostics import CODES, Diagnostic, Severity, filter_codes

if TYPE_CHECKING:
    from sigcheck.baseline import Entry
    from sigcheck.config import Config
    from sigcheck.model import Community
    from sigcheck.online.runner import OnlineOutcome
    from sigcheck.online.scope import Base
    from sigcheck.trace import Outcome

REPORT_OPTIONS = True
STATISTICS_FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="limit the report to these files or folders"
    )
    parser.add_argument(
        "--online",
        action="store_true",
        help="also check ids and repositories on their forges, and external links (network)",
    )
    parser.add_argument(
        "--forge-api",
        action="append",
        default=[],
        metavar="FORGE=URL",
        help="ask FORGE's API at URL (its token goes there, unlike an address in .sigcheck.toml)",
    )
    parser.add_argument(
        "--new-since",
        metavar="REF",
        help="report only the findings the git revision REF did not have (matched by "
        "fingerprint: an edit elsewhere in a file does not make a finding new)",
    )
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="report the findings in files that differ from the git revision REF, and every "
        "finding REF did not have elsewhere (the whole folder is still read)",
    )
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="report every finding, also those listed in .sigcheck-baseline.json",
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
    level = {d.code: d.severity.value for d in diagnostics}  # the layout's or configuration's
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        import json

        from sigcheck.reporting import summary

        document = {
            "version": 1,
            "statistics": [
                {
                    "code": code,
                    "severity": level[code],
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
        f"{count:>{width}}  {code}  {level[code]:<7}  {CODES[code].summary}\n"
        for code, count in rows
    )


def network_note(stats: dict[str, int]) -> str | None:
    """A plain sentence when no fresh online answer came back at all: most likely no network."""
    if stats.get("answered", 0):
        return None  # some server answered (a 429 or a sign-in page is not a network down)
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
    if args.new_since and args.pre_commit:
        return "--pre-commit already compares with the commit's parent: drop --new-since"
    if args.new_since and args.changed_since:
        return "--new-since and --changed-since: choose one"
    return None


def offline_outcome(args: argparse.Namespace) -> tuple[Path, list[str], Outcome]:
    """Root, report paths and the offline findings: from the last run's trace when nothing it
    read has changed (no parser, no validator imported), else by loading and checking, which
    leaves a trace for the next run. Raises UsageError, NothingToCheck."""
    from sigcheck import trace

    if args.pre_commit and not args.paths and surely_untouched(args):
        raise NothingToCheck
    from sigcheck import cache

    cache.take_problems()
    where = trace.place(args) if use_page_cache(args) else None
    if where is not None and (outcome := trace.replay(args, where)) is not None:
        if args.verbose:
            note(f"sigcheck: nothing read has changed since the last run ({where.trace.name})")
        sys.stderr.write(outcome.notes)  # what the full run said while it read
        return where.root, report_paths(args, where.root), outcome
    from sigcheck.files import Observer, observing

    observer: Observer | None
    with (
        observing() if where is not None else contextlib.nullcontext() as observer,
        trace.recording_stderr() if where is not None else contextlib.nullcontext() as notes,
    ):
        ctx, community = load(args, use_cache=use_page_cache(args))
        from sigcheck.checks import run_offline

        with_base(args, ctx.root, community)
        outcome = trace.Outcome.of(run_offline(community), community)
        tell_notes(args, community)
    outcome.notes = "".join(notes or [])
    problems = cache.take_problems()
    if where is not None and observer is not None and where.root == ctx.root:
        problems.append(trace.save(args, where, observer, outcome) or "")
    if args.verbose:
        for problem in filter(None, problems):
            note(f"sigcheck: cache: {problem}")
    return ctx.root, ctx.paths, outcome


def with_base(args: argparse.Namespace, root: Path, community: Community) -> None:
    """What the base revision's repository files held, where the run judges what a change
    adds (`--new-since REF`, `--pre-commit`: the commit's parent): R007 and R008 need it."""
    ref = getattr(args, "new_since", None) or ("HEAD" if args.pre_commit else None)
    if ref:
        from sigcheck.repository_base import read_base

        community.base = read_base(root, community.config, ref)


def tell_notes(args: argparse.Namespace, community: Community) -> None:
    """What the checks want the person running them to know (an absent gate data file)."""
    if not args.quiet:
        for text in community.notes:
            note(text)


def _online_outcome(args: argparse.Namespace) -> tuple[Path, list[str], Outcome, OnlineOutcome]:
    """The offline and online findings: the network checks start while the model is read
    (the session listens to the loader), instead of after every page is parsed."""
    ctx = context(args)
    from sigcheck.online.runner import OnlineSession

    session = OnlineSession(
        ctx.root,
        ctx.config,
        use_cache=not args.no_cache,
        forge_apis=_forge_apis(args, ctx.config),
        base=_online_base(args, ctx.root),
    )
    try:
        community = load_model(ctx, use_page_cache(args), listener=session)
    except BaseException:
        session.abandon()
        raise
    from sigcheck.checks import finish, run_offline
    from sigcheck.trace import Outcome

    with_base(args, ctx.root, community)
    offline = run_offline(community)
    tell_notes(args, community)
    online = session.finish(community, verbose=args.verbose)
    outcome = Outcome.of(finish([*offline, *online.diagnostics], community), community)
    return ctx.root, ctx.paths, outcome, online


@dataclass(slots=True)
class Comparison:
    """What this run's findings are compared with: a base revision's findings (`--new-since`,
    `--pre-commit`, `--changed-since`) or the baseline file's entries."""

    base: list[Diagnostic] | None = None
    entries: list[Entry] | None = None
    label: str = ""
    """What has the older findings: `main`, `the commit's parent`."""
    touched: frozenset[str] | None = None
    """With `--pre-commit`: the paths the commit adds, changes or deletes."""


def _cache_dir(args: argparse.Namespace) -> Path | None:
    from sigcheck import trace

    where = trace.place(args) if use_page_cache(args) else None
    return where.trace.parent if where is not None else None


def _base(args: argparse.Namespace, root: Path, commit: str | None) -> list[Diagnostic]:
    """The base revision's findings, with the configuration being checked (from the cache
    when the same tree was judged before with the same sigcheck and configuration)."""
    import json

    from sigcheck.discovery import ConfigError, configuration
    from sigcheck.layout import recognise
    from sigcheck.newsince import base_report

    explicit = Path(args.config) if args.config else None

    def config() -> Config:
        from sigcheck.config import ConfigError, load_config

        try:
            return load_config(root, explicit)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None

    try:  # the configuration as written (and the layout it resolves to), not yet validated
        where, section = configuration(root, explicit)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    from sigcheck.vcs import own_remote

    seen = [str(where), section, recognise(root).name, own_remote(root)]
    settings = json.dumps(seen, sort_keys=True, default=str)
    found, _ = base_report(root, config, commit, _cache_dir(args), settings)
    if args.verbose:  # the same words warm or cold, cached or not (the trace replays notes)
        note(f"sigcheck: the base revision has {len(found)} findings")
    return found


def _staged(root: Path) -> list[str] | None:
    """What the commit being made touches; None when nothing is staged, or outside git."""
    from sigcheck import vcs

    try:
        anything, staged = vcs.staged_changes(root)
    except vcs.GitError:
        return None
    return staged if anything else None


def compare_with(args: argparse.Namespace, root: Path) -> Comparison:
    """The base revision or baseline file this run is judged against (UsageError for a
    revision git cannot resolve, or a baseline file that cannot be used)."""
    from sigcheck import vcs

    ref = args.new_since or args.changed_since
    try:
        if ref:
            return Comparison(base=_base(args, root, vcs.resolve_commit(root, ref)), label=ref)
        # nothing staged (`pre-commit run --all-files`, pre-commit.ci): no commit is being
        # made, the whole tree is judged (as plain `check`, a baseline included)
        if args.pre_commit and (staged := _staged(root)) is not None:
            parent = vcs.head_commit(root)
            touched = frozenset(staged)
            label = "the commit's parent" if parent else "no commit yet"
            return Comparison(base=_base(args, root, parent), label=label, touched=touched)
    except vcs.GitError as exc:
        option = (
            "--pre-commit"
            if args.pre_commit
            else f"--{'new' if args.new_since else 'changed'}-since {ref}"
        )
        raise UsageError(f"{option}: {exc}") from None
    if args.no_baseline:
        return Comparison()
    from sigcheck.baseline import BASELINE_FILE, BaselineError, read

    try:
        return Comparison(entries=read(root), label=BASELINE_FILE)
    except BaselineError as exc:
        raise UsageError(f"{exc} (or run with --no-baseline)") from None


def older_line(comparison: Comparison, older: list[Diagnostic]) -> str:
    """The last line of a judged report: how many older findings are not shown, and how to
    list them."""
    count = len(older)
    noun = "finding" if count == 1 else "findings"
    if comparison.entries is not None:
        return (
            f"{count} {noun} listed in {comparison.label} left out: run `sigcheck check "
            "--no-baseline` to list them"
        )
    if comparison.touched is not None:
        here = sum(1 for d in older if _in_changed(d, comparison.touched))
        return (
            f"{here} older {'finding' if here == 1 else 'findings'} in files this commit "
            f"touches, {count - here} elsewhere: run `sigcheck check` to list them"
        )
    return (
        f"{count} older {noun} ({comparison.label} has them too): run `sigcheck check` to list them"
    )


def judge(
    comparison: Comparison,
    diagnostics: list[Diagnostic],
    every: list[Diagnostic],
    changed: frozenset[str] | None,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(shown, older): what the report shows and what it only counts."""
    from sigcheck.baseline import apply
    from sigcheck.newsince import split

    if comparison.base is not None:
        new, older = split(diagnostics, comparison.base)
        if changed is None:
            return new, older
        fresh = {id(d) for d in new}
        shown = [d for d in diagnostics if id(d) in fresh or _in_changed(d, changed)]
        kept = {id(d) for d in shown}
        return shown, [d for d in diagnostics if id(d) not in kept]
    if changed is not None:
        diagnostics = [d for d in diagnostics if _in_changed(d, changed)]
    if comparison.entries is None:
        return diagnostics, []
    new, listed, stale = apply(diagnostics, every, comparison.entries)
    return sorted([*new, *stale], key=Diagnostic.sort_key), listed


def _forge_apis(args: argparse.Namespace, config: Config) -> dict[str, str]:
    """`--forge-api gitee=https://...` as {forge: address}; a malformed one, or one naming no
    forge, is a usage error."""
    from sigcheck.config import BUILTIN_FORGE_NAMES

    known = {*BUILTIN_FORGE_NAMES, *config.online.forges}
    found = {}
    for item in getattr(args, "forge_api", None) or []:
        name, sep, url = item.partition("=")
        name = name.strip().lower()
        if not sep or not name or not url.strip().startswith(("https://", "http://")):
            raise UsageError(
                f"--forge-api {item}: write FORGE=URL (`gitee=https://gitee.com/api/v5`)"
            )
        if name not in known:
            raise UsageError(
                f"--forge-api {item}: no forge `{name}` (known: {', '.join(sorted(known))})"
            )
        found[name] = url.strip()
    return found


def _online_base(args: argparse.Namespace, root: Path) -> Base | None:
    """The pull request's base for `--online`: only what it lacks is asked (SPEC §4)."""
    from sigcheck import vcs
    from sigcheck.online.scope import git_base

    ref = getattr(args, "new_since", None) or args.changed_since
    try:
        if ref:
            return git_base(root, ref, vcs.changed_since(root, ref))
        if getattr(args, "pre_commit", False):
            anything, staged = vcs.staged_changes(root)
            # nothing staged (`pre-commit run --all-files`): the whole tree is asked
            return git_base(root, "HEAD", staged) if anything else None
    except vcs.GitError as exc:
        raise UsageError(f"--changed-since {ref}: {exc}") from None
    return None


def markdown_base(args: argparse.Namespace, root: Path) -> str | None:
    """Where the Markdown report links files: on GitHub Actions the commit being checked;
    elsewhere (a comment on Gitee, a Jenkins job) the repository's own web address (`repo_url`,
    else the `upstream` or `origin` remote) at the commit checked out; else None (paths
    relative to the root)."""
    from sigcheck import vcs
    from sigcheck.discovery import ConfigError, configuration
    from sigcheck.reporting import link_base

    if (base := link_base()) is not None:
        return base
    try:
        _, section = configuration(root, Path(args.config) if args.config else None)
    except ConfigError:
        section = {}
    configured = section.get("repo_url")
    remote = vcs.own_remote(root)
    url = configured if isinstance(configured, str) and configured else None
    if url is None and remote is not None:
        url = remote[0]
    try:
        commit = vcs.head_commit(root)
    except vcs.GitError:
        commit = None
    if url is None or commit is None:
        return None
    prefix = remote[2] if remote is not None else ""
    return f"{url.rstrip('/')}/blob/{commit}/{prefix}"


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if problem := _usage(args):
        note(f"sigcheck: {problem}")
        return EXIT_USAGE
    online = None
    try:
        if args.online:
            root, paths, outcome, online = _online_outcome(args)
        else:
            root, paths, outcome = offline_outcome(args)
        changed = None
        if args.changed_since:
            from sigcheck import vcs

            try:
                changed = frozenset(vcs.changed_since(root, args.changed_since))
            except vcs.GitError as exc:
                raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
        comparison = compare_with(args, root)
    except NothingToCheck:
        return EXIT_CLEAN
    except UsageError as exc:
        note(f"sigcheck: {exc}")
        return EXIT_USAGE
    select = [code for group in args.select for code in group] or [
        code.upper() for code in outcome.select
    ]
    ignore = [
        *(code.upper() for code in outcome.ignore),
        *(code for group in args.ignore for code in group),
    ]
    every = filter_codes(outcome.diagnostics, select, ignore)
    diagnostics, older = judge(
        comparison, [d for d in every if _within(d, paths)], outcome.diagnostics, changed
    )
    if comparison.entries is not None:
        diagnostics = filter_codes(diagnostics, select, ignore)  # B001 can be ignored too
    ending = older_line(comparison, older) if older else None

    from sigcheck.reporting import as_markdown, link_base, render, summary, totals

    files = outcome.files
    down = network_note(online.stats) if online else None
    notes = [*([down] if down else []), *online.summary.splitlines()] if online else []
    judged = comparison.base is not None or comparison.entries is not None
    if args.statistics:
        report = statistics(diagnostics, args.format, files)
    elif args.format == "sarif" and judged:
        from sigcheck.reporting.sarif import as_sarif

        report = as_sarif(diagnostics, root, older)
    else:
        cwd = Path(os.path.realpath(os.getcwd()))
        shown_older = older if judged else None
        base = markdown_base(args, root) if args.format == "markdown" else None
        report = render(
            diagnostics,
            args.format,
            files,
            root,
            notes,
            cwd,
            older=shown_older,
            ending=ending,
            base=base,
        )
    if args.format == "text" and not args.output and wants_colour(sys.stdout):
        report = colourize(report)
    write_output(report, args)
    if args.format == "github":
        write_step_summary(as_markdown(diagnostics, files, link_base(), notes=notes, ending=ending))
    if args.sarif:
        from sigcheck.reporting.sarif import write_sarif

        if problem := write_sarif(args.sarif, diagnostics, root, older if judged else None):
            note(f"sigcheck: --sarif {args.sarif}: {problem}")
            return EXIT_USAGE
    counts = summary(diagnostics, files)
    if online and not args.quiet:
        note(f"{down}\n{online.summary}" if down else online.summary)
    if ending and args.format not in ("text", "markdown") and not args.quiet:
        note(f"sigcheck: {ending}")
    if not args.quiet:  # every format: stderr is the person's, stdout the report's
        elapsed = time.perf_counter() - started
        timing = f" in {elapsed:.2f}s" if args.verbose else ""
        note(f"sigcheck: {totals(counts)}{timing}")
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failed(diagnostics, args.strict or outcome.strict) else EXIT_CLEAN
