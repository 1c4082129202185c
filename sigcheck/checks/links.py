"""L: relative links and anchors in every Markdown page (L001–L004; L005–L007 are online)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.files import Found
from sigcheck.model import Community, Link, MarkdownDoc
from sigcheck.parsing.slugs import fragment_variants
from sigcheck.parsing.targets import AnchorTarget, LocalTarget, classify

MARKDOWN_SUFFIXES = (".md", ".markdown")


def _anchor_ok(fragment: str, anchors: set[str]) -> bool:
    if not fragment or fragment.lower() in ("top", "readme"):
        return True
    return any(variant in anchors for variant in fragment_variants(fragment))


def _check_link(community: Community, doc: MarkdownDoc, link: Link) -> Iterator[Diagnostic]:
    target = classify(link.href, doc.path, community.config.repo_url)
    at = (doc.path, link.line, link.column)
    if isinstance(target, AnchorTarget):
        if not _anchor_ok(target.fragment, doc.anchors):
            yield make("L002", *at, f"no heading or anchor `#{target.fragment}` in this page")
        return
    if not isinstance(target, LocalTarget):
        return
    if target.escapes:
        yield make("L004", *at, f"`{link.href}` leaves the repository")
        return
    lookup = community.files.lookup(target.path)
    if lookup.found is Found.MISSING:
        yield make("L001", *at, f"`{link.href}` points to `{target.path}`, which does not exist")
    elif lookup.found is Found.CASE_ONLY:
        yield make(
            "L003", *at, f"`{link.href}` exists only as `{lookup.actual}` (letter case differs)"
        )
    elif lookup.found is Found.OUTSIDE:
        yield make("L004", *at, f"`{link.href}` is a symlink that leads out of the repository")
    elif target.fragment and not lookup.is_dir and target.path.lower().endswith(MARKDOWN_SUFFIXES):
        anchors = community.anchors_of(target.path)
        if anchors is not None and not _anchor_ok(target.fragment, anchors):
            yield make("L002", *at, f"no heading or anchor `#{target.fragment}` in `{target.path}`")


def check(community: Community) -> Iterator[Diagnostic]:
    table_pages = {table.path for table in community.tables}
    # name-cell links are the folder checks' business (D001, D002), reported once there
    name_links = {
        (table.path, row.line, unquote(row.link))
        for table in readable_tables(community)
        for row in table.rows
        if row.folder is not None and row.link is not None
    }
    for doc in community.documents.values():
        if doc.problem:
            if doc.path not in table_pages:
                yield make("F001", doc.path, None, None, doc.problem)
            continue
        for link in doc.links:
            if (doc.path, link.line, unquote(link.href)) not in name_links:
                yield from _check_link(community, doc, link)
