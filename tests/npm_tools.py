"""Real tools from the npm registry for the tests: Microsoft's SARIF Multitool and
yaml-language-server (the engine of VS Code's YAML support). Installed into a temporary prefix;
both run offline once installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def unavailable(reason: str) -> None:
    """Locally a missing tool skips; in CI (CI set, as .ci/run runs) it fails: a validation
    that silently did not run is worse than none."""
    if os.environ.get("CI"):
        pytest.fail(f"a tool the tests need is unavailable in CI: {reason}")
    pytest.skip(reason)


def npm_install(prefix: Path, *packages: str) -> Path:
    """`npm install` into `prefix`; its node_modules folder."""
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is not installed")
    options = ["--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error"]
    result = subprocess.run(
        [str(npm), "install", *options, *packages],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        unavailable(f"npm install {' '.join(packages)} failed: {result.stderr[-500:]}")
    return prefix / "node_modules"
