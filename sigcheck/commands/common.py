"""What every command shares: finding the root, loading config and model, writing output."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sigcheck.config import Config, ConfigError, discover_root, load_config

if TYPE_CHECKING:
    from sigcheck.model import Community

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Exit 2 with this message."""


@dataclass(slots=True)
class Context:
    root: Path
    config: Config
    paths: list[str]
    """Repository-relative paths the report is limited to; empty: everything."""


def _relative(path: Path, root: Path) -> str:
    try:
        relative = path.resolve().relative_to(root)
    except ValueError:
        raise UsageError(f"{path} is outside the repository root {root}") from None
    return relative.as_posix()


def context(args: argparse.Namespace) -> Context:
    raw_paths = [Path(p) for p in getattr(args, "paths", None) or []]
    if args.root:
        root = Path(args.root).resolve()
        if not root.is_dir():
            raise UsageError(f"--root {args.root}: not a folder")
    else:
        root = discover_root(raw_paths[0] if raw_paths else Path.cwd())
    for path in raw_paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    try:
        config = load_config(root, Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    paths = [_relative(p, root) for p in raw_paths]
    return Context(root, config, [] if "." in paths or "" in paths else paths)


def load(
    args: argparse.Namespace, use_cache: bool = False, pages_too: bool = True
) -> tuple[Context, Community]:
    """The context and the model of the repository; UsageError when either cannot be had."""
    ctx = context(args)
    from sigcheck.loader import LoadError, load_community

    try:
        return ctx, load_community(ctx.root, ctx.config, use_cache, pages_too)
    except LoadError as exc:
        raise UsageError(str(exc)) from None


def write_output(text: str, args: argparse.Namespace) -> None:
    """Stdout, or `--output` written atomically. A file that cannot be written (a missing
    folder, a directory, a full disk) ends the run with exit 2 and a message; no temporary
    file is left. A device (`/dev/stdout`, `/dev/null`) or a FIFO is written to directly."""
    if args.output:
        import stat

        from sigcheck.generate.writer import WriteError, atomic_write

        target = Path(args.output)
        data = text.encode("utf-8")
        try:
            try:
                mode = target.stat().st_mode
            except OSError:
                mode = 0
            if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
                with open(target, "wb") as stream:
                    stream.write(data)
            else:
                atomic_write(target, data, limit=None)
        except (WriteError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            note(f"sigcheck: --output {args.output}: {reason}")
            raise SystemExit(EXIT_USAGE) from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def note(message: str) -> None:
    print(message, file=sys.stderr)
