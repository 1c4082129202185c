"""`sigcheck rule [CODE]`: what a code finds, why it matters, how to fix or silence it.

It needs no repository, so it takes only its own options (cli.py skips the common ones).
"""

from __future__ import annotations

import argparse
import sys

COMMON_OPTIONS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a code, e.g. P002; none: all")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), markdown, or json (every field of the rule)",
    )


def _listing() -> str:
    from sigcheck.diagnostics import CODES

    width = max(len(info.severity.value) for info in CODES.values())
    lines = [
        f"{info.code}  {info.severity.value:<{width}}  {info.summary}"
        + ("  (online)" if info.online else "")
        for info in CODES.values()
    ]
    return "\n".join(lines) + "\n\n`sigcheck rule CODE` explains one.\n"


def run(args: argparse.Namespace) -> int:
    from sigcheck.commands.common import write_stdout
    from sigcheck.rules import RULES, rule

    if args.code is None:
        chosen = list(RULES.values())
        if args.format == "text":
            write_stdout(_listing())
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
                "severity": r.info.severity.value,
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
        write_stdout("\n".join(r.as_markdown() for r in chosen))
    else:
        write_stdout("\n".join(r.as_text() for r in chosen))
    return 0
