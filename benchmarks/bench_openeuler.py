"""Time ``sigcheck check`` (offline, no configuration) on an openEuler-scale `sig/` tree.

Why: openEuler's community repository has 113 SIGs and about ten thousand per-repository files
(`sig/<SIG>/src-openeuler/<letter>/<repo>.yaml`). sigcheck lists their paths (M009 claims) and
never reads them; this measures what that listing costs, by timing the same tree with and
without those files.

Usage::

    python benchmarks/bench_openeuler.py [--sigs 113] [--repos 90] [--runs 5]

Prints the median wall time of each variant (after one warm-up run) and the findings by code.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def write_tree(root: Path, sigs: int, repos: int, repository_files: bool) -> None:
    (root / "sig").mkdir(parents=True)
    (root / "sig" / "README.md").write_text("# SIGs\n", encoding="utf-8")
    for number in range(sigs):
        folder = root / "sig" / f"SIG-{number:03d}"
        folder.mkdir()
        people = "".join(
            f"- gitee_id: ''\n  atomgit_id: dev{number}_{i}\n  name: Dev {number} {i}\n"
            f"  email: dev{number}.{i}@example.com\n"
            for i in range(12)
        )
        names = [f"pkg{number}-{i}" for i in range(repos)]
        claimed = "".join(f"  - src-openeuler/{name}\n" for name in names[:20])
        (folder / "sig-info.yaml").write_text(
            f"name: SIG-{number:03d}\ndescription: generated\nmailing_list: NA\n"
            f"maintainers:\n{people}committers:\n{people}repositories:\n- repo:\n{claimed}",
            encoding="utf-8",
        )
        (folder / "OWNERS").write_text(f"maintainers:\n- dev{number}_0\n", encoding="utf-8")
        (folder / "README.md").write_text(f"# SIG {number}\n", encoding="utf-8")
        if repository_files:
            for name in names:
                target = folder / "src-openeuler" / name[0] / f"{name}.yaml"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"name: {name}\ndescription: ''\ntype: public\n", "utf-8")


def run(root: Path) -> tuple[float, Counter[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sigcheck", "check", "--root", str(root), "--no-cache",
         "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    codes = Counter(d["code"] for d in json.loads(done.stdout)["diagnostics"])
    return elapsed, codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sigs", type=int, default=113)
    parser.add_argument("--repos", type=int, default=90, help="per-repository files per SIG")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        for label, files in (("without per-repository files", False), ("with them", True)):
            root = Path(scratch) / label.replace(" ", "-")
            write_tree(root, args.sigs, args.repos, files)
            run(root)  # warm-up
            times, codes = [], Counter[str]()
            for _ in range(args.runs):
                elapsed, codes = run(root)
                times.append(elapsed)
            count = args.sigs * args.repos if files else 0
            print(
                f"{args.sigs} SIGs, {count} per-repository files ({label}): "
                f"median {statistics.median(times):.2f}s over {args.runs} runs; "
                f"findings {dict(sorted(codes.items()))}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
