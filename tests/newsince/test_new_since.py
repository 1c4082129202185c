"""Commits and pull requests judged on what they add (SPEC §2.5, §4, §5), in real git repositories
whose tree already has findings: `--new-since`, `--pre-commit`, `--changed-since`, the base
revision read from git objects, the baseline file and SARIF's `baselineState`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck import vcs
from sigcheck.cli import main
from sigcheck.diagnostics import fingerprint, make
from tests.conftest import GOOD_TREE, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Lin Example",
    "GIT_AUTHOR_EMAIL": "lin.example@example.com",
    "GIT_COMMITTER_NAME": "Lin Example",
    "GIT_COMMITTER_EMAIL": "lin.example@example.com",
}

# Old findings: a dead link (L001), a bad email (P005), an unknown-ish key (M004).
OLD_TREE = {
    **GOOD_TREE,
    "sigs/data/README.md": "# Data SIG\n\n## 简介\n\nSee [the plan](plan.md).\n",
    "sigs/data/sig-info.yaml": (
        "name: Data\nmaintainer_list: []\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "    email: liuchunxi-at-example.com\n"
    ),
}


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CI", raising=False)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def build(root: Path, files: dict[str, str], commit: bool = True) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "start")
    return root


def check(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`sigcheck check` in process (git's staged set is asked afresh)."""
    vcs._STAGED.clear()
    capsys.readouterr()
    code = main(["check", "--root", str(root), *args])
    return code, capsys.readouterr().out


def found(out: str) -> list[tuple[str, str]]:
    return [
        (line.split(": ")[1].split(" ")[0], line.split(":")[0])
        for line in out.splitlines()
        if ": " in line and line.split(": ")[1][:1].isupper() and line[0] != "0"
    ]


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One committed tree with old findings; each test leaves it as it found it."""
    os.environ.update(ENV)
    return build(tmp_path_factory.mktemp("old") / "repo", OLD_TREE)


@pytest.fixture
def repo(old: Path) -> Path:
    yield old
    git(old, "reset", "-q", "--hard")
    git(old, "clean", "-fdq", "-e", ".sigcheck-cache")


def test_the_tree_has_old_findings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(repo, capsys=capsys)
    assert code == 1
    assert sorted(found(out)) == [
        ("L001", "sigs/data/README.md"),
        ("M004", "sigs/data/sig-info.yaml"),
        ("P005", "sigs/data/sig-info.yaml"),
    ]


def test_new_since_the_same_revision_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]):
    code, out = check(repo, "--new-since", "HEAD", capsys=capsys)
    assert code == 0
    assert found(out) == []
    assert "3 older findings (HEAD has them too)" in out


def test_a_revision_git_cannot_resolve_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]):
    vcs._STAGED.clear()
    assert main(["check", "--root", str(repo), "--new-since", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "--new-since no-such-branch:" in err and "git fetch" in err


def test_an_edit_above_a_finding_does_not_make_it_new(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = repo / "sigs/data/README.md"
    page.write_text(
        "# Data SIG\n\nA new sentence.\n\n## 简介\n\nWe meet.\n\nSee [the plan](plan.md).\n"
    )
    meta = repo / "sigs/data/sig-info.yaml"
    meta.write_text(
        "name: Data\ndescription: 数据\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "    email: liuchunxi-at-example.com\nmaintainer_list: []\n"
    )
    code, out = check(repo, "--new-since", "HEAD", capsys=capsys)
    assert (code, found(out)) == (0, [])
    # the lines moved, the fingerprints did not
    _, everything = check(repo, "--format", "json", capsys=capsys)
    lines = {d["code"]: d["line"] for d in json.loads(everything)["diagnostics"]}
    assert lines["L001"] == 9 and lines["M004"] == 6


def test_a_second_copy_of_an_old_finding_is_new(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = repo / "sigs/data/README.md"
    page.write_text(page.read_text() + "\nAgain: [the plan](plan.md).\n")
    code, out = check(repo, "--new-since", "HEAD", capsys=capsys)
    assert code == 1
    assert found(out) == [("L001", "sigs/data/README.md")]
    assert ":7:" in out.splitlines()[0]  # the later copy is the new one


def test_the_hook_judges_the_commit(repo: Path) -> None:
    """The real CLI, as pre-commit runs it: a harmless commit passes, a commit adding one
    finding fails with exactly that finding, then one line counts the older ones."""
    page = repo / "sigs/data/README.md"
    page.write_text(page.read_text() + "\nThe Data SIG meets weekly.\n")
    git(repo, "add", "-A")
    harmless = run_cli("check", "--pre-commit", cwd=repo, env={**os.environ, **ENV})
    assert harmless.returncode == 0, harmless.stderr
    assert harmless.stdout == (
        "1 older finding in files this commit touches, 2 elsewhere: "
        "run `sigcheck check` to list them\n"
    )
    compiler = repo / "sigs/compiler/README.md"
    compiler.write_text(compiler.read_text() + "\n[notes](notes.md)\n")
    git(repo, "add", "-A")
    broken = run_cli("check", "--pre-commit", cwd=repo, env={**os.environ, **ENV})
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == [
        "sigs/compiler/README.md:9:9: L001 error `notes.md` points to "
        "`sigs/compiler/notes.md`, which does not exist",
        "1 older finding in files this commit touches, 2 elsewhere: "
        "run `sigcheck check` to list them",
    ]


def test_the_base_report_is_cached_by_tree(repo: Path, capsys: pytest.CaptureFixture[str]):
    from sigcheck.config import load_config
    from sigcheck.newsince import base_report

    check(repo, "--new-since", "HEAD", capsys=capsys)
    kept = repo / ".sigcheck-cache" / "base-reports.json"
    written = kept.read_bytes()
    (repo / "sigs/data/README.md").write_text("# Data SIG\n")  # the work tree, not the base
    check(repo, "--new-since", "HEAD", capsys=capsys)
    assert kept.read_bytes() == written  # a hit: nothing computed, nothing written
    commit = vcs.resolve_commit(repo, "HEAD")
    cache = repo / ".sigcheck-cache"
    assert base_report(repo, load_config(repo), commit, cache)[1] is False
    found, cached = base_report(repo, load_config(repo), commit, cache)
    assert cached and len(found) == 3
    # another configuration is another key: the base is read again
    config = load_config(repo).model_copy(update={"ignore": ["P005"]})
    assert base_report(repo, config, commit, cache)[1] is False


def test_changed_since_adds_new_findings_in_unchanged_files(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A heading renamed in one page breaks a link in a page the change did not touch."""
    page = repo / "sigs/compiler/README.md"
    page.write_text(page.read_text().replace("## 简介", "## 概述"))
    code, out = check(repo, "--changed-since", "HEAD", capsys=capsys)
    assert code == 1
    assert found(out) == [("L002", "sigs/README.md")]
    assert "L001" not in out  # an old finding in an unchanged file stays out


