"""Links and anchors of many Markdown pages, fast: a content-addressed cache, and both cores.

Parsing is nearly all of a check's time on a large tree (about 1.5 ms a page). A pre-commit run
sees mostly unchanged pages, so what a page yields is kept under the hash of its bytes in
the content cache (cache.py); a cold run parses in worker processes. The cache only ever maps a
content hash to what parsing that content gives, so a stale entry cannot exist.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sigcheck.cache import ContentCache
from sigcheck.model import Link, MarkdownDoc
from sigcheck.parsing.markdown import document_from, parse

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

PARALLEL_THRESHOLD = 60
"""Below this many pages to parse, starting workers costs more than it saves. Measured on 2
idle cores (177 pages, hyperfine, five alternations): 60 instead of 200 saves about 10 % of
the wall time in most samples, for 100-250 ms more CPU (benchmarks/README.md)."""

Entry = tuple[list[tuple[str, int, int, bool, str | None]], list[str], str | None]


def _entry(doc: MarkdownDoc) -> Entry:
    links = [(link.href, link.line, link.column, link.is_image, link.as_text) for link in doc.links]
    return links, sorted(doc.anchors), doc.problem


def _document(path: str, entry: Any) -> MarkdownDoc:
    links, anchors, *rest = entry
    problem = rest[0] if rest else None  # the problem (nesting too deep) was added later
    return MarkdownDoc(path, [Link(*link) for link in links], set(anchors), problem)


def _parse_entry(text: str) -> Entry:
    return _entry(document_from("", parse(text, tables=False)))


def _parse_chunk(texts: list[str]) -> list[Entry]:
    return [_parse_entry(text) for text in texts]


class PendingDocuments:
    """Pages being parsed: in worker processes when there are many, so that the caller can
    read the metadata and the tables meanwhile; `result()` joins them."""

    def __init__(self, pages: Iterable[tuple[str, str]], cache: ContentCache) -> None:
        self._cache = cache
        self._found: dict[str, MarkdownDoc] = {}
        self._missing: list[tuple[str, str, str]] = []
        for path, text in pages:
            key = cache.key("page", text)
            entry = cache.get(key)
            if entry is None:
                self._missing.append((path, key, text))
            else:
                self._found[path] = _document(path, entry)
        self._pool: Executor | None = None
        self._futures: list[Future[list[Entry]]] = []
        self._starts: list[int] = []
        """Index in `_missing` of each future's first page."""
        workers = min(os.cpu_count() or 1, 8)
        if len(self._missing) >= PARALLEL_THRESHOLD and workers > 1 and sys.platform == "linux":
            self._start(workers)

    def _start(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        texts = [text for _, _, text in self._missing]
        size = max(1, len(texts) // (workers * 4))
        try:
            # fork: the workers inherit the imported parser instead of importing it again
            self._pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")
            )
            self._starts = list(range(0, len(texts), size))
            self._futures = [
                self._pool.submit(_parse_chunk, texts[i : i + size]) for i in self._starts
            ]
        except (OSError, RuntimeError):  # no process support here: parse in this process
            self._pool, self._futures, self._starts = None, [], []

    def result(
        self, on_page: Callable[[str, MarkdownDoc], None] | None = None
    ) -> dict[str, MarkdownDoc]:
        """Every page's document, in the order given. `on_page(path, doc)` (`--online`: the
        network checks start on a page's links at once) is called on this thread for each page
        as soon as it is parsed: chunks in the order they finish, not in page order."""
        if on_page is not None:
            for path, doc in self._found.items():
                on_page(path, doc)
        entries: list[Entry | None] = [None] * len(self._missing)
        docs: list[MarkdownDoc | None] = [None] * len(self._missing)

        def done(index: int, entry: Entry) -> None:
            path = self._missing[index][0]
            entries[index] = entry
            doc = docs[index] = _document(path, entry)
            if on_page is not None:
                on_page(path, doc)

        if self._futures and self._pool is not None:
            from concurrent.futures import as_completed

            starts = dict(zip(self._futures, self._starts, strict=True))
            with self._pool:
                for future in as_completed(self._futures):
                    for offset, entry in enumerate(future.result()):
                        done(starts[future] + offset, entry)
        else:
            for index, (_, _, text) in enumerate(self._missing):
                done(index, _parse_entry(text))
        for (path, key, _), parsed, page in zip(self._missing, entries, docs, strict=True):
            assert parsed is not None and page is not None
            self._cache.put(key, parsed)
            self._found[path] = page
        return self._found
