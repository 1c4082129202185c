"""Layouts end to end: a MindSpore-style and an openEuler-style tree (in this folder, invented
people) checked through the real CLI with no configuration, then with keys that override the
recognised layout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import run_cli

HERE = Path(__file__).parent


def tree(tmp_path: Path, name: str, config: str | None = None) -> Path:
    root = tmp_path / name
    shutil.copytree(HERE / name, root)
    if config is not None:
        (root / ".sigcheck.toml").write_text(config, encoding="utf-8")
    return root


def check(root: Path, *args: str, cwd: Path | None = None) -> tuple[int, list[dict[str, object]]]:
    where = [] if cwd else ["--root", str(root)]
    done = run_cli("check", *where, "--format", "json", "--no-cache", *args, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)["diagnostics"]


def places(found: list[dict[str, object]], code: str) -> set[tuple[object, object]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def message(found: list[dict[str, object]], code: str, path: str, line: int | None) -> str:
    [hit] = [d for d in found if (d["code"], d["path"], d["line"]) == (code, path, line)]
    return str(hit["message"])


# --- openEuler: sig/, no table, OWNERS, AtomGit ids, one SIG per repository ------------------

STORAGE, NETWORK, DOCS = (f"sig/{name}/sig-info.yaml" for name in ("Storage", "Network", "Docs"))


def test_openeuler_runs_with_no_configuration(tmp_path: Path) -> None:
    exit_code, found = check(tree(tmp_path, "openeuler"))
    assert exit_code == 1
    codes = {str(d["code"]) for d in found}
    # no table: no T001; R009: Storage lists `openeuler/storage-utils` and `src-openeuler/netkit`
    # without their repository files
    assert codes == {"M004", "M005", "M007", "M008", "M009", "P001", "R009"}
    # `gitee_id: ''` beside an atomgit_id or openeuler_id is a valid person: no P001, no P006
    assert places(found, "P001") == {(STORAGE, 14)}  # committers: `gitee_id: 9bad`
    assert "`9bad` is not a valid Gitee handle" in message(found, "P001", STORAGE, 14)


def test_openeuler_placeholders_are_reported_once_and_absent(tmp_path: Path) -> None:
    _, found = check(tree(tmp_path, "openeuler"))
    # `N/A` says there is none (absent, not reported); `TODO` and `TBD` are owed values
    assert places(found, "M007") == {(DOCS, 5), (STORAGE, 4)}
    assert "`TODO` is a placeholder where a Gitee id" in message(found, "M007", DOCS, 5)
    assert "`meeting_url`" in message(found, "M007", STORAGE, 4)
    assert places(found, "P005") == set()  # `email: N/A` is not "malformed"


def test_openeuler_owners_disagree_with_sig_info(tmp_path: Path) -> None:
    _, found = check(tree(tmp_path, "openeuler"))
    assert places(found, "M005") == {("sig/Storage/OWNERS", 2)}
    text = message(found, "M005", "sig/Storage/OWNERS", 2)
    assert "OWNERS maintainers differ from sig-info.yaml" in text and "@zhao_mu" in text
    assert "lanxin_dev" not in text  # an AtomGit id in sig-info.yaml matches OWNERS


def test_openeuler_repositories(tmp_path: Path) -> None:
    _, found = check(tree(tmp_path, "openeuler"))
    assert places(found, "M008") == {(DOCS, 13)}
    assert "drop the slash (`openeuler/docs`)" in message(found, "M008", DOCS, 13)
    extra = "sig/{}/src-openeuler/i/iproute-extra.yaml"
    assert places(found, "M009") == {
        (NETWORK, 15),
        (STORAGE, 27),
        (extra.format("Network"), None),  # per-repository files: their paths are claims
        (extra.format("Storage"), None),
    }
    assert "also claimed by SIG `Storage` (sig/Storage/sig-info.yaml:27)" in message(
        found, "M009", NETWORK, 15
    )
    # sig/sig-template is a sample to copy, not a SIG: its claims and placeholders are not read
    assert not any("sig-template" in str(d["path"]) for d in found)


def test_openeuler_keys_override_the_layout(tmp_path: Path) -> None:
    config = 'layout = "openeuler"\none_sig_per_repository = false\nowners_file = ""\n'
    _, found = check(tree(tmp_path, "openeuler", config))
    assert places(found, "M009") == set()
    assert places(found, "M005") == set()
    assert places(found, "M008") == {(DOCS, 13)}


def test_a_named_layout_is_not_guessed(tmp_path: Path) -> None:
    root = tree(tmp_path, "openeuler", 'layout = "mindspore"\n')
    done = run_cli("check", "--root", str(root), "--no-cache")
    assert done.returncode == 2
    assert "`sigs` does not exist" in done.stderr


def test_root_is_found_from_inside_sig(tmp_path: Path) -> None:
    root = tree(tmp_path, "openeuler")
    exit_code, found = check(root, cwd=root / "sig" / "Storage")
    assert exit_code == 1
    assert (STORAGE, 14) in places(found, "P001")


# --- MindSpore: sigs/, two tables, Gitee ids, a shared monorepo ---------------------------------

COMPILER, SCIENCE = "sigs/compiler/sig-info.yaml", "sigs/science/sig-info.yaml"


def test_mindspore_placeholders(tmp_path: Path) -> None:
    exit_code, found = check(tree(tmp_path, "mindspore"))
    assert exit_code == 1
    # four people share `email: TO_BE_CLARIFIED`: four places, four M007; `NA` and `Na`
    # (mailing list, meeting, two Gitee ids) say there is none: not reported
    assert places(found, "M007") == {(COMPILER, line) for line in (11, 14, 17, 20)}
    assert "where an email belongs" in message(found, "M007", COMPILER, 14)
    # none of it is an error
    assert places(found, "P005") == set() and places(found, "P006") == set()


def test_mindspore_repositories(tmp_path: Path) -> None:
    _, found = check(tree(tmp_path, "mindspore"))
    assert places(found, "M008") == {(SCIENCE, line) for line in (14, 15, 16, 18)}
    assert "names an owner or a repository alone" in message(found, "M008", SCIENCE, 14)
    assert "drop the slash (`mindspore/mindspore`)" in message(found, "M008", SCIENCE, 15)
    assert "a folder inside `mindspore/mindscience`" in message(found, "M008", SCIENCE, 16)
    assert "`directories:`" in message(found, "M008", SCIENCE, 18)
    assert places(found, "M003") == set()  # the nested mapping is explained once, by M008
    assert places(found, "M009") == set()  # the SIGs share mindspore/mindspore


def test_mindspore_monorepo_rule_can_be_switched_on(tmp_path: Path) -> None:
    _, found = check(tree(tmp_path, "mindspore", "one_sig_per_repository = true\n"))
    assert places(found, "M009") == {
        (COMPILER, 23),
        (SCIENCE, 13),
        ("sigs/lite/sig-info.yaml", 10),
    }


def test_mindspore_bare_handle_lead_names_the_handle(tmp_path: Path) -> None:
    _, found = check(tree(tmp_path, "mindspore"))
    assert places(found, "P004") == {("sigs/README.md", 8), ("sigs/README_en.md", 6)}
    assert message(found, "P004", "sigs/README.md", 8) == (
        "lead `mqwang_dev（示例大学）`: `mqwang_dev` is a gitee_id in sigs/science/sig-info.yaml: "
        "write it as [@mqwang_dev](https://gitee.com/mqwang_dev)"
    )


def test_examples_openeuler_runs_with_no_configuration() -> None:
    root = HERE.parents[1] / "examples" / "openeuler"
    assert not (root / ".sigcheck.toml").exists()
    done = run_cli("check", "--root", str(root), "--format", "json", "--no-cache")
    assert done.returncode == 1, done.stderr
    codes = {d["code"] for d in json.loads(done.stdout)["diagnostics"]}
    assert {"M005", "M007", "M009", "P001"} <= codes
    assert "T001" not in codes and "L001" not in codes


def test_mindspore_fix_never_renders_a_placeholder(tmp_path: Path) -> None:
    root = tree(tmp_path, "mindspore")
    meta = root / COMPILER
    meta.write_text(meta.read_text(encoding="utf-8").replace("leads: [lin_qiao]\n", ""), "utf-8")
    done = run_cli("fix", "--root", str(root))
    assert done.returncode == 1, done.stderr  # it rewrote the tables
    table = (root / "sigs" / "README.md").read_text(encoding="utf-8")
    row = next(line for line in table.splitlines() if line.startswith("| [Compiler]"))
    assert "[@lin_qiao](https://gitee.com/lin_qiao)" in row and "周小航" in row
    assert "NA" not in row and "TO_BE_CLARIFIED" not in row
    _, found = check(root)
    assert places(found, "M005") == set()  # check agrees with what fix wrote
