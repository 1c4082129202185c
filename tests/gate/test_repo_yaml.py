"""The fast reader of per-repository files gives what the reference YAML parser gives, or
declines: property tests on generated files of the simple shape and on near misses of it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.parsing.repo_yaml import _DECLINED, load_repository_file, simple_data
from sigcheck.parsing.yaml_meta import parse_yaml

KEYS = st.sampled_from(
    [
        "name",
        "description",
        "type",
        "upstream",
        "create_from",
        "platform",
        "x-y",
        "_z",
        "yes",
        "Null",
    ]
)
WORDS = st.sampled_from(
    ["acl", "openEuler-24.03-LTS", "https://example.org/a#b", "a b  c", "true", "No", "~",
     "1.0", "0x10", "2024-01-01", "-dash", "a: b", "a #b", "colon:", "it's", "'quoted'",
     "'it''s'", '"double"', '"esc\\n"', "''", "[flow]", "{x: 1}", "&anchor", "*alias",
     "!tag x", "%pct", "@at", "`tick`", "中文 描述", ".inf", "<<", "=", "a\tb", "| block",
     "plain text, with comma", "é", ">", "?q", "x:y"]
)  # fmt: skip
INDENTS = st.sampled_from(["", "  "])


@st.composite
def files(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        key = draw(KEYS)
        shape = draw(st.sampled_from(["scalar", "folded", "list", "maps", "empty", "blank"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(WORDS)}")
        elif shape == "folded":
            lines += [
                f"{key}: {draw(WORDS)}",
                f"{draw(st.sampled_from(['  ', '    ', ' ']))}{draw(WORDS)}",
            ]
        elif shape == "empty":
            lines.append(f"{key}:")
        elif shape == "blank":
            lines += [f"{key}: {draw(WORDS)}", ""]
        else:
            indent = draw(INDENTS)
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(0, 3))):
                if shape == "list":
                    lines.append(f"{indent}- {draw(WORDS)}")
                    continue
                pairs = draw(st.lists(st.tuples(KEYS, WORDS), min_size=1, max_size=3))
                for number, (k, v) in enumerate(pairs):
                    lines.append(f"{indent}{'- ' if number == 0 else '  '}{k}: {v}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_fast_reader_agrees_with_the_reference_or_declines(text: str) -> None:
    fast = simple_data(text)
    if fast is _DECLINED:
        return
    reference = parse_yaml(text)
    assert reference.problem is None, (text, reference.problem)
    assert fast == reference.data, text


def test_the_usual_shape_is_read_fast() -> None:
    text = (
        "name: acl\ndescription: ''\nupstream: https://example.org/acl\nbranches:\n"
        "- name: master\n  type: protected\n- name: openEuler-24.03-LTS\n  type: protected\n"
        "  create_from: master\ntype: public\n"
    )
    assert simple_data(text) == parse_yaml(text).data
    folded = "name: x\ndescription: a long line that\n  goes on here\ntype: public\n"
    assert simple_data(folded) == {"name": "x", "description": "a long line that goes on here",
                                   "type": "public"}  # fmt: skip


def test_a_declined_file_keeps_the_reference_s_problem() -> None:
    loaded = load_repository_file("name: x\n  bad: [\n")
    assert loaded.problem is not None and loaded.problem.line is not None
