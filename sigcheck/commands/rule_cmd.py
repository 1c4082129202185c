"""`sigcheck rule [CODE]`: what a code finds, why it matters, how to fix or silence it.

It needs no repository, so it takes only its own options (cli.py skips the common ones).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

COMMON_OPTIONS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a code, e.g. P002; none: all")
    parser.add_argument(
        "--root", help="the repository whose layout and configuration set the severity"
    )
    parser.add_argument("--config", help="a configuration file (default: the root's)")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), markdown, or json (every field of the rule)",
    )


def _severities(args: argparse.Namespace) -> Callable[[str], tuple[str, str]]:
    """The severity of each code where this is run (the layout the root is recognised as and
    its configuration), and where it comes from; SPEC's default outside any repository."""
    from pathlib import Path

    from sigcheck.config import Config, ConfigError, load_config
    from sigcheck.discovery import find_root

    try:
        root = find_root(args.root, [])
        config = load_config(root, Path(args.config).resolve() if args.config else None)
    except (ConfigError, OSError, ValueError) as exc:
        if args.root or args.config:
            print(f"sigcheck: {exc}; showing the default severities", file=sys.stderr)
        config = Config()
    return config.severity_of


def _listing(severity: Callable[[str], tuple[str, str]]) -> str:
    from sigcheck.diagnostics import CODES

    width = max(len(info.severity.value) for info in CODES.values())
    lines = []
    for info in CODES.values():
        level, source = severity(info.code)
        lines.append(
            f"{info.code}  {level:<{width}}  {info.summary}"
            + ("  (online)" if info.online else "")
            + (f"  ({source})" if source != "default" else "")
        )
    return "\n".join(lines) + "\n\n`sigcheck rule CODE` explains one.\n"


def run(args: argparse.Namespace) -> int:
    from sigcheck.commands.common import write_stdout
    from sigcheck.rules import RULES, rule

    severity = _severities(args)
    if args.code is None:
        chosen = list(RULES.values())
        if args.format == "text":
            write_stdout(_listing(severity))
            return 0
    else:
        found = rule(args.code)
        if found is None:
            print(
                f"sigcheck: unknown code {args.code!r}; `sigcheck rule` lists them all",
                file=sys.stderr,
            )
            return 2
        chosen = [found]
    if args.format == "json":
        import json

        document = [
            {
                "code": r.code,
                "severity": severity(r.code)[0],
                "severity_source": severity(r.code)[1],
                "default_severity": r.info.severity.value,
                "summary": r.info.summary,
                "online": r.info.online,
                "finds": r.finds,
                "why": r.why,
                "fix": r.fix,
                "silence": r.silence,
                **({"help_uri": r.help_uri} if r.help_uri else {}),
            }
            for r in chosen
        ]
        write_stdout(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        write_stdout("\n".join(r.as_markdown(*severity(r.code)) for r in chosen))
    else:
        write_stdout("\n".join(r.as_text(*severity(r.code)) for r in chosen))
    return 0
