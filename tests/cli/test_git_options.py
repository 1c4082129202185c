"""`--tracked-only`, `--pre-commit` and `check --changed-since REF`, in real git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Mei Sample",
    "GIT_AUTHOR_EMAIL": "mei.sample@example.com",
    "GIT_COMMITTER_NAME": "Mei Sample",
    "GIT_COMMITTER_EMAIL": "mei.sample@example.com",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, timeout=60)


def committed(root: Path) -> Path:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def findings(root: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    result = run_cli("check", "--format", "json", *args, cwd=root, env=ENV)
    assert result.returncode in (0, 1), result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    return result.returncode, [(d["code"], d["path"]) for d in diagnostics]


def test_tracked_only_ignores_untracked_and_ignored_files(make_repo):
    root = committed(make_repo())
    write(root, "sigs/wip/README.md", "# WIP\n\n[x](nowhere.md)\n")
    write(root, ".gitignore", "sigs/out/\n")
    write(root, "sigs/out/README.md", "# Out\n")
    assert ("D003", "sigs/wip") in findings(root)[1]  # the working tree has them

    code, found = findings(root, "--tracked-only")
    assert (code, found) == (0, [])


def test_tracked_only_counts_staged_new_files_and_not_staged_deletions(make_repo):
    root = committed(make_repo())
    write(root, "sigs/compiler/notes.md", "# Notes\n\n[x](missing.md)\n")
    assert findings(root, "--tracked-only") == (0, [])
    git(root, "add", "sigs/compiler/notes.md")
    assert findings(root, "--tracked-only")[1] == [("L001", "sigs/compiler/notes.md")]

    git(root, "rm", "-q", "--cached", "sigs/compiler/README_en.md")  # still on disk
    code, found = findings(root, "--tracked-only")
    assert code == 1
    assert ("L001", "sigs/README_en.md") in found  # the en table links a file git drops


def test_a_link_to_an_untracked_file_is_broken_for_the_commit(make_repo):
    root = make_repo({"sigs/data/README.md": "# Data SIG\n\n## 简介\n\n[plan](plan.md)\n"})
    write(root, "sigs/data/plan.md", "# Plan\n")
    committed(root)
    git(root, "rm", "-q", "--cached", "sigs/data/plan.md")
    assert findings(root)[1] == []
    assert findings(root, "--tracked-only")[1] == [("L001", "sigs/data/README.md")]


def test_fix_tracked_only_adds_no_row_for_untracked_work(make_repo):
    root = committed(make_repo())
    write(root, "sigs/wip/README.md", "# WIP\n")
    write(
        root, "sigs/wip/sig-info.yaml", "name: WIP\ndomain: 孵化\nmaintainers:\n  - gitee_id: mei\n"
    )
    before = (root / "sigs/README.md").read_bytes()
    result = run_cli("fix", "--tracked-only", cwd=root, env=ENV)
    assert result.returncode == 0, result.stderr
    assert (root / "sigs/README.md").read_bytes() == before
    assert run_cli("fix", "--check", cwd=root, env=ENV).returncode == 1  # without: a new row


def test_tracked_only_outside_git_reads_every_file(make_repo):
    root = make_repo({"sigs/data/README.md": "# Data SIG\n\n[x](missing.md)\n"})
    result = run_cli("check", "--tracked-only", cwd=root, env=ENV)
    assert result.returncode == 1
    assert "L001 error" in result.stdout
    assert "not reading through git" in result.stderr
    assert run_cli("check", "--tracked-only", "-q", cwd=root, env=ENV).stderr == ""


def test_pre_commit_skips_when_the_staged_change_is_elsewhere(make_repo):
    root = make_repo({"sigs/data/README.md": "# Data SIG\n\n[x](missing.md)\n"})
    committed(root)
    write(root, "docs/sigs/README.md", "# Not the sigs folder\n")
    write(root, "other.yaml", "a: 1\n")
    git(root, "add", "-A")
    result = run_cli("check", "--pre-commit", "-v", cwd=root, env=ENV)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "the commit touches no file sigcheck reads" in result.stderr
    fix = run_cli("fix", "--pre-commit", cwd=root, env=ENV)
    assert (fix.returncode, fix.stdout, fix.stderr) == (0, "", "")


def test_the_early_exit_does_not_import_the_checker(make_repo, imports):
    """Skipping must cost about an interpreter start: no pydantic, no Markdown parser."""
    root = committed(make_repo())
    write(root, "docs/guide.md", "# Guide\n")
    git(root, "add", "-A")
    code, imported = imports("check", "--pre-commit", cwd=root, env=ENV)
    assert code == 0
    assert "sigcheck.vcs" in imported
    assert not imported & {"pydantic", "markdown_it", "sigcheck.config", "sigcheck.loader"}


@pytest.mark.parametrize(
    "staged",
    [
        ("rm", "sigs/compiler/README_en.md"),  # a deletion
        ("add", "sigs/compiler/new.md"),
        ("add", ".sigcheck.toml"),
        ("add", "pyproject.toml"),
    ],
)
def test_pre_commit_runs_when_the_staged_change_touches_what_it_reads(make_repo, staged):
    root = make_repo({"sigs/data/README.md": "# Data SIG\n\n[x](missing.md)\n"})
    committed(root)
    action, name = staged
    if action == "add":
        write(root, name, "# x\n")
        git(root, "add", name)
    else:
        git(root, "rm", "-q", name)
    result = run_cli("check", "--pre-commit", cwd=root, env=ENV)
    # the check ran (no quick way out): the parent's dead link is counted, not shown
    assert "1 elsewhere: run `sigcheck check` to list them" in result.stdout, result.stderr
    assert "sigs/data/README.md:3:5" not in result.stdout


def test_pre_commit_follows_a_configured_sigs_folder_and_table(make_repo):
    config = (
        "sigs_dir = 'groups'\n[[tables]]\npath = 'GROUPS.md'\nlanguage = 'en'\n"
        "columns = ['SIG name', 'Responsibilities', 'SIG Leads']\n"
    )
    root = make_repo(
        {
            ".sigcheck.toml": config,
            "GROUPS.md": "# Groups\n",
            "groups/data/README.md": "# Data\n\n[x](missing.md)\n",
        },
        base=False,
    )
    committed(root)
    write(root, "sigs/README.md", "# not read: sigs_dir is groups\n")
    git(root, "add", "-A")
    assert run_cli("check", "--pre-commit", cwd=root, env=ENV).returncode == 0
    write(root, "GROUPS.md", "# Groups, edited\n\n[gone](gone.md)\n")
    git(root, "add", "-A")
    result = run_cli("check", "--pre-commit", cwd=root, env=ENV)
    assert result.returncode == 1
    assert "GROUPS.md:3:8: L001" in result.stdout


def test_a_community_in_a_sub_folder_of_the_work_tree(tmp_path):
    top = tmp_path / "monorepo"
    write(top, "community/sigs/README.md", "# SIGs\n")
    write(top, "community/sigs/data/README.md", "# Data\n\n[x](missing.md)\n")
    write(top, "community/sigs/data/sig-info.yaml", "name: Data\n")
    write(top, "app/README.md", "# App\n")
    committed(top)
    write(top, "community/sigs/wip/README.md", "# WIP\n")  # untracked
    write(top, "app/README.md", "# App, edited\n")
    git(top, "add", "app/README.md")
    hook = ["check", "--pre-commit", "--root", "community", "--format", "json"]
    assert run_cli(*hook, cwd=top, env=ENV).returncode == 0  # nothing read is staged
    write(top, "community/sigs/data/notes.md", "# Notes\n\n[y](gone.md)\n")
    git(top, "add", "community/sigs/data/notes.md")
    result = run_cli(*hook, cwd=top, env=ENV)
    assert result.returncode == 1
    found = {(d["code"], d["path"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("L001", "sigs/data/notes.md") in found  # new; the parent's README link is older
    assert ("L001", "sigs/data/README.md") not in found
    assert not any("wip" in path for _, path in found)


def test_changed_since_reports_only_findings_in_changed_files(make_repo):
    root = make_repo(
        {
            "sigs/data/README.md": "# Data SIG\n\n[x](missing.md)\n",
            "sigs/compiler/README_en.md": "# Compiler SIG\n\n## Introduction\n",
        }
    )
    committed(root)
    git(root, "tag", "base")
    write(root, "sigs/compiler/README_en.md", "# Compiler SIG\n\n[y](gone.md)\n")
    write(root, "sigs/fresh/README.md", "# Fresh\n")  # new, untracked: changed too

    everything = findings(root)[1]
    assert ("L001", "sigs/data/README.md") in everything
    code, found = findings(root, "--changed-since", "base")
    assert code == 1
    assert sorted(found) == [
        ("D003", "sigs/fresh"),
        ("L001", "sigs/compiler/README_en.md"),
        ("M001", "sigs/fresh"),
    ]
    assert findings(root, "--changed-since", "HEAD", "sigs/compiler")[1] == [
        ("L001", "sigs/compiler/README_en.md")
    ]


def test_changed_since_reads_the_whole_folder(make_repo):
    """A page that changed is checked against files that did not (its link target)."""
    root = committed(make_repo())
    write(root, "sigs/compiler/README.md", "# Compiler SIG\n\n[d](../data/README.md#nope)\n")
    # and an unchanged page whose link the change broke (the heading `简介` is gone)
    assert findings(root, "--changed-since", "HEAD")[1] == [
        ("L002", "sigs/README.md"),
        ("L002", "sigs/compiler/README.md"),
    ]


def test_changed_since_a_missing_revision_or_outside_git_is_a_usage_error(make_repo):
    root = make_repo()
    outside = run_cli("check", "--changed-since", "HEAD", cwd=root, env=ENV)
    assert outside.returncode == 2 and "--changed-since HEAD:" in outside.stderr
    committed(root)
    missing = run_cli("check", "--changed-since", "no-such-branch", cwd=root, env=ENV)
    assert missing.returncode == 2
    assert "`no-such-branch` is not a revision of this repository" in missing.stderr


def test_pre_commit_follows_the_recognised_layout_without_configuration(tmp_path):
    """openEuler keeps its SIGs in `sig/` and has no sigcheck configuration: a commit under
    `sig/` must be checked, not skipped as if the sigs folder were `sigs/`."""
    root = tmp_path / "community"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "openeuler", root)
    committed(root)
    page = sorted((root / "sig").glob("*/README.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n[plan](no-such-plan.md)\n", "utf-8")
    git(root, "add", "-A")
    result = run_cli("check", "--pre-commit", "-v", cwd=root, env=ENV)
    assert "the commit touches no file sigcheck reads" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert "L001" in result.stdout
