"""Read `sig-info.yaml` (and `OWNERS`) with the line and column of every key and value.

Two paths give the same result. The single pass (`_single_pass`) walks libyaml's event stream
once and builds data and positions together; it covers the plain files communities write (one
document, untagged scalars, text keys, no anchors) and is several times faster on openEuler's
long repository lists. Everything else takes the composed path, the reference: we compose the
YAML node graph (libyaml through ruamel.yaml.clib when available) so that positions survive,
refuse alias bombs before anything is expanded, and only then construct data. Before
composing, the event stream (flat, no recursion) is scanned for nesting depth: libyaml's
composer recurses in C, and 100,000 nested `[` would crash the process, not raise.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigcheck.parsing.text import MAX_FILE_BYTES, TextProblem, read_text

if TYPE_CHECKING:  # ruamel.yaml is imported only when a file is parsed (not from the cache)
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import Node

MAX_EXPANDED_NODES = 20_000
"""A sig-info.yaml has a few hundred nodes; more than this many nodes added by expanding aliases
is a bomb. Nodes written out in the file do not count: the read limit bounds those."""

_INFINITE = 10**18

MAX_DEPTH = 64
"""Nesting (sequences and mappings) a sig-info.yaml has is 5 or 6; deeper is refused."""

FieldPath = tuple[str | int, ...]
Location = tuple[int, int]


@dataclass(slots=True)
class YamlProblem:
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(slots=True)
class LoadedYaml:
    data: Any = None
    value_positions: dict[FieldPath, Location] = field(default_factory=dict)
    key_positions: dict[FieldPath, Location] = field(default_factory=dict)
    problem: YamlProblem | None = None
    text: str | None = None


def _kind(node: Node) -> str:
    """`scalar`, `sequence` or `mapping`, without importing ruamel's node classes."""
    return str(getattr(node, "id", ""))


def _mark(node: Node) -> Location:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _expanded_size(root: Node) -> int:
    """Nodes the document would have with every alias expanded, computed without expanding
    and without recursion (depth is bounded by the scan, but this stays iterative anyway)."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if children_done:
            in_progress.discard(key)
            total = 1 + sum(sizes.get(id(child), 0) for child in children)
            sizes[key] = min(total, _INFINITE)
            continue
        if key in in_progress:  # a recursive alias: infinite when expanded
            return _INFINITE
        in_progress.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in in_progress:
                return _INFINITE
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if _kind(node) == "sequence":
        return list(node.value)
    if _kind(node) == "mapping":
        return [part for pair in node.value for part in pair]
    return []


def _distinct_nodes(root: Node) -> int:
    """Nodes as written in the file (each alias target counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(_children(node))
    return len(seen)


def _too_deep(text: str) -> YamlProblem | None:
    """The first place nesting passes MAX_DEPTH, found on the flat event stream."""
    from ruamel.yaml import YAML

    depth = 0
    for event in YAML(typ="safe", pure=False).parse(text):
        kind = type(event).__name__
        if kind in ("SequenceStartEvent", "MappingStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return YamlProblem(
                    f"nested more than {MAX_DEPTH} levels deep (refused)",
                    mark.line + 1,
                    mark.column + 1,
                )
        elif kind in ("SequenceEndEvent", "MappingEndEvent"):
            depth -= 1
    return None


def _record_positions(node: Node, path: FieldPath, result: LoadedYaml, depth: int = 0) -> None:
    if depth > 50:
        return
    result.value_positions.setdefault(path, _mark(node))
    if _kind(node) == "mapping":
        for key_node, value_node in node.value:
            if _kind(key_node) == "scalar":
                child = (*path, str(key_node.value))
                result.key_positions.setdefault(child, _mark(key_node))
                _record_positions(value_node, child, result, depth + 1)
    elif _kind(node) == "sequence":
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), result, depth + 1)


def _dates_as_text(value: Any) -> Any:
    """`created_on: 2020-01-01` is a date to YAML and text to us (and to the cache's JSON)."""
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _problem_from_error(exc: YAMLError) -> YamlProblem:
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        message = message.split("\n")[0] or "invalid YAML"
        if mark is not None:
            return YamlProblem(message, mark.line + 1, mark.column + 1)
        return YamlProblem(message)
    return YamlProblem(str(exc).split("\n")[0] or "invalid YAML")


