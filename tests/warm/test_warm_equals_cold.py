"""The harness turned around (issue 21): whatever a user does to a repository between two runs,
the warm run (trace and content cache on) prints exactly what a cold one (`--no-cache`)
prints: stdout, stderr notes and exit code.

Hypothesis draws sequences of edits to a generated community (content changed with size and
mtime kept, renames, letter-case changes, symlinks in and out, configuration changes, git's
index, commits and remote) and the options of each run (the current folder, --root and
--config relative to it, --tracked-only/--pre-commit, -q/-v, the format). Two worlds: a
MindSpore-shaped tree (pages, links, tables) and an openEuler-shaped one (per-repository
files, OWNERS, the gate's data files). Each world's tree is written and committed once; each
example works on a copy. Bounded: SIGCHECK_WARM_EXAMPLES examples (default 30, and 20 for the
openEuler world; about 10 s of CPU), derandomized so that CI is reproducible; raise it to
explore. WARM_DEBUG=1 prints every compared run.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.conftest import GOOD_TREE
from tests.gate.trees import clean_tree, sig_info
from tests.warm.inproc import Run, check
from tests.warm.test_proof import GIT_ENV

EXAMPLES = int(os.environ.get("SIGCHECK_WARM_EXAMPLES", "40"))
"""Examples of the MindSpore-shaped world; the openEuler-shaped one gets three quarters."""


@dataclass(frozen=True)
class World:
    """A generated community and the edits that make sense on it."""

    name: str
    tree: dict[str, str]
    links: dict[str, str]  # symlinks of the base tree: where -> target
    same_size: list[tuple[str, str, str]]  # (file, text, text of the same length in bytes)
    renames: list[tuple[str, str]]
    cases: list[tuple[str, str]]
    symlinks: list[tuple[str, str]]  # (where, target): a symlink replaces what is there
    configs: list[str | None]
    git_paths: list[str]
    creates: dict[str, str]
    deletes: list[str]
    grows: list[str]
    folders: dict[str, str]  # where runs start from: name -> path under the root
    config_args: list[str | None]
    own: str


MINDSPORE = World(
    name="mindspore",
    tree={
        **GOOD_TREE,
        "sigs/compiler/README.md": (
            "# Compiler SIG\n\n## 简介\n\n## Meetings\n\n[上一级](../README.md)\n"
            "- [计划](plan.md)\n- [纪要](meetings/2026.md)\n- [文档](docs/guide.md#安装)\n"
            "- [贡献](../../CONTRIBUTING.md#提交)\n"
        ),
        "sigs/compiler/plan.md": "# Plan\n\n[数据](../data/README.md#简介)\n",
        "sigs/compiler/meetings/2026.md": "# 2026\n\n[返回](../README.md#简介)\n",
        "sigs/compiler/docs/guide.md": "# Guide\n\n## 安装\n",
        "sigs/data/README.md": (
            "# Data SIG\n\n## 简介\n\n[计划](../compiler/plan.md)\n"
            "[远程计划](https://gitee.com/mindspore/community/blob/master/sigs/compiler/plan.md)\n"
            "[远程纪要](https://gitee.com/mindspore/community/blob/master/sigs/data/minutes.md)\n"
        ),
        "sigs/data/docs/notes.md": "# Notes\n\n[指南](../../compiler/docs/guide.md)\n",
        "CONTRIBUTING.md": "# Contributing\n\n## 提交\n",
        "conf/alt.toml": 'ignore = ["T"]\n',
        ".sigcheck.toml": 'exclude = ["sigs/none/**"]\n',
        "pyproject.toml": '[project]\nname = "community"\n\n[tool.sigcheck]\nignore = ["D"]\n',
    },
    links={"conf/py.toml": "../pyproject.toml"},  # the same file, read as a plain TOML file
    same_size=[
        ("sigs/compiler/README.md", "(plan.md)", "(plam.md)"),
        ("sigs/compiler/README.md", "## 简介", "## 简单"),
        ("sigs/data/sig-info.yaml", "gitee_id: liuchunxi", "gitee_id: liuchunxy"),
        ("sigs/README.md", "(compiler/README.md)", "(compiler/readme.md)"),
        ("CONTRIBUTING.md", "## 提交", "## 提问"),
        ("sigs/compiler/docs/guide.md", "## 安装", "## 安置"),
        ("conf/alt.toml", '"T"', '"L"'),
        (".sigcheck.toml", "sigs/none/", "sigs/data/"),
    ],
    renames=[
        ("sigs/compiler/plan.md", "sigs/compiler/plan2.md"),
        ("sigs/compiler/docs", "sigs/compiler/doc"),
        ("sigs/compiler/meetings/2026.md", "sigs/compiler/meetings/2027.md"),
        ("sigs/data", "sigs/dat"),
        (".sigcheck.toml", "conf/other.toml"),
    ],
    cases=[
        ("sigs/compiler/plan.md", "sigs/compiler/Plan.md"),
        ("sigs/compiler/README.md", "sigs/compiler/readme.md"),
        ("sigs/data/sig-info.yaml", "sigs/data/SIG-info.yaml"),
        ("sigs/compiler/docs/guide.md", "sigs/compiler/docs/Guide.md"),
        ("sigs/compiler/docs", "sigs/compiler/Docs"),
    ],
    symlinks=[
        ("sigs/compiler/plan.md", "../data/README.md"),
        ("sigs/compiler/plan.md", "../../../outside.md"),
        ("sigs/compiler/docs", "../data/docs"),
        ("sigs/data/docs", "../../../outside"),
        ("sigs/data/loop.md", "loop.md"),
        ("sigs/data/README.md", "../compiler/README.md"),
    ],
    configs=[
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
    ],
    git_paths=["sigs/compiler/plan.md", "sigs/data/README.md", "sigs/newsig/README.md", "."],
    creates={
        "sigs/newsig/README.md": "# New SIG\n\n[计划](plan.md)\n",
        "sigs/compiler/extra.md": "# Extra\n\n[指南](docs/guide.md#安装)\n",
        "sigs/data/plan.md": "# Data plan\n",
        os.fsdecode(b"sigs/compiler/caf\xe9.md"): "# Caf\n\n[x](gone.md)\n",
    },
    deletes=["sigs/compiler/plan.md", "sigs/data/sig-info.yaml", "sigs/README_en.md"],
    grows=["sigs/compiler/README.md", "sigs/data/README.md", "CONTRIBUTING.md"],
    folders={"root": "", "sigs": "sigs", "sig": "sigs/compiler", "parent": ".."},
    config_args=[None, "conf/alt.toml", ".sigcheck.toml", "pyproject.toml", "conf/py.toml"],
    own="https://gitee.com/mindspore/community",
)


def _openeuler_tree() -> dict[str, str]:
    """Per-repository files, OWNERS, and the gate's data files (i19/i23's inputs)."""
    tree = clean_tree(sigs=2, repositories=2)
    files = dict(tree.files)
    shared = "src-openeuler/pkg-0-0"  # listed by two SIGs: M009 unless an exception
    files["sig/Team-1/sig-info.yaml"] = sig_info(
        "Team-1", ["openeuler/pkg-1-0", "openeuler/pkg-1-1", shared]
    )
    files["sig/Team-0/OWNERS"] = "maintainers:\n- lan_he\n"
    files["sig/Team-0/README.md"] = (
        "# Team-0\n\n[计划](docs/plan.md)\n[网关](../../ci-scripts/README.md)\n"
    )
    files["sig/Team-0/docs/plan.md"] = "# Plan\n\n[返回](../README.md)\n"
    files["ci-scripts/exceptions.yaml"] = "exceptions:\n- pkg-0-0\n"
    files["ci-scripts/README.md"] = "# Gate\n"
    files["zh/technical-committee/governance/blacklist-software.yaml"] = "software:\n- badpkg\n"
    return files


OPENEULER = World(
    name="openeuler",
    tree=_openeuler_tree(),
    links={},
    same_size=[
        ("ci-scripts/exceptions.yaml", "pkg-0-0", "pkg-0-9"),
        ("sig/Team-0/src-openeuler/p/pkg-0-1.yaml", "type: public", "type: privat"),
        ("sig/Team-1/sig-info.yaml", "pkg-1-1", "pkg-1-7"),
        ("sig/Team-0/OWNERS", "lan_he", "lan_hx"),
        ("sig/Team-0/README.md", "(docs/plan.md)", "(docs/plan.mx)"),
        (".sigcheck.toml", "M009", "M004"),
    ],
    renames=[
        ("ci-scripts/exceptions.yaml", "zh/technical-committee/governance/exceptions.yaml"),
        ("sig/Team-0/src-openeuler/p/pkg-0-1.yaml", "sig/Team-0/src-openeuler/p/pkg-0-2.yaml"),
        ("sig/Team-1", "sig/Team-2"),
        ("sig/Team-0/OWNERS", "sig/Team-0/OWNERS.bak"),
    ],
    cases=[
        ("sig/Team-0/src-openeuler/p/pkg-0-0.yaml", "sig/Team-0/src-openeuler/p/Pkg-0-0.yaml"),
        ("sig/Team-0/src-openeuler/p", "sig/Team-0/src-openeuler/P"),
        ("sig/Team-1/sig-info.yaml", "sig/Team-1/Sig-Info.yaml"),
        ("ci-scripts", "CI-scripts"),
    ],
    symlinks=[
        ("sig/Team-0/src-openeuler/p/pkg-0-1.yaml", "pkg-0-0.yaml"),
        ("ci-scripts/exceptions.yaml", "../../outside.md"),
        ("sig/Team-1/openeuler", "../Team-0/src-openeuler"),
        ("sig/Team-0/docs/plan.md", "../../../../outside.md"),
    ],
    configs=[
        None,
        "",
        'ignore = ["M009"]\n',
        '[gate]\nexceptions = ""\n',
        '[gate]\nexceptions = "ci-scripts/README.md"\n',
        "strict = true\n",
        'layout = "mindspore"\n',
        "bogus = 1\n",
    ],
    git_paths=["sig/Team-1/sig-info.yaml", "ci-scripts/exceptions.yaml", "sig/Team-9", "."],
    creates={
        "sig/Team-9/sig-info.yaml": "name: Team-9\nmaintainers:\n- gitee_id: mei_sample\n",
        "sig/Team-0/src-openeuler/b/badpkg.yaml": "name: badpkg\ntype: public\n",
        "ci-scripts/release-management.yaml": "master:\n  openEuler-24.03-LTS: []\n",
        "sig/Team-1/openeuler/p/pkg-1-0.yaml": "- not a mapping\n",
    },
    deletes=[
        "ci-scripts/exceptions.yaml",
        "sig/Team-0/OWNERS",
        "sig/Team-1/openeuler/p/pkg-1-1.yaml",
    ],
    grows=["sig/Team-0/README.md", "sig/Team-1/sig-info.yaml", "ci-scripts/exceptions.yaml"],
    folders={"root": "", "sigs": "sig", "sig": "sig/Team-0", "parent": ".."},
    config_args=[None, ".sigcheck.toml"],
    own="https://gitee.com/openeuler/community",
)
WORLDS = {world.name: world for world in (MINDSPORE, OPENEULER)}


def _pick(items: list, seed: int):
    return items[seed % len(items)]


def _same_size(world: World, root: Path, seed: int) -> None:
    name, old, new = _pick(world.same_size, seed)
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


def _symlink(world: World, root: Path, seed: int) -> None:
    name, target = _pick(world.symlinks, seed)
    path = root / name
    if path.is_symlink():  # undo: a regular file again
        path.unlink()
        path.write_text("# Back\n\n[上一级](../README.md)\n", encoding="utf-8")
        return
    if os.path.lexists(path):
        _remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _config(world: World, root: Path, seed: int) -> None:
    text = _pick(world.configs, seed)
    path = root / (".sigcheck.toml" if seed % 3 or len(world.config_args) < 3 else "conf/alt.toml")
    if text is None:
        if os.path.lexists(path):
            _remove(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _git(world: World, root: Path, seed: int) -> None:
    """The index (--tracked-only, --pre-commit), a commit, or the remote that names the
    repository's own web address (which links are local files)."""
    target = _pick(world.git_paths, seed // 7)
    args = _pick(
        [
            ["add", "-A", "--", target],
            ["rm", "-r", "-q", "--cached", "--", target],
            ["commit", "-q", "-m", "step", "--allow-empty"],
            ["rm", "-r", "-q", "--cached", "--", target],
            ["remote", "add", "origin", world.own + ".git"],
            ["remote", "set-url", "origin", "git@gitee.com:mei-sample/community.git"],
            ["remote", "remove", "origin"],
        ],
        seed,
    )
    subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60, check=False)


