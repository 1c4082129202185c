"""M010: hand-kept member lists in SIG pages against the metadata, on trees shaped like the
real ones (zh and en pages that agree and that drift), and a property: a page that carries a
generated region is never M010."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.checks import page_people
from sigcheck.config import load_config
from sigcheck.layout import PEOPLE_HEADINGS
from sigcheck.loader import load_community
from sigcheck.parsing.page_people import HeadingRoles, people_sections
from tests.truthful.test_placeholders import Found, run_check
from tests.truthful.trees import MINDSPORE, OPENEULER, write


@pytest.fixture(scope="module")
def mindspore(tmp_path_factory: pytest.TempPathFactory) -> Found:
    return run_check(
        write(tmp_path_factory.mktemp("ms") / "community", MINDSPORE), "--ignore", "T008"
    )


@pytest.fixture(scope="module")
def openeuler(tmp_path_factory: pytest.TempPathFactory) -> Found:
    return run_check(write(tmp_path_factory.mktemp("oe") / "community", OPENEULER))


def m010(found: Found) -> dict[tuple[object, object], str]:
    return {(d["path"], d["line"]): str(d["message"]) for d in found if d["code"] == "M010"}


def test_mindspore_pages(mindspore: Found) -> None:
    assert m010(mindspore) == {
        # an explicit `leads` is the whole list: someone else under `SIG Leads` is extra
        ("sigs/modelzoo/README.md", 6): "@other-lead is listed under `SIG Leads` but is not a "
        "lead in sigs/modelzoo/sig-info.yaml (`leads`)",
        # under a maintainers heading the whole list: one maintainer is missing
        ("sigs/mslite/README.md", 7): "@gao-lan is a maintainer in sigs/mslite/sig-info.yaml "
        "but is not listed under `维护者`",
    }
    # agreeing: `Yahao Ding` (spelt `dingyahao`), a maintainer among the committers, `Yang Hu`
    # (`name_en`) on the en page, `Lan Gao`; emeritus leads, a fenced list, a link to a
    # document, the hand list beside a generated region (compiler): none of it compared
    assert {d["code"] for d in mindspore if d["code"].startswith("M0")} == {"M010"}


def test_openeuler_pages(openeuler: Found) -> None:
    """OWNERS decides the maintainers; items written as `name[@id](…)`, a bare id, a name and
    an email, `Name(@id), since …`, a table of names and ids; `历任` not compared; `模块责任人`
    is no heading the layout knows; Talent's page has a generated region."""
    assert m010(openeuler) == {
        ("sig/Block/README.md", 5): "@rosin-l is a maintainer in sig/Block/OWNERS but is not "
        "listed under `Maintainer列表`",
        ("sig/Block/README.md", 9): "@dai-zw is listed under `Maintainer列表` but is not a "
        "maintainer in sig/Block/OWNERS",
    }


def test_one_finding_per_person_so_a_second_is_new(tmp_path: Path) -> None:
    page = MINDSPORE["sigs/modelzoo/README.md"].replace(
        "- 见", "- [@third-lead](https://gitee.com/third-lead)\n- 见"
    )
    found = run_check(write(tmp_path / "c", {**MINDSPORE, "sigs/modelzoo/README.md": page}))
    people = sorted(
        m.split(" ")[0] for (path, _), m in m010(found).items() if "modelzoo" in str(path)
    )
    assert people == ["@other-lead", "@third-lead"]


def test_headings_are_layout_data(tmp_path: Path) -> None:
    config = '[people_headings]\nmaintainers = ["Core team"]\n'
    page = "# MSLite\n\n## Core team\n\n- [@zhou-yi](https://gitee.com/zhou-yi)\n"
    files = {**MINDSPORE, ".sigcheck.toml": config, "sigs/mslite/README.md": page}
    found = run_check(write(tmp_path / "c", files), "--ignore", "T008")
    mslite = sorted(
        str(d["message"]).split(" ")[0]
        for d in found
        if d["code"] == "M010" and d["path"] == "sigs/mslite/README.md"
    )
    assert mslite == ["@gao-lan", "@wen_bo"]
    # `Maintainers` on the en page is no longer a maintainers heading
    assert not any(d["path"] == "sigs/mslite/README.en.md" for d in found)


