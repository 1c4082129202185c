"""Judge a change on what it adds: the findings a base revision did not have (SPEC §2.5, §5).

`check --new-since REF` and `check --pre-commit` compute the report of the base revision (REF;
the commit's parent) by reading it straight from git's objects (`gitfiles.GitFiles` behind
`files.reading_from`), with the configuration of the revision being checked, so that a change
of sigcheck's options never makes old findings look new. Findings are matched by their
fingerprint (`diagnostics.fingerprint`: code, path, subject) as a multiset: a second copy of an
old finding is new.

The base report is cached by the base's tree id (with sigcheck's own code and the
configuration in the key), so a hook that runs twice on the same parent reads it once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sigcheck.diagnostics import CODES, Diagnostic, fingerprint, match_fingerprints

if TYPE_CHECKING:
    from sigcheck.config import Config
    from sigcheck.model import Community

BASE_CACHE_FILE = "base-reports.json"
BASE_CACHE_ENTRIES = 4
"""Base reports kept: a hook's parent, a pull request's merge base and a few more."""
MAX_BASE_CACHE_BYTES = 64 * 1024 * 1024


def split(
    current: Sequence[Diagnostic], base: Sequence[Diagnostic]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(new, older): each finding of `current` whose fingerprint `base` still has unmatched
    is older; the rest are new (two copies where the base had one: the second is new)."""
    return match_fingerprints(current, Counter(fingerprint(d) for d in base))


@contextmanager
def base_model(root: Path, config: Config, commit: str | None) -> Iterator[Community | None]:
    """The model of the tree at `commit` (a commit id, see `vcs.resolve_commit`), read from
    git's objects with `config`; None when that tree has no sigs folder (or there is no
    commit: a repository's first). Pages outside the sigs folder are read on first use, so
    use the model inside the `with` (the online checks ask it what the base already had)."""
    from sigcheck.files import reading_from
    from sigcheck.gitfiles import GitFiles
    from sigcheck.loader import LoadError, load_community

    if commit is None:
        yield None
        return
    with GitFiles.revision(root, commit) as source, reading_from(source):
        try:
            community = load_community(root, config)
        except LoadError:
            community = None
        yield community


def _check_base(root: Path, config: Config, commit: str | None) -> list[Diagnostic]:
    from sigcheck.checks import run_offline

    with base_model(root, config, commit) as community:
        return [] if community is None else run_offline(community)


def _key(root: Path, settings: str, tree: str) -> str:
    from sigcheck.cache import code_stamp
    from sigcheck.files import digest_bytes

    text = "\0".join((tree, code_stamp(), str(root), settings))
    return digest_bytes(text.encode("utf-8", "surrogateescape"))


def _row(d: Diagnostic) -> list[object]:
    return [d.code, d.path, d.line, d.column, d.message, d.subject]


def _from_row(row: object) -> Diagnostic | None:
    if not isinstance(row, list) or len(row) != 6 or row[0] not in CODES:
        return None
    code, path, line, column, message, subject = row
    if not (
        isinstance(path, str)
        and isinstance(message, str)
        and (line is None or isinstance(line, int))
        and (column is None or isinstance(column, int))
        and (subject is None or isinstance(subject, str))
    ):
        return None
    return Diagnostic(code, path, line, column, message, subject=subject)


def _cached(
    path: Path | None, root: Path, key: str
) -> tuple[dict[str, object], list[Diagnostic] | None]:
    """(every entry of the cache file, the findings under `key` or None)."""
    from sigcheck.cache import read_cache

    if path is None:
        return {}, None
    raw = read_cache(path, MAX_BASE_CACHE_BYTES, root)  # None too when git tracks it
    if raw is None:
        return {}, None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}, None
    if not isinstance(data, dict):
        return {}, None
    entry = data.get(key)
    if not isinstance(entry, list):
        return data, None
    found = [_from_row(row) for row in entry]
    if any(d is None for d in found):
        return data, None
    return data, [d for d in found if d is not None]


def base_report(
    root: Path,
    config: Config | Callable[[], Config],
    commit: str | None,
    cache_dir: Path | None,
    settings: str | None = None,
) -> tuple[list[Diagnostic], bool]:
    """Every offline finding of the tree at `commit` (None: no commit, no finding) and
    whether it came from the cache. `cache_dir` None: computed, not kept (`--no-cache`, CI).
    `settings`: the configuration as text, for the cache key, when `config` is a function
    that loads it (then a cached report costs no validation: a hook stays fast)."""
    from sigcheck import vcs

    if commit is None:
        return [], False
    tree = vcs.tree_of(root, commit)
    if settings is None:
        config = config if not callable(config) else config()
        settings = config.model_dump_json()
    key = _key(root, settings, tree)
    path = cache_dir / BASE_CACHE_FILE if cache_dir is not None else None
    entries, found = _cached(path, root, key)
    if found is not None:
        return found, True
    found = _check_base(root, config() if callable(config) else config, commit)
    if path is not None:
        from sigcheck.cache import write_cache

        kept = {k: v for k, v in entries.items() if k != key}
        kept = dict(list(kept.items())[-(BASE_CACHE_ENTRIES - 1) :])
        kept[key] = [_row(d) for d in found]
        # ASCII: a path that is not UTF-8 keeps its surrogate escapes, and never raises here
        write_cache(path, json.dumps(kept, ensure_ascii=True).encode("ascii"), root)
    return found, False
