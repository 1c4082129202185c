"""What a pull request adds, for `--online` with `--changed-since REF` / `--new-since REF` (and
the pre-commit online hook): only the ids, repositories and URLs the base revision lacks are
asked; the base itself is never asked online (SPEC §4, §6).

A target the base has: one written in a file that did not change (the same file is in REF), or
one written in REF's version of a file that changed (read from git's objects through
`vcs.show`, never a checkout): as a whole word for an id or a repository (`alice` is not
`alice2`), as written for a URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sigcheck.online.targets import Place, Targets, Who

Reader = Callable[[str], bytes | None]


class Base:
    """The base revision's texts of the files that changed, read on demand."""

    def __init__(self, changed: Iterable[str], read: Reader) -> None:
        self.changed = frozenset(changed)
        self._read = read
        self._texts: dict[str, str] = {}

    def _text(self, path: str) -> str:
        if path not in self._texts:
            data = self._read(path)
            self._texts[path] = "" if data is None else data.decode("utf-8", "replace")
        return self._texts[path]

    def _changed_texts(self) -> Iterable[str]:
        for path in sorted(self.changed):
            yield self._text(path)

    def has(self, places: list[Place], word: str | None = None) -> bool:
        """Whether the base names this target: at a place in an unchanged file, or anywhere
        in REF's version of a changed file (`word`: matched as a whole word, else each
        place's text as written)."""
        if any(place.path not in self.changed for place in places):
            return True
        if word is not None:
            pattern = re.compile(
                r"(?<![A-Za-z0-9_.\-])" + re.escape(word) + r"(?![A-Za-z0-9_.\-])", re.IGNORECASE
            )
            return any(pattern.search(text) for text in self._changed_texts())
        written = {place.written for place in places}
        return any(any(item in text for item in written) for text in self._changed_texts())


def scope_of(
    base: Base, targets: Targets, repositories: dict[str, list[Place]]
) -> tuple[set[Who], set[str], set[str]]:
    """The handles, repositories and URLs of this tree that the base already has."""
    handles = {who for who, places in targets.handles.items() if base.has(places, who[1])}
    names = {name for name, places in repositories.items() if base.has(places, name)}
    urls = {url for url, places in targets.urls.items() if base.has(places)}
    return handles, names, urls


def git_base(root: Path, ref: str, changed: Iterable[str]) -> Base:
    from sigcheck import vcs

    return Base(changed, lambda path: vcs.show(root, ref, path))
