"""Answer `sigcheck check` from the last run's trace when nothing it read has changed.

A hook runs on every commit, and most runs see exactly the files the previous one saw. The
previous run recorded every question it asked the file system and git (files.py: reads,
listings, kinds, real paths, git's index and staged set) with a digest of each answer, its
findings and the notes it printed. This run asks the same questions again, in the same order,
and stops at the first answer that differs; when none differs, the findings cannot differ
either (the checks are pure functions of those answers, the configuration file among them), so
they are reused without importing a parser or a validator.

A replay must print what `--no-cache` prints (SPEC §6), so the trace is keyed by
`cache.code_stamp()` (sigcheck's code, the interpreter, the libraries that shape results), the
root, the configuration file and every option that is not applied to the findings afterwards.
Questions are recorded with absolute paths (never relative to the current folder); names that
are not UTF-8 are kept losslessly (their surrogate escapes, written as `\\udcXX` in ASCII JSON).
A trace without questions, a trace git tracks and any error while replaying mean a full run;
a trace that cannot be written is a note for `-v`, never a failure.

Never used with `--online` (the network is not a file) or without the cache (`--no-cache`, CI).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from sigcheck import __version__, files
from sigcheck.diagnostics import CODES, Diagnostic, Severity

if TYPE_CHECKING:
    from sigcheck.model import Community

TRACE_FILE = "trace.json"
MAX_TRACE_BYTES = 64 * 1024 * 1024
"""A trace holds one line per file and folder read: a few MiB for the largest communities."""
_FORMAT = f"trace-2/{__version__}"
DEFAULT_CACHE_DIR = ".sigcheck-cache"

AFTERWARDS = frozenset(
    {
        "paths",
        "format",
        "output",
        "select",
        "ignore",
        "strict",
        "exit_zero",
        "statistics",
        "changed_since",
        "no_baseline",
        "sarif",
    }
)
"""Options applied to the findings after they are made (the same for a replay and a full
run). Every other option is part of the trace's key: one added later is safe by default.
Not `new_since`: the base revision's repository files decide R007/R008 (`with_base`)."""
_NOT_KEYS = frozenset({"command", "root", "config", "no_cache", "online"})
"""Never traced (`no_cache`, `online`) or keyed by what they resolve to (`root`, `config`)."""


@dataclass(slots=True)
class Outcome:
    """What `check` reports from: every finding before `--select`/paths filters, the
    configuration values the report itself depends on, and what the run said on stderr
    while it read and checked (`notes`, replayed as they were)."""

    diagnostics: list[Diagnostic]
    files: int
    select: list[str]
    ignore: list[str]
    strict: bool
    notes: str = ""

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], community: Community) -> Outcome:
        """The outcome of checking `community`: its files and its configuration's say."""
        folders = community.folders.values()
        files = len(community.documents) + sum(1 for f in folders if f.metadata)
        files += sum(len(f.repositories) for f in folders)  # per-repository files read
        config = community.config
        return cls(diagnostics, files, list(config.select), list(config.ignore), config.strict)

    def to_json(self) -> dict[str, Any]:
        return {
            "diagnostics": [
                [
                    d.code,
                    d.path,
                    d.line,
                    d.column,
                    d.message,
                    d.level and d.level.value,
                    d.subject,
                ]
                for d in self.diagnostics
            ],
            "files": self.files,
            "select": self.select,
            "ignore": self.ignore,
            "strict": self.strict,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: Any) -> Outcome | None:
        """The outcome a trace holds, or None unless every value has its type."""
        try:
            diagnostics = [
                Diagnostic(
                    str(row[0]),
                    str(row[1]),
                    row[2],
                    row[3],
                    str(row[4]),
                    level=Severity(row[5]) if len(row) > 5 and row[5] else None,
                    subject=row[6] if len(row) > 6 else None,
                )
                for row in data["diagnostics"]
            ]
            outcome = cls(
                diagnostics,
                data["files"],
                data["select"],
                data["ignore"],
                data["strict"],
                data["notes"],
            )
        except (KeyError, TypeError, ValueError):
            return None
        if not all(_well_formed(d) for d in diagnostics):
            return None
        strings = [*outcome.select, *outcome.ignore]
        if not (
            type(outcome.files) is int
            and isinstance(outcome.strict, bool)
            and isinstance(outcome.notes, str)
            and isinstance(outcome.select, list)
            and isinstance(outcome.ignore, list)
            and all(isinstance(code, str) for code in strings)
        ):
            return None
        return outcome


def _well_formed(d: Diagnostic) -> bool:
    return (
        isinstance(d.code, str)
        and d.code in CODES
        and isinstance(d.path, str)
        and isinstance(d.message, str)
        and all(n is None or type(n) is int for n in (d.line, d.column))
        and (d.subject is None or isinstance(d.subject, str))
    )


@dataclass(frozen=True, slots=True)
class Place:
    """The root, the configuration file and the trace file, found as `context` finds them."""

    root: Path
    config: Path | None
    trace: Path


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
    """Everything but the repository's files that the outcome depends on."""
    from sigcheck.cache import code_stamp

    options = {
        name: value
        for name, value in sorted(vars(args).items())
        if name not in AFTERWARDS and name not in _NOT_KEYS
    }
    key = {
        "format": _FORMAT,
        "stamp": code_stamp(),
        "root": str(where.root),
        "config": None if where.config is None else str(where.config),
        # as given too: `--config link` to a pyproject.toml is read as a plain TOML file
        "config_given": files.absolute(args.config) if args.config else None,
        "options": options,
    }
    # as JSON gives it back (tuples as lists, anything else by its repr)
    loaded: dict[str, Any] = json.loads(json.dumps(key, default=repr))
    return loaded


