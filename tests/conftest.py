"""Fixtures: small community repositories written to real temporary folders.

Network safety for the whole session: before any test runs, every socket connection that is
not to loopback is refused (tests/netguard/guard.py), here and, through a sitecustomize on
PYTHONPATH, in every Python subprocess the tests start (the CLI, pre-commit's hooks). Not
covered: programs that are not Python (git never connects in these tests: local repositories
only). Loopback servers stay reachable, and sigcheck is told (a test-only switch) that it may
follow links and redirects to them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

NETGUARD = Path(__file__).parent / "netguard"
sys.path.insert(0, str(NETGUARD))
import guard  # type: ignore[import-not-found]  # noqa: E402

guard.install()
os.environ["SIGCHECK_TEST_NETGUARD"] = "1"
os.environ["SIGCHECK_TEST_ALLOW_LOOPBACK"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(NETGUARD), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from sigcheck.cli import main  # noqa: E402

ZH_HEADER = "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
EN_HEADER = "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"

# A tidy community: its tables are exactly what `sigcheck fix` generates.
GOOD_TREE: dict[str, str] = {
    "sigs/README.md": (
        "# SIGs\n\n## 目前的SIG组\n\n"
        "| SIG name                       | 技术领域   | SIG 负责人                                |\n"
        "|:-------------------------------|:-----------|:------------------------------------------|\n"
        "| [Compiler](compiler/README.md) | 图编译技术 | [@zx_qh](https://gitee.com/zx_qh)         |\n"
        "| [Data](data/README.md)         | 数据处理   | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
        "\n## 加入\n\n见 [Compiler](compiler/README.md#简介)。\n"
    ),
    "sigs/README_en.md": (
        "# SIGs\n\n"
        "| SIG name                          | Responsibilities | SIG Leads                                 |\n"
        "|:----------------------------------|:-----------------|:------------------------------------------|\n"
        "| [Compiler](compiler/README_en.md) | Graph compiling  | [@zx_qh](https://gitee.com/zx_qh)         |\n"
        "| [Data](data/README.md)            | Data processing  | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    ),
    "sigs/compiler/README.md": "# Compiler SIG\n\n## 简介\n\n## Meetings\n\n[上一级](../README.md)\n",
    "sigs/compiler/README_en.md": "# Compiler SIG\n\n## Introduction\n",
    "sigs/compiler/sig-info.yaml": (
        "name: Compiler\ndescription: 图编译技术\nmaintainers:\n"
        "  - gitee_id: zx_qh\n    name: Zhang\n    email: zhang@example.com\n"
    ),
    "sigs/data/README.md": "# Data SIG\n\n## 简介\n",
    "sigs/data/sig-info.yaml": "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n",
}


@dataclass
class Result:
    exit_code: int
    diagnostics: list[dict[str, object]]
    summary: dict[str, int]

    def codes(self) -> list[str]:
        return [str(d["code"]) for d in self.diagnostics]

    def of(self, code: str) -> list[dict[str, object]]:
        return [d for d in self.diagnostics if d["code"] == code]


Writer = Callable[..., Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> Writer:
    """Write a repository: the good tree, changed by `files` (None deletes a file)."""

    def write(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "repo"
        tree: dict[str, str | bytes | None] = dict(GOOD_TREE) if base else {}
        tree.update(files or {})
        for name, content in tree.items():
            path = root / name
            if content is None:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write


@pytest.fixture
def check(tmp_path: Path) -> Callable[..., Result]:
    """Run `sigcheck check` in process with JSON output; returns exit code and findings."""

    def run(root: Path, *args: str, t008: bool = False) -> Result:
        """T008 (layout of generated tables) is left out unless asked for: the tests of the
        other families write tables by hand."""
        report = tmp_path / "report.json"
        report.unlink(missing_ok=True)
        extra = [] if t008 else ["--ignore", "T008"]
        code = main(
            [
                "check",
                "--root",
                str(root),
                "--format",
                "json",
                "--output",
                str(report),
                "-q",
                *extra,
                *args,
            ]
        )
        if not report.exists():
            return Result(code, [], {})
        data = json.loads(report.read_text(encoding="utf-8"))
        return Result(code, data["diagnostics"], data["summary"])

    return run


_GUARD_KEYS = ("SIGCHECK_TEST_NETGUARD", "SIGCHECK_TEST_ALLOW_LOOPBACK", "PYTHONPATH")


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, as users and pre-commit run it (network guard on, even
    when `env` is given without it)."""
    if env is not None:
        env = {**env, **{k: os.environ[k] for k in _GUARD_KEYS}}
    return subprocess.run(
        [sys.executable, "-m", "sigcheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
