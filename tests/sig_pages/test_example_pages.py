"""examples/mindspore: three SIGs carry a generated region, fresh; the others can get one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.sig_pages.conftest import BEGIN, findings, fix

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mindspore"
WITH_REGION = ("compiler", "security", "mindquantum")


def test_the_example_regions_are_fresh() -> None:
    for sig in WITH_REGION:
        for name in ("README.md", "README_en.md"):
            assert (EXAMPLE / "sigs" / sig / name).read_text(encoding="utf-8").count(BEGIN) == 1
    _, found = findings(EXAMPLE)
    assert {d["path"] for d in found} == {"sigs/README.md", "sigs/README_en.md"}  # the tables


def test_a_changed_maintainer_makes_both_pages_stale(tmp_path: Path) -> None:
    root = shutil.copytree(EXAMPLE, tmp_path / "mindspore")
    meta = root / "sigs/security/sig-info.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("- gitee_id: zeyu-wang", "- gitee_id: wen_lan", 1), "utf-8")
    _, found = findings(root)
    pages = {str(d["path"]): str(d["message"]) for d in found if "sig-info" in str(d["message"])}
    assert set(pages) == {"sigs/security/README.md", "sigs/security/README_en.md"}
    assert all(
        "leads to remove" not in m and re.search(r"leads differ|leads missing", m)
        for m in pages.values()
    ), pages


BROKEN_METADATA: set[str] = set()
"""edge_training's one maintainer entry breaks the schema: it is left out and the rest of its
metadata still fills the region (SPEC §7, partial metadata)."""


def test_init_pages_proposes_a_region_for_every_other_sig_page(tmp_path: Path) -> None:
    root = shutil.copytree(EXAMPLE, tmp_path / "mindspore")
    result = fix(root, "--init-pages", "--check", "--force")  # not imported yet: the guard
    assert result.returncode == 1
    proposed = set(re.findall(r"^\+\+\+ b/(sigs/[^/]+/README[^\n]*\.md)$", result.stdout, re.M))
    with_metadata = {
        f"sigs/{folder.name}/{page.name}"
        for folder in (root / "sigs").iterdir()
        if (folder / "sig-info.yaml").is_file() and folder.name not in BROKEN_METADATA
        for page in folder.iterdir()
        if page.name in ("README.md", "README_en.md", "README.en.md")
    }
    untouched = {
        f"sigs/{sig}/{name}" for sig in WITH_REGION for name in ("README.md", "README_en.md")
    }
    assert proposed == with_metadata - untouched
    assert proposed  # the example has SIG pages without a region
