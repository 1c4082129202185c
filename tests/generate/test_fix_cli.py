"""`sigcheck fix` end to end: the real CLI in a subprocess on real temporary trees."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

from sigcheck.generate.region import BOM
from tests.generate.conftest import STALE, ZH_HEAD, MakeRepo, sigcheck


def _fix(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sigcheck("fix", "--root", str(root), *args)


def test_fix_then_fix_again_changes_nothing(sig_repo: MakeRepo) -> None:
    root = sig_repo(STALE)
    first = _fix(root)
    assert first.returncode == 1, first.stderr
    assert "sigs/README.md: regenerated" in first.stderr
    after_first = {p: (root / p).read_bytes() for p in ("sigs/README.md", "sigs/README_en.md")}
    second = _fix(root)
    assert second.returncode == 0, second.stderr
    assert {p: (root / p).read_bytes() for p in after_first} == after_first
    check = _fix(root, "--check")
    assert check.returncode == 0 and check.stdout == ""


def test_check_prints_a_diff_and_writes_nothing(sig_repo: MakeRepo) -> None:
    root = sig_repo(STALE)
    before = (root / "sigs/README.md").read_bytes()
    result = _fix(root, "--check")
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/sigs/README.md\n+++ b/sigs/README.md\n@@ ")
    assert (
        "-| [Compiler](compiler/README.md) | 图编译技术 | [@zhaoq](https://gitee.com/zhaoq) |\n"
        in (result.stdout)
    )
    assert " | SIG name | 技术领域 | SIG 负责人 |\n" in result.stdout  # context: padding kept
    assert "+++ b/sigs/README_en.md" in result.stdout
    assert (root / "sigs/README.md").read_bytes() == before
    # the diff applies with git: it is exactly what fix writes
    subprocess.run(["git", "apply", "-"], input=result.stdout, text=True, cwd=root, check=True)
    assert _fix(root, "--check").returncode == 0


def test_crlf_bom_and_trailing_spaces_are_kept_outside_the_table(sig_repo: MakeRepo) -> None:
    page = (
        "# SIGs  \r\n\r\nintro\t \r\n\r\n"
        + ZH_HEAD.replace("\n", "\r\n")
        + "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\r\n"
        + "\r\nafter  \r\nlast line without newline"
    )
    root = sig_repo({"sigs/README.md": BOM + page.encode()})
    assert _fix(root).returncode == 1
    data = (root / "sigs/README.md").read_bytes()
    assert data.startswith(BOM + b"# SIGs  \r\n\r\nintro\t \r\n\r\n| SIG name ")
    assert data.endswith(b" |\r\n\r\nafter  \r\nlast line without newline")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"[Compiler](compiler/README.md)" in data


def test_table_at_the_end_without_final_newline(sig_repo: MakeRepo) -> None:
    page = (
        "# SIGs\n\n"
        + ZH_HEAD
        + "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |"
    )
    root = sig_repo({"sigs/README.md": page})
    assert _fix(root).returncode == 1
    data = (root / "sigs/README.md").read_bytes()
    assert not data.endswith(b"\n")
    assert data.decode().splitlines()[-1].startswith("| [Compiler](compiler/README.md)")


def test_mode_is_kept(sig_repo: MakeRepo) -> None:
    root = sig_repo(STALE)
    (root / "sigs/README.md").chmod(0o444)
    assert _fix(root).returncode == 1
    assert stat.S_IMODE((root / "sigs/README.md").stat().st_mode) == 0o444


def test_broken_metadata_keeps_the_row_and_exits_one(sig_repo: MakeRepo) -> None:
    root = sig_repo({"sigs/data/sig-info.yaml": "name: Data\nmaintainers: [unclosed\n"})
    _fix(root, "--reformat")  # lay the table out first
    result = _fix(root)
    assert result.returncode == 1
    assert "sigs/data/sig-info.yaml:" in result.stderr
    assert "M002" in result.stderr and "the row of `data` is kept as it is" in result.stderr
    text = (root / "sigs/README.md").read_text()
    assert (
        "| [Data](data/README.md)         | 数据处理   | [@liu-cunyi](https://gitee.com/liu-cunyi) |"
        in text
    )


def test_unparseable_table_is_never_written(sig_repo: MakeRepo) -> None:
    page = "# SIGs\n\n" + ZH_HEAD + "| [Data](data/README.md) | 数据处理 |\n"
    root = sig_repo({"sigs/README.md": page})
    result = _fix(root)
    assert result.returncode == 1
    assert "sigs/README.md:5: not regenerated:" in result.stderr and "T003" in result.stderr
    assert (root / "sigs/README.md").read_text() == page


def test_missing_table_or_config_error_exits_two(sig_repo: MakeRepo) -> None:
    root = sig_repo({".sigcheck.toml": '[[tables]]\npath = "sigs/NOPE.md"\n'})
    result = _fix(root)
    assert result.returncode == 2
    assert "sigs/NOPE.md: not regenerated: configured table file does not exist" in result.stderr
    bad = sig_repo({".sigcheck.toml": "[generate]\norder = 'random'\n"})
    assert _fix(bad).returncode == 2


def test_failing_write_leaves_the_original_intact(sig_repo: MakeRepo) -> None:
    """A file-size limit makes the temporary file's write fail (EFBIG), for root too."""
    root = sig_repo(STALE)
    readme = root / "sigs/README.md"
    readme.write_text(readme.read_text() + "\n" + "padding line\n" * 200)
    before = readme.read_bytes()
    limit = len(before) - 100

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "sigcheck", "fix", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=small_files,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "sigs/README.md: cannot write" in result.stderr and "unchanged" in result.stderr
    assert readme.read_bytes() == before
    assert sorted(p.name for p in readme.parent.iterdir() if p.name.startswith(".")) == []
    # the smaller en table was still written
    assert "sigs/README_en.md: regenerated" in result.stderr


