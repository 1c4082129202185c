"""Reproduce issue 11's speed table with public tools: `hyperfine` for wall time (medians, each
ratio from ONE hyperfine run that times both commands, so the shared machine's drift hits both
alike) and `/usr/bin/time -v` for peak memory.

Rows (the issue's table, plus memory):

1. MindSpore-shaped tree (193 files, `make_trees.py mindspore`), warm cache, vs
   `python -c "import pydantic, markdown_it"`;
2. the same with `--no-cache` (as CI runs it);
3. openEuler-shaped tree (13,055 files, `make_trees.py openeuler`), cold (cache folder removed
   before every run), vs the same imports;
   (extra rows: the MindSpore-shaped tree with one page edited before each run, as a
   pre-commit run sees it, and the openEuler-shaped tree warm);
4. the 500-SIG corpus of the shared peer bench, offline, cold, vs remark-validate-links;
5. the same corpus online with defaults, against its fake web, vs linkinator (the fake web is
   reset before every run), and sigcheck's recall and false positives from the bench's
   `score.py`;
6. peak resident memory of `sigcheck check --no-cache` on a 2,000-SIG tree
   (`generate_tree.py --sigs 2000`).

Usage::

    .venv/bin/python benchmarks/bench_speed.py [--runs 10] [--slow-runs 3]
        [--bench benchmarks/out/bench] [--work benchmarks/out/speed] [--skip-online]
        [--skip-peers] [--oe-no-config] [--port 18511] [--only corpus-online|ms-one-page]
        [--out benchmarks/out/speed.md]

`--bench` is a writable copy of the shared peer bench with its npm packages installed
(`cp -r ../shared/bench benchmarks/out/bench && cd benchmarks/out/bench && npm install ...`,
see its README); rows 4 and 5 are skipped when it is missing. Trees are made once under
`--work` and reused. `CI` is removed from the environment (sigcheck turns its cache off in CI).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
IMPORTS = "import pydantic, markdown_it"
PORT = 18511
"""The fake web's port (`--port`): another session may measure on the default meanwhile."""

ISSUE_NOW = {
    "ms-warm": "3.0x",
    "ms-nocache": "5.2x",
    "oe-cold": "13.7x",
    "corpus-offline": "0.127x (1.98 s)",
    "corpus-online": "2.1x (52.9 s)",
    "ms-one-page": "-",
    "oe-warm": "-",
}
GOALS = {
    "ms-warm": "<= 1.5x",
    "ms-nocache": "<= 2.5x",
    "oe-cold": "<= 5x",
    "corpus-offline": "<= 0.10x",
    "corpus-online": "<= 0.4x",
    "ms-one-page": "-",
    "oe-warm": "-",
}


@dataclass
class Pair:
    """One hyperfine run of sigcheck and its reference command."""

    key: str
    work: str
    ours: float
    theirs: float
    ours_range: tuple[float, float]
    theirs_range: tuple[float, float]
    runs: int
    ours_cpu: float
    """Mean user + system CPU seconds: less sensitive than wall time to a busy machine."""
    theirs_cpu: float

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs


def env() -> dict[str, str]:
    # Python reads any non-empty PYTHONDONTWRITEBYTECODE (even "0") as "write no .pyc": every
    # run would then compile sigcheck's changed modules again, which users never pay.
    drop = ("CI", "GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE")
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    # The fake web listens on 127.0.0.1, which sigcheck refuses to request without this
    # (a link to a loopback address is "not checked", L006): without it, nothing is fetched.
    clean["SIGCHECK_TEST_ALLOW_LOOPBACK"] = "1"
    return clean


