"""openEuler's own pull-request gate (`ci-scripts/`), as sigcheck's openEuler layout checks it:
one tree shaped like openEuler's, one defect per SIG (so that each finding stays tellable
apart), checked once through the real CLI with no configuration; each rule's exact finding is
asserted. The same defects in a MindSpore-layout tree raise no R finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.gate.trees import MASTER, Tree, clean_tree, repository_yaml, sig_info

Finding = tuple[str, str, int | None]


def defects() -> Tree:
    tree = clean_tree(sigs=2, repositories=2)
    r = repository_yaml
    # R001: a list, not a mapping
    tree.sig("Lists", {"src-openeuler/listy": "- name: listy\n- type: public\n"})
    # R002: `name` differs from the file name; a file outside its first letter's folder
    tree.sig("Naming", {"src-openeuler/foo": r("bar")})
    tree.files["sig/Naming/src-openeuler/x/zeta.yaml"] = r("zeta")
    # R003: no type; a type that is neither; a public repository in the Private SIG
    tree.sig("Types", {"src-openeuler/typeless": r("typeless", kind=None),
                       "src-openeuler/odd-type": r("odd-type", kind="internal")})  # fmt: skip
    tree.files["sig/Private/src-openeuler/o/open-secret.yaml"] = r("open-secret")
    # R004: a private repository outside the Private SIG (a warning)
    tree.sig("Hidden", {"openeuler/hush": r("hush", kind="private")})
    # R005: characters the forge refuses; a name over 100 characters
    long_name = "l" + "o" * 100
    names = {"src-openeuler/bad+name": r("bad+name"), f"src-openeuler/{long_name}": r(long_name)}
    tree.sig("Names", names, listed=False)  # listed, `bad+name` would be an M008 too
    # R006: no master; a branch without type; a branch created from one that does not exist
    no_master = [{"name": "openEuler-24.03-LTS", "type": "protected", "create_from": "master"}]
    untyped = [*MASTER, {"name": "next", "create_from": "master"}]
    orphan = [*MASTER, {"name": "next", "type": "protected", "create_from": "gone"}]
    tree.sig("Branches", {"src-openeuler/headless": r("headless", branches=no_master),
                          "src-openeuler/untyped": r("untyped", branches=untyped),
                          "src-openeuler/orphan": r("orphan", branches=orphan)})  # fmt: skip
    # R009 and M012: a listed repository with no file; one listed twice
    tree.sig("Lister", {"src-openeuler/listed": r("listed")})
    tree.files["sig/Lister/sig-info.yaml"] = sig_info(
        "Lister", ["src-openeuler/listed", "src-openeuler/ghost", "src-openeuler/listed"]
    )
    # M009: one name in two SIGs whatever the owner; an exempted name claimed twice is fine
    tree.sig("Alpha", {"openeuler/shared": r("shared"), "openeuler/exempted": r("exempted")})
    tree.sig("Beta", {"src-openeuler/Shared": r("Shared"), "src-openeuler/exempted": r("exempted")})
    tree.files["zh/technical-committee/governance/exceptions.yaml"] = "exceptions:\n- exempted\n"
    # M004 (closed key set), M003 (no maintainer, a keeper entry without `branch`),
    # M006 (name is not the folder), M008 (an owner the layout does not allow)
    tree.sig("Strict", info=(
        "name: Strictly\nhomepage: https://example.org\nmaintainer: []\n"
        "repositories:\n- repo:\n  - someone/elsewhere\n"
        "branches:\n- repo_branch:\n  - repo: src-openeuler/x\n  keeper:\n  - atomgit_id: lan_he\n"
    ))  # fmt: skip
    return tree


EXPECTED: dict[Finding, str] = {
    ("R001", "sig/Lists/src-openeuler/l/listy.yaml", 1): "holds a list, not a mapping",
    ("R002", "sig/Naming/src-openeuler/f/foo.yaml", 1): "`name: bar` differs from the file name `foo.yaml`",
    ("R002", "sig/Naming/src-openeuler/x/zeta.yaml", None): "it belongs in `z/`",
    ("R003", "sig/Types/src-openeuler/t/typeless.yaml", 1): "no `type`",
    ("R003", "sig/Types/src-openeuler/o/odd-type.yaml", 13): "`type: internal` is not `public` or `private`",
    ("R003", "sig/Private/src-openeuler/o/open-secret.yaml", 13): "a `public` repository in the Private SIG",
    ("R004", "sig/Hidden/openeuler/h/hush.yaml", 13): "a `private` repository outside the Private SIG",
    ("R005", "sig/Names/src-openeuler/b/bad+name.yaml", 1): "characters the forge refuses (`+`",
    ("R005", "sig/Names/src-openeuler/l/l" + "o" * 100 + ".yaml", 1): "101 characters long, over the forge's 100",
    ("R006", "sig/Branches/src-openeuler/h/headless.yaml", 5): "no `master` branches: exactly one is needed",
    # ... and so its branch created from `master` starts from nothing
    ("R006", "sig/Branches/src-openeuler/h/headless.yaml", 7): "created from `master`, a branch this repository does not have",
    ("R006", "sig/Branches/src-openeuler/u/untyped.yaml", 7): "branch `next` has no `type`",
    ("R006", "sig/Branches/src-openeuler/o/orphan.yaml", 9): "created from `gone`, a branch this repository does not have",
    ("R009", "sig/Lister/sig-info.yaml", 10): "`src-openeuler/ghost` has no repository file in this SIG",
    ("M012", "sig/Lister/sig-info.yaml", 11): "`src-openeuler/listed` is already listed at line 9",
    # one finding per SIG, at its first claim (sig-info.yaml before the repository file)
    ("M009", "sig/Alpha/sig-info.yaml", 9): "`openeuler/shared` is also claimed by SIG `Beta`",
    ("M009", "sig/Beta/sig-info.yaml", 9): "`src-openeuler/Shared` is also claimed by SIG `Alpha`",
    ("M004", "sig/Strict/sig-info.yaml", 2): "unknown key `homepage`: this community's key set is closed",
    ("M004", "sig/Strict/sig-info.yaml", 3): "unknown key `maintainer`: did you mean `maintainers`?",
    ("M003", "sig/Strict/sig-info.yaml", 1): "maintainers: is missing: at least one is required",
    ("M003", "sig/Strict/sig-info.yaml", 9): "branches.0.repo_branch.0.branch: required field is missing",
    ("M006", "sig/Strict/sig-info.yaml", 1): "`name: Strictly` differs from its folder `Strict`",
    ("M008", "sig/Strict/sig-info.yaml", 6): "the owner `someone` is not one this community allows",
}  # fmt: skip


def _check(root: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    done = run_cli("check", "--root", str(root), "--no-cache", "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)["diagnostics"], done.stderr


@pytest.fixture(scope="module")
def openeuler(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[dict[str, object]]]:
    root = defects().write(tmp_path_factory.mktemp("gate") / "community")
    code, found, _ = _check(root)
    return code, found


def test_each_defect_has_exactly_its_finding(
    openeuler: tuple[int, list[dict[str, object]]],
) -> None:
    code, found = openeuler
    assert code == 1
    got = {(str(d["code"]), str(d["path"]), d["line"]): str(d["message"]) for d in found}
    assert set(got) == set(EXPECTED)
    for key, fragment in EXPECTED.items():
        assert fragment in got[key], (key, got[key])


def test_the_gate_s_failures_are_errors(openeuler: tuple[int, list[dict[str, object]]]) -> None:
    """What openEuler's gate fails a pull request on is an error in its layout (M004, M009
    default to warnings); what it only warns about (R004) stays a warning."""
    _, found = openeuler
    severity = {(d["code"], d["path"], d["line"]): d["severity"] for d in found}
    assert {s for (code, _, _), s in severity.items() if code != "R004"} == {"error"}
    assert severity[("R004", "sig/Hidden/openeuler/h/hush.yaml", 13)] == "warning"


def test_a_clean_tree_has_no_finding(tmp_path: Path) -> None:
    code, found, _ = _check(clean_tree().write(tmp_path / "clean"))
    assert (code, found) == (0, [])


def test_the_same_files_in_the_mindspore_layout_raise_no_gate_finding(tmp_path: Path) -> None:
    """MindSpore's layout has no repository rules, an open key set and SIGs sharing
    repositories: none of the gate's findings, M008 for the odd owner alone."""
    tree = defects()
    files = {path.replace("sig/", "sigs/", 1): text for path, text in tree.files.items()}
    root = tmp_path / "ms"
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content, encoding="utf-8")
    (root / ".sigcheck.toml").write_text('layout = "mindspore"\ntables = []\n', encoding="utf-8")
    _, found, _ = _check(root)
    codes = {str(d["code"]) for d in found}
    assert not {c for c in codes if c.startswith("R")}
    assert not codes & {"M009", "M006"}
    m004 = [d for d in found if d["code"] == "M004"]
    assert [d["severity"] for d in m004] == ["warning"]  # the near miss alone, a warning
    assert {d["severity"] for d in found if d["code"] == "M012"} == {"error"}


