"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

What GitHub's ingestion and the SARIF Multitool's GitHub rules ask for, and why it is here:
- every rule with `fullDescription` and `help` (text and Markdown), from `sigcheck/rules.py`,
  the same text as `sigcheck rule CODE`;
- every result with a region: a finding about a folder or a whole file is placed at line 1 of
  the folder's README (see `places.anchor`);
- URIs relative to `%SRCROOT%` and percent-encoded (folder names with spaces or Chinese);
- `partialFingerprints` that do not depend on line numbers, so an alert survives an edit above
  it and is not re-opened on every push: `diagnostics.fingerprint` (code, path, subject; the
  value `--new-since` and the baseline match on), then `:n` for the n-th copy of it;
- with `--new-since`, `--pre-commit` or a baseline, every finding, each with `baselineState`
  `new` or `unchanged` (code scanning compares a pull request with its base itself).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sigcheck import __version__
from sigcheck.diagnostics import CODES, Diagnostic, Severity, fingerprint
from sigcheck.reporting.places import anchor, uri
from sigcheck.rules import PROJECT_URL, RULES

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "sigcheckFinding/v1"
_FAMILY = {
    "T": "tables",
    "D": "folders",
    "M": "metadata",
    "P": "people",
    "L": "links",
    "F": "files",
    "B": "baseline",
}


def _friendly_name(summary: str) -> str:
    """`link points to a missing file` -> `LinkPointsToAMissingFile`: SARIF's rule `name`."""
    words = re.findall(r"[A-Za-z0-9]+", summary.split(",")[0].split("(")[0])
    return "".join(word[0].upper() + word[1:] for word in words[:8])


def _rule(code: str) -> dict[str, Any]:
    info, rule = CODES[code], RULES[code]
    tags = ["sigcheck", _FAMILY.get(code[0], "other")]
    if info.online:
        tags.append("online")
    return {
        "id": code,
        "name": _friendly_name(info.summary),
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": rule.full_description()},
        "help": {"text": rule.as_text(), "markdown": rule.as_markdown()},
        **({"helpUri": rule.help_uri} if rule.help_uri else {}),
        "defaultConfiguration": {"level": LEVEL[info.severity]},
        "properties": {"tags": tags, "precision": "very-high"},
    }


def _message(text: str) -> str:
    """SARIF viewers show messages as sentences."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """The finding's fingerprint plus the how-many-th such finding: no line numbers."""
    seen: Counter[str] = Counter()
    prints = []
    for d in diagnostics:
        digest = fingerprint(d)
        seen[digest] += 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def build_sarif(
    diagnostics: Sequence[Diagnostic],
    root: Path | None = None,
    older: Sequence[Diagnostic] | None = None,
) -> dict[str, Any]:
    """`older`: the findings the base revision or the baseline has too; given, every result
    says whether it is `new` or `unchanged`."""
    codes = list(CODES)
    states = {id(d): "new" for d in diagnostics}
    if older is not None:
        states.update((id(d), "unchanged") for d in older)
        diagnostics = sorted([*diagnostics, *older], key=Diagnostic.sort_key)
    results = []
    for d, print_ in zip(diagnostics, _fingerprints(diagnostics), strict=True):
        path, line, column = anchor(d, root)
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": codes.index(d.code),
                "level": LEVEL[d.severity],
                "message": {"text": _message(d.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(path), "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": line, "startColumn": column},
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT: print_},
            }
        )
        if older is not None:
            results[-1]["baselineState"] = states[id(d)]
    base: dict[str, Any] = {"description": {"text": "The root of the checked repository."}}
    if root is not None:
        base["uri"] = root.resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sigcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **({"informationUri": PROJECT_URL} if PROJECT_URL else {}),
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": base},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def as_sarif(
    diagnostics: Sequence[Diagnostic],
    root: Path | None = None,
    older: Sequence[Diagnostic] | None = None,
) -> str:
    document = build_sarif(diagnostics, root, older)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_sarif(
    target: str,
    diagnostics: Sequence[Diagnostic],
    root: Path,
    older: Sequence[Diagnostic] | None = None,
) -> str | None:
    """`check --sarif FILE`: SARIF beside the main report, so one CI run gives annotations,
    summary and SARIF. Written atomically; returns why it could not be written, or None."""
    from sigcheck.generate.writer import WriteError, atomic_write

    try:
        atomic_write(Path(target), as_sarif(diagnostics, root, older).encode("utf-8"))
    except (WriteError, OSError) as exc:
        return str(exc)
    return None
