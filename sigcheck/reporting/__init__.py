"""Formatters: diagnostics to text, JSON, GitHub annotations, Markdown or SARIF (SPEC §5).

One module per format beside this one; `render` picks one. `root` lets the formats that need a
file and a line for every finding (annotations, SARIF) place a folder's finding at its README.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sigcheck.diagnostics import Diagnostic, Severity, fingerprint
from sigcheck.reporting.github import as_github
from sigcheck.reporting.markdown import as_markdown, count, link_base
from sigcheck.reporting.places import from_cwd, place

__all__ = [
    "as_github",
    "as_json",
    "as_markdown",
    "as_sarif",
    "as_text",
    "link_base",
    "render",
    "summary",
    "totals",
]


def summary(diagnostics: Sequence[Diagnostic], files: int) -> dict[str, int]:
    counts = {severity: 0 for severity in Severity}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    return {
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "files": files,
    }


def totals(counts: dict[str, int]) -> str:
    """The line every format ends with on stderr (SPEC §4): `2 errors, 1 warning, 0 infos in
    6 files`, singular where it is one; `counts` as `summary` gives them."""
    return (
        f"{count(counts['errors'], 'errors')}, {count(counts['warnings'], 'warnings')}, "
        f"{count(counts['infos'], 'infos')} in {count(counts['files'], 'files')}"
    )


def as_text(
    diagnostics: Sequence[Diagnostic], root: Path | None = None, cwd: Path | None = None
) -> str:
    """One clickable line per finding; paths relative to `cwd` when given (SPEC §4)."""
    show = from_cwd(root, cwd) if root is not None and cwd is not None else None
    return "".join(
        f"{place(d, show(d.path) if show else None)}: {d.code} {d.severity.value} {d.message}\n"
        for d in diagnostics
    )


def as_json(
    diagnostics: Sequence[Diagnostic], files: int, older: Sequence[Diagnostic] | None = None
) -> str:
    """`older`: with `--new-since`, `--pre-commit` or a baseline, the findings not shown
    (counted in the summary as `older`)."""
    document = {
        "version": 1,
        "diagnostics": [
            {
                "code": d.code,
                "severity": d.severity.value,
                "path": d.path,
                "line": d.line,
                "column": d.column if d.line is not None else None,
                "message": d.message,
                "fingerprint": fingerprint(d),
            }
            for d in diagnostics
        ],
        "summary": summary(diagnostics, files),
    }
    if older is not None:
        document["summary"]["older"] = len(older)  # type: ignore[index]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_sarif(
    diagnostics: Sequence[Diagnostic],
    root: Path | None = None,
    older: Sequence[Diagnostic] | None = None,
) -> str:
    """Imported on demand: only SARIF needs the rule texts."""
    from sigcheck.reporting.sarif import as_sarif as sarif

    return sarif(diagnostics, root, older)


def render(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    files: int,
    root: Path | None = None,
    notes: Sequence[str] = (),
    cwd: Path | None = None,
    older: Sequence[Diagnostic] | None = None,
    ending: str | None = None,
    base: str | None = None,
) -> str:
    """`notes`: plain lines the Markdown report puts first (the online summary); `cwd`: the
    folder text output names paths from (the other formats stay relative to the root).
    `older`: the findings a judged run (`--new-since`, `--pre-commit`, a baseline) does not
    show, but counts (SARIF carries them as `unchanged`); `ending`: the sentence that counts
    them. `base`: where the Markdown report links files (default: `link_base()`)."""
    if fmt == "json":
        return as_json(diagnostics, files, older)
    if fmt == "github":
        return as_github(diagnostics, root)
    if fmt == "sarif":
        return as_sarif(diagnostics, root, older)
    if fmt == "markdown":
        where = base if base is not None else link_base()
        return as_markdown(diagnostics, files, where, notes=notes, ending=ending)
    return as_text(diagnostics, root, cwd) + (f"{ending}\n" if ending else "")
