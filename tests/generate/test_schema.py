"""`sigcheck schema`: the JSON Schema of sig-info.yaml, for editors."""

from __future__ import annotations

import json
from pathlib import Path

from sigcheck.model import SigMetadata
from tests.generate.conftest import sigcheck


def test_schema_is_draft_2020_12_with_descriptions() -> None:
    result = sigcheck("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:sigcheck:schema:sig-info"
    assert schema["required"] == ["name"]
    assert set(schema["properties"]) == set(SigMetadata.model_fields)
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
    assert {"type": "null"} in props["mentors"]["anyOf"]
    assert {"type": "string"} in props["leads"]["anyOf"]
    assert {"type": "string"} in schema["$defs"]["Repository"]["properties"]["repo"]["anyOf"]
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
