"""The repository's files: one door for reading them, and a cached, exact-case view.

`read_file` is how every file a pull request can commit is read (pages, tables, sig-info.yaml,
configuration): never blocking (a FIFO), never more than a limit (a symlink to /dev/zero), only
regular files, and never through a symlink that leaves the repository (whose content would
otherwise end up in messages).

Link checks ask "does this path exist, with this exact case, inside the tree?" thousands of
times; one directory listing per folder answers all of them, on case-insensitive file systems
too (where `Path.exists` would hide an L003). A listing tolerates entries it cannot examine (a
symlink loop): one bad entry never makes a folder look empty.

Every question a check run asks the file system passes through here (reads, listings, kinds,
real paths), so that a run can be observed: `observing()` records each question and a digest
of its answer, and `trace.py` replays them to prove that nothing a run depends on has changed.
Reads of sigcheck's own files (its caches) use the `_quietly` variants: they are not evidence.

The same questions can be answered by another `Source` than the disk, for the files under one
root: `reading_from(source)` makes them read a git revision or git's index instead
(`gitfiles.py`: `check --new-since` reads its base revision that way, never by a checkout).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

MAX_FILE_BYTES = 2 * 1024 * 1024
"""SIG pages and metadata are kilobytes; past this is not a file a person maintains by hand."""

TABLE_MAX_BYTES = 8 * 1024 * 1024
"""A SIG table README: 20,000 rows of ~200 bytes fit. `fix` never writes a table past it, so
that what it writes can always be read back."""

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Why a file was not read; never contains any of the file's content."""

    message: str
    missing: bool = False


Question = tuple[str, tuple[str | int | None, ...]]
"""(kind, arguments): one question a run asked the file system (or git)."""


class Observer:
    """The answers (digests) to every question asked while `observing()` runs."""

    def __init__(self) -> None:
        self.answers: dict[Question, str] = {}
        self.contradicted = False
        """One question got two different answers: a file changed during the run."""


_observer: Observer | None = None


@contextmanager
def observing() -> Iterator[Observer]:
    """Record every question asked through this module (and `vcs`) while the block runs."""
    global _observer
    previous, _observer = _observer, Observer()
    try:
        yield _observer
    finally:
        _observer = previous


def absolute(path: Path | str) -> str:
    """`path` as the question it asks, independent of the current folder: joined to the cwd
    when relative, not normalised (`a/..` through a symlink is not `.`). A trace records
    questions so, or a run from another folder would replay an answer about other files."""
    text = os.fspath(path)
    if os.path.isabs(text):
        return text
    return os.getcwd() if text == "." else os.path.join(os.getcwd(), text)


def observe(kind: str, args: tuple[str | int | None, ...], digest: str) -> None:
    """Note one question and the digest of its answer, when a run is being observed."""
    if _observer is None:
        return
    previous = _observer.answers.setdefault((kind, args), digest)
    if previous != digest:
        _observer.contradicted = True


class Source(Protocol):
    """Answers the questions below for the paths under `root`, from somewhere else than the
    disk (a git revision). Its answers are not observed one by one: a source observes what
    it is (an index, a tree id) once, and everything it answers follows from that."""

    root: str

    def read(self, path: str, limit: int, root: str | None) -> bytes | ReadProblem: ...
    def kind(self, path: str) -> str: ...
    def size(self, path: str) -> int | None: ...
    def inside(self, path: str, root: str) -> bool: ...
    def real(self, path: str) -> str: ...
    def scan(self, folder: str) -> dict[str, _Entry] | None: ...


_source: Source | None = None


@contextmanager
def reading_from(source: Source) -> Iterator[Source]:
    """Answer every question about a path under `source.root` from `source` while the block
    runs (the rest of the file system is still the disk)."""
    global _source
    previous, _source = _source, source
    try:
        yield source
    finally:
        _source = previous


def _from_source(path: Path | str) -> tuple[Source, str] | None:
    """The active source and the normalised path, when the source answers for `path`."""
    if _source is None:
        return None
    text = os.path.normpath(os.fspath(path))
    root = _source.root
    if text == root or text.startswith(root.rstrip(os.sep) + os.sep):
        return _source, text
    return None


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def inside_quietly(path: Path | str, root: Path | str) -> bool:
    """Whether `path`, symlinks resolved, stays within `root` (symlinks resolved too), not
    observed: for sigcheck's own files."""
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def inside(path: Path | str, root: Path | str) -> bool:
    """Whether `path`, symlinks resolved, stays within `root` (symlinks resolved too)."""
    if found := _from_source(path):
        return found[0].inside(found[1], os.path.normpath(os.fspath(root)))
    answer = inside_quietly(path, root)
    if _observer is not None:
        observe("inside", (absolute(path), absolute(root)), "1" if answer else "0")
    return answer


