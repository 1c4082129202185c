"""GitHub slugs: the ASCII shortcut gives what the character-by-character rule gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sigcheck.parsing.slugs import github_slug


def slug_by_character(text: str) -> str:
    out = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LNM":
            out.append(char)
    return "".join(out)


@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_headings_slug_as_by_the_rule(text: str) -> None:
    assert github_slug(text) == slug_by_character(text)


@given(st.text())
def test_any_heading_slugs_as_by_the_rule(text: str) -> None:
    assert github_slug(text) == slug_by_character(text)


def test_examples() -> None:
    assert github_slug("Release Notes (v2.0)!") == "release-notes-v20"
    assert github_slug("Meeting  Notes\t_x_") == "meeting--notes_x_"
    assert github_slug("会议 纪要 Q&A") == "会议-纪要-qa"