def _create(world: World, root: Path, seed: int) -> None:
    name = _pick(list(world.creates), seed)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError, UnicodeEncodeError):  # a file system may refuse it
        path.write_text(world.creates[name], encoding="utf-8")


def _delete(world: World, root: Path, seed: int) -> None:
    path = root / _pick(world.deletes, seed)
    if os.path.lexists(path):
        _remove(path)


def _grow(world: World, root: Path, seed: int) -> None:
    path = root / _pick(world.grows, seed)
    if path.is_file():
        with path.open("a", encoding="utf-8") as handle:
            grown = "- more\n" if path.suffix == ".yaml" else f"\n[新](missing-{seed % 7}.md)\n"
            handle.write(grown)


def _touch(world: World, root: Path, seed: int) -> None:
    for path in [*root.rglob("*.md"), *root.rglob("*.yaml")]:
        if path.is_file() and not path.is_symlink():
            os.utime(path, (1_000_000_000 + seed, 1_000_000_000 + seed))


EDITS: dict[str, Callable[[World, Path, int], None]] = {
    "same size, mtime kept": _same_size,
    "rename": lambda world, root, seed: _move(root, _pick(world.renames, seed)),
    "letter case": lambda world, root, seed: _move(root, _pick(world.cases, seed)),
    "symlink": _symlink,
    "configuration": _config,
    "git": _git,
    "new file": _create,
    "delete": _delete,
    "grow": _grow,
    "touch": _touch,
}
EDIT_CHOICES = [*sorted(EDITS), "git", "same size, mtime kept"]
"""git once more: its seven actions each need the right mode to matter."""
WHERE = ["root", "sigs", "sig", "parent"]
MODES = ["", "--tracked-only", "--pre-commit", "--new-since=HEAD"]
VERBOSITY = ["", "-q", "-v"]
OPTION_EDITS = {"where": WHERE, "mode": MODES, "verbosity": VERBOSITY, "config": list(range(5))}