def hyperfine(
    key: str,
    work: str,
    ours: str,
    theirs: str,
    *,
    runs: int,
    warmup: int,
    cwd: Path,
    prepare: str | None = None,
) -> Pair:
    """Time both commands in one hyperfine run; medians and min/max in seconds."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        export = Path(handle.name)
    cmd = ["hyperfine", "--ignore-failure", "--style", "basic", "--export-json", str(export)]
    cmd += ["--runs", str(runs), "--warmup", str(warmup)]
    if prepare:
        cmd += ["--prepare", prepare]
    print(f"[{key}] {work}: {runs} runs", file=sys.stderr, flush=True)
    subprocess.run([*cmd, ours, theirs], cwd=cwd, env=env(), check=True, stdout=sys.stderr)
    results = json.loads(export.read_text(encoding="utf-8"))["results"]
    export.unlink()
    a, b = results
    return Pair(
        key,
        work,
        a["median"],
        b["median"],
        (a["min"], a["max"]),
        (b["min"], b["max"]),
        runs,
        a["user"] + a["system"],
        b["user"] + b["system"],
    )


def peak_rss_mib(cmd: list[str], cwd: Path) -> float:
    """`/usr/bin/time -v`'s maximum resident set size, in MiB."""
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        check=False,
    )
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1]) / 1024
    raise SystemExit(f"/usr/bin/time gave no peak memory for {cmd}:\n{proc.stderr[-2000:]}")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def peak_tree_pss_mib(cmd: list[str], cwd: Path, limit: float = 900.0) -> float:
    """Peak of the summed PSS of the process and all its children, sampled every 50 ms:
    `/usr/bin/time -v` reports the largest single process, and sigcheck parses in worker
    processes. PSS splits shared pages between processes, so nothing is counted twice."""
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    end = time.monotonic() + limit
    try:
        while proc.poll() is None and time.monotonic() < end:
            tree = _children()
            todo, total = [proc.pid], 0
            while todo:
                pid = todo.pop()
                total += _pss_kib(pid)
                todo.extend(tree.get(pid, []))
            peak = max(peak, total)
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    return peak / 1024


def build(work: Path, python: str, oe_config: bool = True) -> dict[str, Path]:
    """The trees, made once and reused (delete `work` to remake them). `oe_config=False`: the
    openEuler-shaped tree without its `.sigcheck.toml`, for a sigcheck that recognises it."""
    oe_name = "openeuler" if oe_config else "openeuler-no-config"
    trees = {"ms": work / "mindspore", "oe": work / oe_name, "big": work / "sig2000"}
    if not trees["ms"].exists():
        subprocess.run(
            [python, str(HERE / "make_trees.py"), "mindspore", str(trees["ms"])], check=True
        )
    if not trees["oe"].exists():
        extra = [] if oe_config else ["--no-config"]
        subprocess.run(
            [python, str(HERE / "make_trees.py"), "openeuler", str(trees["oe"]), *extra],
            check=True,
        )
    if not (trees["big"] / "sigs").exists():
        subprocess.run(
            [
                python,
                str(HERE / "generate_tree.py"),
                str(trees["big"]),
                "--sigs",
                "2000",
                "--seed",
                "1",
            ],
            check=True,
        )
    return trees


