"""The command line's seams (SPEC §4): `--version` everywhere, short usage errors, totals,
paths relative to where the user is, the no-repository message, reports that cannot be written.

Most run `sigcheck.cli.main` in-process; what needs a real process (a stdout that is full,
closed or a pipe whose reader left) runs the CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sigcheck import __version__
from sigcheck.cli import main
from tests.conftest import GOOD_TREE

BROKEN = {
    "sigs/data/README.md": "# Data\n\n[x](missing.md)\n",
    # no `## 简介` any more: sigs/README.md's link to it is L002 (a finding above the cwd)
    "sigs/compiler/README.md": "# Compiler SIG\n\n[a](gone.md)\n\n[b](../nowhere.md)\n",
    "sigs/data/sig-info.yaml": None,
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`main(argv)` in-process: exit code, stdout, stderr (argparse's exits included)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(make_repo: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The broken tree, as the current folder; the warm trace on (no CI variable)."""
    monkeypatch.delenv("CI", raising=False)
    root: Path = make_repo(BROKEN)  # type: ignore[operator]
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("command", ["check", "fix", "import", "schema", "rule"])
def test_every_command_takes_version(capsys, command):
    assert run(capsys, command, "--version") == (0, f"sigcheck {__version__}\n", "")


def test_a_bad_option_prints_the_commands_usage_in_one_line(capsys):
    code, out, err = run(capsys, "check", "--bogus", "sigs")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "sigcheck check: unrecognized arguments: --bogus",
        "usage: sigcheck check [OPTIONS] [PATH ...] (see `sigcheck check --help`)",
    ]
    code, _, err = run(capsys, "rule", "--bogus")
    assert code == 2 and err.splitlines()[1].startswith("usage: sigcheck rule [OPTIONS] [CODE]")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["check", "--select", "ZZZ"],
            "sigcheck check: --select: `ZZZ` is not a diagnostic code or prefix "
            "(e.g. T, L00, P002, ALL); see `sigcheck check --help`",
        ),
        (
            ["check", "--format", "xml"],
            "sigcheck check: --format: invalid choice: 'xml' (choose from 'text', 'json', "
            "'github', 'sarif', 'markdown'); see `sigcheck check --help`",
        ),
    ],
)
def test_a_bad_value_is_one_line(capsys, argv, line):
    assert run(capsys, *argv) == (2, "", line + "\n")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "markdown"])
def test_every_format_ends_with_the_totals_on_stderr(broken, capsys, fmt):
    code, out, err = run(capsys, "check", "--format", fmt)
    assert code == 1 and out
    assert err.splitlines()[-1] == "sigcheck: 4 errors, 1 warning, 0 infos in 6 files"
    assert run(capsys, "check", "--format", fmt, "-q")[2] == ""


def test_singular_totals(make_repo, capsys):
    root = make_repo({"sigs/data/README.md": "# Data\n\n[x](missing.md)\n"})
    _, _, err = run(capsys, "check", "--root", str(root))
    assert err == "sigcheck: 1 error, 0 warnings, 0 infos in 7 files\n"


