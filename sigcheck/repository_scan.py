"""Read, parse and check the per-repository files (openEuler's 12,000), on every core.

Why: a cold run reads every one of them, and reading, parsing and checking them is most of a
cold openEuler run. What a file's own content can be found wanting for (R001-R006) depends on
that file alone: this process reads every file (files.py, so the warm trace sees each read),
takes the findings of a file it checked before from the content cache (keyed by the path and
the bytes: after one edit, one file is parsed again, not 12,000), and hands the rest to worker
processes in chunks (forked: they inherit the texts, the parser and the rules; only the
findings come back). Below `PARALLEL_THRESHOLD` files, or where processes cannot fork, the
same function runs here.

The data of a file is not kept: the checks that need it (R007, R008, for what a change adds)
read the few files they judge again (`RepositoryFile.load`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sigcheck import files
from sigcheck.cache import ContentCache
from sigcheck.diagnostics import make
from sigcheck.layout import RepositoryRules
from sigcheck.model import RepositoryFile
from sigcheck.parsing.text import MAX_FILE_BYTES, TextProblem

PARALLEL_THRESHOLD = 400
"""Below this many files, starting workers costs more than it saves (a fork pool starts in
about 50 ms; a file takes about 80 us to read, parse and check)."""

Job = tuple[str, str, str, str, str, bool]
"""(path, SIG, owner, letter, stem, confine): `confine` when the file is a symlink, whose
real path must then stay inside the root."""


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


Found = list[tuple[str, int | None, int | None, str, str | None]]
"""A file's findings as (code, line, column, message, subject): what workers send back and
what the content cache keeps."""

_PENDING: list[tuple[Job, str | TextProblem]] = []
"""The files to check, set before the workers fork (they inherit it: no text is pickled)."""


def _one(job: Job, text: str | TextProblem, rules: RepositoryRules) -> Found:
    from sigcheck.checks.repository_files import file_findings
    from sigcheck.parsing.repo_yaml import locate

    path, sig, owner, letter, stem, _confine = job
    item = RepositoryFile(path, sig, owner, letter, stem, locator=locate)
    fill(item, text)
    return [(d.code, d.line, d.column, d.message, d.subject) for d in file_findings(item, rules)]


def _chunk(start: int, stop: int, rules: RepositoryRules) -> list[Found]:
    return [_one(job, text, rules) for job, text in _PENDING[start:stop]]


def _found(rules: RepositoryRules) -> list[Found]:
    """The findings of every file in `_PENDING`, in order: in forked workers when many."""
    count = len(_PENDING)
    workers = min(os.cpu_count() or 1, 8)
    if (
        count < PARALLEL_THRESHOLD
        or workers < 2
        or sys.platform != "linux"
        or files.reading_elsewhere()  # a git revision: its reader belongs to this process
    ):
        return _chunk(0, count, rules)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, count // (workers * 4))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_chunk, i, i + size, rules) for i in range(0, count, size)]
            return [found for future in futures for found in future.result()]
    except (OSError, RuntimeError):  # no process support here: do it in this process
        return _chunk(0, count, rules)


def scan(
    root: Path, jobs: list[Job], rules: RepositoryRules, cache: ContentCache
) -> tuple[dict[str, RepositoryFile], dict[str, str]]:
    """Every file of `jobs`, read here (files.py: the warm trace sees each read) and checked:
    from the content cache when that file's path and bytes were checked before, else in
    workers. Returns the files (findings set, data left to `load`) and the texts of those
    that carry `sigcheck-disable` comments."""
    from sigcheck.parsing.repo_yaml import locate
    from sigcheck.parsing.text import read_text

    kind = f"repository-{files.digest_bytes(repr(rules).encode())[:12]}"
    keys: list[str | None] = []
    known: list[Found | None] = []
    _PENDING.clear()
    commented: dict[str, str] = {}
    for job in jobs:
        path, confine = job[0], job[5]
        text = read_text(root / path, MAX_FILE_BYTES, root if confine else None)
        if isinstance(text, str) and "sigcheck-disable" in text:
            commented[path] = text
        key = cache.key(kind, f"{path}\0{text}") if cache.path and isinstance(text, str) else None
        entry = cache.get(key) if key is not None else None
        keys.append(key)
        known.append(_entry(entry))
        if known[-1] is None:
            _PENDING.append((job, text))
    computed = iter(_found(rules))
    _PENDING.clear()
    result: dict[str, RepositoryFile] = {}
    for job, key, rows in zip(jobs, keys, known, strict=True):
        if rows is None:
            rows = next(computed)
            if key is not None:
                cache.put(key, [list(row) for row in rows])
        path, sig, owner, letter, stem, confine = job
        item = RepositoryFile(path, sig, owner, letter, stem, locator=locate)
        item.findings = [
            make(code, path, line, column, message, subject)
            for code, line, column, message, subject in rows
        ]
        item.reader = lambda item=item, confine=confine: _load(root, item, confine)
        result[path] = item
    return result, commented


def _entry(value: object) -> Found | None:
    """A cached file's findings, or None when the entry is not that shape."""
    if not isinstance(value, list):
        return None
    rows: Found = []
    for row in value:
        if not (isinstance(row, list) and len(row) == 5 and isinstance(row[0], str)):
            return None
        code, line, column, message, subject = row
        rows.append((code, line, column, str(message), subject))
    return rows


def _load(root: Path, item: RepositoryFile, confine: bool) -> None:
    """Read and parse a file again for the checks that need its data (R007, R008)."""
    from sigcheck.parsing.text import read_text

    fill(item, read_text(root / item.path, MAX_FILE_BYTES, root if confine else None))
