"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself on real `git commit`s.

pre-commit installs sigcheck from a snapshot of this checkout (uncommitted and new files
included) into its own environment, once per test session, as a community's repository gets it
from a tag. Every test then makes real commits in a real git repository with the hooks
installed (`pre-commit install`), so what is checked is what git commits.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOOD_TREE

PROJECT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOOKS = ("sigcheck-fix", "sigcheck")


def pre_commit_command() -> str:
    executable = Path(sys.executable).parent / "pre-commit"
    command = str(executable) if executable.exists() else shutil.which("pre-commit")
    if command is None:
        pytest.skip("pre-commit is not installed")
    return command


def environment(home: Path) -> dict[str, str]:
    """git and pre-commit, isolated from the machine's own configuration."""
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Lin Test",
        "GIT_AUTHOR_EMAIL": "lin.test@example.com",
        "GIT_COMMITTER_NAME": "Lin Test",
        "GIT_COMMITTER_EMAIL": "lin.test@example.com",
    }
    env.pop("CI", None)
    return env


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, timeout=60, env=env
    )
    return done.stdout


def readme_config() -> tuple[str, str]:
    """The `.pre-commit-config.yaml` that README.md's pre-commit section shows, and its rev."""
    section = (PROJECT / "README.md").read_text(encoding="utf-8").split("\n## pre-commit\n")[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    found = re.search(r"^ +rev: (\S+)", block, re.MULTILINE)
    assert found and "<your sigcheck repository>" in block, block
    return block, found[1]


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as it is on disk, committed in a scratch repository and tagged with the
    README's rev, as a user's local copy is: (path, tag)."""
    source = tmp_path_factory.mktemp("sigcheck-source")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        origin = PROJECT / name
        if origin.is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, source / name)
    env = environment(tmp_path_factory.mktemp("unused-home"))
    git(source, "init", "-q", env=env)
    git(source, "add", "-A", env=env)
    git(source, "commit", "-q", "-m", "snapshot", env=env)
    tag = readme_config()[1]
    git(source, "tag", tag, env=env)
    return source, tag


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit store for the session: sigcheck is pip-installed into it once."""
    return tmp_path_factory.mktemp("pre-commit-home")


class Community:
    """A community repository with the hooks installed."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.env = environment(home)

    def git(self, *args: str) -> str:
        return git(self.root, *args, env=self.env)

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def commit(self, message: str = "change", *flags: str) -> subprocess.CompletedProcess[str]:
        """`git commit`, its hooks run by pre-commit; the output is pre-commit's."""
        return self._run("git", "commit", *flags, "-m", message)

    def pre_commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self._run(pre_commit_command(), *args)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def tracked(self) -> set[str]:
        return set(self.git("ls-files").splitlines())


def config_text(source: tuple[Path, str], hooks: tuple[str, ...] = HOOKS) -> str:
    path, rev = source
    listed = "".join(f"      - id: {hook}\n" for hook in hooks)
    return f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n{listed}"


@pytest.fixture
def community(tmp_path: Path, hook_source: tuple[Path, str], home: Path) -> Community:
    """The tidy tree of conftest.GOOD_TREE, committed, with the hooks installed."""
    repo = Community(tmp_path / "community", home)
    repo.root.mkdir()
    for name, text in GOOD_TREE.items():
        repo.write(name, text)
    # README.md's own snippet, `repo:` the local clone (its manual-stage hook never runs here)
    readme, _ = readme_config()
    repo.write(
        ".pre-commit-config.yaml", readme.replace("<your sigcheck repository>", str(hook_source[0]))
    )
    repo.git("init", "-q")
    repo.git("add", "-A")
    repo.git("commit", "-q", "--no-verify", "-m", "the community as it is")
    installed = repo.pre_commit("install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def hook_line(result: subprocess.CompletedProcess[str], hook_name: str) -> str:
    """pre-commit's status line of one hook (`name.....Passed`)."""
    lines = [line for line in output(result).splitlines() if line.startswith(hook_name + ".")]
    assert lines, output(result)
    return lines[0]


CHECK = "sigcheck (offline checks of the SIG folder)"
FIX = "sigcheck fix (regenerate the SIG tables and SIG pages)"

NEW_SIG = {
    "sigs/wip/README.md": "# WIP SIG\n\n[plan](plan.md)\n",
    "sigs/wip/sig-info.yaml": (
        "name: WIP\ndomain: 孵化中\ndomain_en: Incubation\nmaintainers:\n  - gitee_id: lin_test\n"
    ),
}


def test_a_broken_link_blocks_the_commit_then_the_repair_passes(community):
    before = community.head()
    community.write("sigs/data/README.md", "# Data SIG\n\n## 简介\n\n[notes](notes.md)\n")
    community.git("add", "-A")
    blocked = community.commit()
    assert blocked.returncode == 1, output(blocked)
    assert "sigs/data/README.md:5:9: L001 error" in output(blocked)
    assert "mutable reference" not in output(blocked)  # README's rev is a tag, not `main`
    assert community.head() == before

    community.write("sigs/data/notes.md", "# Notes\n")
    community.git("add", "-A")
    passed = community.commit()
    assert passed.returncode == 0, output(passed)
    assert hook_line(passed, CHECK).endswith("Passed")
    assert community.head() != before


def test_untracked_and_ignored_folders_never_fail_a_commit_nor_enter_a_table(community):
    for name, text in NEW_SIG.items():  # untracked work in progress, with a broken link
        community.write(name, text)
    community.write(".gitignore", "sigs/build/\n")
    community.write("sigs/build/README.md", "# Built\n\n[gone](gone.md)\n")
    community.write("sigs/data/README.md", "# Data SIG\n\n## 简介\n\nMore about data.\n")
    community.git("add", ".gitignore", "sigs/data/README.md")
    tables = {name: (community.root / name).read_bytes() for name in GOOD_TREE if "/" in name}

    result = community.commit()
    assert result.returncode == 0, output(result)
    assert hook_line(result, FIX).endswith("Passed")
    assert hook_line(result, CHECK).endswith("Passed")
    assert {name: (community.root / name).read_bytes() for name in tables} == tables
    assert "sigs/wip/README.md" not in community.tracked()
    assert (community.root / "sigs/wip/README.md").is_file()  # the work is left alone


def test_a_staged_new_sig_counts_the_fixer_adds_its_rows(community):
    for name, text in {**NEW_SIG, "sigs/wip/plan.md": "# Plan\n"}.items():
        community.write(name, text)
    community.git("add", "-A")
    before = community.head()

    first = community.commit()
    assert first.returncode == 1, output(first)
    assert hook_line(first, FIX).endswith("Failed")
    assert "files were modified by this hook" in output(first)
    for table in ("sigs/README.md", "sigs/README_en.md"):
        assert "[WIP](wip/README.md)" in (community.root / table).read_text(encoding="utf-8")
    assert community.head() == before

    community.git("add", "-A")
    second = community.commit()
    assert second.returncode == 0, output(second)


def test_a_commit_that_only_deletes_a_sig_folder_is_checked(community):
    before = community.head()
    community.git("rm", "-r", "-q", "sigs/data")
    result = community.commit("remove the data SIG")
    assert result.returncode == 1, output(result)
    assert "D001 error" in output(result)
    assert community.head() == before


def test_commit_all_after_deleting_a_folder_on_disk_is_checked(community):
    """`rm -r` then `git commit -a`: git stages the deletion in a temporary index
    (GIT_INDEX_FILE), which is what the hooks must see."""
    before = community.head()
    shutil.rmtree(community.root / "sigs/data")
    result = community.commit("remove the data SIG", "-a")
    assert result.returncode == 1, output(result)
    assert "D001 error" in output(result)
    assert community.head() == before


def test_a_commit_that_only_deletes_a_page_is_checked(community):
    community.write("sigs/compiler/guide.md", "# Guide\n")
    community.write("sigs/compiler/README.md", "# Compiler SIG\n\n## 简介\n\n[g](guide.md)\n")
    community.git("add", "-A")
    assert community.commit().returncode == 0
    before = community.head()

    community.git("rm", "-q", "sigs/compiler/guide.md")
    result = community.commit("drop the guide")
    assert result.returncode == 1, output(result)
    assert "sigs/compiler/README.md:5:5: L001 error" in output(result)
    assert community.head() == before


def test_a_commit_that_touches_nothing_sigcheck_reads_does_not_run_the_check(community):
    # A broken link is already in the history; a commit elsewhere is not the place to fail.
    community.write("sigs/data/README.md", "# Data SIG\n\n[x](missing.md)\n")
    community.git("add", "-A")
    community.git("commit", "-q", "--no-verify", "-m", "broken, committed by hand")
    for name in ("docs/guide.md", "ci/settings.yaml", "tools/pyproject.toml"):
        community.write(name, "x: 1\n")
    community.git("add", "-A")
    result = community.commit("not about SIGs")
    assert result.returncode == 0, output(result)
    assert hook_line(result, CHECK).endswith("Passed")
    assert "L001" not in output(result)

    everything = community.pre_commit("run", "--all-files")  # nothing staged: all is checked
    assert everything.returncode == 1, output(everything)
    assert "sigs/data/README.md:3:5: L001 error" in output(everything)


def test_a_change_to_the_configuration_runs_the_check(community):
    community.write(".sigcheck.toml", "ignore = ['ZZZ']\n")
    community.git("add", "-A")
    result = community.commit("configure")
    assert result.returncode == 1, output(result)
    assert "`ZZZ` is not a diagnostic code or prefix" in output(result)


def closed_loopback_port() -> int:
    """A loopback port nobody listens on: every request is refused, as with no network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_online_hook_shows_its_summary_and_says_the_network_is_down(
    tmp_path: Path, hook_source: tuple[Path, str], home: Path
) -> None:
    repo = Community(tmp_path / "community", home)
    repo.root.mkdir()
    for name, text in GOOD_TREE.items():
        repo.write(name, text)
    port = closed_loopback_port()
    repo.write(
        ".sigcheck.toml",
        f'[online]\ngitee_api = "http://127.0.0.1:{port}/api/v5"\nretries = 0\ntimeout = 2\n',
    )
    repo.write("sigs/data/README.md", f"# Data SIG\n\n[site](http://127.0.0.1:{port}/data)\n")
    repo.write(".pre-commit-config.yaml", config_text(hook_source, ("sigcheck-online",)))
    repo.git("init", "-q")
    repo.git("add", "-A")

    result = repo.pre_commit("run", "--hook-stage", "manual", "sigcheck-online", "--all-files")
    assert result.returncode == 0, output(result)  # unverified is never broken
    text = output(result)
    assert hook_line(result, "sigcheck online (Gitee handles and external links)").endswith(
        "Passed"
    )
    assert "online: the network looks down: none of the 3 URLs and handles" in text
    assert "P007 warning" in text and "L006 warning" in text
