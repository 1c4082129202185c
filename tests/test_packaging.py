"""The sdist: licensed as pyproject says, and complete enough that its own tests run."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_license_file_is_the_apache_2_text() -> None:
    text = (PROJECT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text.splitlines()) > 190


def test_the_sdist_carries_its_tests_and_they_run(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (archive,) = tmp_path.glob("sigcheck-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
        tar.extractall(tmp_path, filter="data")
    for needed in (
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "action.yml",
        ".pre-commit-hooks.yaml",
        "sigcheck/py.typed",
        "tests/conftest.py",
        "tests/test_example.py",
        "tests/reporting/test_rules.py",
        "examples/mindspore/.sigcheck.toml",
        "examples/mindspore/sigs/README.md",
        "examples/github/sigcheck.yml",
    ):
        assert needed in names, needed
    assert not any(".sigcheck-cache" in name or "__pycache__" in name for name in names)
    root = archive.parent / archive.name.removesuffix(".tar.gz")
    metadata = (root / "PKG-INFO").read_text(encoding="utf-8")
    assert "License-Expression: Apache-2.0" in metadata
    assert "License-File: LICENSE" in metadata
    assert "Classifier: Programming Language :: Python :: 3.13" in metadata
    assert "Project-URL" not in metadata  # no public home yet: no invented address

    # its tests run from the unpacked sdist, importing sigcheck from there
    env = {**os.environ, "PYTHONPATH": str(root)}
    where = subprocess.run(
        [sys.executable, "-c", "import sigcheck; print(sigcheck.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(root)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/test_example.py"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " failed" not in run.stdout


# --- the workflows: what the README promises about them ------------------------------------


def _workflow(path: str) -> dict[str, object]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((PROJECT / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _uses(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["uses"])] if "uses" in node else []
        return found + [u for value in node.values() for u in _uses(value)]
    if isinstance(node, list):
        return [u for value in node for u in _uses(value)]
    return []


def test_every_third_party_action_is_pinned_by_full_commit_sha() -> None:
    import re

    for path in (".github/workflows/ci.yml", "examples/github/sigcheck.yml", "action.yml"):
        uses = _uses(_workflow(path))
        assert uses, path
        for ref in uses:
            if ref.startswith("sigcheck/sigcheck@"):
                continue  # sigcheck itself: `main` or a SHA, explained in README
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path}: {ref}"


def test_the_example_workflow_runs_one_pass_on_push_and_pull_request() -> None:
    workflow = _workflow("examples/github/sigcheck.yml")
    triggers = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads `on` as true
    assert isinstance(triggers, dict) and {"push", "pull_request"} <= set(triggers)
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()  # type: ignore[attr-defined]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    assert 0 < job["timeout-minutes"] <= 30
    text = (PROJECT / "examples/github/sigcheck.yml").read_text(encoding="utf-8")
    assert "|| true" not in text and "actions/cache@" in text
    steps = _workflow("action.yml")["runs"]["steps"]  # type: ignore[index]
    script = "\n".join(step.get("run", "") for step in steps)
    runs = [line for line in script.splitlines() if line.strip().startswith("sigcheck check")]
    assert len(runs) == 1 and "|| true" not in script  # one pass, no hidden crash
    assert '--sarif "$SARIF"' in script and "--format github" in script


def test_ci_runs_the_readme_test_command_on_every_supported_python() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    command = readme.split("## Quick start", 1)[1].split("```sh\n")[2].split("\n```")[0]
    workflow = _workflow(".github/workflows/ci.yml")
    test = workflow["jobs"]["test"]  # type: ignore[index]
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert command in [step.get("run") for step in test["steps"]]
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in pyproject