def test_text_paths_are_relative_to_the_current_folder_even_when_replayed(
    broken, capsys, monkeypatch
):
    at_root = run(capsys, "check", "-v")[1]  # -v is part of the trace's key
    assert "sigs/compiler/README.md:3:5: L001 error" in at_root
    assert "sigs/data: M001 warning" in at_root
    monkeypatch.chdir(broken / "sigs" / "compiler")
    code, out, err = run(capsys, "check", "-v")
    assert "nothing read has changed since the last run" in err  # the warm trace answered
    assert code == 1
    assert sorted(line.split(": ")[0] for line in out.splitlines()) == [
        "../README.md:12:14",
        "../data",
        "../data/README.md:3:5",
        "README.md:3:5",
        "README.md:5:5",
    ]
    # the other formats stay relative to the root, from anywhere
    data = json.loads(run(capsys, "check", "--format", "json")[1])
    assert {d["path"] for d in data["diagnostics"]} == {
        "sigs/README.md",
        "sigs/data",
        "sigs/data/README.md",
        "sigs/compiler/README.md",
    }
    assert "file=sigs/compiler/README.md,line=3" in run(capsys, "check", "--format", "github")[1]
    # from the folder holding the repository, and from elsewhere with --root
    monkeypatch.chdir(broken.parent)
    assert "repo/sigs/data/README.md:3:5: L001" in run(capsys, "check", "repo")[1]
    monkeypatch.chdir(broken / "sigs")
    assert "data/README.md:3:5: L001" in run(capsys, "check", "--no-cache")[1]
    elsewhere = broken.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert "sigs/data/README.md:3:5: L001" in run(capsys, "check", "--root", str(broken))[1]


def test_no_configuration_and_no_table_is_no_t001(make_repo, capsys):
    sig = {
        "sigs/data/README.md": "# Data\n",
        "sigs/data/sig-info.yaml": GOOD_TREE["sigs/data/sig-info.yaml"],
    }
    root = make_repo(sig, base=False)
    code, out, err = run(capsys, "check", "--root", str(root), "--format", "json")
    assert code == 0 and json.loads(out)["diagnostics"] == [], err
    configured = make_repo(
        {**sig, ".sigcheck.toml": '[[tables]]\npath = "sigs/README.md"\n'}, base=False
    )
    _, out, _ = run(capsys, "check", "--root", str(configured), "--format", "json")
    [finding] = json.loads(out)["diagnostics"]
    assert (finding["code"], finding["path"]) == ("T001", "sigs/README.md")


def test_outside_any_repository_the_error_names_root_and_the_layouts(tmp_path, capsys, monkeypatch):
    from sigcheck.layout import LAYOUTS

    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    (nowhere / ".git").mkdir()  # discovery stops at the top of a work tree
    monkeypatch.chdir(nowhere)
    for command in ("check", "fix"):
        code, out, err = run(capsys, command)
        assert (code, out) == (2, "")
        [line] = err.splitlines()
        assert "--root" in line and str(nowhere.resolve()) in line
        assert all(layout.name in line for layout in LAYOUTS.values())
        assert "`sigs/`" in line and "`sig/`" in line


def test_an_output_that_cannot_be_written_is_exit_2_and_one_line(broken, capsys):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    code, out, err = run(capsys, "check", "--output", "/dev/full")
    assert (code, out) == (2, "")
    assert err == "sigcheck: --output /dev/full: No space left on device\n"


def cli(root: Path, stdout: object, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sigcheck", *args],
        cwd=root,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_full_closed_or_abandoned_stdout_is_exit_2_and_one_line(make_repo):
    root = make_repo(BROKEN)
    results = {}
    if Path("/dev/full").exists():
        with open("/dev/full", "w", encoding="utf-8") as full:
            results["No space left on device"] = cli(root, full, "check", "--no-cache")
    reader, writer = os.pipe()
    os.close(reader)  # the reader left before sigcheck writes: `| head -c0`
    try:
        results["Broken pipe"] = cli(root, writer, "rule")
    finally:
        os.close(writer)
    results["it is closed"] = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m sigcheck schema >&-'],
        cwd=root,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    for reason, result in results.items():
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            f"sigcheck: cannot write the report to standard output: {reason}\n"
        )


def test_the_good_tree_is_still_clean(make_repo, capsys):
    """The seams change no finding: the tidy tree passes with the plural totals."""
    root = make_repo()
    assert set(GOOD_TREE) <= {p.relative_to(root).as_posix() for p in root.rglob("*")}
    assert run(capsys, "check", "--root", str(root)) == (
        0,
        "",
        "sigcheck: 0 errors, 0 warnings, 0 infos in 7 files\n",
    )
