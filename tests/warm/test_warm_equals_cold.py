"""The harness turned around (issue 21): whatever a user does to a repository between two runs,
the warm run (trace and content cache on) prints exactly what a cold one (`--no-cache`)
prints: stdout, stderr notes and exit code.

Hypothesis draws sequences of edits to one generated community (content changed with size and
mtime kept, renames, letter-case changes, symlinks in and out, configuration changes, the
current folder, git's index for --tracked-only/--pre-commit) and the options of each run; each
example works on a fresh copy of the shared tree. Bounded: SIGCHECK_WARM_EXAMPLES examples
(default 30, about 15 s), derandomized so that CI is reproducible; raise it to explore.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import GOOD_TREE
from tests.warm.inproc import Run, check
from tests.warm.test_proof import GIT_ENV

EXAMPLES = int(os.environ.get("SIGCHECK_WARM_EXAMPLES", "30"))

TREE = {
    **GOOD_TREE,
    "sigs/compiler/README.md": (
        "# Compiler SIG\n\n## 简介\n\n## Meetings\n\n[上一级](../README.md)\n"
        "- [计划](plan.md)\n- [纪要](meetings/2026.md)\n- [文档](docs/guide.md#安装)\n"
        "- [贡献](../../CONTRIBUTING.md#提交)\n"
    ),
    "sigs/compiler/plan.md": "# Plan\n\n[数据](../data/README.md#简介)\n",
    "sigs/compiler/meetings/2026.md": "# 2026\n\n[返回](../README.md#简介)\n",
    "sigs/compiler/docs/guide.md": "# Guide\n\n## 安装\n",
    "sigs/data/README.md": "# Data SIG\n\n## 简介\n\n[计划](../compiler/plan.md)\n",
    "sigs/data/docs/notes.md": "# Notes\n\n[指南](../../compiler/docs/guide.md)\n",
    "CONTRIBUTING.md": "# Contributing\n\n## 提交\n",
    "conf/alt.toml": 'ignore = ["T"]\n',
    "pyproject.toml": '[project]\nname = "community"\n\n[tool.sigcheck]\nignore = ["D"]\n',
}

# (file, text, text of the same length in bytes): an edit that keeps size and mtime
SAME_SIZE = [
    ("sigs/compiler/README.md", "(plan.md)", "(plam.md)"),
    ("sigs/compiler/README.md", "## 简介", "## 简单"),
    ("sigs/data/sig-info.yaml", "gitee_id: liuchunxi", "gitee_id: liuchunxy"),
    ("sigs/README.md", "(compiler/README.md)", "(compiler/readme.md)"),
    ("CONTRIBUTING.md", "## 提交", "## 提问"),
    ("sigs/compiler/docs/guide.md", "## 安装", "## 安置"),
    ("conf/alt.toml", '"T"', '"L"'),
    (".sigcheck.toml", "L001", "L002"),
]
RENAMES = [
    ("sigs/compiler/plan.md", "sigs/compiler/plan2.md"),
    ("sigs/compiler/docs", "sigs/compiler/doc"),
    ("sigs/compiler/meetings/2026.md", "sigs/compiler/meetings/2027.md"),
    ("sigs/data", "sigs/dat"),
    (".sigcheck.toml", "conf/other.toml"),
]
CASES = [
    ("sigs/compiler/plan.md", "sigs/compiler/Plan.md"),
    ("sigs/compiler/README.md", "sigs/compiler/readme.md"),
    ("sigs/data/sig-info.yaml", "sigs/data/SIG-info.yaml"),
    ("sigs/compiler/docs/guide.md", "sigs/compiler/docs/Guide.md"),
    ("sigs/compiler/docs", "sigs/compiler/Docs"),
]
LINKS = [  # (where, target): a symlink replaces what is there
    ("sigs/compiler/plan.md", "../data/README.md"),
    ("sigs/compiler/plan.md", "../../../outside.md"),
    ("sigs/compiler/docs", "../data/docs"),
    ("sigs/data/docs", "../../../outside"),
    ("sigs/data/loop.md", "loop.md"),
    ("sigs/data/README.md", "../compiler/README.md"),
]
CONFIGS = [
    None,
    "",
    'ignore = ["L001"]\n',
    'select = ["L", "T"]\n',
    "strict = true\n",
    'exclude = ["sigs/data/**"]\n',
    'cache_dir = "build/cache"\n',
    "ignore = [\n",
    "bogus = 1\n",
    'sigs_dir = "sigs/compiler"\n',
]
GIT_PATHS = ["sigs/compiler/plan.md", "sigs/data/README.md", "sigs/newsig/README.md", "."]


def _pick(items: list, seed: int):
    return items[seed % len(items)]


def _same_size(root: Path, seed: int) -> None:
    name, old, new = _pick(SAME_SIZE, seed)
    path = root / name
    if not path.is_file() or path.is_symlink():
        return
    data = path.read_bytes()
    before = path.stat()
    old_b, new_b = old.encode(), new.encode()
    changed = data.replace(old_b, new_b) if old_b in data else data.replace(new_b, old_b)
    assert len(changed) == len(data)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _move(root: Path, pair: tuple[str, str]) -> None:
    a, b = root / pair[0], root / pair[1]
    source, target = (a, b) if os.path.lexists(a) else (b, a)
    if os.path.lexists(source) and not os.path.lexists(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _symlink(root: Path, seed: int) -> None:
    name, target = _pick(LINKS, seed)
    path = root / name
    if path.is_symlink():  # undo: a regular page again
        path.unlink()
        path.write_text("# Back\n\n[上一级](../README.md)\n", encoding="utf-8")
        return
    if os.path.lexists(path):
        _remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _config(root: Path, seed: int) -> None:
    text = _pick(CONFIGS, seed)
    path = root / (".sigcheck.toml" if seed % 3 else "conf/alt.toml")
    if text is None:
        if os.path.lexists(path):
            _remove(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _git(root: Path, seed: int) -> None:
    target = _pick(GIT_PATHS, seed)
    action = (seed // len(GIT_PATHS)) % 3
    args = [["add", "-A", "--", target], ["rm", "-r", "-q", "--cached", "--", target]][action % 2]
    if action == 2:
        args = ["commit", "-q", "-m", "step", "--allow-empty"]
    subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60, check=False)


def _create(root: Path, seed: int) -> None:
    pages = {
        "sigs/newsig/README.md": "# New SIG\n\n[计划](plan.md)\n",
        "sigs/compiler/extra.md": "# Extra\n\n[指南](docs/guide.md#安装)\n",
        "sigs/data/plan.md": "# Data plan\n",
        os.fsdecode(b"sigs/compiler/caf\xe9.md"): "# Caf\n\n[x](gone.md)\n",
    }
    name = _pick(list(pages), seed)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError, UnicodeEncodeError):  # a file system may refuse it
        path.write_text(pages[name], encoding="utf-8")


def _delete(root: Path, seed: int) -> None:
    name = _pick(["sigs/compiler/plan.md", "sigs/data/sig-info.yaml", "sigs/README_en.md"], seed)
    if os.path.lexists(root / name):
        _remove(root / name)


def _grow(root: Path, seed: int) -> None:
    name = _pick(["sigs/compiler/README.md", "sigs/data/README.md", "CONTRIBUTING.md"], seed)
    path = root / name
    if path.is_file():
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\n[新](missing-{seed % 7}.md)\n")


def _touch(root: Path, seed: int) -> None:
    for path in root.rglob("*.md"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (1_000_000_000 + seed, 1_000_000_000 + seed))


EDITS: dict[str, Callable[[Path, int], None]] = {
    "same size, mtime kept": _same_size,
    "rename": lambda root, seed: _move(root, _pick(RENAMES, seed)),
    "letter case": lambda root, seed: _move(root, _pick(CASES, seed)),
    "symlink": _symlink,
    "configuration": _config,
    "git index": _git,
    "new file": _create,
    "delete": _delete,
    "grow": _grow,
    "touch": _touch,
}
WHERE = ["root", "sigs", "compiler", "parent"]
MODES = ["", "--tracked-only", "--pre-commit"]
VERBOSITY = ["", "-q", "-v"]
CONFIG_ARGS = [None, "conf/alt.toml", ".sigcheck.toml", "pyproject.toml", "conf/py.toml"]
OPTION_EDITS = {"where": WHERE, "mode": MODES, "verbosity": VERBOSITY, "config": CONFIG_ARGS}


@dataclass
class Options:
    where: str = "root"
    mode: str = ""
    verbosity: str = ""
    config: str | None = None
    json: bool = False
    root_given: bool = True
    extra: list[str] = field(default_factory=list)

    def argv(self, root: Path) -> tuple[Path, list[str]]:
        """The folder to run from and the arguments, paths relative to that folder."""
        cwd = {
            "root": root,
            "sigs": root / "sigs",
            "compiler": root / "sigs/compiler",
            "parent": root.parent,
        }[self.where]
        if not cwd.is_dir() or cwd.is_symlink():
            cwd = root
        args = [a for a in (self.mode, self.verbosity) if a]
        if self.root_given or cwd == root.parent:
            args += ["--root", os.path.relpath(root, cwd)]
        if self.config:
            args += ["--config", os.path.relpath(root / self.config, cwd)]
        if self.json:
            args += ["--format", "json"]
        return cwd, args


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one generated community every example copies: written and committed once."""
    top = tmp_path_factory.mktemp("warm-base")
    root = top / "repo"
    for name, text in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "conf/py.toml").symlink_to("../pyproject.toml")  # read as a plain TOML file
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


