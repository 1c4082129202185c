"""`sigcheck check --online` at openEuler's scale, against loopback forges with the real budgets.

Why (issue 17): openEuler's `sig/` names about 1,400 Gitee ids, 1,000 AtomGit ids and 11,500
repositories in two organisations; the forges allow 600 requests an hour and 2 a second without
a token, 5,000 and 10 with one. This generates such a tree (every person and repository
invented, a few planted missing), serves Gitee and AtomGit from two loopback forges
(tests/online/forge_server.py) with those budgets, and runs sigcheck as a maintainer would:

- `tokens`:    GITEE_TOKEN and ATOMGIT_TOKEN set, `--no-cache`;
- `no-tokens`: neither set, `--no-cache`;
- `pr`:        a pull request adding one maintainer, `--changed-since HEAD`, with tokens;
- `resume`:    without tokens, the cache on, three runs an hour apart (new budgets each).

For each: requests per forge, requests the forges refused (403 "limit", 429), planted missing
people and repositories found, P007 lines (and the most in one file), exit code, wall time.

The hourly budgets are the real ones. The per-second limits are scaled by `--pace` (default 25:
50/s without a token, 250/s with) on both sides (the forges' limit and sigcheck's
`[online.forges.X] rate`), so a run takes seconds instead of minutes; pass `--pace 1` for the
real pacing.

Usage::

    python benchmarks/bench_forge_scale.py [--pace 25] [--only tokens,no-tokens,pr]
    python benchmarks/bench_forge_scale.py --before PYTHONPATH_OF_AN_OLD_CHECKOUT

`--before`: run an older sigcheck (whose online checks know Gitee only: one loopback forge then
plays Gitee with every user and repository, configured through `online.gitee_api`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.online.forge_server import Budget, LoopbackForge  # noqa: E402

GITEE_TOKEN = "bench-gitee-token"
ATOMGIT_TOKEN = "bench-atomgit-token"


@dataclass
class Tree:
    root: Path
    gitee_real: list[str]
    atom_real: list[str]
    gitee_planted: list[str]
    atom_planted: list[str]
    orgs: dict[str, list[str]]
    """Every repository of each organisation (the claimed ones and more)."""
    planted_repos: list[str]


def generate(root: Path, seed: int = 17) -> Tree:
    """113 SIGs; 1,400 Gitee ids and 1,000 AtomGit ids (600 people have both); 11,500
    repositories claimed in `src-openeuler` (10,400) and `openeuler` (1,100), each organisation
    holding more than is claimed; 12 + 12 people and 6 repositories planted missing."""
    rng = random.Random(seed)
    gitee = [f"gdev-{i:04d}" for i in range(1400)]
    atom = [f"adev-{i:04d}" for i in range(1000)]
    gitee_planted, atom_planted = gitee[-12:], atom[-12:]
    src = [f"pkg-{i:05d}" for i in range(10800)]
    own = [f"proj-{i:04d}" for i in range(1200)]
    claimed = [f"src-openeuler/{name}" for name in src[:10400]]
    claimed += [f"openeuler/{name}" for name in own[:1100]]
    planted_repos = [f"src-openeuler/gone-{i}" for i in range(4)] + [
        "openeuler/gone-x",
        "openeuler/gone-y",
    ]
    claimed += planted_repos
    rng.shuffle(claimed)
    # people: 600 with both ids, 800 Gitee only, 400 AtomGit only
    people: list[tuple[str | None, str | None]] = [(gitee[i], atom[i]) for i in range(600)]
    people += [(gitee[i], None) for i in range(600, 1400)]
    people += [(None, atom[i]) for i in range(600, 1000)]
    rng.shuffle(people)
    sigs = 113
    sig_dir = root / "sig"
    for number in range(sigs):
        name = f"sig-{number:03d}"
        folder = sig_dir / name
        folder.mkdir(parents=True)
        mine = people[number::sigs]
        lines = [f"name: {name}", f"description: the {name} group", "maintainers:"]
        for index, (g, a) in enumerate(mine):
            lines.append(f"- gitee_id: '{g or ''}'")
            if a:
                lines.append(f"  atomgit_id: {a}")
            lines.append(f"  name: Person {number}-{index}")
            lines.append(f"  email: p{number}.{index}@example.org")
        lines.append("repositories:")
        lines.append("- repo:")
        lines += [f"  - {repo}" for repo in claimed[number::sigs]]
        (folder / "sig-info.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "README.md").write_text(f"# {name}\n", encoding="utf-8")
    return Tree(
        root,
        [g for g in gitee if g not in gitee_planted],
        [a for a in atom if a not in atom_planted],
        gitee_planted,
        atom_planted,
        {"src-openeuler": src, "openeuler": own},
        planted_repos,
    )


@dataclass
class Row:
    run: str
    requests: dict[str, int]
    refused: int
    planted_found: int
    planted: int
    p007: int
    p007_files: int
    most_in_a_file: int
    exit_code: int
    seconds: float
    first_line: str


def _config(pace: float, before: bool, api: str | None) -> str:
    timing = "[online]\ntimeout = 10\ndeadline = 300\n"
    if before:
        return timing + f'gitee_api = "{api}"\n'
    return (
        timing
        + f"[online.forges.gitee]\nrate = {2 * pace}\nrate_with_token = {10 * pace}\n"
        + f"[online.forges.atomgit]\nrate = {2 * pace}\nrate_with_token = {10 * pace}\n"
    )


def run_case(
    tree: Tree,
    label: str,
    pace: float,
    before: str | None,
    tokens: bool,
    pr: bool,
    cache: bool = False,
    servers: tuple[LoopbackForge, LoopbackForge] | None = None,
) -> Row:
    made = servers is None
    gitee, atomgit = servers or make_forges(tree, pace, before is not None, tokens)
    gitee.reset_log()
    atomgit.reset_log()
    for forge in (gitee, atomgit):  # a new hour: the budgets are whole again
        forge.budgets = {
            False: Budget(600),
            True: Budget(5000),
        }
    try:
        root = tree.root
        (root / ".sigcheck.toml").write_text(
            _config(pace, before is not None, gitee.api), encoding="utf-8"
        )
        env = {
            k: v for k, v in os.environ.items() if k not in ("GITEE_TOKEN", "ATOMGIT_TOKEN", "CI")
        }
        env["SIGCHECK_TEST_ALLOW_LOOPBACK"] = "1"
        if before:
            env["PYTHONPATH"] = before
        else:
            env["SIGCHECK_GITEE_API"] = gitee.api
            env["SIGCHECK_ATOMGIT_API"] = atomgit.api
        if tokens:
            env["GITEE_TOKEN"] = GITEE_TOKEN
            env["ATOMGIT_TOKEN"] = ATOMGIT_TOKEN
        args = [] if cache else ["--no-cache"]
        if pr:
            args = ["--changed-since", "HEAD", "--no-cache"]
        command = [sys.executable, "-m", "sigcheck", "check", "--online", "--root", str(root),
                   "--format", "json", "--select", "P003,P007,M008", *args]  # fmt: skip
        started = time.monotonic()
        done = subprocess.run(  # not from the checkout: `-m` would import its sigcheck first
            command, capture_output=True, text=True, env=env, check=False, cwd=root.parent
        )
        seconds = time.monotonic() - started
        if done.returncode not in (0, 1) or not done.stdout.strip():
            raise SystemExit(f"{label}: exit {done.returncode}\n{done.stderr[-2000:]}")
        diagnostics = json.loads(done.stdout)["diagnostics"]
        texts = [str(d["message"]) for d in diagnostics if d["code"] in ("P003", "M008")]
        planted_names = [*tree.gitee_planted, *tree.atom_planted, *tree.planted_repos]
        if pr:
            planted_names = ["pr-newcomer"]
        found = sum(any(f"`@{n}`" in t or f"`{n}`" in t for t in texts) for n in planted_names)
        per_file: dict[str, int] = {}
        for d in diagnostics:
            if d["code"] == "P007":
                per_file[d["path"]] = per_file.get(d["path"], 0) + 1
        stderr = done.stderr.strip().splitlines()
        stderr = [line for line in stderr if "handles" in line] + stderr
        return Row(
            label,
            {"gitee": gitee.requests(), "atomgit": atomgit.requests()},
            gitee.refused + atomgit.refused,
            found,
            len(planted_names),
            sum(per_file.values()),
            len(per_file),
            max(per_file.values(), default=0),
            done.returncode,
            seconds,
            stderr[0] if stderr else "",
        )
    finally:
        if made:
            gitee.close()
            atomgit.close()


def make_forges(
    tree: Tree, pace: float, before: bool, tokens: bool
) -> tuple[LoopbackForge, LoopbackForge]:
    """Gitee knows the Gitee ids (and, for an older sigcheck that asks Gitee for everything,
    the repositories); AtomGit the AtomGit ids and the repositories."""
    per_second = 10 * pace if tokens else 2 * pace
    gitee = LoopbackForge(
        set(tree.gitee_real),
        tree.orgs if before else None,
        token=GITEE_TOKEN,
        budget=600,
        token_budget=5000,
        per_second=per_second,
    )
    atomgit = LoopbackForge(
        set(tree.atom_real),
        tree.orgs,
        token=ATOMGIT_TOKEN,
        budget=600,
        token_budget=5000,
        per_second=per_second,
    )
    return gitee, atomgit


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pace", type=float, default=25.0, help="per-second limits times this")
    parser.add_argument("--only", default="tokens,no-tokens,pr")
    parser.add_argument("--before", metavar="PYTHONPATH", help="run an older sigcheck from here")
    args = parser.parse_args(argv)
    wanted = args.only.split(",")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        tree = generate(Path(scratch) / "community")
        for label, tokens, pr in (("tokens", True, False), ("no-tokens", False, False)):
            if label in wanted:
                rows.append(run_case(tree, label, args.pace, args.before, tokens, pr))
        if "resume" in wanted:  # without tokens, cache on: each run goes on from the last
            servers = make_forges(tree, args.pace, args.before is not None, False)
            try:
                for hour in (1, 2, 3, 4, 5):
                    label = f"no-tokens, cache on, hour {hour}"
                    rows.append(
                        run_case(tree, label, args.pace, args.before, False, False, True, servers)
                    )
            finally:
                for server in servers:
                    server.close()
        if "pr" in wanted:
            (tree.root / ".sigcheck.toml").write_text("", encoding="utf-8")
            _git(tree.root, "init", "-q")
            _git(tree.root, "add", "-A")
            _git(tree.root, "commit", "-qm", "base")
            meta = tree.root / "sig" / "sig-007" / "sig-info.yaml"
            text = meta.read_text(encoding="utf-8")
            meta.write_text(
                text.replace(
                    "repositories:", "- gitee_id: pr-newcomer\n  name: New\nrepositories:"
                ),
                encoding="utf-8",
            )
            rows.append(
                run_case(tree, "pr (one new maintainer)", args.pace, args.before, True, True)
            )
    print(f"pace x{args.pace:g} (per-second limits scaled; hourly budgets real: 600 / 5,000)")
    print(
        "| run | requests Gitee | requests AtomGit | refused | planted found | P007 lines "
        "(files, most in one) | exit | wall s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row.run} | {row.requests['gitee']:,} | {row.requests['atomgit']:,} | "
            f"{row.refused:,} | {row.planted_found} of {row.planted} | "
            f"{row.p007:,} ({row.p007_files}, {row.most_in_a_file}) | {row.exit_code} | "
            f"{row.seconds:.1f} |"
        )
    for row in rows:
        print(f"{row.run}: first summary line: {row.first_line[:300]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
