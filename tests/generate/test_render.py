"""Rendering: widths, escaping, links, leads, cells and table lines (pure functions)."""

from __future__ import annotations

import pytest

from sigcheck.generate.render import (
    RowContext,
    display_width,
    encode_path,
    escape_link_text,
    escape_pipes,
    format_table,
    leads_cell,
    parse_delimiter,
    person_text,
    sig_cells,
    sig_link,
)
from sigcheck.identity import GITEE, Identity, PeopleRules
from sigcheck.model import Person, SigMetadata
from sigcheck.parsing.markdown import split_row

ZH = RowContext("sigs/README.md", english=False)
EN = RowContext("sigs/README_en.md", english=True)
ZH_EMAILS = RowContext("sigs/README.md", english=False, emails=True)


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("SIG name", 8),
        ("技术领域", 8),
        ("MindSpore图编译技术", 19),
        ("（陕西）", 8),  # full-width brackets are wide
        ("ＡＢ", 4),  # full-width Latin
        ("e\u0301", 1),  # combining accent takes no column
        ("a\u200bb", 2),  # zero-width space
        ("", 0),
    ],
)
def test_display_width_counts_east_asian_wide_as_two(text: str, width: int) -> None:
    assert display_width(text) == width


def test_columns_line_up_by_display_width_with_chinese() -> None:
    lines = format_table(
        ["SIG name", "技术领域", "SIG 负责人"],
        [["[A](a/README.md)", "图编译技术", "x"], ["[Longer name](b/README.md)", "AI", "y"]],
        ["left", "left", "left"],
    )

    # every line has its pipes at the same display columns
    def pipe_columns(line: str) -> list[int]:
        columns, width = [], 0
        for char in line:
            if char == "|":
                columns.append(width)
            width += display_width(char)
        return columns

    assert len({tuple(pipe_columns(line)) for line in lines}) == 1
    assert lines[2] == "| [A](a/README.md)           | 图编译技术 | x          |"
    assert lines[1] == "|:---------------------------|:-----------|:-----------|"


def test_pipes_are_escaped_once() -> None:
    assert escape_pipes("a|b") == "a\\|b"
    assert escape_pipes("a\\|b") == "a\\|b"  # already escaped: left alone
    assert escape_pipes("a\\\\|b") == "a\\\\\\|b"  # an escaped backslash, then a bare pipe
    assert [c for c, _ in split_row("| " + escape_pipes("x|y|z") + " | b | c |")] == [
        "x\\|y\\|z",
        "b",
        "c",
    ]


def test_link_text_escapes_brackets_and_pipes() -> None:
    assert escape_link_text("A [beta] | b\\c") == "A \\[beta\\] \\| b\\\\c"


def test_domain_cell_is_one_line_and_escaped() -> None:
    meta = SigMetadata(name="X", domain="图编译\n技术 | IR", maintainers=[{"gitee_id": "a"}])
    cells = sig_cells(meta, "sigs/x", "README.md", ZH)
    assert cells[1] == "图编译 技术 \\| IR"


def test_folder_links_use_percent_twenty_and_keep_chinese() -> None:
    assert sig_link("sigs/LLM Inference Serving", "README.md", "sigs/README.md") == (
        "LLM%20Inference%20Serving/README.md"
    )
    assert sig_link("sigs/数据", "README.md", "sigs/README.md") == "数据/README.md"
    assert sig_link("sigs/data", "README_en.md", "README.md") == "sigs/data/README_en.md"
    assert sig_link("sigs/data", "README.md", "docs/SIGS.md") == "../sigs/data/README.md"
    assert encode_path("a(b)%#?") == "a%28b%29%25%23%3F"


def test_no_handle_lead_brackets_follow_the_language() -> None:
    person = Person(name="孙明远", organization="青河理工学院")
    assert person_text(person, ZH) == "孙明远（青河理工学院）"
    assert person_text(person, EN) == "孙明远 (青河理工学院)"
    assert person_text(Person(name="Lanxiao"), EN) == "Lanxiao"


