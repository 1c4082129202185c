"""A run whose every input is unchanged answers from the last run's trace (sigcheck/trace.py).

What is pinned: a replay prints exactly what a full run prints (every format, exit code), imports
neither pydantic nor markdown-it nor ruamel, and never happens when anything the checks depend
on has changed: each change below is one a user makes between two commits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli

ENV = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
ENV.update(
    {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Mei Sample",
        "GIT_AUTHOR_EMAIL": "mei.sample@example.com",
        "GIT_COMMITTER_NAME": "Mei Sample",
        "GIT_COMMITTER_EMAIL": "mei.sample@example.com",
    }
)
REPLAYED = "nothing read has changed since the last run"
HEAVY = ("pydantic", "markdown_it", "ruamel.yaml", "sigcheck.model", "sigcheck.loader")

# A page with findings of several families, so that a replay has something to get wrong.
TREE = {
    "sigs/compiler/README.md": (
        "# Compiler SIG\n\n## 简介\n\n- [会议纪要](meetings/2026.md)\n- [贡献](../../CONTRIBUTING.md#提交)\n"
        "- [数据](../data/README.md#missing)\n- [计划](../data/plan.md)\n"
    ),
    "sigs/compiler/meetings/2026.md": "# 2026\n\n[返回](../README.md)\n",
    "CONTRIBUTING.md": "# Contributing\n\n## 提交\n",
}


def sigcheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("check", "--root", str(root), "-v", *args, env=ENV)


def same_report(replayed: subprocess.CompletedProcess[str], full: subprocess.CompletedProcess[str]):
    """What a user sees: stdout and exit code exactly, stderr but the verbose notes."""

    def stderr(result: subprocess.CompletedProcess[str]) -> list[str]:
        """The summary line without its timing; the verbose notes differ by design."""
        return [
            re.sub(r" in [0-9.]+s$", "", line)
            for line in result.stderr.splitlines()
            if not line.startswith("sigcheck: ") or " errors, " in line
        ]

    assert replayed.returncode == full.returncode
    assert replayed.stdout == full.stdout
    assert stderr(replayed) == stderr(full)


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(TREE)


def test_an_unchanged_tree_is_answered_from_the_trace(repo: Path):
    first = sigcheck(repo)
    assert REPLAYED not in first.stderr
    assert (repo / ".sigcheck-cache" / "trace.json").is_file()
    second = sigcheck(repo)
    assert REPLAYED in second.stderr
    assert first.returncode == 1  # the tree has findings: L002 at least
    assert "L002" in first.stdout
    same_report(second, first)


def test_a_replay_imports_no_parser_and_no_validator(repo: Path):
    sigcheck(repo)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sigcheck", "check", "--root", str(repo), "-v"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert REPLAYED in result.stderr
    imported = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "sigcheck.trace" in imported
    assert not [name for name in HEAVY if name in imported]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown", "sarif"])
def test_a_replay_prints_what_a_full_run_prints(repo: Path, fmt: str):
    sigcheck(repo)
    replayed = sigcheck(repo, "--format", fmt, "--statistics" if fmt == "json" else "--strict")
    assert REPLAYED in replayed.stderr
    full = sigcheck(
        repo, "--format", fmt, "--no-cache", "--statistics" if fmt == "json" else "--strict"
    )
    same_report(replayed, full)


def test_select_paths_and_changed_options_apply_to_a_replay(repo: Path):
    sigcheck(repo)
    replayed = sigcheck(repo, "--select", "L002", "--format", "json", str(repo / "sigs/compiler"))
    assert REPLAYED in replayed.stderr
    full = sigcheck(
        repo, "--select", "L002", "--format", "json", "--no-cache", str(repo / "sigs/compiler")
    )
    same_report(replayed, full)
    assert {d["code"] for d in json.loads(replayed.stdout)["diagnostics"]} == {"L002"}


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def _symlink_out(root: Path) -> None:
    outside = root.parent / "outside.md"
    outside.write_text("# Outside\n", encoding="utf-8")
    page = root / "sigs/compiler/meetings/2026.md"
    page.unlink()
    page.symlink_to(outside)


def _rename_case(root: Path) -> None:
    (root / "sigs/compiler/meetings/2026.md").rename(root / "sigs/compiler/meetings/2026.MD")


CHANGES: dict[str, Callable[[Path], None]] = {
    "a page gains a broken link": lambda root: _write(
        root, "sigs/data/README.md", "# Data SIG\n\n## 简介\n\n[计划](plan.md)\n"
    ),
    "a missing link target is created": lambda root: _write(root, "sigs/data/plan.md", "# Plan\n"),
    "a heading outside the sigs folder changes": lambda root: _write(
        root, "CONTRIBUTING.md", "# Contributing\n\n## 提交代码\n"
    ),
    "a linked file changes letter case": _rename_case,
    "a page becomes a symlink out of the repository": _symlink_out,
    "sig-info.yaml is deleted": lambda root: (root / "sigs/data/sig-info.yaml").unlink(),
    "sig-info.yaml changes": lambda root: _write(
        root, "sigs/data/sig-info.yaml", "name: Data\nmaintainers:\n  - gitee_id: bad id\n"
    ),
    "a SIG folder is added": lambda root: _write(root, "sigs/newsig/README.md", "# New\n"),
    "a table changes": lambda root: _write(
        root, "sigs/README_en.md", "# SIGs\n\nNo table any more.\n"
    ),
    "the configuration changes": lambda root: _write(root, ".sigcheck.toml", 'ignore = ["L002"]\n'),
    "the configuration file is removed": lambda root: (root / ".sigcheck.toml").unlink(),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_to_what_was_read_is_checked_in_full(make_repo, change: str):
    tree = dict(TREE)
    if change == "the configuration file is removed":
        tree[".sigcheck.toml"] = 'ignore = ["L002"]\n'
    root = make_repo(tree)
    before = sigcheck(root)
    CHANGES[change](root)
    after = sigcheck(root)
    assert REPLAYED not in after.stderr
    full = sigcheck(root, "--no-cache")
    same_report(after, full)
    assert after.stdout != before.stdout  # each change changes what is found
    again = sigcheck(root)  # and the new state is replayed next time
    assert REPLAYED in again.stderr
    same_report(again, full)


def test_touching_files_without_changing_them_still_replays(repo: Path):
    sigcheck(repo)
    for path in repo.rglob("*.md"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert REPLAYED in sigcheck(repo).stderr


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b'{"key": 1}', b"\xff\xfe", b'{"key": {}, "questions": [["nope"]]}'],
)
def test_a_damaged_trace_is_ignored(repo: Path, garbage: bytes):
    full = sigcheck(repo)
    (repo / ".sigcheck-cache" / "trace.json").write_bytes(garbage)
    result = sigcheck(repo)
    assert REPLAYED not in result.stderr
    same_report(result, full)


def test_a_forged_outcome_with_a_foreign_key_is_not_replayed(repo: Path):
    """A trace written by another sigcheck (another version, checkout or interpreter) is
    never trusted, even when every question would get the same answer."""
    full = sigcheck(repo)
    path = repo / ".sigcheck-cache" / "trace.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["key"]["stamp"] = "0" * 32
    data["outcome"]["diagnostics"] = []
    path.write_text(json.dumps(data), encoding="utf-8")
    result = sigcheck(repo)
    assert REPLAYED not in result.stderr
    same_report(result, full)


def test_no_trace_without_the_cache_or_online(repo: Path):
    sigcheck(repo, "--no-cache")
    assert not (repo / ".sigcheck-cache" / "trace.json").exists()
    result = run_cli("check", "--root", str(repo), "-v", env={**ENV, "CI": "true"})
    assert not (repo / ".sigcheck-cache").exists()
    assert REPLAYED not in result.stderr


def test_the_trace_follows_the_configured_cache_folder(make_repo):
    root = make_repo({**TREE, ".sigcheck.toml": 'cache_dir = "build/sigcheck"\n'})
    sigcheck(root)
    assert (root / "build/sigcheck/trace.json").is_file()
    assert not (root / ".sigcheck-cache").exists()
    assert REPLAYED in sigcheck(root).stderr


def test_a_cache_folder_symlinked_out_is_neither_read_nor_written(make_repo, tmp_path: Path):
    root = make_repo(TREE)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / ".sigcheck-cache").symlink_to(outside, target_is_directory=True)
    first = sigcheck(root)
    assert list(outside.iterdir()) == []
    assert REPLAYED not in sigcheck(root).stderr
    same_report(sigcheck(root), first)


# --- git: what the index holds is an input too -------------------------------------------


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_tracked_only_replays_until_the_index_changes(repo: Path):
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    _write(repo, "sigs/wip/README.md", "# WIP\n\n[x](nowhere.md)\n")  # untracked: absent
    first = sigcheck(repo, "--tracked-only")
    assert "sigs/wip" not in first.stdout
    assert REPLAYED in sigcheck(repo, "--tracked-only").stderr
    git(repo, "add", "sigs/wip/README.md")
    staged = sigcheck(repo, "--tracked-only")
    assert REPLAYED not in staged.stderr
    assert "sigs/wip" in staged.stdout
    same_report(staged, sigcheck(repo, "--tracked-only", "--no-cache"))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_replays_only_for_the_same_staged_change(repo: Path):
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    _write(repo, "sigs/data/README.md", "# Data SIG\n\n## 简介\n\n[计划](plan.md)\n")
    git(repo, "add", "sigs/data/README.md")
    first = sigcheck(repo, "--pre-commit")
    assert first.returncode == 1 and "L001" in first.stdout
    assert REPLAYED in sigcheck(repo, "--pre-commit").stderr
    # the same files, but the staged change now also touches nothing sigcheck reads
    _write(repo, "notes.txt", "x\n")
    git(repo, "add", "notes.txt")
    again = sigcheck(repo, "--pre-commit")
    assert REPLAYED not in again.stderr
    same_report(again, first)
    # unstaging the page: the commit touches nothing sigcheck reads, exit 0 at once
    git(repo, "reset", "-q", "sigs/data/README.md")
    quiet = sigcheck(repo, "--pre-commit")
    assert quiet.returncode == 0 and quiet.stdout == ""
