"""A cached, exact-case view of the repository's files.

Link checks ask "does this path exist, with this exact case, inside the tree?" thousands of
times; one directory listing per folder answers all of them, on case-insensitive file systems
too (where `Path.exists` would hide an L003).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


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
        self._real_root = os.path.realpath(root)
        self.only = only
        self._only_dirs = None if only is None else _folders_of(only)
        self._listings: dict[str, dict[str, _Entry] | None] = {}
        self._lookups: dict[str, Lookup] = {}

    def listing(self, folder: str) -> dict[str, _Entry] | None:
        """Entries of a repository-relative folder ("" is the root), None if not a folder."""
        if folder not in self._listings:
            entries: dict[str, _Entry] | None
            try:
                with os.scandir(self.root / folder if folder else self.root) as scan:
                    entries = {
                        entry.name: _Entry(entry.is_dir(), entry.is_symlink()) for entry in scan
                    }
            except OSError:
                entries = None
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
        real = os.path.realpath(self.root / path)
        return real == self._real_root or real.startswith(self._real_root + os.sep)

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