def test_handle_lead_is_a_profile_link_and_email_only_when_configured() -> None:
    person = Person(gitee_id="zhaoq", name="Zhang", email="z@example.com")
    assert person_text(person, ZH) == ("[@zhaoq](https://gitee.com/zhaoq)")
    assert person_text(person, ZH_EMAILS) == ("[@zhaoq](https://gitee.com/zhaoq)(z@example.com)")


def test_placeholders_are_never_rendered() -> None:
    assert person_text(Person(gitee_id="NA", name="Lin Qiao"), ZH) == "Lin Qiao"
    assert person_text(Person(gitee_id="TO_BE_CLARIFIED", name="待补充"), ZH) == ""
    person = Person(gitee_id="lqiao", email="TO_BE_CLARIFIED")
    assert person_text(person, ZH_EMAILS) == "[@lqiao](https://gitee.com/lqiao)"
    people = [Person(name="NA", gitee_id=""), Person(gitee_id="lqiao")]
    assert leads_cell(people, ZH) == "[@lqiao](https://gitee.com/lqiao)"


def test_other_accounts_link_their_own_profile() -> None:
    rules = PeopleRules((GITEE, Identity("atomgit_id", "https://atomgit.com", "AtomGit")))
    context = RowContext("sig/README.md", english=False, rules=rules)
    person = Person(gitee_id="", atomgit_id="henry-ze", name="Henry")
    assert person_text(person, context) == "[@henry-ze](https://atomgit.com/henry-ze)"


def test_leads_are_separated_so_plain_names_stay_apart() -> None:
    people = [
        Person(gitee_id="a"),
        Person(gitee_id="b"),
        Person(name="Lanxiao"),
        Person(name="Jianhua Qian", organization="清华大学"),
    ]
    zh = leads_cell(people, ZH)
    en = leads_cell(people, EN)
    assert zh == (
        "[@a](https://gitee.com/a) [@b](https://gitee.com/b)、Lanxiao、Jianhua Qian（清华大学）"
    )
    assert en == (
        "[@a](https://gitee.com/a) [@b](https://gitee.com/b), Lanxiao, Jianhua Qian (清华大学)"
    )


def test_leads_key_picks_people_by_handle_or_name() -> None:
    meta = SigMetadata(
        name="X",
        maintainers=[{"gitee_id": "m1"}, {"gitee_id": "m2"}],
        mentors=[{"name": "孙明远", "organization": "青河理工学院"}],
        leads=["m2", "孙明远"],
    )
    cells = sig_cells(meta, "sigs/x", "README.md", ZH)
    assert cells[2] == "[@m2](https://gitee.com/m2)、孙明远（青河理工学院）"


def test_display_name_and_language_domain() -> None:
    meta = SigMetadata(
        name="security",
        display_name="AI Security",
        domain="AI安全",
        domain_en="AI security",
        maintainers=[{"gitee_id": "r"}],
    )
    assert sig_cells(meta, "sigs/security", "README.md", ZH)[:2] == [
        "[AI Security](security/README.md)",
        "AI安全",
    ]
    assert sig_cells(meta, "sigs/security", "README_en.md", EN)[:2] == [
        "[AI Security](security/README_en.md)",
        "AI security",
    ]


def test_missing_domain_key_keeps_the_existing_cell_else_the_description() -> None:
    meta = SigMetadata(name="X", description="长描述", maintainers=[{"gitee_id": "a"}])
    existing = ["[X](x/README.md)", "表格里的领域", "[@a](https://gitee.com/a)"]
    assert sig_cells(meta, "sigs/x", "README.md", ZH, existing)[1] == "表格里的领域"
    assert sig_cells(meta, "sigs/x", "README.md", ZH)[1] == "长描述"


