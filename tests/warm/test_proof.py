"""The warm cache proves itself (issue 21, SPEC §6 "A cache never changes a report"): each way
a trace or the content cache once printed a different report than `--no-cache`, pinned.

In-process runs (tests/warm/inproc.py); one subprocess test where only a fresh interpreter can
tell (a library found on PYTHONPATH)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sigcheck import cache
from tests.warm.inproc import check

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Mei Sample",
    "GIT_AUTHOR_EMAIL": "mei.sample@example.com",
    "GIT_COMMITTER_NAME": "Mei Sample",
    "GIT_COMMITTER_EMAIL": "mei.sample@example.com",
}
PAGES = {
    "sigs/compiler/README.md": "# Compiler SIG\n\n## 简介\n\n- [纪要](meetings/2026.md)\n- [计划](plan.md)\n",
    "sigs/compiler/meetings/2026.md": "# 2026\n\n[返回](../README.md#简介)\n",
}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(autouse=True)
def local_run(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(PAGES)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)


def trace_of(root: Path) -> dict:
    return json.loads((root / ".sigcheck-cache/trace.json").read_text(encoding="ascii"))


def forge(root: Path, change) -> None:
    """Edit the trace as a person (or a pull request) could, keeping it valid JSON."""
    data = trace_of(root)
    change(data)
    (root / ".sigcheck-cache/trace.json").write_text(json.dumps(data), encoding="utf-8")


def no_findings(data: dict) -> None:
    data["outcome"]["diagnostics"] = []


def test_a_name_that_is_not_utf8_is_traced_losslessly(repo: Path):
    """It used to crash every default run in `trace.save` (only --no-cache worked)."""
    name = b"caf\xe9.md"
    try:
        (repo / "sigs/compiler").joinpath(os.fsdecode(name)).write_text("# Café\n\n[x](gone.md)\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    cold = check("--root", str(repo), "-v", "--no-cache", cwd=repo)
    first = check("--root", str(repo), "-v", cwd=repo)
    warm = check("--root", str(repo), "-v", cwd=repo)
    assert cold.code == 1 and "caf\udce9.md" in cold.stdout
    assert not first.replayed and warm.replayed
    assert first.report() == cold.report() == warm.report()
    listed = [q for q in trace_of(repo)["questions"] if q[0] == "read"]
    assert any(os.fsencode(q[1][0]).endswith(b"/" + name) for q in listed)


def test_a_cache_that_cannot_be_written_is_a_note_never_a_crash(repo: Path):
    (repo / ".sigcheck-cache/trace.json").mkdir(parents=True)  # a folder where the file goes
    (repo / ".sigcheck-cache/content.json").mkdir()
    cold = check("--root", str(repo), "--no-cache", cwd=repo)
    run = check("--root", str(repo), "-v", cwd=repo)
    assert run.report() == check("--root", str(repo), "-v", "--no-cache", cwd=repo).report()
    notes = [line for line in run.stderr.splitlines() if line.startswith("sigcheck: cache: ")]
    assert len(notes) == 2 and all("not written" in line for line in notes)
    assert check("--root", str(repo), cwd=repo).report() == cold.report()  # quiet without -v


def test_every_recorded_path_is_absolute(repo: Path):
    (repo / "conf").mkdir()
    (repo / "conf/sigcheck.toml").write_text('ignore = ["L001"]\n')
    check("--config", "conf/sigcheck.toml", "sigs/compiler", cwd=repo)
    questions = trace_of(repo)["questions"]
    paths = [arg for _, args, _ in questions for arg in args if isinstance(arg, str)]
    assert paths and all(os.path.isabs(path) for path in paths)
    assert [str(repo / "conf/sigcheck.toml"), 1048576, None] in [q[1] for q in questions]


def test_a_relative_config_from_another_folder_is_that_folders_config(repo: Path, tmp_path: Path):
    """`--config sigcheck.toml` names another file in each folder it is typed in."""
    for folder, text in (("one", 'ignore = ["L001"]\n'), ("two", "")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "sigcheck.toml").write_text(text)
    args = ("--root", str(repo), "--config", "sigcheck.toml")
    assert check(*args, cwd=tmp_path / "one").code == 0
    assert check(*args, cwd=tmp_path / "one").replayed
    there = check(*args, cwd=tmp_path / "two")
    assert there.code == 1 and "L001" in there.stdout
    assert there.report() == check(*args, "--no-cache", cwd=tmp_path / "two").report()


def test_a_config_named_through_a_link_is_read_as_it_is_named(repo: Path):
    """The same file as `pyproject.toml` and as `sigcheck.toml`: only the first has its
    settings under [tool.sigcheck]; one key must not stand for both."""
    (repo / "pyproject.toml").write_text('[tool.sigcheck]\nignore = ["L001"]\n')
    (repo / "sigcheck.toml").symlink_to("pyproject.toml")
    assert check("--config", "pyproject.toml", cwd=repo).code == 0
    linked = check("--config", "sigcheck.toml", cwd=repo)
    assert not linked.replayed
    assert linked.report() == check("--config", "sigcheck.toml", "--no-cache", cwd=repo).report()
    assert linked.code == 2


def test_a_replay_from_another_folder_prints_what_a_cold_run_prints_there(repo: Path):
    assert check("--root", str(repo), cwd=repo).code == 1
    deeper = repo / "sigs/compiler/meetings"
    warm = check("--root", str(repo), cwd=deeper)
    assert warm.replayed
    assert warm.report() == check("--root", str(repo), "--no-cache", cwd=deeper).report()


def test_the_notes_of_a_full_run_are_replayed_with_its_findings(repo: Path):
    """Outside git, --tracked-only says so on stderr; a replay said nothing."""
    cold = check("--root", str(repo), "--tracked-only", "--no-cache", cwd=repo)
    assert "not reading through git" in cold.stderr
    check("--root", str(repo), "--tracked-only", cwd=repo)
    warm = check("--root", str(repo), "--tracked-only", cwd=repo)
    assert warm.replayed and warm.report() == cold.report()
    quiet = check("--root", str(repo), "--tracked-only", "-q", cwd=repo)  # -q: no note
    assert (
        not quiet.replayed
        and quiet.report()
        == check("--root", str(repo), "--tracked-only", "-q", "--no-cache", cwd=repo).report()
    )


def test_a_trace_without_questions_is_never_replayed(repo: Path):
    cold = check("--root", str(repo), cwd=repo)
    forge(repo, lambda data: (data.update(questions=[]), no_findings(data)))
    again = check("--root", str(repo), cwd=repo)
    assert not again.replayed and again.report() == cold.report()


@pytest.mark.parametrize(
    "question",
    [
        ["git-tracked", ["{page}"], "x"],  # git asked to run in a file: NotADirectoryError
        ["list", [None], "x"],
        ["read", ["{page}", "many", None], "x"],
        ["nope", [], "x"],
        ["kind"],
    ],
)
def test_any_error_while_replaying_is_a_full_run(repo: Path, question: list):
    cold = check("--root", str(repo), cwd=repo)
    page = str(repo / "sigs/compiler/README.md")
    made = json.loads(json.dumps(question).replace("{page}", page))
    forge(repo, lambda data: (data["questions"].insert(0, made), no_findings(data)))
    again = check("--root", str(repo), cwd=repo)
    assert not again.replayed and again.report() == cold.report()


@needs_git
def test_a_trace_git_tracks_is_neither_read_nor_written(repo: Path):
    git(repo, "init", "-q")
    cold = check("--root", str(repo), "-v", cwd=repo)
    forge(repo, no_findings)  # what a pull request could commit
    git(repo, "add", "-f", ".sigcheck-cache/trace.json")
    committed = (repo / ".sigcheck-cache/trace.json").read_bytes()
    run = check("--root", str(repo), "-v", cwd=repo)
    assert not run.replayed and run.report() == cold.report()
    assert "trace.json is tracked by git: not used" in run.stderr
    assert "trace.json: not written: git tracks it" in run.stderr
    assert (repo / ".sigcheck-cache/trace.json").read_bytes() == committed


def _poison(root: Path) -> None:
    """Every cached page parses to a page without links (so no L001 is found)."""
    path = root / ".sigcheck-cache/content.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data["entries"]
    data["entries"] = {k: [[], *v[1:]] if k.startswith("page:") else v for k, v in entries.items()}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_content_cache_entries_are_keyed_by_the_code_and_the_configuration(repo: Path):
    """A format of `content-N/<version>` let another build of a library (or of sigcheck) feed
    its parse results to this one; now the stamp and the configuration are part of it."""
    cold = check("--root", str(repo), "--no-cache", cwd=repo)
    check("--root", str(repo), cwd=repo)
    (repo / ".sigcheck-cache/trace.json").unlink()  # the parse cache alone from here
    _poison(repo)
    assert check("--root", str(repo), cwd=repo).code == 0  # the poison is what a hit reads
    stamp = cache.code_stamp()
    _poison(repo)
    path = repo / ".sigcheck-cache/content.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(stamp, "0" * len(stamp)), encoding="utf-8")
    (repo / ".sigcheck-cache/trace.json").unlink()
    assert check("--root", str(repo), cwd=repo).report() == cold.report()  # another build
    _poison(repo)
    (repo / ".sigcheck-cache/trace.json").unlink()
    (repo / ".sigcheck.toml").write_text('exclude = ["sigs/none/**"]\n')
    configured = check("--root", str(repo), cwd=repo)  # another configuration
    assert configured.report() == check("--root", str(repo), "--no-cache", cwd=repo).report()
    assert configured.code == 1


@needs_git
def test_a_content_cache_git_tracks_is_not_read(repo: Path):
    git(repo, "init", "-q")
    cold = check("--root", str(repo), "--no-cache", cwd=repo)
    check("--root", str(repo), cwd=repo)
    (repo / ".sigcheck-cache/trace.json").unlink()
    _poison(repo)
    git(repo, "add", "-f", ".sigcheck-cache/content.json")
    assert check("--root", str(repo), cwd=repo).report() == cold.report()


def test_a_library_outside_site_packages_is_stamped_where_it_is(repo: Path, tmp_path: Path):
    """mdurl (markdown-it's URL parser) copied onto PYTHONPATH: the copy is what the parser
    imports, so the copy is what the stamp reads; editing it in place is a new stamp."""
    import mdurl

    libs = tmp_path / "libs"
    shutil.copytree(Path(mdurl.__file__).parent, libs / "mdurl")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = os.pathsep.join([str(libs), env.get("PYTHONPATH", "")])
    probe = "from sigcheck.cache import code_stamp; print(code_stamp())"

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        """Not run_cli: it sets PYTHONPATH to the network guard's alone (kept here too)."""
        return subprocess.run(
            [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
        )

    before = python("-c", probe).stdout.strip()
    assert before and before != cache.code_stamp()
    first = python("-m", "sigcheck", "check", "--root", str(repo), "-v")
    assert (
        "nothing read has changed"
        in python("-m", "sigcheck", "check", "--root", str(repo), "-v").stderr
    )
    module = libs / "mdurl/_url.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# patched\n", encoding="utf-8")
    assert python("-c", probe).stdout.strip() != before
    after = python("-m", "sigcheck", "check", "--root", str(repo), "-v")
    assert "nothing read has changed" not in after.stderr
    assert after.stdout == first.stdout and after.returncode == first.returncode == 1


def test_a_root_given_as_a_dot_replays(repo: Path):
    """`real('/repo/.')` was recorded and asked again as `real('/repo')`: never the same
    answer, so `--root .` (and a root discovered from the cwd) never replayed."""
    check("--root", ".", cwd=repo)
    assert check("--root", ".", cwd=repo).replayed
    check(cwd=repo / "sigs/compiler")
    assert check(cwd=repo / "sigs/compiler").replayed
