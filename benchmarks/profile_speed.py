"""Where a sigcheck run spends its time: `-X importtime` and cProfile, cold and warm.

Why: issue 11 asks to measure first, then choose. This writes, for each case, the import tree
cost and the top functions by own time and by cumulative time, so that a change can be checked
against the same cases before and after.

Cases: `sigcheck --version`; `sigcheck check` on the MindSpore-shaped and openEuler-shaped trees
(`make_trees.py`, made under `--work` if missing), cold (cache folder removed) and warm (a run
before fills the cache).

Usage::

    .venv/bin/python benchmarks/profile_speed.py [--work benchmarks/out/speed]
        [--out benchmarks/out/profiles] [--top 15]

Prints a summary and writes `OUT/<case>.txt` (full pstats listings) and `OUT/<case>.imports.txt`
(the `-X importtime` lines, slowest first). cProfile slows pure-Python code down, so read the
shares, not the absolute times; the wall times printed first are without the profiler.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}


def wall(cmd: list[str], runs: int = 5) -> float:
    """Median wall time of `cmd` in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env(), capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def importtime(cmd: list[str]) -> list[tuple[int, int, str]]:
    """(self us, cumulative us, module) from `-X importtime`, slowest cumulative first."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd], env=env(), capture_output=True, text=True
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(own), int(cumulative), name.rstrip()))
    return sorted(rows, key=lambda row: -row[1])


def short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3", "/sigcheck/"):
        if marker in path:
            _head, tail = path.split(marker, 1)
            return ("sigcheck/" if marker == "/sigcheck/" else "") + tail
    return path


def profile(cmd: list[str], out: Path, top: int) -> tuple[float, list[str]]:
    """cProfile of `python -m sigcheck ...`; (total seconds, summary lines)."""
    data = out.with_suffix(".prof")
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(data), "-m", "sigcheck", *cmd],
        env=env(),
        capture_output=True,
        check=False,
    )
    stream = io.StringIO()
    stats = pstats.Stats(str(data), stream=stream)
    stats.sort_stats("tottime").print_stats(60)
    stats.sort_stats("cumulative").print_stats(60)
    out.write_text(stream.getvalue(), encoding="utf-8")
    raw = stats.stats  # type: ignore[attr-defined]
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    by_own = sorted(raw.items(), key=lambda item: -item[1][2])[:top]
    lines = [f"  total {total:.3f} s under cProfile; top by own time:"]
    for (path, line, name), (_, _, own, cumulative, _) in by_own:
        lines.append(f"    {own:7.3f} s own {cumulative:7.3f} s cum  {short(path)}:{line} {name}")
    return total, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=HERE / "out" / "speed")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "profiles")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    trees = {"mindspore": args.work / "mindspore", "openeuler": args.work / "openeuler"}
    for shape, path in trees.items():
        if not path.exists():
            make = [sys.executable, str(HERE / "make_trees.py"), shape, str(path)]
            subprocess.run(make, check=True)
    sigcheck = str(Path(sys.executable).with_name("sigcheck"))
    print("## Wall time without the profiler (median of 5)\n")
    print(f"- `sigcheck --version`: {wall([sigcheck, '--version']) * 1000:.0f} ms")
    print(f"- `sigcheck --help`: {wall([sigcheck, '--help']) * 1000:.0f} ms")
    floor = wall([sys.executable, "-c", "import pydantic, markdown_it"])
    print(f"- `python -c 'import pydantic, markdown_it'`: {floor * 1000:.0f} ms")
    print(f"- `python -c pass`: {wall([sys.executable, '-c', 'pass']) * 1000:.0f} ms\n")

    print("## Imports (`-X importtime`, cumulative, slowest first)\n")
    for case, cmd in {
        "version": ["-m", "sigcheck", "--version"],
        "check-warm-mindspore": ["-m", "sigcheck", "check", "--root", str(trees["mindspore"])],
    }.items():
        if case.startswith("check"):
            subprocess.run([sys.executable, *cmd], env=env(), capture_output=True, check=False)
        rows = importtime(cmd)
        (args.out / f"{case}.imports.txt").write_text(
            "".join(f"{c:9d} {s:9d} {n}\n" for s, c, n in rows), encoding="utf-8"
        )
        print(f"### {case}\n")
        for own, cumulative, name in rows[: args.top]:
            print(f"    {cumulative / 1000:7.1f} ms cum {own / 1000:6.1f} ms own  {name}")
        print()

    print("## cProfile\n")
    for shape, path in trees.items():
        cache = path / ".sigcheck-cache"
        for mode in ("cold", "warm"):
            if mode == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            else:
                subprocess.run(
                    [sigcheck, "check", "--root", str(path)],
                    env=env(),
                    check=False,
                    capture_output=True,
                )
            cmd = ["check", "--root", str(path)]
            _total, lines = profile(cmd, args.out / f"check-{mode}-{shape}.txt", args.top)
            print(f"### check, {mode}, {shape}\n")
            print("\n".join(lines) + "\n")
    _, lines = profile(["--version"], args.out / "version.txt", args.top)
    print("### --version\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
