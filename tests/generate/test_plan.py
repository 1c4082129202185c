"""What `fix` would write for a repository, and the T008 check built on it (in process)."""

from __future__ import annotations

from pathlib import Path

from sigcheck.checks import run_offline
from sigcheck.generate.plan import TablePlan, plan_community
from tests.generate.conftest import ZH_HEAD, MakeRepo, community_of

SIG_X = "name: X\ndomain: X领域\ndomain_en: X domain\nmaintainers:\n- gitee_id: xlead\n"


def _plans(root: Path) -> dict[str, TablePlan]:
    return {plan.path: plan for plan in plan_community(community_of(root)).tables}


def _table_lines(plan: TablePlan) -> list[str]:
    assert plan.updated is not None
    return [line for line in plan.updated.decode().splitlines() if line.startswith("|")]


def test_clean_tree_differs_only_in_layout(sig_repo: MakeRepo) -> None:
    """Padding alone is never a change (SPEC §7); `--reformat` evens out every column."""
    root = sig_repo()
    plan = _plans(root)["sigs/README.md"]
    assert plan.blocker is None and not plan.changed
    [plan] = [
        p for p in plan_community(community_of(root), reformat=True).tables if p.path == plan.path
    ]
    assert plan.blocker is None and plan.changed
    assert plan.changes.summary() == "only the layout differs (padding, alignment row or header)"
    assert _table_lines(plan) == [
        "| SIG name                       | 技术领域   | SIG 负责人                                |",
        "|:-------------------------------|:-----------|:------------------------------------------|",
        "| [Compiler](compiler/README.md) | 图编译技术 | [@zhaoq](https://gitee.com/zhaoq)         |",
        "| [Data](data/README.md)         | 数据处理   | [@liu-cunyi](https://gitee.com/liu-cunyi) |",
    ]


def test_new_sig_is_appended_and_archived_sig_leaves(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            "sigs/aaa/README.md": "# A\n",
            "sigs/aaa/sig-info.yaml": SIG_X.replace("name: X", "name: Aaa"),
            "sigs/old/README.md": "# old\n",
            "sigs/old/sig-info.yaml": "name: Old\nstatus: archived\nmaintainers:\n- gitee_id: o\n",
            "sigs/data/sig-info.yaml": "name: Data\nstatus: archived\nmaintainers:\n- gitee_id: l\n",
        }
    )
    plan = _plans(root)["sigs/README.md"]
    lines = _table_lines(plan)
    assert [line.split("]")[0] for line in lines[2:]] == ["| [Compiler", "| [Aaa"]
    assert plan.changes.added == ["aaa"]
    assert plan.changes.removed == ["data (archived)"]
    assert plan.updated is not None and b"old/README.md" not in plan.updated


def test_order_by_name_when_configured(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            ".sigcheck.toml": '[generate]\norder = "name"\n',
            "sigs/aaa/README.md": "# A\n",
            "sigs/aaa/sig-info.yaml": SIG_X.replace("name: X", "name: Aaa"),
            "sigs/README.md": "# SIGs\n\n"
            + ZH_HEAD
            + "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
            + "| [Compiler](compiler/README.md) | 图编译技术 | [@zhaoq](https://gitee.com/zhaoq) |\n",
        }
    )
    plan = _plans(root)["sigs/README.md"]
    assert [line.split("]")[0] for line in _table_lines(plan)[2:]] == [
        "| [Aaa",
        "| [Compiler",
        "| [Data",
    ]
    assert plan.changes.reordered


def test_listed_sig_without_metadata_keeps_its_cells(sig_repo: MakeRepo) -> None:
    row = "| [Old one](old/README.md) | 旧的  \\| 领域 | 孙明远（青河理工学院）、Lanxiao |"
    root = sig_repo(
        {
            "sigs/old/README.md": "# old\n",
            "sigs/README.md": "# SIGs\n\n" + ZH_HEAD + row + "\n",
        }
    )
    plan = _plans(root)["sigs/README.md"]
    kept = next(line for line in _table_lines(plan) if "Old one" in line)
    cells = [cell.strip() for cell in kept.strip("|").split(" | ")]
    assert cells == [
        "[Old one](old/README.md)",
        "旧的  \\| 领域",
        "孙明远（青河理工学院）、Lanxiao",
    ]


def test_broken_metadata_keeps_the_row_and_is_reported(sig_repo: MakeRepo) -> None:
    root = sig_repo({"sigs/data/sig-info.yaml": "name: [Data\nmaintainers: x\n"})
    plan = plan_community(community_of(root))
    zh = next(p for p in plan.tables if p.path == "sigs/README.md")
    assert any(
        "[@liu-cunyi](https://gitee.com/liu-cunyi)" in line and "数据处理" in line
        for line in _table_lines(zh)
    )
    [problem] = plan.problems
    assert problem.path == "sigs/data/sig-info.yaml"
    assert problem.line is not None
    assert problem.message.startswith("M002")
    assert "the row of `data` is kept as it is" in problem.message


def test_schema_error_unlisted_sig_cannot_be_added(sig_repo: MakeRepo) -> None:
    root = sig_repo({"sigs/new/README.md": "# n\n", "sigs/new/sig-info.yaml": "maintainers: []\n"})
    plan = plan_community(community_of(root))
    [problem] = plan.problems
    assert problem.message.startswith("M003")
    assert "`new` is listed in no table and is not added" in problem.message
    assert not problem.listed  # `fix` reports it but does not fail for it (SPEC §7)
    assert all("new/README.md" not in (p.updated or b"").decode() for p in plan.tables)


