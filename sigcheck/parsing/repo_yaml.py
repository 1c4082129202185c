"""Read openEuler's per-repository files (`sig/<SIG>/<owner>/<letter>/<repo>.yaml`) fast.

Why: openEuler has about 12,000 of them and a cold run reads every one. They are written by
tooling in one simple shape: top-level `key: scalar` lines and block sequences of flat
mappings (`branches:` then `- name: master` / `  type: protected`). `simple_data` parses
exactly that shape, line by line, and declines (returns `_DECLINED`) on anything else:
comments, flow collections, tags, anchors, quotes with escapes, nested collections, a plain
scalar that could resolve to anything but text. A declined file takes `parse_yaml`, the
reference parser; a property test pins that whatever the fast path accepts, the reference
parses to the same data.

Positions are not built here: a repository file is reported on rarely (its findings are a
few hundred out of 12,000 files), so `locate` parses it again with the reference parser only
when a finding needs a line.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from sigcheck.parsing.yaml_meta import LoadedYaml, parse_yaml

_KEY_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$")
"""`key: value` or `key:`, the key plain text starting with a letter or `_`."""

_NOT_TEXT = frozenset(("true", "false", "yes", "no", "on", "off", "null", "y", "n", "nan", "inf"))
"""Plain words YAML 1.1 or 1.2 may read as a boolean, null or number (case-insensitively):
declined rather than guessed."""

_PLAIN_START_REFUSED = frozenset("-?:,[]{}#&*!|>'\"%@`~+.<=0123456789 ")
"""First characters of a plain scalar this parser leaves to the reference: indicators, and
anything that may start a number, a date, `~`, `<<` or `=`."""


class _Decline(Exception):
    """The text is not in the simple shape: the reference parser decides."""


_DECLINED: Any = object()


def _scalar(raw: str) -> str:
    """A one-line scalar value as text, or _Decline."""
    text = raw.rstrip(" ")
    if not text:
        raise _Decline
    first = text[0]
    if first == "'":
        if len(text) < 2 or text[-1] != "'":
            raise _Decline
        inner = text[1:-1]
        if "'" in inner.replace("''", ""):
            raise _Decline
        return inner.replace("''", "'")
    if first == '"':
        if len(text) < 2 or text[-1] != '"':
            raise _Decline
        inner = text[1:-1]
        if '"' in inner or "\\" in inner:
            raise _Decline
        return inner
    _plain_part(text, first=True)
    return text


def _plain_part(text: str, first: bool) -> None:
    """Decline a plain scalar (or a continuation line of one) that is not surely text."""
    if first and (text[0] in _PLAIN_START_REFUSED or text.lower() in _NOT_TEXT):
        raise _Decline
    if not first and text[0] in "-#?:,[]{}&*!|>'\"%@`":
        raise _Decline
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        raise _Decline


def simple_data(text: str) -> Any:
    """The data of a file in the simple shape, or `_DECLINED`."""
    try:
        return _parse(text)
    except _Decline:
        return _DECLINED


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parse(text: str) -> dict[str, Any]:
    if not text or "\r" in text or "\t" in text or text[0] == "\ufeff":
        raise _Decline
    lines = text.split("\n")
    count = len(lines)
    for line in lines:
        if line and not line.isprintable():
            raise _Decline
    root: dict[str, Any] = {}
    index = 0
    while index < count:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if line[0] == " ":
            raise _Decline
        match = _KEY_RE.match(line)
        if match is None:
            raise _Decline
        key, raw = match.group(1), match.group(2)
        if key in root or key.lower() in _NOT_TEXT:
            raise _Decline
        index += 1
        if raw is None or not raw.strip():
            root[key], index = _block(lines, index, count)
            continue
        value, index = _continued(_scalar(raw), raw, lines, index, count, 0)
        root[key] = value
    if not root:
        raise _Decline
    return root


def _continued(
    value: str, raw: str, lines: list[str], index: int, count: int, indent: int
) -> tuple[str, int]:
    """A plain scalar folded over the following lines indented more than its key."""
    parts = [value]
    while index < count:
        line = lines[index]
        if not line.strip() or _indent(line) <= indent:
            break
        if raw.lstrip()[:1] in "'\"":
            raise _Decline  # a quoted scalar over several lines: leave it to the reference
        part = line.strip()
        _plain_part(part, first=False)
        parts.append(part)
        index += 1
    if index < count and not lines[index].strip() and len(parts) > 1:
        # a blank line right after a folded scalar may still belong to it
        raise _Decline
    return " ".join(parts), index


def _block(lines: list[str], index: int, count: int) -> tuple[Any, int]:
    """The value of `key:` with nothing after it: a block sequence, or null."""
    while index < count and not lines[index].strip():
        index += 1
    if index >= count:
        return None, index
    line = lines[index]
    indent = _indent(line)
    if line[indent : indent + 2] not in ("- ", "-"):
        if indent == 0:
            return None, index  # the next top-level key: this one is null
        raise _Decline  # a nested mapping or a scalar on the next line
    if indent > 2:
        raise _Decline
    items: list[Any] = []
    while index < count:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if _indent(line) != indent or line[indent : indent + 2] != "- ":
            if _indent(line) > indent or (indent and _indent(line) != 0):
                raise _Decline
            break
        rest = line[indent + 2 :]
        index += 1
        match = _KEY_RE.match(rest)
        if match is None:
            value, index = _continued(_scalar(rest), rest, lines, index, count, indent)
            items.append(value)
            continue
        item, index = _item(match, lines, index, count, indent + 2)
        items.append(item)
    return items, index


def _item(
    first: re.Match[str], lines: list[str], index: int, count: int, indent: int
) -> tuple[dict[str, Any], int]:
    """One flat mapping of a block sequence: its first key after `- `, the others at
    `indent`."""
    item: dict[str, Any] = {}
    match: re.Match[str] | None = first
    while True:
        assert match is not None
        key, raw = match.group(1), match.group(2)
        if key in item or key.lower() in _NOT_TEXT or raw is None or not raw.strip():
            raise _Decline  # a repeated key, or a nested collection
        item[key], index = _continued(_scalar(raw), raw, lines, index, count, indent)
        while index < count and not lines[index].strip():
            index += 1
        if index >= count:
            return item, index
        line = lines[index]
        if _indent(line) != indent:
            if _indent(line) > indent:
                raise _Decline
            return item, index
        match = _KEY_RE.match(line[indent:])
        if match is None:
            raise _Decline
        index += 1


def load_repository_file(text: str) -> LoadedYaml:
    """The data of a repository file: the fast path when it applies, else the reference
    (which also gives every problem with its place). Positions only from the reference."""
    data = simple_data(text)
    if data is _DECLINED:
        loaded = parse_yaml(text)
        loaded.value_positions.clear()  # positions come from `locate`, for every file alike
        loaded.key_positions.clear()
        return loaded
    return LoadedYaml(data=data)


@functools.lru_cache(maxsize=32)
def _positions(text: str) -> LoadedYaml:
    return parse_yaml(text)


def locate(text: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of a field path (its value, else its key, else a parent's)."""
    loaded = _positions(text)
    while True:
        if path in loaded.value_positions:
            return loaded.value_positions[path]
        if path in loaded.key_positions:
            return loaded.key_positions[path]
        if not path:
            return (1, 1)
        path = path[:-1]
