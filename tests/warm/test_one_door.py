"""The replay of a trace is only as true as the trace is complete: every question the loading
and the checks ask the file system must pass through `sigcheck/files.py` (or `vcs.py` for git),
where it is observed. This pins that no module on that path asks behind its back."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "sigcheck"

# What `check` runs between reading the configuration and reporting.
ON_THE_PATH = [
    "config.py",
    "discovery.py",
    "layout.py",
    "loader.py",
    "model.py",
    "pages.py",
    "identity.py",
    "placeholders.py",
    "leads_match.py",
    "diagnostics.py",
    "parsing",
    "checks",
    "generate/sig_pages.py",
    "generate/plan.py",
    "generate/render.py",
    "generate/region.py",
]
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
