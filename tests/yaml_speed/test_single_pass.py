"""The single-pass YAML reader gives what the composed path gives: the same data (types
included), the same positions in the same order, the same problem, on every input.

`parse_yaml` reads sig-info.yaml and OWNERS in one walk over libyaml's events when the file
is plain (one document, untagged scalars, text keys, no anchor) and composes a node tree
otherwise; the composed path is the reference. These tests compare the two on a corpus of
real openEuler and MindSpore shapes and their corner cases, on every metadata file the
repository ships, and on random documents written in varied YAML styles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.parsing.yaml_meta import (
    MAX_DEPTH,
    LoadedYaml,
    _Fallback,
    _parse_composed,
    _single_pass,
    from_json,
    parse_yaml,
    to_json,
)

REPO = Path(__file__).resolve().parents[2]

OPENEULER = """\
name: Compiler
description: "负责 GCC、LLVM 等编译器的维护"
mailing_list: compiler@example.org
meeting_url: https://meet.example.org/compiler
mature_level: startup
mentors:
- gitee_id: mentor_a
  name: Lan Qiu
  organization: Example Co.
  email: lan.qiu@example.com
maintainers:
- gitee_id: "0123"
  name: Hai Tao
  email: hai.tao@example.com
  organization: 'Example Lab'
- gitee_id: zhang-wei_x
  name: Wei Zhang
committers:
  - gitee_id: kai
    name: Kai Ming
repositories:
- repo:
  - src-openeuler/gcc
  - src-openeuler/llvm
  - openeuler/compiler-docs
  committers:
  - gitee_id: kai
    name: Kai Ming
- repo:
  - src-openeuler/binutils
security_contacts:
created_on: 2020-01-01
"""

MINDSPORE = """\
# SIG metadata (MindSpore)
name: Data
en_name: Data Processing
description: >
  Data loading, augmentation
  and formats.
leads:
  - handle: data-lead
    email: lead@example.org   # the lead