@functools.cache
def _resolver_class() -> type:
    """ruamel's VersionedResolver asks which YAML version applies for every scalar (two
    property look-ups that each end in a caught AttributeError with the C parser: a third of
    composing a long repository list). A document has one version, so ask once per document:
    `compose` reads a single document, and each parse has its own YAML (so its own resolver)."""
    from ruamel.yaml.resolver import VersionedResolver

    class OnceVersionedResolver(VersionedResolver):
        _memo: Any = None

        @property
        def versioned_resolver(self) -> Any:
            if self._memo is None:
                self._memo = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
            return self._memo

    return OnceVersionedResolver


_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
"""Tags a plain scalar may resolve to on the fast path (besides `str`): each is built by
ruamel's own constructor; anything else (`<<` merge keys, `=` ...) takes the composed path."""


class _Fallback(Exception):
    """The single pass met something it leaves to the composed path (see `_single_pass`)."""


def _new_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _resolver_class()
    return yaml


@functools.cache
def _scalar_loader() -> Any:
    """One loader of the composed path's kind (libyaml parser, ruamel's safe constructor and
    resolver), kept for its resolver table and its scalar constructors: for a document with
    no `%YAML` directive its version, and so its table, is the same for every file."""
    loader, _parser = _new_yaml().get_constructor_parser("")
    if None in loader.versioned_resolver:  # resolvers for any first character: not expected
        return None
    return loader


def _single_pass(text: str) -> LoadedYaml:
    """Data and positions in one walk over libyaml's event stream, with no node tree.

    Why: composing a node tree (with a Python resolver call per scalar), constructing data
    from it and walking it again for positions cost several times this on openEuler's long
    repository lists. The pass covers what sig-info.yaml and OWNERS hold: a single document
    with no directive whose top level is a mapping, with untagged scalars, text keys, no
    anchor, no alias and no key twice. On anything else it raises `_Fallback` and
    `parse_yaml` takes the composed path, whose results and messages are the reference (a
    test compares the two on a corpus). The walk is flat (an explicit stack), so it is also
    the nesting guard: past MAX_DEPTH it falls back before anything recurses. Positions
    follow `_record_positions`: pre-order, first one wins, values to depth 50, keys to 51."""
    from ruamel.yaml import main as ruamel_main
    from ruamel.yaml.events import (
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        StreamStartEvent,
    )
    from ruamel.yaml.nodes import ScalarNode

    CParser: Any = getattr(ruamel_main, "CParser", None)  # None without ruamel.yaml.clib
    loader = _scalar_loader() if CParser is not None else None
    if loader is None:
        raise _Fallback
    table = loader.versioned_resolver  # first character -> [(tag, regexp)]
    parser = CParser(text)
    get_event = parser.get_event
    result = LoadedYaml()
    value_positions = result.value_positions
    key_positions = result.key_positions
    if type(get_event()) is not StreamStartEvent:
        raise _Fallback
    event = get_event()
    if type(event) is not DocumentStartEvent or event.version or event.tags:
        raise _Fallback
    event = get_event()
    if type(event) is not MappingStartEvent or event.anchor or event.tag:
        raise _Fallback
    mark = event.start_mark
    value_positions[()] = (mark.line + 1, mark.column + 1)
    root: dict[Any, Any] = {}
    # the open collection (container, path, key: pending key of a mapping) and those above
    container: Any = root
    path: FieldPath = ()
    key: Any = None
    is_map = True
    stack: list[tuple[Any, FieldPath, Any, bool]] = []
    while True:
        event = get_event()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            if not stack:
                break
            container, path, key, is_map = stack.pop()
            continue
        if event.anchor is not None or event.tag is not None:
            raise _Fallback  # also an alias: AliasEvent has an anchor
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        if kind is ScalarEvent:
            value = event.value
            if event.implicit[0] and value[:1] in table:
                tag = loader.resolve(ScalarNode, value, event.implicit)
                if tag != "tag:yaml.org,2002:str":
                    if (is_map and key is None) or str(tag) not in _SCALAR_TAGS:
                        raise _Fallback  # keys are text (a date key would become text)
                    node = ScalarNode(tag, value, mark, event.end_mark, event.style)
                    value = loader.construct_non_recursive_object(node)
                    if isinstance(value, datetime.date):
                        value = value.isoformat()
            if is_map:
                if key is None:  # a key
                    if value in container:
                        raise _Fallback
                    key = value
                    if len(path) < 51:
                        key_positions.setdefault((*path, key), position)
                    continue
                child = (*path, key)
                container[key] = value
                key = None
            else:
                child = (*path, len(container))
                container.append(value)
            if len(child) <= 50:
                value_positions.setdefault(child, position)
            continue
        if kind is not MappingStartEvent and kind is not SequenceStartEvent:
            raise _Fallback
        if (is_map and key is None) or len(stack) + 1 >= MAX_DEPTH:
            raise _Fallback  # a collection as a key; or nested deeper than allowed
        value = {} if kind is MappingStartEvent else []
        if is_map:
            child = (*path, key)
            container[key] = value
            stack.append((container, path, None, True))
        else:
            child = (*path, len(container))
            container.append(value)
            stack.append((container, path, None, False))
        if len(child) <= 50:
            value_positions.setdefault(child, position)
        container, path, key, is_map = value, child, None, kind is MappingStartEvent
    if type(get_event()) is not DocumentEndEvent or type(get_event()) is not StreamEndEvent:
        raise _Fallback
    result.data = root
    return result


