"""T008: a table differs from what the metadata generates (what `sigcheck fix` would change).

One finding per row that differs (a row missing, to remove, or whose cells differ), so that a
second stale row is a new finding (SPEC §5); one more for the order, or for a layout that
differs alone. Each says what differs, not a diff: `sigcheck fix --check` shows the diff.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community

if TYPE_CHECKING:
    from sigcheck.generate.plan import Changes


def check(community: Community) -> Iterator[Diagnostic]:
    from sigcheck.generate.plan import plan_table

    for table in community.tables:
        if not table.found:
            continue  # T001 says why; nothing to compare
        plan = plan_table(community, table, verify=False)
        if not plan.changed:
            continue
        run = _what_to_run(community, plan.changes)
        for line, folder, what in plan.changes.rows:
            yield make(
                "T008",
                table.path,
                line or table.header_line,
                1,
                f"{what}; {run}",
                f"row:{folder}",
            )
        if plan.changes.reordered:
            message = f"the rows are out of the generated order; {run}"
            yield make("T008", table.path, table.header_line, 1, message, "order")
        elif not plan.changes.rows:
            message = (
                f"the table differs from what the metadata generates: "
                f"{plan.changes.summary()}; {run}"
            )
            yield make("T008", table.path, table.header_line, 1, message, "layout")
    yield from _sig_pages(community)


def _what_to_run(community: Community, changes: Changes) -> str:
    """`sigcheck fix`, unless the tree was not adopted yet: then `fix` would refuse (SPEC §7,
    the first-`fix` guard) or would have little metadata to work from, and `import` comes first."""
    if changes.wrecks:
        return (
            f"run `sigcheck import` first: `sigcheck fix` would change what "
            f"{len(changes.rewritten)} of {changes.existing} rows show, and refuses"
        )
    folders = community.folders.values()
    without = sum(1 for folder in folders if folder.metadata is None)
    if without * 2 > len(folders):
        return (
            f"{without} of {len(folders)} SIGs have no sig-info.yaml: run `sigcheck import` "
            "first, then `sigcheck fix`"
        )
    return "run `sigcheck fix`"


def _sig_pages(community: Community) -> Iterator[Diagnostic]:
    """The same code for the generated regions of SIG pages (SPEC §7, "SIG pages too")."""
    from sigcheck.checks import sig_pages

    return sig_pages.check(community)
