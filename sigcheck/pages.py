"""Links and anchors of many Markdown pages, fast: a content-addressed cache, and both cores.

Parsing is nearly all of a check's time on a large tree (about 1.5 ms a page). A pre-commit run
sees mostly unchanged pages, so what a page yields is kept under the hash of its bytes in
the content cache (cache.py); a cold run parses in worker processes. The cache only ever maps a
content hash to what parsing that content gives, so a stale entry cannot exist.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from sigcheck.cache import ContentCache
from sigcheck.model import Link, MarkdownDoc
from sigcheck.parsing.markdown import document_from, parse

PARALLEL_THRESHOLD = 200
"""Below this many pages to parse, starting workers costs more than it saves."""

Entry = tuple[list[tuple[str, int, int, bool]], list[str]]


def _entry(doc: MarkdownDoc) -> Entry:
    links = [(link.href, link.line, link.column, link.is_image) for link in doc.links]
    return links, sorted(doc.anchors)


def _document(path: str, entry: Any) -> MarkdownDoc:
    links, anchors = entry
    return MarkdownDoc(path, [Link(*link) for link in links], set(anchors))


def _parse_entry(text: str) -> Entry:
    return _entry(document_from("", parse(text, tables=False)))


def _parse_chunk(texts: list[str]) -> list[Entry]:
    return [_parse_entry(text) for text in texts]


def _parse_all(texts: list[str]) -> list[Entry]:
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < PARALLEL_THRESHOLD or workers < 2 or sys.platform != "linux":
        return _parse_chunk(texts)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the imported parser instead of importing it again
    chunks = [texts[i::workers] for i in range(workers)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_parse_chunk, chunks))
    except (OSError, RuntimeError):  # no process support here: parse in this process
        return _parse_chunk(texts)
    entries: list[Entry] = [([], [])] * len(texts)
    for offset, result in enumerate(results):
        entries[offset::workers] = result
    return entries


def documents(pages: Iterable[tuple[str, str]], cache: ContentCache) -> dict[str, MarkdownDoc]:
    """`path -> MarkdownDoc` for (path, text) pairs, parsing only what the cache lacks."""
    found: dict[str, MarkdownDoc] = {}
    missing: list[tuple[str, str, str]] = []
    for path, text in pages:
        key = cache.key("page", text)
        entry = cache.get(key)
        if entry is None:
            missing.append((path, key, text))
        else:
            found[path] = _document(path, entry)
    for (path, key, _), entry in zip(missing, _parse_all([m[2] for m in missing]), strict=True):
        cache.put(key, entry)
        found[path] = _document(path, entry)
    return found
