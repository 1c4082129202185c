"""P: people in tables and metadata, and the leads-cell parser."""

from sigcheck.parsing.leads import parse_leads
from tests.conftest import ZH_HEADER

COMPILER = "| [Compiler](compiler/README.md) | 图编译技术 | [@zx_qh](https://gitee.com/zx_qh) |\n"


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
    result = check(make_repo(table_with_leads("[@zhangteng](https://gitee.com/tang-zheng)")))
    [finding] = result.of("P002")
    assert finding["severity"] == "warning"
    assert "`@zhangteng`" in str(finding["message"]) and "`tang-zheng`" in str(finding["message"])


def test_p002_not_for_plain_display_names(make_repo, check):
    result = check(make_repo(table_with_leads("[Zhang Tong](https://gitee.com/liuchunxi)")))
    assert result.of("P002") == []


def test_p004_lead_without_handle(make_repo, check):
    result = check(make_repo(table_with_leads("孙增国（陕西师范大学）")), "--select", "P")
    [finding] = result.of("P004")
    assert "孙增国（陕西师范大学）" in str(finding["message"])


def test_p005_malformed_email(make_repo, check):
    files = table_with_leads("[@liuchunxi](https://gitee.com/liuchunxi)(liu@cunwei)")
    files["sigs/compiler/sig-info.yaml"] = (
        "name: Compiler\nmaintainers:\n  - gitee_id: zx_qh\n    email: not-an-email\n"
    )
    result = check(make_repo(files))
    places = {(d["path"], d["line"], d["column"]) for d in result.of("P005")}
    cell_column = (
        "| [Data](data/README.md) | 数据处理 | [@liuchunxi](https://gitee.com/liuchunxi)("
    ).__len__() + 1
    assert places == {("sigs/README.md", 6, cell_column), ("sigs/compiler/sig-info.yaml", 4, 12)}


def test_p006_same_person_twice(make_repo, check):
    files = table_with_leads(
        "[@liuchunxi](https://gitee.com/liuchunxi) [@LiuChunXi](https://gitee.com/LiuChunXi)"
    )
    files["sigs/data/sig-info.yaml"] = (
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n  - gitee_id: liuchunxi\n"
    )
    result = check(make_repo(files))
    assert {(d["path"], d["line"]) for d in result.of("P006")} == {
        ("sigs/README.md", 6),
        ("sigs/data/sig-info.yaml", 4),
    }


ATOMGIT = (
    '[[identities]]\nkey = "gitee_id"\nprofile_url = "https://gitee.com"\nlabel = "Gitee"\n'
    '[[identities]]\nkey = "atomgit_id"\nprofile_url = "https://atomgit.com"\nlabel = "AtomGit"\n'
)


def test_committers_and_security_contacts_are_checked_like_maintainers(make_repo, check):
    yaml = (
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "committers:\n  - gitee_id: 9bad\n  - gitee_id: ok_one\n  - gitee_id: ok_one\n"
        "security_contacts:\n  - gitee_id: liuchunxi\n    email: liu@cunwei\n"
    )
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    path = "sigs/data/sig-info.yaml"
    assert {(d["path"], d["line"]) for d in result.of("P001")} == {(path, 5)}
    assert {(d["path"], d["line"]) for d in result.of("P006")} == {(path, 7)}
    assert {(d["path"], d["line"]) for d in result.of("P005")} == {(path, 10)}


def test_empty_gitee_id_beside_an_atomgit_id_is_a_valid_person(make_repo, check):
    yaml = (
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "committers:\n  - gitee_id: ''\n    atomgit_id: henry-ze\n"
        "  - gitee_id: ''\n    atomgit_id: lan-xin\n"
    )
    files = {".sigcheck.toml": ATOMGIT, "sigs/data/sig-info.yaml": yaml}
    result = check(make_repo(files), "--select", "P,M")
    assert result.diagnostics == []


def test_the_same_person_by_any_identity_is_listed_twice(make_repo, check):
    yaml = (
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "  - gitee_id: ''\n    atomgit_id: LiuChunXi\n"
    )
    files = {".sigcheck.toml": ATOMGIT, "sigs/data/sig-info.yaml": yaml}
    [finding] = check(make_repo(files)).of("P006")
    assert finding["line"] == 5 and "@LiuChunXi" in str(finding["message"])


def test_a_lead_linked_at_an_atomgit_profile_parses(make_repo, check):
    files = table_with_leads(
        "[@liuchunxi](https://atomgit.com/liuchunxi) [@9x](https://atomgit.com/9x)"
    )
    files[".sigcheck.toml"] = ATOMGIT
    result = check(make_repo(files), "--select", "T006,P001")
    assert result.of("T006") == []
    [finding] = result.of("P001")
    assert "`9x` is not a valid AtomGit handle" in str(finding["message"])


def test_leads_cell_reports_every_profile_address_it_accepts():
    from sigcheck.identity import GITEE, PeopleRules
    from sigcheck.layout import ATOMGIT as ATOMGIT_IDENTITY

    rules = PeopleRules((GITEE, ATOMGIT_IDENTITY))
    leads, problem = parse_leads("[@a](https://atomgit.com/a)", 1, 1, rules)
    assert problem is None and (leads[0].handle, leads[0].identity) == ("a", "atomgit_id")
    _leads, problem = parse_leads("[@a](https://example.org/a)", 1, 1, rules)
    assert problem is not None
    assert "`https://gitee.com/<handle>` or `https://atomgit.com/<handle>`" in problem


def test_p004_names_the_handle_known_in_the_metadata(make_repo, check):
    files = table_with_leads("hsliu_dev（Example Lab）")
    files["sigs/data/sig-info.yaml"] = "name: Data\nmaintainers:\n  - gitee_id: hsliu_dev\n"
    [finding] = check(make_repo(files), "--select", "P004").of("P004")
    assert str(finding["message"]) == (
        "lead `hsliu_dev（Example Lab）`: `hsliu_dev` is a gitee_id in sigs/data/sig-info.yaml: "
        "write it as [@hsliu_dev](https://gitee.com/hsliu_dev)"
    )


def test_placeholders_are_never_malformed_nor_the_same_person(make_repo, check):
    yaml = (
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "  - gitee_id: NA\n    name: Zhou\n    email: TO_BE_CLARIFIED\n"
        "  - gitee_id: NA\n    name: Chen\n    email: TO_BE_CLARIFIED\n"
    )
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}), "--select", "P")
    assert result.diagnostics == []


def test_owners_ids_are_handles(make_repo, check):
    files = {
        ".sigcheck.toml": 'owners_file = "OWNERS"\n',
        "sigs/data/OWNERS": "maintainers:\n- liuchunxi\n- 9bad\n",
    }
    [finding] = check(make_repo(files), "--select", "P001").of("P001")
    assert (finding["path"], finding["line"]) == ("sigs/data/OWNERS", 3)
