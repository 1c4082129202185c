"""Partial metadata (SPEC §7, issue 18): an entry that breaks the schema (a `directories:`
mapping nested in `repo:`) is reported and left out; the rest of the SIG's metadata still fills
its table row and page region, unless leaving it out would remove what they show today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigcheck.cli import main
from tests.generate.conftest import Tree, write_tree
from tests.generate.mindspore_tree import adopted

REGION = "<!-- sigcheck:begin sig-info -->\n<!-- sigcheck:end sig-info -->\n"
GOOD_REPO = "- repo:\n  - mindspore/lite\n"
BROKEN_REPO = (
    "- repo:\n    name: mindspore/lite-tools\n    directories:\n    - docs/lite\n    - tools\n"
)


def _tree(**changes: str | None) -> Tree:
    tree = adopted()
    tree.update({f"sigs/{key}": value for key, value in changes.items()})
    return tree


def _fix(root: Path, *args: str) -> int:
    return main(["fix", "--root", str(root), *args])


def _codes(root: Path, tmp_path: Path) -> list[tuple[str, str, int]]:
    report = tmp_path / "report.json"
    main(["check", "--root", str(root), "--format", "json", "--output", str(report), "-q"])
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    return [(d["code"], d["path"], d["line"]) for d in found]


def test_a_broken_repository_entry_is_left_out_and_the_rest_generates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = str(adopted()["sigs/mslite/sig-info.yaml"]).replace(
        "maintainers:\n", "maintainers:\n- gitee_id: new-lead\n"
    )
    meta = meta.replace("leads:\n", "leads:\n- new-lead\n")
    tree = _tree(
        **{
            "mslite/sig-info.yaml": meta + "repositories:\n" + GOOD_REPO + BROKEN_REPO,
            "mslite/README.md": "# MSLite\n\n" + REGION,
        }
    )
    root = write_tree(tmp_path / "repo", tree)
    assert _fix(root) == 1
    err = capsys.readouterr().err
    assert (
        "sigs/mslite/sig-info.yaml:14:3: left out, as it breaks the schema: repositories.1 "
        "(`sigcheck check` says why); the rest of the metadata of `mslite` generates" in err
    )
    row = next(
        line
        for line in (root / "sigs/README.md").read_text(encoding="utf-8").splitlines()
        if "[MSLite]" in line
    )
    assert "[@new-lead](https://gitee.com/new-lead)" in row  # the row is regenerated
    page = (root / "sigs/mslite/README.md").read_text(encoding="utf-8")
    assert "[mindspore/lite](https://gitee.com/mindspore/lite)" in page
    assert "lite-tools" not in page and "[@new-lead]" in page
    assert _fix(root) == 0  # the partial metadata is stable: fix twice changes nothing
    codes = _codes(root, tmp_path)
    assert ("M008", "sigs/mslite/sig-info.yaml", 15) in codes  # still reported
    assert not [c for c in codes if c[0] == "T008"]  # check and fix agree


def test_an_unlisted_sig_with_a_broken_entry_gets_its_row_and_region(tmp_path: Path) -> None:
    tree = _tree(
        **{
            "quantum/sig-info.yaml": (
                "name: Quantum\ndomain: 量子计算\ndomain_en: Quantum computing\n"
                "maintainers:\n- gitee_id: q-li\nrepositories:\n" + BROKEN_REPO + GOOD_REPO
            ),
            "quantum/README.md": "# Quantum\n\n" + REGION,
        }
    )
    root = write_tree(tmp_path / "repo", tree)
    assert _fix(root) == 1
    zh = (root / "sigs/README.md").read_text(encoding="utf-8")
    assert "| [Quantum](quantum/README.md) | 量子计算" in zh and "[@q-li]" in zh
    assert "[mindspore/lite]" in (root / "sigs/quantum/README.md").read_text(encoding="utf-8")


def test_leaving_out_what_a_region_shows_keeps_the_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = "- repo:\n  - mindspore/lite\n  - mindspore/lite-tools\n"
    tree = _tree(
        **{
            "mslite/sig-info.yaml": str(adopted()["sigs/mslite/sig-info.yaml"])
            + "repositories:\n"
            + good,
            "mslite/README.md": "# MSLite\n\n" + REGION,
        }
    )
    root = write_tree(tmp_path / "repo", tree)
    assert _fix(root) == 1
    page = root / "sigs/mslite/README.md"
    before = page.read_bytes()
    assert b"[mindspore/lite-tools]" in before
    # an edit nests the entry's repositories in a mapping: the region would lose lite-tools
    meta = root / "sigs/mslite/sig-info.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        .replace(good, BROKEN_REPO)
        .replace("maintainers:\n", "maintainers:\n- gitee_id: new-one\n"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert _fix(root) == 1
    err = capsys.readouterr().err
    assert page.read_bytes() == before
    assert "sigs/mslite/README.md:3: sig-info region not regenerated: kept as it is:" in err
    assert "leaving it out would remove `mindspore/lite-tools`, which the region shows" in err
    codes = _codes(root, tmp_path)
    assert ("M008", "sigs/mslite/sig-info.yaml", 12) in codes
    assert not [c for c in codes if c[0] == "T008" and c[1] == "sigs/mslite/README.md"]


def test_leaving_out_a_lead_the_row_shows_keeps_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Executor's only lead gets an email that is a list: that person is left out, and the
    row would show only the other maintainer: the row is kept and `fix` exits 1."""
    tree = _tree(
        **{
            "executor/sig-info.yaml": (
                "name: Executor\ndomain: 后端控制流技术\ndomain_en: Back-end control flow\n"
                "maintainers:\n- gitee_id: haoyu-k\n  email: [a@example.com, b@example.com]\n"
                "- gitee_id: second-one\n"
            )
        }
    )
    root = write_tree(tmp_path / "repo", tree)
    before = (root / "sigs/README.md").read_bytes()
    assert _fix(root) == 1
    err = capsys.readouterr().err
    assert (root / "sigs/README.md").read_bytes() == before
    assert "sigs/executor/sig-info.yaml:5: kept as it is:" in err
    assert "would remove `haoyu-k`, which its row in sigs/README.md shows today" in err
