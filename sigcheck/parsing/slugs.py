"""Heading anchors as GitHub makes them (github-slugger), plus the other forms people link to."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_KEPT_EXTRA = frozenset("-_")


_ASCII_DROPPED_RE = re.compile(r"[^a-z0-9 _-]+")


def github_slug(text: str) -> str:
    """Lowercase; keep letters, digits, marks, `-` and `_` (Chinese included); space to `-`.
    ASCII text takes a regular expression: its only letters, digits and marks are a-z, 0-9."""
    if text.isascii():
        return _ASCII_DROPPED_RE.sub("", text.lower()).replace(" ", "-")
    out: list[str] = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif char in _KEPT_EXTRA or unicodedata.category(char)[0] in "LNM":
            out.append(char)
    return "".join(out)


class Slugger:
    """Hands out unique slugs within one page: duplicates get `-1`, `-2`, ... like GitHub."""

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        original = slug = github_slug(text)
        while slug in self._occurrences:
            self._occurrences[original] += 1
            slug = f"{original}-{self._occurrences[original]}"
        self._occurrences[slug] = 0
        return slug


def normalise_fragment(fragment: str) -> str:
    """Compare fragments percent-decoded and NFC-normalised."""
    return unicodedata.normalize("NFC", unquote(fragment))


def fragment_variants(fragment: str) -> tuple[str, ...]:
    """The forms under which a fragment may match an anchor: as written, and lowercased
    (GitHub and Gitee resolve heading anchors case-insensitively)."""
    decoded = normalise_fragment(fragment)
    return (decoded, decoded.lower())
