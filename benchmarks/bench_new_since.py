"""Judging a change on what it adds, measured on an invented tree with about 50 old errors.

Why: issue 20. A community adopts sigcheck with findings already in its tree; the hook and the
pull-request job must fail only on what a change adds, and the base report must not make every
commit slow. This prints, for the hook (`check --pre-commit`) and for a pull request
(`check --new-since main`, as the action runs it), how many findings are printed and the exit
code, beside what plain `sigcheck check` (the old behaviour) prints; and the cost of the base
report: read from git objects (not cached) and from the cache.

Usage::

    python benchmarks/bench_new_since.py [--runs 5] [--keep DIR]

The tree is `examples/mindspore` (57 files, 5 errors and 25 warnings of its own) with old
errors added: a dead link in 25 pages, a broken anchor in 10 pages, a malformed email in 10
sig-info.yaml: 50 errors in all.
Wall clock, medians of `--runs` runs; the real CLI in a subprocess. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "mindspore"
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench Mark",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench Mark",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "NO_COLOR": "1",
}
ENV.pop("CI", None)
FINDING = re.compile(r"^\S.*?:(\d+:\d+:)? [A-Z]\d{3} (error|warning|info) ")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=ENV, check=True, capture_output=True, text=True
    )
    return done.stdout


def sigcheck(root: Path, *args: str) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sigcheck", "check", *args],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def printed(out: str) -> int:
    return sum(1 for line in out.splitlines() if FINDING.match(line) or line.startswith("::"))


def make_tree(out: Path) -> None:
    shutil.copytree(EXAMPLE, out)
    pages = sorted(p for p in (out / "sigs").rglob("*.md") if p.parent != out / "sigs")
    for index, page in enumerate(pages[:25]):
        page.write_text(page.read_text(encoding="utf-8") + f"\n[old plan](old-plan-{index}.md)\n")
    for page in pages[-10:]:
        page.write_text(page.read_text(encoding="utf-8") + "\n[see](#no-such-heading)\n")
    bad = 0
    for meta in sorted((out / "sigs").glob("*/sig-info.yaml")):
        text = meta.read_text(encoding="utf-8")
        while bad < 10 and re.search(r"email: [\w.]+@", text):
            text = re.sub(r"email: ([\w.]+)@", r"email: \1-at-", text, count=1)
            bad += 1
        meta.write_text(text, encoding="utf-8")
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "a community with old findings")


def median(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the tree here and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-new-since-"))
    root = work / "tree"
    if root.exists():
        shutil.rmtree(root)
    make_tree(root)
    rows: list[tuple[str, str, str]] = []

    code, out, _, _ = sigcheck(root)
    errors = sum(1 for line in out.splitlines() if " error " in line)
    rows.append(
        ("plain `sigcheck check` on the tree", f"{printed(out)} ({errors} errors)", str(code))
    )

    pages = sorted(p for p in (root / "sigs").rglob("*.md") if p.parent != root / "sigs")
    page = pages[0]  # it has an old dead link
    original = page.read_text(encoding="utf-8")

    # a harmless commit: one sentence added to a page that has an old finding
    page.write_text(original + "\nThe SIG meets every second Tuesday.\n", encoding="utf-8")
    git(root, "add", "-A")
    code, out, _, _ = sigcheck(root, "--pre-commit")
    rows.append(
        (
            "hook, harmless commit (a sentence in a page with an old dead link)",
            str(printed(out)),
            str(code),
        )
    )
    ending = out.strip().splitlines()[-1] if out.strip() else ""
    code_old, out_old, _, _ = sigcheck(root, "--tracked-only")
    rows.append(
        (
            "  the same commit, checked as before (`--tracked-only`)",
            str(printed(out_old)),
            str(code_old),
        )
    )

    # a one-defect commit: a relative link broken
    page.write_text(original + "\n[the roadmap](roadmap-2027.md)\n", encoding="utf-8")
    git(root, "add", "-A")
    code, out, _, _ = sigcheck(root, "--pre-commit")
    rows.append(("hook, one-defect commit (a broken relative link)", str(printed(out)), str(code)))
    defect_out = out
    git(root, "reset", "-q", "--hard")

    # a pull request: three commits on a branch, one of which renames a heading other pages
    # link to, one adds a sentence, one adds a dead link
    git(root, "checkout", "-q", "-b", "feature")
    page.write_text(original + "\nA new paragraph.\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "words")
    target = pages[30]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n[archive](archive/2025.md)\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "a dead link")
    code, out, _, _ = sigcheck(root, "--new-since", "main", "--format", "github")
    rows.append(
        (
            "pull request, `--new-since main --format github` (2 commits, 1 new dead link)",
            str(printed(out)),
            str(code),
        )
    )
    code, out_all, _, _ = sigcheck(root, "--format", "github")
    rows.append(
        (
            "  the same pull request, full report (the old workflow)",
            str(printed(out_all)),
            str(code),
        )
    )
    git(root, "checkout", "-q", "main")

    # cost of --new-since
    plain: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    base_cold: list[float] = []
    base_warm: list[float] = []
    sys.path.insert(0, str(HERE.parent))
    from sigcheck.config import load_config
    from sigcheck.newsince import base_report
    from sigcheck.vcs import resolve_commit

    config, commit = load_config(root), resolve_commit(root, "HEAD")
    cache = root / ".sigcheck-cache"
    for _ in range(args.runs):
        plain.append(sigcheck(root)[3])
        (cache / "base-reports.json").unlink(missing_ok=True)
        cold.append(sigcheck(root, "--new-since", "HEAD")[3])
        warm.append(sigcheck(root, "--new-since", "HEAD")[3])
        (cache / "base-reports.json").unlink(missing_ok=True)
        started = time.perf_counter()
        assert not base_report(root, config, commit, cache)[1]
        base_cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert base_report(root, config, commit, cache)[1]
        base_warm.append(time.perf_counter() - started)

    print("| run | findings printed | exit |")
    print("| --- | ---: | ---: |")
    for what, count, code_text in rows:
        print(f"| {what} | {count} | {code_text} |")
    print()
    print(f"hook's closing line (harmless commit): {ending}")
    print(f"hook's output (one-defect commit):\n{defect_out}")
    print(f"| cost ({args.runs} runs, median) | wall |")
    print("| --- | ---: |")
    print(f"| plain `sigcheck check` (warm trace) | {median(plain)} |")
    print(f"| `--new-since HEAD`, base report not cached | {median(cold)} |")
    print(f"| `--new-since HEAD`, base report cached | {median(warm)} |")
    print(
        f"| the base report alone, in process: read from git objects and checked | "
        f"{median(base_cold)} |"
    )
    print(f"| the base report alone, in process: from the cache | {median(base_warm)} |")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
