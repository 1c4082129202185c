"""Fixtures for generated SIG pages: a small community in a real temporary folder, with no SIG
table configured, so that what `fix` and `check` say is about the pages alone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.generate.conftest import MakeRepo, Tree, write_tree

CONFIG = "tables = []\n"

META = """\
name: Compiler
description: 图编译技术
mailing_list: compiler@lists.example.org
meeting_url: https://meeting.example.com/compiler
mentors:
- gitee_id: mentor-lin
  name: Lin Qiao
maintainers:
- gitee_id: lead_wu
  name: Wu Ran
  email: wu.ran@example.com
- name: 孙明远
  organization: 北方计算研究所
committers:
- gitee_id: commit-he
repositories:
- repo:
  - example/compiler
  - example/graph-kernel/
  - TBD
  - example
  committers:
  - gitee_id: commit-he
  - gitee_id: NA
    email: TO_BE_CLARIFIED
  - gitee_id: fuse_tan
"""

BEGIN = "<!-- sigcheck:begin sig-info -->"
END = "<!-- sigcheck:end sig-info -->"

ZH_PAGE = f"# Compiler SIG\n\n介绍。\n\n{BEGIN}\n{END}\n\n## 会议\n\n每周五。\n"
EN_PAGE = f"# Compiler SIG\n\nAbout.\n\n{BEGIN}\nold text\n{END}\n"

ZH_REGION = f"""\
{BEGIN}
<!-- 本节由 sigcheck 根据 sig-info.yaml 生成：请修改 sig-info.yaml，再运行 sigcheck fix -->

## SIG 信息

### SIG 负责人

- [@lead_wu](https://gitee.com/lead_wu)
- 孙明远（北方计算研究所）

### 导师

- [@mentor-lin](https://gitee.com/mentor-lin)

### Committers

- [@commit-he](https://gitee.com/commit-he)
- [@fuse_tan](https://gitee.com/fuse_tan)

### 代码仓

- [example/compiler](https://gitee.com/example/compiler)
- [example/graph-kernel](https://gitee.com/example/graph-kernel)
- example

### 联系方式

- 邮件列表：[compiler@lists.example.org](mailto:compiler@lists.example.org)
- 会议：[https://meeting.example.com/compiler](https://meeting.example.com/compiler)

{END}
"""

BASE: Tree = {
    ".sigcheck.toml": CONFIG,
    "sigs/compiler/sig-info.yaml": META,
    "sigs/compiler/README.md": ZH_PAGE,
    "sigs/compiler/README_en.md": EN_PAGE,
}


@pytest.fixture
def pages_repo(tmp_path: Path) -> MakeRepo:
    """The base tree changed by `files` (None removes a file)."""

    def make(files: Tree | None = None) -> Path:
        return write_tree(tmp_path / "repo", {**BASE, **(files or {})})

    return make


def fix(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("fix", "--root", str(root), *args)


def findings(root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    """`sigcheck check` through the real CLI: exit code and the T008 findings."""
    result = run_cli(
        "check", "--root", str(root), "--format", "json", "--no-cache", "--select", "T008", *args
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["diagnostics"]
