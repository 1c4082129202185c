"""Property: for random metadata, the region `fix` writes is one `check` accepts (no T008) and
a second `fix` leaves alone, in both languages, whatever the people and repositories say."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.cli import main
from sigcheck.generate.region import Page
from sigcheck.generate.sig_pages import RegionError, layout
from tests.sig_pages.conftest import BEGIN, CONFIG, END, write_tree

LETTERS = "abcXYZ019"
CJK = "数据编译（）、，。"
MARKUP = " *_`[]()<>#!|\\-.:&~=+\n\t"
PLACEHOLDERS = ["NA", "TBD", "待补充", "xxxx", "", " "]

texts = st.text(LETTERS + CJK + MARKUP, min_size=1, max_size=16).filter(lambda s: s.strip() != "")
handles = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_-]{0,10}\Z")
maybe = st.one_of(st.none(), st.sampled_from(PLACEHOLDERS))
people = st.one_of(
    st.builds(
        lambda h, n, e: {
            "gitee_id": h,
            **({"name": n} if n else {}),
            **({"email": e} if e else {}),
        },
        handles,
        st.one_of(st.none(), texts),
        st.one_of(maybe, st.just("someone@example.com")),
    ),
    st.builds(
        lambda n, o: {"name": n, **({"organization": o} if o is not None else {})},
        texts,
        st.one_of(maybe, texts),
    ),
    st.builds(
        lambda p: {"gitee_id": p, "email": "TO_BE_CLARIFIED"}, st.sampled_from(["NA", "TBD"])
    ),
)
repos = st.one_of(
    st.from_regex(r"\A[a-z][a-z0-9_.-]{0,8}/[a-z0-9][a-z0-9_.-]{0,8}/?\Z"),
    st.sampled_from(PLACEHOLDERS),
    texts,
)
contact = st.one_of(
    st.none(),
    st.sampled_from([*PLACEHOLDERS, "dev@lists.example.org", "mailto:sig@example.org"]),
    st.sampled_from(["https://meet.example.com/a b(c)", "https://example.org/x?y=1#z"]),
    texts,
)
metas = st.fixed_dictionaries(
    {
        "name": st.just("Random"),
        "maintainers": st.lists(people, max_size=4),
        "mentors": st.lists(people, max_size=2),
        "committers": st.lists(people, max_size=3),
        "repositories": st.lists(
            st.fixed_dictionaries(
                {"repo": st.lists(repos, max_size=3), "committers": st.lists(people, max_size=3)}
            ),
            max_size=2,
        ),
        "mailing_list": contact,
        "meeting_url": contact,
    }
)
surroundings = st.sampled_from(
    [
        ("# T\n\n", "\n"),
        ("Title\n=====\n", "\n\n## After\n\ntext"),
        ("\ufeff## Sub\r\n\r\n", "\r\n"),
        ("", "\n```\n" + BEGIN + "\n```\n"),
    ]
)


def _fix(root: Path) -> int:
    return main(["fix", "--root", str(root), "-q"])


def _t008(root: Path) -> list[Any]:
    report = root / "report.json"
    main(["check", "--root", str(root), "--format", "json", "--output", str(report), "-q",
          "--no-cache", "--select", "T008"])  # fmt: skip
    return list(json.loads(report.read_text(encoding="utf-8"))["diagnostics"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # each example runs the CLI three times
@given(metas, surroundings, st.booleans())
def test_fix_writes_a_region_check_accepts_and_fix_keeps(
    meta: dict[str, Any], around: tuple[str, str], leads: bool
) -> None:
    if leads and meta["maintainers"]:
        first = meta["maintainers"][0]
        meta = {**meta, "leads": [first.get("gitee_id") or first.get("name")]}
    before, after = around
    eol = "\r\n" if "\r\n" in before else "\n"
    page = f"{before}{BEGIN}{eol}stale{eol}{END}{eol}{after}"
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(
            Path(folder),
            {
                ".sigcheck.toml": CONFIG,
                "sigs/random/sig-info.yaml": json.dumps(meta, ensure_ascii=False),
                "sigs/random/README.md": page.encode("utf-8"),
                "sigs/random/README_en.md": page.encode("utf-8"),
            },
        )
        assert _fix(root) == 1
        written = {
            name: (root / "sigs/random" / name).read_bytes()
            for name in ("README.md", "README_en.md")
        }
        for data in written.values():
            start, end = page.index(BEGIN), page.index(END) + len(END)
            assert data.startswith(page[:start].encode("utf-8"))
            assert data.endswith(page[end:].encode("utf-8"))
            assert b"stale" not in data
        assert _t008(root) == []
        assert _fix(root) == 0
        assert {name: (root / "sigs/random" / name).read_bytes() for name in written} == written


BLOCKS = st.sampled_from(
    [
        BEGIN,
        END,
        "  " + BEGIN,
        "    " + END,
        "# Title",
        "Title",
        "=====",
        "```",
        "~~~",
        "- item",
        "  continued",
        "> quote",
        "<div>",
        "</div>",
        "<pre>",
        "</pre>",
        "<!-- open comment",
        "-->",
        "1. first",
        "text",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(BLOCKS, max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_reading_the_page_up_to_its_last_marker_finds_what_reading_it_all_finds(
    blocks: list[str], eol: str
) -> None:
    page = Page.from_bytes(eol.join(blocks).encode("utf-8"))
    outcomes: list[object] = []
    for prefix_only in (True, False):
        try:
            outcomes.append(layout(page, prefix_only=prefix_only))
        except RegionError as exc:
            outcomes.append((str(exc), exc.line))
    assert outcomes[0] == outcomes[1]
