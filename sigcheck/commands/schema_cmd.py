"""`sigcheck schema`: print the JSON Schema (draft 2020-12) of sig-info.yaml.

It needs no repository, so it takes only its own options (cli.py skips the common ones).
"""

from __future__ import annotations

import argparse
from pathlib import Path

COMMON_OPTIONS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", help="write the schema to this file instead of stdout")
    parser.add_argument(
        "--id",
        help="the schema's `$id`: the URL where you publish it (default: a sigcheck URN)",
    )


def run(args: argparse.Namespace) -> int:
    from sigcheck.generate.schema import DEFAULT_ID, schema_text

    text = schema_text(args.id or DEFAULT_ID)
    if args.output:
        from sigcheck.commands.common import EXIT_USAGE, note
        from sigcheck.generate.writer import WriteError, atomic_write

        try:
            atomic_write(Path(args.output), text.encode("utf-8"))
        except WriteError as exc:
            note(f"sigcheck: {args.output}: {exc}")
            return EXIT_USAGE
    else:
        from sigcheck.commands.common import write_stdout

        write_stdout(text)
    return 0
