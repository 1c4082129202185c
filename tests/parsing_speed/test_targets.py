"""Link targets: the shortcut past `posixpath.normpath` classifies as the plain rule does."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from sigcheck.parsing.targets import LocalTarget, _normal, classify

segments = st.sampled_from(["", ".", "..", "a", "b c", "文档", "README.md", "%20", "x.md#h"])
paths = st.lists(segments, max_size=6).map("/".join)
prefixes = st.sampled_from(["", "/", "./", "../", "//", "https://gitee.example/org/community/"])


@given(paths)
def test_normal_is_normpath(path: str) -> None:
    if path:
        assert _normal(path) == posixpath.normpath(path)


@given(prefixes, paths, paths)
def test_classify_joins_and_normalises_as_posixpath(prefix: str, href: str, source: str) -> None:
    target = classify(prefix + href, source + "/page.md", None)
    if isinstance(target, LocalTarget) and not prefix and not href.startswith("/"):
        path = href.split("#", 1)[0]
        joined = posixpath.join(posixpath.dirname(source + "/page.md"), unquote(path))
        normal = posixpath.normpath(joined)
        assert target.path == ("" if normal == "." else normal)
        assert target.escapes == (normal == ".." or normal.startswith("../"))


def test_examples() -> None:
    assert classify("../b/./c.md#x", "sigs/a/README.md", None) == LocalTarget(
        "sigs/b/c.md", "x", False
    )
    assert classify("docs/faq.md", "sigs/a/README.md", None) == LocalTarget(
        "sigs/a/docs/faq.md", None, False
    )
    assert classify("../../../up.md", "sigs/a/README.md", None) == LocalTarget(
        "../up.md", None, True
    )