def test_metadata_without_people_keeps_the_existing_leads_cell() -> None:
    meta = SigMetadata(name="X", domain="d")
    existing = ["[X](x/README.md)", "d", "孙明远（青河理工学院）"]
    assert sig_cells(meta, "sigs/x", "README.md", ZH, existing)[2] == "孙明远（青河理工学院）"
    assert sig_cells(meta, "sigs/x", "README.md", ZH)[2] == ""


@pytest.mark.parametrize(
    ("delimiter", "alignments", "spaced"),
    [
        ("|:---|:---|:---|", ["left", "left", "left"], False),
        ("| --- | ---: | :---: |", ["", "right", "center"], True),
        ("---|---|---", ["", "", ""], False),
    ],
)
def test_delimiter_style_is_read(delimiter: str, alignments: list[str], spaced: bool) -> None:
    assert parse_delimiter(delimiter) == (alignments, spaced)


def test_alignment_row_kept_as_configured_and_cells_aligned() -> None:
    lines = format_table(
        ["a", "b", "c"], [["x", "yy", "zzzz"]], ["", "right", "center"], spaced_delimiter=True
    )
    assert lines == [
        "| a   |   b |  c   |",
        "| --- | --: | :--: |",
        "| x   |  yy | zzzz |",
    ]
    flush = format_table(["a", "b", "c"], [["x", "yy", "zzzz"]], ["", "right", "center"])
    assert flush[1] == "|-----|----:|:----:|"


def test_display_labels_and_english_names_per_language() -> None:
    person = Person(gitee_id="tyzhang-01", display="tongyuzha", display_en="tzhang")
    assert person_text(person, ZH) == "[@tongyuzha](https://gitee.com/tyzhang-01)"
    assert person_text(person, EN) == "[@tzhang](https://gitee.com/tyzhang-01)"
    plain = Person(
        name="孙明远",
        organization="青河理工学院",
        name_en="Mingyuan Sun",
        organization_en="Qinghe Institute of Technology",
    )
    assert person_text(plain, ZH) == "孙明远（青河理工学院）"
    assert person_text(plain, EN) == "Mingyuan Sun (Qinghe Institute of Technology)"
    # without the English keys, the en table shows the others
    assert person_text(Person(name="孙明远"), EN) == "孙明远"


def test_sig_label_per_language() -> None:
    meta = SigMetadata(name="MindScience", display_name_en="AI for Science")
    assert sig_cells(meta, "sigs/ms", "README.md", ZH)[0] == "[MindScience](ms/README.md)"
    assert sig_cells(meta, "sigs/ms", "README_en.md", EN)[0] == "[AI for Science](ms/README_en.md)"


def test_a_person_written_out_in_leads_stays_a_plain_name_or_adds_a_label() -> None:
    meta = SigMetadata.model_validate(
        {
            "name": "Executor",
            "maintainers": [{"gitee_id": "kxwang", "name": "Kong Xinwei"}],
            "committers": [{"gitee_id": "haoyu"}],
            "leads": [{"gitee_id": "kxwang", "display": "kong"}, {"name": "Haoyu"}],
            "leads_en": ["kxwang"],
        }
    )
    assert sig_cells(meta, "sigs/executor", "README.md", ZH)[2] == (
        "[@kong](https://gitee.com/kxwang)、Haoyu"
    )
    assert sig_cells(meta, "sigs/executor", "README.md", EN)[2] == (
        "[@kxwang](https://gitee.com/kxwang)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("短描述。", "短描述"),
        ("First sentence. Second one.", "First sentence"),
        ("负责推理部署。第二句。", "负责推理部署"),
        ("word " * 30, ("word " * 12).strip() + "…"),
    ],
)
def test_summary_is_one_short_line(text: str, expected: str) -> None:
    from sigcheck.generate.render import summary

    assert summary(text) == expected
    assert display_width(summary(text)) <= 60
