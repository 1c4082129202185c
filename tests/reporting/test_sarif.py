"""SARIF 2.1.0 that GitHub code scanning accepts: the Multitool's schema, SARIF and GitHub rules
find nothing, every result has a region, URIs are percent-encoded, fingerprints are stable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sigcheck.diagnostics import CODES
from tests.conftest import run_cli
from tests.reporting.conftest import MESSY, validate


def sarif_of(root: Path, *args: str) -> dict[str, Any]:
    target = root.parent / "out.sarif"
    result = run_cli(
        "check", "--root", str(root), "--format", "sarif", "--output", str(target), *args
    )
    assert result.returncode == 1, result.stderr
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


def test_the_multitool_finds_nothing_wrong(make_repo, multitool, tmp_path):
    root = make_repo(MESSY)
    sarif = tmp_path / "messy.sarif"
    result = run_cli("check", "--root", str(root), "--format", "sarif", "--output", str(sarif))
    assert result.returncode == 1, result.stderr
    assert len(json.loads(sarif.read_text())["runs"][0]["results"]) >= 8
    assert validate(multitool, sarif) == []


def test_the_multitool_does_catch_what_github_rejects(make_repo, multitool, tmp_path):
    """The validation is not vacuous: a rule without `help` and a raw space in a URI fail."""
    data = sarif_of(make_repo(MESSY))
    run = data["runs"][0]
    del run["tool"]["driver"]["rules"][0]["help"]
    run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b.md"
    broken = tmp_path / "broken.sarif"
    broken.write_text(json.dumps(data), encoding="utf-8")
    found = {r["ruleId"] for r in validate(multitool, broken)}
    assert {"GH2012", "SARIF1002"} <= found


def test_every_rule_is_documented_and_every_result_has_a_region(make_repo):
    run = sarif_of(make_repo(MESSY))["runs"][0]
    driver = run["tool"]["driver"]
    # sigcheck has no public home yet: no invented address, both properties are optional
    assert "informationUri" not in driver
    assert "sigcheck/sigcheck" not in json.dumps(driver)
    assert [rule["id"] for rule in driver["rules"]] == list(CODES)
    for rule in driver["rules"]:
        assert rule["fullDescription"]["text"] and "helpUri" not in rule
        assert rule["help"]["text"].startswith(rule["id"])
        assert "**How to fix it.**" in rule["help"]["markdown"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1


def test_folder_findings_point_at_the_folders_readme_or_metadata(make_repo):
    results = sarif_of(make_repo(MESSY))["runs"][0]["results"]
    where = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r[
            "locations"
        ][0]["physicalLocation"]["region"]
        for r in results
    }
    assert where[("D003", "sigs/LLM%20Inference%20Serving/README.md")] == {
        "startLine": 1,
        "startColumn": 1,
    }
    assert ("D002", "sigs/no%20readme/sig-info.yaml") in where
    assert ("M001", "sigs/%E6%95%B0%E6%8D%AE%20%E7%BB%84/README.md") in where
    assert ("D003", "sigs/odd%2Cname%3A50%25/README.md") in where


def test_fingerprints_are_stable_across_runs_and_line_shifts(make_repo):
    root = make_repo(MESSY)

    def prints() -> dict[str, str]:
        results = sarif_of(root)["runs"][0]["results"]
        return {
            r["message"]["text"]: r["partialFingerprints"]["sigcheckFinding/v1"]
            for r in results
            if r["ruleId"] == "L001"
        }

    first = prints()
    assert first == prints()
    page = root / "sigs" / "data" / "README.md"
    page.write_text("# Data\n\nA new paragraph.\n\n" + page.read_text().split("\n", 2)[2])
    assert prints() == first
    assert len(set(first.values())) == len(first)
