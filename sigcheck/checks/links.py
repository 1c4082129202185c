"""L: links in every Markdown page (L001–L004, L008, L009; L005–L007 are online).

Each link gets at most one finding, the most telling one: a target that is empty, a
placeholder or syntax that renders as text (L008) or an email without `mailto:` (L009) is
never also "file does not exist" (L001). Findings that `sigcheck fix --pages` repairs carry the
target it writes instead (`Finding.fixed_href`), so the check and the fixer cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from sigcheck.checks.tables import readable_tables
from sigcheck.diagnostics import Diagnostic, make
from sigcheck.files import Found
from sigcheck.model import Community, Link, MarkdownDoc
from sigcheck.parsing.slugs import fragment_variants
from sigcheck.parsing.targets import (
    AnchorTarget,
    LocalTarget,
    classify,
    looks_like_email,
    respell,
)
from sigcheck.placeholders import DEFAULT_SET, DEFAULT_TO_FILL, in_url, is_placeholder, normalise

MARKDOWN_SUFFIXES = (".md", ".markdown")
FIX_PAGES = "`sigcheck fix --pages`"


@dataclass(frozen=True, slots=True)
class Finding:
    """One link's finding; `fixed_href` is what `fix --pages` writes in place of the href."""

    code: str
    message: str
    fixed_href: str | None = None


def placeholders_of(community: Community) -> frozenset[str]:
    """Every value a whole link target may not be: the community's to-be-filled values
    (`placeholders`) and its "none" values (`none_values`), else the default ones."""
    found = DEFAULT_SET
    config = community.config
    for key in ("placeholders", "none_values"):
        configured = getattr(config, key, None)
        if isinstance(configured, list | tuple) and all(isinstance(v, str) for v in configured):
            found = (found - _DEFAULTS[key]) | normalise(configured)
    return found


_DEFAULTS = {"placeholders": DEFAULT_TO_FILL, "none_values": DEFAULT_SET - DEFAULT_TO_FILL}


_TO_FILL: dict[tuple[str, ...], frozenset[str]] = {}


def to_fill_of(community: Community) -> frozenset[str]:
    """The community's to-be-filled values (`placeholders`), normalised once per list."""
    configured = getattr(community.config, "placeholders", None)
    if not isinstance(configured, list | tuple):
        return DEFAULT_TO_FILL
    key = tuple(str(value) for value in configured)
    if key not in _TO_FILL:
        _TO_FILL[key] = normalise(key)
    return _TO_FILL[key]


def _anchor_ok(fragment: str, anchors: set[str]) -> bool:
    if not fragment or fragment.lower() in ("top", "readme"):
        return True
    return any(variant in anchors for variant in fragment_variants(fragment))


def _as_text(written: str, target: str) -> Finding:
    label = re.match(r"\[([^\]]*)\]", written)
    shown = label.group(1) if label else "text"
    target = target.strip()
    if looks_like_email(target):
        fixed = f"mailto:{target}"
    elif any(c.isspace() for c in target):
        fixed = f"<{target}>"
    else:
        fixed = target
    return Finding(
        "L008",
        f"`{written}` renders as text, not as a link: write `[{shown}]({fixed})`",
    )


def _broken_target(
    link: Link, placeholders: frozenset[str], to_fill: frozenset[str]
) -> Finding | None:
    """L008 and L009: targets that are not a place at all, or hold a to-be-filled segment
    (`…/issues/xxxxx`)."""
    if link.as_text is not None:
        return _as_text(link.as_text, link.href)
    href = link.href.strip()
    if not href:
        what = "image source" if link.is_image else "link target"
        return Finding(
            "L008", f"empty {what}: link the page it means, or write the text without a link"
        )
    if is_placeholder(unquote(href), placeholders):
        return Finding(
            "L008",
            f"link target `{href}` is a placeholder: link the real page, or write the text "
            "without a link until it exists",
        )
    inside = in_url(href, to_fill)
    if inside is not None:
        return Finding(
            "L008",
            f"link target `{href}` holds the placeholder `{inside}`: link the real page, or "
            "write the text without a link until it exists",
        )
    if looks_like_email(href):
        return Finding(
            "L009",
            f"`{href}` is an email address linked without `mailto:` (it opens as a missing "
            f"file): write `mailto:{href}`; {FIX_PAGES} adds it",
            fixed_href=f"mailto:{href}",
        )
    return None


def link_findings(
    community: Community, path: str, anchors: set[str], link: Link, placeholders: frozenset[str]
) -> Iterator[Finding]:
    """What is wrong with one link written in the page `path` (whose anchors are given)."""
    broken = _broken_target(link, placeholders, to_fill_of(community))
    if broken is not None:
        yield broken
        return
    repo_url = community.config.own_address
    target = classify(link.href, path, repo_url)
    if isinstance(target, AnchorTarget):
        if not _anchor_ok(target.fragment, anchors):
            yield Finding("L002", f"no heading or anchor `#{target.fragment}` in this page")
        return
    if not isinstance(target, LocalTarget):
        return
    if target.escapes:
        yield Finding("L004", f"`{link.href}` leaves the repository")
        return
    lookup = community.files.lookup(target.path)
    if lookup.found is Found.MISSING:
        yield Finding("L001", f"`{link.href}` points to `{target.path}`, which does not exist")
    elif lookup.found is Found.CASE_ONLY and lookup.actual is not None:
        fixed = respell(link.href, path, lookup.actual, repo_url)
        how = f"; {FIX_PAGES} takes the case on disk" if fixed else ""
        yield Finding(
            "L003",
            f"`{link.href}` exists only as `{lookup.actual}` (letter case differs){how}",
            fixed_href=fixed,
        )
    elif lookup.found is Found.OUTSIDE:
        yield Finding("L004", f"`{link.href}` is a symlink that leads out of the repository")
    elif target.fragment and not lookup.is_dir and target.path.lower().endswith(MARKDOWN_SUFFIXES):
        other = community.anchors_of(target.path)
        if other is not None and not _anchor_ok(target.fragment, other):
            yield Finding("L002", f"no heading or anchor `#{target.fragment}` in `{target.path}`")


def table_name_links(community: Community) -> set[tuple[str, int, str]]:
    """(page, line, decoded href) of the tables' name-cell links: the folder checks' business
    (D001, D002), reported once there."""
    return {
        (table.path, row.line, unquote(row.link))
        for table in readable_tables(community)
        for row in table.rows
        if row.folder is not None and row.link is not None
    }


def page_findings(
    community: Community,
    doc: MarkdownDoc,
    name_links: set[tuple[str, int, str]],
    placeholders: frozenset[str],
) -> Iterator[tuple[Link, Finding]]:
    """Every finding of one readable page, with the link it is about."""
    for link in doc.links:
        if (doc.path, link.line, unquote(link.href)) in name_links and link.as_text is None:
            continue
        for finding in link_findings(community, doc.path, doc.anchors, link, placeholders):
            yield link, finding


def check(community: Community) -> Iterator[Diagnostic]:
    table_pages = {table.path for table in community.tables}
    name_links = table_name_links(community)
    placeholders = placeholders_of(community)
    for doc in community.documents.values():
        if doc.problem:
            if doc.path not in table_pages:
                yield make("F001", doc.path, None, None, doc.problem, "")
            continue
        for link, finding in page_findings(community, doc, name_links, placeholders):
            subject = link.as_text if link.as_text is not None else link.href
            yield make(finding.code, doc.path, link.line, link.column, finding.message, subject)
