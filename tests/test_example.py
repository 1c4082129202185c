"""examples/mindspore shows exactly the findings the real MindSpore table has."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.conftest import run_cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mindspore"
MISMATCHES = {
    "zhangtong": "tong-zhang",
    "wangnan": "wangnan39",
    "chenhaozhe": "c_34",
    "liangyongxiong": "liangyongxiong1024",
    "baiyouhui": "bert0108",
}


def test_example_reports_only_what_the_reference_has():
    result = run_cli("check", "--root", str(EXAMPLE), "--format", "json", "--no-cache")
    assert result.returncode == 1, result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert Counter(d["code"] for d in diagnostics) == {"P002": 10, "T008": 2}
    for table in ("sigs/README.md", "sigs/README_en.md"):
        found = {
            str(d["message"]).split("`")[1]: str(d["message"]).split("`")[3]
            for d in diagnostics
            if d["code"] == "P002" and d["path"] == table
        }
        assert found == {f"@{text}": handle for text, handle in MISMATCHES.items()}
    # the tables are not yet generated from the metadata: the five labels and dx's email
    t008 = [str(d["message"]) for d in diagnostics if d["code"] == "T008"]
    assert all("dx (leads)" in message and "usability (leads)" in message for message in t008)
