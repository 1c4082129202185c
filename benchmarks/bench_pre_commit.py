"""Time the pre-commit hooks as a contributor feels them: a commit touching the sigs folder, and
one touching nothing sigcheck reads.

Why: the hooks run on every commit. A commit that edits a SIG page pays for the whole check
(the folder is read, since findings relate files); a commit elsewhere in the repository should
cost next to nothing (`--pre-commit` exits at once).

Usage::

    python benchmarks/bench_pre_commit.py [--runs 5] [--sizes 0,500] [--out FILE.md]

Size 0 is `examples/mindspore`; other sizes are trees from `generate_tree.py --seed 1`. For each
tree: a git repository with `sigcheck-fix` and `sigcheck` installed by `pre-commit install` from a
snapshot of this checkout. Per run, one change is staged (to a SIG page, or to a file sigcheck
does not read) and timed, interleaved: `pre-commit run` (both hooks exactly as `git commit` runs
them), pre-commit running two no-op hooks (its own floor), `sigcheck check --pre-commit` alone,
plain `sigcheck check`, `python -c pass` (the interpreter's floor) and last
`git commit --no-verify` (git's floor), which also leaves a clean index for the next run.
Figures are medians (min-max) of `--runs` runs after one warm-up round; wall clock. Standard
library only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "mindspore"
GENERATOR = Path(__file__).resolve().parent / "generate_tree.py"
HOOKS = ("sigcheck-fix", "sigcheck")
FLOOR_CONFIG = """\
# pre-commit's own cost: two hooks that do nothing, run like sigcheck's
repos:
  - repo: local
    hooks:
""" + "".join(
    f"      - {{id: noop{i}, name: noop, entry: 'true', language: system,"
    " always_run: true, pass_filenames: false}\n"
    for i in (1, 2)
)


class BenchError(Exception):
    pass


def environment(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench Runner",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench Runner",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    env.pop("CI", None)
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in ok:
        raise BenchError(f"`{' '.join(cmd)}` exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return seconds


def snapshot(dest: Path, env: dict[str, str]) -> str:
    """This checkout as it is on disk (new files included), committed: pre-commit's `rev`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (REPO_ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, dest / name)
    run(["git", "init", "-q"], dest, env)
    run(["git", "add", "-A"], dest, env)
    run(["git", "commit", "-q", "-m", "snapshot"], dest, env)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=dest, capture_output=True, text=True, check=True
    ).stdout.strip()


def community(dest: Path, size: int, python: str, env: dict[str, str]) -> str:
    """Write the tree; return a page inside the sigs folder to edit."""
    if size == 0:
        shutil.copytree(EXAMPLE, dest)
    else:
        subprocess.run(
            [python, str(GENERATOR), str(dest), "--sigs", str(size), "--seed", "1"],
            capture_output=True,
            check=True,
        )
    (dest / "docs").mkdir(exist_ok=True)
    (dest / "docs" / "unrelated.md").write_text("# Not about SIGs\n", encoding="utf-8")
    pages = sorted((dest / "sigs").glob("*/README.md"))
    return pages[len(pages) // 2].relative_to(dest).as_posix()


def median_cell(samples: list[float]) -> str:
    return (
        f"{statistics.median(samples) * 1000:.0f} ms "
        f"({min(samples) * 1000:.0f}-{max(samples) * 1000:.0f})"
    )


def bench_tree(size: int, runs: int, python: str, work: Path, source: Path, rev: str) -> list[str]:
    home = work / "pre-commit-home"
    env = environment(home)
    repo = work / f"community-{size}"
    page = community(repo, size, python, env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n"
        + "".join(f"      - id: {hook}\n" for hook in HOOKS),
        encoding="utf-8",
    )
    (repo / "bench" / "floor.yaml").parent.mkdir()
    (repo / "bench" / "floor.yaml").write_text(FLOOR_CONFIG, encoding="utf-8")
    run(["git", "init", "-q"], repo, env)
    run(["git", "add", "-A"], repo, env)
    run(["git", "commit", "-q", "-m", "start"], repo, env)
    run([python, "-m", "pre_commit", "install", "-f"], repo, env)
    commands = {
        "pre-commit run": [python, "-m", "pre_commit", "run"],
        "pre-commit floor": [python, "-m", "pre_commit", "run", "--config", "bench/floor.yaml"],
        "sigcheck check --pre-commit": [python, "-m", "sigcheck", "check", "--pre-commit", "-q"],
        "sigcheck check": [python, "-m", "sigcheck", "check", "-q"],
        "python -c pass": [python, "-c", "pass"],
        "git commit --no-verify": ["git", "commit", "-q", "--no-verify", "-m", "edit"],
    }
    targets = {"sigs folder": page, "elsewhere": "docs/unrelated.md"}
    results: dict[str, dict[str, list[float]]] = {
        kind: {name: [] for name in commands} for kind in targets
    }
    markdown_files = sum(1 for _ in (repo / "sigs").rglob("*.md"))
    for index in range(runs + 1):
        for kind, target in targets.items():
            with (repo / target).open("a", encoding="utf-8") as handle:
                handle.write(f"\nEdit {index}.\n")
            run(["git", "add", target], repo, env)
            for name, command in commands.items():  # the commit comes last
                seconds = run(command, repo, env, ok=(0, 1))  # findings are normal here
                run(["git", "checkout", "--", "."], repo, env)  # undo what a fixer wrote
                if index:  # round 0 is the warm-up (pre-commit installs its environment)
                    results[kind][name].append(seconds)
    name = "examples/mindspore" if size == 0 else f"{size} SIGs"
    return [
        f"| {name} | {markdown_files:,} | {kind} | "
        + " | ".join(median_cell(samples) for samples in results[kind].values())
        + " |"
        for kind in targets
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0,500", help="0 is examples/mindspore")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    parser.add_argument("--python", default=sys.executable, help="has sigcheck and pre-commit")
    args = parser.parse_args(argv)
    rows = [
        "| tree | Markdown files | staged change | `pre-commit run` (both hooks) | "
        "pre-commit, 2 no-op hooks | `sigcheck check --pre-commit` | `sigcheck check` | "
        "`python -c pass` | `git commit --no-verify` |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    try:
        with tempfile.TemporaryDirectory(prefix="sigcheck-bench-pre-commit-") as temporary:
            work = Path(temporary)
            source = work / "source"
            source.mkdir()
            rev = snapshot(source, environment(work / "pre-commit-home"))
            for size in (int(part) for part in args.sizes.split(",")):
                rows += bench_tree(size, args.runs, args.python, work, source, rev)
    except BenchError as exc:
        print(f"bench_pre_commit: {exc}", file=sys.stderr)
        return 1
    table = "\n".join(rows) + "\n"
    print(table, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