def real_path(path: Path | str) -> Path:
    """`Path.resolve()`, observed: symlinks followed, `..` removed."""
    if found := _from_source(path):
        return Path(found[0].real(found[1]))
    answer = Path(os.path.realpath(path))
    if _observer is not None:
        observe("real", (absolute(path),), str(answer))
    return answer


def kind(path: Path | str) -> str:
    """`dir`, `file` (regular), `other` or `none` (missing, unreadable), symlinks followed:
    `Path.is_dir`/`is_file`, observed."""
    if found := _from_source(path):
        return found[0].kind(found[1])
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        answer = "none"
    else:
        answer = "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"
    if _observer is not None:
        observe("kind", (absolute(path),), answer)
    return answer


def regular_size(path: Path | str) -> int | None:
    """The size of a regular file (symlinks followed); None for anything else."""
    if found := _from_source(path):
        return found[0].size(found[1])
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        size = None
    else:
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
    if _observer is not None:
        observe("size", (absolute(path),), str(size))
    return size


def mib(size: int) -> str:
    return f"{size / 1048576:.1f} MiB"


def read_digest(result: bytes | ReadProblem) -> str:
    if isinstance(result, ReadProblem):
        return f"!{int(result.missing)}{result.message}"
    return digest_bytes(result)


def read_file(
    path: Path | str, limit: int = MAX_FILE_BYTES, root: Path | None = None
) -> bytes | ReadProblem:
    """The bytes of a regular file of at most `limit` bytes, or why not (never raises OSError).

    With `root`, a path whose real path leaves `root` is refused. Opened non-blocking (a FIFO
    never blocks), checked with fstat on the open descriptor, read up to `limit + 1` bytes
    whatever the size claims (a file that grows, a device behind a symlink)."""
    if found := _from_source(path):
        where = None if root is None else os.path.normpath(os.fspath(root))
        return found[0].read(found[1], limit, where)
    result = read_file_quietly(path, limit, root)
    if _observer is not None:
        args = (absolute(path), limit, None if root is None else absolute(root))
        observe("read", args, read_digest(result))
    return result


def read_file_unobserved(
    path: Path | str, limit: int = MAX_FILE_BYTES, root: Path | None = None
) -> bytes | ReadProblem:
    """`read_file` for a reader that observes its reads itself (repository_scan.py's
    workers): from the active source (a git revision) too, unlike `read_file_quietly`."""
    if found := _from_source(path):
        where = None if root is None else os.path.normpath(os.fspath(root))
        return found[0].read(found[1], limit, where)
    return read_file_quietly(path, limit, root)


def reading_elsewhere() -> bool:
    """Whether a source other than the disk answers (then no worker process may read)."""
    return _source is not None


