"""Time ``sigcheck check`` (offline) on the MindSpore example and on generated trees.

Why: ``sigcheck check`` runs in pre-commit on every commit, so its start-up and per-file costs are
what contributors feel.  (a) compares a run on ``examples/mindspore`` with the bare cost of
importing its two heavy dependencies (``pydantic``, ``markdown_it``), interleaved so that machine
noise hits both alike; (b) times trees of growing size made by ``generate_tree.py`` with and
without the cache, and scores how many of the planted broken links come back as L001-L003.

Usage::

    python benchmarks/bench_offline.py [--runs 7] [--sizes 100,500,2000] [--out FILE.md]

Each measurement is the median of ``--runs`` runs after one warm-up run.  Exit status 0 when every
sigcheck run exited 0 or 1 (clean or findings), 1 when one failed (its stderr is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "mindspore"
GENERATOR = Path(__file__).resolve().parent / "generate_tree.py"
IMPORT_PROBE = "import pydantic, markdown_it"
LINK_CODES = {"missing-file": "L001", "bad-anchor": "L002", "wrong-case": "L003"}


class BenchError(Exception):
    """A sigcheck run that did not behave like the CLI contract says (exit 0/1, JSON out)."""


@dataclass
class Timing:
    """Wall-clock samples of one command, in seconds."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def cells(self) -> list[str]:
        return [ms(self.median), ms(min(self.samples)), ms(max(self.samples))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run `cmd` from the repository root; wall-clock time including interpreter start-up."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    return time.perf_counter() - start, proc


def sigcheck_cmd(python: str, root: Path, no_cache: bool) -> list[str]:
    cmd = [python, "-m", "sigcheck", "check", "--root", str(root), "--format", "json"]
    return [*cmd, "--no-cache"] if no_cache else cmd


def run_sigcheck(cmd: list[str]) -> tuple[float, dict[str, Any]]:
    """One timed run; exit codes 0 and 1 are normal, anything else (or bad JSON) is a failure."""
    seconds, proc = timed(cmd)
    if proc.returncode not in (0, 1):
        raise BenchError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n{proc.stderr.strip()}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise BenchError(
            f"`{' '.join(cmd)}` exited {proc.returncode} without JSON output "
            f"({exc}):\n{proc.stderr.strip() or proc.stdout[:2000]}"
        ) from exc
    if not isinstance(report, dict) or not isinstance(report.get("diagnostics"), list):
        raise BenchError(f"`{' '.join(cmd)}`: JSON has no `diagnostics` list")
    return seconds, report


def supports_no_cache(python: str) -> bool:
    """Older or partial CLIs may reject --no-cache (argparse: exit 2, 'unrecognized')."""
    _, proc = timed(sigcheck_cmd(python, EXAMPLE, no_cache=True))
    rejected = "no-cache" in proc.stderr or "unrecognized" in proc.stderr
    return not (proc.returncode == 2 and rejected)


def bench_example(python: str, runs: int) -> tuple[Timing, Timing, dict[str, Any]]:
    """sigcheck on the example (as pre-commit runs it) vs. the import floor, interleaved."""
    check_cmd = sigcheck_cmd(python, EXAMPLE, no_cache=False)
    import_cmd = [python, "-c", IMPORT_PROBE]
    run_sigcheck(check_cmd)  # warm-up
    import_floor(import_cmd)
    checks: list[float] = []
    imports: list[float] = []
    report: dict[str, Any] = {}
    for _ in range(runs):
        seconds, report = run_sigcheck(check_cmd)
        checks.append(seconds)
        imports.append(import_floor(import_cmd))
    return Timing(checks), Timing(imports), report


def import_floor(cmd: list[str]) -> float:
    seconds, proc = timed(cmd)
    if proc.returncode != 0:
        raise BenchError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n{proc.stderr.strip()}")
    return seconds


def generate(python: str, out: Path, sigs: int) -> dict[str, Any]:
    proc = subprocess.run(
        [python, str(GENERATOR), str(out), "--sigs", str(sigs), "--seed", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"generate_tree.py failed ({proc.returncode}):\n{proc.stderr.strip()}")
    planted: dict[str, Any] = json.loads((out / "planted.json").read_text(encoding="utf-8"))
    return planted


def score(report: dict[str, Any], planted: dict[str, Any]) -> tuple[int, int, int, int]:
    """(planted link problems, found at path+line among L001-L003, with the expected code,
    L001-L003 diagnostics that match nothing planted)."""
    found: dict[tuple[str, int], set[str]] = {}
    for diag in report["diagnostics"]:
        if diag.get("code") in LINK_CODES.values():
            found.setdefault((str(diag.get("path")), int(diag.get("line") or 0)), set()).add(
                diag["code"]
            )
    problems = [p for p in planted["problems"] if p["kind"] in LINK_CODES]
    keys = {(p["path"], p["line"]) for p in problems}
    hit = sum((p["path"], p["line"]) in found for p in problems)
    right = sum(LINK_CODES[p["kind"]] in found.get((p["path"], p["line"]), set()) for p in problems)
    unexpected = sum(len(codes) for key, codes in found.items() if key not in keys)
    return len(problems), hit, right, unexpected


def bench_tree(
    python: str, size: int, runs: int, no_cache_ok: bool, keep: Path | None
) -> list[list[str]]:
    """Rows for one generated tree: cold (--no-cache) then warm cache."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix=f"sigcheck-bench-{size}-", dir=keep))
    tree = base / "tree"
    try:
        planted = generate(python, tree, size)
        md_files = sum(1 for _ in (tree / "sigs").rglob("*.md"))
        modes = (
            [("--no-cache", True), ("warm cache", False)]
            if no_cache_ok
            else [("default (--no-cache unsupported)", False)]
        )
        rows: list[list[str]] = []
        for label, no_cache in modes:
            cmd = sigcheck_cmd(python, tree, no_cache)
            run_sigcheck(cmd)  # warm-up; in the warm case it fills the cache
            samples: list[float] = []
            report: dict[str, Any] = {}
            for _ in range(runs):
                seconds, report = run_sigcheck(cmd)
                samples.append(seconds)
            total, hit, right, unexpected = score(report, planted)
            rows.append(
                [
                    str(size),
                    str(md_files),
                    label,
                    *Timing(samples).cells(),
                    str(len(report["diagnostics"])),
                    f"{hit}/{total}",
                    str(right),
                    str(unexpected),
                ]
            )
        return rows
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def code_counts(report: dict[str, Any]) -> str:
    counts: dict[str, int] = {}
    for diag in report["diagnostics"]:
        counts[str(diag.get("code"))] = counts.get(str(diag.get("code")), 0) + 1
    return ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items())) or "none"


def version(python: str) -> str:
    """The CLI's own --version line, or 'unknown' when it has none yet."""
    _, proc = timed([python, "-m", "sigcheck", "--version"])
    text = (proc.stdout or proc.stderr).strip()
    return text.splitlines()[0] if proc.returncode == 0 and text else "unknown"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement")
    parser.add_argument(
        "--sizes",
        default="100,500,2000",
        help="comma-separated SIG counts for generated trees ('' for none)",
    )
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter that has sigcheck installed (default: this one)",
    )
    parser.add_argument("--keep", type=Path, help="generate trees under this folder and keep them")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: not a comma-separated list of integers: {args.sizes!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    python: str = args.python
    runs: int = args.runs
    out: list[str] = [
        "# sigcheck offline benchmark",
        "",
        f"- {version(python)}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        f"- median / min / max of {runs} runs after 1 warm-up; wall clock including "
        "interpreter start-up",
        "",
    ]
    failed = False
    try:
        no_cache_ok = supports_no_cache(python)
        check, imports, report = bench_example(python, runs)
        out += ["## examples/mindspore", ""]
        out += table(
            ["command", "median", "min", "max"],
            [
                ["`sigcheck check --format json`", *check.cells()],
                [f'`python -c "{IMPORT_PROBE}"`', *imports.cells()],
            ],
        )
        out += [
            "",
            f"Ratio check / import: {check.median / imports.median:.2f}×. "
            f"Diagnostics: {len(report['diagnostics'])} ({code_counts(report)}).",
            "",
        ]
        if not no_cache_ok:
            out += [
                "Note: this sigcheck rejects `--no-cache`; every run below uses the default "
                "cache behaviour.",
                "",
            ]
        if args.size_list:
            rows: list[list[str]] = []
            for size in args.size_list:
                print(f"benchmarking {size} SIGs ...", file=sys.stderr)
                rows += bench_tree(python, size, runs, no_cache_ok, args.keep)
            out += ["## Generated trees (generate_tree.py --seed 1)", ""]
            out += table(
                [
                    "SIGs",
                    "Markdown files",
                    "cache",
                    "median",
                    "min",
                    "max",
                    "diagnostics",
                    "planted found (path+line, L001-L003)",
                    "with expected code",
                    "unplanted L001-L003",
                ],
                rows,
            )
            out.append("")
    except BenchError as exc:
        failed = True
        out += ["", "**Benchmark failed:**", "", "```", str(exc), "```", ""]
        print(f"error: {exc}", file=sys.stderr)
    text = "\n".join(out).rstrip("\n") + "\n"
    print(text, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
