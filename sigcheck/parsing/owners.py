"""`OWNERS` (openEuler): a YAML mapping whose `maintainers` is a list of account ids.

Parsed from the loader's `LoadedYaml` (the one reading door), so positions are exact.
"""

from __future__ import annotations

from sigcheck.diagnostics import make
from sigcheck.model import OwnersFile
from sigcheck.parsing.yaml_meta import LoadedYaml


def owners_from(path: str, loaded: LoadedYaml) -> OwnersFile:
    result = OwnersFile(path)
    if loaded.problem:
        problem = loaded.problem
        result.problems.append(
            make("M002", path, problem.line, problem.column, problem.message, "")
        )
        return result
    data = loaded.data
    if data is None:
        return result
    maintainers = data.get("maintainers") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(maintainers, list | None):
        line, column = loaded.value_positions.get(("maintainers",), (1, 1))
        message = "OWNERS must be a mapping whose `maintainers` is a list of account ids"
        result.problems.append(make("M003", path, line, column, message, "maintainers"))
        return result
    for index, value in enumerate(maintainers or []):
        line, column = loaded.value_positions.get(("maintainers", index), (1, 1))
        if isinstance(value, str | int) and not isinstance(value, bool):
            result.maintainers.append((str(value), (line, column)))
        else:
            message = f"maintainers.{index}: an account id (text) belongs here"
            result.problems.append(
                make("M003", path, line, column, message, f"maintainers={value!r}")
            )
    return result
