"""Read, parse and check the per-repository files (openEuler's 12,000), on every core.

Why: a cold run reads every one of them, and reading, parsing and checking them is most of a
cold openEuler run. What a file's own content can be found wanting for (R001-R006) depends on
that file alone, so chunks of files go to worker processes (forked: they inherit the imported
parser and the rules) and only the findings come back, with the digest of each read. This
process then records each read as if it had made it (`files.observe`), so the warm trace
(trace.py) replays them exactly like its own reads. Below `PARALLEL_THRESHOLD` files, or
where processes cannot fork, the same function runs here.

The data of a file is not kept: the checks that need it (R007, R008, for what a change adds)
read the few files they judge again (`RepositoryFile.load`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sigcheck import files
from sigcheck.diagnostics import make
from sigcheck.layout import RepositoryRules
from sigcheck.model import RepositoryFile
from sigcheck.parsing.text import MAX_FILE_BYTES, TextProblem, decode

PARALLEL_THRESHOLD = 400
"""Below this many files, starting workers costs more than it saves (a fork pool starts in
about 50 ms; a file takes about 80 us to read, parse and check)."""

Job = tuple[str, str, str, str, str, bool]
"""(path, SIG, owner, letter, stem, confine): `confine` when the file is a symlink, whose
real path must then stay inside the root."""
Row = tuple[str, str, list[tuple[str, int | None, int | None, str, str | None]], str | None]
"""(path, digest of the read, findings as (code, line, column, message, subject), the text
when it asks for suppressions)."""


def fill(item: RepositoryFile, text: str | TextProblem) -> None:
    """Parse a file's text into `item` (its data, or R001 with its place)."""
    from sigcheck.parsing.repo_yaml import load_repository_file

    if isinstance(text, TextProblem):
        message = f"cannot be read: {text.message}"
        item.problem = make("R001", item.path, text.line, text.column, message, "")
        return
    item.text = text
    loaded = load_repository_file(text)
    if loaded.problem is not None:
        problem = loaded.problem
        item.problem = make("R001", item.path, problem.line, problem.column, problem.message, "")
    elif not isinstance(loaded.data, dict):
        shown = "nothing" if loaded.data is None else f"a {type(loaded.data).__name__}"
        message = (
            f"the file holds {shown}, not a mapping of repository fields (`name`, `type`, ...)"
        )
        item.problem = make("R001", item.path, 1, 1, message, "")
    else:
        item.data = loaded.data


def _one(root: Path, job: Job, rules: RepositoryRules) -> Row:
    from sigcheck.checks.repository_files import file_findings
    from sigcheck.parsing.repo_yaml import locate

    path, sig, owner, letter, stem, confine = job
    raw = files.read_file_unobserved(root / path, MAX_FILE_BYTES, root if confine else None)
    digest = files.read_digest(raw)
    if isinstance(raw, files.ReadProblem):
        text: str | TextProblem = TextProblem(raw.message, missing=raw.missing)
    else:
        text = decode(raw)
    item = RepositoryFile(path, sig, owner, letter, stem, locator=locate)
    fill(item, text)
    found = [(d.code, d.line, d.column, d.message, d.subject) for d in file_findings(item, rules)]
    asks = isinstance(text, str) and "sigcheck-disable" in text
    return path, digest, found, text if asks and isinstance(text, str) else None


def _chunk(root: Path, jobs: list[Job], rules: RepositoryRules) -> list[Row]:
    return [_one(root, job, rules) for job in jobs]


def _rows(root: Path, jobs: list[Job], rules: RepositoryRules) -> list[Row]:
    workers = min(os.cpu_count() or 1, 8)
    if (
        len(jobs) < PARALLEL_THRESHOLD
        or workers < 2
        or sys.platform != "linux"
        or files.reading_elsewhere()  # a git revision: its reader is this process's
    ):
        return _chunk(root, jobs, rules)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, len(jobs) // (workers * 4))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [
                pool.submit(_chunk, root, jobs[i : i + size], rules)
                for i in range(0, len(jobs), size)
            ]
            return [row for future in futures for row in future.result()]
    except (OSError, RuntimeError):  # no process support here: do it in this process
        return _chunk(root, jobs, rules)


def scan(
    root: Path, jobs: list[Job], rules: RepositoryRules
) -> tuple[dict[str, RepositoryFile], dict[str, str]]:
    """Every file of `jobs`, checked: the files (findings set, data left to `load`) and the
    texts of those that carry `sigcheck-disable` comments."""
    from sigcheck.parsing.repo_yaml import locate

    found: dict[str, RepositoryFile] = {}
    commented: dict[str, str] = {}
    by_path = {job[0]: job for job in jobs}
    for path, digest, rows, text in _rows(root, jobs, rules):
        _path, sig, owner, letter, stem, confine = by_path[path]
        # the read, as if made here: the warm trace asks it again
        where = (
            files.absolute(root / path),
            MAX_FILE_BYTES,
            files.absolute(root) if confine else None,
        )
        files.observe("read", where, digest)
        item = RepositoryFile(path, sig, owner, letter, stem, locator=locate)
        item.findings = [
            make(code, path, line, column, message, subject)
            for code, line, column, message, subject in rows
        ]
        item.reader = lambda item=item, confine=confine: _load(root, item, confine)
        found[path] = item
        if text is not None:
            commented[path] = text
    return found, commented


def _load(root: Path, item: RepositoryFile, confine: bool) -> None:
    """Read and parse a file again for the checks that need its data (R007, R008)."""
    from sigcheck.parsing.text import read_text

    fill(item, read_text(root / item.path, MAX_FILE_BYTES, root if confine else None))
