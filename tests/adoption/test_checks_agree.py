"""`check` and `fix` never disagree (SPEC §7): P002 and M005 read `display` labels, people
written out in `leads`, plain names and `leads_en` the way the generator renders them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import EN_HEADER, ZH_HEADER, Result

Check = Callable[..., Result]
Repo = Callable[..., Path]

ROW_ZH = "| [Data](data/README.md) | 数据处理 | [@lanzhi](https://gitee.com/lan-zhi) Haoyu |\n"
ROW_EN = (
    "| [Data](data/README.md) | Data processing | [@lanzhi](https://gitee.com/lan-zhi) Hao Yu |\n"
)
META = (
    "name: Data\nmaintainers:\n- gitee_id: lan-zhi\n  name: Lan Zhi\n"
    "committers:\n- gitee_id: haoyu\n"
)


def _tables(zh: str = ROW_ZH, en: str = ROW_EN) -> dict[str, str]:
    return {
        "sigs/README.md": "# SIGs\n\n" + ZH_HEADER + zh,
        "sigs/README_en.md": "# SIGs\n\n" + EN_HEADER + en,
    }


def test_without_leads_the_label_is_p002_and_the_plain_name_is_m005(
    make_repo: Repo, check: Check
) -> None:
    root = make_repo({**_tables(), "sigs/data/sig-info.yaml": META, "sigs/compiler": None})
    result = check(root, "--select", "P002,M005")
    assert len(result.of("P002")) == 2  # `@lanzhi` in each table
    [m005] = result.of("M005")
    assert "table only: `Haoyu`" in str(m005["message"])


def test_the_metadata_saying_what_the_tables_show_silences_both(
    make_repo: Repo, check: Check
) -> None:
    leads = (
        "leads:\n- gitee_id: lan-zhi\n  display: lanzhi\n"
        "- name: Haoyu\n  name_en: Hao Yu\n"  # a plain name, although `haoyu` is an id
    )
    root = make_repo({**_tables(), "sigs/data/sig-info.yaml": META + leads})
    result = check(root, "--select", "P002,M005")
    assert result.codes() == []


def test_a_display_label_of_someone_else_is_still_p002(make_repo: Repo, check: Check) -> None:
    leads = "leads:\n- gitee_id: lan-zhi\n  display: zhi\n- name: Haoyu\n  name_en: Hao Yu\n"
    root = make_repo({**_tables(), "sigs/data/sig-info.yaml": META + leads})
    result = check(root, "--select", "P002")
    assert len(result.of("P002")) == 2


def test_leads_en_is_what_the_en_table_is_compared_with(make_repo: Repo, check: Check) -> None:
    en = "| [Data](data/README.md) | Data processing | [@haoyu](https://gitee.com/haoyu) |\n"
    leads = "leads:\n- gitee_id: lan-zhi\n  display: lanzhi\n- name: Haoyu\nleads_en:\n- haoyu\n"
    root = make_repo({**_tables(en=en), "sigs/data/sig-info.yaml": META + leads})
    assert check(root, "--select", "M005").codes() == []
    wrong = "leads_en:\n- lan-zhi\n"
    root = make_repo(
        {**_tables(en=en), "sigs/data/sig-info.yaml": META + leads.split("leads_en")[0] + wrong}
    )
    [m005] = check(root, "--select", "M005").of("M005")
    assert m005["path"] == "sigs/README_en.md"
    assert "metadata only: @lan-zhi; table only: @haoyu" in str(m005["message"])
