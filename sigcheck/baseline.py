"""The baseline file `.sigcheck-baseline.json`: findings a community accepted for now (SPEC §5).

A CI without history (no base revision to compare with) still judges a change on what it adds:
`sigcheck baseline` writes today's findings, `check` leaves out what the file lists and reports
each entry that matches nothing any more (B001), so the file shrinks as the debt is paid.

The file is meant to be reviewed in a diff: sorted, one finding a line, the same bytes for the
same findings. Entries match findings by fingerprint (code, path, subject: never the line or
the wording), as a multiset.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sigcheck.diagnostics import CODES, Diagnostic, fingerprint, make, match_fingerprints

BASELINE_FILE = ".sigcheck-baseline.json"
MAX_BASELINE_BYTES = 32 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file exists but cannot be used (exit 2: a check must not silently report
    everything, nor nothing)."""


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    path: str
    fingerprint: str
    message: str
    line: int
    """Where the entry is in the file (for B001)."""


def render(diagnostics: Sequence[Diagnostic]) -> bytes:
    """The file for `diagnostics`: sorted by path, code, fingerprint and message, one a line."""
    rows = sorted(
        {
            (d.path, d.code, fingerprint(d), d.message, i)
            for i, d in enumerate(diagnostics)  # `i`: two copies of one finding stay two
        }
    )
    lines = [
        json.dumps(
            {"code": code, "path": path, "fingerprint": key, "message": message},
            ensure_ascii=False,
        )
        for path, code, key, message, _ in sorted(rows, key=lambda r: r[:4])
    ]
    body = ",\n".join(lines)
    return ('{"version": 1, "findings": [\n' + body + ("\n" if lines else "") + "]}\n").encode()


def read(root: Path) -> list[Entry] | None:
    """The entries of the root's baseline file; None when there is none."""
    from sigcheck.files import ReadProblem, read_file

    data = read_file(root / BASELINE_FILE, MAX_BASELINE_BYTES, root)
    if isinstance(data, ReadProblem):
        if data.missing:
            return None
        raise BaselineError(f"{BASELINE_FILE}: {data.message}")
    try:
        text = data.decode("utf-8")
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BaselineError(
            f"{BASELINE_FILE}: not valid JSON ({exc}); rewrite it with `sigcheck baseline`"
        ) from None
    findings = document.get("findings") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("version") != 1
        or not isinstance(findings, list)
    ):
        raise BaselineError(
            f'{BASELINE_FILE}: expected {{"version": 1, "findings": [...]}}; rewrite it with '
            "`sigcheck baseline`"
        )
    lines = _lines_of_entries(text)
    entries: list[Entry] = []
    for index, item in enumerate(findings):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) for key in ("code", "path", "fingerprint")
        ):
            raise BaselineError(
                f"{BASELINE_FILE}: finding {index + 1} lacks `code`, `path` or `fingerprint`"
            )
        line = lines[index] if index < len(lines) else 1
        message = item.get("message")
        entries.append(
            Entry(
                item["code"],
                item["path"],
                item["fingerprint"],
                message if isinstance(message, str) else "",
                line,
            )
        )
    return entries


def _lines_of_entries(text: str) -> list[int]:
    """The line of each entry, for a file as `render` writes it (one finding a line)."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.lstrip().startswith('{"code"')
    ]


def apply(
    shown: Sequence[Diagnostic], every: Sequence[Diagnostic], entries: Sequence[Entry]
) -> tuple[list[Diagnostic], list[Diagnostic], list[Diagnostic]]:
    """(new, listed, stale): the findings of `shown` the baseline does not list, those it
    lists, and a B001 for each entry that matches none of `every` (all the run's findings,
    before `--select` and paths narrowed them: an entry is stale only when the tree no
    longer has it)."""
    available = Counter(entry.fingerprint for entry in entries)
    for diagnostic in every:
        key = fingerprint(diagnostic)
        if available[key] > 0:
            available[key] -= 1
    stale: list[Diagnostic] = []
    for entry in reversed(entries):  # the last copies of an entry are the stale ones
        if available[entry.fingerprint] > 0:
            available[entry.fingerprint] -= 1
            code = entry.code if entry.code in CODES else "?"
            stale.append(
                make(
                    "B001",
                    BASELINE_FILE,
                    entry.line,
                    1,
                    f"{code} at {entry.path} is listed but no longer found"
                    + (f" ({entry.message})" if entry.message else "")
                    + ": run `sigcheck baseline` to drop it",
                    entry.fingerprint,
                )
            )
    new, listed = match_fingerprints(shown, Counter(entry.fingerprint for entry in entries))
    return new, listed, sorted(stale, key=Diagnostic.sort_key)
