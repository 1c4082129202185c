"""The command line's manners (SPEC §4): usage errors, statistics, exit codes, colour, start-up.

Every test runs the real CLI in a subprocess (`python -m sigcheck`), on a terminal where colour
is the question.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

BROKEN = {
    "sigs/data/README.md": "# Data\n\n[x](missing.md)\n\n[y](gone.md)\n",
    "sigs/data/sig-info.yaml": None,
}


@pytest.mark.parametrize(
    "option", [["--select", "ZZZ"], ["--ignore", "L01"], ["--select", "T,L0X"], ["--select", "?"]]
)
def test_an_unknown_code_is_a_usage_error(make_repo, option):
    result = run_cli("check", *option, cwd=make_repo(BROKEN))
    assert result.returncode == 2, result.stderr
    assert "is not a diagnostic code or prefix" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("codes", ["T", "L00", "ALL", "p002", "M00,T0"])
def test_prefixes_that_name_some_code_stay_valid(make_repo, codes):
    result = run_cli("check", "--ignore", codes, cwd=make_repo(BROKEN))
    assert result.returncode in (0, 1), result.stderr


@pytest.mark.parametrize("key", ["select", "ignore"])
@pytest.mark.parametrize("typo", ["L0O1", ""])
def test_an_unknown_code_in_the_configuration_is_a_usage_error(make_repo, key, typo):
    root = make_repo({**BROKEN, ".sigcheck.toml": f"{key} = ['L001', '{typo}']\n"})
    result = run_cli("check", cwd=root)
    assert result.returncode == 2
    assert f"`{key}` in the configuration: `{typo}` is not a diagnostic code" in result.stderr


def test_configured_codes_are_matched_in_any_case(make_repo):
    root = make_repo({**BROKEN, ".sigcheck.toml": "ignore = ['l001']\n"})
    result = run_cli("check", "--format", "json", cwd=root)
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["M001"]


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("fix", ["--format", "json"]),
        ("fix", ["--select", "T"]),
        ("fix", ["--ignore", "T008"]),
        ("fix", ["--strict"]),
        ("fix", ["--statistics"]),
        ("fix", ["--no-cache"]),
        ("import", ["--format", "json"]),
        ("import", ["--select", "T"]),
        ("import", ["--strict"]),
        ("import", ["--output", "x.txt"]),
        ("import", ["--pre-commit"]),
    ],
)
def test_an_option_a_command_cannot_honour_is_a_usage_error(make_repo, command, option):
    root = make_repo()
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run_cli(command, *option, cwd=root)
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_fix_output_takes_only_the_diff_of_check(make_repo, tmp_path):
    root = make_repo({"sigs/data/sig-info.yaml": "name: Data\nmaintainers:\n  - gitee_id: kai\n"})
    diff = tmp_path / "table.diff"
    assert run_cli("fix", "--output", str(diff), cwd=root).returncode == 2
    assert not diff.exists()
    result = run_cli("fix", "--check", "--output", str(diff), cwd=root)
    assert result.returncode == 1 and result.stdout == ""
    assert "+| [Data](data/README.md)" in diff.read_text(encoding="utf-8")


def test_statistics_counts_each_code_most_frequent_first(make_repo):
    result = run_cli("check", "--statistics", cwd=make_repo(BROKEN))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "2  L001  error    link points to a missing file",
        "1  M001  warning  SIG has no sig-info.yaml",
    ]
    assert "2 errors, 1 warning, 0 infos" in result.stderr


def test_statistics_as_json(make_repo):
    result = run_cli("check", "--statistics", "--format", "json", cwd=make_repo(BROKEN))
    document = json.loads(result.stdout)
    assert document["statistics"] == [
        {
            "code": "L001",
            "severity": "error",
            "count": 2,
            "summary": "link points to a missing file",
        },
        {"code": "M001", "severity": "warning", "count": 1, "summary": "SIG has no sig-info.yaml"},
    ]
    assert document["summary"]["errors"] == 2


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_statistics_in_a_format_that_cannot_show_them_is_a_usage_error(make_repo, fmt):
    result = run_cli("check", "--statistics", "--format", fmt, cwd=make_repo(BROKEN))
    assert result.returncode == 2
    assert f"--statistics prints text or json, not --format {fmt}" in result.stderr
    assert result.stdout == ""


def test_exit_zero_reports_but_passes(make_repo):
    root = make_repo(BROKEN)
    result = run_cli("check", "--exit-zero", "--strict", cwd=root)
    assert result.returncode == 0
    assert "L001 error" in result.stdout
    assert run_cli("check", "--exit-zero", "--select", "NOPE", cwd=root).returncode == 2
    assert run_cli("check", "--exit-zero", "--root", str(root / "nowhere")).returncode == 2


def on_a_terminal(root: Path, *args: str, **extra_env: str) -> tuple[int, str]:
    """Run the CLI with stdout on a pseudo-terminal, as a user at a shell sees it."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update(extra_env)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sigcheck", *args],
            cwd=root,
            env=env,
            stdout=follower,
            stderr=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: all was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return done.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_colour_on_a_terminal(make_repo):
    code, text = on_a_terminal(make_repo(BROKEN), "check")
    assert code == 1
    assert (
        "\033[1msigs/data/README.md:3:5\033[0m: \033[1;31mL001\033[0m \033[31merror\033[0m "
        "`missing.md`"
    ) in text
    assert "\033[1msigs/data\033[0m: \033[1;33mM001\033[0m \033[33mwarning\033[0m " in text


def test_no_colour_with_no_color_or_off_a_terminal(make_repo):
    root = make_repo(BROKEN)
    _, text = on_a_terminal(root, "check", NO_COLOR="1")
    assert "\033[" not in text and "sigs/data/README.md:3:5: L001 error `missing.md`" in text
    _, text = on_a_terminal(root, "check", "--format", "json")
    assert "\033[" not in text
    assert "\033[" not in run_cli("check", cwd=root).stdout  # a pipe


def test_python_dash_m_is_the_same_command(make_repo):
    root = make_repo(BROKEN)
    installed = Path(sys.executable).parent / "sigcheck"
    if not installed.exists():
        pytest.skip("the sigcheck script is not installed next to this interpreter")
    script = subprocess.run(
        [str(installed), "check", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    module = run_cli("check", "--format", "json", cwd=root)
    assert module.returncode == script.returncode == 1
    assert module.stdout == script.stdout and "L001" in module.stdout
    assert run_cli("check", "--help").stdout.startswith("usage: sigcheck check")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_version_and_help_import_nothing_heavy(args, imports):
    code, imported = imports(*args)
    assert code == 0
    heavy = {"pydantic", "markdown_it", "ruamel.yaml", "requests", "concurrent.futures"}
    assert imported & heavy == set()
