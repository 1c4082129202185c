"""The on-disk cache of definite online answers, so that a second run within the TTL sends no
request for what it already knows.

Kept: a link that answered 2xx (with where its redirects ended and the permanent-redirect
target), a link that answered 404/410, a forge's name or repository that exists (200 in the right shape) or does not (a JSON 404 asked
twice with the forge's canary answered, or a complete organisation listing). A "missing" older
than an hour is asked again before it is reported (forge.RECHECK_MISSING).
Never kept: anything that failed to verify (timeouts, 5xx, 429, bot walls), nor the results
that depend on this machine's network rather than the server (no such host, TLS errors), nor
redirect loops - those are asked again next run.

Keyed, like every cache, by `cache.code_stamp()` (sigcheck's code and the libraries that shape
results); a file git tracks is never read. One JSON file, `online-v2.json`, in `online.cache_dir` (default `.sigcheck-cache/` at the root),
written atomically (temporary file + rename) after merging with what is on disk, so two runs
at once lose nothing worse than each other's newest entries. The folder gets a `.gitignore` of
`*`, so it never shows up in `git status` even before the repository ignores it. A cache that
cannot be read is ignored; one that cannot be written is a note, never a failure.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any

from sigcheck.cache import MAX_CACHE_BYTES, code_stamp, read_cache, write_cache
from sigcheck.online.results import LinkState, NameResult, NameState, UrlResult

CACHE_FILE = "online-v2.json"
VERSION = 2
"""2: names keyed by forge API and casefolded name; a "missing" kept only with the canary."""


def _url_entry(result: UrlResult, at: float) -> dict[str, Any]:
    return {
        "at": at,
        "state": result.state.value,
        "status": result.status,
        "detail": result.detail,
        "final_url": result.final_url,
        "moved_to": result.moved_to,
    }


def _url_result(entry: dict[str, Any]) -> UrlResult:
    state = LinkState(entry["state"])
    status = entry.get("status")
    if state not in (LinkState.ALIVE, LinkState.BROKEN) or not isinstance(status, int):
        raise ValueError("not a definite answer")
    final_url, moved_to = entry.get("final_url"), entry.get("moved_to")
    return UrlResult(
        state,
        str(entry.get("detail", "")),
        status,
        final_url if isinstance(final_url, str) else None,
        moved_to if isinstance(moved_to, str) else None,
        from_cache=True,
    )


def _name_result(entry: dict[str, Any]) -> NameResult:
    state = NameState(entry["state"])
    if state not in (NameState.EXISTS, NameState.MISSING):
        raise ValueError("not a definite answer")
    at = entry.get("at")
    checked_at = float(at) if isinstance(at, int | float) else 0.0
    return NameResult(state, str(entry.get("detail", "")), from_cache=True, checked_at=checked_at)


class Cache:
    def __init__(self, folder: Path, ttl: float, root: Path | None = None) -> None:
        self.folder = folder
        self.root = root
        self.path = folder / CACHE_FILE
        self.ttl = ttl
        self.urls: dict[str, UrlResult] = {}
        self.names: dict[str, NameResult] = {}

    def _read_raw(self) -> dict[str, Any]:
        """The file's data; nothing when it is damaged, of another format, written by another
        build of sigcheck or its libraries (`code_stamp`), or tracked by git (a cache a pull
        request commits must not decide a report)."""
        raw = read_cache(self.path, MAX_CACHE_BYTES, self.root)
        if raw is None:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        if data.get("stamp") != code_stamp():
            return {}
        return data

    def _fresh(self, section: Any, now: float) -> dict[str, dict[str, Any]]:
        if not isinstance(section, dict):
            return {}
        return {
            key: entry
            for key, entry in section.items()
            if isinstance(key, str)
            and isinstance(entry, dict)
            and isinstance(entry.get("at"), int | float)
            and 0 <= now - entry["at"] < self.ttl
        }

    def load(self) -> None:
        """Read the fresh entries; a damaged file or entry is ignored, never an error."""
        data = self._read_raw()
        now = time.time()
        for key, entry in self._fresh(data.get("urls"), now).items():
            with contextlib.suppress(KeyError, ValueError, TypeError):
                self.urls[key] = _url_result(entry)
        for key, entry in self._fresh(data.get("names"), now).items():
            with contextlib.suppress(KeyError, ValueError, TypeError):
                self.names[key] = _name_result(entry)

    def save(self, urls: dict[str, UrlResult], names: dict[str, NameResult]) -> str | None:
        """Merge the definite new answers into the file; a problem is returned, not raised."""
        new_urls = {k: v for k, v in urls.items() if v.cacheable and not v.from_cache}
        new_names = {k: v for k, v in names.items() if v.cacheable and not v.from_cache}
        if not new_urls and not new_names:
            return None
        now = time.time()
        data = self._read_raw()
        url_section = self._fresh(data.get("urls"), now)
        name_section = self._fresh(data.get("names"), now)
        url_section.update({k: _url_entry(v, now) for k, v in new_urls.items()})
        name_section.update(
            {
                k: {"at": now, "state": v.state.value, "detail": v.detail}
                for k, v in new_names.items()
            }
        )
        payload = {
            "version": VERSION,
            "stamp": code_stamp(),
            "urls": url_section,
            "names": name_section,
        }
        text = json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True)
        problem = write_cache(
            self.path,
            text.encode("utf-8"),
            self.root,
            b"# written by sigcheck: the online cache is not for git\n*\n",
        )
        if problem is not None:
            return f"cannot write the online cache {self.path}: {problem}"
        return None
