"""T010: the en table links a SIG's Chinese README although the SIG has an English one; `fix`
switches the link, in regenerated rows and in rows it keeps verbatim (no metadata)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run_cli
from tests.links.trees import MINDSPORE, write


def _t010(root: Path) -> list[dict[str, object]]:
    result = run_cli("check", "--root", str(root), "--no-cache", "--format", "json")
    return [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "T010"]


def test_reported_at_the_name_link_with_the_fix(tmp_path: Path) -> None:
    found = _t010(write(tmp_path, MINDSPORE))
    assert [(d["path"], d["line"], d["column"], d["severity"]) for d in found] == [
        ("sigs/README_en.md", 5, 3, "warning"),
        ("sigs/README_en.md", 6, 3, "warning"),
    ]
    assert found[1]["message"] == (
        "links the Chinese `modelzoo/README.md` although the SIG has `README.en.md`: "
        "link `modelzoo/README.en.md`; `sigcheck fix` switches it"
    )


def test_fix_switches_regenerated_and_verbatim_rows_and_nothing_else(tmp_path: Path) -> None:
    root = write(tmp_path, MINDSPORE)
    zh_before = (root / "sigs/README.md").read_text(encoding="utf-8")
    result = run_cli("fix", "--root", str(root))
    assert result.returncode == 1, result.stderr
    assert "modelzoo (name)" in result.stderr
    en = (root / "sigs/README_en.md").read_text(encoding="utf-8")
    assert "[Data](data/README_en.md)" in en  # regenerated from metadata
    # kept verbatim but for the link (the columns are padded)
    assert re.search(r"\| \[ModelZoo\]\(modelzoo/README\.en\.md\) +\| AI models +\| ", en)
    assert "[LLM Inference Serving](LLM%20Inference%20Serving/README.md)" in en  # no en README
    zh = (root / "sigs/README.md").read_text(encoding="utf-8")
    for link in (
        "(data/README.md)",
        "(modelzoo/README.md)",
        "(LLM%20Inference%20Serving/README.md)",
    ):
        assert link in zh_before and link in zh  # the zh table keeps the Chinese READMEs
    assert _t010(root) == []
    check = run_cli("check", "--root", str(root), "--no-cache", "--select", "T008,T010")
    assert check.returncode == 0, check.stdout


def test_not_reported_where_the_link_is_right(make_repo, check) -> None:
    """The shared tree's en table links compiler's README_en.md, and data has no English
    README: nothing to say; the zh table is never concerned."""
    root = make_repo({"sigs/data/README.en.md": None})
    assert check(root, "--select", "T010").diagnostics == []
    root = make_repo(
        {
            "sigs/README_en.md": (
                "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"
                "| [Compiler](compiler/README.md#intro) | Graph | [@zx_qh](https://gitee.com/zx_qh) |\n"
            )
        }
    )
    assert check(root, "--select", "T010").diagnostics == []  # a fragment: not a README link
