"""A small on-disk cache of what parsing a file's content gives (`.sigcheck-cache/`).

Entries are keyed by a hash of the content, so an entry can never be stale; each run keeps
only the entries it used, so the file never outgrows the tree. A cache folder that is a
symlink out of the repository (a pull request can commit one) is neither read nor written.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sigcheck import __version__
from sigcheck.files import ReadProblem, inside_quietly, read_file_quietly

CACHE_FILE = "content.json"
MAX_CACHE_BYTES = 256 * 1024 * 1024
"""Parsed pages of the largest communities take tens of MiB; more is not ours."""
_FORMAT = f"content-3/{__version__}"


class ContentCache:
    """`kind + hash of content -> JSON value` on disk; an unreadable or foreign file is
    ignored. With no folder it caches nothing (`--no-cache`, CI)."""

    def __init__(self, folder: Path | None, root: Path | None = None) -> None:
        self.root = root
        if folder is not None and root is not None and not inside_quietly(folder, root):
            folder = None
        self.path = folder / CACHE_FILE if folder else None
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        if self.path is None:
            return
        raw = read_file_quietly(self.path, MAX_CACHE_BYTES, root)
        if isinstance(raw, ReadProblem):
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            return
        if isinstance(data, dict) and data.get("format") == _FORMAT:
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
        """Keep only what this run used, so the file never outgrows the tree."""
        if self.path is None or not (self.changed or len(self.used) < len(self.entries)):
            return
        data = {"format": _FORMAT, "entries": {k: self.entries[k] for k in self.used}}
        write_cache(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"), self.root)


def write_cache(
    path: Path, data: bytes, root: Path | None, ignore_text: bytes = b"*\n"
) -> str | None:
    """Write a cache file (and the folder's `.gitignore`) atomically, inside `root` only;
    why not, when it could not be done (a cache that cannot be written is only slower)."""
    from sigcheck.generate.writer import WriteError, atomic_write

    try:
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
