"""Issue 17 at a test's scale: an openEuler-shaped tree against two loopback forges (Gitee for
`gitee_id`s, AtomGit for `atomgit_id`s and the repositories) with hourly budgets, a page size
scaled down to 10, `x-ratelimit-*` headers and 403s once a budget is spent.

- with tokens, everything is verified within the budget and nothing is refused;
- without, no request is refused (never a 403) and each file gets at most one P007, saying
  which budget is spent, which token to set and when it resets;
- a second run asks only what the first could not;
- `--changed-since` asks only about what changed.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.online.forge_server import Budget, LoopbackForge

GITEE_TOKEN = "gitee-tok-7781"
ATOMGIT_TOKEN = "atomgit-tok-5521"

SIGS = ["Kernel", "Desktop", "Networking"]
GITEE_REAL = [f"dev-g{i}" for i in range(10)]
GITEE_PLANTED = ["ghost-g1", "ghost-g2"]
ATOM_REAL = [f"dev-a{i}" for i in range(7)]
ATOM_PLANTED = ["ghost-a1"]
ORG_REPOS = [f"pkg{i:02d}" for i in range(80)]
CLAIMED = [*ORG_REPOS[:59], "no-such-pkg"]  # one planted missing repository
SMALL_ORG = ["infra", "docs", "website"]


def write_tree(root: Path) -> Path:
    """Three SIGs; each person has a Gitee id, an AtomGit id or both; the repositories are
    split between `src-openeuler` (listed) and `openeuler` (three: asked one by one)."""
    gitee = GITEE_REAL + GITEE_PLANTED
    atom = ATOM_REAL + ATOM_PLANTED
    for number, sig in enumerate(SIGS):
        people = []
        for i in range(number, max(len(gitee), len(atom)), len(SIGS)):
            g = f"'{gitee[i]}'" if i < len(gitee) else "''"
            a = f"\n  atomgit_id: {atom[i]}" if i < len(atom) else ""
            people.append(f"- gitee_id: {g}{a}\n  name: Person {i}\n")
        repos = [f"src-openeuler/{name}" for name in CLAIMED[number::3]]
        repos += [f"openeuler/{SMALL_ORG[number]}"]
        text = (
            f"name: {sig}\ndescription: the {sig} SIG\nmaintainers:\n{''.join(people)}"
            "repositories:\n- repo:\n" + "".join(f"  - {repo}\n" for repo in repos)
        )
        folder = root / "sig" / sig
        folder.mkdir(parents=True)
        (folder / "sig-info.yaml").write_text(text, encoding="utf-8")
        (folder / "README.md").write_text(f"# {sig}\n", encoding="utf-8")
    (root / ".sigcheck.toml").write_text(
        "[online]\ntimeout = 2\nbackoff = 0.01\nretries = 1\ndeadline = 60\n"
        "[online.forges.gitee]\nrate = 500\nrate_with_token = 500\n"
        "[online.forges.atomgit]\nrate = 500\nrate_with_token = 500\nper_page = 10\n",
        encoding="utf-8",
    )
    return root


@dataclass
class Forges:
    gitee: LoopbackForge
    atomgit: LoopbackForge

    def env(self, tokens: bool) -> dict[str, str]:
        env = {"SIGCHECK_GITEE_API": self.gitee.api, "SIGCHECK_ATOMGIT_API": self.atomgit.api}
        if tokens:
            env.update(GITEE_TOKEN=GITEE_TOKEN, ATOMGIT_TOKEN=ATOMGIT_TOKEN)
        return env

    @property
    def refused(self) -> int:
        return self.gitee.refused + self.atomgit.refused

    def requests(self) -> int:
        return self.gitee.requests() + self.atomgit.requests()


@pytest.fixture
def forges() -> Iterator[Forges]:
    gitee = LoopbackForge(
        set(GITEE_REAL), token=GITEE_TOKEN, budget=8, token_budget=500, per_second=1000
    )
    atomgit = LoopbackForge(
        set(ATOM_REAL),
        {"src-openeuler": ORG_REPOS, "openeuler": SMALL_ORG},
        token=ATOMGIT_TOKEN,
        budget=12,
        token_budget=500,
        per_second=1000,
    )
    yield Forges(gitee, atomgit)
    gitee.close()
    atomgit.close()


@dataclass
class Report:
    exit_code: int
    diagnostics: list[dict[str, Any]]
    stderr: str

    def codes(self) -> list[str]:
        return sorted(str(d["code"]) for d in self.diagnostics)

    def p007_per_file(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for d in self.diagnostics:
            if d["code"] == "P007":
                found[d["path"]] = found.get(d["path"], 0) + 1
        return found


def run(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    *args: str,
) -> Report:
    from sigcheck.cli import main

    for key in ("GITEE_TOKEN", "ATOMGIT_TOKEN", "CI"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = root.parent / "report.json"
    code = main(["check", "--online", "--root", str(root), "--format", "json", "--output",
                 str(out), "--select", "P003,P007,M008", *args])  # fmt: skip
    stderr = capsys.readouterr().err
    return Report(code, json.loads(out.read_text(encoding="utf-8"))["diagnostics"], stderr)


def test_with_tokens_everything_is_verified_within_the_budget(
    forges: Forges, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    root = write_tree(tmp_path / "community")
    report = run(root, monkeypatch, capsys, forges.env(tokens=True), "--no-cache")
    assert forges.refused == 0
    missing = sorted(str(d["message"]).split("`")[1] for d in report.diagnostics)
    assert missing == ["@ghost-a1", "@ghost-g1", "@ghost-g2", "src-openeuler/no-such-pkg"]
    assert report.codes() == ["M008", "P003", "P003", "P003"]  # nothing left unverified
    # src-openeuler (80 repositories, 10 a page): 6 pages answer the 59 claims; then the one
    # left costs less asked alone (twice: a JSON 404) than the 2 pages left; openeuler's 3
    # are asked one by one
    listing = "/api/v5/orgs/src-openeuler/repos"
    assert forges.atomgit.requests(listing) == 6
    assert forges.atomgit.requests("/api/v5/repos/src-openeuler/pkg00") == 0
    assert forges.atomgit.requests("/api/v5/repos/src-openeuler/no-such-pkg") == 2
    assert forges.atomgit.requests("/api/v5/repos/openeuler/infra") == 1
    # one question per name (a JSON 404 twice): 6 pages + 2 + 3 + 7 + 2, and 10 + 4
    assert forges.atomgit.requests() == 6 + 2 + 3 + 7 + 2
    assert forges.gitee.requests() == 10 + 4
    assert all(f"access_token={GITEE_TOKEN}" in q for _, q, _ in forges.gitee.log)
    assert all(h["authorization"] == f"Bearer {ATOMGIT_TOKEN}" for _, _, h in forges.atomgit.log)


def test_without_tokens_nothing_is_refused_and_one_p007_per_file(
    forges: Forges, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    root = write_tree(tmp_path / "community")
    first = run(root, monkeypatch, capsys, forges.env(tokens=False))
    assert forges.refused == 0  # never a 403: no request the budget could not pay for
    # the budgets spent, but for the one kept back for a canary while none had answered and
    # those the requests under way might have needed
    assert 4 <= forges.gitee.requests() <= 8 and 6 <= forges.atomgit.requests() <= 12
    assert first.p007_per_file() and max(first.p007_per_file().values()) == 1
    messages = [str(d["message"]) for d in first.diagnostics if d["code"] == "P007"]
    assert any("AtomGit's hourly budget is spent; set ATOMGIT_TOKEN or run again after" in m
               for m in messages)  # fmt: skip
    assert all("names and repositories in this file were not verified" in m or
               "name or repository in this file was not verified" in m for m in messages)  # fmt: skip
    first_line = first.stderr.splitlines()[0]
    assert first_line.startswith("online: ") and "UTC" in first_line
    assert ("without GITEE_TOKEN" in first_line) or ("without ATOMGIT_TOKEN" in first_line)
    assert forges.gitee.api in first.stderr.splitlines()[0] + first.stderr.splitlines()[1]

    # The next hour: the budgets are new. Only what the first run could not settle is asked.
    settled = {path for path, _, _ in forges.gitee.log + forges.atomgit.log}
    for forge in (forges.gitee, forges.atomgit):
        budget = forge.budgets[False]
        assert budget is not None
        forge.budgets[False] = Budget(budget.limit)
    forges.gitee.reset_log()
    forges.atomgit.reset_log()
    second = run(root, monkeypatch, capsys, forges.env(tokens=False))
    asked = [path for path, _, _ in forges.gitee.log + forges.atomgit.log]
    # (an organisation's listing is read again from its first page for the claims left)
    answered_before = {p for p in settled if "ghost" not in p and "no-such" not in p}
    answered_before.discard("/api/v5/orgs/src-openeuler/repos")
    assert not answered_before & set(asked), answered_before & set(asked)
    assert forges.refused == 0
    assert len(second.diagnostics) <= len(first.diagnostics) + 4


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def test_changed_since_asks_only_about_what_changed(
    forges: Forges, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    root = write_tree(tmp_path / "community")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    meta = root / "sig" / "Kernel" / "sig-info.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        text.replace("repositories:", "- gitee_id: newcomer-x\n  name: New\nrepositories:"),
        encoding="utf-8",
    )
    report = run(root, monkeypatch, capsys, forges.env(tokens=True), "--changed-since", "HEAD")
    asked = [path for path, _, _ in forges.gitee.log + forges.atomgit.log]
    # the one new id, asked twice (a JSON 404), and one id the base names, as the canary
    # (nothing else of this run answered Gitee's API in the right shape)
    assert asked.count("/api/v5/users/newcomer-x") == 2
    assert len(asked) == 3 and asked[-1] == "/api/v5/users/dev-g0"
    assert [str(d["message"]) for d in report.diagnostics] == [
        "Gitee user `@newcomer-x` does not exist"
    ]
    assert "already in the base revision, not asked" in report.stderr
