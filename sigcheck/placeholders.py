"""Placeholders: values people write where a real one is not there (SPEC §3), in two kinds.

"None" values (`NA`, `N/A`, `无`, `暂无`, `-`, the empty string) say the SIG has none:
openEuler's own template writes `meeting_url: NA`. They are absent, and not reported.
"To be filled" values (`TBD`, `TODO`, `TO_BE_CLARIFIED`, `待补充`, `待定`, and `xxx…` always)
say someone owes a value: one M007 per place written in metadata, L008 as a link target.
Either kind is then absent everywhere: never "malformed", never "the same person twice",
never rendered, never looked up online. Both lists are configurable (`none_values`,
`placeholders`); values are compared trimmed and case-insensitively.

Pure functions, no imports beyond the standard library: the model, the checks and the
generators all use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    "TBD",
    "TODO",
    "TO_BE_CLARIFIED",
    "待补充",
    "待定",
)
"""To be filled: reported (M007, L008). `xxx…` (three or more x) always counts too."""

DEFAULT_NONE_VALUES: tuple[str, ...] = ("NA", "N/A", "无", "暂无", "-")
"""The SIG has none: absent, not reported. The empty string always counts too."""

_XXX_RE = re.compile(r"^x{3,}$", re.IGNORECASE)


def normalise(values: Iterable[str]) -> frozenset[str]:
    """A configured list as the functions here compare it."""
    return frozenset(value.strip().casefold() for value in values)


DEFAULT_TO_FILL = normalise(DEFAULT_PLACEHOLDERS)
DEFAULT_NONE = normalise(DEFAULT_NONE_VALUES)
DEFAULT_SET = DEFAULT_TO_FILL | DEFAULT_NONE
"""Every value that counts as absent, of either kind."""


def is_placeholder(value: object, placeholders: frozenset[str] = DEFAULT_SET) -> bool:
    """Whether a metadata value or link target counts as absent: empty, whitespace only,
    `xxx…`, or one of `placeholders` (pass both kinds). None is not a value at all."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text or text.casefold() in placeholders or bool(_XXX_RE.match(text))


def to_be_filled(value: object, to_fill: frozenset[str] = DEFAULT_TO_FILL) -> bool:
    """Whether a value says someone owes the real one (reported once where it is written):
    one of `to_fill`, or `xxx…`. A "none" value and the empty string are not."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and (text.casefold() in to_fill or bool(_XXX_RE.match(text)))


def present(value: object, placeholders: frozenset[str] = DEFAULT_SET) -> str | None:
    """The value, trimmed, when it is real text; None when absent, empty or a placeholder."""
    if not isinstance(value, str) or is_placeholder(value, placeholders):
        return None
    return value.strip()


_SPLIT_RE = re.compile(r"[/?&=#]")


def in_url(href: str, to_fill: frozenset[str] = DEFAULT_TO_FILL) -> str | None:
    """The path segment or query value of a link target that is wholly a to-be-filled value
    (`…/issues/xxxxx`, `…/TBD/…`, `?id=待补充`), percent-decoded; None when there is none.

    Inside a URL a word counts only in capitals (`TODO`, or a script without letter case:
    `待补充`), since a repository may well be called `todo`; `xxx…` counts in any case. A
    segment that only looks like a none value (`/na/`) never counts. The host and the
    fragment are not looked at (an anchor that does not exist is L002's business)."""
    head = href.split("#", 1)[0]
    folded = unquote(head).casefold() if "%" in head else head.casefold()
    if "xxx" not in folded and not any(value in folded for value in to_fill):
        return None  # nearly every link: nothing to split
    scheme = head.find("://")
    if scheme >= 0:
        rest = head[scheme + 3 :]
        cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
        head = rest[cut:]
    for piece in _SPLIT_RE.split(head):
        text = unquote(piece).strip()
        if not text:
            continue
        if _XXX_RE.match(text) or (text == text.upper() and text.casefold() in to_fill):
            return text
    return None
