"""A messy community for the reporting tests, and the real SARIF Multitool.

The tree has what broke GitHub's ingestion on the real MindSpore tree: folder names with spaces
and Chinese, findings about folders (no line), and a message with workflow-command characters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.npm_tools import npm_install, unavailable

MULTITOOL_VERSION = "5.7.0"

MESSY: dict[str, str | None] = {
    "sigs/data/README.md": "# Data\n\n[x](missing.md)\n\n[y](../compiler/README.md#没有)\n",
    "sigs/LLM Inference Serving/README.md": "# LLM\n\n[guide](guide%20v2.md)\n",
    "sigs/数据 组/README.md": "# 数据\n\n[a](%E4%B8%8D%E5%AD%98%E5%9C%A8.md)\n",
    "sigs/no readme/sig-info.yaml": "name: No readme\nmaintainers:\n  - gitee_id: kite_runner\n",
    "sigs/odd,name:50%/README.md": "# Odd\n",
}


@pytest.fixture(scope="session")
def multitool(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Microsoft's SARIF Multitool from npm. `SARIF_MULTITOOL` names an installed binary;
    otherwise it is installed into a temporary prefix."""
    given = os.environ.get("SARIF_MULTITOOL")
    if given:
        return Path(given)
    platform = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform)
    if platform is None:
        unavailable(f"no SARIF Multitool package for {sys.platform}")
    modules = npm_install(
        tmp_path_factory.mktemp("multitool"), f"@microsoft/sarif-multitool@{MULTITOOL_VERSION}"
    )
    binary = modules / "@microsoft" / f"sarif-multitool-{platform}"
    binary = binary / ("Sarif.Multitool.exe" if platform == "win32" else "Sarif.Multitool")
    if not binary.is_file():
        unavailable(f"{binary} is missing after npm install")
    # npm 11 does not run the package's postinstall (`chmod u+x`) unless allowed
    binary.chmod(0o755)
    return binary


NO_HOME = ("SARIF2005", "Warning_ProvideToolnformationUri")
"""The one SARIF (not GitHub) rule sigcheck's output does not follow, on purpose: it asks for the
tool's `informationUri`, and sigcheck has no public home yet (no invented address; GitHub's
rules do not ask for it). Accepted only while `sigcheck.rules.PROJECT_URL` is None."""


def validate(multitool: Path, sarif: Path) -> list[dict[str, Any]]:
    """The Multitool's findings (JSON schema, SARIF rules, GitHub rules) on one file, but
    `NO_HOME`. It exits 0 whatever it finds, so its own SARIF output is read."""
    from sigcheck.rules import PROJECT_URL

    report = sarif.with_name(sarif.stem + ".validation.sarif")
    report.unlink(missing_ok=True)
    result = subprocess.run(
        [
            str(multitool),
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--output",
            str(report),
            str(sarif),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert report.is_file(), result.stdout + result.stderr
    results: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))["runs"][0][
        "results"
    ]
    accepted = set() if PROJECT_URL else {NO_HOME}
    return [r for r in results if (r["ruleId"], r["message"].get("id")) not in accepted]
