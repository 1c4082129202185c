"""Registry layouts (SPEC §3): OpenHarmony (`sig/sigs_list.toml`, JSON `OWNERS`, pages
`sig_<x>.md` / `sig_<x>_cn.md`, a stale `sigs_list.json`) and Kubernetes (`sigs.yaml`, root
folders `sig-*`, `wg-*`, `committee-*`, pages its own generator writes), checked with no
configuration through the real CLI on the examples (invented people); recognition and its
precedence; an invented fifth layout written as configuration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sigcheck.config import Config, ConfigError, load_config
from sigcheck.layout import LayoutError, recognise
from sigcheck.parsing.registry import toml_positions
from tests.conftest import main, run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Found = list[dict[str, object]]


def _run(root: Path, *args: str) -> tuple[int, Found]:
    done = run_cli("check", "--root", str(root), "--format", "json", "--no-cache", *args)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)["diagnostics"]


@pytest.fixture(scope="module")
def openharmony() -> tuple[int, Found]:
    return _run(EXAMPLES / "openharmony")


@pytest.fixture(scope="module")
def kubernetes() -> tuple[int, Found]:
    return _run(EXAMPLES / "kubernetes")


def _places(found: Found) -> set[tuple[object, ...]]:
    return {(d["code"], d["path"], d["line"], d["column"]) for d in found}


def test_openharmony_with_no_configuration(openharmony: tuple[int, Found]) -> None:
    exit_code, found = openharmony
    assert exit_code == 1
    assert _places(found) == {
        ("D001", "sig/sigs_list.toml", 79, 12),  # sig_python is listed, has no folder
        ("D003", "sig/sig_legacy_tools", None, None),  # folders no record lists
        ("D003", "sig/sig_security_old", None, None),
        ("M002", "sig/sig_compiler/OWNERS", 9, 7),  # a trailing comma: not JSON
        ("M004", "sig/sig_devboard/ OWNERS", None, None),  # a leading space
        ("M005", "sig/sig_kernel/OWNERS", 3, 21),  # Leader differs from the registry's leader
        ("M010", "sig/sig_kernel/sig_kernel.md", 14, 3),  # the pages name a third leader
        ("M010", "sig/sig_kernel/sig_kernel_cn.md", 14, 3),
        ("M011", "sig/sigs_list.json", None, None),  # sig_devboard and sig_python missing
        ("M011", "sig/sigs_list.json", 5, 19),  # another leader
        ("M011", "sig/sigs_list.json", 38, 23),  # another status
        ("M011", "sig/sigs_list.json", 54, 24),  # another description
    }
    messages = {(d["code"], d["line"]): str(d["message"]) for d in found}
    assert (
        "OWNERS only: @qin_baoshan; sig/sigs_list.toml only: @zhou_kaiming"
        in (messages[("M005", 3)])
    )
    assert "`sig_kernel`: `sig_status` is archived here, active in" in messages[("M011", 38)]
    assert messages[("M011", 5)].startswith("`sig_graphics`: `leader` is @wei_shutong here")
    missing = sorted(str(d["message"]) for d in found if (d["code"], d["line"]) == ("M011", None))
    assert missing == [
        "`sig_devboard` is missing here (listed in sig/sigs_list.toml)",
        "`sig_python` is missing here (listed in sig/sigs_list.toml)",
    ]
    # profile URLs as ids are Gitee handles: no P001; no README.md is expected (no D002)
    assert not {d["code"] for d in found} & {"P001", "D002", "M001", "M003"}


def test_kubernetes_with_no_configuration(kubernetes: tuple[int, Found]) -> None:
    exit_code, found = kubernetes
    assert exit_code == 1
    assert _places(found) == {
        ("D003", "wg-lts", None, None),  # the registry no longer lists it
        ("L003", "sigs.yaml", 40, 17),  # charter_link: Charter.md, the file is charter.md
        ("L001", "sig-docs/README.md", 17, 25),  # meeting-notes.md
        ("L001", "committee-steering/README.md", 17, 49),
        ("L002", "sig-network/README.md", 17, 157),
    }
    # links pinned to a commit or a tag (`blob/<sha>/…`, `blob/v1.19.0/…`) are not reported,
    # nor is a chair who is also a tech lead listed twice (P006)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


TREES: dict[str, dict[str, str]] = {
    "mindspore": {"sigs/README.md": "# SIGs\n", "sigs/data/README.md": "# Data\n"},
    "openeuler": {"sig/Storage/sig-info.yaml": "name: Storage\n", "sig/README.md": "# SIG\n"},
    "openharmony": {
        "sig/sigs_list.toml": '[[sig]]\nsig_name = "sig_x"\n',
        "sig/sig_x/OWNERS": '{"Leader": []}\n',  # openEuler's marker too: the registry wins
    },
    "kubernetes": {"sigs.yaml": "sigs: []\n", "sig-x/README.md": "# X\n", "sigs/README.md": ""},
}


@pytest.mark.parametrize("name", sorted(TREES))
def test_each_layout_is_recognised_as_itself_only(tmp_path: Path, name: str) -> None:
    root = _tree(tmp_path, TREES[name])
    assert recognise(root).name == name
    assert load_config(root).layout == name


def test_sig_and_sigs_both_matching_is_exit_2(tmp_path: Path) -> None:
    root = _tree(tmp_path, {**TREES["mindspore"], **TREES["openeuler"]})
    with pytest.raises(LayoutError, match=r"two layouts, openeuler .* and mindspore"):
        recognise(root)
    with pytest.raises(ConfigError, match=r"choose one with `layout"):  # the CLI's exit 2
        load_config(root)


def test_an_unknown_layout_exits_2_and_says_how_to_configure(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"groups/a/README.md": "# A\n", ".git/HEAD": ""})
    done = run_cli("check", "--root", str(root))
    assert done.returncode == 2
    for word in ("mindspore", "openeuler", "openharmony", "kubernetes", "sigs.yaml", "layout ="):
        assert word in done.stderr
    assert "Traceback" not in done.stderr
    with pytest.raises(ConfigError):
        load_config(root)


def test_toml_positions_count_arrays_of_tables() -> None:
    text = (
        '[[sig]]\nsig_name = "a"\n[[sig.projects]]\nhttps_url = "u"\n'
        '[[sig.projects.committer]]\ngitee_id = "x"\n[sig.leader]\ngitee_id = "l"\n'
        '[[sig]]\nsig_name = "b"\n[[sig.projects]]\nhttps_url = "v"\n'
    )
    positions = toml_positions(text)
    assert positions[("sig", 0, "sig_name")] == (2, 12)
    assert positions[("sig", 0, "projects", 0, "committer", 0, "gitee_id")] == (6, 12)
    assert positions[("sig", 0, "leader", "gitee_id")] == (8, 12)
    assert positions[("sig", 1, "projects", 0, "https_url")] == (12, 13)


FIFTH = """\
# An invented community: SIG folders `team-*` at the root, one YAML registry `teams.yaml`
folder_globs = ["team-*"]
pages_owner = "sigcheck"

