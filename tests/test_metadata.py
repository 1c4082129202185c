"""M: sig-info.yaml."""

from sigcheck.checks.metadata import near_miss
from sigcheck.model import SigMetadata


def test_m001_no_metadata(make_repo, check):
    result = check(make_repo({"sigs/data/sig-info.yaml": None}))
    [finding] = result.of("M001")
    assert finding["path"] == "sigs/data" and finding["severity"] == "warning"
    assert result.exit_code == 0
    assert check(make_repo({"sigs/data/sig-info.yaml": None}), "--strict").exit_code == 1


def test_m002_invalid_yaml_points_at_line(make_repo, check):
    result = check(make_repo({"sigs/data/sig-info.yaml": "name: Data\nmaintainers: [\n  - x\n"}))
    [finding] = result.of("M002")
    assert finding["path"] == "sigs/data/sig-info.yaml"
    assert isinstance(finding["line"], int) and finding["line"] >= 2


def test_m002_duplicate_key(make_repo, check):
    result = check(make_repo({"sigs/data/sig-info.yaml": "name: Data\nname: Other\n"}))
    [finding] = result.of("M002")
    assert finding["line"] == 2
    assert "duplicate key" in str(finding["message"])


def test_m003_schema_error_has_field_path_and_line(make_repo, check):
    yaml = "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n  - email: [1, 2]\n"
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    messages = {(d["line"], str(d["message"]).split(":")[0]) for d in result.of("M003")}
    assert (4, "maintainers.1.email") in messages


def test_m003_missing_name_and_bad_status(make_repo, check):
    yaml = "description: x\nstatus: sleeping\nmaintainers:\n  - gitee_id: liuchunxi\n"
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    found = {str(d["message"]).split(":")[0]: d["line"] for d in result.of("M003")}
    assert found["name"] == 1  # missing: reported at the top of the file
    assert found["status"] == 2


def test_m003_not_a_mapping(make_repo, check):
    result = check(make_repo({"sigs/data/sig-info.yaml": "- a\n- b\n"}))
    assert "must be a mapping" in str(result.of("M003")[0]["message"])


def test_m004_near_miss_keys(make_repo, check):
    yaml = (
        "name: Data\nmaintainer:\n  - gitee_id: liuchunxi\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "repositories:\n  - repo: [org/data]\n    repo-admin:\n      - gitee_id: liuchunxi\n"
        "custom_field: kept\n"
    )
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    found = {(d["line"], d["column"]): str(d["message"]) for d in result.of("M004")}
    assert "did you mean `maintainers`" in found[(2, 1)]
    assert "did you mean `repo_admin`" in found[(8, 5)]
    assert len(found) == 2  # custom_field is simply kept


def test_unknown_keys_are_kept_in_the_model():
    meta = SigMetadata.model_validate({"name": "x", "sla": {"x": 1}})
    assert meta.model_extra == {"sla": {"x": 1}}


def test_near_miss():
    known = frozenset({"maintainers", "repo_admin", "description"})
    assert near_miss("repo-admin", known) == "repo_admin"
    assert near_miss("maintainer", known) == "maintainers"
    assert near_miss("descripton", known) == "description"
    assert near_miss("wechat_group", known) is None


def test_m005_table_leads_disagree(make_repo, check):
    yaml = "name: Data\nmaintainers:\n  - gitee_id: somebody\n"
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    [finding] = result.of("M005")
    assert finding["path"] == "sigs/README.md" and finding["line"] == 8
    # without `leads`, only a table lead who is no maintainer disagrees (SPEC §3)
    assert "table only: @liuchunxi (none of the maintainers)" in str(finding["message"])
    assert "@somebody" not in str(finding["message"])


def test_m005_uses_leads_key_over_maintainers(make_repo, check):
    yaml = (
        "name: Data\nleads: [liuchunxi]\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "  - gitee_id: somebody\n"
    )
    assert check(make_repo({"sigs/data/sig-info.yaml": yaml})).of("M005") == []


def test_m006_name_with_slash_or_spaces(make_repo, check):
    result = check(
        make_repo(
            {"sigs/data/sig-info.yaml": "name: 'data/ '\nmaintainers:\n  - gitee_id: liuchunxi\n"}
        )
    )
    [finding] = result.of("M006")
    assert (finding["line"], finding["column"]) == (1, 7)


