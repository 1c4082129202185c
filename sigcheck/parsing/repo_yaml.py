"""Read openEuler's per-repository files (`sig/<SIG>/<owner>/<letter>/<repo>.yaml`) fast.

Why: openEuler has about 12,000 of them and a cold run reads every one. They are written by
tooling in one simple shape: top-level `key: scalar` lines and block sequences of flat
mappings (`branches:` then `- name: master` / `  type: protected`). `simple_data` checks
that a text is exactly that shape with one regular expression (`_SHAPE`, matched in C), then
splits its lines; it declines (returns `_DECLINED`) anything else: comments, flow
collections, tags, anchors, double quotes, nested collections, a plain scalar that could
resolve to anything but text, odd characters, a key twice. A declined file takes `parse_yaml`, the
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

_DECLINED: Any = object()
"""What `simple_data` returns for a text it leaves to the reference parser."""

_WORDS = "true|false|yes|no|on|off|null|y|n|nan|inf"
_KEY = rf"(?!(?i:{_WORDS}):)[A-Za-z_][A-Za-z0-9_-]*+"
_TEXT = r"(?:[^\n:#\t]++|:(?=[^\s])|(?<=[^\s])#)*+(?<! )"
"""The rest of a plain scalar: runs of ordinary characters, a `:` not before a space, a `#`
not after one; no trailing space (possessive: no backtracking into a run)."""
_PLAIN = rf"(?!(?i:{_WORDS})$)[A-Za-z_/]{_TEXT}"
_QUOTED = r"'(?:[^'\n]|'')*+'"
_VALUE = rf"(?:{_QUOTED}|{_PLAIN})"
_FOLD = rf" ++[A-Za-z_/]{_TEXT}"
_ITEM = rf"- {_KEY}: {_VALUE}(?:\n  {_KEY}: {_VALUE})*+"
_SHAPE = re.compile(
    rf"(?:{_KEY}:(?: (?:{_QUOTED}|{_PLAIN}(?:\n{_FOLD})*+)|(?:\n{_ITEM})*+)\n)++",
    re.MULTILINE,
)
"""The whole simple shape, checked in one regular-expression match (C speed): top-level
`key: value` (a plain value may fold over more-indented lines), `key:` alone, and block
sequences at the left margin of flat mappings whose values are one-line scalars. A plain
value starts with a letter, `_` or `/`, never holds `: ` or ` #`, never ends with `:` or a
space, and is no word YAML may read as a boolean, null or number."""

_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""Characters left to the reference: controls, line separators YAML 1.1 knows (NEL, U+2028,
U+2029), a BOM, surrogates, and anything outside the Basic Multilingual Plane."""


_ITEM_LINES: dict[str, tuple[str, str]] = {}
"""Lines of sequence items already split (`  type: protected`, `- name: master`): branch
lists repeat the same few lines thousands of times across a community's files."""
_ITEM_LINES_KEPT = 50_000


def simple_data(text: str) -> Any:
    """The data of a file in the simple shape, or `_DECLINED`."""
    if text[-1:] != "\n":
        text += "\n"
    if _SHAPE.fullmatch(text) is None or _ODD.search(text) is not None:
        return _DECLINED
    root: dict[str, Any] = {}
    item: dict[str, Any] | None = None  # the mapping of the sequence item being read
    key = ""  # the last top-level key: where folded lines and sequence items go
    for line in text.split("\n"):
        if not line:
            continue
        first = line[0]
        if first == " " and item is None:  # a plain value folded over the next line
            root[key] += " " + line.strip()
            continue
        if first == "-" or first == " ":
            known = _ITEM_LINES.get(line)
            if known is None:
                name, _sep, raw = line[2:].partition(": ")
                value = raw[1:-1].replace("''", "'") if raw[0] == "'" else raw
                if len(_ITEM_LINES) < _ITEM_LINES_KEPT:
                    _ITEM_LINES[line] = (name, value)
            else:
                name, value = known
            if first == "-":
                item = {name: value}
                root[key].append(item)
            elif name in item:  # type: ignore[operator]
                return _DECLINED
            else:
                item[name] = value  # type: ignore[index]
            continue
        key, _sep, raw = line.partition(":")
        if key in root:
            return _DECLINED
        item = None
        if raw:
            raw = raw[1:]
            root[key] = raw[1:-1].replace("''", "'") if raw[0] == "'" else raw
        else:
            root[key] = []  # a sequence follows, else null (below)
    for name, value in root.items():
        if value == []:
            root[name] = None
    return root


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
