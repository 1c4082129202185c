"""A small on-disk cache of what parsing a file's content gives (`.sigcheck-cache/`).

Entries are keyed by a hash of the content, so an entry can never be stale; each run keeps
only the entries it used, so the file never outgrows the tree.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sigcheck import __version__

CACHE_FILE = "content.json"
_FORMAT = f"content-2/{__version__}"


class ContentCache:
    """`kind + hash of content -> JSON value` on disk; an unreadable or foreign file is
    ignored. With no folder it caches nothing (`--no-cache`, CI)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_FILE if folder else None
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            temporary = self.path.with_name(f".{CACHE_FILE}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written is only a slower next run