def test_suppression_comment_in_yaml(make_repo, check):
    yaml = "# sigcheck-disable-next-line M006\nname: data/\nmaintainers:\n  - gitee_id: liuchunxi\n"
    assert check(make_repo({"sigs/data/sig-info.yaml": yaml})).of("M006") == []


def test_m007_placeholders_where_values_belong(make_repo, check):
    yaml = (
        "name: Data\nmailing_list: TBD\nmeeting_url: xxxx\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "  - gitee_id: tbd\n    name: 待补充\n    email: TO_BE_CLARIFIED\n"
        "  - gitee_id: ''\n    name: Zhou\n"
    )
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    found = {(d["line"], d["column"]) for d in result.of("M007")}
    assert found == {(2, 15), (3, 14), (6, 15), (7, 11), (8, 12)}  # `gitee_id: ''`: just absent
    assert all(d["severity"] == "warning" for d in result.of("M007"))


def test_m007_placeholder_list_is_configurable(make_repo, check):
    files = {
        ".sigcheck.toml": 'placeholders = ["unknown"]\n',
        "sigs/data/sig-info.yaml": "name: Data\nmeeting_url: Unknown\nmailing_list: NA\n"
        "maintainers:\n  - gitee_id: liuchunxi\n",
    }
    assert {d["line"] for d in check(make_repo(files)).of("M007")} == {2}


def test_m005_owners_disagree_with_sig_info(make_repo, check):
    files = {
        ".sigcheck.toml": 'owners_file = "OWNERS"\n',
        "sigs/data/OWNERS": "maintainers:\n- liuchunxi\n- newcomer\n",
        "sigs/data/sig-info.yaml": "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "  - gitee_id: former\n",
    }
    result = check(make_repo(files))
    owners = [d for d in result.of("M005") if d["path"] == "sigs/data/OWNERS"]
    [finding] = owners
    assert finding["line"] == 2
    assert "OWNERS only: @newcomer" in str(finding["message"])
    assert "sigs/data/sig-info.yaml only: @former" in str(finding["message"])


def test_owners_win_for_the_table_leads(make_repo, check):
    files = {
        ".sigcheck.toml": 'owners_file = "OWNERS"\n',
        "sigs/data/OWNERS": "maintainers:\n- liuchunxi\n",
        "sigs/data/sig-info.yaml": "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "  - gitee_id: former\n",
    }
    result = check(make_repo(files))
    assert [d["path"] for d in result.of("M005")] == ["sigs/data/OWNERS"]  # the table agrees


def test_broken_owners_file_is_reported(make_repo, check):
    files = {".sigcheck.toml": 'owners_file = "OWNERS"\n', "sigs/data/OWNERS": "maintainers: [\n"}
    [finding] = check(make_repo(files)).of("M002")
    assert finding["path"] == "sigs/data/OWNERS"


def test_m008_messages_say_the_fix():
    from sigcheck.checks.repositories import problem

    assert problem("mindspore/mindspore") is None
    assert problem("src-openeuler/python-3.11") is None
    assert "alone" in str(problem("mindspore"))
    assert "drop the slash (`mindspore/mindspore`)" in str(problem("mindspore/mindspore/"))
    assert "inside `mindspore/mindscience`" in str(problem("mindspore/mindscience/mindsponge"))
    assert "`mindspore/docs`, not as an address" in str(problem("https://gitee.com/mindspore/docs"))
    assert problem("owner/..") is not None
    assert problem("../docs") is not None and problem("./docs") is not None
    assert problem("owner/.") is not None
    assert problem("owner./..name") is None  # dots inside a part are fine


def test_m008_and_m007_in_repositories(make_repo, check):
    yaml = (
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"
        "repositories:\n  - repo: [org/data, org, TBD, '']\n"
    )
    result = check(make_repo({"sigs/data/sig-info.yaml": yaml}))
    assert {d["column"] for d in result.of("M008")} == {22, 32}
    assert {d["column"] for d in result.of("M007")} == {27}


def test_owners_alone_name_the_maintainers(make_repo, check):
    files = {
        ".sigcheck.toml": 'owners_file = "OWNERS"\n',
        "sigs/data/OWNERS": "maintainers:\n- liuchunxi\n",
        "sigs/data/sig-info.yaml": "name: Data\ndescription: data\n",
    }
    assert check(make_repo(files)).of("M005") == []  # the table lead comes from OWNERS
