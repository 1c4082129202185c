"""Checks: pure functions from the model to diagnostics, one module per family."""

from __future__ import annotations

from collections.abc import Iterable

from sigcheck.diagnostics import Diagnostic, with_severities
from sigcheck.loader import is_excluded
from sigcheck.model import Community


def _silenced(diagnostic: Diagnostic, community: Community) -> bool:
    lines = community.suppressions.get(diagnostic.path)
    if not lines or diagnostic.line is None:
        return False
    codes = lines.get(diagnostic.line)
    if codes is None:
        return False
    return not codes or any(diagnostic.code.startswith(code) for code in codes)


def finish(diagnostics: Iterable[Diagnostic], community: Community) -> list[Diagnostic]:
    """Drop suppressed and excluded findings, remove exact repeats, sort by place, and give
    each the severity the layout or the configuration sets for its code."""
    kept = {
        d
        for d in diagnostics
        if not _silenced(d, community) and not is_excluded(d.path, community.config.exclude)
    }
    return with_severities(sorted(kept, key=Diagnostic.sort_key), community.config.severities())


def run_offline(community: Community) -> list[Diagnostic]:
    from sigcheck.checks import (
        folders,
        generated,
        links,
        metadata,
        page_people,
        people,
        registry,
        repositories,
        repository_files,
        tables,
    )

    found: list[Diagnostic] = []
    families = (
        tables,
        folders,
        registry,
        metadata,
        repositories,
        repository_files,
        people,
        page_people,
        links,
        generated,
    )
    for family in families:
        found.extend(family.check(community))
    return finish(found, community)