def _invocation(args: argparse.Namespace) -> list[Any]:
    """The command as typed, where it was typed: what notes printed verbatim may mention."""
    return [os.getcwd(), args.root, args.config, list(getattr(args, "paths", None) or [])]


def _git_tracked(root: str) -> None:
    from sigcheck import vcs

    with contextlib.suppress(vcs.GitError):  # an error is observed as an answer of its own
        vcs.tracked_files(Path(root))


def _git_staged(root: str) -> None:
    from sigcheck import vcs

    with contextlib.suppress(vcs.GitError):
        vcs.staged_changes(Path(root))


def _git_remote(root: str) -> None:
    from sigcheck import vcs

    vcs.own_remote(Path(root))  # the repository's own address: which links are local


def _git_base(root: str, ref: str, folder: str) -> None:
    from sigcheck import vcs

    with contextlib.suppress(vcs.GitError):
        vcs.repository_base_files(Path(root), ref, folder)  # what R007/R008 judge against


def _read(path: str, limit: int, root: str | None) -> None:
    if (
        not isinstance(path, str)
        or type(limit) is not int
        or not (root is None or isinstance(root, str))
    ):
        raise TypeError("not a recorded read")
    files.read_file(path, limit, Path(root) if root is not None else None)


# The recorded paths as they were written: `Path()` would make `/repo/.` another question.
_ASK_AGAIN: dict[str, Callable[..., object]] = {
    "read": _read,
    "inside": lambda path, root: files.inside(str(path), str(root)),
    "kind": lambda path: files.kind(str(path)),
    "real": lambda path: files.real_path(str(path)),
    "size": lambda path: files.regular_size(str(path)),
    "list": lambda path: files.scan(str(path)),
    "git-tracked": _git_tracked,
    "git-staged": _git_staged,
    "git-remote": _git_remote,
    "git-base": _git_base,
}
"""How to ask each kind of recorded question again; the function asked observes the answer."""


def replay(args: argparse.Namespace, where: Place) -> Outcome | None:
    """The last run's outcome when every question it asked gets the same answer now. Any
    doubt (a damaged, foreign, empty or tracked trace, an error while asking) is None: a full
    run, never a crash and never a stale report."""
    try:
        return _replay(args, where)
    except Exception:  # a hand-made trace can make any question fail: run in full
        return None


def _replay(args: argparse.Namespace, where: Place) -> Outcome | None:
    from sigcheck.cache import problems, tracked_by_git

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
    outcome = Outcome.from_json(data.get("outcome"))
    # a run always asks something (the root's listing at least): no questions, no proof
    if not isinstance(questions, list) or not questions or outcome is None:
        return None
    if outcome.notes and data.get("invocation") != _invocation(args):
        return None
    if tracked_by_git(where.trace):  # committed: a pull request's, not ours
        problems.append(f"{where.trace} is tracked by git: not used as a cache")
        return None
    with files.observing() as observer:
        for question in questions:
            kind, question_args, answer = question
            if not isinstance(question_args, list) or not isinstance(answer, str):
                return None
            _ASK_AGAIN[kind](*question_args)
            if observer.answers.get((kind, tuple(question_args))) != answer:
                return None
        if observer.contradicted:
            return None
    return outcome


class _Tee:
    """Stderr as it was, keeping a copy of what is written."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.written.append(text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def recording_stderr() -> Iterator[list[str]]:
    """What is printed on stderr while the block runs (and printed as usual): the notes of a
    full run, which its replay prints again."""
    tee = _Tee(sys.stderr)
    sys.stderr = cast(TextIO, tee)
    try:
        yield tee.written
    finally:
        if sys.stderr is cast(TextIO, tee):
            sys.stderr = tee.stream


def save(
    args: argparse.Namespace, where: Place, observer: files.Observer, outcome: Outcome
) -> str | None:
    """Keep this run's questions, answers and outcome for the next run; why not, when it was
    not kept (best effort, never raises: a trace that cannot be written only makes the next
    run slower)."""
    if observer.contradicted:
        return "a file changed while it was read; no trace kept"
    if not observer.answers:
        return "nothing was read; no trace kept"
    from sigcheck.cache import write_cache

    try:
        data = {
            "key": _key(args, where),
            "invocation": _invocation(args),
            "questions": [
                [kind, list(qargs), answer] for (kind, qargs), answer in observer.answers.items()
            ],
            "outcome": outcome.to_json(),
        }
        # ASCII: a name that is not UTF-8 keeps its surrogate escapes as `\udcXX`, losslessly
        text = json.dumps(data, ensure_ascii=True).encode("ascii")
    except Exception as exc:  # never a crash for a cache: the report is already made
        return f"{where.trace}: not written: {type(exc).__name__}: {exc}"
    if problem := write_cache(where.trace, text, where.root):
        return f"{where.trace}: not written: {problem}"
    return None