def test_severity_from_the_configuration_wins_and_rule_says_where_from(tmp_path: Path) -> None:
    tree = clean_tree(sigs=2, repositories=1)
    tree.sig("Hidden", {"openeuler/hush": repository_yaml("hush", kind="private")})
    root = tree.write(tmp_path / "community")
    (root / ".sigcheck.toml").write_text(
        'layout = "openeuler"\n[severity]\nR004 = "error"\nM009 = "warning"\n', encoding="utf-8"
    )
    code, found, _ = _check(root)
    assert code == 1  # R004 now fails the run
    assert [(d["code"], d["severity"]) for d in found] == [("R004", "error")]
    done = run_cli("rule", "M009", "--root", str(root), "--format", "json")
    [m009] = json.loads(done.stdout)
    assert (m009["severity"], m009["severity_source"], m009["default_severity"]) == (
        "warning",
        "configuration",
        "warning",
    )
    (root / ".sigcheck.toml").unlink()
    text = run_cli("rule", "M009", "--root", str(root)).stdout
    assert text.startswith("M009 (error, from the layout (the community's gate); default warning)")


def test_an_unknown_code_in_severity_is_a_configuration_error(tmp_path: Path) -> None:
    root = clean_tree(sigs=1, repositories=1).write(tmp_path / "community")
    (root / ".sigcheck.toml").write_text('[severity]\nR099 = "error"\n', encoding="utf-8")
    done = run_cli("check", "--root", str(root), "--no-cache")
    assert done.returncode == 2
    assert "unknown code R099" in done.stderr
