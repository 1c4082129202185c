"""Issue 21's fault table, measured: `sigcheck check --online --no-cache` on a small community
(8 real maintainers, 2 planted missing) against a loopback Gitee that misbehaves the way real
servers, proxies and mirrors do (tests/online/forge_server.py), with sigcheck's defaults
(`online.timeout = 10`, 2 retries, Gitee's real pace without a token, 2 a second).

Prints, per case: exit code, wall seconds, false "missing" (real people reported P003), planted
missing found, P007 lines, and for the token case whether the token reached the server.

Usage::

    python benchmarks/bench_forge_faults.py [--only NAME,...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.online.forge_server import Fault, FaultRule, LoopbackForge  # noqa: E402

REAL = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
PLANTED = ["ghost-one", "ghost-two"]
TOKEN = "bench-fault-token-5150"
JSON = {"Content-Type": "application/json"}


def write_tree(root: Path, api: str) -> None:
    people = "".join(f"  - gitee_id: {name}\n    name: N {name}\n" for name in REAL + PLANTED)
    files = {
        ".sigcheck.toml": 'repo_url = "https://gitee.com/community-org/community"\n'
        f'[online]\ngitee_api = "{api}"\n',
        "sigs/README.md": "# SIGs\n\n| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
        "| [Data](data/README.md) | 数据 | [@alice](https://gitee.com/alice) |\n",
        "sigs/data/README.md": "# Data\n",
        "sigs/data/sig-info.yaml": f"name: Data\nmaintainers:\n{people}",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def body(status: int, data: bytes, headers: dict[str, str] | None = None) -> FaultRule:
    return lambda path, index: Fault(status, data, headers or JSON)


CASES: dict[str, tuple[str, Callable[[], FaultRule | None]]] = {
    "404-everything": (
        "a JSON 404 for every path (the API address mistyped)",
        lambda: body(404, b'{"message": "Not Found"}'),
    ),
    "404-first": (
        "a JSON 404 on each path's first request only (a flaky replica)",
        lambda: (
            lambda path, index: (
                Fault(404, b'{"message": "Not Found"}', JSON) if index == 0 else None
            )
        ),
    ),
    "after-404": ("the run after 404-everything, forge healthy, cache on", lambda: None),
    "sign-in": (
        "a 200 with a sign-in page",
        lambda: body(
            200, b"<html><form>Sign in: login</form></html>", {"Content-Type": "text/html"}
        ),
    ),
    "empty": ("a 200 with an empty body", lambda: body(200, b"")),
    "[]": ("a 200 with `[]`", lambda: body(200, b"[]")),
    "no-login": ("a 200 without `login`", lambda: body(200, b'{"id": 3}')),
    "other-login": (
        "a 200 with another user's `login`",
        lambda: body(200, b'{"login": "mallory"}'),
    ),
    "1-byte-a-second": (
        "one response sent 1 byte/s",
        lambda: (
            lambda path, index: (
                Fault(200, b'{"login": "bob"}' + b" " * 400, JSON, 1.0)
                if path.endswith("/users/bob")
                else None
            )
        ),
    ),
    "silent": ("a server that accepts and never answers", lambda: lambda p, i: Fault(silent=True)),
    "429": ("429 on every request", lambda: body(429, b'{"message": "Too Many Requests"}')),
    "token-elsewhere": (
        "`.sigcheck.toml` points the Gitee API at another host; GITEE_TOKEN is set",
        lambda: None,
    ),
}


def run(
    root: Path, env_extra: dict[str, str], cache: bool
) -> tuple[int, float, list[dict[str, Any]], str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITEE_TOKEN", "CI")}
    env.update(SIGCHECK_TEST_ALLOW_LOOPBACK="1", **env_extra)
    command = [sys.executable, "-m", "sigcheck", "check", "--online", "--root", str(root),
               "--format", "json", "--select", "P003,P007,M008"]  # fmt: skip
    if not cache:
        command.append("--no-cache")
    started = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, cwd=root.parent
    )
    seconds = time.monotonic() - started
    return done.returncode, seconds, json.loads(done.stdout)["diagnostics"], done.stderr


def verdicts(diagnostics: list[dict[str, Any]]) -> tuple[int, int, int]:
    def codes(name: str) -> set[str]:
        line = 3 + 2 * (REAL + PLANTED).index(name)
        return {
            d["code"]
            for d in diagnostics
            if d["path"] == "sigs/data/sig-info.yaml" and d["line"] == line
        }

    false_missing = sum("P003" in codes(name) for name in REAL)
    found = sum("P003" in codes(name) for name in PLANTED)
    p007 = sum(d["code"] == "P007" for d in diagnostics)
    return false_missing, found, p007


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(CASES))
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        shared: Path | None = None
        for name in args.only.split(","):
            what, make = CASES[name]
            forge = LoopbackForge(set(REAL), {"community-org": ["community"]}, fault=make())
            try:
                root = Path(scratch) / name
                if name == "after-404" and shared is not None:
                    root = shared
                    (root / ".sigcheck.toml").write_text(
                        (root / ".sigcheck.toml").read_text().split("[online]")[0]
                        + f'[online]\ngitee_api = "{forge.api}"\n'
                    )
                else:
                    write_tree(root, forge.api)
                env = {"GITEE_TOKEN": TOKEN} if name == "token-elsewhere" else {}
                cache = name in ("404-everything", "after-404")
                code, seconds, diagnostics, stderr = run(root, env, cache)
                if name == "404-everything":
                    shared = root
                false_missing, found, p007 = verdicts(diagnostics)
                leaked = any(TOKEN in q or TOKEN in str(h) for _, q, h in forge.log)
                rows.append((name, what, code, seconds, false_missing, found, p007, leaked,
                             forge.requests(), stderr.splitlines()[0] if stderr else ""))  # fmt: skip
            finally:
                forge.close()
    print(
        "| what the forge did | exit | seconds | false missing | planted found | P007 | "
        "requests | token sent there |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for _name, what, code, seconds, false_missing, found, p007, leaked, requests, _ in rows:
        print(f"| {what} | {code} | {seconds:.1f} | {false_missing} of 8 | {found} of 2 | "
              f"{p007} | {requests} | {'yes' if leaked else 'no'} |")  # fmt: skip
    for row in rows:
        print(f"{row[0]}: {row[-1][:240]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
