"""`OWNERS`: who leads a SIG, per folder. openEuler's is YAML (`maintainers: [ids]`);
OpenHarmony's is JSON (`{"Leader": [{gitee_id, gitee_email}], "Committers": [...]}`): the
format and the keys are the layout's.

Parsed from the loader's `LoadedYaml` or registry `Document` (the one reading door), so
positions are exact.
"""

from __future__ import annotations

from typing import Any

from sigcheck.diagnostics import make
from sigcheck.model import Location, OwnersFile
from sigcheck.parsing.yaml_meta import LoadedYaml


def owners_from(
    path: str,
    loaded: LoadedYaml,
    leads: tuple[str, ...] = ("maintainers",),
    committers: tuple[str, ...] = (),
    hosts: dict[str, str] | None = None,
) -> OwnersFile:
    result = OwnersFile(path, leads_key=leads[0] if leads else "maintainers")
    if loaded.problem:
        problem = loaded.problem
        result.problems.append(
            make("M002", path, problem.line, problem.column, problem.message, "")
        )
        return result
    positions = {**loaded.key_positions, **loaded.value_positions}
    return owners_of_data(result, loaded.data, positions, leads, committers, hosts or {})


def owners_of_data(
    result: OwnersFile,
    data: Any,
    positions: dict[tuple[str | int, ...], Location],
    leads: tuple[str, ...],
    committers: tuple[str, ...],
    hosts: dict[str, str],
) -> OwnersFile:
    """The ids of the lead and committer keys of parsed `OWNERS` data; M003 for the rest."""
    from sigcheck.parsing.registry import profile_id

    path = result.path
    if data is None:
        return result
    first = leads[0] if leads else "maintainers"
    wrong = not isinstance(data, dict) or any(
        not isinstance(data.get(key), list | None) for key in (*leads, *committers)
    )
    if wrong:
        line, column = positions.get((first,), (1, 1))
        message = f"OWNERS must be a mapping whose `{first}` is a list of account ids"
        result.problems.append(make("M003", path, line, column, message, first))
        return result
    for keys, target in ((leads, result.maintainers), (committers, result.committers)):
        for key in keys:
            for index, value in enumerate(data.get(key) or []):
                line, column = positions.get((key, index), (1, 1))
                if isinstance(value, dict):
                    written = _id_of(value, hosts, profile_id)
                    if written is None:
                        message = f"{key}.{index}: the person has no account id"
                        subject = f"{key}={sorted(map(str, value.values()))!r}"
                        result.problems.append(make("M003", path, line, column, message, subject))
                        continue
                    id_key, text = written
                    line, column = positions.get((key, index, id_key), (line, column))
                    target.append((text, (line, column)))
                elif isinstance(value, str | int) and not isinstance(value, bool):
                    found = profile_id(value, hosts) if hosts else None
                    target.append((found[1] if found else str(value), (line, column)))
                else:
                    message = f"{key}.{index}: an account id (text) belongs here"
                    subject = f"{key}={value!r}"
                    result.problems.append(make("M003", path, line, column, message, subject))
    return result


def _id_of(
    person: dict[Any, Any], hosts: dict[str, str], profile_id: Any
) -> tuple[str, str] | None:
    """(key, id) of the first id a person mapping carries (`gitee_id`, `gitcode_id`); an id
    written as a profile URL is its handle."""
    for key, value in person.items():
        if (
            isinstance(key, str)
            and key.endswith("_id")
            and isinstance(value, str)
            and value.strip()
        ):
            found = profile_id(value, hosts)
            return key, found[1] if found else value
    return None
