"""Placeholders: values people write where the real one is not known yet (SPEC §3).

`NA`, `TO_BE_CLARIFIED`, `待补充`, `xxxx`, an empty string ... are reported once as what they
are (M007 in metadata, L008 as a link target) and then treated as absent everywhere: never
"malformed", never "the same person twice", never rendered, never looked up online.
Pure functions, no imports beyond the standard library: the model, the checks and the
generators all use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    "NA",
    "N/A",
    "TBD",
    "TODO",
    "TO_BE_CLARIFIED",
    "待补充",
    "待定",
    "暂无",
    "无",
)
"""Compared case-insensitively after trimming; `xxx…` (three or more x) always counts too."""

_XXX_RE = re.compile(r"^x{3,}$", re.IGNORECASE)


def normalise(values: Iterable[str]) -> frozenset[str]:
    """The configured list as `is_placeholder` compares it."""
    return frozenset(value.strip().casefold() for value in values)


DEFAULT_SET = normalise(DEFAULT_PLACEHOLDERS)


def is_placeholder(value: object, placeholders: frozenset[str] = DEFAULT_SET) -> bool:
    """Whether a metadata value or link target stands for "not known yet". An empty or
    whitespace-only string is one; None is not a value at all (absent, not a placeholder)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text or text.casefold() in placeholders or bool(_XXX_RE.match(text))


def present(value: object, placeholders: frozenset[str] = DEFAULT_SET) -> str | None:
    """The value, trimmed, when it is real text; None when absent, empty or a placeholder."""
    if not isinstance(value, str) or is_placeholder(value, placeholders):
        return None
    return value.strip()
