"""The Markdown report: GitHub's job summary, and `--format markdown` for a pull-request comment
on Gitee or Jenkins.

Counts per code come first (errors, then warnings, then infos), because GitHub shows only ten
annotations of a kind and a maintainer wants the shape of the problem before its details. Then
every finding, grouped by code, linked to its file and line: on GitHub Actions to the commit
being checked (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/path#Lline`), elsewhere
by a path relative to the repository root. GitHub refuses a summary over 1 MiB, so the report
stops before that with a plain note.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence

from sigcheck.diagnostics import CODES, Diagnostic, Severity
from sigcheck.reporting.places import place, uri

LIMIT = 1024 * 1024 - 64 * 1024
"""Bytes: GitHub's 1 MiB per step summary, less room for what other steps append."""

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}


def link_base(environ: Mapping[str, str] | None = None) -> str | None:
    """`https://github.com/owner/repo/blob/sha/` on GitHub Actions, else None (relative)."""
    env = os.environ if environ is None else environ
    server, repository, sha = (
        env.get(name, "").strip()
        for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    if not (server and repository and sha):
        return None
    return f"{server.rstrip('/')}/{repository}/blob/{sha}/"


def _text(value: str) -> str:
    """Plain text inside Markdown: no HTML, no line break, no accidental link."""
    return (
        value.replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def _link(diagnostic: Diagnostic, base: str | None) -> str:
    target = uri(diagnostic.path)
    if diagnostic.line is not None:
        target += f"#L{diagnostic.line}"
    return f"[{_text(place(diagnostic))}]({base or ''}{target})"


def count(n: int, word: str) -> str:
    """`2 errors`, `1 error`: `word` is the plural, and loses its `s` when `n` is one."""
    return f"{n} {word}" if n != 1 else f"1 {word.removesuffix('s')}"


def as_markdown(
    diagnostics: Sequence[Diagnostic],
    files: int,
    base: str | None = None,
    limit: int = LIMIT,
    notes: Sequence[str] = (),
    ending: str | None = None,
) -> str:
    """`notes` come first, plainly (the online summary: a network that was down is the first
    thing a reader must know, before counts that it made smaller). `ending`: with
    `--new-since`, `--pre-commit` or a baseline, the sentence that counts the older findings
    the report does not list (said after the counts of the new ones)."""
    by_severity = Counter(d.severity for d in diagnostics)
    head = ", ".join(count(by_severity[s], _PLURAL[s]) for s in Severity)
    lines = ["## sigcheck", ""]
    for note in notes:
        lines += [f"> {_text(note)}", ""]
    new = "New findings: " if ending else ""
    lines += [f"{new}{head} in {count(files, 'files')}.", ""]
    if ending:
        lines += [_text(ending[0].upper() + ending[1:]) + ".", ""]
    per_code = Counter(d.code for d in diagnostics)
    level = {d.code: d.severity for d in diagnostics}  # as the layout or configuration sets it
    codes = sorted(per_code, key=lambda c: (_ORDER[level[c]], -per_code[c], c))
    if codes:
        lines += ["| code | severity | count | finding |", "| --- | --- | ---: | --- |"]
        for code in codes:
            info = CODES[code]
            lines.append(
                f"| {code} | {level[code].value} | {per_code[code]} | {_text(info.summary)} |"
            )
        lines.append("")
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    shown = 0
    body: list[str] = []
    for code in codes:
        group = sorted((d for d in diagnostics if d.code == code), key=Diagnostic.sort_key)
        heading = [f"### {code}: {_text(CODES[code].summary)}", ""]
        entries = [f"- {_link(d, base)} {_text(d.message)}" for d in group]
        for entry in [*heading, *entries, ""]:
            cost = len(entry.encode("utf-8")) + 1
            if size + cost > limit:
                break
            body.append(entry)
            size += cost
            shown += entry.startswith("- ")
        else:
            continue
        break
    lines += body
    if shown < len(diagnostics):
        lines += [
            "",
            f"The report stops here: {len(diagnostics) - shown} more findings are not shown, "
            "because a job summary is limited to 1 MiB. Every finding is in the log, the "
            "annotations and the SARIF file.",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
