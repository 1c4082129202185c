"""Every hostile tree of the catalogue, through the real CLI, within its time and memory bounds.

What each case must give is stated in tests/hardening/catalogue.py; here is how it is judged:
no traceback ever, the stated exit code, the stated findings (and none of the false ones), and
every file of the repository and of the folder beside it byte-identical afterwards, except the
files the case allows the command to write.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import GOOD_TREE
from tests.hardening.catalogue import CATALOGUE, MEMORY_LIMIT, Case


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Regular files by relative path (their bytes), symlinks by their target; FIFOs and other
    special files by kind. Nothing is followed out of `folder`."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            relative = path.relative_to(folder).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[relative] = "-> " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                found[relative] = path.read_bytes()
            elif not stat.S_ISDIR(info.st_mode):
                found[relative] = "special"
    return found


def build(tmp_path: Path, case: Case) -> tuple[Path, Path]:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    outside.mkdir()
    for name, content in GOOD_TREE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    case.build(root, outside)
    return root, outside


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_hostile_tree(case: Case, tmp_path: Path, bounded) -> None:
    root, _outside = build(tmp_path, case)
    before = snapshot(tmp_path)
    command = list(case.command)
    wants_json = command[0] == "check" and "--format" not in command and "--output" not in command
    if wants_json:
        command += ["--format", "json"]
    result = bounded(*command, cwd=root, timeout=case.timeout, memory=MEMORY_LIMIT)

    assert "Traceback" not in result.stderr, result.stderr
    expected = case.exit_code if isinstance(case.exit_code, tuple) else (case.exit_code,)
    assert result.returncode in expected, (result.returncode, result.stdout[-2000:], result.stderr)
    assert case.stderr_has in result.stderr
    if wants_json and result.returncode != 2:
        findings = json.loads(result.stdout)["diagnostics"]
        pairs = {(d["code"], d["path"]) for d in findings}
        for pair in case.reported:
            assert pair in pairs, (pair, sorted(pairs))
        codes = {code for code, _ in pairs}
        assert not codes & set(case.not_reported), sorted(pairs)
    if case.extra is not None:
        case.extra(result, root)

    after = snapshot(tmp_path)
    allowed = {f"repo/{path}" for path in case.may_change} | {"repo/.sigcheck-cache"}
    changed = {
        path
        for path in before.keys() | after.keys()
        if before.get(path) != after.get(path)
        and not any(path == a or path.startswith(a + "/") for a in allowed)
    }
    assert changed == set(), sorted(changed)


def test_the_catalogue_names_are_unique() -> None:
    names = [case.name for case in CATALOGUE]
    assert len(names) == len(set(names))


@pytest.fixture(autouse=True)
def _writable_afterwards(tmp_path: Path):
    """Some cases make folders unreadable or replace them; leave tmp_path removable."""
    yield
    for dirpath, _dirnames, _filenames in os.walk(tmp_path):
        with_write = stat.S_IMODE(os.lstat(dirpath).st_mode) | stat.S_IRWXU
        os.chmod(dirpath, with_write)
    shutil.rmtree(tmp_path, ignore_errors=True)