def corpus(bench: Path, python: str, port: int = PORT) -> Path:
    """The shared bench's 500-SIG corpus with its sigcheck configuration for our port."""
    root = bench / "corpora" / f"speed500-{port}"
    if not (root / "ground_truth.json").exists():
        subprocess.run(
            [
                python,
                "make_corpus.py",
                f"corpora/speed500-{port}",
                "--sigs",
                "500",
                "--seed",
                "7",
                "--port",
                str(port),
                "--force",
            ],
            cwd=bench,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    config = (bench / "configs" / "sigcheck.toml").read_text(encoding="utf-8")
    (root / ".sigcheck.toml").write_text(config.replace("PORT", str(port)), encoding="utf-8")
    return root


def wait_for(url: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {seconds:g} s")


def online(bench: Path, root: Path, sigcheck: str, runs: int, port: int = PORT) -> tuple[Pair, str]:
    """sigcheck --online vs linkinator against the fake web; then one scored sigcheck run."""
    web = subprocess.Popen(
        [
            sys.executable,
            "fake_web.py",
            str(port),
            "--map",
            str(root / "fake_web.json"),
            "--max-seconds",
            "3600",
        ],
        cwd=bench,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reset = f"curl -s -o /dev/null http://127.0.0.1:{port}/__reset"
    try:
        wait_for(f"http://127.0.0.1:{port}/__stats", 15)
        pair = hyperfine(
            "corpus-online",
            "500-SIG corpus, online, defaults, vs linkinator",
            f"{sigcheck} check --online --format json --no-cache",
            f"{bench}/node_modules/.bin/linkinator 'sigs/**/*.md' --markdown --check-fragments "
            "--retry --format json",
            runs=runs,
            warmup=0,
            cwd=root,
            prepare=reset,
        )
        runs_dir = bench / "runs" / "speed"
        shutil.rmtree(runs_dir, ignore_errors=True)
        subprocess.run(
            ["bash", "peers.sh", "sigcheck", str(root), str(port), str(runs_dir), "best"],
            cwd=bench,
            env={**env(), "SIGCHECK": sigcheck},
            check=True,
        )
        out = next(runs_dir.glob("sigcheck-*.out"))
        score = subprocess.run(
            [sys.executable, "score.py", "--corpus", str(root), "--tool", "sigcheck", str(out)],
            cwd=bench,
            capture_output=True,
            text=True,
            check=False,
        )
        return pair, (score.stdout + score.stderr).strip()
    finally:
        web.terminate()
        web.wait(timeout=30)


def one_page(work: Path, ms: Path, sigcheck: str, imports: str, runs: int) -> Pair:
    """A warm run after one page changed, as a pre-commit run sees it: the trace cannot be
    replayed, the page cache answers for every other page."""
    edited = work / "mindspore-edited"
    if not edited.exists():
        shutil.copytree(ms, edited)
    page = next(p for p in sorted((edited / "sigs").glob("*/README.md")))
    return hyperfine(
        "ms-one-page",
        "the same, warm, one page edited before each run (a pre-commit run), vs imports",
        f"{sigcheck} check --root {edited}",
        imports,
        runs=runs,
        warmup=2,
        cwd=REPO,
        prepare=f'sh -c \'echo "Edited at $(date +%s%N)." >> "$0"\' {shlex.quote(str(page))}',
    )


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of the fast rows (1-3)")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of rows 4 and 5")
    parser.add_argument("--bench", type=Path, default=HERE / "out" / "bench")
    parser.add_argument("--work", type=Path, default=HERE / "out" / "speed")
    parser.add_argument("--skip-online", action="store_true")
    parser.add_argument("--skip-peers", action="store_true", help="skip rows 4 and 5")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    parser.add_argument(
        "--port", type=int, default=PORT, help="the fake web's port (a free one: default 18511)"
    )
    parser.add_argument(
        "--only",
        choices=["corpus-online", "ms-one-page"],
        help="time only this row (no other rows, no memory); with its scored run",
    )
    parser.add_argument(
        "--oe-no-config",
        action="store_true",
        help="openEuler-shaped tree without .sigcheck.toml (once layouts are recognised)",
    )
    args = parser.parse_args(argv)
    args.bench = args.bench.resolve()  # the fake web and the tools run from other folders
    if shutil.which("hyperfine") is None:
        print("error: hyperfine is not installed (apt-get install hyperfine)", file=sys.stderr)
        return 2
    python = sys.executable
    sigcheck = str(Path(python).with_name("sigcheck"))
    load_start = os.getloadavg()[0]
    if args.only == "corpus-online":
        if not (args.bench / "node_modules" / ".bin" / "linkinator").exists():
            print(f"error: no peer bench with npm packages at {args.bench}", file=sys.stderr)
            return 2
        root = corpus(args.bench, python, args.port)
        pair, score = online(args.bench, root, sigcheck, args.slow_runs, args.port)
        return report(args, [pair], score, load_start, memory_line=None)
    trees = build(args.work, python, oe_config=not args.oe_no_config)
    pairs: list[Pair] = []
    imports = f"{python} -c '{IMPORTS}'"
    if args.only == "ms-one-page":
        pair = one_page(args.work, trees["ms"], sigcheck, imports, args.runs)
        return report(args, [pair], "", load_start, memory_line=None)
    ms, oe = trees["ms"], trees["oe"]
    pairs.append(
        hyperfine(
            "ms-warm",
            "MindSpore-shaped tree (193 files), warm cache, vs imports",
            f"{sigcheck} check --root {ms}",
            imports,
            runs=args.runs,
            warmup=3,
            cwd=REPO,
        )
    )
    pairs.append(
        hyperfine(
            "ms-nocache",
            "the same, --no-cache, vs imports",
            f"{sigcheck} check --root {ms} --no-cache",
            imports,
            runs=args.runs,
            warmup=2,
            cwd=REPO,
        )
    )
    pairs.append(one_page(args.work, ms, sigcheck, imports, args.runs))
    pairs.append(
        hyperfine(
            "oe-cold",
            "openEuler-shaped tree (13,055 files), cold, vs imports",
            f"{sigcheck} check --root {oe}",
            imports,
            runs=args.runs,
            warmup=1,
            cwd=REPO,
            prepare=f"rm -rf {oe}/.sigcheck-cache",
        )
    )
    pairs.append(
        hyperfine(
            "oe-warm",
            "openEuler-shaped tree, warm, vs imports",
            f"{sigcheck} check --root {oe}",
            imports,
            runs=args.runs,
            warmup=2,
            cwd=REPO,
        )
    )
    score = ""
    bench: Path = args.bench
    if not args.skip_peers and (bench / "node_modules" / ".bin" / "remark").exists():
        root = corpus(bench, python, args.port)
        pairs.append(
            hyperfine(
                "corpus-offline",
                "500-SIG corpus, offline, cold, vs remark-validate-links",
                f"{sigcheck} check --format json --no-cache",
                f"{bench}/node_modules/.bin/remark sigs --use "
                "'remark-validate-links=repository:false' --no-stdout --quiet --no-color "
                "--report vfile-reporter-json",
                runs=args.slow_runs,
                warmup=1,
                cwd=root,
            )
        )
        if not args.skip_online:
            pair, score = online(bench, root, sigcheck, args.slow_runs, args.port)
            pairs.append(pair)
    elif not args.skip_peers:
        print(
            f"note: no peer bench with npm packages at {bench}; rows 4-5 skipped", file=sys.stderr
        )
    big_cmd = [sigcheck, "check", "--root", str(trees["big"]), "--no-cache"]
    memory = peak_rss_mib(big_cmd, REPO)
    memory_tree = peak_tree_pss_mib(big_cmd, REPO)
    memory_oe = peak_rss_mib([sigcheck, "check", "--root", str(oe), "--no-cache"], REPO)
    memory_line = (
        f"Peak memory, `--no-cache`, 2,000-SIG tree (10,002 pages): largest process "
        f"(`/usr/bin/time -v`) {memory:.0f} MiB; all processes together (summed PSS, "
        f"sampled) {memory_tree:.0f} MiB. openEuler-shaped tree, largest process "
        f"{memory_oe:.0f} MiB."
    )
    return report(args, pairs, score, load_start, memory_line)


def report(
    args: argparse.Namespace,
    pairs: list[Pair],
    score: str,
    load_start: float,
    memory_line: str | None,
) -> int:
    """Print (and with `--out` write) the Markdown table of the timed rows."""
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%h %s"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    lines = [
        f"- {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit `{commit[:60]}`",
        f"- Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared); hyperfine medians, each ratio from one hyperfine run; "
        "CPU ratio: mean user+system CPU time of the two commands",
        f"- load average (1 min) at start {load_start:.1f}, at end {os.getloadavg()[0]:.1f}",
        "",
        '| work | sigcheck | reference | ratio | issue\'s "now" | goal | CPU ratio |',
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pair in pairs:
        lines.append(
            f"| {pair.work} ({pair.runs} runs) | {seconds(pair.ours)} | {seconds(pair.theirs)} "
            f"| {pair.ratio:.2f}x | {ISSUE_NOW[pair.key]} | {GOALS[pair.key]} "
            f"| {pair.ours_cpu / pair.theirs_cpu:.2f}x |"
        )
    if memory_line:
        lines += ["", memory_line]
    if score:
        lines += ["", "Online run scored by the bench's `score.py`:", "", "```", score, "```"]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
