"""`sigcheck check` in this process, as a user sees it: exit code, stdout, stderr, and whether
the run was answered from the trace. Fast enough to run hundreds of times (the property test);
the subprocess tests of test_trace.py pin the same behaviour through the real CLI."""

from __future__ import annotations

import contextlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sigcheck import trace, vcs
from sigcheck.cli import main

REPLAYED = "nothing read has changed since the last run"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    replayed: bool

    def report(self) -> tuple[int, str, list[str]]:
        """What must not depend on a cache: exit code, stdout, and stderr but for the notes
        about the cache itself (the replay's, a cache not written, where the base revision's
        report came from) and the -v timings."""
        lines = [
            re.sub(r" in [0-9.]+s$| \((from the cache|read from git in [0-9.]+s)\)$", "", line)
            for line in self.stderr.splitlines()
            if REPLAYED not in line and not line.startswith("sigcheck: cache: ")
        ]
        return self.code, self.stdout, lines


def check(*args: str, cwd: Path) -> Run:
    """One `sigcheck check ARGS` run from `cwd` (CI must be unset: see the fixtures)."""
    vcs._STAGED.clear()  # the index is read once per process: here, once per run
    answered: list[bool] = []
    replay = trace.replay

    def spy(*a: object) -> trace.Outcome | None:
        outcome = replay(*a)  # type: ignore[arg-type]
        answered.append(outcome is not None)
        return outcome

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    trace.replay = spy  # type: ignore[assignment]
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["check", *args])
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        trace.replay = replay  # type: ignore[assignment]
        os.chdir(before)
    return Run(code, out.getvalue(), err.getvalue(), any(answered))
