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
    assert "Project-URL: Source, " in metadata

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
