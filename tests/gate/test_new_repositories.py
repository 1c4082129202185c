"""R007, R008: the rules openEuler's gate applies to what a change adds. The pure check on
invented files and bases; then a real commit through the real `--pre-commit` hook run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from sigcheck.checks.repository_files import GateLists, new_findings
from sigcheck.layout import OPENEULER
from sigcheck.model import RepositoryBase, RepositoryFile, repository_key
from sigcheck.parsing.repo_yaml import load_repository_file, locate
from tests.conftest import run_cli
from tests.gate.trees import MASTER, clean_tree, repository_yaml

RULES = OPENEULER.repository_rules
assert RULES is not None
LISTS = GateLists(
    block_list={"oldtool": "upstream stopped maintaining it"},
    unmaintained=frozenset({"openEuler-20.09"}),
    releases={
        "master": ["openEuler-24.03-LTS"],
        "openEuler-24.03-LTS": ["openEuler-24.03-LTS-SP1"],
    },
)


def item(sig: str, owner: str, text: str) -> RepositoryFile:
    data = load_repository_file(text).data
    name = data["name"]
    path = f"sig/{sig}/{owner}/{name[0]}/{name}.yaml"
    return RepositoryFile(path, sig, owner, name[0], name, data, text=text, locator=locate)


def judged(files: list[RepositoryFile], base: RepositoryBase) -> list[tuple[str, int | None, str]]:
    return [(d.code, d.line, d.message) for d in new_findings(files, base, RULES, LISTS)]


EMPTY = RepositoryBase(frozenset())


def test_a_new_repository_needs_a_description_an_upstream_and_no_blocked_name() -> None:
    bare = item("Tools", "src-openeuler", repository_yaml("oldtool", description="", upstream=None))
    found = judged([bare], EMPTY)
    assert [(code, line) for code, line, _ in found] == [("R008", 2), ("R008", 1), ("R008", 1)]
    assert "has no description" in found[0][2]
    assert "has no `upstream`" in found[1][2]
    assert "is on the block list: upstream stopped maintaining it" in found[2][2]


def test_an_openeuler_repository_stays_on_its_platform() -> None:
    text = repository_yaml("mirror", upstream=None) + "platform: github\n"
    found = judged([item("Tools", "openeuler", text)], EMPTY)
    assert [(code, line) for code, line, _ in found] == [("R008", 13)]
    assert "`platform: github`" in found[0][2]


def test_an_old_repository_is_never_judged_as_new() -> None:
    old = item("Tools", "src-openeuler", repository_yaml("legacy", description="", upstream=None))
    base = RepositoryBase(frozenset({repository_key("src-openeuler", "legacy")}))
    assert judged([old], base) == []


def test_new_branches_unmaintained_recycled_and_off_the_release_list() -> None:
    branches = [
        *MASTER,
        {"name": "openEuler-20.09", "type": "protected", "create_from": "master"},
        {"name": "openEuler-25.03", "type": "protected", "create_from": "master"},
    ]
    text = repository_yaml("kept", branches=branches)
    key = repository_key("src-openeuler", "kept")
    base = RepositoryBase(frozenset({key}), {key: frozenset({"master"})})
    found = judged([item("Tools", "src-openeuler", text)], base)
    assert [(code, line) for code, line, _ in found] == [("R008", 8), ("R007", 9), ("R007", 12)]
    assert "named after an unmaintained release: make it `type: readonly`" in found[0][2]
    assert "which the release list does not allow (from `master`" in found[2][2]
    recycled = judged([item("sig-recycle", "src-openeuler", text)], base)
    assert [code for code, _, _ in recycled].count("R008") == 3  # + a new branch each
    unchanged = RepositoryBase(frozenset({key}))  # the file did not change: no new branch
    assert judged([item("Tools", "src-openeuler", text)], unchanged) == []


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_pre_commit_fails_a_new_repository_without_description_alone(tmp_path: Path) -> None:
    tree = clean_tree(sigs=2, repositories=2)
    old = repository_yaml("legacy-tool", description="")  # old: never judged as new
    tree.files["sig/Team-0/src-openeuler/l/legacy-tool.yaml"] = old
    tree.files["sig/Team-0/sig-info.yaml"] = tree.files["sig/Team-0/sig-info.yaml"].replace(
        "  - src-openeuler/pkg-0-0\n", "  - src-openeuler/pkg-0-0\n  - src-openeuler/legacy-tool\n"
    )
    root = tree.write(tmp_path / "community")
    _git(root, "init", "-q", "-b", "master")
    _git(root, "add", "-A")
    _git(
        root, "-c", "user.name=Lan He", "-c", "user.email=lan@example.org", "commit", "-qm", "base"
    )
    new = root / "sig/Team-0/src-openeuler/f/fresh-tool.yaml"
    new.parent.mkdir(parents=True)
    new.write_text(repository_yaml("fresh-tool", description=""), encoding="utf-8")
    _git(root, "add", "-A")
    done = run_cli("check", "--pre-commit", "--format", "json", "--no-cache", cwd=root)
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)["diagnostics"]
    assert [(d["code"], d["path"], d["line"]) for d in found] == [
        ("R008", "sig/Team-0/src-openeuler/f/fresh-tool.yaml", 2)
    ]
    assert "new repository `src-openeuler/fresh-tool` has no description" in found[0]["message"]
    # the same tree without a base: nothing is new, so no R008 at all
    plain = run_cli("check", "--format", "json", "--no-cache", cwd=root)
    assert plain.returncode == 0 and json.loads(plain.stdout)["diagnostics"] == []
