"""P: people in tables and metadata, and the leads-cell parser."""

from sigcheck.parsing.leads import parse_leads
from tests.conftest import ZH_HEADER

COMPILER = "| [Compiler](compiler/README.md) | 图编译技术 | [@zh_qh](https://gitee.com/zh_qh) |\n"


def table_with_leads(cell: str) -> dict[str, str | bytes | None]:
    row = f"| [Data](data/README.md) | 数据处理 | {cell} |\n"
    return {"sigs/README.md": "# SIGs\n\n" + ZH_HEADER + COMPILER + row}


def test_leads_cell_forms():
    cell = (
        "[@a](https://gitee.com/a)(a@example.com) [@b](https://gitee.com/b-2)、"
        "孙增国（陕西师范大学计算机科学学院）, Jianfei Chen (清华大学, 计算机系) / Fengxun"
    )
    leads, problem = parse_leads(cell, 7, 10, "https://gitee.com")
    assert problem is None
    assert [(lead.handle, lead.name, lead.affiliation, lead.email) for lead in leads] == [
        ("a", None, None, "a@example.com"),
        ("b-2", None, None, None),
        (None, "孙增国", "陕西师范大学计算机科学学院", None),
        (None, "Jianfei Chen", "清华大学, 计算机系", None),
        (None, "Fengxun", None, None),
    ]
    assert leads[0].column == 10 and leads[1].column == cell.index("[@b") + 10


def test_leads_cell_garbage_is_unparseable():
    _leads, problem = parse_leads("[@a](https://gitee.com/a) [broken", 1, 1, "https://gitee.com")
    assert problem is not None and "broken" in problem


def test_p001_invalid_handle_in_table_and_yaml(make_repo, check):
    files = table_with_leads("[@9x](https://gitee.com/9x)")
    files["sigs/data/sig-info.yaml"] = "name: Data\nmaintainers:\n  - gitee_id: 9x\n"
    result = check(make_repo(files))
    places = {(d["path"], d["line"]) for d in result.of("P001")}
    assert places == {("sigs/README.md", 6), ("sigs/data/sig-info.yaml", 3)}


def test_p002_display_text_differs_from_handle(make_repo, check):
    result = check(make_repo(table_with_leads("[@zhangtong](https://gitee.com/tong-zhang)")))
    [finding] = result.of("P002")
    assert finding["severity"] == "warning"
    assert "`@zhangtong`" in str(finding["message"]) and "`tong-zhang`" in str(finding["message"])


def test_p002_not_for_plain_display_names(make_repo, check):
    result = check(make_repo(table_with_leads("[Zhang Tong](https://gitee.com/liucunwei)")))
    assert result.of("P002") == []


def test_p004_lead_without_handle(make_repo, check):
    result = check(make_repo(table_with_leads("孙增国（陕西师范大学）")), "--select", "P")
    [finding] = result.of("P004")
    assert "孙增国（陕西师范大学）" in str(finding["message"])


def test_p005_malformed_email(make_repo, check):
    files = table_with_leads("[@liucunwei](https://gitee.com/liucunwei)(liu@cunwei)")
    files["sigs/compiler/sig-info.yaml"] = (
        "name: Compiler\nmaintainers:\n  - gitee_id: zh_qh\n    email: not-an-email\n"
    )
    result = check(make_repo(files))
    places = {(d["path"], d["line"], d["column"]) for d in result.of("P005")}
    cell_column = (
        "| [Data](data/README.md) | 数据处理 | [@liucunwei](https://gitee.com/liucunwei)("
    ).__len__() + 1
    assert places == {("sigs/README.md", 6, cell_column), ("sigs/compiler/sig-info.yaml", 4, 12)}


def test_p006_same_person_twice(make_repo, check):
    files = table_with_leads(
        "[@liucunwei](https://gitee.com/liucunwei) [@LiuCunWei](https://gitee.com/LiuCunWei)"
    )
    files["sigs/data/sig-info.yaml"] = (
        "name: Data\nmaintainers:\n  - gitee_id: liucunwei\n  - gitee_id: liucunwei\n"
    )
    result = check(make_repo(files))
    assert {(d["path"], d["line"]) for d in result.of("P006")} == {
        ("sigs/README.md", 6),
        ("sigs/data/sig-info.yaml", 4),
    }
