"""A git revision, or git's index, read as if it were the folder on disk (`files.Source`).

`check --new-since REF` needs the findings of the tree at REF, and `check --pre-commit` those of
the commit's parent: the same loader and checks read them through `files.reading_from(...)`,
answered here from git's objects (`git ls-tree`, one `git cat-file --batch`), never from a
checkout (which would touch the work tree and cost a copy of every file). The answers follow
the disk's rules: regular files only, bounded reads, symlinks followed inside the tree and
refused when they lead out of it.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from sigcheck import vcs
from sigcheck.files import ListedEntry, ReadProblem, mib

_SYMLINK, _SUBMODULE = "120000", "160000"
_MAX_LINKS = 40
"""Symlinks followed for one path before it counts as a loop (as the kernel's ELOOP)."""


class GitFiles:
    """The files of `entries` (paths relative to `root`) as `files.py` would see them on disk
    at `root`. Close it (or use it in a `with`) to end its `git cat-file` process."""

    def __init__(self, root: Path, entries: dict[str, vcs.GitEntry]) -> None:
        self.root = os.path.normpath(os.fspath(root))
        self.entries = entries
        self.blobs = vcs.Blobs(root)
        self._contents: dict[str, bytes] = {}
        self.children: dict[str, set[str]] = {"": set()}
        for path, entry in entries.items():
            if entry.mode == _SUBMODULE:  # a folder whose content is another repository's
                self.children.setdefault(path, set())
            child = path
            while True:  # the path's name in its folder, the folder's in its own, ...
                parent, _, name = child.rpartition("/")
                siblings = self.children.setdefault(parent, set())
                if name in siblings:
                    break
                siblings.add(name)
                if not parent:
                    break
                child = parent

    @classmethod
    def revision(cls, root: Path, commit: str) -> GitFiles:
        """The tree of `commit` under `root`."""
        return cls(root, vcs.tree_entries(root, vcs.tree_of(root, commit)))

    @classmethod
    def index(cls, root: Path) -> GitFiles:
        """What git's index holds under `root`: the commit being made."""
        return cls(root, vcs.index_entries(root))

    def __enter__(self) -> GitFiles:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.blobs.close()

    # -- paths ------------------------------------------------------------------------------

    def _relative(self, path: str) -> str:
        return "" if path == self.root else path[len(self.root) + 1 :].replace(os.sep, "/")

    def _content(self, entry: vcs.GitEntry) -> bytes:
        data = self._contents.get(entry.oid)
        if data is None:
            data = self._contents[entry.oid] = self.blobs.read(entry.oid)
        return data

    def _resolve(self, relative: str, links: int = 0) -> str | None:
        """`relative` with every symlink followed (None: it leads out of the tree, or loops)."""
        done: list[str] = []
        parts = [part for part in relative.split("/") if part not in ("", ".")]
        while parts:
            part = parts.pop(0)
            if part == "..":
                if not done:
                    return None
                done.pop()
                continue
            here = "/".join([*done, part])
            entry = self.entries.get(here)
            if entry is None or entry.mode != _SYMLINK:
                done.append(part)
                continue
            links += 1
            if links > _MAX_LINKS:
                return None
            target = self._content(entry).decode("utf-8", "surrogateescape")
            if target.startswith("/"):
                return None
            followed = self._resolve(posixpath.join("/".join(done), target), links)
            if followed is None:
                return None
            done = followed.split("/") if followed else []
        return "/".join(done)

    def _what(self, path: str) -> tuple[str, vcs.GitEntry | None]:
        """(`dir`/`file`/`none`/`outside`, the file's entry) of an absolute path."""
        resolved = self._resolve(self._relative(path))
        if resolved is None:
            return "outside", None
        entry = self.entries.get(resolved)
        if entry is not None and entry.mode not in (_SYMLINK, _SUBMODULE):
            return "file", entry
        if resolved in self.children:
            return "dir", None
        return "none", None

    # -- files.Source -------------------------------------------------------------------------

    def read(self, path: str, limit: int, root: str | None) -> bytes | ReadProblem:
        if root is not None and not self.inside(path, root):
            return ReadProblem("is a symlink that leads out of the repository; not read")
        what, entry = self._what(path)
        if what == "dir":
            return ReadProblem("is a directory, not a file")
        if entry is None:
            return ReadProblem("does not exist", missing=True)
        try:
            data = self._content(entry)
        except vcs.GitError as exc:
            return ReadProblem(f"cannot read: {exc}")
        if len(data) > limit:
            return ReadProblem(f"file is {mib(len(data))}, over the {mib(limit)} limit; not read")
        return data

    def kind(self, path: str) -> str:
        what = self._what(path)[0]
        return what if what in ("dir", "file") else "none"

    def size(self, path: str) -> int | None:
        entry = self._what(path)[1]
        if entry is None:
            return None
        try:
            return len(self._content(entry))
        except vcs.GitError:
            return None

    def inside(self, path: str, root: str) -> bool:
        resolved = self._resolve(self._relative(path))
        if resolved is None:
            return False
        real = posixpath.join(self.root, resolved) if resolved else self.root
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    def real(self, path: str) -> str:
        resolved = self._resolve(self._relative(path))
        if resolved is None:
            return path
        return os.path.join(self.root, *resolved.split("/")) if resolved else self.root

    def scan(self, folder: str) -> dict[str, ListedEntry] | None:
        if self._what(folder)[0] != "dir":
            return None
        resolved = self._resolve(self._relative(folder)) or ""
        found: dict[str, ListedEntry] = {}
        for name in self.children.get(resolved, ()):
            path = f"{resolved}/{name}" if resolved else name
            entry = self.entries.get(path)
            if entry is not None and entry.mode == _SYMLINK:
                target = self._resolve(path)
                is_dir = target is not None and target in self.children
                found[name] = ListedEntry(is_dir, True)
            else:
                found[name] = ListedEntry(path in self.children, False)
        return found
