"""Placeholders in two kinds (SPEC §3) and template folders, on an openEuler-shaped tree that
writes `NA` wherever the SIG has none, the way openEuler's own template does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigcheck.cli import main
from sigcheck.placeholders import DEFAULT_TO_FILL, in_url, is_placeholder, to_be_filled
from tests.truthful.trees import CONTAINER, OPENEULER, write

Found = list[dict[str, object]]


def run_check(root: Path, *args: str) -> Found:
    report = root.parent / f"{root.name}-report.json"
    options = ["--format", "json", "--output", str(report), "-q", "--no-cache"]
    code = main(["check", "--root", str(root), *options, *args])
    assert code in (0, 1)
    return list(json.loads(report.read_text(encoding="utf-8"))["diagnostics"])


@pytest.fixture(scope="module")
def openeuler(tmp_path_factory: pytest.TempPathFactory) -> Found:
    return run_check(write(tmp_path_factory.mktemp("oe") / "community", OPENEULER))


def places(found: Found, code: str) -> set[tuple[object, object]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def test_none_values_are_absent_and_never_reported(openeuler: Found) -> None:
    """`meeting_url: NA`, `email: NA`, `gitee_id: NA` beside an AtomGit id, `organization: 无`,
    `mailing_list: 暂无`, `meeting_url: '-'`: the SIG has none; no finding of any kind."""
    in_metadata = {
        (d["code"], d["path"], d["line"])
        for d in openeuler
        if "sig-info" in str(d["path"]) and d["code"] in ("M003", "M007", "P001", "P005", "P006")
    }
    assert in_metadata == {("M007", CONTAINER, line) for line in (19, 24, 32)}
    # two people share `gitee_id: NA`: not the same person twice, not a bad handle
    assert places(openeuler, "P006") == set() and places(openeuler, "P001") == set()
    assert places(openeuler, "P005") == set()


def test_to_be_filled_values_are_one_m007_per_place(openeuler: Found) -> None:
    """Two people share `email: TO_BE_CLARIFIED`: two findings; `name: 待补充` one more."""
    assert places(openeuler, "M007") == {(CONTAINER, 19), (CONTAINER, 24), (CONTAINER, 32)}
    message = next(str(d["message"]) for d in openeuler if d["line"] == 32)
    assert "`待补充` is a placeholder where a `name` belongs" in message


def test_a_placeholder_inside_a_url_is_l008_and_a_lookalike_is_not(openeuler: Found) -> None:
    readme = "sig/Container/README.md"
    [issue] = [d for d in openeuler if d["path"] == readme and d["code"] == "L008"]
    assert issue["line"] == 26 and "holds the placeholder `xxxxx`" in str(issue["message"])
    # `…/p/na/` only looks like a none value; the template link resolves
    assert places(openeuler, "L001") == set()


def test_the_template_folder_is_neither_a_sig_nor_read(openeuler: Found) -> None:
    """openEuler's `sig-template`: placeholder links by design, sample metadata."""
    assert not any("sig-template" in str(d["path"]) for d in openeuler)
    assert not any("sig-template" in str(d["message"]) for d in openeuler)


def test_template_folders_are_configurable(tmp_path: Path) -> None:
    files = {
        **OPENEULER,
        "sig/sig-example/README.md": "# Example\n\n- [会议]()\n",
        ".sigcheck.toml": 'template_folders = ["sig-example"]\n',
    }
    found = run_check(write(tmp_path / "community", files))
    assert not any("sig-example" in str(d["path"]) for d in found)
    # `sig-template` is no longer one: it is a SIG again, with its placeholder links
    assert ("sig/sig-template/README.md", 18) in places(found, "L008")  # `[IRC公开会议]()`
    assert ("sig/sig-template/README.md", 9) in places(found, "L001")  # `(giteeID链接)`


def test_both_lists_are_configurable(tmp_path: Path) -> None:
    files = {
        **OPENEULER,
        ".sigcheck.toml": 'placeholders = ["NA"]\nnone_values = ["TO_BE_CLARIFIED", "待补充"]\n',
    }
    found = run_check(write(tmp_path / "community", files))
    m007 = {line for path, line in places(found, "M007") if path == CONTAINER}
    assert m007 == {4, 12, 15, 21}  # the `NA`s now, not the `TO_BE_CLARIFIED`s


@pytest.mark.parametrize(
    ("value", "absent", "owed"),
    [
        ("NA", True, False),
        (" n/a ", True, False),
        ("无", True, False),
        ("-", True, False),
        ("", True, False),
        ("tbd", True, True),
        ("TO_BE_CLARIFIED", True, True),
        ("待定", True, True),
        ("XXXXX", True, True),
        ("Nadia", False, False),
        ("xx", False, False),
    ],
)
def test_kinds(value: str, absent: bool, owed: bool) -> None:
    assert is_placeholder(value) is absent
    assert to_be_filled(value) is owed


@pytest.mark.parametrize(
    ("href", "found"),
    [
        ("https://gitee.com/openeuler/community/issues/xxxxx", "xxxxx"),
        ("https://gitee.com/org/TBD/blob/master/README.md", "TBD"),
        ("https://example.org/search?id=%E5%BE%85%E8%A1%A5%E5%85%85", "待补充"),
        ("docs/XXX/design.md", "XXX"),
        ("https://example.org/na/", None),  # only looks like a none value
        ("https://github.com/someone/todo", None),  # a repository may be called `todo`
        ("https://gitee.com/-/ide/project", None),
        ("https://xxxx.example.org/page", None),  # the host is not a segment
        ("https://example.org/page#TBD", None),  # the fragment is L002's business
        ("docs/xxxx.md", None),
    ],
)
def test_in_url(href: str, found: str | None) -> None:
    assert in_url(href, DEFAULT_TO_FILL) == found
