"""openEuler's own gate, at openEuler's size: sigcheck against a pure-Python YAML pass.

Why: openEuler's pull-request gate (`ci-scripts/sanity_check.py`) loads every per-repository
file with PyYAML's pure-Python loader and takes about a minute a run. sigcheck reads and
checks every one of those files too (R001-R009, M009 by name); this measures a cold and a warm
`sigcheck check` against PyYAML's pure loader (`yaml.load(text, Loader=yaml.SafeLoader)`, no
libyaml) over the same files, side by side in one run. PyYAML is needed here only, never by
sigcheck.

The tree (`write_tree`): 110 invented SIGs, each with `sig-info.yaml` (12 maintainers, 12
committers, its repositories listed), `OWNERS`, a README, and its share of 12,000
per-repository files `sig/<SIG>/<owner>/<letter>/<name>.yaml` with 3-24 branches each (about
a tenth with a description folded over two lines, as `yaml.dump` writes long ones).

Wall times mean little on a busy machine; the CPU columns (sigcheck's worker processes
included) compare the work done.

Usage::

    python benchmarks/bench_openeuler_gate.py [--sigs 110] [--repos 12000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

RELEASES = [
    "openEuler-20.03-LTS", "openEuler-20.03-LTS-SP1", "openEuler-20.03-LTS-SP2",
    "openEuler-20.03-LTS-SP3", "openEuler-20.03-LTS-SP4", "openEuler-20.09", "openEuler-21.03",
    "openEuler-21.09", "openEuler-22.03-LTS", "openEuler-22.03-LTS-SP1",
    "openEuler-22.03-LTS-SP2", "openEuler-22.03-LTS-SP3", "openEuler-22.03-LTS-SP4",
    "openEuler-22.09", "openEuler-23.03", "openEuler-23.09", "openEuler-24.03-LTS",
    "openEuler-24.03-LTS-SP1", "openEuler-24.03-LTS-SP2", "openEuler-24.09", "openEuler-25.03",
    "Multi-Version_obs-server-2.10.11_openEuler-24.03-LTS-SP1", "openEuler-25.09",
]  # fmt: skip
READONLY = {"openEuler-20.09", "openEuler-21.03", "openEuler-21.09", "openEuler-22.09"}


def repository_text(name: str, rng: random.Random) -> str:
    lines = [f"name: {name}"]
    if rng.random() < 0.1:
        lines += [f"description: {name} is an invented package whose description is long", "  enough to be folded over two lines by the dumper"]  # fmt: skip
    else:
        lines.append(f"description: {rng.choice(['', 'An invented package for the benchmark'])!r}")
    if rng.random() < 0.8:
        lines.append(f"upstream: https://example.org/upstream/{name}")
    lines += ["branches:", "- name: master", "  type: protected"]
    for release in RELEASES[: rng.randint(2, len(RELEASES))]:
        kind = "readonly" if release in READONLY else "protected"
        lines += [f"- name: {release}", f"  type: {kind}", "  create_from: master"]
    lines.append(f"type: {'public' if rng.random() < 0.98 else 'private'}")
    return "\n".join(lines) + "\n"


def write_tree(root: Path, sigs: int, repos: int, seed: int = 7) -> list[Path]:
    """Write the tree; the YAML files the gate reads (repository files and sig-info.yaml)."""
    rng = random.Random(seed)
    yaml_files: list[Path] = []
    (root / "sig").mkdir(parents=True)
    (root / "sig" / "README.md").write_text("# SIGs\n", encoding="utf-8")
    per_sig = [repos // sigs + (1 if n < repos % sigs else 0) for n in range(sigs)]
    for number, count in enumerate(per_sig):
        name = f"SIG-{number:03d}"
        folder = root / "sig" / name
        folder.mkdir()
        people = "".join(
            f"- gitee_id: ''\n  atomgit_id: dev{number}_{i}\n  name: Dev {number} {i}\n"
            f"  email: dev{number}.{i}@example.com\n"
            for i in range(12)
        )
        repositories = []
        for index in range(count):
            owner = "src-openeuler" if index % 5 else "openeuler"
            repo = f"{rng.choice('abcdefghijklmnopqrstuvwxyz')}pkg{number}-{index}"
            repositories.append(f"{owner}/{repo}")
            target = folder / owner / repo[0] / f"{repo}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(repository_text(repo, rng), encoding="utf-8")
            yaml_files.append(target)
        listed = "".join(f"  - {r}\n" for r in repositories)
        info = folder / "sig-info.yaml"
        info.write_text(
            f"name: {name}\ndescription: generated\nmailing_list: NA\n"
            f"maintainers:\n{people}repositories:\n- repo:\n{listed}",
            encoding="utf-8",
        )
        yaml_files.append(info)
        (folder / "OWNERS").write_text(f"maintainers:\n- dev{number}_0\n", encoding="utf-8")
        (folder / "README.md").write_text(f"# SIG {number}\n", encoding="utf-8")
    return yaml_files


def pure_python_pass(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds PyYAML's pure-Python safe loader takes over `files` (read
    included)."""
    import importlib

    yaml = importlib.import_module("yaml")  # the benchmark's own dependency, never sigcheck's
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    return time.perf_counter() - started, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sigcheck(root: Path, *extra: str) -> tuple[float, float, Counter[str]]:
    """Wall and CPU seconds (its worker processes included) of one `sigcheck check`."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sigcheck", "check", "--root", str(root), "--format", "json", *extra],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    codes = Counter(d["code"] for d in json.loads(done.stdout)["diagnostics"])
    return elapsed, _children_cpu() - cpu, codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sigs", type=int, default=110)
    parser.add_argument("--repos", type=int, default=12000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "community"
        files = write_tree(root, args.sigs, args.repos)
        print(f"{args.sigs} SIGs, {args.repos} repository files, {len(files)} YAML files")
        pure = [pure_python_pass(files) for _ in range(args.runs)]
        cold, codes = [], Counter[str]()
        for _ in range(args.runs):
            wall, cpu, codes = sigcheck(root, "--no-cache")
            cold.append((wall, cpu))
        sigcheck(root)  # leaves the cache and the trace
        warm = [sigcheck(root)[:2] for _ in range(args.runs)]
        one = files[len(files) // 2]
        edited = []
        for run in range(args.runs):  # one repository file edited: only it is parsed again
            one.write_text(one.read_text(encoding="utf-8") + f"# edit {run}\n", encoding="utf-8")
            edited.append(sigcheck(root)[:2])
        p_wall = statistics.median(w for w, _ in pure)
        p_cpu = statistics.median(c for _, c in pure)
        rows = [
            ("PyYAML pure-Python pass", pure),
            ("sigcheck cold (--no-cache)", cold),
            ("sigcheck warm (nothing changed)", warm),
            ("sigcheck warm (one file edited)", edited),
        ]
        print(f"{'':<34} {'wall':>8} {'ratio':>7}   {'CPU':>8} {'ratio':>7}")
        for label, times in rows:
            wall = statistics.median(w for w, _ in times)
            cpu = statistics.median(c for _, c in times)
            print(f"{label:<34} {wall:7.2f}s {wall / p_wall:7.3f}   {cpu:7.2f}s {cpu / p_cpu:7.3f}")
        print(f"findings: {dict(sorted(codes.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
