"""The Markdown report (job summary, `--format markdown`): counts per code first, errors before
warnings before infos, every finding grouped and linked, bounded in size."""

from __future__ import annotations

import os

from sigcheck.diagnostics import make
from sigcheck.reporting.markdown import as_markdown, link_base
from tests.conftest import run_cli
from tests.reporting.conftest import MESSY

FINDINGS = [
    make("P002", "sigs/README.md", 14, 76, "link text `@a` differs from the handle `b`"),
    make("P002", "sigs/README.md", 15, 76, "link text `@c` differs from the handle `d`"),
    make("L007", "sigs/dx/README.md", 2, 3, "redirected to https://example.org/new"),
    make("D003", "sigs/LLM Inference Serving", None, None, "SIG folder is not listed"),
    make("L001", "sigs/数据/README.md", 3, 5, "`a|b.md` <b>does not</b> exist"),
]


def test_counts_per_code_come_first_errors_then_warnings_then_infos():
    report = as_markdown(FINDINGS, 12)
    lines = report.splitlines()
    assert lines[2] == "2 errors, 2 warnings, 1 info in 12 files."
    table = [line.split(" | ")[0].lstrip("| ") for line in lines if line.startswith("| ")][2:]
    assert table == ["D003", "L001", "P002", "L007"]
    assert "| P002 | warning | 2 |" in report
    assert report.index("### D003") < report.index("### L001") < report.index("### L007")


def test_findings_link_to_their_file_and_line():
    base = link_base(
        {
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "org/community",
            "GITHUB_SHA": "abc123",
        }
    )
    assert base == "https://github.com/org/community/blob/abc123/"
    report = as_markdown(FINDINGS, 12, base)
    assert (
        "- [sigs/README.md:14:76](https://github.com/org/community/blob/abc123/sigs/README.md#L14)"
        in report
    )
    assert "(https://github.com/org/community/blob/abc123/sigs/LLM%20Inference%20Serving)" in report
    relative = as_markdown(FINDINGS, 12)
    assert "- [sigs/数据/README.md:3:5](sigs/%E6%95%B0%E6%8D%AE/README.md#L3)" in relative
    assert link_base({"GITHUB_SHA": "abc123"}) is None


def test_messages_cannot_break_the_markdown():
    report = as_markdown(FINDINGS, 12)
    assert "`a\\|b.md` &lt;b&gt;does not&lt;/b&gt; exist" in report
    assert "<b>" not in report


def test_a_large_report_stops_before_githubs_limit_with_a_note():
    many = [make("L001", f"sigs/s{i}/README.md", 1, 1, "x" * 100) for i in range(9000)]
    report = as_markdown(many, 9000)
    assert len(report.encode("utf-8")) < 1024 * 1024
    assert "| L001 | error | 9000 |" in report
    assert "more findings are not shown" in report
    small = as_markdown(many, 9000, limit=2000)
    assert len(small.encode("utf-8")) < 2400 and "more findings are not shown" in small
    assert "not shown" not in as_markdown(FINDINGS, 12)


def test_format_markdown_on_the_command_line(make_repo):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    result = run_cli("check", "--format", "markdown", cwd=make_repo(MESSY), env=env)
    assert result.returncode == 1
    assert result.stdout.startswith("## sigcheck\n")
    assert "](sigs/data/README.md#L3)" in result.stdout


def test_notes_come_first_plainly():
    report = as_markdown(FINDINGS, 12, notes=["online: network unreachable <x>"])
    lines = report.splitlines()
    assert lines[2] == "> online: network unreachable &lt;x&gt;"
    assert lines[4].startswith("2 errors")


def test_the_online_summary_heads_the_job_summary(make_repo, tmp_path):
    """With --online, what the network gave (here: a Gitee API that refuses connections on
    loopback) is the first line of the job summary, not only a line on stderr."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    config = (
        f'[online]\ngitee_api = "http://127.0.0.1:{closed}/api/v5"\n'
        'exclude = ["."]\nretries = 0\ntimeout = 2\n'
    )
    root = make_repo({".sigcheck.toml": config})
    summary = tmp_path / "summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    result = run_cli("check", "--online", "--no-cache", "--format", "github", cwd=root, env=env)
    assert result.returncode in (0, 1), result.stderr
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "## sigcheck"
    assert lines[2].startswith("> online: ") and "handle" in lines[2]
