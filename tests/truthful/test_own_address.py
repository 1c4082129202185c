"""The repository's own web address from git when `repo_url` is not configured (SPEC §3):
own-URL links are L001 on a fresh clone; links pinned to a commit, a tag or another branch
are not checked against the working tree; the warm trace sees the remote as an input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sigcheck.parsing.targets import OwnAddress, classify
from sigcheck.vcs import web_address
from tests.truthful.test_placeholders import run_check
from tests.truthful.trees import OPENEULER, OWN, write
from tests.warm.inproc import check as warm_check

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
FAQ = "sig/Block/faq.md"


@pytest.fixture(autouse=True)
def local_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone's shape: the community tree in a work tree, no configuration."""
    root = write(tmp_path / "community", OPENEULER)
    git(root, "init", "-q")
    return root


def l001(root: Path) -> set[tuple[object, object]]:
    return {(d["path"], d["line"]) for d in run_check(root, "--select", "L001")}


@pytest.mark.parametrize(
    "remote",
    [
        "https://gitee.com/openeuler/community.git",
        "https://gitee.com/openeuler/community",
        "git@gitee.com:openeuler/community.git",
        "ssh://git@gitee.com:22/openeuler/community",
    ],
)
def test_an_own_url_link_to_a_missing_file_is_l001_on_a_fresh_clone(
    clone: Path, remote: str
) -> None:
    git(clone, "remote", "add", "origin", remote)
    # the default branch only: a commit, a tag, another branch are not this working tree
    assert l001(clone) == {(FAQ, 4)}


def test_upstream_wins_over_a_fork_as_origin(clone: Path) -> None:
    git(clone, "remote", "add", "origin", "git@gitee.com:a-contributor/community.git")
    assert l001(clone) == set()  # the fork's address is not this repository's
    git(clone, "remote", "add", "upstream", f"{OWN}.git")
    assert l001(clone) == {(FAQ, 4)}


def test_the_remotes_default_branch_is_the_one_checked(clone: Path) -> None:
    git(clone, "remote", "add", "origin", f"{OWN}.git")
    git(
        clone, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/openEuler-22.03-LTS"
    )
    assert l001(clone) == {(FAQ, 7)}  # `blob/master` is now another branch


def test_a_configured_repo_url_wins(clone: Path) -> None:
    git(clone, "remote", "add", "origin", "https://gitee.com/openeuler/other.git")
    (clone / ".sigcheck.toml").write_text(f'repo_url = "{OWN}"\n', encoding="utf-8")
    assert l001(clone) == {(FAQ, 4)}


def test_the_trace_sees_the_remote(clone: Path) -> None:
    """A warm replay must not print the findings of another remote."""
    first = warm_check("--format", "json", "--select", "L001", cwd=clone)
    assert json.loads(first.stdout)["diagnostics"] == []
    assert warm_check("--format", "json", "--select", "L001", cwd=clone).replayed
    git(clone, "remote", "add", "origin", f"git@gitee.com:{OWN.split('gitee.com/')[1]}.git")
    again = warm_check("--format", "json", "--select", "L001", cwd=clone)
    assert not again.replayed
    assert [(d["path"], d["line"]) for d in json.loads(again.stdout)["diagnostics"]] == [(FAQ, 4)]


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        ("git@atomgit.com:openeuler/community.git", "https://atomgit.com/openeuler/community"),
        ("https://gitcode.com/openeuler/community", "https://gitcode.com/openeuler/community"),
        ("git@github.com:example-org/community.git", "https://github.com/example-org/community"),
        ("https://ci-bot:s3cret@gitee.com/org/community.git", "https://gitee.com/org/community"),
        (
            "https://github.com/example-org/community.git/",
            "https://github.com/example-org/community",
        ),
        ("/srv/git/community.git", None),
        ("file:///srv/git/community.git", None),
        ("../community", None),
    ],
)
def test_remote_spellings(remote: str, address: str | None) -> None:
    assert web_address(remote) == address


def test_atomgit_and_gitcode_are_one_platform() -> None:
    own = OwnAddress.of("https://atomgit.com/openeuler/community", "master")
    target = classify("https://gitcode.com/openeuler/community/blob/master/sig/x.md", "a.md", own)
    assert getattr(target, "path", None) == "sig/x.md"


def test_a_root_below_the_top_of_the_work_tree() -> None:
    own = OwnAddress.of("https://gitee.com/org/repo", "master", "community")
    inside = classify("https://gitee.com/org/repo/blob/master/community/sig/x.md", "a.md", own)
    outside = classify("https://gitee.com/org/repo/blob/master/tools/x.md", "a.md", own)
    assert getattr(inside, "path", None) == "sig/x.md"
    assert type(outside).__name__ == "ExternalTarget"