def parse_yaml(text: str) -> LoadedYaml:
    """Data, positions, or the problem; the single pass when it applies, else composed."""
    from ruamel.yaml.error import YAMLError

    try:
        return _single_pass(text)
    except (_Fallback, YAMLError, ValueError, TypeError, RecursionError):
        pass  # the composed path gives the reference result or message
    return _parse_composed(text)


def _parse_composed(text: str) -> LoadedYaml:
    from ruamel.yaml.error import YAMLError

    result = LoadedYaml()
    yaml = _new_yaml()
    try:
        deep = _too_deep(text)
        if deep is not None:
            result.problem = deep
            return result
        root = yaml.compose(text)
    except YAMLError as exc:
        result.problem = _problem_from_error(exc)
        return result
    except (ValueError, RecursionError) as exc:  # libyaml reports some input errors this way
        result.problem = YamlProblem(f"invalid YAML: {exc}")
        return result
    if root is None:
        result.problem = YamlProblem("the file is empty: expected a mapping of SIG fields", 1, 1)
        return result
    # without an anchor there is no alias (an undefined one fails to compose): nothing expands
    if "&" in text and _expanded_size(root) - _distinct_nodes(root) > MAX_EXPANDED_NODES:
        line, column = _mark(root)
        result.problem = YamlProblem(
            f"aliases expand to more than {MAX_EXPANDED_NODES} extra nodes (refused)",
            line,
            column,
        )
        return result
    try:
        result.data = _dates_as_text(yaml.constructor.construct_document(root))
    except YAMLError as exc:
        result.problem = _problem_from_error(exc)
        return result
    except (ValueError, TypeError, RecursionError) as exc:
        result.problem = YamlProblem(f"invalid YAML value: {exc}", *_mark(root))
        return result
    _record_positions(root, (), result)
    return result


def read_yaml_text(path: Path, root: Path | None = None) -> str | LoadedYaml:
    """The file's text, or a LoadedYaml carrying why it cannot be read (`root`: refuse a
    symlink out of it)."""
    text = read_text(path, MAX_FILE_BYTES, root)
    if isinstance(text, TextProblem):
        return LoadedYaml(problem=YamlProblem(text.message, text.line, text.column))
    return text


def load_yaml_file(path: Path, root: Path | None = None) -> LoadedYaml:
    """Read and parse; every failure becomes a `problem`, never an exception."""
    text = read_yaml_text(path, root)
    if isinstance(text, LoadedYaml):
        return text
    loaded = parse_yaml(text)
    loaded.text = text
    return loaded


def to_json(loaded: LoadedYaml) -> Any:
    """A JSON form for the content cache, or None when JSON would not give the data back
    exactly (dates, non-string keys, ...): such a file is simply parsed every time."""
    import json

    if loaded.problem is not None:
        return None
    try:
        if json.loads(json.dumps(loaded.data)) != loaded.data:
            return None
    except (TypeError, ValueError):
        return None
    return [
        loaded.data,
        [[list(k), *v] for k, v in loaded.value_positions.items()],
        [[list(k), *v] for k, v in loaded.key_positions.items()],
    ]


def from_json(value: Any, text: str) -> LoadedYaml:
    data, values, keys = value
    return LoadedYaml(
        data=data,
        value_positions={tuple(k): (line, column) for k, line, column in values},
        key_positions={tuple(k): (line, column) for k, line, column in keys},
        text=text,
    )
