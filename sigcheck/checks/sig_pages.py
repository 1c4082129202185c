"""T008 at a SIG page: its `sig-info` region differs from what the metadata generates.

The message says which facts differ (people, repositories, contact), not a diff:
`sigcheck fix --check` shows the diff. A region `fix` cannot regenerate (markers that do not
pair up) is reported too, at the marker, since the page will stay stale until someone looks.
"""

from __future__ import annotations

from collections.abc import Iterator

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.model import Community


def check(community: Community) -> Iterator[Diagnostic]:
    from sigcheck.generate.sig_pages import plan_pages

    for plan in plan_pages(community, verify=False):
        if plan.kept:
            continue  # partial metadata that would lose what the region shows: M003 says why
        if plan.problem is not None and plan.line is not None:
            yield make(
                "T008",
                plan.path,
                plan.line,
                1,
                f"the sig-info region cannot be regenerated: {plan.problem}",
                "region",
            )
        elif plan.changed:
            yield make(
                "T008",
                plan.path,
                plan.begin_line,
                1,
                f"the sig-info region differs from sig-info.yaml: {plan.summary}; "
                "run `sigcheck fix`",
                "region",
            )
