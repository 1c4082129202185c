"""L008 and L009 (and T010) on trees shaped like the real communities, through the real CLI;
then each form of a broken target on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigcheck.parsing.targets import looks_like_email
from tests.conftest import run_cli
from tests.links.trees import MINDSPORE, MINDSPORE_FINDINGS, OPENEULER, OPENEULER_FINDINGS, write


def _findings(root: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli("check", "--root", str(root), "--format", "json", "--no-cache", *args)
    assert result.returncode in (0, 1), result.stderr
    return list(json.loads(result.stdout)["diagnostics"])


def test_mindspore_tree_reports_each_broken_link_once_and_never_as_missing(
    tmp_path: Path,
) -> None:
    found = _findings(write(tmp_path, MINDSPORE), "--select", "L,T010")
    assert {(d["code"], d["path"], d["line"]) for d in found} == MINDSPORE_FINDINGS
    assert len(found) == len(MINDSPORE_FINDINGS)  # one finding per link, no L001 beside L008


def test_mindspore_messages_say_the_fix(tmp_path: Path) -> None:
    found = {
        (d["path"], d["line"]): str(d["message"]) for d in _findings(write(tmp_path, MINDSPORE))
    }
    assert found[("sigs/README.md", 13)] == (
        "empty link target: link the page it means, or write the text without a link"
    )
    assert found[("sigs/README.md", 14)] == (
        "`[模型迁移指南]https://www.mindspore.cn/docs/zh-CN/master/migration_guide/overview.html` "
        "renders as text, not as a link: write "
        "`[模型迁移指南](https://www.mindspore.cn/docs/zh-CN/master/migration_guide/overview.html)`"
    )
    assert found[("sigs/data/README.md", 7)].startswith("link target `待补充` is a placeholder")
    assert found[("sigs/data/README.md", 8)].endswith("write `[路线图](docs/roadmap.md)`")
    assert found[("sigs/data/README.md", 9)].endswith("write `[设计说明](<docs/design notes.md>)`")
    assert found[("sigs/data/README.md", 6)].endswith(
        "`sigcheck fix --pages` takes the case on disk"
    )


def test_openeuler_mailing_lists_are_l009_with_the_fix_in_the_message(tmp_path: Path) -> None:
    found = _findings(write(tmp_path, OPENEULER), "--select", "L")
    assert sorted((d["code"], d["path"], d["line"], d["column"]) for d in found) == sorted(
        OPENEULER_FINDINGS
    )
    kernel = next(d for d in found if d["path"] == "sig/Kernel/README.md")
    assert kernel["message"] == (
        "`kernel@openeuler.org` is an email address linked without `mailto:` (it opens as a "
        "missing file): write `mailto:kernel@openeuler.org`; `sigcheck fix --pages` adds it"
    )


def test_text_output_and_exit_code(tmp_path: Path) -> None:
    result = run_cli("check", "--no-cache", cwd=write(tmp_path, OPENEULER))
    assert result.returncode == 1
    assert "sig/Kernel/README.md:9:10: L009 error `kernel@openeuler.org`" in result.stdout


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("[社区普通任务]()", "[社区"),
        ("![架构图]()", "![架构图]"),
        ('<a href="">会议</a>', "<a"),
        ("[会议录屏](xxxxxxxx)", "xxxxxxxx"),
        ("[算子相关开发指导](待补充)", "待补充"),
        ("[x](%E5%BE%85%E8%A1%A5%E5%85%85)", "%E5"),
        ("[计划](TBD)", "TBD"),
        ("[计划](n/a)", "n/a"),
        ("见[模型迁移指南]https://example.com/guide。", "[模型"),
        ("[路线图] (https://example.com/roadmap)", "[路线图]"),
        ("[路线图]（docs/roadmap.md）", "[路线图]"),
        ("[设计](docs/design notes.md)", "[设计]"),
        ("| 文档 | [链接]http://example.com/x |", "[链接]"),
    ],
)
def test_l008_forms(make_repo, check, line: str, at: str) -> None:
    """Each finding points at the target, or at the `[` of syntax that renders as text
    (an empty target has no text of its own: the column is the best place found)."""
    root = make_repo({"sigs/data/README.md": f"# Data\n\n{line}\n"})
    result = check(root)
    assert [(d["code"], d["line"]) for d in result.diagnostics] == [("L008", 3)]
    if "()" not in line and 'href=""' not in line:
        assert result.diagnostics[0]["column"] == line.index(at) + 1


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] 整理 FAQ (docs/faq.md)",
        "- [x] https://example.com/done",
        "[注] (2024版)",
        "见 [1] (Smith et al.)",
        "`[x]https://example.com/in-code`",
        "\\[x\\]https://example.com/escaped",
        "[发布说明][release] and [release]\n\n[release]: https://example.com/releases",
        "[top](#) [mail](mailto:dev@example.org) <dev@example.org>",
        "[data@v1.md](data@v1.md)",
    ],
)
def test_not_broken_link_syntax(make_repo, check, line: str) -> None:
    root = make_repo(
        {"sigs/data/README.md": f"# Data\n\n{line}\n", "sigs/data/data@v1.md": "# v1\n"}
    )
    assert check(root).diagnostics == []


def test_fenced_code_is_not_checked(make_repo, check) -> None:
    page = "# Data\n\n```\n[邮件列表](dev@example.org)\n[x]https://example.com\n[y]()\n```\n"
    assert check(make_repo({"sigs/data/README.md": page})).diagnostics == []


def test_email_target_is_l009_not_l001(make_repo, check) -> None:
    root = make_repo({"sigs/data/README.md": "# Data\n\n[邮件列表](sig-data@lists.example.org)\n"})
    [finding] = check(root).diagnostics
    assert (finding["code"], finding["line"], finding["column"]) == ("L009", 3, 8)


def test_suppression_applies_to_the_new_codes(make_repo, check) -> None:
    page = (
        "# Data\n\n<!-- sigcheck-disable-next-line L008 -->\n[计划](待补充)\n"
        "[m](dev@example.org) <!-- sigcheck-disable-line L009 -->\n"
    )
    assert check(make_repo({"sigs/data/README.md": page})).diagnostics == []


def test_a_placeholder_is_l008_and_a_real_missing_file_stays_l001(make_repo, check) -> None:
    root = make_repo({"sigs/data/README.md": "# Data\n\n[计划](待补充) [x](none.md)\n"})
    assert [d["code"] for d in check(root).diagnostics] == ["L008", "L001"]


@pytest.mark.parametrize(
    ("href", "is_email"),
    [
        ("dev@openeuler.org", True),
        ("sig-ai.infra@lists.example.org", True),
        ("dev@openeuler.org?subject=订阅", True),
        ("%64ev@openeuler.org", True),
        ("mailto:dev@openeuler.org", False),
        ("docs/v1@2.md", False),
        ("a@b.md", False),
        ("logo@2x.png", False),
        ("https://example.org/@someone", False),
        ("@someone", False),
    ],
)
def test_what_counts_as_an_email_target(href: str, is_email: bool) -> None:
    assert looks_like_email(href) is is_email