Step = tuple[str, int, tuple[str, int] | None]
steps = st.lists(
    st.tuples(
        st.sampled_from(sorted(EDITS)),
        st.integers(0, 59),
        st.none() | st.tuples(st.sampled_from(sorted(OPTION_EDITS)), st.integers(0, 59)),
    ),
    min_size=1,
    max_size=6,
)
first_options = st.builds(
    Options,
    where=st.sampled_from(WHERE),
    mode=st.sampled_from(MODES),
    verbosity=st.sampled_from(VERBOSITY),
    config=st.sampled_from(CONFIG_ARGS),
    json=st.booleans(),
    root_given=st.booleans(),
)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_warm_run_prints_what_a_cold_run_prints(base: Path, monkeypatch: pytest.MonkeyPatch):
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    seen: Counter[str] = Counter()

    def compare(root: Path, options: Options, label: str) -> Run:
        cwd, args = options.argv(root)
        warm = check(*args, cwd=cwd)
        cold = check(*args, "--no-cache", cwd=cwd)
        assert warm.report() == cold.report(), f"{label}: sigcheck check {' '.join(args)} in {cwd}"
        seen["compared"] += 1
        seen["replayed"] += warm.replayed
        return warm

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(options=first_options, sequence=steps)
    def warm_equals_cold(options: Options, sequence: list[Step]) -> None:
        """Each step: (maybe) other options, a run that leaves a trace for them, an edit,
        then the warm run (a replay unless the edit is seen) against the cold one."""
        with tempfile.TemporaryDirectory(dir=base.parent) as folder:
            root = Path(folder) / "repo"
            shutil.copytree(base, root, symlinks=True)
            (Path(folder) / "outside.md").write_text("# Outside\n", encoding="utf-8")
            (Path(folder) / "outside").mkdir()
            for edit, seed, option in sequence:
                if option is not None:  # the last trace, replayed or not with these
                    setattr(options, option[0], _pick(OPTION_EDITS[option[0]], option[1]))
                    compare(root, options, f"with {options}")
                else:
                    cwd, args = options.argv(root)
                    check(*args, cwd=cwd)  # the trace the next run may replay
                EDITS[edit](root, seed)
                compare(root, options, f"after {edit!r} ({seed}) with {options}")
            compare(root, options, "again")  # nothing changed: the replay's own turn

    warm_equals_cold()
    print(
        f"warm == cold: {EXAMPLES} examples, {seen['compared']} compared, {seen['replayed']} replays"
    )
    # the property is only worth its runs if many of them were replays
    assert seen["replayed"] >= seen["compared"] // 5, seen
