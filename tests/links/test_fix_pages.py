"""`sigcheck fix --pages`: repairs L009 and L003 in every page, byte for byte, through the real
CLI on an openEuler-shaped tree (BOM + CRLF, no final newline, a suppressed finding)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from sigcheck.parsing.targets import respell
from tests.conftest import run_cli
from tests.links.trees import MINDSPORE, OPENEULER, write


def _fix(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("fix", "--pages", "--root", str(root), *args)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".sigcheck-cache" not in p.parts
    }


def _expected_openeuler() -> dict[str, bytes]:
    """The tree as `fix --pages` must leave it: `mailto:` added, the case on disk taken,
    nothing else changed (the suppressed link and the code block included)."""
    files = {
        name: content if isinstance(content, bytes) else content.encode()
        for name, content in OPENEULER.items()
    }
    files["sig/Kernel/README.md"] = files["sig/Kernel/README.md"].replace(
        b"- [\xe9\x82\xae\xe4\xbb\xb6\xe5\x88\x97\xe8\xa1\xa8](kernel@",
        "- [邮件列表](mailto:kernel@".encode(),
    )
    files["sig/Infrastructure/README.md"] = (
        files["sig/Infrastructure/README.md"]
        .replace(b"](infra@", b"](mailto:infra@")
        .replace(b'href="infra@', b'href="mailto:infra@')
    )
    files["sig/Docs/README.md"] = (
        files["sig/Docs/README.md"]
        .replace(b"](doc@", b"](mailto:doc@")
        .replace(b"(./contribute.md#", b"(./Contribute.md#")
    )
    return files


def test_repairs_exactly_the_fixable_findings_byte_for_byte(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", OPENEULER)
    result = _fix(root)
    assert result.returncode == 1, result.stderr
    assert _tree(root) == _expected_openeuler()
    assert "sig/Infrastructure/README.md: repaired L009 line 3, L009 line 3, L009 line 4" in (
        result.stderr
    )
    # the BOM, the CRLFs and the missing final newline are still there
    assert _tree(root)["sig/Infrastructure/README.md"].startswith(b"\xef\xbb\xbf# Infra")
    assert _tree(root)["sig/Infrastructure/README.md"].count(b"\r\n") == 4
    assert not _tree(root)["sig/Docs/README.md"].endswith(b"\n")


def test_is_idempotent_and_clears_the_findings(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", OPENEULER)
    assert _fix(root).returncode == 1
    after = _tree(root)
    again = _fix(root)
    assert again.returncode == 0, again.stderr
    assert _tree(root) == after
    check = run_cli("check", "--root", str(root), "--no-cache", "--select", "L")
    assert check.returncode == 0, check.stdout


def test_check_shows_a_diff_that_git_applies_and_writes_nothing(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", OPENEULER)
    before = _tree(root)
    diff = subprocess.run(  # bytes: text mode would turn the CRLFs of the diff into LFs
        [sys.executable, "-m", "sigcheck", "fix", "--pages", "--check", "--root", str(root)],
        capture_output=True,
        check=False,
    )
    assert diff.returncode == 1
    assert _tree(root) == before
    assert (
        b"-- [\xe9\x82\xae\xe4\xbb\xb6\xe5\x88\x97\xe8\xa1\xa8](kernel@openeuler.org)\n"
        in diff.stdout
    )
    assert b"+- [\xe9\x82\xae\xe4\xbb\xb6\xe5\x88\x97\xe8\xa1\xa8](mailto:kernel@" in diff.stdout
    assert b"\\ No newline at end of file" in diff.stdout
    subprocess.run(["git", "apply", "-"], input=diff.stdout, cwd=root, check=True)
    assert _tree(root) == _expected_openeuler()


def test_without_pages_fix_leaves_the_pages_alone(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", OPENEULER)
    before = _tree(root)
    result = run_cli("fix", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert _tree(root) == before


def test_a_page_that_leaves_the_repository_is_never_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"# Elsewhere\n\n[list](list@example.org)\n")
    root = write(tmp_path / "repo", OPENEULER)
    os.symlink(outside, root / "sig/Kernel/notes.md")
    result = _fix(root)
    assert result.returncode == 1
    assert outside.read_bytes() == b"# Elsewhere\n\n[list](list@example.org)\n"
    assert (root / "sig/Kernel/notes.md").is_symlink()
    # the page is not even read (one door: nothing outside the repository is), so nothing
    # of it is repaired; `check` reports it as unreadable
    assert "sig/Kernel/notes.md" not in result.stderr
    checked = run_cli("check", "--root", str(root), "--select", "F001")
    assert "sig/Kernel/notes.md: F001 error" in checked.stdout, checked.stdout
    assert "leads out of the repository" in checked.stdout
    assert _tree(root)["sig/Kernel/README.md"] == _expected_openeuler()["sig/Kernel/README.md"]


def test_a_symlink_inside_the_repository_is_repaired_once_through_the_link(
    tmp_path: Path,
) -> None:
    root = write(tmp_path / "repo", OPENEULER)
    os.symlink("README.md", root / "sig/Kernel/README_en.md")
    result = _fix(root, "--check")
    assert result.stdout.count("+++ b/sig/Kernel/") == 1
    assert _fix(root).returncode == 1
    assert (root / "sig/Kernel/README_en.md").is_symlink()
    assert (root / "sig/Kernel/README.md").read_bytes() == _expected_openeuler()[
        "sig/Kernel/README.md"
    ]


def test_l003_keeps_escapes_folders_and_fragments(make_repo, tmp_path: Path) -> None:
    root = make_repo(
        {
            ".sigcheck.toml": 'repo_url = "https://gitee.com/org/community"\n',
            "sigs/data/docs/How To Join.md": "# How\n\n## Step one\n",
            "sigs/data/README.md": (
                "# Data\n\n"
                "[a](docs/how%20to%20join.md#step-one) "
                "[b](../Compiler/readme.md) "
                "[c](/sigs/DATA/docs/How%20To%20Join.md?plain=1) "
                "[d](https://gitee.com/org/community/blob/master/sigs/data/DOCS/how%20to%20join.md)\n"
            ),
        }
    )
    assert _fix(root).returncode == 1
    assert (root / "sigs/data/README.md").read_text(encoding="utf-8") == (
        "# Data\n\n"
        "[a](docs/How%20To%20Join.md#step-one) "
        "[b](../compiler/README.md) "
        "[c](/sigs/data/docs/How%20To%20Join.md?plain=1) "
        "[d](https://gitee.com/org/community/blob/master/sigs/data/docs/How%20To%20Join.md)\n"
    )


def test_table_page_gets_its_table_and_its_repairs_in_one_diff_that_applies(
    tmp_path: Path,
) -> None:
    root = write(tmp_path / "repo", MINDSPORE)
    extra = "\n- [邮件列表](sig@example.org)\n"
    with (root / "sigs/README_en.md").open("a", encoding="utf-8") as page:
        page.write(extra)
    diff = subprocess.run(
        [sys.executable, "-m", "sigcheck", "fix", "--pages", "--check", "--root", str(root)],
        capture_output=True,
        check=False,
    ).stdout
    subprocess.run(["git", "apply", "-"], input=diff, cwd=root, check=True)
    fixed = (root / "sigs/README_en.md").read_text(encoding="utf-8")
    assert "[Data](data/README_en.md)" in fixed  # the table (T010)
    assert fixed.endswith("- [邮件列表](mailto:sig@example.org)\n")  # the page repair
    again = _fix(root, "--check")
    assert (again.returncode, again.stdout) == (0, ""), again.stderr


@pytest.mark.parametrize(
    ("href", "actual", "respelt"),
    [
        ("docs/notes.md", "sigs/data/docs/Notes.md", "docs/Notes.md"),
        ("./DOCS/../docs/notes.md#Step", "sigs/data/docs/Notes.md", "./DOCS/../docs/Notes.md#Step"),
        ("../../sigs/DATA/x%20y.md?raw=1", "sigs/data/X Y.md", "../../sigs/data/X%20Y.md?raw=1"),
        ("%E6%95%B0%E6%8D%AEfaq.md", "sigs/data/数据FAQ.md", "%E6%95%B0%E6%8D%AEFAQ.md"),
        ("docs/notes.md", "sigs/data/docs/Nodes.md", None),  # more than case: never guessed
        ("https://example.org/docs/notes.md", "sigs/data/docs/Notes.md", None),
    ],
)
def test_respell_changes_only_the_letter_case(href: str, actual: str, respelt: str | None) -> None:
    assert (
        respell(href, "sigs/data/README.md", actual, "https://gitee.com/org/community") == respelt
    )


def test_a_failing_write_leaves_the_page_intact_and_exits_two(tmp_path: Path) -> None:
    """A file-size limit makes the temporary file's write fail (EFBIG), for root too."""
    root = write(tmp_path / "repo", OPENEULER)
    page = root / "sig/Kernel/README.md"
    page.write_text(page.read_text(encoding="utf-8") + "填充\n" * 300, encoding="utf-8")
    before = page.read_bytes()
    limit = len(before) - 10

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "sigcheck", "fix", "--pages", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=small_files,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "sig/Kernel/README.md: cannot write" in result.stderr
    assert page.read_bytes() == before
    assert [p.name for p in page.parent.iterdir() if p.name.startswith(".sigcheck-")] == []
    # the smaller pages were still repaired
    assert "sig/Docs/README.md: repaired L009 line 3, L003 line 4" in result.stderr
