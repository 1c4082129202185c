"""Fixtures of the command-line tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Imports = Callable[..., tuple[int, set[str]]]


@pytest.fixture
def imports() -> Imports:
    """Run `python -X importtime -m sigcheck ARGS`: its exit code and every module it imported."""

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> tuple[int, set[str]]:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "sigcheck", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
        assert "sigcheck.cli" in imported  # the measurement saw sigcheck's own imports
        return result.returncode, imported

    return run
