"""The JSON Schema (draft 2020-12) of `sig-info.yaml`, for editors (yaml-language-server) and
validators (check-jsonschema).

It is generated from the pydantic model, so a key added to the model is in the schema, and then
post-processed so that an editor flags what `check` flags in a single file, no less:
- handles (`gitee_id` and every other `*_id` of a person) and emails get the patterns of the
  checks (P001, P005), with placeholders (`NA`, `TO_BE_CLARIFIED`, '' ...) still valid: those
  are M007 warnings, not errors, so the editor must not reject them;
- `name` has no surrounding spaces and no slash (M006); a repository is `owner/name` (M008);
- a near miss of a known key (`repo-admin`, `maintainer`, `eamil`, M004) is refused by name. JSON
  Schema has no "looks like" test, so the near misses are listed: the spelling variants that
  `check`'s own matcher maps to a key, and the misspellings seen in real files. Any other
  unknown key stays valid, because `check` keeps unknown keys (SPEC §3);
- what the model accepts beyond its annotations is widened (an empty list written as `key:`,
  one string for a list of texts), and an empty value is accepted without offering `null` in
  completion: no `null` default, and emptiness written as `not` of every other type, which
  editors do not turn into a suggestion.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sigcheck import __version__
from sigcheck.identity import EMAIL_RE, HANDLE_RE
from sigcheck.model import SigMetadata
from sigcheck.placeholders import DEFAULT_NONE_VALUES, DEFAULT_PLACEHOLDERS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_ID = "urn:sigcheck:schema:sig-info"

_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "SigMetadata": {
        "description": "What the SIG works on (Chinese in MindSpore); the zh domain cell "
        "falls back to it when `domain` is missing.",
        "description_en": "What the SIG works on, in English; the en domain cell falls back "
        "to it when `domain_en` is missing.",
        "created_on": "Date the SIG was founded, `YYYY-MM-DD`.",
        "mailing_list": "The SIG's mailing list address.",
        "meeting_url": "Where the SIG meets.",
        "mature_level": "openEuler's lifecycle stage of the SIG, e.g. `startup` (a new SIG) "
        "or `graduate`.",
        "mentors": "The SIG's mentors.",
        "maintainers": "The SIG's maintainers; the leads cell shows them unless `leads` "
        "says otherwise.",
        "committers": "People who may merge into every repository of the SIG.",
        "security_contacts": "Who receives the SIG's security reports.",
        "repositories": "Repositories the SIG owns, with the people who look after them.",
    },
    "Repository": {
        "repo_admin": "Administrators of these repositories.",
        "committers": "Committers of these repositories.",
        "contributors": "Contributors to these repositories, listed for recognition.",
    },
    "Person": {
        "display": "The link text the tables show when it differs from the handle.",
        "name_en": "The name the en table shows for someone without a handle.",
        "organization_en": "The affiliation the en table shows for someone without a handle.",
        "atomgit_id": "AtomGit account: letters, digits, `_`, `-`.",
        "openeuler_id": "openEuler account: letters, digits, `_`, `-`.",
    },
}
_MODEL_DESCRIPTIONS = {
    "Person": "A person: a Gitee handle, or a name (and organization) for someone without one.",
    "Repository": "A group of repositories and the people who look after them.",
}
_EXAMPLES = {("SigMetadata", "mature_level"): ["startup", "graduate"]}
_TEXTS_FIELDS = {"SigMetadata": ("leads", "leads_en"), "Repository": ("repo",)}
"""Lists of texts that the model also accepts as one string."""
_SEEN_MISSPELLINGS = ("orgainzation", "orgnization", "organisation", "eamil", "emial")
"""Misspelt keys found in real openEuler and MindSpore files."""

EMPTY = "Empty"
_NOT_EMPTY_TYPES = ["string", "number", "integer", "boolean", "array", "object"]


def _ci(text: str) -> str:
    """`text` as a case-insensitive ECMA-262 pattern (JSON Schema patterns have no flags)."""
    out = []
    for char in text:
        if char.isalpha() and char.lower() != char.upper():
            out.append(f"[{char.upper()}{char.lower()}]")
        elif char in "\\^$.|?*+()[]{}/":
            out.append("\\" + char)
        else:  # `\-` is not a valid escape outside a class in ECMA-262's unicode mode
            out.append(char)
    return "".join(out)


def placeholder_pattern() -> str:
    """The default placeholders of both kinds, trimmed, any case; `xxx…`; the empty string."""
    words = "|".join(_ci(word) for word in (*DEFAULT_PLACEHOLDERS, *DEFAULT_NONE_VALUES))
    return rf"\s*(?:{words}|[Xx]{{3,}})?\s*"


def _bare(regex: re.Pattern[str]) -> str:
    return regex.pattern.removeprefix("^").removesuffix("$")


def _or_placeholder(pattern: str) -> str:
    return f"^(?:{pattern}|{placeholder_pattern()})$"


HANDLE_PATTERN = _or_placeholder(_bare(HANDLE_RE))
EMAIL_PATTERN = _or_placeholder(_bare(EMAIL_RE))
NAME_PATTERN = r"^(?:[^\s/\\](?:[^/\\]*[^\s/\\])?)?$"
"""No surrounding spaces, no slash (M006); empty is a placeholder (M007), not M006."""
REPO_PATTERN = r"^[^/\s]+/[^/\s]+$"

_OR_PLACEHOLDER = " (or a placeholder such as `NA` until it is known)"
_HANDLE_MESSAGE = (
    "P001: not a valid handle: letters, digits, `_`, `-`, starting with a letter" + _OR_PLACEHOLDER
)
_EMAIL_MESSAGE = "P005: not a valid email address" + _OR_PLACEHOLDER
_NAME_MESSAGE = "M006: `name` has surrounding spaces or a slash"
_REPO_MESSAGE = "M008: a repository is `owner/name`"


def _near_misses(known: list[str]) -> dict[str, str]:
    """Spellings that `check` reports as M004, with the key each was meant to be."""
    from sigcheck.checks.metadata import near_miss

    known_set = frozenset(known)
    candidates: set[str] = set(_SEEN_MISSPELLINGS)
    for key in known:
        candidates |= {key.replace("_", "-"), key.replace("_", "")}
        if key.endswith("ies"):
            candidates.add(key.removesuffix("ies") + "y")
        elif key.endswith("s") and not key.endswith(("ss", "us")):
            candidates.add(key.removesuffix("s"))
        elif not key.endswith("s"):
            candidates.add(key + "s")
    misses = {}
    for candidate in sorted(candidates - known_set):
        meant = near_miss(candidate, known_set)
        if meant:
            misses[candidate] = meant
    return misses


def _refuse_near_misses(model: dict[str, Any]) -> None:
    properties = model["properties"]
    for wrong, meant in _near_misses(list(properties)).items():
        message = f"Misspelt key: `{wrong}` is read as an unknown key; write `{meant}`."
        properties[wrong] = {
            "not": {},
            "description": message,
            "deprecationMessage": message,
            "doNotSuggest": True,
        }


def _is_list_of_models(prop: dict[str, Any]) -> bool:
    variants = prop.get("anyOf") or [prop]
    return any(v.get("type") == "array" and "$ref" in v.get("items", {}) for v in variants)


def _widen_list(prop: dict[str, Any], scalar: bool) -> None:
    """A list the model also accepts as empty (`key:`) and, for texts, as one string."""
    keep: dict[str, Any] = {k: prop.pop(k) for k in ("description", "title") if k in prop}
    prop.pop("default", None)
    variants = prop.pop("anyOf", None) or [dict(prop)]
    prop.clear()
    options: list[dict[str, Any]] = [v for v in variants if v.get("type") == "array"]
    if scalar:
        options.append({"type": "string"})
    options.append({"$ref": f"#/$defs/{EMPTY}"})
    prop["anyOf"] = options
    prop.update(keep)


def _empty_not_null(node: Any) -> None:
    """Everywhere: `{"type": "null"}` becomes the Empty definition, `default: null` goes."""
    if isinstance(node, dict):
        if node.get("default", 0) is None:
            del node["default"]
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                node[key] = [
                    {"$ref": f"#/$defs/{EMPTY}"} if v == {"type": "null"} else v for v in node[key]
                ]
        for value in node.values():
            _empty_not_null(value)
    elif isinstance(node, list):
        for value in node:
            _empty_not_null(value)


def _with_pattern(prop: dict[str, Any], pattern: str, message: str) -> None:
    """`patternErrorMessage` is what VS Code and yaml-language-server show instead of the
    regular expression; validators ignore it."""
    for variant in prop.get("anyOf") or [prop]:
        if variant.get("type") == "string":
            variant["pattern"] = pattern
            variant["patternErrorMessage"] = message


def build_schema(schema_id: str = DEFAULT_ID) -> dict[str, Any]:
    body = SigMetadata.model_json_schema()
    models: dict[str, dict[str, Any]] = {"SigMetadata": body, **body.get("$defs", {})}
    for model, described in _DESCRIPTIONS.items():
        for name, text in described.items():
            if name in models[model]["properties"]:
                models[model]["properties"][name].setdefault("description", text)
    for model, text in _MODEL_DESCRIPTIONS.items():
        models[model].setdefault("description", text)
    for (model, name), examples in _EXAMPLES.items():
        models[model]["properties"][name]["examples"] = examples
    for model in ("SigMetadata", "Repository"):
        for prop in models[model]["properties"].values():
            if _is_list_of_models(prop):
                _widen_list(prop, scalar=False)
    for model, names in _TEXTS_FIELDS.items():
        for name in names:
            _widen_list(models[model]["properties"][name], scalar=True)
    person = models["Person"]
    person["anyOf"] = [{"required": ["gitee_id"]}, {"required": ["name"]}]
    for name, prop in person["properties"].items():
        if name.endswith("_id"):
            _with_pattern(prop, HANDLE_PATTERN, _HANDLE_MESSAGE)
        elif name == "email":
            _with_pattern(prop, EMAIL_PATTERN, _EMAIL_MESSAGE)
    _with_pattern(body["properties"]["name"], NAME_PATTERN, _NAME_MESSAGE)
    repo = models["Repository"]["properties"]["repo"]
    for variant in repo["anyOf"]:
        if variant.get("type") == "array":
            _with_pattern(variant["items"], REPO_PATTERN, _REPO_MESSAGE)
        elif variant.get("type") == "string":
            _with_pattern(variant, REPO_PATTERN, _REPO_MESSAGE)
    _empty_not_null(body)
    body.setdefault("$defs", {})[EMPTY] = {
        "description": "Left empty (`key:` with no value): the same as leaving the key out.",
        "not": {"type": _NOT_EMPTY_TYPES},
    }
    for definition in models.values():
        _refuse_near_misses(definition)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id,
        "title": "sig-info.yaml",
        "$comment": f"Generated by sigcheck {__version__} (`sigcheck schema`).",
    }
    schema.update({key: value for key, value in body.items() if key != "title"})
    return schema


def schema_text(schema_id: str = DEFAULT_ID) -> str:
    return json.dumps(build_schema(schema_id), indent=2, ensure_ascii=False) + "\n"
