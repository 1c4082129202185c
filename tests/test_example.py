"""examples/mindspore shows the phenomena of the real MindSpore tree, with invented people:
five display labels that differ from their handles, plain-name leads (one spelt like an id),
English names in the en table, an email in a leads cell, an en row linking the Chinese README,
placeholders in metadata, a SIG listed nowhere with a long description and one whose
metadata is broken."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.conftest import run_cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mindspore"
MISMATCHES = {
    "zty": "zhang-tongyu",
    "wangnanxi": "nanxi39",
    "chenghaoran": "c_hr",
    "liangyongxin": "lyx1024",
    "baiyouhan": "ernie0108",
}


def _check() -> list[dict[str, object]]:
    result = run_cli("check", "--root", str(EXAMPLE), "--format", "json", "--no-cache")
    assert result.returncode == 1, result.stderr
    diagnostics: list[dict[str, object]] = json.loads(result.stdout)["diagnostics"]
    return diagnostics


def test_example_reports_exactly_its_phenomena() -> None:
    diagnostics = _check()
    assert Counter(d["code"] for d in diagnostics) == {
        "P002": 10,  # five labels, in each table
        "P004": 6,  # Haoyu, and MindScience's two leads, in each table
        "M007": 4,  # MindScience: 4 shared `TO_BE_CLARIFIED` emails (`NA`, `Na`: none, not owed)
        "T008": 19,  # rows not generated from the metadata yet: 9 + 10, one per row
        "D003": 2,  # two SIGs listed nowhere
        "M005": 1,  # Executor's plain-name lead `Haoyu` is not in its metadata's leads
        "M010": 2,  # Executor's page: `Haoyu` under SIG Leads, and missing from its Committers
        "M003": 1,  # edge_training's unfinished maintainer
        "T010": 1,  # the en Usability row links the Chinese README; the SIG has README_en.md
    }
    for table in ("sigs/README.md", "sigs/README_en.md"):
        found = {
            str(d["message"]).split("`")[1]: str(d["message"]).split("`")[3]
            for d in diagnostics
            if d["code"] == "P002" and d["path"] == table
        }
        assert found == {f"@{text}": handle for text, handle in MISMATCHES.items()}
    orphans = {d["path"] for d in diagnostics if d["code"] == "D003"}
    assert orphans == {"sigs/LLM Inference Serving", "sigs/edge_training"}
    t008 = [str(d["message"]) for d in diagnostics if d["code"] == "T008"]
    # edge_training's broken maintainer entry is left out; the rest of its metadata adds a row
    for folder in ("edge_training", "LLM Inference Serving"):
        assert sum(f"no row for `{folder}`" in message for message in t008) == 2
    assert (
        sum("row of `dx` differs from what the metadata generates: leads" in m for m in t008) == 2
    )


# pages another change regenerates; their people are replaced there
_PAGES_ELSEWHERE = {
    f"sigs/{sig}/{page}"
    for sig in ("compiler", "security", "mindquantum")
    for page in ("README.md", "README_en.md")
}


def test_example_has_no_real_person() -> None:
    """Every handle and email in the example is invented (the tables once copied real ones)."""
    texts = "\n".join(
        path.read_text(encoding="utf-8")
        for path in EXAMPLE.rglob("*")
        if path.is_file() and path.relative_to(EXAMPLE).as_posix() not in _PAGES_ELSEWHERE
    )
    for real in ("jiancao81", "cao-jian@", "tong-zhang", "wangnan39", "zh_qh", "randywangze"):
        assert real not in texts
