"""The command line, end to end in a subprocess, as users, editors and CI see it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from sigcheck import __version__
from sigcheck.diagnostics import fingerprint, make
from tests.conftest import run_cli

BROKEN = {"sigs/data/README.md": "# Data\n\n[x](missing.md)\n", "sigs/data/sig-info.yaml": None}


def test_text_output_is_clickable(make_repo):
    result = run_cli("check", cwd=make_repo(BROKEN))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "sigs/data/README.md:3:5: L001 error `missing.md` points to `sigs/data/missing.md`, which does not exist"
        in lines
    )
    assert "sigs/data: M001 warning SIG has no sig-info.yaml" in lines
    assert all(
        re.match(r"^[^:]+(:\d+:\d+)?: [A-Z]\d{3} (error|warning|info) ", line) for line in lines
    )
    assert "sigcheck: 1 error, 1 warning, 0 infos in 6 files" in result.stderr


def test_json_output_shape(make_repo):
    result = run_cli("check", "--format", "json", cwd=make_repo(BROKEN))
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["summary"] == {"errors": 1, "warnings": 1, "infos": 0, "files": 6}
    assert data["diagnostics"][1].pop("fingerprint") == fingerprint(
        make("L001", "sigs/data/README.md", 3, 5, "", "missing.md")
    )
    assert data["diagnostics"][1] == {
        "code": "L001",
        "severity": "error",
        "path": "sigs/data/README.md",
        "line": 3,
        "column": 5,
        "message": "`missing.md` points to `sigs/data/missing.md`, which does not exist",
    }
    assert data["diagnostics"][0]["line"] is None and data["diagnostics"][0]["column"] is None


def test_exit_codes_strict_select_ignore(make_repo):
    root = make_repo({"sigs/data/sig-info.yaml": None})
    assert run_cli("check", cwd=root).returncode == 0  # a warning only
    assert run_cli("check", "--strict", cwd=root).returncode == 1
    broken = make_repo(BROKEN)
    assert run_cli("check", "--ignore", "L001", cwd=broken).returncode == 0
    only_m = run_cli("check", "--select", "M", "--format", "json", cwd=broken)
    assert [d["code"] for d in json.loads(only_m.stdout)["diagnostics"]] == ["M001"]
    assert run_cli("check", "--select", "bad code!", cwd=broken).returncode == 2


def test_config_select_ignore_and_strict(make_repo):
    root = make_repo(
        {**BROKEN, "pyproject.toml": "[tool.sigcheck]\nignore = ['L001']\nstrict = true\n"}
    )
    result = run_cli("check", "--format", "json", cwd=root)
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["M001"]
    assert result.returncode == 1  # strict from the config


def test_root_is_discovered_from_a_path(make_repo):
    root = make_repo(BROKEN)
    from_outside = run_cli("check", str(root), "--format", "json", cwd=root.parent)
    assert len(json.loads(from_outside.stdout)["diagnostics"]) == 2
    from_inside = run_cli("check", "--format", "json", cwd=root / "sigs" / "data")
    assert len(json.loads(from_inside.stdout)["diagnostics"]) == 2


def test_paths_limit_the_report(make_repo):
    root = make_repo({**BROKEN, "sigs/compiler/README.md": "# C\n\n[y](gone.md)\n"})
    result = run_cli("check", "sigs/compiler", "--format", "json", cwd=root)
    assert {d["path"] for d in json.loads(result.stdout)["diagnostics"]} == {
        "sigs/compiler/README.md"
    }
    missing = run_cli("check", "sigs/nowhere", cwd=root)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_output_file_and_quiet(make_repo, tmp_path):
    report = tmp_path / "out.txt"
    result = run_cli("check", "-q", "--output", str(report), cwd=make_repo(BROKEN))
    assert result.stdout == "" and result.stderr == ""
    assert "L001" in report.read_text(encoding="utf-8")


def test_github_and_sarif_formats(make_repo):
    root = make_repo(BROKEN)
    github = run_cli("check", "--format", "github", cwd=root).stdout
    assert (
        "::error file=sigs/data/README.md,line=3,col=5,title=L001::"
        "sigs/data/README.md:3:5: L001 `missing.md`" in github
    )
    # a folder finding is shown at line 1 of the folder's README, its text names the folder
    assert "::warning file=sigs/data/README.md,line=1,col=1,title=M001::sigs/data: M001" in github
    sarif = json.loads(run_cli("check", "--format", "sarif", cwd=root).stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"L001", "M001"}
    assert results[1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 5,
    }


def test_version_and_module_entry_point():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"sigcheck {__version__}"
    assert run_cli().returncode == 2


def test_offline_check_imports_no_network_module(make_repo):
    root = make_repo(BROKEN)
    code = (
        "import sys; from sigcheck.cli import main; main(['check', '-q', '--root', sys.argv[1]]);"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('requests', 'urllib3', 'ssl') or m in ('http.client',) or m.startswith('sigcheck.online'));"
        "print('MODULES:' + ','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "MODULES:"


def test_github_format_writes_the_step_summary(make_repo, tmp_path):
    summary_file = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary_file)}
    result = run_cli("check", "--format", "github", cwd=make_repo(BROKEN), env=env)
    assert result.returncode == 1
    report = summary_file.read_text(encoding="utf-8")
    assert "1 error, 1 warning, 0 infos in 6 files." in report
    assert "| L001 | error | 1 |" in report
    assert "- [sigs/data/README.md:3:5](" in report


def test_parse_cache_is_used_locally_but_not_in_ci(make_repo):
    root = make_repo(BROKEN)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    cold = run_cli("check", "--format", "json", cwd=root, env=env)
    cache = root / ".sigcheck-cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8") == "*\n"
    entries = json.loads((cache / "content.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 4  # 3 plain pages (tables are always parsed) + 1 sig-info.yaml
    warm = run_cli("check", "--format", "json", cwd=root, env=env)
    assert warm.stdout == cold.stdout  # the cache changes nothing but the time
    (root / "sigs/data/README.md").write_text("# Data\n\n[y](gone.md)\n", encoding="utf-8")
    edited = run_cli("check", "--format", "json", cwd=root, env=env)
    assert "`gone.md`" in edited.stdout and "`missing.md`" not in edited.stdout


def test_no_cache_and_ci_write_no_cache(make_repo):
    root = make_repo(BROKEN)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    run_cli("check", "--no-cache", cwd=root, env=env)
    run_cli("check", cwd=root, env={**env, "CI": "true"})
    assert not (root / ".sigcheck-cache").exists()
