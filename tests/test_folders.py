"""D: SIG folders against the tables."""

from tests.conftest import ZH_HEADER

COMPILER = "| [Compiler](compiler/README.md) | 图编译技术 | [@zx_qh](https://gitee.com/zx_qh) |\n"
DATA = "| [Data](data/README.md) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"


def test_d001_linked_folder_missing(make_repo, check):
    ghost = "| [Ghost](ghost/README.md) | 幽灵 | [@zx_qh](https://gitee.com/zx_qh) |\n"
    result = check(
        make_repo({"sigs/README.md": "# SIGs\n\n" + ZH_HEADER + COMPILER + DATA + ghost})
    )
    [finding] = result.of("D001")
    assert (finding["line"], finding["column"]) == (7, 3)
    assert "`sigs/ghost` does not exist" in str(finding["message"])
    assert "L001" not in result.codes()  # reported once, as D001


def test_d001_folder_with_other_case(make_repo, check):
    row = "| [Data](Data/README.md) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    result = check(make_repo({"sigs/README.md": "# SIGs\n\n" + ZH_HEADER + COMPILER + row}))
    assert "there is `sigs/data`" in str(result.of("D001")[0]["message"])


def test_d002_folder_without_readme(make_repo, check):
    root = make_repo()
    (root / "sigs/data/README.md").rename(root / "sigs/data/readme.md")
    result = check(root)
    [finding] = result.of("D002")
    assert finding["path"] == "sigs/data"
    assert "found `readme.md`" in str(finding["message"])


def test_d003_orphan_folder(make_repo, check):
    result = check(make_repo({"sigs/orphan/README.md": "# Orphan\n"}))
    [finding] = result.of("D003")
    assert finding["path"] == "sigs/orphan"
    assert result.codes() == ["D003", "M001"]


def test_hidden_and_excluded_folders_are_not_sigs(make_repo, check):
    root = make_repo({"sigs/.github/README.md": "x\n", "sigs/images/logo.md": "x\n"})
    (root / ".sigcheck.toml").write_text('exclude = ["sigs/images"]\n', encoding="utf-8")
    assert check(root).diagnostics == []


def test_folder_with_spaces_and_chinese_names(make_repo, check):
    rows = (
        "| [LLM Serving](LLM%20Inference%20Serving/README.md) | 推理 | [@zx_qh](https://gitee.com/zx_qh) |\n"
        "| [数据](数据组/README.md) | 数据 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    )
    root = make_repo(
        {
            "sigs/README.md": "# SIGs\n\n" + ZH_HEADER + COMPILER + DATA + rows,
            "sigs/LLM Inference Serving/README.md": "# LLM\n\n[数据](../数据组/README.md#简介)\n",
            "sigs/数据组/README.md": "# 数据组\n\n## 简介\n",
        }
    )
    result = check(root, "--ignore", "M001,T009")
    assert result.diagnostics == []