members: [m_one, m_two, "m-three"]
repositories: {main: mindspore/mindspore, docs: 'mindspore/docs'}
"""

OWNERS = "maintainers:\n- feiqiu250\n- gukai251\ncommitters:\n- feiwen255\n"

CASES = {
    "openEuler sig-info": OPENEULER,
    "MindSpore sig-info": MINDSPORE,
    "OWNERS": OWNERS,
    "OWNERS with numeric and boolean ids": "maintainers:\n- 12345\n- 0o17\n- true\n- yes\n",
    "dates in 1.1 and 1.2 spellings": (
        "created_on: 2020-01-01\nupdated: 2021-3-4\nat: 2020-01-01T10:20:30Z\n"
        "local: 2020-01-01 10:20:30.5 +08:00\ntext: '2020-01-01'\n"
    ),
    "impossible date": "name: x\ncreated_on: 2020-13-45\n",
    "numbers and nulls": (
        "a: 012\nb: 0x1F\nc: 1_000\nd: +1\ne: -.inf\nf: .nan\ng: ~\nh: null\ni: Null\n"
        "j: 1.5e3\nk: 1:20\nl: ''\nm:\nn: 0b101\no: -0\np: 1e400\n"
    ),
    "booleans of 1.1 and 1.2": "a: yes\nb: No\nc: on\nd: True\ne: FALSE\nf: y\n",
    "quoted ids and keys": '\'key one\': "v\\tx"\n"0123": \'0123\'\nplain key: "yes"\n',
    "block scalars": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n\nc: |+\n  kept\n\n",
    "flow collections": "a: [1, [2, {b: c}], {d: [e, f]}]\ng: {h: i, j: [k]}\nl: []\nm: {}\n",
    "compact nested sequences": "a:\n- - x\n  - y\n- - z\nb:\n- c: 1\n  d:\n  - e\n",
    "comments everywhere": "# top\na: 1 # one\n# between\nb:  # empty\n  - x # item\n",
    "explicit document markers": "---\nname: x\n...\n",
    "byte order mark": "\ufeffname: x\nlist:\n- a\n",
    "CRLF line ends": "name: x\r\nlist:\r\n- a\r\n- b\r\n",
    "unicode everywhere": "名字: 数据 SIG\n描述:\n- 编译器\n- 'ＡＢ'\n",
    "anchors and aliases": "base: &b {x: 1}\nuse: *b\nlist: [&s one, *s]\n",
    "merge keys": "base: &b {x: 1, y: 2}\nsig:\n  <<: *b\n  y: 3\n",
    "duplicate keys": "name: a\nmaintainers:\n- x\nname: b\n",
    "duplicate keys nested": "a:\n  b: 1\n  c: 2\n  b: 3\n",
    "duplicate keys of different spellings": "1: a\n'1': b\n",
    "tab indentation": "name: x\nmaintainers:\n\t- a\n",
    "tab after a value": "name: x\t\nlist:\n- a\t\n",
    "explicit tags": "a: !!str 123\nb: !!int '7'\nc: !custom x\nd: !!set {x, y}\n",
    "non-specific tag": "a: ! 12\n",
    "YAML 1.1 directive": "%YAML 1.1\n---\na: 012\nb: yes\nc: 1:20\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "top-level list": "- a\n- b\n",
    "top-level scalar": "just a string\n",
    "empty file": "",
    "only a comment": "# nothing here\n",
    "non-text keys": "1: one\n2020-01-01: date\nnull: n\ntrue: t\n1.5: f\n",
    "complex key": "? [a, b]\n: value\n",
    "value tag key": "=: x\n",
    "empty and null keys": "'': quoted empty\nname: x\n~: tilde\n",
    "control character": "name: a\x07b\n",
    "error after plain lines": "name: x\nlist:\n- a\n- b\nbad: [\n",
    "syntax error": "name: [unclosed\nother: x\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "undefined alias": "a: *nope\n",
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    ),
    "recursive alias": "a: &a [*a]\nname: x\n",
    "nesting at the limit": "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n",
    "nesting past the limit": "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
    "deep positions (over 50 levels)": "a:\n"
    + "".join("  " * level + f"k{level}:\n" for level in range(1, 60))
    + "  " * 60
    + "leaf: 1\n",
    "deep sequences (over 50 levels)": "a: " + "[" * 55 + "x, y" + "]" * 55 + "\n",
    "100,000 brackets": "[" * 100_000,
}


def snapshot(loaded: LoadedYaml) -> tuple[Any, ...]:
    """Everything a caller can read, with types (`repr` tells 1 from True from '1') and
    the order of positions (the cache's JSON keeps it)."""
    return (
        repr(loaded.data),
        list(loaded.value_positions.items()),
        list(loaded.key_positions.items()),
        loaded.problem,
        loaded.text,
    )


def assert_same(text: str) -> None:
    assert snapshot(parse_yaml(text)) == snapshot(_parse_composed(text))


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_corpus_gives_what_the_composed_path_gives(text: str) -> None:
    assert_same(text)


PLAIN = [
    "openEuler sig-info",
    "MindSpore sig-info",
    "OWNERS",
    "OWNERS with numeric and boolean ids",
    "dates in 1.1 and 1.2 spellings",
    "booleans of 1.1 and 1.2",
    "quoted ids and keys",
    "block scalars",
    "flow collections",
    "compact nested sequences",
    "comments everywhere",
    "explicit document markers",
    "byte order mark",
    "CRLF line ends",
    "unicode everywhere",
    "nesting at the limit",
    "deep positions (over 50 levels)",
    "deep sequences (over 50 levels)",
]


@pytest.mark.parametrize("name", PLAIN)
def test_plain_files_take_the_single_pass(name: str) -> None:
    """Guards the speed: these shapes must not fall back to composing."""
    loaded = _single_pass(CASES[name])
    assert loaded.problem is None
    assert snapshot(loaded) == snapshot(_parse_composed(CASES[name]))


@pytest.mark.parametrize(
    "name",
    [
        "anchors and aliases",
        "merge keys",
        "duplicate keys",
        "explicit tags",
        "YAML 1.1 directive",
        "two documents",
        "top-level list",
        "empty file",
        "non-text keys",
        "complex key",
        "nesting past the limit",
        "100,000 brackets",
    ],
)
def test_what_the_single_pass_leaves_to_the_composed_path(name: str) -> None:
    with pytest.raises(_Fallback):
        _single_pass(CASES[name])


def test_problems_keep_their_place() -> None:
    assert parse_yaml(CASES["duplicate keys"]).problem.line == 4  # type: ignore[union-attr]
    deep = parse_yaml(CASES["nesting past the limit"]).problem
    assert deep is not None and "nested more than 64" in deep.message
    assert (deep.line, deep.column) == (1, 3 + MAX_DEPTH)
    bomb = parse_yaml(CASES["alias bomb"]).problem
    assert bomb is not None and "aliases expand" in bomb.message


def test_dates_are_text_and_positions_exact() -> None:
    loaded = parse_yaml(OPENEULER)
    assert loaded.data["created_on"] == "2020-01-01"
    assert loaded.data["maintainers"][0]["gitee_id"] == "0123"
    assert loaded.value_positions[("maintainers", 1, "gitee_id")] == (16, 13)
    assert loaded.key_positions[("repositories",)] == (21, 1)
    assert loaded.value_positions[("repositories", 0, "repo", 2)] == (25, 5)
    assert loaded.data["security_contacts"] is None


def test_cache_json_round_trips_the_same() -> None:
    fast, composed = parse_yaml(OPENEULER), _parse_composed(OPENEULER)
    assert to_json(fast) == to_json(composed)
    again = from_json(to_json(fast), OPENEULER)
    assert snapshot(again)[:3] == snapshot(fast)[:3]


def _shipped_metadata() -> list[Path]:
    found = []
    for folder in ("examples", "tests", "benchmarks"):
        for name in ("sig-info.yaml", "OWNERS"):
            found.extend(
                path for path in sorted((REPO / folder).rglob(name)) if "out" not in path.parts
            )
    return found


def test_every_shipped_metadata_file() -> None:
    files = _shipped_metadata()
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert snapshot(parse_yaml(text)) == snapshot(_parse_composed(text)), path


# Random documents: nested mappings and sequences written in block or flow style, with
# scalars chosen to hit every resolver (dates, numbers, booleans, nulls) in every quoting.
SCALARS = [
    "x", "src-openeuler/gcc", "Wei Zhang", "0123", "012", "0o17", "0x1F", "1_000", "+1",
    "-1.5", ".inf", ".nan", "1e3", "1:20", "2020-01-01", "2021-3-4", "2020-01-01T10:20:30Z",
    "yes", "no", "on", "true", "False", "y", "~", "null", "", "<<", "=", "数据", "a b",
    "name", "n", "t", "f", "-", "a:b", "https://example.org/x?y=1#z",
]  # fmt: skip
KEYS = ["name", "repo", "maintainers", "gitee_id", "yes", "n", "数据", "a b", "'1'", '"q"']
ODD_KEYS = ["1", "2020-01-01", "null", "name"]  # not text, or (`name`) likely a duplicate


def _keys(draw: Any, count: int) -> list[str]:
    """Distinct text keys mostly (the single pass's case); sometimes one that is not."""
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=count, max_size=count, unique=True))
    if count and draw(st.integers(0, 9)) == 0:
        keys[-1] = draw(st.sampled_from(ODD_KEYS))
    return list(keys)


