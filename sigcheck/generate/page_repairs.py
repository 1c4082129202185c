"""`sigcheck fix --pages`: repair, in every Markdown page, what a page finding names as fixable.

Today that is L009 (an email linked without `mailto:`: the prefix is inserted) and L003 (a
link whose target exists only in another letter case: the case on disk is taken). The findings
come from the link check itself (`checks.links.page_findings`), so `fix --pages` repairs exactly
what `check` reports, suppressed findings excepted. Only the bytes of the repaired link targets
change: the BOM, line endings, a missing final newline and every other byte stay as they were.
A page that is a symlink leading out of the repository is never written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from sigcheck.generate.region import Page
from sigcheck.model import Community, SigTable

_DESTINATION_START = ("(", "<", " ", "\t", '"', "'", "=")
"""What stands right before a link target written as one (`](x`, `](<x`, `href="x`)."""


@dataclass(slots=True)
class PageRepair:
    """One page that `fix --pages` changes, or would change but may not."""

    path: str
    original: bytes
    """The page as `fix` found it (after its table was regenerated, for a table page)."""
    updated: bytes
    repaired: list[str] = field(default_factory=list)
    """What changed, e.g. `L009 line 12`."""
    refused: str | None = None
    """Why the page is not written (it leads out of the repository)."""


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str
    what: str


def _silenced(suppressed: Mapping[int, frozenset[str]], line: int, code: str) -> bool:
    codes = suppressed.get(line)
    return codes is not None and (not codes or any(code.startswith(c) for c in codes))


def _name_links(community: Community, path: str, text: str) -> set[tuple[str, int, str]]:
    """The name-cell links of the SIG table in this page's text (not page findings)."""
    from sigcheck.parsing.markdown import parse, read_table

    found: set[tuple[str, int, str]] = set()
    config = community.config
    for table in community.tables:
        if table.path != path:
            continue
        again = SigTable(config=table.config, path=path, exists=True)
        read_table(
            parse(text),
            again,
            table.config,
            community.sigs_dir,
            config.own_address,
            config.profile_url,
        )
        found |= {
            (path, row.line, unquote(row.link))
            for row in again.rows
            if row.folder is not None and row.link is not None
        }
    return found


def _edits(community: Community, path: str, page: Page, text: str) -> dict[int, list[_Edit]]:
    """The repairs of one page's text, by 1-based line."""
    from sigcheck.checks.links import page_findings, placeholders_of
    from sigcheck.loader import _suppressions
    from sigcheck.parsing.markdown import document_from, parse

    doc = document_from(path, parse(text))
    suppressed = _suppressions(text)
    names = _name_links(community, path, text)
    edits: dict[int, list[_Edit]] = {}
    for link, finding in page_findings(community, doc, names, placeholders_of(community)):
        if finding.fixed_href is None or _silenced(suppressed, link.line, finding.code):
            continue
        if not 1 <= link.line <= len(page.lines):
            continue
        content = page.line(link.line)
        start = link.column - 1
        end = start + len(link.href)
        # the target exactly as written, where a link target starts; else leave it to a person
        if start < 1 or content[start:end] != link.href:
            continue
        if content[start - 1] not in _DESTINATION_START:
            continue
        edit = _Edit(start, end, finding.fixed_href, f"{finding.code} line {link.line}")
        edits.setdefault(link.line, []).append(edit)
    return edits


def repair_page(community: Community, path: str, data: bytes) -> tuple[bytes, list[str]]:
    """The page's bytes with its fixable link findings repaired, and what was repaired.
    Raises UnicodeDecodeError for a page that is not UTF-8 (never written)."""
    page = Page.from_bytes(data)
    edits = _edits(community, path, page, page.text())
    if not edits:
        return data, []
    lines = list(page.lines)
    done: list[str] = []
    for number, line_edits in edits.items():
        content, ending = lines[number - 1]
        limit = len(content) + 1
        for edit in sorted(line_edits, key=lambda e: e.start, reverse=True):
            if edit.end > limit:
                continue  # overlaps the edit after it (two findings, one place)
            content = content[: edit.start] + edit.text + content[edit.end :]
            limit = edit.start
            done.append(edit.what)
        lines[number - 1] = (content, ending)
    done.sort(key=lambda what: (int(what.rsplit(" ", 1)[1]), what))
    return Page(page.bom, lines).to_bytes(), done


def _leaves(root: Path, path: str) -> bool:
    real, real_root = os.path.realpath(root / path), os.path.realpath(root)
    return not real.startswith(real_root + os.sep)


def plan_pages(community: Community, bases: Mapping[str, bytes]) -> list[PageRepair]:
    """Every page under the sigs folder that `fix --pages` changes. `bases` holds the bytes
    `fix` gives a page before its repairs (a regenerated table page); others are read from
    disk. Each real file is planned once, even when symlinks inside the tree name it twice."""
    from sigcheck.checks.links import page_findings, placeholders_of, table_name_links
    from sigcheck.files import ReadProblem, read_file

    root = Path(community.root)
    names, placeholders = table_name_links(community), placeholders_of(community)
    seen: set[str] = set()
    repairs: list[PageRepair] = []
    for path, doc in sorted(community.documents.items()):
        if doc.problem:
            continue
        # only pages the check finds something fixable in are parsed again (and table pages,
        # whose regenerated text is not what was loaded)
        found = page_findings(community, doc, names, placeholders)
        if path not in bases and not any(finding.fixed_href for _, finding in found):
            continue
        real = os.path.realpath(root / path)
        if real in seen:
            continue
        seen.add(real)
        data = bases[path] if path in bases else read_file(root / path)
        if isinstance(data, ReadProblem):
            continue  # F001 says why; a page that cannot be read is never written
        try:
            updated, done = repair_page(community, path, data)
        except UnicodeDecodeError:
            continue
        if not done:
            continue
        repair = PageRepair(path, data, updated, done)
        if _leaves(root, path):
            repair.refused = "the page is a symlink that leaves the repository; not written"
        repairs.append(repair)
    return repairs
