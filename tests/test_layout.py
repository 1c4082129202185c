"""Layouts: recognised from the folders, overridden by explicit keys."""

from pathlib import Path

from sigcheck.config import Config, discover_root, load_config


def test_recognised_layouts(tmp_path: Path):
    (tmp_path / "ms" / "sigs").mkdir(parents=True)
    (tmp_path / "ms" / "sigs" / "README.md").write_text("# SIGs\n", encoding="utf-8")
    (tmp_path / "oe" / "sig" / "Storage").mkdir(parents=True)  # SPEC §3: what each looks for
    (tmp_path / "oe" / "sig" / "Storage" / "OWNERS").write_text("maintainers: []\n")
    mindspore = load_config(tmp_path / "ms")
    openeuler = load_config(tmp_path / "oe")
    assert (mindspore.layout, mindspore.sigs_dir, mindspore.one_sig_rule) == (
        "mindspore",
        "sigs",
        False,
    )
    assert (openeuler.layout, openeuler.sigs_dir, openeuler.one_sig_rule) == (
        "openeuler",
        "sig",
        True,
    )
    assert openeuler.owners_file_name == "OWNERS" and mindspore.owners_file_name is None
    assert openeuler.resolved_tables(tmp_path / "oe") == []
    keys = [i.key for i in openeuler.people_rules().identities]
    assert keys == ["gitee_id", "atomgit_id", "openeuler_id"]
    assert openeuler.people_rules().identities[1].profile("h") == "https://atomgit.com/h"


def test_explicit_keys_override_the_layout(tmp_path: Path):
    (tmp_path / "sig").mkdir()
    (tmp_path / ".sigcheck.toml").write_text(
        'sigs_dir = "sig"\nowners_file = ""\none_sig_per_repository = false\n'
        'profile_url = "https://gitee.example.org"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.layout == "openeuler"
    assert config.owners_file_name is None and config.one_sig_rule is False
    assert config.people_rules().primary.profile("a") == "https://gitee.example.org/a"


def test_a_default_config_is_mindspore():
    assert Config().layout_spec.name == "mindspore"


def test_root_discovery_accepts_sig(tmp_path: Path):
    (tmp_path / "sig" / "Kernel").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    assert discover_root(tmp_path / "sig" / "Kernel") == tmp_path.resolve()