@dataclass
class Options:
    where: str = "root"
    mode: str = ""
    verbosity: str = ""
    config: int = 0
    json: bool = False
    root_given: bool = True

    def argv(self, world: World, root: Path) -> tuple[Path, list[str]]:
        """The folder to run from and the arguments, paths relative to that folder."""
        cwd = (root / world.folders[self.where]).resolve()
        if not cwd.is_dir():
            cwd = root
        args = [a for a in (self.mode, self.verbosity) if a]
        if self.root_given or cwd == root.parent:
            args += ["--root", os.path.relpath(root, cwd)]
        config = _pick(world.config_args, self.config)
        if config:
            args += ["--config", os.path.relpath(root / config, cwd)]
        if self.json:
            args += ["--format", "json"]
        return cwd, args


@pytest.fixture(scope="module", params=sorted(WORLDS))
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A world and its one generated community every example copies: written and committed
    once."""
    world = WORLDS[request.param]
    root = tmp_path_factory.mktemp(f"warm-{world.name}") / "repo"
    for name, text in world.tree.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for name, target in world.links.items():
        (root / name).symlink_to(target)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return world, root


Step = tuple[str, int, tuple[str, int] | None]


def draw(chance: random.Random) -> tuple[Options, list[Step]]:
    """First options and 1-6 steps, drawn evenly from one seed: Hypothesis' own strategies
    favour their first and simplest values so much that 30 examples left some edits out."""
    options = Options(
        where=chance.choice(WHERE),
        mode=chance.choice(MODES),
        verbosity=chance.choice(VERBOSITY),
        config=chance.randrange(5),
        json=chance.random() < 0.5,
        root_given=chance.random() < 0.5,
    )
    steps: list[Step] = []
    for _ in range(chance.randint(1, 6)):
        option = None
        if chance.random() < 0.3:
            option = (chance.choice(sorted(OPTION_EDITS)), chance.randrange(60))
        steps.append((chance.choice(EDIT_CHOICES), chance.randrange(60), option))
    return options, steps


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_warm_run_prints_what_a_cold_run_prints(world, monkeypatch: pytest.MonkeyPatch):
    world, base = world
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    seen: Counter[str] = Counter()

    def compare(root: Path, options: Options, label: str) -> Run:
        cwd, args = options.argv(world, root)
        warm = check(*args, cwd=cwd)
        cold = check(*args, "--no-cache", cwd=cwd)
        assert warm.report() == cold.report(), f"{label}: sigcheck check {' '.join(args)} in {cwd}"
        seen["compared"] += 1
        seen["replayed"] += warm.replayed
        if os.environ.get("WARM_DEBUG"):
            print(warm.replayed, warm.code, label, args, warm.stderr[-300:])
        return warm

    examples = EXAMPLES if world is MINDSPORE else max(1, EXAMPLES * 3 // 4)

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(seed=st.integers(0, 2**32 - 1))
    def warm_equals_cold(seed: int) -> None:
        """Each step: (maybe) other options, a run that leaves a trace for them, an edit,
        then the warm run (a replay unless the edit is seen) against the cold one."""
        options, sequence = draw(random.Random(seed))
        note(f"first options: {options}; steps: {sequence}")
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
                    cwd, args = options.argv(world, root)
                    check(*args, cwd=cwd)  # the trace the next run may replay
                EDITS[edit](world, root, seed)
                compare(root, options, f"after {edit!r} ({seed}) with {options}")
            compare(root, options, "again")  # nothing changed: the replay's own turn

    warm_equals_cold()
    print(
        f"warm == cold, {world.name}: {examples} examples, {seen['compared']} compared, "
        f"{seen['replayed']} replays"
    )
    # the property is only worth its runs if many of them were replays
    assert seen["replayed"] >= seen["compared"] // 8, seen
