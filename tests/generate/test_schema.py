"""`sigcheck schema`: the JSON Schema of sig-info.yaml, for editors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sigcheck.model import SigMetadata
from tests.generate.conftest import EXAMPLE, sigcheck

EMPTY = {"$ref": "#/$defs/Empty"}


def real_keys(model: dict[str, object]) -> set[str]:
    """The model's keys, without the near misses the schema refuses (`not: {}`)."""
    properties = model["properties"]
    assert isinstance(properties, dict)
    return {k for k, v in properties.items() if v.get("not") != {}}


def test_schema_is_draft_2020_12_with_descriptions() -> None:
    result = sigcheck("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:sigcheck:schema:sig-info"
    assert schema["required"] == ["name"]
    assert real_keys(schema) == set(SigMetadata.model_fields)
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
    for model in ("Person", "Repository"):
        assert schema["$defs"][model]["description"]
        for name, prop in schema["$defs"][model]["properties"].items():
            assert prop.get("description"), f"{model}.{name}"
    assert schema["properties"]["status"]["enum"] == ["active", "archived"]
    assert schema["additionalProperties"] is True  # unknown keys are kept


def test_schema_accepts_what_the_model_accepts() -> None:
    schema = json.loads(sigcheck("schema").stdout)
    props = schema["properties"]
    # `mentors:` left empty (null) and `leads: handle` (one string) load fine
    assert EMPTY in props["mentors"]["anyOf"]
    assert {"type": "string"} in props["leads"]["anyOf"]
    repo = schema["$defs"]["Repository"]["properties"]["repo"]["anyOf"]
    assert any(v.get("type") == "string" and v["pattern"] == "^[^/\\s]+/[^/\\s]+$" for v in repo)
    assert schema["$defs"]["Person"]["anyOf"] == [
        {"required": ["gitee_id"]},
        {"required": ["name"]},
    ]
    SigMetadata.model_validate({"name": "x", "mentors": None, "leads": "someone"})


def test_schema_needs_no_repository_and_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "sig-info.schema.json"
    result = sigcheck(
        "schema", "--output", str(target), "--id", "https://example.org/s.json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["$id"] == "https://example.org/s.json"
    assert sigcheck("schema", "--root", ".").returncode == 2  # no common options here


# --- the schema in a validator, as an editor applies it ----------------------------------------

PERSON = "maintainers:\n  - gitee_id: {gitee_id}\n    email: {email}\n"

VALID = {
    "placeholders": "name: Data\nmaintainers:\n  - gitee_id: NA\n    email: TO_BE_CLARIFIED\n"
    "  - gitee_id: ''\n    name: 孙增国\n    email: 待补充\n  - gitee_id: xxxx\n    email: n/a\n",
    "empty values": "name: Data\nmentors:\nmature_level:\nmeeting_url:\nleads: zx_qh\n",
    "unknown keys kept": "name: Data\nx-custom: 1\nmaintainers:\n  - gitee_id: a-b_c\n"
    "    atomgit_id: henryze\n    wechat: someone\n",
    "repositories": "name: Data\nrepositories:\n  - repo: [mindspore/mindspore, mindspore/docs]\n"
    "    repo_admin:\n      - gitee_id: zx_qh\n  - repo: mindspore/akg\n",
}

# (file, code `check` reports for it): an editor must flag each of them too
INVALID = {
    "handle starting with a digit": (
        "name: Data\n" + PERSON.format(gitee_id="1abc", email="a@b.io"),
        "P001",
    ),
    "handle with a space": (
        "name: Data\n" + PERSON.format(gitee_id="'zh qh'", email="a@b.io"),
        "P001",
    ),
    "malformed email": ("name: Data\n" + PERSON.format(gitee_id="zx_qh", email="zx_qh@"), "P005"),
    "slash in name": ("name: mslite/\n", "M006"),
    "spaces around name": ("name: ' Data'\n", "M006"),
    "misspelt top-level key": ("name: Data\nmaintainer:\n  - gitee_id: zx_qh\n", "M004"),
    "misspelt person key": (
        "name: Data\nmaintainers:\n  - gitee_id: zx_qh\n    orgnization: Huawei\n",
        "M004",
    ),
    "misspelt repository key": (
        "name: Data\nrepositories:\n  - repo: [mindspore/akg]\n    repo-admin:\n"
        "      - gitee_id: zx_qh\n",
        "M004",
    ),
    "person without id or name": ("name: Data\nmaintainers:\n  - email: a@b.io\n", "M003"),
    "no name": ("description: x\n", "M003"),
}
# M008 (a repository that is not owner/name) is in the schema; `check` gains it separately
SCHEMA_ONLY = {
    "repository without owner": "name: Data\nrepositories:\n  - repo: mindspore\n",
    "repository with a path": "name: Data\nrepositories:\n  - repo: [mindspore/a/b]\n",
}


def _check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.fail("check-jsonschema is not installed (it is in the test extras)")
    return subprocess.run(
        [executable, "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("schema") / "sig-info.schema.json"
    assert sigcheck("schema", "--output", str(target)).returncode == 0
    return target


BROKEN_ON_PURPOSE = "edge_training"
"""The example's unlisted SIG whose maintainer has neither id nor name (M003 in `check`)."""


def test_the_examples_files_are_valid(schema_file: Path) -> None:
    files = sorted(EXAMPLE.glob("sigs/*/sig-info.yaml"))
    good = [f for f in files if f.parent.name != BROKEN_ON_PURPOSE]
    assert len(good) >= 10 and len(good) == len(files) - 1
    result = _check_jsonschema(schema_file, *good)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = _check_jsonschema(schema_file, EXAMPLE / f"sigs/{BROKEN_ON_PURPOSE}/sig-info.yaml")
    assert broken.returncode == 1  # the editor flags what check flags (M003)


@pytest.mark.parametrize("case", sorted(VALID))
def test_placeholders_empty_values_and_unknown_keys_stay_valid(
    case: str, schema_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "sig-info.yaml"
    target.write_text(VALID[case], encoding="utf-8")
    result = _check_jsonschema(schema_file, target)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", sorted(INVALID))
def test_the_editor_flags_what_check_flags(
    case: str, schema_file: Path, tmp_path: Path, make_repo, check
) -> None:
    text, code = INVALID[case]
    root = make_repo({"sigs/data/sig-info.yaml": text})
    assert code in check(root).codes(), f"`check` no longer reports {code}: {case}"
    result = _check_jsonschema(schema_file, root / "sigs" / "data" / "sig-info.yaml")
    assert result.returncode == 1, f"{case}: the schema accepts it\n{result.stdout}"


@pytest.mark.parametrize("case", sorted(SCHEMA_ONLY))
def test_repositories_are_owner_slash_name(case: str, schema_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "sig-info.yaml"
    target.write_text(SCHEMA_ONLY[case], encoding="utf-8")
    assert _check_jsonschema(schema_file, target).returncode == 1


def test_completion_never_offers_null() -> None:
    """yaml-language-server suggests `null` for a `null` type or default; the schema accepts an
    empty value through `$defs/Empty` (a `not`) instead."""
    text = sigcheck("schema").stdout
    schema = json.loads(text)
    assert '"type": "null"' not in text and '"default": null' not in text
    assert schema["properties"]["mature_level"]["examples"] == ["startup", "graduate"]
    assert schema["$defs"]["Empty"]["not"]["type"][0] == "string"


def test_near_misses_are_the_ones_check_reports() -> None:
    from sigcheck.checks.metadata import near_miss

    schema = json.loads(sigcheck("schema").stdout)
    for model, known in (
        (schema, set(SigMetadata.model_fields)),
        (schema["$defs"]["Repository"], {"repo", "repo_admin", "committers", "contributors"}),
    ):
        refused = {k for k, v in model["properties"].items() if v.get("not") == {}}
        assert refused and refused.isdisjoint(known)
        for key in refused:
            assert near_miss(key, frozenset(known)), key


# --- in the editor: yaml-language-server itself --------------------------------------------------

YAML_LS = ("yaml-language-server@1.25.0", "vscode-languageserver-textdocument@1.0.16")


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory, schema_file: Path) -> Callable[..., Any]:
    """Ask yaml-language-server what it completes and flags, as VS Code would show it."""
    from tests.npm_tools import npm_install, unavailable

    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed")
    modules = npm_install(tmp_path_factory.mktemp("yaml-ls"), *YAML_LS)
    probe = Path(__file__).with_name("yaml_ls_probe.js")

    def ask(cases: dict[str, dict[str, object]]) -> dict[str, list[str]]:
        spec = schema_file.with_name("cases.json")
        spec.write_text(json.dumps(cases), encoding="utf-8")
        result = subprocess.run(
            [str(node), str(probe), str(schema_file), str(spec)],
            env={**os.environ, "NODE_PATH": str(modules)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        answer: dict[str, list[str]] = json.loads(result.stdout)
        return answer

    return ask


def test_the_editor_completes_real_values_and_never_null(editor: Callable[..., Any]) -> None:
    offered = editor(
        {
            "mature_level": {"text": "name: x\nmature_level: ", "complete": True},
            "gitee_id": {"text": "name: x\nmaintainers:\n  - gitee_id: ", "complete": True},
            "keys": {"text": "name: x\n", "complete": True},
        }
    )
    assert offered["mature_level"] == ["startup", "graduate"]
    assert "null" not in offered["gitee_id"]
    assert {"maintainers", "mature_level", "repositories"} <= set(offered["keys"])
    assert not {"maintainer", "mature-level", "repositories-"} & set(offered["keys"])


def test_the_editor_flags_what_check_flags_and_keeps_placeholders(
    editor: Callable[..., Any],
) -> None:
    flagged = editor(
        {
            **{case: {"text": text} for case, (text, _) in INVALID.items()},
            **{case: {"text": text} for case, text in VALID.items()},
        }
    )
    for case, (_, code) in INVALID.items():
        assert flagged[case], f"{case}: the editor shows nothing"
        if code in ("P001", "P005", "M006"):
            assert any(message.split(":", 1)[1].startswith(code) for message in flagged[case])
    for case in VALID:
        assert flagged[case] == [], case
    assert any("write `repo_admin`" in m for m in flagged["misspelt repository key"])