ROLES = HeadingRoles(PEOPLE_HEADINGS)


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("SIG Leads", "leads"),
        ("SIG 负责人", "leads"),
        ("Maintainer列表", "maintainers"),
        ("Maintainers / 维护者", "maintainers"),
        ("维护者 Maintainers", "maintainers"),
        ("Committers列表", "committers"),
        ("Members / 成员", None),
        ("模块责任人", None),
        ("Maintainers and committers", None),
    ],
)
def test_heading_roles(title: str, role: str | None) -> None:
    assert ROLES.role(title) == role


def test_former_members_headings() -> None:
    assert ROLES.former("Emeritus Leads") and ROLES.former("历任 Maintainer")
    assert not ROLES.former("SIG Leads")


NAMES = st.from_regex(r"[A-Za-z][a-z0-9_-]{1,8}", fullmatch=True)
HEADINGS = st.sampled_from(
    ["SIG Leads", "Maintainers", "Maintainer列表", "Committers", "维护者", "SIG 负责人", "成员"]
)
SECTION = st.tuples(st.integers(1, 4), HEADINGS, st.lists(NAMES, max_size=4)).map(
    lambda s: (
        "#" * s[0]
        + f" {s[1]}\n\n"
        + "".join(f"- [@{n}](https://gitee.com/{n})\n- {n}\n" for n in s[2])
        + "\n"
    )
)
REGION = (
    "<!-- sigcheck:begin sig-info -->\n## SIG 信息\n\n### Maintainers\n\n"
    "- [@someone](https://gitee.com/someone)\n<!-- sigcheck:end sig-info -->\n\n"
)


@pytest.fixture(scope="module")
def community_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("prop") / "community", MINDSPORE)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=st.lists(SECTION, max_size=3), after=st.lists(SECTION, max_size=3))
def test_a_page_with_a_generated_region_is_never_m010(
    community_root: Path, before: list[str], after: list[str]
) -> None:
    page = "# MSLite SIG\n\n" + "".join(before) + REGION + "".join(after)
    (community_root / "sigs/mslite/README.md").write_text(page, encoding="utf-8")
    community = load_community(community_root, load_config(community_root))
    found = [d for d in page_people.check(community) if d.path == "sigs/mslite/README.md"]
    assert found == []
    assert people_sections(page, ROLES, lambda url: None) is None


def _gitee(url: str) -> str | None:
    prefix = "https://gitee.com/"
    return url[len(prefix) :] if url.startswith(prefix) and "/" not in url[len(prefix) :] else None


@pytest.mark.parametrize(
    ("item", "handles", "emails", "names"),
    [
        (
            "陈硕[@joec88](https://gitee.com/joec88) joe.c@example.com",
            ["joec88"],
            ["joe.c@example.com"],
            ["陈硕"],
        ),
        ("charlie_li(@charlie_li), since October 2019", ["charlie_li"], [], ["charlie_li"]),
        ("disnight, since December 2021", [], [], ["disnight"]),
        (
            "王涛[@wqtshg](https://gitcode.com/wqtshg), *wang.tao@example.com*",
            ["wqtshg"],
            ["wang.tao@example.com"],
            ["王涛"],
        ),
        ("黄剑兴  huang.jx@example.com", [], ["huang.jx@example.com"], ["黄剑兴"]),
        ("runtime-ye（Ye Chuan，Northwind AI Lab）", [], [], ["runtime-ye"]),
    ],
)
def test_the_ways_real_pages_write_a_person(
    item: str, handles: list[str], emails: list[str], names: list[str]
) -> None:
    from sigcheck.parsing.page_people import read_entry

    entry = read_entry(item, 1, 3, _gitee)
    assert entry is not None
    assert (entry.handles, entry.emails, entry.names) == (handles, emails, names)


@pytest.mark.parametrize(
    "item",
    [
        "见 [sig-info.yaml](sig-info.yaml)",
        "None yet",
        "暂缺",
        "请在此给出团队成员的列表，每人一行。",
    ],
)
def test_what_names_nobody(item: str) -> None:
    from sigcheck.parsing.page_people import read_entry

    assert read_entry(item, 1, 3, _gitee) is None
