"""sigcheck's own caches: the stamp that keys every one of them, the door to their files, and
the on-disk cache of what parsing a file's content gives (`.sigcheck-cache/content.json`).

A cache never changes a report (SPEC §6). So every cache is keyed by `code_stamp()` (sigcheck's
code, the interpreter and the libraries that shape results, wherever they are installed: file
stamps, not version strings), a cache file that git tracks is neither read nor written (a pull
request can commit one), and a cache that cannot be read or written only makes a run slower:
why is kept in `problems` for `-v`, never raised.

Content entries are keyed by a hash of the content as well, so an entry can never be stale;
each run keeps only the entries it used, so the file never outgrows the tree. A cache folder
that is a symlink out of the repository is neither read nor written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from sigcheck.files import ReadProblem, digest_bytes, inside_quietly, read_file_quietly

CACHE_FILE = "content.json"
MAX_CACHE_BYTES = 256 * 1024 * 1024
"""Parsed pages of the largest communities take tens of MiB; more is not ours."""
_FORMAT = "content-4"

SHAPING_LIBRARIES = (
    "markdown_it",
    "mdurl",
    "ruamel.yaml",
    "_ruamel_yaml",
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "typing_inspection",
)
"""The modules whose code decides what a page or a file parses to, or what validates: a new
build of any of them (the same version number or not) must not replay an old result."""

problems: list[str] = []
"""Why a cache was not used or not kept during this run (for `-v`); see `take_problems`."""


def take_problems() -> list[str]:
    """The cache problems of this run so far, once each."""
    found = list(dict.fromkeys(problems))
    problems.clear()
    return found


def _files_stamp(location: str) -> list[str]:
    """`path:size:mtime` of a file, or of every file under a folder (compiled caches aside):
    an upgrade, a reinstall or an edit in place changes at least one of them."""
    if not os.path.isdir(location):
        try:
            info = os.stat(location)
        except OSError:
            return [f"{location}:-"]
        return [f"{location}:{info.st_size}:{info.st_mtime_ns}"]
    stamps = []
    for folder, subfolders, names in os.walk(location):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                stamps.append(f"{path}:-")
            else:
                stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return stamps


def _module_locations(name: str) -> list[str]:
    """Where the module `name` would be imported from (its folder, or its one file), without
    importing it: wherever it is installed (site-packages, a checkout on PYTHONPATH, ...)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return [f"{name}:absent"]
    if spec is None:
        return [f"{name}:absent"]
    if spec.submodule_search_locations:
        return [os.path.realpath(folder) for folder in spec.submodule_search_locations]
    return [os.path.realpath(spec.origin)] if spec.origin else [f"{name}:{spec.origin}"]


@functools.cache
def code_stamp() -> str:
    """A digest of everything but the repository that decides a result: sigcheck's code, the
    interpreter and environment it runs in, and the libraries that shape results, each by the
    files it is actually imported from. Every cache is keyed by it (the trace, the content
    cache; reuse it for any new one). About 2 ms: stats of a few hundred files."""
    parts = [
        sys.version,
        sys.prefix,
        os.path.realpath(sys.executable),
        *_files_stamp(os.path.dirname(os.path.realpath(__file__))),
    ]
    for name in SHAPING_LIBRARIES:
        for location in _module_locations(name):
            parts.append(f"[{name}]")
            parts.extend(_files_stamp(location) if os.path.isabs(location) else [location])
    return digest_bytes("\n".join(parts).encode("utf-8", "surrogateescape"))


def tracked_by_git(path: Path) -> bool:
    """Whether git tracks the existing file `path` (then it is not ours to read or write: a
    cache committed by a pull request must not decide a report)."""
    if not os.path.lexists(path):
        return False
    from sigcheck.vcs import tracks

    return tracks(path)


def read_cache(path: Path, limit: int, root: Path | None) -> bytes | None:
    """A cache file's bytes; None when there is none or it is not one to trust: unreadable,
    out of the repository, or tracked by git (then why goes to `problems`)."""
    raw = read_file_quietly(path, limit, root)
    if isinstance(raw, ReadProblem):
        return None
    if tracked_by_git(path):
        problems.append(f"{path} is tracked by git: not used as a cache")
        return None
    return raw


class ContentCache:
    """`kind + hash of content -> JSON value` on disk; an unreadable or foreign file is
    ignored. With no folder it caches nothing (`--no-cache`, CI). `scope`: what else the
    entries depend on (the configuration), part of the key with `code_stamp()`."""

    def __init__(self, folder: Path | None, root: Path | None = None, scope: str = "") -> None:
        self.root = root
        if folder is not None and root is not None and not inside_quietly(folder, root):
            folder = None
        self.path = folder / CACHE_FILE if folder else None
        self.format = ""
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        if self.path is None:
            return
        if tracked_by_git(self.path):
            problems.append(f"{self.path} is tracked by git: neither read nor written")
            self.path = None
            return
        self.format = f"{_FORMAT}/{code_stamp()}/{digest_bytes(scope.encode('utf-8'))}"
        raw = read_file_quietly(self.path, MAX_CACHE_BYTES, root)
        if isinstance(raw, ReadProblem):
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            return
        if isinstance(data, dict) and data.get("format") == self.format:
            entries = data.get("entries")
            if isinstance(entries, dict):
                self.entries = entries

    def key(self, kind: str, text: str) -> str:
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        return f"{kind}:{digest}"

    def get(self, key: str) -> Any:
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, key: str, entry: Any) -> None:
        if self.path is None:
            return
        self.entries[key] = entry
        self.used.add(key)
        self.changed = True

    def save(self) -> None:
        """Keep only what this run used, so the file never outgrows the tree. Never raises:
        a cache that cannot be written is only slower (why goes to `problems`)."""
        if self.path is None or not (self.changed or len(self.used) < len(self.entries)):
            return
        try:
            data = {"format": self.format, "entries": {k: self.entries[k] for k in self.used}}
            text = json.dumps(data, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError, RecursionError) as exc:
            problems.append(f"{self.path}: not written: {exc}")
            return
        if problem := write_cache(self.path, text, self.root, untracked=True):
            problems.append(f"{self.path}: not written: {problem}")


def write_cache(
    path: Path,
    data: bytes,
    root: Path | None,
    ignore_text: bytes = b"*\n",
    *,
    untracked: bool = False,
) -> str | None:
    """Write a cache file (and the folder's `.gitignore`) atomically, inside `root` only;
    why not, when it could not be done (a cache that cannot be written is only slower). A
    file git tracks is never overwritten (`untracked`: the caller has just asked git)."""
    from sigcheck.generate.writer import WriteError, atomic_write

    try:
        if not untracked and tracked_by_git(path):
            return "git tracks it"
        path.parent.mkdir(parents=True, exist_ok=True)
        if root is not None and not inside_quietly(path.parent, root):
            return "the cache folder leads out of the repository; not written"
        ignore = path.parent / ".gitignore"
        if not os.path.lexists(ignore):
            atomic_write(ignore, ignore_text, root=root, create_only=True)
        atomic_write(path, data, root=root, limit=None)
    except (OSError, WriteError) as exc:
        return str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
    return None
