"""T: the SIG tables."""

from tests.conftest import EN_HEADER, ZH_HEADER

COMPILER = "| [Compiler](compiler/README.md) | 图编译技术 | [@zx_qh](https://gitee.com/zx_qh) |\n"
DATA = "| [Data](data/README.md) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"


def zh(*rows: str, header: str = ZH_HEADER) -> dict[str, str | bytes | None]:
    return {"sigs/README.md": "# SIGs\n\n" + header + "".join(rows)}


def test_t001_no_table(make_repo, check):
    result = check(make_repo({"sigs/README.md": "# SIGs\n\nNo table here.\n"}))
    assert result.codes().count("T001") == 1
    assert result.exit_code == 1
    # without a readable table, folders are not reported as orphans
    assert "D003" not in result.codes()


def test_t001_missing_configured_file(make_repo, check):
    root = make_repo()
    (root / ".sigcheck.toml").write_text('[[tables]]\npath = "sigs/LIST.md"\n', encoding="utf-8")
    result = check(root)
    assert result.of("T001")[0]["path"] == "sigs/LIST.md"
    assert "does not exist" in str(result.of("T001")[0]["message"])


def test_t001_other_table_only_mentions_it(make_repo, check):
    result = check(make_repo({"sigs/README.md": "| a | b |\n|---|---|\n| 1 | 2 |\n"}))
    [finding] = result.of("T001")
    assert "line 1" in str(finding["message"])


def test_t002_header_mismatch_still_reads_rows(make_repo, check):
    header = "| SIG | 领域 | 负责人 |\n|---|---|---|\n"
    result = check(make_repo(zh(COMPILER, DATA, header=header)))
    [finding] = result.of("T002")
    assert (finding["line"], finding["column"]) == (3, 1)
    assert "expected `SIG name | 技术领域 | SIG 负责人`" in str(finding["message"])
    assert "D003" not in result.codes()


def test_header_match_ignores_case_and_spacing(make_repo, check):
    header = "|  sig NAME |技术领域| SIG  负责人 |\n|---|---|---|\n"
    assert check(make_repo(zh(COMPILER, DATA, header=header))).diagnostics == []


def test_t003_wrong_cell_count(make_repo, check):
    row = "| [Data](data/README.md) | 数据处理 [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    result = check(make_repo(zh(COMPILER, row)))
    [finding] = result.of("T003")
    assert finding["line"] == 6
    assert "2 cells" in str(finding["message"])
    assert "T006" not in result.codes()


def test_t003_missing_outer_pipes_is_fine(make_repo, check):
    row = "[Data](data/README.md) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi)\n"
    assert check(make_repo(zh(COMPILER, row))).diagnostics == []


def test_t004_name_cell_without_link(make_repo, check):
    result = check(
        make_repo(zh(COMPILER, "| Data | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"))
    )
    [finding] = result.of("T004")
    assert finding["line"] == 6 and finding["column"] == 3
    # data is still listed in the English table: not an orphan, but the tables disagree
    assert sorted(result.codes()) == ["T004", "T009"]


def test_t004_link_not_to_a_sig_readme(make_repo, check):
    row = "| [Data](https://example.com/data) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    result = check(make_repo(zh(COMPILER, row)))
    assert "not a SIG folder's README" in str(result.of("T004")[0]["message"])


def test_t004_two_links(make_repo, check):
    row = "| [Data](data/README.md) [x](data/README.md) | 数据 | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    assert "more than one link" in str(check(make_repo(zh(COMPILER, row))).of("T004")[0]["message"])


def test_folder_link_forms_are_accepted(make_repo, check):
    rows = (
        "| [Compiler](./compiler/) | 图编译技术 | [@zx_qh](https://gitee.com/zx_qh) |\n",
        "| [Data](data) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi) |\n",
    )
    result = check(make_repo(zh(*rows)))
    assert [c for c in result.codes() if c.startswith(("T", "D"))] == []


def test_t005_empty_domain(make_repo, check):
    row = "| [Data](data/README.md) |  | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    [finding] = check(make_repo(zh(COMPILER, row))).of("T005")
    assert finding["line"] == 6


def test_t006_empty_leads(make_repo, check):
    row = "| [Data](data/README.md) | 数据处理 |  |\n"
    [finding] = check(make_repo(zh(COMPILER, row))).of("T006")
    assert "empty" in str(finding["message"])


def test_t006_lead_link_not_a_profile(make_repo, check):
    row = "| [Data](data/README.md) | 数据处理 | [@x](https://github.com/x) |\n"
    [finding] = check(make_repo(zh(COMPILER, row))).of("T006")
    assert "not a profile link" in str(finding["message"])


def test_t007_same_folder_twice(make_repo, check):
    result = check(make_repo(zh(COMPILER, DATA, DATA)))
    [finding] = result.of("T007")
    assert finding["line"] == 7
    assert "line 6" in str(finding["message"])


def test_t007_same_name_twice(make_repo, check):
    other = "| [data](compiler/README.md) | x | [@zx_qh](https://gitee.com/zx_qh) |\n"
    result = check(make_repo(zh(DATA, other)))
    assert any("SIG name" in str(d["message"]) for d in result.of("T007"))


def test_t009_sig_missing_from_english_table(make_repo, check):
    en = (
        "# SIGs\n\n"
        + EN_HEADER
        + "| [Data](data/README.md) | Data | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    )
    result = check(make_repo({"sigs/README_en.md": en}))
    [finding] = result.of("T009")
    assert finding["path"] == "sigs/README_en.md"
    assert "`compiler`" in str(finding["message"])
    assert finding["severity"] == "warning"
    assert result.exit_code == 0


def test_t009_leads_differ(make_repo, check):
    en = (
        "# SIGs\n\n"
        + EN_HEADER
        + "| [Compiler](compiler/README_en.md) | Graph | [@other](https://gitee.com/other) |\n"
        + "| [Data](data/README.md) | Data | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
    )
    [finding] = check(make_repo({"sigs/README_en.md": en})).of("T009")
    assert "@other" in str(finding["message"]) and "@zx_qh" in str(finding["message"])


def test_markers_choose_the_table(make_repo, check):
    page = (
        "| SIG name | 技术领域 | SIG 负责人 |\n|---|---|---|\n| [X](x/README.md) | x | [@x](https://gitee.com/x) |\n\n"
        "<!-- sigcheck:begin table -->\n"
        + ZH_HEADER
        + COMPILER
        + DATA
        + "<!-- sigcheck:end table -->\n"
    )
    result = check(make_repo({"sigs/README.md": page}))
    # the table outside the markers is an ordinary table: its links are ordinary links
    assert result.codes() == ["L001"]
    assert result.diagnostics[0]["line"] == 3
