"""`--format github`: annotations in ruff's style, escaped so no folder name can inject a
command; the job summary written in the same run; `--sarif FILE` beside them."""

from __future__ import annotations

import json
import re

from sigcheck.diagnostics import make
from sigcheck.reporting.github import annotation
from tests.conftest import run_cli
from tests.reporting.conftest import MESSY


def test_annotation_names_the_place_and_the_code():
    d = make("L001", "sigs/data/README.md", 3, 5, "`missing.md` does not exist")
    assert annotation(d) == (
        "::error file=sigs/data/README.md,line=3,col=5,title=L001::"
        "sigs/data/README.md:3:5: L001 `missing.md` does not exist\n"
    )


def test_a_folder_name_or_message_cannot_inject_a_workflow_command():
    d = make("L001", "sigs/x,line=9::y/README.md", 1, 1, "bad%0A\n::error::pwned\r")
    line = annotation(d)
    assert line.count("\n") == 1 and line.endswith("\n")
    props, text = line[len("::error ") :].split("::", 1)
    assert props.startswith("file=sigs/x%2Cline=9%3A%3Ay/README.md,line=1,col=1,title=L001")
    assert "%250A\\x0a::error::pwned\\x0d" in text  # make() already escapes the newline


def test_one_run_gives_annotations_summary_and_sarif(make_repo, tmp_path):
    root = make_repo(MESSY)
    summary = tmp_path / "summary.md"
    sarif = tmp_path / "out" / "sigcheck.sarif"
    sarif.parent.mkdir()
    env = {
        **__import__("os").environ,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "example-org/community",
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
    }
    result = run_cli("check", "--format", "github", "--sarif", str(sarif), cwd=root, env=env)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert all(
        re.match(r"^::(error|warning|notice) file=[^:]+,line=\d+,col=\d+,title=", x) for x in lines
    )
    assert (
        "::warning file=sigs/LLM Inference Serving/README.md,line=1,col=1,title=M001::"
        "sigs/LLM Inference Serving: M001 SIG has no sig-info.yaml" in lines
    )
    assert (
        "](https://github.com/example-org/community/blob/0123456789abcdef0123456789abcdef01234567/sigs/data/README.md#L3)"
        in summary.read_text()
    )
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert len(results) == len(lines)


def test_sarif_into_a_missing_folder_is_a_usage_error(make_repo, tmp_path):
    result = run_cli("check", "--sarif", str(tmp_path / "no" / "x.sarif"), cwd=make_repo(MESSY))
    assert result.returncode == 2
    assert "--sarif" in result.stderr and "Traceback" not in result.stderr
