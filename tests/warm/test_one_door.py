"""The replay of a trace is only as true as the trace is complete: every question the loading
and the checks ask the file system must pass through `sigcheck/files.py` (or `vcs.py` for git),
where it is observed. This pins that no module on that path asks behind its back."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import GOOD_TREE

PACKAGE = Path(__file__).resolve().parents[2] / "sigcheck"

# What `check` runs between reading the configuration and reporting.
ON_THE_PATH = [
    "config.py",
    "discovery.py",
    "layout.py",
    "loader.py",
    "repository_scan.py",
    "repository_base.py",
    "model.py",
    "pages.py",
    "identity.py",
    "placeholders.py",
    "leads_match.py",
    "diagnostics.py",
    "baseline.py",
    "newsince.py",
    "gitfiles.py",
    "parsing",
    "checks",
    "generate/sig_pages.py",
    "generate/plan.py",
    "generate/render.py",
    "generate/region.py",
]
NOT_ON_THE_PATH = {
    "__init__.py": "the version",
    "files.py": "the door itself",
    "vcs.py": "the door to git",
    "trace.py": "the trace: sigcheck's own file, read quietly",
    "cache.py": "sigcheck's own caches, read quietly",
    "cli.py": "arguments",
    "commands": "arguments and paths given, asked again by a replay before it is used",
    "reporting": "after the findings are made",
    "generate/__init__.py": "a package",
    "generate/diff.py": "`fix --check` output",
    "generate/writer.py": "writes (the caches' atomic writes)",
    "baseline.py": "after the findings: the baseline file, read again by every run",
    "newsince.py": "after the findings: the base revision's report, by its tree id",
    "gitfiles.py": "a base revision read from git's objects, after the findings",
}
"""The modules a `check` run imports that are not on the path above, and why."""
FILE_SYSTEM_METHODS = {
    "exists",
    "is_dir",
    "is_file",
    "is_symlink",
    "stat",
    "lstat",
    "iterdir",
    "glob",
    "rglob",
    "read_text",
    "read_bytes",
    "open",
    "resolve",
    "readlink",
    "samefile",
}
OS_FUNCTIONS = {"scandir", "listdir", "walk", "stat", "lstat", "open", "readlink", "access"}
OS_PATH_FUNCTIONS = {"exists", "isdir", "isfile", "islink", "realpath", "getsize", "lexists"}


def modules() -> list[Path]:
    found: list[Path] = []
    for name in ON_THE_PATH:
        path = PACKAGE / name
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def questions_behind_the_door(source: str, label: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{label}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"{where} open()")
        if not isinstance(func, ast.Attribute):
            continue
        owner = ast.unparse(func.value)
        if owner == "os" and func.attr in OS_FUNCTIONS:
            found.append(f"{where} os.{func.attr}")
        elif owner == "os.path" and func.attr in OS_PATH_FUNCTIONS:
            found.append(f"{where} os.path.{func.attr}")
        elif func.attr == "resolve" and node.args:
            continue  # a YAML resolver's `resolve(kind, value, implicit)`, not `Path.resolve()`
        elif func.attr in FILE_SYSTEM_METHODS and owner != "re":
            found.append(f"{where} .{func.attr}()")
    return found


def test_the_pages_and_checks_ask_the_file_system_only_through_files_py():
    assert len(modules()) > 20, "the list of modules is stale"
    offenders = [
        hit
        for path in modules()
        for hit in questions_behind_the_door(
            path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))
        )
    ]
    assert offenders == []


def test_every_module_a_check_imports_is_scanned_or_known(tmp_path: Path):
    """A module added later (a new check, a new input) is on the scanned path or named here
    with a reason: a file it reads behind the door would make the trace replay stale."""
    for name, text in GOOD_TREE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    probe = (
        "import contextlib, io, sys\n"
        "from sigcheck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main(['check', '--root', {str(tmp_path)!r}, '--tracked-only'])\n"
        "print('\\n'.join(getattr(m, '__file__', None) or '' for m in list(sys.modules.values())))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    imported = {
        Path(line).resolve().relative_to(PACKAGE).as_posix()
        for line in done.stdout.splitlines()
        if line and Path(line).resolve().is_relative_to(PACKAGE)
    }
    scanned = {path.relative_to(PACKAGE).as_posix() for path in modules()}
    known = {
        name
        for name in imported
        if any(name == k or name.startswith(k + "/") for k in NOT_ON_THE_PATH)
    }
    assert "loader.py" in imported and "trace.py" in imported
    assert sorted(imported - scanned - known) == []


def test_the_scan_sees_each_kind_of_question():
    source = (
        "import os\n"
        "def f(p):\n"
        "    p.is_file(); os.scandir(p); os.path.realpath(p); open(p); (p / 'x').exists()\n"
        "    files.kind(p); re.match('a', 'b')\n"
    )
    assert [hit.split(" ")[1] for hit in questions_behind_the_door(source, "probe")] == sorted(
        [".is_file()", "os.scandir", "os.path.realpath", "open()", ".exists()"],
        key=[".is_file()", "os.scandir", "os.path.realpath", "open()", ".exists()"].index,
    )
