"""L: relative links and anchors, GitHub slugs, suppression."""

import pytest

from sigcheck.parsing.slugs import Slugger, github_slug


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Hello World", "hello-world"),
        ("1. The logic architecture", "1-the-logic-architecture"),
        ("目前的SIG组", "目前的sig组"),
        ("SIG 负责人（Leads）", "sig-负责人leads"),
        ("C++ & Rust: fast_path", "c--rust-fast_path"),
        ("Émigré Café", "émigré-café"),
        ("what's new?", "whats-new"),
    ],
)
def test_github_slug(heading, slug):
    assert github_slug(heading) == slug


def test_duplicate_headings_get_suffixes():
    slugger = Slugger()
    assert [slugger.slug(t) for t in ("会议", "会议", "会议-1", "会议")] == [
        "会议",
        "会议-1",
        "会议-1-1",
        "会议-2",
    ]


PAGE = (
    "# 标题\n\n## 会议纪要\n\n## 会议纪要\n\n## 1. The logic architecture\n\n"
    '<a name="custom-place"></a>\n\n### **Bold** `code` heading\n'
)


@pytest.mark.parametrize(
    "fragment",
    [
        "会议纪要",
        "会议纪要-1",
        "%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81",
        "1-the-logic-architecture",
        "1.%20The%20logic%20architecture",
        "custom-place",
        "bold-code-heading",
    ],
)
def test_anchor_forms_that_exist(make_repo, check, fragment):
    root = make_repo(
        {"sigs/data/doc.md": PAGE, "sigs/data/README.md": f"# Data\n\n[x](doc.md#{fragment})\n"}
    )
    assert check(root).diagnostics == []


def test_l002_missing_anchor_same_and_other_page(make_repo, check):
    root = make_repo(
        {
            "sigs/data/doc.md": PAGE + "\n[here](#会议记录)\n",
            "sigs/data/README.md": "# Data\n\n[x](doc.md#会议纪要-2)\n",
        }
    )
    found = {(d["path"], d["line"]) for d in check(root).of("L002")}
    assert found == {("sigs/data/doc.md", 13), ("sigs/data/README.md", 3)}


def test_l001_missing_file_with_column(make_repo, check):
    line = "see [the notes](docs/notes.md) and ![logo](img/logo.png)"
    root = make_repo({"sigs/data/README.md": f"# Data\n\n{line}\n"})
    found = {(d["line"], d["column"]) for d in check(root).of("L001")}
    # the column of the target itself, 1-based
    assert found == {(3, line.index("docs/") + 1), (3, line.index("img/") + 1)}


def test_percent_encoded_spaces_resolve(make_repo, check):
    root = make_repo(
        {
            "sigs/data/docs/How to build a SIG.md": "# How\n\n## Step one\n",
            "sigs/data/README.md": "# Data\n\n[how](docs/How%20to%20build%20a%20SIG.md#step-one)\n",
        }
    )
    assert check(root).diagnostics == []


def test_l003_wrong_case(make_repo, check):
    root = make_repo(
        {"sigs/data/Notes.md": "x\n", "sigs/data/README.md": "# Data\n\n[n](notes.md)\n"}
    )
    [finding] = check(root).of("L003")
    assert "`sigs/data/Notes.md`" in str(finding["message"])


def test_l004_leaves_the_repository(make_repo, check):
    root = make_repo({"sigs/data/README.md": "# Data\n\n[up](../../../outside.md)\n"})
    [finding] = check(root).of("L004")
    assert finding["line"] == 3


def test_links_to_repository_files_outside_sigs(make_repo, check):
    root = make_repo(
        {
            "README.md": "# Community\n\n## Code of conduct\n",
            "sigs/data/README.md": "# Data\n\n[coc](../../README.md#code-of-conduct) [bad](../../README.md#nope) [root](/README.md)\n",
        }
    )
    [finding] = check(root).of("L002")
    assert "`#nope`" in str(finding["message"])
    assert check(root).of("L001") == []


def test_own_repository_url_is_checked_locally(make_repo, check):
    root = make_repo(
        {
            ".sigcheck.toml": 'repo_url = "https://gitee.com/org/community"\n',
            "sigs/data/README.md": (
                "# Data\n\n[ok](https://gitee.com/org/community/blob/master/sigs/compiler/README.md#简介)\n"
                "[gone](https://gitee.com/org/community/tree/master/sigs/gone)\n"
                "[elsewhere](https://gitee.com/org/other/blob/master/x.md)\n"
            ),
        }
    )
    result = check(root)
    assert [(d["code"], d["line"]) for d in result.diagnostics] == [("L001", 4)]


def test_external_and_mail_links_are_not_checked_offline(make_repo, check):
    root = make_repo(
        {
            "sigs/data/README.md": "# Data\n\n[a](https://example.invalid/x) [m](mailto:a@b.c) <https://x.invalid>\n"
        }
    )
    assert check(root).diagnostics == []


def test_html_links_and_anchors(make_repo, check):
    root = make_repo(
        {
            "sigs/data/README.md": '# Data\n\n<p id="top-box"></p>\n\n<a href="missing.md">x</a> [t](#top-box)\n'
        }
    )
    assert [(d["code"], d["line"]) for d in check(root).diagnostics] == [("L001", 5)]


def test_suppress_next_line(make_repo, check):
    page = "# Data\n\n<!-- sigcheck-disable-next-line L001 -->\n[x](missing.md) [y](#nope)\n"
    result = check(make_repo({"sigs/data/README.md": page}))
    assert result.codes() == ["L002"]


def test_suppress_every_code_and_same_line(make_repo, check):
    page = "# Data\n\n<!-- sigcheck-disable-next-line -->\n[x](missing.md) [y](#nope)\n[z](gone.md) <!-- sigcheck-disable-line L001 -->\n"
    assert check(make_repo({"sigs/data/README.md": page})).diagnostics == []


def test_suppress_inside_a_table_row(make_repo, check):
    row = "| [Data](data/README.md) | 数据 | [@x](https://gitee.com/liuchunxi) <!-- sigcheck-disable-line P002 --> |\n"
    page = "# SIGs\n\n| SIG name | 技术领域 | SIG 负责人 |\n|---|---|---|\n" + row
    result = check(make_repo({"sigs/README.md": page}), "--select", "P")
    assert result.diagnostics == []


def test_links_inside_code_are_ignored(make_repo, check):
    page = "# Data\n\n```\n[x](missing.md)\n```\n\n`[y](missing.md)`\n"
    assert check(make_repo({"sigs/data/README.md": page})).diagnostics == []
