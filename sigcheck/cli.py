"""Command line: `sigcheck <command> [options]`; `main(argv) -> int` as pre-commit hooks do.

Commands are imported only when chosen, so `sigcheck check` never pays for generation or the
network layer.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from sigcheck import __version__

FORMATS = ("text", "json", "github", "sarif", "markdown")

COMMANDS: dict[str, str] = {
    "check": "all offline checks; with --online also Gitee handles and external links",
    "fix": "regenerate every configured SIG table from sig-info.yaml; --check shows a diff",
    "baseline": "write .sigcheck-baseline.json from today's findings (check then leaves them out)",
    "import": "write sig-info.yaml (or the missing table keys) from the current table rows",
    "schema": "print the JSON Schema of sig-info.yaml",
    "rule": "explain a diagnostic code (what it finds, why, how to fix it); no code: list all",
}


def _codes(value: str) -> list[str]:
    """`--select/--ignore` values: codes or prefixes that name some code, or `ALL`."""
    from sigcheck.commands.common import known_code

    codes = [part.strip().upper() for part in value.split(",") if part.strip()]
    for code in codes:
        if not code.isalnum() or not known_code(code):
            raise argparse.ArgumentTypeError(
                f"`{code}` is not a diagnostic code or prefix (e.g. T, L00, P002, ALL)"
            )
    return codes


class Parser(argparse.ArgumentParser):
    """argparse with short usage errors (SPEC §4): the command's own usage in one line and
    the hint `sigcheck CMD --help`, exit 2; a bad value of a known option (`--select ZZZ`)
    is one line that names it, not a usage block."""

    def one_line_usage(self) -> str:
        """`usage: sigcheck check [OPTIONS] [PATH ...]`: the positionals as argparse spells
        them, every option folded into `[OPTIONS]`."""
        formatter = self._get_formatter()
        formatter.add_usage(None, self._get_positional_actions(), [], prefix="")
        positionals = formatter.format_help().split()[len(self.prog.split()) :]
        return " ".join(("usage:", self.prog, "[OPTIONS]", *positionals))

    def error(self, message: str) -> NoReturn:
        hint = f"`{self.prog} --help`"
        if message.startswith("argument "):  # a known option with a bad or missing value
            self.exit(2, f"{self.prog}: {message.removeprefix('argument ')}; see {hint}\n")
        self.exit(2, f"{self.prog}: {message}\n{self.one_line_usage()} (see {hint})\n")


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options of every command that reads a repository."""
    parser.add_argument("--root", help="repository root (default: discovered from PATH or cwd)")
    parser.add_argument("--config", help="configuration file (.sigcheck.toml or pyproject.toml)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print findings only")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print timings and notes")


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that report findings (`check`): what to show and how."""
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--output", help="write the report to this file instead of stdout")
    parser.add_argument(
        "--select",
        type=_codes,
        action="append",
        default=[],
        help="only these codes or prefixes (comma-separated, e.g. T,L001)",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        action="append",
        default=[],
        help="skip these codes or prefixes (comma-separated)",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings (2 stays 2)"
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print how many findings of each code instead of the findings (text or json)",
    )
    parser.add_argument("--no-cache", action="store_true", help="ignore the on-disk cache")


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """`--version` on every command (SPEC §4): `sigcheck check --version` as `sigcheck --version`."""
    parser.add_argument("--version", action="version", version=f"sigcheck {__version__}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="sigcheck",
        description="Keep a community's SIG folder true and tidy: lint it, regenerate its tables.",
    )
    add_version_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        add_version_option(sub)
        module = importlib.import_module(f"sigcheck.commands.{name}_cmd")
        module.add_arguments(sub)
        if getattr(module, "COMMON_OPTIONS", True):
            add_common_options(sub)
        if getattr(module, "REPORT_OPTIONS", False):
            add_report_options(sub)
    return parser


def subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of the command `name`."""
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction):
            chosen: argparse.ArgumentParser = action.choices[name]
            return chosen
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # the command's own usage, not the top level's (argparse's default)
        command = parser if args.command is None else subparser(parser, args.command)
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    module = importlib.import_module(f"sigcheck.commands.{args.command}_cmd")
    try:
        result: int = module.run(args)
    except BrokenPipeError as exc:  # the reader of stdout left (`sigcheck ... | head -1`)
        from sigcheck.commands.common import output_failed

        output_failed(exc)
    return result
