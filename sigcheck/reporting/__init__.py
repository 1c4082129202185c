"""Formatters: diagnostics to text, JSON, GitHub annotations or SARIF (SPEC §5)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sigcheck import __version__
from sigcheck.diagnostics import CODES, Diagnostic, Severity


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


def _place(d: Diagnostic) -> str:
    if d.line is None:
        return d.path
    return f"{d.path}:{d.line}:{d.column or 1}"


def as_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{_place(d)}: {d.code} {d.severity.value} {d.message}\n" for d in diagnostics)


def as_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
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
            }
            for d in diagnostics
        ],
        "summary": summary(diagnostics, files),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_github(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        props = [f"file={_escape_github(d.path, True)}"]
        if d.line is not None:
            props += [f"line={d.line}", f"col={d.column or 1}"]
        props.append(f"title={_escape_github(d.code, True)}")
        lines.append(
            f"::{command[d.severity]} {','.join(props)}::{_escape_github(f'{d.code} {d.message}')}\n"
        )
    return "".join(lines)


def as_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    used = sorted({d.code for d in diagnostics})
    rules = [
        {
            "id": code,
            "shortDescription": {"text": CODES[code].summary},
            "defaultConfiguration": {"level": level[CODES[code].severity]},
        }
        for code in used
    ]
    results = []
    for d in diagnostics:
        location: dict[str, object] = {"artifactLocation": {"uri": d.path}}
        if d.line is not None:
            location["region"] = {"startLine": d.line, "startColumn": d.column or 1}
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": used.index(d.code),
                "level": level[d.severity],
                "message": {"text": d.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "sigcheck", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_markdown(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """The report for a CI job summary (`$GITHUB_STEP_SUMMARY`): counts, then a table."""
    counts = summary(diagnostics, files)
    lines = [
        "## sigcheck",
        "",
        f"{counts['errors']} errors, {counts['warnings']} warnings, {counts['infos']} infos "
        f"in {files} files.",
        "",
    ]
    if diagnostics:
        lines += ["| place | code | severity | message |", "| --- | --- | --- | --- |"]
        for d in diagnostics:
            message = d.message.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{_place(d)}` | {d.code} | {d.severity.value} | {message} |")
    return "\n".join(lines) + "\n"


def render(diagnostics: Sequence[Diagnostic], fmt: str, files: int) -> str:
    if fmt == "json":
        return as_json(diagnostics, files)
    if fmt == "github":
        return as_github(diagnostics)
    if fmt == "sarif":
        return as_sarif(diagnostics)
    return as_text(diagnostics)
