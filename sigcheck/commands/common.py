"""What every command shares: finding the root, loading config and model, writing output.

Imports stay light here: `sigcheck --version` and `--help` load this module, so the
configuration (pydantic) and the model are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from sigcheck.config import Config
    from sigcheck.loader import LoadListener
    from sigcheck.model import Community

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Exit 2 with this message."""


class NothingToCheck(Exception):
    """`--pre-commit`: the commit being made touches nothing the command reads; exit 0."""


CONFIG_NAMES = (".sigcheck.toml", "pyproject.toml")


def add_git_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands a pre-commit hook runs (`check`, `fix`)."""
    parser.add_argument(
        "--tracked-only",
        action="store_true",
        help="read only the files git tracks (its index: staged new files count; untracked "
        "and ignored files are treated as absent); outside git, every file",
    )
    parser.add_argument(
        "--pre-commit",
        action="store_true",
        help="as a pre-commit hook: --tracked-only, and exit 0 at once when the staged change "
        "touches nothing sigcheck reads (the sigs folder, the tables, the configuration)",
    )


@dataclass(slots=True)
class Context:
    root: Path
    config: Config
    paths: list[str]
    """Repository-relative paths the report is limited to; empty: everything."""
    only: frozenset[str] | None = None
    """With --tracked-only: the files git tracks under the root; None: every file on disk."""


def _relative(path: Path, root: Path) -> str:
    try:
        relative = path.resolve().relative_to(root)
    except ValueError:
        raise UsageError(f"{path} is outside the repository root {root}") from None
    return relative.as_posix()


def context(args: argparse.Namespace) -> Context:
    raw_paths = [Path(p) for p in getattr(args, "paths", None) or []]
    if getattr(args, "pre_commit", False) and not raw_paths and surely_untouched(args):
        raise NothingToCheck
    from sigcheck.config import ConfigError, load_config
    from sigcheck.discovery import find_root

    try:
        root = find_root(args.root, raw_paths)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if args.root and not root.is_dir():
        raise UsageError(f"--root {args.root}: not a folder")
    try:
        config = load_config(root, Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    check_codes(config.select, "`select` in the configuration")
    check_codes(config.ignore, "`ignore` in the configuration")
    ctx = Context(root, config, report_paths(args, root))
    if getattr(args, "pre_commit", False) and not touches_what_is_read(ctx, args):
        raise NothingToCheck
    if getattr(args, "tracked_only", False) or getattr(args, "pre_commit", False):
        ctx.only = _tracked(root, args)
    return ctx


def report_paths(args: argparse.Namespace, root: Path) -> list[str]:
    """The repository-relative paths the report is limited to (empty: everything)."""
    raw_paths = [Path(p) for p in getattr(args, "paths", None) or []]
    for path in raw_paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    paths = [_relative(p, root) for p in raw_paths]
    return [] if "." in paths or "" in paths else paths


def check_codes(codes: list[str], where: str) -> None:
    """A code or prefix that names no code is a usage error: a typo must not switch checks
    off (`--select ZZZ` would otherwise select nothing and pass)."""
    for code in codes:
        if not known_code(code):
            raise UsageError(f"{where}: `{code}` is not a diagnostic code or prefix")


def known_code(code: str) -> bool:
    """`ALL`, a code (`L001`) or a prefix of one (`L`, `L00`), in any letter case."""
    from sigcheck.diagnostics import CODES

    upper = code.strip().upper()
    return upper == "ALL" or (bool(upper) and any(known.startswith(upper) for known in CODES))


def _tracked(root: Path, args: argparse.Namespace) -> frozenset[str] | None:
    from sigcheck import vcs

    try:
        return vcs.tracked_files(root)
    except vcs.GitError as exc:
        if not args.quiet:
            note(f"sigcheck: not reading through git ({exc}): every file counts")
        return None


def reads(ctx: Context, path: str, explicit_config: str | None = None) -> bool:
    """Whether a change to the repository-relative `path` (an addition, edit or deletion) can
    change what sigcheck finds: the sigs folder, the tables, the configuration."""
    sigs_dir = ctx.config.sigs_dir.strip("/")
    if path == sigs_dir or path.startswith(sigs_dir + "/"):
        return True
    layout = ctx.config.layout_spec
    if layout.folder_globs:  # SIG folders at the root (`sig-*`)
        import fnmatch

        top = path.split("/", 1)[0]
        if "/" in path and any(fnmatch.fnmatchcase(top, glob) for glob in layout.folder_globs):
            return True
    if layout.registry is not None and path in {
        layout.registry.path,
        *(copy.path for copy in layout.registry.copies),
    }:
        return True
    tables = {table.path for table in ctx.config.resolved_tables(ctx.root)}
    return path in tables or path in CONFIG_NAMES or path == explicit_config


def _light_layout(root: Path, explicit: str | None) -> tuple[str, set[str]] | None:
    """(sigs folder, configured table paths) from the configuration as TOML gives it, before
    pydantic is imported, or None when it is not plain enough to tell (then the full
    configuration decides)."""
    from sigcheck.discovery import ConfigError, configuration
    from sigcheck.layout import LAYOUTS, LayoutError, recognise

    try:
        _, section = configuration(root, Path(explicit) if explicit else None)
    except ConfigError:
        return None
    if "folder_globs" in section or "registry" in section:
        return None  # SIG folders at the root, a registry: the full configuration decides
    sigs_dir = section.get("sigs_dir")
    if sigs_dir is None:  # the layout's: `sig` for openEuler, recognised or named
        layout = section.get("layout", "auto")
        if not isinstance(layout, str) or (layout != "auto" and layout not in LAYOUTS):
            return None
        try:
            spec = recognise(root) if layout == "auto" else LAYOUTS[layout]
        except LayoutError:
            return None
        outside = spec.registry is not None and not spec.registry.path.startswith(spec.sigs_dir)
        if spec.folder_globs or outside:
            return None  # what is read is not all under one folder
        sigs_dir = spec.sigs_dir
    tables = section.get("tables") or []
    if not isinstance(sigs_dir, str) or not isinstance(tables, list):
        return None
    paths = {table.get("path") for table in tables if isinstance(table, dict)}
    if not all(isinstance(path, str) for path in paths) or len(paths) != len(tables):
        return None
    return sigs_dir.strip("/"), {str(path) for path in paths}


def surely_untouched(args: argparse.Namespace) -> bool:
    """The fast way out for a hook, before the configuration is validated (pydantic takes
    longer to import than the rest of the decision): True when the staged change surely
    touches nothing sigcheck reads. Applies where pre-commit runs hooks: the root given, or
    the top of the work tree (which is then the root that discovery finds)."""
    root = Path(args.root) if args.root else Path.cwd()
    if not args.root and not (root / ".git").exists():
        return False
    from sigcheck import vcs

    try:
        anything, staged = vcs.staged_changes(root)
    except vcs.GitError:
        return False
    layout = _light_layout(root, args.config)
    if not anything or layout is None:
        return False
    sigs_dir, tables = layout
    explicit = Path(args.config).resolve() if args.config else None
    for path in staged:
        if path == sigs_dir or path.startswith(sigs_dir + "/") or path in tables:
            return False
        if path in CONFIG_NAMES or (explicit and (root / path).resolve() == explicit):
            return False
    if args.verbose:
        note("sigcheck: the commit touches no file sigcheck reads")
    return True


def touches_what_is_read(ctx: Context, args: argparse.Namespace) -> bool:
    """For a hook: whether the commit being made touches what sigcheck reads. Nothing staged
    at all (`pre-commit run --all-files`, pre-commit.ci, a push hook) counts as yes."""
    from sigcheck import vcs

    try:
        anything, staged = vcs.staged_changes(ctx.root)
    except vcs.GitError:
        return True
    explicit = None
    if args.config:
        try:
            explicit = _relative(Path(args.config), ctx.root)
        except UsageError:  # a configuration outside the repository: no commit changes it
            explicit = None
    touched = [path for path in staged if reads(ctx, path, explicit)]
    if args.verbose:
        note(
            f"sigcheck: the commit touches {len(touched)} files sigcheck reads"
            if anything
            else "sigcheck: nothing is staged: every file is checked"
        )
    return not anything or bool(touched)


def load(
    args: argparse.Namespace, use_cache: bool = False, pages_too: bool = True
) -> tuple[Context, Community]:
    """The context and the model of the repository; UsageError when either cannot be had,
    NothingToCheck when a hook has nothing to do."""
    ctx = context(args)
    return ctx, load_model(ctx, use_cache, pages_too)


def load_model(
    ctx: Context,
    use_cache: bool = False,
    pages_too: bool = True,
    listener: LoadListener | None = None,
) -> Community:
    """The model of the repository of `ctx` (UsageError when it cannot be had); `listener` is
    told of what is read as soon as it is (`check --online`)."""
    import gc

    from sigcheck.loader import LoadError, load_community

    # The modules and classes imported so far live until exit: the collector's full passes
    # need not walk them again (70-80 ms of a cold openEuler run, 25 ms frozen).
    gc.freeze()
    try:
        return load_community(ctx.root, ctx.config, use_cache, pages_too, ctx.only, listener)
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
        write_stdout(text)


def write_stdout(text: str) -> None:
    """Write to stdout now. A stream that cannot take it (closed, a pipe whose reader left,
    a full disk) ends the run: exit 2, one line, no traceback (SPEC §4)."""
    try:
        if sys.stdout is None:  # started with stdout closed (`sigcheck check >&-`)
            raise OSError(errno.EBADF, "it is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        output_failed(exc)


def output_failed(exc: OSError) -> NoReturn:
    """Exit 2 for a report stdout would not take; stdout then points at the null device, so
    that the interpreter's last flush of what is still buffered cannot fail a second time."""
    note(f"sigcheck: cannot write the report to standard output: {exc.strerror or exc}")
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    raise SystemExit(EXIT_USAGE)


def note(message: str) -> None:
    print(message, file=sys.stderr)
