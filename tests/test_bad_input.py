"""Bad input gets a diagnostic or exit 2 with a message, never a traceback (SPEC §8).

Each case runs the real CLI in a subprocess, as pre-commit would.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    + "name: x\n"
)


def run_json(root: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli("check", "--root", str(root), "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 2:
        return 2, [], result.stderr
    return result.returncode, json.loads(result.stdout)["diagnostics"], result.stderr


def found(diagnostics: list[dict[str, object]], code: str, path: str) -> list[dict[str, object]]:
    return [d for d in diagnostics if d["code"] == code and d["path"] == path]


def test_readme_with_no_table(make_repo):
    code, diagnostics, _ = run_json(make_repo({"sigs/README.md": "# SIGs\n\nprose only\n"}))
    assert code == 1 and found(diagnostics, "T001", "sigs/README.md")


def test_table_with_missing_pipes_and_cells(make_repo):
    page = (
        "| SIG name | 技术领域 | SIG 负责人 |\n|---|---|---|\n"
        "| [Compiler](compiler/README.md) | 图编译技术\n"
        "| [Data](data/README.md) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) | extra |\n"
    )
    _code, diagnostics, _ = run_json(make_repo({"sigs/README.md": page}))
    assert [d["line"] for d in diagnostics if d["code"] == "T003"] == [3, 4]


def test_row_whose_name_cell_has_no_link(make_repo):
    page = "| SIG name | 技术领域 | SIG 负责人 |\n|---|---|---|\n| Data | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    _code, diagnostics, _ = run_json(make_repo({"sigs/README.md": page}))
    assert found(diagnostics, "T004", "sigs/README.md")[0]["line"] == 3


def test_invalid_utf8_everywhere(make_repo):
    root = make_repo(
        {
            "sigs/README_en.md": b"# SIGs\n\n\xff\xfe bad\n",
            "sigs/data/README.md": b"# Data\n\nok line\nbad \xc3\x28 here\n",
            "sigs/data/sig-info.yaml": b"name: \xff\n",
        }
    )
    _code, diagnostics, _ = run_json(root)
    assert "not valid UTF-8" in str(found(diagnostics, "T001", "sigs/README_en.md")[0]["message"])
    [doc] = found(diagnostics, "F001", "sigs/data/README.md")
    assert "not valid UTF-8" in str(doc["message"])
    [yaml] = found(diagnostics, "M002", "sigs/data/sig-info.yaml")
    assert (yaml["line"], yaml["column"]) == (1, 7)


def test_empty_files(make_repo):
    root = make_repo(
        {"sigs/README.md": "", "sigs/data/README.md": "", "sigs/data/sig-info.yaml": ""}
    )
    _code, diagnostics, _ = run_json(root)
    assert found(diagnostics, "T001", "sigs/README.md")
    assert "empty" in str(found(diagnostics, "M002", "sigs/data/sig-info.yaml")[0]["message"])
    assert found(diagnostics, "F001", "sigs/data/README.md") == []  # an empty page is a page


def test_ten_megabyte_readme(make_repo):
    big = "# Big\n\n" + ("[x](missing.md) 内容 " * 20 + "\n") * 40_000
    assert len(big.encode()) > 10 * 1024 * 1024
    root = make_repo({"sigs/data/README.md": big, "sigs/README_en.md": big})
    _code, diagnostics, _ = run_json(root)
    assert "limit" in str(found(diagnostics, "F001", "sigs/data/README.md")[0]["message"])
    assert found(diagnostics, "T001", "sigs/README_en.md")


def test_yaml_that_is_not_a_mapping(make_repo):
    root = make_repo(
        {"sigs/data/sig-info.yaml": "just a string\n", "sigs/compiler/sig-info.yaml": "- [1]\n"}
    )
    _code, diagnostics, _ = run_json(root)
    assert found(diagnostics, "M003", "sigs/data/sig-info.yaml")
    assert found(diagnostics, "M003", "sigs/compiler/sig-info.yaml")


def test_yaml_alias_bomb(make_repo):
    _code, diagnostics, _ = run_json(make_repo({"sigs/data/sig-info.yaml": BOMB}))
    [finding] = found(diagnostics, "M002", "sigs/data/sig-info.yaml")
    assert "aliases expand" in str(finding["message"])


def test_recursive_yaml_alias(make_repo):
    _code, diagnostics, _ = run_json(
        make_repo({"sigs/data/sig-info.yaml": "a: &a [*a]\nname: x\n"})
    )
    assert found(diagnostics, "M002", "sigs/data/sig-info.yaml")


def test_sig_info_that_is_a_directory(make_repo):
    root = make_repo({"sigs/data/sig-info.yaml": None})
    (root / "sigs/data/sig-info.yaml").mkdir()
    _code, diagnostics, _ = run_json(root)
    assert "directory" in str(found(diagnostics, "M002", "sigs/data/sig-info.yaml")[0]["message"])


def test_link_to_symlink_out_of_the_tree(make_repo, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n", encoding="utf-8")
    root = make_repo({"sigs/data/README.md": "# Data\n\n[s](link.md)\n"})
    os.symlink(outside, root / "sigs/data/link.md")
    _code, diagnostics, _ = run_json(root)
    [finding] = found(diagnostics, "L004", "sigs/data/README.md")
    assert "symlink" in str(finding["message"])


def test_sigs_folder_that_does_not_exist(tmp_path):
    code, _diagnostics, stderr = run_json(tmp_path)
    assert code == 2  # SPEC §3: nothing recognised, nothing configured: no guess
    assert "no SIG layout recognised" in stderr and "Traceback" not in stderr
    (tmp_path / ".sigcheck.toml").write_text('sigs_dir = "sigs"\n', encoding="utf-8")
    code, _diagnostics, stderr = run_json(tmp_path)
    assert code == 2
    assert "sigs folder `sigs` does not exist" in stderr


def test_deeply_nested_markdown(make_repo):
    code, _diagnostics, _ = run_json(
        make_repo({"sigs/data/README.md": "> " * 5000 + "[x](missing.md)\n" + "[" * 10000})
    )
    assert code in (0, 1)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("sigs_dirr = 'sigs'\n", "sigs_dirr: unknown key"),
        ("sigs_dir = [1\n", "not valid TOML"),
        ("[[tables]]\npath = 'x.md'\ncolumns = ['a']\n", "columns takes three headers"),
        ("[online]\nworkers = 0\n", "online.workers"),
    ],
)
def test_bad_configuration_exits_2(make_repo, config, message):
    root = make_repo({".sigcheck.toml": config})
    code, _, stderr = run_json(root)
    assert code == 2
    assert message in stderr
