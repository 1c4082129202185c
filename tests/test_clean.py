"""A tidy community has nothing to report."""

from sigcheck.checks import run_offline
from sigcheck.config import Config
from sigcheck.loader import load_community


def test_good_tree_is_clean(make_repo, check):
    result = check(make_repo(), t008=True)
    assert result.diagnostics == []
    assert result.exit_code == 0
    assert result.summary == {"errors": 0, "warnings": 0, "infos": 0, "files": 7}


def test_model_reads_both_tables(make_repo):
    community = load_community(make_repo(), Config())
    zh, en = community.tables
    assert [row.folder for row in zh.rows] == ["compiler", "data"]
    assert [row.folder for row in en.rows] == ["compiler", "data"]
    assert zh.rows[0].leads[0].handle == "zx_qh"
    assert en.config.is_english and not zh.config.is_english
    assert run_offline(community) == []


def test_english_table_is_optional(make_repo, check):
    root = make_repo()
    (root / "sigs/README_en.md").unlink()
    assert check(root, t008=True).diagnostics == []
