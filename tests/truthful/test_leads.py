"""M005 by SPEC §3: without `leads`, a table lead who is one of the maintainers agrees; a lead
written by name matches the person whose id, name or display label it spells."""

from __future__ import annotations

import pytest

from sigcheck.identity import DEFAULT_RULES
from sigcheck.leads_match import names_person
from sigcheck.model import Person

ROW = "| [Data](data/README.md) | 数据处理 | {} |\n"
HEADER = "# SIGs\n\n| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
MAINTAINERS = (
    "name: Data\nmaintainers:\n"
    "  - gitee_id: lin_qiao\n    name: 林桥\n"
    "  - gitee_id: yahao-d\n    name: dingyahao\n"
    "  - gitee_id: hu-yang\n    name: Yang Hu\n"
)


def tree(leads_cell: str, info: str = MAINTAINERS) -> dict[str, str | None]:
    return {
        "sigs/README.md": HEADER + ROW.format(leads_cell),
        "sigs/README_en.md": None,
        "sigs/compiler/sig-info.yaml": None,
        "sigs/compiler/README.md": None,
        "sigs/compiler/README_en.md": None,
        "sigs/data/sig-info.yaml": info,
    }


@pytest.mark.parametrize(
    "cell",
    [
        "[@lin_qiao](https://gitee.com/lin_qiao)",  # one lead, one of three maintainers
        "Yahao Ding（Northwind AI Lab）",  # by name, spelt otherwise than `name: dingyahao`
        "Hu Yang, [@lin_qiao](https://gitee.com/lin_qiao)",  # word order
        "林桥",
    ],
)
def test_a_lead_who_is_a_maintainer_agrees(make_repo, check, cell: str) -> None:
    assert check(make_repo(tree(cell), base=False)).of("M005") == []


def test_a_lead_who_is_no_maintainer_disagrees(make_repo, check) -> None:
    cell = "[@lin_qiao](https://gitee.com/lin_qiao), [@zhao-new](https://gitee.com/zhao-new)"
    [finding] = check(make_repo(tree(cell), base=False)).of("M005")
    assert "table only: @zhao-new (none of the maintainers)" in str(finding["message"])
    assert "lin_qiao" not in str(finding["message"])


def test_an_explicit_leads_key_is_the_whole_list(make_repo, check) -> None:
    info = MAINTAINERS + "leads: [lin_qiao, hu-yang]\n"
    cell = "[@lin_qiao](https://gitee.com/lin_qiao)"
    [finding] = check(make_repo(tree(cell, info), base=False)).of("M005")
    assert "metadata only: @hu-yang" in str(finding["message"])


@pytest.mark.parametrize(
    ("written", "person", "same"),
    [
        ("Yahao Ding", {"gitee_id": "dingyahao"}, True),
        ("ding_yahao", {"name": "Yahao Ding"}, True),
        ("YAHAO-DING", {"name_en": "Ding Yahao"}, True),
        ("张通", {"gitee_id": "tong-zhang", "display": "张通"}, True),
        ("@tong-zhang", {"gitee_id": "tong-zhang"}, True),
        ("Yahao", {"gitee_id": "dingyahao"}, False),
        ("Yahao Ding", {"gitee_id": "NA", "name": "TBD"}, False),
        ("", {"name": "x"}, False),
    ],
)
def test_names_person(written: str, person: dict[str, str], same: bool) -> None:
    assert names_person(written, Person(**person), DEFAULT_RULES) is same


def test_p004_names_the_handle_of_the_person_a_name_spells(make_repo, check) -> None:
    [finding] = check(make_repo(tree("Yahao Ding（Northwind AI Lab）"), base=False)).of("P004")
    assert "`yahao-d` is a gitee_id in sigs/data/sig-info.yaml" in str(finding["message"])
    assert "write it as [@yahao-d](https://gitee.com/yahao-d)" in str(finding["message"])