def test_sarif_carries_every_finding_with_its_baseline_state(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = repo / "sigs/compiler/README.md"
    page.write_text(page.read_text() + "\n[notes](notes.md)\n")
    code, out = check(repo, "--new-since", "HEAD", "--format", "sarif", capsys=capsys)
    assert code == 1
    states = {(r["ruleId"], r["baselineState"]) for r in json.loads(out)["runs"][0]["results"]}
    assert states == {
        ("L001", "new"),
        ("L001", "unchanged"),
        ("M004", "unchanged"),
        ("P005", "unchanged"),
    }


def test_a_baseline_round_trips_and_reports_stale_entries(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["baseline", "--root", str(repo)]) == 0
    baseline = repo / ".sigcheck-baseline.json"
    written = baseline.read_bytes()
    lines = written.decode().splitlines()
    assert lines[0] == '{"version": 1, "findings": [' and lines[-1] == "]}"
    assert [json.loads(line.rstrip(","))["code"] for line in lines[1:-1]] == [
        "L001",
        "M004",
        "P005",
    ]
    assert main(["baseline", "--root", str(repo)]) == 0
    assert baseline.read_bytes() == written  # stable: the same bytes for the same findings

    code, out = check(repo, capsys=capsys)
    assert (code, found(out)) == (0, [])
    assert "3 findings listed in .sigcheck-baseline.json left out" in out

    meta = repo / "sigs/data/sig-info.yaml"
    meta.write_text(meta.read_text().replace("-at-", "@"))  # the P005 is paid
    code, out = check(repo, capsys=capsys)
    assert code == 0
    assert found(out) == [("B001", ".sigcheck-baseline.json")]
    assert out.startswith(".sigcheck-baseline.json:4:1: B001 info P005 at sigs/data/sig-info.yaml")
    code, out = check(repo, "--no-baseline", capsys=capsys)
    assert code == 1 and len(found(out)) == 2


def test_a_first_commit_has_everything_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = build(tmp_path / "fresh", OLD_TREE, commit=False)
    git(root, "add", "-A")
    code, out = check(root, "--pre-commit", capsys=capsys)
    assert code == 1
    assert len(found(out)) == 3


def test_a_revision_read_from_git_gives_the_working_trees_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base report, read from git objects (a symlinked page and a folder with spaces
    included), is the report of the same tree on disk."""
    (repo / "sigs/odd name").mkdir()
    (repo / "sigs/odd name/README.md").write_text("# Odd\n\n[up](../data/README.md#nope)\n")
    (repo / "sigs/compiler/LINK.md").symlink_to("README.md")
    (repo / "sigs/data/outside.md").symlink_to("../../../elsewhere.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "odd")
    try:
        from sigcheck.config import load_config
        from sigcheck.newsince import base_report

        commit = vcs.resolve_commit(repo, "HEAD")
        base, _ = base_report(repo, load_config(repo), commit, None)
        _, out = check(repo, "--format", "json", "--no-cache", capsys=capsys)
        disk = json.loads(out)["diagnostics"]
        assert [(d.code, d.path, d.line, d.message) for d in base] == [
            (d["code"], d["path"], d["line"], d["message"]) for d in disk
        ]
        assert {d.code for d in base} >= {"L002", "F001", "L001"}  # F001: the link out
    finally:
        git(repo, "reset", "-q", "--hard", "HEAD~1")


def test_fingerprints_leave_out_line_column_and_wording() -> None:
    one = make("L001", "sigs/a/README.md", 3, 5, "`x.md` does not exist", "x.md")
    moved = make("L001", "sigs/a/README.md", 30, 1, "reworded: x.md is missing", "x.md")
    other = make("L001", "sigs/a/README.md", 3, 5, "`x.md` does not exist", "y.md")
    assert fingerprint(one) == fingerprint(moved) != fingerprint(other)


_WORDS = st.text(alphabet="abcdefgh 数据编译会议", min_size=1, max_size=30).map(str.strip)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["sigs/data/README.md", "sigs/compiler/README.md"]),
            st.integers(min_value=0, max_value=12),
            _WORDS.filter(bool),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_edits_that_add_no_defect_pass_the_hook(
    old: Path, capsys: pytest.CaptureFixture[str], edits: list[tuple[str, int, str]]
) -> None:
    try:
        for name, where, words in edits:
            page = old / name
            lines = page.read_text().split("\n")
            at = min(where, len(lines))
            lines[at:at] = ["", words, ""]  # a paragraph of its own: never a heading's text
            page.write_text("\n".join(lines))
        git(old, "add", "-A")
        code, out = check(old, "--pre-commit", capsys=capsys)
        assert code == 0, out
    finally:
        git(old, "reset", "-q", "--hard")


def test_the_markdown_report_off_github_links_the_own_address(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Gitee or Jenkins comment: new findings linked at the repository's web address (its
    `upstream` remote) and the commit checked; the older ones counted."""
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    git(repo, "remote", "add", "upstream", "git@gitee.com:example-org/community.git")
    try:
        page = repo / "sigs/compiler/README.md"
        page.write_text(page.read_text() + "\n[notes](notes.md)\n")
        code, out = check(repo, "--new-since", "HEAD", "--format", "markdown", capsys=capsys)
        head = git(repo, "rev-parse", "HEAD").strip()
        assert code == 1
        assert (
            f"(https://gitee.com/example-org/community/blob/{head}/sigs/compiler/README.md#L9)"
            in out
        )
        assert "New findings: 1 error, 0 warnings, 0 infos in " in out
        assert "3 older findings (HEAD has them too): run `sigcheck check` to list them." in out
    finally:
        git(repo, "remote", "remove", "upstream")