def test_check_reports_t008_and_fix_clears_it(sig_repo: MakeRepo) -> None:
    root = sig_repo(STALE)
    before = sigcheck("check", "--root", str(root), "--select", "T008")
    assert before.returncode == 1
    assert (
        "sigs/README.md:9:1: T008 error the row of `compiler` differs from what the metadata "
        "generates: leads" in before.stdout
    )
    assert _fix(root).returncode == 1
    after = sigcheck("check", "--root", str(root), "--select", "T008")
    assert after.returncode == 0, after.stdout


def test_empty_marked_region_gets_a_new_table(sig_repo: MakeRepo) -> None:
    page = "# SIGs\n\n<!-- sigcheck:begin table -->\n\n<!-- sigcheck:end table -->\n\nafter\n"
    root = sig_repo({"sigs/README.md": page})
    result = _fix(root)
    assert result.returncode == 1, result.stderr
    assert "sigs/README.md: regenerated: added compiler, data" in result.stderr
    assert (root / "sigs/README.md").read_text() == (
        "# SIGs\n\n<!-- sigcheck:begin table -->\n"
        "| SIG name                       | 技术领域   | SIG 负责人                                |\n"
        "|--------------------------------|------------|-------------------------------------------|\n"
        "| [Compiler](compiler/README.md) | 图编译技术 | [@zhaoq](https://gitee.com/zhaoq)         |\n"
        "| [Data](data/README.md)         | 数据处理   | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
        "<!-- sigcheck:end table -->\n\nafter\n"
    )
    assert _fix(root).returncode == 0


def test_runs_as_a_pre_commit_hook_with_file_names(sig_repo: MakeRepo) -> None:
    root = sig_repo(STALE)
    result = sigcheck("fix", "sigs/compiler/sig-info.yaml", "sigs/README.md", cwd=root)
    assert result.returncode == 1, result.stderr
    assert sigcheck("fix", "sigs/README.md", cwd=root).returncode == 0


def test_check_diff_of_a_bom_crlf_page_applies_with_git(sig_repo: MakeRepo) -> None:
    page = (
        ZH_HEAD
        + "| [Data](data/README.md) | 数据处理 | [@liu-cunyi](https://gitee.com/liu-cunyi) |\n"
    ).replace("\n", "\r\n")
    root = sig_repo({"sigs/README.md": BOM + page.encode()})
    diff = subprocess.run(  # bytes: text mode would turn the CRLFs of the diff into LFs
        [sys.executable, "-m", "sigcheck", "fix", "--check", "--root", str(root)],
        capture_output=True,
        check=False,
    ).stdout
    subprocess.run(["git", "apply", "-"], input=diff, cwd=root, check=True)
    assert _fix(root, "--check").returncode == 0
    assert (root / "sigs/README.md").read_bytes().startswith(BOM + b"| SIG name ")


def test_broken_metadata_of_an_unlisted_sig_is_reported_but_does_not_fail(
    sig_repo: MakeRepo,
) -> None:
    """SPEC §7: `fix` is about the tables; the unlisted SIG's broken file is `check`'s."""
    root = sig_repo(
        {"sigs/new/README.md": "# New\n", "sigs/new/sig-info.yaml": "maintainers: []\n"}
    )
    _fix(root)  # lay the tables out first
    result = _fix(root)
    assert result.returncode == 0, result.stderr
    assert "sigs/new/sig-info.yaml:1:1: M003" in result.stderr
    assert "`new` is listed in no table and is not added" in result.stderr
    assert sigcheck("check", "--root", str(root), "--select", "M003").returncode == 1


def test_a_new_row_without_domain_gets_a_short_summary_and_a_warning(sig_repo: MakeRepo) -> None:
    description = (
        "负责大语言模型的高性能推理与服务化部署。工作包括连续批处理、分页注意力与量化推理。"
    )
    description_en = (
        "High-performance inference and serving for large language models, from continuous "
        "batching to paged attention. It also publishes benchmark reports."
    )
    meta = (
        f"name: LLM Serving\ndescription: {description}\ndescription_en: {description_en}\n"
        "maintainers:\n- gitee_id: serve-qin\n"
    )
    root = sig_repo({"sigs/llm/README.md": "# LLM\n", "sigs/llm/sig-info.yaml": meta})
    result = _fix(root)
    assert result.returncode == 1
    assert "warning: no `domain`: the new row of `llm` in sigs/README.md" in result.stderr
    assert "warning: no `domain_en`" in result.stderr
    zh = (root / "sigs/README.md").read_text(encoding="utf-8")
    en = (root / "sigs/README_en.md").read_text(encoding="utf-8")
    assert "| 负责大语言模型的高性能推理与服务化部署 |" in zh
    assert "| High-performance inference and serving for large language… |" in en
    assert "分页注意力" not in zh and "benchmark" not in en
