"""Fixtures of the hardening tests: hostile trees and the CLI run within time and memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def limit_memory(limit: int) -> None:
    """Cap the address space of the process about to run (preexec_fn)."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_bounded(
    *args: str, cwd: Path, timeout: float, memory: int
) -> subprocess.CompletedProcess[str]:
    """`python -m sigcheck ARGS` in a subprocess: killed (TimeoutExpired) past `timeout`
    seconds, and unable to allocate past `memory` bytes of address space. The environment is
    the session's (so the network guard of tests/conftest.py applies), without `CI`."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # caches on, as on a laptop
    return subprocess.run(
        [sys.executable, "-m", "sigcheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=lambda: limit_memory(memory),
    )


@pytest.fixture
def bounded() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_bounded