def test_duplicate_row_of_a_sig_with_metadata_is_dropped(sig_repo: MakeRepo) -> None:
    dup = "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
    root = sig_repo()
    readme = root / "sigs/README.md"
    readme.write_text(readme.read_text().replace("\n\n## 加入", "\n" + dup + "\n## 加入"))
    plan = _plans(root)["sigs/README.md"]
    assert sum("[Data]" in line for line in _table_lines(plan)) == 1
    assert plan.changes.removed == ["data (listed twice)"]


def test_header_or_row_problems_block_the_table(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            "sigs/README.md": "<!-- sigcheck:begin table -->\n| SIG | 领域 | 负责人 |\n|---|---|---|\n"
            "| [Data](data/README.md) | x | [@a](https://gitee.com/a) |\n"
            "<!-- sigcheck:end table -->\n",
            "sigs/README_en.md": "# SIGs\n\n| SIG name | Responsibilities | SIG Leads |\n|---|---|---|\n"
            "| [Data](data/README.md) | x | [@a](https://gitee.com/a) | extra |\n",
        }
    )
    plans = _plans(root)
    zh, en = plans["sigs/README.md"], plans["sigs/README_en.md"]
    assert zh.blocker is not None and "T002" in zh.blocker.message and not zh.blocker.usage
    assert en.blocker is not None and "T003" in en.blocker.message and en.blocker.line == 5
    assert not zh.changed and not en.changed


def test_missing_table_is_a_usage_problem(sig_repo: MakeRepo) -> None:
    root = sig_repo({".sigcheck.toml": '[[tables]]\npath = "sigs/NOPE.md"\n'})
    [plan] = plan_community(community_of(root)).tables
    assert plan.blocker is not None and plan.blocker.usage


def test_markers_choose_the_table_and_the_rest_is_untouched(sig_repo: MakeRepo) -> None:
    other = "| SIG name | 技术领域 | SIG 负责人 |\n|---|---|---|\n| not | this | one |\n"
    page = (
        "intro  \n\n"
        + other
        + "\n<!-- sigcheck:begin table -->\n"
        + ZH_HEAD
        + "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
        + "<!-- sigcheck:end table -->\ntrailing\t \n"
    )
    root = sig_repo({"sigs/README.md": page})
    plan = _plans(root)["sigs/README.md"]
    assert plan.updated is not None
    text = plan.updated.decode()
    assert text.startswith("intro  \n\n" + other + "\n<!-- sigcheck:begin table -->\n")
    assert text.endswith("<!-- sigcheck:end table -->\ntrailing\t \n")
    assert "[Compiler](compiler/README.md)" in text.split("begin table")[1]


def test_en_table_links_the_english_readme(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            "sigs/data/README.en.md": "# Data\n",
            "sigs/my sig/README.md": "# m\n",
            "sigs/my sig/sig-info.yaml": SIG_X,
        }
    )
    text = (_plans(root)["sigs/README_en.md"].updated or b"").decode()
    assert "[Compiler](compiler/README_en.md)" in text
    assert "[Data](data/README.en.md)" in text
    row = next(line for line in text.splitlines() if "[X]" in line)
    assert [cell.strip() for cell in row.strip("|").split("|")] == [
        "[X](my%20sig/README.md)",
        "X domain",
        "[@xlead](https://gitee.com/xlead)",
    ]


def test_emails_only_when_configured(sig_repo: MakeRepo) -> None:
    assert "zhang@example.com" not in (_plans(sig_repo())["sigs/README.md"].updated or b"").decode()
    root = sig_repo({".sigcheck.toml": "[generate]\nemails = true\n"})
    text = (_plans(root)["sigs/README.md"].updated or b"").decode()
    assert "[@zhaoq](https://gitee.com/zhaoq)(zhang@example.com)" in text


def test_t008_summarises_what_differs(sig_repo: MakeRepo) -> None:
    root = sig_repo(
        {
            "sigs/aaa/README.md": "# A\n",
            "sigs/aaa/sig-info.yaml": SIG_X,
            "sigs/compiler/sig-info.yaml": "name: Compiler\ndomain: 新领域\ndomain_en: Graph compiling\n"
            "maintainers:\n- gitee_id: zhaoq\n- gitee_id: second\n",
        }
    )
    found = [d for d in run_offline(community_of(root)) if d.code == "T008"]
    # one finding per row (SPEC §5): a second stale row is a second finding
    assert [(d.path, d.line, d.subject) for d in found] == [
        ("sigs/README.md", 7, "row:aaa"),  # a row to add: at the header
        ("sigs/README.md", 9, "row:compiler"),
        ("sigs/README_en.md", 3, "row:aaa"),
        ("sigs/README_en.md", 5, "row:compiler"),
    ]
    assert found[0].message == (
        "the table has no row for `aaa`, which the metadata generates; run `sigcheck fix`"
    )
    assert found[1].message == (
        "the row of `compiler` differs from what the metadata generates: domain, leads; "
        "run `sigcheck fix`"
    )
    assert "the row of `compiler` differs from what the metadata generates: leads" in (
        found[3].message
    )


def test_no_t008_once_fixed(sig_repo: MakeRepo) -> None:
    root = sig_repo()
    for plan in plan_community(community_of(root)).tables:
        assert plan.updated is not None
        (root / plan.path).write_bytes(plan.updated)
    assert not [d for d in run_offline(community_of(root)) if d.code == "T008"]
