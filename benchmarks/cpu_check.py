"""CPU time of `sigcheck check --no-cache` per tree, and its JSON findings, for before/after.

Why: on a shared 2-core machine wall times swing with the load; the CPU time of the run
(children's user + system, all worker processes included) does not. The JSON output of each
tree is written too, so that a speed change can be proved to change no finding (byte-identical).

Usage::

    .venv/bin/python benchmarks/cpu_check.py OUT_DIR TREE [TREE ...] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path


def cpu_run(cmd: list[str]) -> tuple[float, bytes]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    drop = ("CI", "GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE")  # .pyc as users have them
    env = {k: v for k, v in os.environ.items() if k not in drop}
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, proc.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sigcheck = str(Path(sys.executable).with_name("sigcheck"))
    for tree in args.trees:
        cmd = [sigcheck, "check", "--no-cache", "--format", "json", "--root", str(tree)]
        samples = []
        output = b""
        for _ in range(args.runs):
            used, output = cpu_run(cmd)
            samples.append(used)
        name = "_".join(tree.resolve().parts[-2:])
        (args.out / f"{name}.json").write_bytes(output)
        median = statistics.median(samples)
        spread = ", ".join(f"{s * 1000:.0f}" for s in samples)
        print(f"{name}: CPU median {median * 1000:.0f} ms ({spread})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
