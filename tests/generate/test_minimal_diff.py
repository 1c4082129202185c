"""Minimal diffs from `fix` (SPEC §7, issue 20): a change to one SIG's metadata changes that
SIG's rows only; padding is evened out only with `--reformat`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sigcheck.cli import main
from sigcheck.generate.render import display_width, raw_cells
from tests.generate.conftest import sigcheck, write_tree
from tests.generate.mindspore_tree import adopted

LONG = "an-unusually-long-handle-of-a-new-maintainer"
TABLES = ("sigs/README.md", "sigs/README_en.md")


def _fix(root: Path, *args: str) -> int:
    return main(["fix", "--root", str(root), "-q", *args])


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Tester", "-c", "user.email=tester@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _add_maintainer(root: Path, folder: str, handle: str) -> None:
    """What a pull request does: one more maintainer, who is also named a lead."""
    path = root / "sigs" / folder / "sig-info.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("maintainers:\n", f"maintainers:\n- gitee_id: {handle}\n", 1)
    if "leads:\n" in text:
        text = text.replace("leads:\n", f"leads:\n- {handle}\n", 1)
    path.write_text(text, encoding="utf-8")


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The adopted tree, its tables laid out once with `--reformat`, committed."""
    root = write_tree(tmp_path_factory.mktemp("laid") / "repo", adopted())
    assert _fix(root, "--reformat") == 1
    assert _fix(root) == 0 and _fix(root, "--reformat") == 0  # fix twice changes nothing
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "adopted")
    return root


def _clone(laid_out: Path, tmp_path: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(laid_out), str(tmp_path / "c")], check=True)
    return tmp_path / "c"


def test_one_long_handle_changes_one_row_per_table(laid_out: Path, tmp_path: Path) -> None:
    root = _clone(laid_out, tmp_path)
    before = {name: (root / name).read_text(encoding="utf-8") for name in TABLES}
    _add_maintainer(root, "data", LONG)
    assert _fix(root) == 1
    for name in TABLES:
        after = (root / name).read_text(encoding="utf-8")
        [(_old, new)] = _changed_lines(before[name], after)
        assert "[Data](data/" in new and LONG in new
        # only its own row is longer: every other line keeps its width
        widths = {display_width(line) for line in after.splitlines() if line.startswith("|")}
        assert display_width(new) == max(widths) and len(widths) == 2
    assert _fix(root) == 0  # and fix again changes nothing
    assert _fix(root, "--check") == 0


def test_a_new_row_takes_the_existing_widths_wide_characters_count_two(
    laid_out: Path, tmp_path: Path
) -> None:
    root = _clone(laid_out, tmp_path)
    before = (root / "sigs/README.md").read_text(encoding="utf-8")
    write_tree(
        root,
        {
            "sigs/quantum/README.md": "# Q\n",
            "sigs/quantum/sig-info.yaml": (
                "name: 量子\ndomain: 量子计算\ndomain_en: Quantum\nmaintainers:\n- gitee_id: q-li\n"
            ),
        },
    )
    assert _fix(root) == 1
    after = (root / "sigs/README.md").read_text(encoding="utf-8")
    header = next(line for line in before.splitlines() if line.startswith("| SIG name"))
    new = next(line for line in after.splitlines() if "quantum/README.md" in line)
    # each cell of the new row spans as many display columns as the header's
    assert [display_width(c) for c in raw_cells(new)] == [
        display_width(c) for c in raw_cells(header)
    ]
    assert after.startswith(before.split("\n\n## 加入")[0])  # every old line is kept


def test_reformat_evens_out_a_hand_padded_table_and_plain_fix_leaves_it(
    laid_out: Path, tmp_path: Path
) -> None:
    root = _clone(laid_out, tmp_path)
    page = root / "sigs/README_en.md"
    ragged = page.read_text(encoding="utf-8").replace("| Data processing ", "| Data processing  ")
    page.write_text(ragged, encoding="utf-8")
    assert _fix(root) == 0 and page.read_text(encoding="utf-8") == ragged  # padding alone: no T008
    assert main(["check", "--root", str(root), "-q", "--select", "T008"]) == 0
    assert _fix(root, "--reformat") == 1
    assert page.read_text(encoding="utf-8") == (laid_out / "sigs/README_en.md").read_text("utf-8")


def test_two_pull_requests_on_two_sigs_merge_without_conflict(
    laid_out: Path, tmp_path: Path
) -> None:
    """Each branch runs `fix` as its hook would; a real `git merge` of the two is clean and
    the merged tables are what `fix` generates. (Rows on adjacent lines would still conflict:
    git's rule for touching hunks, whatever writes them.)"""
    root = _clone(laid_out, tmp_path)
    for branch, folder, handle in (("pr-a", "compiler", LONG), ("pr-b", "mslite", "bo-an")):
        _git(root, "checkout", "-q", "-b", branch, "main")
        _add_maintainer(root, folder, handle)
        assert _fix(root) == 1
        _git(root, "commit", "-q", "-am", f"{folder}: new maintainer")
    _git(root, "checkout", "-q", "pr-a")
    merge = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "-q", "pr-b"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert _fix(root, "--check") == 0
    text = (root / "sigs/README.md").read_text(encoding="utf-8")
    assert LONG in text and "[@bo-an]" in text


def test_pre_commit_regenerates_only_the_sigs_whose_metadata_is_staged(
    laid_out: Path, tmp_path: Path
) -> None:
    """Old debt (Data's row out of date since an earlier commit) stays; the commit's change to
    Compiler's metadata is regenerated, and the hook exits 1 as pre-commit fixers do."""
    root = _clone(laid_out, tmp_path)
    _add_maintainer(root, "data", "old-debt")
    _git(root, "commit", "-q", "-am", "data: a maintainer, tables not regenerated")
    (root / "sigs/data/README.md").write_text("# Data\n\nA sentence.\n", encoding="utf-8")
    _git(root, "add", "-A")
    page_only = sigcheck("fix", "--pre-commit", cwd=root)
    assert page_only.returncode == 0, page_only.stderr  # no metadata staged: nothing to do
    assert _git(root, "status", "--porcelain", "--untracked-files=no") == "M  sigs/data/README.md\n"

    _add_maintainer(root, "compiler", LONG)
    _git(root, "add", "-A")
    hook = sigcheck("fix", "--pre-commit", cwd=root)
    assert hook.returncode == 1, hook.stderr
    for name in TABLES:
        diff = _git(root, "diff", "-U0", "--", name)
        removed = [line for line in diff.splitlines() if line.startswith("-|")]
        assert len(removed) == 1 and "[Compiler]" in removed[0], diff
        assert "old-debt" not in (root / name).read_text(encoding="utf-8")
    _git(root, "add", "-A")
    assert sigcheck("fix", "--pre-commit", cwd=root).returncode == 0  # commit again: passes
    assert _fix(root) == 1  # the full fix still pays the old debt
    assert "old-debt" in (root / "sigs/README.md").read_text(encoding="utf-8")