def _scalar(draw: Any) -> str:
    value = draw(st.sampled_from(SCALARS))
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single" or (style == "plain" and (value in ("", "-", "<<") or ":" in value)):
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value + '"'
    return value


@st.composite
def documents(draw: Any) -> str:
    """A document text; the top level is a block mapping, like sig-info.yaml."""

    def flow(depth: int) -> str:
        kind = draw(
            st.sampled_from(["scalar", "scalar", "list", "map"] if depth < 4 else ["scalar"])
        )
        if kind == "scalar":
            return _scalar(draw)
        count = draw(st.integers(0, 3))
        if kind == "list":
            return "[" + ", ".join(flow(depth + 1) for _ in range(count)) + "]"
        return "{" + ", ".join(f"{key}: {flow(depth + 1)}" for key in _keys(draw, count)) + "}"

    def block(depth: int, indent: str, lines: list[str], lead: str) -> None:
        """Write a block mapping whose first line starts with `lead` (`- ` for an item)."""
        for number, key in enumerate(_keys(draw, draw(st.integers(1, 4)))):
            prefix = lead if number == 0 else indent
            comment = draw(st.sampled_from(["", "", "  # note"]))
            kind = draw(st.sampled_from(["flow", "flow", "map", "seq"] if depth < 5 else ["flow"]))
            if kind == "flow":
                lines.append(f"{prefix}{key}: {flow(depth)}{comment}")
            elif kind == "map":
                lines.append(f"{prefix}{key}:{comment}")
                block(depth + 1, indent + "  ", lines, indent + "  ")
            else:
                lines.append(f"{prefix}{key}:")
                inner = indent + draw(st.sampled_from(["", "  "]))  # compact or indented
                for _ in range(draw(st.integers(0, 3))):
                    if draw(st.booleans()):
                        lines.append(f"{inner}- {flow(depth + 1)}")
                    else:
                        block(depth + 1, inner + "  ", lines, inner + "- ")

    lines: list[str] = []
    block(0, "", lines, "")
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["---", "# sig-info", "\ufeff# bom"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_documents_give_what_the_composed_path_gives(text: str) -> None:
    assert_same(text)