[registry]
path = "teams.yaml"
lists = ["teams"]
folder = "team-{slug}"
name = "title"
status = "state"
archived = ["retired"]
leads = ["leads"]
repositories = "repos"
repository_url = "url"
person_keys = { mail = "email" }

[[pages]]
pattern = "README.md"
language = "en"
required = true
"""


def test_a_fifth_layout_written_as_configuration(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            ".sigcheck.toml": FIFTH,
            "teams.yaml": (
                "teams:\n"
                "- slug: infra\n  title: Infra\n  state: active\n"
                "  leads:\n  - gitee_id: ada-lind\n    mail: not-an-email\n"
                "  repos:\n  - url: https://gitee.com/example/infra-tools\n"
                "- slug: ghost\n  title: Ghost\n  state: retired\n"
            ),
            "team-infra/README.md": "# Infra\n\nSee [the plan](plan.md).\n",
            "team-docs/notes.md": "# Docs\n",
        },
    )
    config = load_config(root)
    assert isinstance(config, Config) and config.sigs_dir == "."
    report = tmp_path / "report.json"
    code = main(["check", "--root", str(root), "--format", "json", "--output", str(report)])
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    assert code == 1
    assert _places(found) == {
        ("D001", "teams.yaml", 10, 9),  # team-ghost
        ("D002", "team-docs", None, None),
        ("D003", "team-docs", None, None),
        ("L001", "team-infra/README.md", 3, 16),
        ("P005", "teams.yaml", 7, 11),  # `mail` is the email key here
    }


def test_kubernetes_fix_writes_nothing_and_init_pages_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "k8s"
    shutil.copytree(EXAMPLES / "kubernetes", root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    done = run_cli("fix", "--root", str(root))
    assert done.returncode == 0 and 'pages_owner = "external"' in done.stderr
    assert main(["fix", "--init-pages", "--root", str(root)]) == 2
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_openharmony_init_pages_fills_both_pages_from_the_registry(tmp_path: Path) -> None:
    root = tmp_path / "oh"
    shutil.copytree(EXAMPLES / "openharmony", root)
    assert main(["fix", "-q", "--init-pages", "--root", str(root)]) == 1
    page = (root / "sig/sig_kernel/sig_kernel.md").read_text(encoding="utf-8")
    zh = (root / "sig/sig_kernel/sig_kernel_cn.md").read_text(encoding="utf-8")
    assert "### SIG leads\n\n- [@zhou_kaiming](https://gitee.com/zhou_kaiming)" in page
    assert "https://gitcode.com/openharmony/kernel_linux_build" in page
    assert "### SIG 负责人\n\n- [@zhou_kaiming]" in zh and "根据 sig/sigs_list.toml 生成" in zh
    assert "### Leader\n- @wu_jingyi" in page  # the hand-kept list stays
    assert main(["fix", "-q", "--root", str(root)]) == 0  # fix twice changes nothing


def test_a_table_whose_rows_do_not_parse_is_one_t002(tmp_path: Path) -> None:
    """Kubernetes' generated `sig-list.md` configured as a three-column SIG table: one T002
    with the reason, never a T003 per row, a P004 per cell or a D003 per folder."""
    root = tmp_path / "k8s"
    shutil.copytree(EXAMPLES / "kubernetes", root)
    (root / ".sigcheck.toml").write_text(
        'layout = "kubernetes"\n[[tables]]\npath = "sig-list.md"\nlanguage = "en"\n'
        'columns = ["Name", "Label", "Chairs"]\n',
        encoding="utf-8",
    )
    (root / "sig-list.md").write_text(
        "| Name | Label | Chairs |\n|------|-------|--------|\n"
        "|[Docs](sig-docs/README.md)|docs|* [Ellis Marlow](https://github.com/ellis-marlow)|"
        "* [Slack](https://example.slack.com/messages/sig-docs)|\n"
        "|[Network](sig-network/README.md)|network|* Tomas Okafor|x|y|\n"
        "|[Steering](committee-steering/README.md)|steering|* Noor Castell|z|\n"
        "|[Batch](wg-batch/README.md)|batch|* Rosa Achterberg|\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    main(["check", "--root", str(root), "--format", "json", "--output", str(report)])
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    table = [d for d in found if d["path"] == "sig-list.md"]
    assert [(d["code"], d["line"]) for d in table] == [("T002", 1)]
    assert "3 of 4 rows do not have the header's 3 cells" in str(table[0]["message"])
    assert [d["path"] for d in found if d["code"] == "D003"] == ["wg-lts"]  # from sigs.yaml


def test_registry_people_are_checked_where_they_are_written(tmp_path: Path) -> None:
    """Ids written as profile URLs take their forge from the host (a GitCode profile under
    `gitee_id` is a GitCode id, not a bad Gitee handle); P- and M-codes at registry:line:col."""
    root = _tree(
        tmp_path,
        {
            "sig/sigs_list.toml": (
                '[[sig]]\nsig_name = "sig_a"\nsig_status = "active"\n'
                '[[sig.projects]]\nhttps_url = "https://gitcode.com/openharmony/a_repo"\n'
                '[[sig.projects.committer]]\ngitee_id = "https://gitcode.com/kai-wen"\n'
                'gitee_email = "kaiwen@example"\n'
                '[[sig.projects.committer]]\ngitee_id = "https://gitee.com/9lives"\n'
                'gitee_email = "TBD"\n'
                '[sig.leader]\ngitee_id = "https://gitee.com/ada_ho"\nemail = "ada@example.com"\n'
            ),
            "sig/sig_a/sig_a.md": "# A\n",
        },
    )
    report = tmp_path / "report.json"
    assert main(["check", "--root", str(root), "--format", "json", "--output", str(report)]) == 1
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    assert _places(found) == {
        ("P005", "sig/sigs_list.toml", 8, 15),
        ("P001", "sig/sigs_list.toml", 10, 12),
        ("M007", "sig/sigs_list.toml", 11, 15),
    }


def test_kubernetes_through_git_reads_the_tracked_root_folders(tmp_path: Path) -> None:
    """SIG folders at the root, read through git's index (`--tracked-only`, the hooks): the
    same findings as on disk; an untracked `sig-*` folder is not part of the community."""
    import subprocess

    root = tmp_path / "k8s"
    shutil.copytree(EXAMPLES / "kubernetes", root)
    git = ["git", "-c", "user.email=dev@example.com", "-c", "user.name=Dev"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    _tree(root, {"sig-scratch/README.md": "# Scratch\n"})
    report = tmp_path / "report.json"
    args = ["check", "--root", str(root), "--format", "json", "--output", str(report)]
    assert main([*args, "--tracked-only"]) == 1
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    assert {(d["code"], d["path"]) for d in found} == {
        ("D003", "wg-lts"),
        ("L003", "sigs.yaml"),
        ("L001", "sig-docs/README.md"),
        ("L001", "committee-steering/README.md"),
        ("L002", "sig-network/README.md"),
    }


def test_links_pinned_to_a_commit_or_a_tag_are_not_checked_locally(tmp_path: Path) -> None:
    """With the repository's own address known, `blob/<sha>/…` and `blob/v1.19.0/…` name
    files of another revision (both missing here): never L001."""
    root = tmp_path / "k8s"
    shutil.copytree(EXAMPLES / "kubernetes", root)
    (root / ".sigcheck.toml").write_text(
        'layout = "kubernetes"\nrepo_url = "https://github.com/kubernetes/community"\n',
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    main(["check", "--root", str(root), "--format", "json", "--output", str(report)])
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    assert sorted((d["code"], d["path"]) for d in found if d["code"] == "L001") == [
        ("L001", "committee-steering/README.md"),
        ("L001", "sig-docs/README.md"),
    ]
