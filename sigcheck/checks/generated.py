"""T008: a table differs from what the metadata generates (what `sigcheck fix` would change).

The summary says what differs (rows missing or to remove, cells that differ, order, layout),
not a diff: `sigcheck fix --check` shows the diff.
"""

from __future__ import annotations

from collections.abc import Iterator

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community


def check(community: Community) -> Iterator[Diagnostic]:
    from sigcheck.generate.plan import plan_table

    for table in community.tables:
        if not table.found:
            continue  # T001 says why; nothing to compare
        plan = plan_table(community, table, verify=False)
        if plan.changed:
            yield make(
                "T008",
                table.path,
                table.header_line,
                1,
                f"table differs from what the metadata generates: {plan.changes.summary()}; "
                "run `sigcheck fix`",
                "table",
            )
    yield from _sig_pages(community)


def _sig_pages(community: Community) -> Iterator[Diagnostic]:
    """The same code for the generated regions of SIG pages (SPEC §7, "SIG pages too")."""
    from sigcheck.checks import sig_pages

    return sig_pages.check(community)
