"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself in a real git repository.

pre-commit installs sigcheck from this checkout into its own environment, as a community's
repository would get it, so this is slow (a pip install) but it is the real thing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("CI", None)
    executable = Path(sys.executable).parent / "pre-commit"
    command = str(executable) if executable.exists() else shutil.which("pre-commit")
    if command is None:
        pytest.skip("pre-commit is not installed")
    return subprocess.run(
        [command, "try-repo", str(PROJECT), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_sigcheck_hook_blocks_a_broken_link_then_passes(make_repo, tmp_path):
    repo = make_repo({"sigs/data/README.md": "# Data\n\n[notes](notes.md)\n"})
    git(repo, "init", "-q")
    git(repo, "add", ".")
    home = tmp_path / "pre-commit-home"

    failing = try_repo(repo, "sigcheck", home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "sigs/data/README.md:3:9: L001 error" in failing.stdout

    (repo / "sigs/data/notes.md").write_text("# Notes\n", encoding="utf-8")
    git(repo, "add", ".")
    passing = try_repo(repo, "sigcheck", home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
