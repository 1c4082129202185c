"""The parse that skips inline runs nothing reads yields exactly the page entries, tables and
markers of markdown-it's full parse: on generated Markdown, on every page of the examples and
layouts, and on a generated community tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sigcheck.pages import Entry, _entry
from sigcheck.parsing.markdown import (
    _marker_region,
    _tables,
    document_from,
    parse,
)

ROOT = Path(__file__).resolve().parents[2]

# Pieces of real-looking SIG pages, each chosen to reach one inline or block rule.
INLINE = [
    "MindSpore 编译器 SIG",
    "plain text with no markup at all",
    "[会议纪要](docs/meeting-notes.md)",
    "[roadmap](./docs/roadmap.md#2024-计划)",
    "![logo](images/logo.png)",
    "![**bold** alt](a.png 'title')",
    "[x](<a b.md>)",
    "[ref link][faq]",
    "[faq]",
    "[FAQ][]",
    "[undefined][nowhere]",
    "<https://gitee.example/org/community>",
    "<someone@example.com>",
    '<a name="custom-anchor"></a>',
    '<a id="Upper_Case"/>',
    '<a href="../other/README.md">other</a>',
    '<img src="pic.png">',
    "<br>",
    "<!-- sigcheck:begin table -->",
    "`[code](not-a-link.md)`",
    "``[x](y) ` still code``",
    "*emphasis* and __strong__ and ***both***",
    "*[label]* (x.md)",
    "[la*bel*] (x.md)",
    "[模型迁移指南]https://www.example.com/guide",
    "[模型迁移指南] (docs/guide.md)",
    "[模型迁移指南]（docs/guide.md）",
    "[a link](a b.md)",
    "[ ] task box (not a link)",
    "[x] done (todo.md)",
    "\\[escaped](not.md)",
    "&#91;entity](x.md)",
    "&#91;entity&#93;(x.md)",
    "&lt;not html&gt; &amp; &copy;",
    "&#x5B;label] (y.md)",
    "a \\* b \\_ c",
    "版本 1\\. 说明 \\# 号",
    "trailing hard break  ",
    "back\\",
    "[outer [inner](in.md)](out.md)",
    "[multi\nline label](ml.md) [next](next.md)",
    "![multi\nline alt](ml.png) then [after](after.md)",
    "[amp](a&amp;b.md)",
    "[paren](b(c).md)",
    "[close](c.md)x) text",
    "[data](data:image/png;base64,AAA) ![data](data:image/png;base64,AAA) [js](javascript:x)",
    "[![badge](b.svg)](https://ci.example/x)",
    "[link](#本地锚点) and [another](#Heading-With-Caps)",
    "https://bare.example/url (no autolink without linkify)",
    "a | b | c",
    "~~strike~~ and :emoji:",
    "[unclosed (x.md)",
    "] stray ( brackets [",
]
BLOCK = [
    "# {}",
    "## {}",
    "### {} ###",
    "#{}",
    "{}\n===",
    "{}\n{}\n===",
    "{}\n---",
    "- {}",
    "  - {}",
    "1. {}",
    "* {}\n\n  {}",
    "> {}",
    "> - {}",
    "{}",
    "{}\n{}",
    "    indented code [x](y.md)",
    "```\n[fenced](code.md)\n# not a heading\n```",
    "~~~md\n{}\n~~~",
    "```\nunclosed fence {}",
    "[faq]: docs/faq.md",
    '[Ref Two]: <other file.md> "title"',
    "<div>\n{}\n</div>",
    '<p align="center"><a href="x.md">x</a></p>',
    "<!-- comment [x](hidden.md) -->",
    "| SIG name | 技术领域 | SIG 负责人 |\n| --- | --- | --- |\n| {} | b | c |",
    "---",
    "",
]

fragments = st.sampled_from(INLINE)
blocks = st.builds(
    lambda template, parts: template.format(*parts),
    st.sampled_from(BLOCK),
    st.lists(fragments, min_size=2, max_size=2),
)
words = st.text("ab 数[]()<>&*_`\\#!|-:.\n", max_size=24)
pages = st.lists(st.one_of(blocks, blocks, words), min_size=1, max_size=14).map("\n\n".join)


def entries(text: str, tables: bool, every_inline: bool) -> Entry:
    return _entry(document_from("", parse(text, tables, every_inline)))


def assert_same(text: str) -> None:
    for tables in (False, True):
        assert entries(text, tables, False) == entries(text, tables, True), text
        lazy, full = parse(text, tables), parse(text, tables, every_inline=True)
        assert _marker_region(lazy.tokens) == _marker_region(full.tokens)
        assert _tables(lazy.tokens, 0, len(lazy.tokens)) == _tables(
            full.tokens, 0, len(full.tokens)
        )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
@example("# Heading with `code` and [link](x.md)\n\nplain paragraph\n\n[x](y.md)")
@example("Setext *heading*\nsecond line\n===\n\n# 中文 标题\n# 中文 标题")
@example("&#91;a](b.md) &#91;a] (b.md)")
def test_fast_parse_gives_the_full_parse_entries(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize("template", BLOCK)
def test_every_fragment_in_every_block_gives_the_full_parse_entries(template: str) -> None:
    for first in INLINE:
        for second in (first, "[next](next.md)", "plain"):
            assert_same(template.format(first, second))


def kinds(text: str) -> list[list[str]]:
    inline = [token for token in parse(text).tokens if token.type == "inline"]
    return [[child.type for child in token.children or []] for token in inline]


def test_the_fast_parse_does_skip_work() -> None:
    """Guards the property above from passing vacuously: each shortcut is taken."""
    assert kinds("plain words only") == [[]]
    assert kinds("# plain heading") == [["text"]]
    assert kinds("[x](y.md) and\n![i](i.png)") == [
        ["link_open", "link_close", "softbreak", "image"]
    ]
    assert kinds("`code` [x](y.md)") == [["code_inline", "text", "link_open", "text", "link_close"]]


def corpus_pages() -> list[Path]:
    found: list[Path] = []
    for folder in ("examples", "tests/layouts", "tests/hardening"):
        found.extend(sorted((ROOT / folder).rglob("*.md")))
    return found


def test_corpus_pages_give_the_full_parse_entries() -> None:
    pages = corpus_pages()
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert_same(text)


def test_generated_tree_gives_the_full_parse_entries(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = ROOT / "benchmarks" / "generate_tree.py"
    subprocess.run(
        [sys.executable, str(script), str(tmp_path), "--sigs", "12"],
        check=True,
        capture_output=True,
    )
    pages = sorted(tmp_path.rglob("*.md"))
    assert len(pages) >= 60
    for path in pages:
        assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("depth", [40, 60])
def test_nesting_limit_is_found_the_same(depth: int) -> None:
    text = "".join("  " * level + "- [x](y.md)\n" for level in range(depth))
    lazy, full = parse(text), parse(text, every_inline=True)
    assert lazy.too_deep == full.too_deep
    assert (lazy.too_deep is not None) == (depth * 2 > 100)
