"""Answer `sigcheck check` from the last run's trace when nothing it read has changed.

A hook runs on every commit, and most runs see exactly the files the previous one saw. The
previous run recorded every question it asked the file system and git (files.py: reads,
listings, kinds, real paths, git's index and staged set) with a digest of each answer, and its
findings. This run asks the same questions again, in the same order, and stops at the first
answer that differs; when none differs, the findings cannot differ either (the checks are pure
functions of those answers, the configuration file among them), so they are reused without
importing a parser or a validator. The trace is keyed by sigcheck's own code (file sizes and
times, so an edited checkout never replays an old result), the Python and its packages, the
root, the configuration file and the options that change what is read.

Never used with `--online` (the network is not a file) or without the cache (`--no-cache`, CI).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigcheck import __version__, files
from sigcheck.diagnostics import CODES, Diagnostic, Severity

if TYPE_CHECKING:
    from sigcheck.model import Community

TRACE_FILE = "trace.json"
MAX_TRACE_BYTES = 64 * 1024 * 1024
"""A trace holds one line per file and folder read: a few MiB for the largest communities."""
_FORMAT = f"trace-1/{__version__}"
DEFAULT_CACHE_DIR = ".sigcheck-cache"


@dataclass(slots=True)
class Outcome:
    """What `check` reports from: every finding before `--select`/paths filters, and the
    configuration values the report itself depends on."""

    diagnostics: list[Diagnostic]
    files: int
    select: list[str]
    ignore: list[str]
    strict: bool

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], community: Community) -> Outcome:
        """The outcome of checking `community`: its files and its configuration's say."""
        files = len(community.documents) + sum(1 for f in community.folders.values() if f.metadata)
        config = community.config
        return cls(diagnostics, files, list(config.select), list(config.ignore), config.strict)

    def to_json(self) -> dict[str, Any]:
        return {
            "diagnostics": [
                [d.code, d.path, d.line, d.column, d.message, d.level and d.level.value]
                for d in self.diagnostics
            ],
            "files": self.files,
            "select": self.select,
            "ignore": self.ignore,
            "strict": self.strict,
        }

    @classmethod
    def from_json(cls, data: Any) -> Outcome | None:
        try:
            diagnostics = [
                Diagnostic(
                    str(row[0]),
                    str(row[1]),
                    row[2],
                    row[3],
                    str(row[4]),
                    Severity(row[5]) if len(row) > 5 and row[5] else None,
                )
                for row in data["diagnostics"]
            ]
            outcome = cls(
                diagnostics,
                int(data["files"]),
                [str(code) for code in data["select"]],
                [str(code) for code in data["ignore"]],
                bool(data["strict"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if not all(d.code in CODES for d in diagnostics):
            return None
        return outcome


@dataclass(frozen=True, slots=True)
class Place:
    """The root, the configuration file and the trace file, found as `context` finds them."""

    root: Path
    config: Path | None
    trace: Path


def _stamp() -> str:
    """sigcheck's code and the interpreter with its packages: a checkout edited in place, a
    new sigcheck or an upgraded dependency must never replay an old result."""
    # the environment and the interpreter behind it (`sigcheck` and `python -m sigcheck` alike)
    parts = [__version__, sys.version, sys.prefix, os.path.realpath(sys.executable)]
    package = Path(__file__).parent
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    for entry in sys.path:  # installing or upgrading a package touches its folder
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                parts.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
            except OSError:
                parts.append(f"{entry}:-")
    return files.digest_bytes("\n".join(parts).encode("utf-8", "surrogateescape"))


def place(args: argparse.Namespace) -> Place | None:
    """Where this run's trace lives; None when that cannot be told without the full
    configuration (then the run does not use a trace)."""
    from sigcheck.discovery import ConfigError, configuration, find_root

    raw_paths = [Path(p) for p in getattr(args, "paths", None) or []]
    try:
        root = find_root(args.root, raw_paths)
        config, section = configuration(root, Path(args.config).resolve() if args.config else None)
    except (ConfigError, OSError, ValueError):
        return None
    cache_dir = section.get("cache_dir", DEFAULT_CACHE_DIR)
    if not isinstance(cache_dir, str) or not cache_dir.strip("/"):
        return None
    return Place(root, config, root / cache_dir.strip("/") / TRACE_FILE)


def _key(args: argparse.Namespace, where: Place) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "stamp": _stamp(),
        "root": str(where.root),
        "config": None if where.config is None else str(where.config),
        "tracked_only": bool(getattr(args, "tracked_only", False)),
        "pre_commit": bool(getattr(args, "pre_commit", False)),
    }


def _git_tracked(root: str) -> None:
    from sigcheck import vcs

    with contextlib.suppress(vcs.GitError):  # an error is observed as an answer of its own
        vcs.tracked_files(Path(root))


def _git_staged(root: str) -> None:
    from sigcheck import vcs

    with contextlib.suppress(vcs.GitError):
        vcs.staged_changes(Path(root))


_ASK_AGAIN: dict[str, Callable[..., object]] = {
    "read": lambda path, limit, root: files.read_file(
        Path(path), int(limit), Path(root) if root else None
    ),
    "inside": lambda path, root: files.inside(Path(path), Path(root)),
    "kind": lambda path: files.kind(Path(path)),
    "real": lambda path: files.real_path(Path(path)),
    "size": lambda path: files.regular_size(Path(path)),
    "list": lambda path: files.scan(Path(path)),
    "git-tracked": _git_tracked,
    "git-staged": _git_staged,
}
"""How to ask each kind of recorded question again; the function asked observes the answer."""


def replay(args: argparse.Namespace, where: Place) -> Outcome | None:
    """The last run's outcome when every question it asked gets the same answer now."""
    if not files.inside_quietly(where.trace, where.root):
        return None
    raw = files.read_file_quietly(where.trace, MAX_TRACE_BYTES, where.root)
    if isinstance(raw, files.ReadProblem):
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("key") != _key(args, where):
        return None
    questions = data.get("questions")
    if not isinstance(questions, list):
        return None
    with files.observing() as observer:
        for question in questions:
            try:
                kind, question_args, answer = question
                _ASK_AGAIN[kind](*question_args)
            except (KeyError, TypeError, ValueError):
                return None
            if observer.answers.get((kind, tuple(question_args))) != answer:
                return None
    return Outcome.from_json(data.get("outcome"))


def save(
    args: argparse.Namespace, where: Place, observer: files.Observer, outcome: Outcome
) -> None:
    """Keep this run's questions, answers and outcome for the next run (best effort: a trace
    that cannot be written only makes the next run slower)."""
    if observer.contradicted:
        return
    from sigcheck.cache import write_cache

    data = {
        "key": _key(args, where),
        "questions": [
            [kind, list(qargs), answer] for (kind, qargs), answer in observer.answers.items()
        ],
        "outcome": outcome.to_json(),
    }
    write_cache(where.trace, json.dumps(data, ensure_ascii=False).encode("utf-8"), where.root)