def read_file_quietly(
    path: Path | str, limit: int = MAX_FILE_BYTES, root: Path | None = None
) -> bytes | ReadProblem:
    """`read_file`, not observed: for sigcheck's own files (caches), never for evidence."""
    if root is not None and not inside_quietly(path, root):
        return ReadProblem("is a symlink that leads out of the repository; not read")
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return ReadProblem("does not exist", missing=True)
    except IsADirectoryError:
        return ReadProblem("is a directory, not a file")
    except OSError as exc:
        return ReadProblem(f"cannot read: {exc.strerror or type(exc).__name__}")
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            return ReadProblem("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            return ReadProblem("is not a regular file (a FIFO, device or socket); not read")
        if info.st_size > limit:
            return ReadProblem(
                f"file is {mib(info.st_size)}, over the {mib(limit)} limit; not read"
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            return ReadProblem(f"file is over the {mib(limit)} limit; not read")
        return b"".join(chunks)
    except OSError as exc:
        return ReadProblem(f"cannot read: {exc.strerror or type(exc).__name__}")
    finally:
        os.close(descriptor)


class Found(Enum):
    EXACT = "exact"
    CASE_ONLY = "case-only"
    MISSING = "missing"
    OUTSIDE = "outside"
    """Exists, but through a symlink that leads out of the repository."""


@dataclass(frozen=True, slots=True)
class Lookup:
    found: Found
    actual: str | None = None
    """With CASE_ONLY: the path as it is spelled on disk."""
    is_dir: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    is_dir: bool
    is_symlink: bool


ListedEntry = _Entry
"""What a listing says of one entry (for a `Source` other than the disk)."""


def _examine(entry: os.DirEntry[str]) -> _Entry:
    """An entry that cannot be examined (a symlink loop, a link into a folder we may not
    read) is a link to nothing: not a folder, never followed."""
    try:
        return _Entry(entry.is_dir(), entry.is_symlink())
    except OSError:
        return _Entry(False, True)


def scan(folder: Path | str) -> dict[str, _Entry] | None:
    """The entries of a folder (None when it cannot be listed), observed."""
    if answered := _from_source(folder):
        return answered[0].scan(answered[1])
    entries: dict[str, _Entry] | None
    try:
        with os.scandir(folder) as found:
            entries = {entry.name: _examine(entry) for entry in found}
    except OSError:
        entries = None
    if _observer is not None:
        observe("list", (absolute(folder),), listing_digest(entries))
    return entries


def listing_digest(entries: dict[str, _Entry] | None) -> str:
    if entries is None:
        return "none"
    text = "\n".join(
        f"{name}\0{int(e.is_dir)}{int(e.is_symlink)}" for name, e in sorted(entries.items())
    )
    return digest_bytes(text.encode("utf-8", "surrogateescape"))


def _folders_of(paths: frozenset[str]) -> set[str]:
    """Every folder that holds one of `paths`, at any depth."""
    folders: set[str] = set()
    for path in paths:
        end = path.rfind("/")
        while end > 0 and path[:end] not in folders:
            folders.add(path[:end])
            end = path.rfind("/", 0, end)
    return folders


class FileIndex:
    def __init__(self, root: Path, only: frozenset[str] | None = None) -> None:
        """`only`: when given, the repository-relative files that exist for sigcheck (git's
        index, see vcs.py); anything else on disk is not listed, as if it were absent."""
        self.root = root
        self.only = only
        self._only_dirs = None if only is None else _folders_of(only)
        self._listings: dict[str, dict[str, _Entry] | None] = {}
        self._lookups: dict[str, Lookup] = {}

    def listing(self, folder: str) -> dict[str, _Entry] | None:
        """Entries of a repository-relative folder ("" is the root), None if not a folder."""
        if folder not in self._listings:
            entries = scan(self.root / folder if folder else self.root)
            if entries is not None and self.only is not None:
                entries = {n: e for n, e in entries.items() if self.keeps(folder, n)}
            self._listings[folder] = entries
        return self._listings[folder]

    def keeps(self, folder: str, name: str) -> bool:
        """Whether `folder/name` is part of the repository under the `only` filter."""
        if self.only is None or self._only_dirs is None:
            return True
        path = f"{folder}/{name}" if folder else name
        return path in self.only or path in self._only_dirs

    def names(self, folder: str) -> frozenset[str]:
        return frozenset(self.listing(folder) or ())

    def _inside(self, path: str) -> bool:
        return inside(self.root / path, self.root)

    def lookup(self, path: str) -> Lookup:
        """Find a repository-relative path component by component, exact case first."""
        found = self._lookups.get(path)
        if found is None:
            found = self._lookups[path] = self._lookup(path)
        return found

    def _lookup(self, path: str) -> Lookup:
        if not path:
            return Lookup(Found.EXACT, is_dir=True)
        current = ""
        actual_parts: list[str] = []
        case_only = through_link = False
        entry = _Entry(True, False)
        for part in path.split("/"):
            entries = self.listing(current) if entry.is_dir else None
            if entries is None:
                return Lookup(Found.MISSING)
            name = part
            if part not in entries:
                folded = part.casefold()
                matches = [candidate for candidate in entries if candidate.casefold() == folded]
                if not matches:
                    return Lookup(Found.MISSING)
                name, case_only = matches[0], True
            entry = entries[name]
            through_link = through_link or entry.is_symlink
            actual_parts.append(name)
            current = "/".join(actual_parts)
        if through_link and not self._inside(current):
            return Lookup(Found.OUTSIDE, current, entry.is_dir)
        if case_only:
            return Lookup(Found.CASE_ONLY, current, entry.is_dir)
        return Lookup(Found.EXACT, current, entry.is_dir)
