"""The first-`fix` guard (SPEC §7, issue 18): a `fix` before `import` on a MindSpore-shaped
tree would rename most rows; it writes nothing, exits 2 and says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigcheck.cli import main
from sigcheck.generate.plan import Changes
from tests.generate.conftest import sigcheck, write_tree
from tests.generate.mindspore_tree import SIGS, adopted, unimported

TABLES = ("sigs/README.md", "sigs/README_en.md")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("rewritten", "existing", "refused"),
    [(2, 2, False), (2, 7, False), (3, 12, False), (3, 11, True), (8, 8, True), (4, 15, True)],
)
def test_more_than_a_quarter_and_at_least_three(
    rewritten: int, existing: int, refused: bool
) -> None:
    changes = Changes(rewritten=[f"s{i}" for i in range(rewritten)], existing=existing)
    assert changes.wrecks is refused


def test_fix_before_import_writes_nothing_and_says_import_first(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", unimported())
    before = _snapshot(root)
    result = sigcheck("fix", "--root", str(root))
    assert result.returncode == 2, result.stderr
    assert (
        f"sigs/README.md:5: refused: regenerating would change the label, link, domain or "
        f"leads of {len(SIGS)} of its {len(SIGS)} rows" in result.stderr
    )
    assert "run `sigcheck import` first" in result.stderr and "`--force`" in result.stderr
    assert result.stderr.rstrip().endswith("sigcheck fix: nothing written")
    assert _snapshot(root) == before


def test_check_prints_the_diff_and_the_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(tmp_path / "repo", unimported())
    before = _snapshot(root)
    assert main(["fix", "--root", str(root), "--check"]) == 2
    out, err = capsys.readouterr()
    assert "+++ b/sigs/README.md" in out and "+| [MindSpore Compiler](compiler/README.md)" in out
    assert "refused:" in err and "nothing written" in err
    assert _snapshot(root) == before
    # T008 says the same: import first, exactly because fix would refuse
    report = tmp_path / "report.json"
    main(
        [
            "check",
            "--root",
            str(root),
            "--select",
            "T008",
            "--format",
            "json",
            "--output",
            str(report),
            "-q",
        ]
    )
    messages = [d["message"] for d in json.loads(report.read_text())["diagnostics"]]
    assert len(messages) == 2 * len(SIGS)  # one per row that differs, in each table
    assert all(
        f"run `sigcheck import` first: `sigcheck fix` would change what {len(SIGS)} of "
        f"{len(SIGS)} rows show, and refuses" in m
        for m in messages
    )


def test_import_then_fix_passes_the_guard(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", unimported())
    tables = {name: (root / name).read_text(encoding="utf-8") for name in TABLES}
    assert main(["import", "--root", str(root), "-q"]) == 0
    assert main(["fix", "--root", str(root), "-q"]) in (0, 1)
    # lossless adoption: no row changed what it shows, and minimal diffs: nothing at all
    assert {name: (root / name).read_text(encoding="utf-8") for name in TABLES} == tables


def test_force_regenerates_without_reformatting(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", unimported())
    assert main(["fix", "--root", str(root), "-q", "--force"]) == 1
    text = (root / "sigs/README.md").read_text(encoding="utf-8")
    assert "| [MindSpore Compiler](compiler/README.md) |" in text
    # --force does not imply --reformat: the header and alignment rows are kept as written
    assert "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n" in text
    assert main(["fix", "--root", str(root), "-q"]) == 0


def test_relinks_and_emails_turned_off_do_not_count(tmp_path: Path) -> None:
    """Every row changes, but only by a T010 relink (en) and an email the table showed (zh,
    emails off by default): not what the guard counts; two renamed SIGs are under the bar."""
    tree = adopted()
    for sig in SIGS:
        tree[f"sigs/{sig.folder}/README_en.md"] = f"# {sig.label}\n"
        link = f"[@{sig.lead}](https://gitee.com/{sig.lead})"
        tree["sigs/README.md"] = str(tree["sigs/README.md"]).replace(
            link + " |", f"{link}({sig.lead}@example.com) |"
        )
    for folder in ("data", "parallel"):
        path = f"sigs/{folder}/sig-info.yaml"
        tree[path] = str(tree[path]).replace("name: ", "name: Renamed ", 1)
    root = write_tree(tmp_path / "repo", tree)
    assert main(["fix", "--root", str(root), "-q"]) == 1
    en = (root / "sigs/README_en.md").read_text(encoding="utf-8")
    assert en.count("/README_en.md)") == len(SIGS)
    assert "example.com" not in (root / "sigs/README.md").read_text(encoding="utf-8")


def test_most_sigs_without_metadata_t008_and_rule_say_import_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = adopted()
    for sig in SIGS[:5]:
        tree[f"sigs/{sig.folder}/sig-info.yaml"] = None
    tree["sigs/parallel/sig-info.yaml"] = str(tree["sigs/parallel/sig-info.yaml"]).replace(
        "- gitee_id: pei-lin", "- gitee_id: pei-lin\n- gitee_id: new-one"
    )
    root = write_tree(tmp_path / "repo", tree)
    for name in tree:
        if tree[name] is None:
            (root / name).unlink(missing_ok=True)
    assert main(["check", "--root", str(root), "--select", "T008"]) == 1
    out = capsys.readouterr().out
    assert (
        "5 of 8 SIGs have no sig-info.yaml: run `sigcheck import` first, then `sigcheck fix`" in out
    )
    assert main(["rule", "T008"]) == 0
    assert "run `sigcheck import` first" in capsys.readouterr().out
