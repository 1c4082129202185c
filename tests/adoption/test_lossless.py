"""Adoption is lossless (SPEC §7): on a copy of examples/mindspore (two tables, display labels,
plain-name leads, English names in the en table, placeholders, SIGs listed nowhere), `import`
then `fix` changes no visible content of any existing row, in either language. The only
changes: padding, the email of a table that does not show emails, an en row that now links
the SIG's English README (T010), and new rows for SIGs listed nowhere that have metadata."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.adoption.reader import Row, read_rows
from tests.conftest import run_cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mindspore"
TABLES = ("sigs/README.md", "sigs/README_en.md")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "mindspore"
    shutil.copytree(EXAMPLE, root)
    for path in root.rglob("*"):  # the copy may be read-only like the original
        path.chmod(path.stat().st_mode | 0o200)
    return root


def _rows(root: Path) -> dict[str, list[Row]]:
    return {table: read_rows(root / table) for table in TABLES}


def _changed_cells(before: Row, after: Row) -> list[str]:
    pairs = {
        "name": ((before.label, before.link), (after.label, after.link)),
        "domain": (before.domain, after.domain),
        "leads": (before.leads, after.leads),
    }
    return [column for column, (old, new) in pairs.items() if old != new]


def test_import_then_fix_changes_only_what_is_allowed(tree: Path) -> None:
    before = _rows(tree)

    imported = run_cli("import", "--root", str(tree))
    assert imported.returncode == 0, imported.stderr
    fixed = run_cli("fix", "--root", str(tree))
    # the tables changed; edge_training's broken metadata is reported but is no failure
    assert fixed.returncode == 1, fixed.stderr
    assert "edge_training/sig-info.yaml:6:3: left out, as it breaks the schema" in fixed.stderr
    assert "no `domain`: the new row of `LLM Inference Serving`" in fixed.stderr
    after = _rows(tree)

    changes: dict[str, list[str]] = {}
    for table in TABLES:
        old_rows, new_rows = before[table], after[table]
        # existing rows first, in their order; new rows appended
        assert [r.label for r in new_rows[: len(old_rows)]] == [r.label for r in old_rows]
        for old, new in zip(old_rows, new_rows, strict=False):
            cells = _changed_cells(old, new)
            if cells:
                changes[f"{table}: {old.label}"] = cells
            # emails aside, every lead reads the same: link text and target, or name and
            # affiliation
            assert new.leads == old.without_emails().leads, (table, old.label)
        # edge_training's sig-info.yaml has one broken maintainer entry: left out, the rest
        # of its metadata still adds its row (SPEC §7, partial metadata)
        [edge, added] = new_rows[len(old_rows) :]
        assert edge.label == "EdgeTraining" and not edge.leads
        assert added.label == "LLM Inference Serving"
        assert added.link == "LLM%20Inference%20Serving/README.md"
        assert len(added.domain) <= 60 and added.domain  # a summary, not the paragraph

    # the allowed changes, and nothing else: the email the tables no longer show, and the
    # en Usability row now links the SIG's English README (T010)
    assert changes == {
        "sigs/README.md: DevelopereXperience": ["leads"],
        "sigs/README_en.md: DevelopereXperience": ["leads"],
        "sigs/README_en.md: Usability": ["name"],
    }
    old_usability = next(r for r in before["sigs/README_en.md"] if r.label == "Usability")
    new_usability = next(r for r in after["sigs/README_en.md"] if r.label == "Usability")
    assert (old_usability.link, new_usability.link) == (
        "usability/README.md",
        "usability/README_en.md",
    )

    # display labels, English names and the plain name spelt like an id are all kept
    en = {r.label: r for r in after["sigs/README_en.md"]}
    assert en["AI for Science"].leads[0].name == "Mingyuan Sun"
    assert [lead.name or lead.text for lead in en["Executor"].leads] == ["@kxwang", "Haoyu"]
    assert en["ModelZoo"].leads[0].text == "@chenghaoran"

    again = run_cli("fix", "--root", str(tree))
    assert again.returncode == 0, again.stderr
    assert _rows(tree) == after

    check = run_cli("check", "--root", str(tree), "--format", "json", "--no-cache")
    codes = {d["code"] for d in json.loads(check.stdout)["diagnostics"]}
    assert not codes & {"T008", "M005", "P002"}, check.stdout


def test_import_dry_run_shows_the_diff_of_the_richer_tree(tree: Path) -> None:
    result = run_cli("import", "--root", str(tree), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "+++ b/sigs/mindscience/sig-info.yaml\n" in result.stdout
    assert "+display_name_en: AI for Science\n" in result.stdout
    assert "+- name: Haoyu\n" in result.stdout
    # nothing was written
    assert "leads:" not in (tree / "sigs/mindscience/sig-info.yaml").read_text(encoding="utf-8")
