"""Fixtures for table generation: small SIG repositories in real temporary folders."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sigcheck.config import load_config
from sigcheck.loader import load_community
from sigcheck.model import Community
from tests.conftest import run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "examples" / "mindspore"

ZH_HEAD = "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
EN_HEAD = "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"

BASE: dict[str, str] = {
    "sigs/README.md": (
        "# SIGs\n\n介绍。\n\n## 目前的SIG组\n\n"
        + ZH_HEAD
        + "| [Compiler](compiler/README.md) | 图编译技术 | [@zhaoq](https://gitee.com/zhaoq) |\n"
        + "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
        + "\n## 加入\n\n欢迎。\n"
    ),
    "sigs/README_en.md": (
        "# SIGs\n\n"
        + EN_HEAD
        + "| [Compiler](compiler/README_en.md) | Graph compiling | [@zhaoq](https://gitee.com/zhaoq) |\n"
        + "| [Data](data/README.md) | Data processing | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
        + "\nMore text.\n"
    ),
    "sigs/compiler/README.md": "# Compiler\n",
    "sigs/compiler/README_en.md": "# Compiler\n",
    "sigs/compiler/sig-info.yaml": (
        "name: Compiler\ndescription: 图编译技术\ndescription_en: Graph compiling\n"
        "domain: 图编译技术\ndomain_en: Graph compiling\n"
        "maintainers:\n- gitee_id: zhaoq\n  name: Zhang\n  email: zhang@example.com\n"
    ),
    "sigs/data/README.md": "# Data\n",
    "sigs/data/sig-info.yaml": (
        "name: Data\ndomain: 数据处理\ndomain_en: Data processing\n"
        "maintainers:\n- gitee_id: liu-cunyi\n"
    ),
}

STALE: dict[str, str | bytes | None] = {
    "sigs/compiler/sig-info.yaml": BASE["sigs/compiler/sig-info.yaml"] + "- gitee_id: wang-lei\n"
}
"""A second maintainer for Compiler: its row in each table is out of date (padding alone never
is: SPEC §7)."""

Tree = dict[str, str | bytes | None]
MakeRepo = Callable[..., Path]


def write_tree(root: Path, files: Tree) -> Path:
    for name, content in files.items():
        path = root / name
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def sig_repo(tmp_path: Path) -> MakeRepo:
    """A repository: the base tree changed by `files` (None removes a file)."""

    def make(files: Tree | None = None, base: bool = True) -> Path:
        tree: Tree = dict(BASE) if base else {}
        tree.update(files or {})
        return write_tree(tmp_path / "repo", tree)

    return make


def community_of(root: Path) -> Community:
    return load_community(root, load_config(root))


def sigcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, as users and pre-commit run it."""
    return run_cli(*args, cwd=cwd)
