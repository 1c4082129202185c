"""`sigcheck rule [CODE]`: every public code is explained; an unknown code is a usage error."""

from __future__ import annotations

import json

from sigcheck.diagnostics import CODES
from sigcheck.rules import RULES
from tests.conftest import run_cli


def test_every_code_has_what_why_fix_and_silence():
    assert set(RULES) == set(CODES)
    for code in ("L008", "L009", "M007", "M008", "M009", "T010"):
        assert code in RULES
    for rule in RULES.values():
        for part in (rule.finds, rule.why, rule.fix, rule.silence):
            assert part.strip().endswith((".", ")")), (rule.code, part)
        assert f"--ignore {rule.code}" in rule.silence


def test_rule_explains_one_code_in_any_case():
    result = run_cli("rule", "p002")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("P002 (warning): link text `@x` differs")
    for heading in ("What it finds:", "Why it matters:", "How to fix it:", "How to silence it:"):
        assert heading in result.stdout
    assert "sigcheck-disable-next-line P002" in result.stdout


def test_rule_without_a_code_lists_them_all():
    result = run_cli("rule")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line[:1].isupper()]
    assert listed[: len(CODES)] == list(CODES)
    assert "L005  error    external link broken  (online)" in result.stdout


def test_rule_as_json_and_markdown():
    data = json.loads(run_cli("rule", "M007", "--format", "json").stdout)
    assert data[0]["code"] == "M007" and data[0]["severity"] == "warning"
    assert data[0]["silence"].startswith("In `sig-info.yaml`")
    assert "**Why it matters.**" in run_cli("rule", "T010", "--format", "markdown").stdout


def test_an_unknown_code_exits_2():
    result = run_cli("rule", "ZZZ")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown code 'ZZZ'" in result.stderr
