"""GitHub Actions workflow commands: one annotation per finding, in ruff's style.

The annotation text repeats the place and the code (`path:line:col: CODE message`), because
GitHub shows only ten annotations of a kind per step and the rest are read in the log, where
the file and line properties are not printed. Values are escaped as the runner expects, so a
folder or a message cannot end the command early or start another one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sigcheck.diagnostics import Diagnostic, Severity
from sigcheck.reporting.places import anchor, place

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """The message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A `key=value` property: also `:` and `,`, which end a property or the properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic, root: Path | None = None) -> str:
    path, line, column = anchor(diagnostic, root)
    props = ",".join(
        (
            f"file={escape_property(path)}",
            f"line={line}",
            f"col={column}",
            f"title={escape_property(diagnostic.code)}",
        )
    )
    text = f"{place(diagnostic)}: {diagnostic.code} {diagnostic.message}"
    return f"::{COMMAND[diagnostic.severity]} {props}::{escape_data(text)}\n"


def as_github(diagnostics: Sequence[Diagnostic], root: Path | None = None) -> str:
    return "".join(annotation(d, root) for d in diagnostics)
