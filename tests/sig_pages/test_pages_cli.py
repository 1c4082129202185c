"""Generated SIG pages end to end: the real CLI in a subprocess on real temporary trees."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sigcheck.generate.region import BOM
from tests.sig_pages.conftest import (
    BEGIN,
    END,
    META,
    ZH_REGION,
    MakeRepo,
    findings,
    fix,
)

ZH = "sigs/compiler/README.md"
EN = "sigs/compiler/README_en.md"


def _read(root: Path, path: str) -> str:
    return (root / path).read_bytes().decode("utf-8")


def test_fix_fills_the_zh_region_from_the_metadata(pages_repo: MakeRepo) -> None:
    root = pages_repo()
    result = fix(root)
    assert result.returncode == 1, result.stderr
    assert f"{ZH}: regenerated the sig-info region: the region is empty" in result.stderr
    assert _read(root, ZH) == (
        "# Compiler SIG\n\n介绍。\n\n" + ZH_REGION + "\n## 会议\n\n每周五。\n"
    )


def test_the_en_page_is_english_and_names_people_as_the_en_table_does(
    pages_repo: MakeRepo,
) -> None:
    root = pages_repo()
    assert fix(root).returncode == 1
    text = _read(root, EN)
    assert "old text" not in text
    assert (
        "\n## SIG information\n\n### SIG leads\n\n- [@lead_wu](https://gitee.com/lead_wu)\n" in text
    )
    assert "- 孙明远 (北方计算研究所)\n" in text  # the en table's brackets
    assert "\n### Repositories\n" in text and "\n### Contact\n" in text
    assert (
        "- Mailing list: [compiler@lists.example.org](mailto:compiler@lists.example.org)\n" in text
    )
    assert "- Meetings: [https://meeting.example.com/compiler]" in text


def test_readme_dot_en_is_english_too(pages_repo: MakeRepo) -> None:
    root = pages_repo(
        {
            "sigs/compiler/README_en.md": None,
            "sigs/compiler/README.en.md": f"# C\n\n{BEGIN}\n{END}\n",
        }
    )
    assert fix(root).returncode == 1
    assert "## SIG information" in _read(root, "sigs/compiler/README.en.md")


def test_placeholders_and_emails_are_never_rendered_by_default(pages_repo: MakeRepo) -> None:
    root = pages_repo()
    fix(root)
    for path in (ZH, EN):
        text = _read(root, path)
        for hidden in ("NA", "TO_BE_CLARIFIED", "TBD", "@example.com"):
            assert hidden not in text, (path, hidden)


def test_emails_appear_when_configured(pages_repo: MakeRepo) -> None:
    root = pages_repo({".sigcheck.toml": "tables = []\n[generate]\nemails = true\n"})
    fix(root)
    assert "[@lead_wu](https://gitee.com/lead_wu)(wu.ran@example.com)" in _read(root, ZH)


def test_second_fix_changes_nothing_and_check_is_clean(pages_repo: MakeRepo) -> None:
    root = pages_repo()
    assert fix(root).returncode == 1
    written = {p: (root / p).read_bytes() for p in (ZH, EN)}
    again = fix(root)
    assert again.returncode == 0, again.stderr
    assert {p: (root / p).read_bytes() for p in written} == written
    dry = fix(root, "--check")
    assert dry.returncode == 0 and dry.stdout == ""
    assert findings(root) == (0, [])


def test_check_reports_a_stale_region_at_its_begin_marker_with_what_differs(
    pages_repo: MakeRepo,
) -> None:
    root = pages_repo()
    fix(root)
    meta = META.replace("gitee_id: lead_wu", "gitee_id: lead_qi").replace(
        "  - TBD\n", "  - example/fusion\n"
    )
    (root / "sigs/compiler/sig-info.yaml").write_text(meta, encoding="utf-8")
    code, found = findings(root)
    assert code == 1
    by_path = {str(d["path"]): d for d in found}
    assert set(by_path) == {ZH, EN}
    zh = by_path[ZH]
    assert (zh["line"], zh["column"], zh["severity"]) == (5, 1, "error")
    message = str(zh["message"])
    assert "sig-info region differs from sig-info.yaml" in message
    assert "leads differ" in message
    assert "repositories missing: example/fusion" in message
    assert "committers" not in message and "mentors" not in message


def test_fix_check_shows_the_diff_and_writes_nothing(pages_repo: MakeRepo) -> None:
    root = pages_repo()
    before = (root / ZH).read_bytes()
    result = fix(root, "--check")
    assert result.returncode == 1
    assert f"--- a/{ZH}\n+++ b/{ZH}\n" in result.stdout
    assert "+### 代码仓\n" in result.stdout
    assert "-old text\n" in result.stdout
    assert (root / ZH).read_bytes() == before
    subprocess.run(["git", "apply", "-"], input=result.stdout, text=True, cwd=root, check=True)
    assert fix(root, "--check").returncode == 0


def test_init_pages_adds_the_region_after_the_first_heading(pages_repo: MakeRepo) -> None:
    page = "Intro line\n\nMore\n=====\n\nText right after.\n\n# Second\n"
    root = pages_repo({ZH: page, EN: None})
    plain = fix(root)
    assert plain.returncode == 0, plain.stderr  # without the option a page without markers is left
    assert _read(root, ZH) == page
    dry = fix(root, "--init-pages", "--check")
    assert dry.returncode == 1
    assert f"{ZH}: would change the sig-info region: added the sig-info region" in dry.stderr
    assert f"+{BEGIN}\n" in dry.stdout and _read(root, ZH) == page
    assert fix(root, "--init-pages").returncode == 1
    text = _read(root, ZH)
    # the first heading is a setext one (level 1): the region goes after its underline
    assert text.startswith(f"Intro line\n\nMore\n=====\n\n{BEGIN}\n<!--")
    assert "\n## SIG 信息\n\n### SIG 负责人\n" in text
    assert text.endswith(f"\n{END}\n\nText right after.\n\n# Second\n")
    assert fix(root, "--init-pages").returncode == 0


def test_init_pages_on_a_page_without_heading_or_final_newline(pages_repo: MakeRepo) -> None:
    root = pages_repo({ZH: "# Only a heading", EN: "no heading here"})
    assert fix(root, "--init-pages").returncode == 1
    zh = _read(root, ZH)
    assert zh.startswith(f"# Only a heading\n\n{BEGIN}\n")
    assert zh.endswith(END)  # still no final newline
    en = _read(root, EN)
    assert en.startswith(f"{BEGIN}\n") and en.endswith(f"{END}\n\nno heading here")
    assert "\n## SIG information\n" in en


def test_markers_shown_in_a_code_fence_are_not_a_region(pages_repo: MakeRepo) -> None:
    page = f"# Compiler\n\nHow to mark the region:\n\n```markdown\n{BEGIN}\n{END}\n```\n"
    root = pages_repo({ZH: page, EN: None})
    assert fix(root).returncode == 0
    assert _read(root, ZH) == page
    assert findings(root) == (0, [])
    assert fix(root, "--init-pages").returncode == 1
    text = _read(root, ZH)
    assert text.startswith(f"# Compiler\n\n{BEGIN}\n")
    assert text.endswith(f"{END}\n\nHow to mark the region:\n\n```markdown\n{BEGIN}\n{END}\n```\n")


def test_markers_in_a_list_or_quote_are_content(pages_repo: MakeRepo) -> None:
    page = f"# C\n\n> {BEGIN}\n> {END}\n\n- {BEGIN}\n- {END}\n"
    root = pages_repo({ZH: page, EN: None})
    assert fix(root).returncode == 0
    assert _read(root, ZH) == page


def test_crlf_bom_and_missing_final_newline_are_kept(pages_repo: MakeRepo) -> None:
    page = f"# Compiler  \r\n\r\nintro\t \r\n{BEGIN}\r\n{END}\r\n\r\nlast line without newline"
    root = pages_repo({ZH: BOM + page.encode(), EN: None})
    assert fix(root).returncode == 1
    data = (root / ZH).read_bytes()
    assert data.startswith(BOM + f"# Compiler  \r\n\r\nintro\t \r\n{BEGIN}\r\n".encode())
    assert data.endswith(f"\r\n{END}\r\n\r\nlast line without newline".encode())
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert "### 代码仓".encode() in data
    assert fix(root).returncode == 0
    assert findings(root) == (0, [])


def test_a_region_at_the_very_end_keeps_the_missing_final_newline(pages_repo: MakeRepo) -> None:
    root = pages_repo({ZH: f"# C\n\n{BEGIN}\n{END}", EN: None})
    assert fix(root).returncode == 1
    assert _read(root, ZH).endswith(f"\n\n{END}")
    assert fix(root).returncode == 0


def test_unpaired_markers_are_reported_and_nothing_is_written(pages_repo: MakeRepo) -> None:
    page = f"# C\n\n{BEGIN}\n\ntext\n"
    root = pages_repo({ZH: page, EN: None})
    result = fix(root)
    assert result.returncode == 1
    assert f"{ZH}:3: sig-info region not regenerated: the sig-info region has no" in result.stderr
    assert _read(root, ZH) == page
    code, found = findings(root)
    assert code == 1 and [(d["path"], d["line"]) for d in found] == [(ZH, 3)]
    assert "cannot be regenerated" in str(found[0]["message"])


def test_a_symlinked_readme_leaving_the_repository_is_refused(
    pages_repo: MakeRepo, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(f"# Elsewhere\n\n{BEGIN}\n{END}\n", encoding="utf-8")
    before = outside.read_bytes()
    root = pages_repo({ZH: None, EN: None})
    (root / ZH).symlink_to(outside)
    result = fix(root)
    assert result.returncode == 2
    assert f"{ZH}: sig-info region not regenerated: the file is a symlink that leaves" in (
        result.stderr
    )
    assert outside.read_bytes() == before
    assert fix(root, "--check").stdout == ""


def test_pages_of_a_sig_without_valid_metadata_are_left_alone(pages_repo: MakeRepo) -> None:
    root = pages_repo({"sigs/compiler/sig-info.yaml": "name: [broken\n"})
    before = (root / ZH).read_bytes()
    # M002 is reported; the SIG is listed in no table, so it is check's business (SPEC §7)
    result = fix(root, "--init-pages")
    assert result.returncode == 0, result.stderr
    assert "sig-info.yaml" in result.stderr
    assert (root / ZH).read_bytes() == before


def test_labels_and_code_host_come_from_the_configuration(pages_repo: MakeRepo) -> None:
    config = (
        "tables = []\n[generate.pages]\nrepo_host = 'https://atomgit.example.com/'\n"
        "[generate.pages.en]\nheading = 'People and code'\nnote = ''\ncommitters = 'Reviewers'\n"
    )
    root = pages_repo({".sigcheck.toml": config})
    assert fix(root).returncode == 1
    en = _read(root, EN)
    assert en.startswith(f"# Compiler SIG\n\nAbout.\n\n{BEGIN}\n\n## People and code\n")
    assert "\n### Reviewers\n" in en
    assert "[example/compiler](https://atomgit.example.com/example/compiler)" in en
    assert "## SIG 信息" in _read(root, ZH)  # the other language keeps its defaults
    assert fix(root).returncode == 0


@pytest.mark.parametrize(
    ("setting", "where"),
    [
        ("[generate.pages.zh]\nnote = 'a --> b'", "generate.pages.zh.note"),
        ('[generate.pages.en]\nleads = "two\\nlines"', "generate.pages.en.leads"),
        ("[generate.pages.en]\nmentors = ''", "generate.pages.en"),
        ("[generate.pages]\nrepo_host = 'gitee.com'", "generate.pages.repo_host"),
        ("[generate.pages]\nfiles = { 'docs/README.md' = 'zh' }", "generate.pages.files"),
    ],
)
def test_a_setting_that_would_break_the_region_is_a_configuration_error(
    pages_repo: MakeRepo, setting: str, where: str
) -> None:
    root = pages_repo({".sigcheck.toml": f"tables = []\n{setting}\n"})
    before = (root / ZH).read_bytes()
    result = fix(root)
    assert result.returncode == 2
    assert where in result.stderr
    assert (root / ZH).read_bytes() == before


def test_page_files_and_their_languages_are_configurable(pages_repo: MakeRepo) -> None:
    config = "tables = []\n[generate.pages]\nfiles = { 'README.md' = 'en' }\n"
    root = pages_repo({".sigcheck.toml": config})
    assert fix(root).returncode == 1
    assert "## SIG information" in _read(root, ZH)
    assert "old text" in _read(root, EN)  # no longer a SIG page: left as it is


def test_when_leads_are_chosen_the_maintainers_are_listed_too(pages_repo: MakeRepo) -> None:
    root = pages_repo({"sigs/compiler/sig-info.yaml": "leads: [lead_wu]\n" + META})
    fix(root)
    text = _read(root, ZH)
    assert "### SIG 负责人\n\n- [@lead_wu](https://gitee.com/lead_wu)\n\n### 维护者\n\n" in text
    assert (
        "### 维护者\n\n- [@lead_wu](https://gitee.com/lead_wu)\n- 孙明远（北方计算研究所）\n"
        in text
    )


def test_a_sig_that_says_nothing_yet_gets_a_plain_sentence(pages_repo: MakeRepo) -> None:
    root = pages_repo({"sigs/compiler/sig-info.yaml": "name: Compiler\nmailing_list: NA\n"})
    fix(root)
    assert "## SIG 信息\n\nsig-info.yaml 中尚无这些信息。\n\n" + END in _read(root, ZH)
    assert fix(root).returncode == 0


def test_excluded_pages_and_dangling_links_are_left_alone(pages_repo: MakeRepo) -> None:
    config = "tables = []\nexclude = ['sigs/*/README_en.md']\n"
    root = pages_repo({".sigcheck.toml": config, ZH: None})
    (root / ZH).symlink_to(root / "nowhere.md")
    before = (root / EN).read_bytes()
    result = fix(root, "--init-pages")
    assert result.returncode == 0, result.stderr
    assert (root / EN).read_bytes() == before


def test_every_region_of_a_page_is_filled_and_the_heading_can_be_left_out(
    pages_repo: MakeRepo,
) -> None:
    config = "tables = []\n[generate.pages.zh]\nheading = ''\nnote = ''\n"
    page = f"## Compiler\n\n{BEGIN}\n{END}\n\ntext\n\n{BEGIN}\nold\n{END}\n"
    root = pages_repo({".sigcheck.toml": config, ZH: page, EN: None})
    assert fix(root).returncode == 1
    text = _read(root, ZH)
    region = f"{BEGIN}\n\n### SIG 负责人\n\n- [@lead_wu](https://gitee.com/lead_wu)\n"
    assert text.count(region) == 2  # sections one level below the `##` title
    assert "old" not in text and "SIG 信息" not in text and "<!-- 本节" not in text
    assert fix(root).returncode == 0
