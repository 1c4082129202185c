"""Configuration: `.sigcheck.toml` or `[tool.sigcheck]` in `pyproject.toml`.

With no configuration the defaults fit the MindSpore layout (SPEC §3). Unknown keys are an error
(exit 2) so that a typo in a config never silently disables a check.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CONFIG_FILE = ".sigcheck.toml"

DEFAULT_ZH_COLUMNS = ["SIG name", "技术领域", "SIG 负责人"]
DEFAULT_EN_COLUMNS = ["SIG name", "Responsibilities", "SIG Leads"]


class ConfigError(Exception):
    """A configuration problem; the CLI exits 2 with this message."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableConfig(_Strict):
    path: str = Field(description="README holding the table, relative to the root.")
    language: str = Field("zh", description="`zh` or `en`: which domain key and brackets to use.")
    columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ZH_COLUMNS),
        description="Header cells: the name column, the domain column, the leads column.",
    )

    @field_validator("columns")
    @classmethod
    def _three_columns(cls, value: list[str]) -> list[str]:
        if len(value) != 3:
            raise ValueError("columns takes three headers: name, domain, leads")
        return value

    @field_validator("path")
    @classmethod
    def _path_inside(cls, value: str) -> str:
        return _inside_root(value)

    @property
    def is_english(self) -> bool:
        return not self.language.lower().startswith("zh")


class GenerateConfig(_Strict):
    order: Literal["table", "name"] = Field(
        "table", description="`table`: keep the current order, append new SIGs; `name`: sort."
    )
    emails: bool = Field(False, description="Show lead emails in the leads cell.")


class HostConfig(_Strict):
    """Limits for one host (`[online.hosts."docs.example.org"]`), overriding the run's."""

    per_host: int | None = Field(None, ge=1, le=64, description="Requests at once to this host.")
    timeout: float | None = Field(None, gt=0, le=120, description="Seconds per request.")
    retries: int | None = Field(None, ge=0, le=10, description="Retries after a 5xx/timeout.")


def _inside_root(value: str) -> str:
    """A path relative to the repository root that stays inside it: no absolute path, no
    drive, no `..` that climbs out (symlinks that leave are refused where files are read)."""
    import posixpath

    text = value.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":") or "\0" in text:
        raise ValueError(f"`{value}` must be a path relative to the repository root")
    normal = posixpath.normpath(text)
    if normal == ".." or normal.startswith("../"):
        raise ValueError(f"`{value}` leads out of the repository")
    return value


def _file_name(value: str) -> str:
    if not value or "/" in value or "\\" in value or value in (".", ".."):
        raise ValueError(f"`{value}` must be a file name, without a folder")
    return value


def _nested_repeat(pattern: str) -> bool:
    """Whether an unbounded repeat holds, with nothing else required beside it, another
    unbounded repeat or an alternation (`(a+)+`, `(a*b?)*`, `(a|aa)*`): the shapes whose
    backtracking is exponential. `(\\w+\\.)*` is fine: the `.` separates the tries."""
    import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]

    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
    wrappers = {sre_parse.SUBPATTERN, sre_parse.ATOMIC_GROUP}

    def unbounded(high: int) -> bool:
        return bool(high == sre_parse.MAXREPEAT or high > 1000)

    def ambiguous(items: object) -> bool:
        """Only repeats and alternations: nothing fixed that each round must match."""
        found = False
        for op, argument in items:  # type: ignore[attr-defined]
            if op in wrappers:
                if not ambiguous(argument[-1]):
                    return False
                found = True
            elif op is sre_parse.BRANCH or (op in repeats and unbounded(argument[1])):
                found = True
            elif op in repeats and argument[0] == 0:
                continue  # optional: `b?`
            else:
                return False
        return found

    def walk(items: object) -> bool:
        for op, argument in items:  # type: ignore[attr-defined]
            if op in repeats:
                if unbounded(argument[1]) and ambiguous(argument[2]):
                    return True
                if walk(argument[2]):
                    return True
            elif op is sre_parse.BRANCH:
                if any(walk(branch) for branch in argument[1]):
                    return True
            elif op in wrappers:
                if walk(argument[-1]):
                    return True
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and walk(argument[1]):
                return True
        return False

    return walk(sre_parse.parse(pattern))


def _check_regexes(patterns: list[str]) -> list[str]:
    """Refuse a pattern that does not compile (better exit 2 than never match), and one whose
    backtracking can explode (a quantifier inside a quantified group): it would hang the run."""
    import re

    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None
        if _nested_repeat(pattern):
            raise ValueError(
                f"{pattern!r} nests a quantifier or an alternation inside a repeated group, "
                "which can backtrack for hours; write it without (e.g. `(ab)+` not `(a+b?)+`)"
            )
    return patterns


class OnlineConfig(_Strict):
    gitee_api: str = "https://gitee.com/api/v5"
    workers: int = Field(16, ge=1, le=128)
    per_host: int = Field(4, ge=1, le=64)
    timeout: float = Field(10.0, gt=0, le=120)
    retries: int = Field(2, ge=0, le=10)
    backoff: float = Field(
        1.0, ge=0, le=60, description="First retry delay in seconds; doubles, with jitter."
    )
    retry_after_cap: float = Field(30.0, ge=0, le=600)
    deadline: float = Field(300.0, gt=0, le=7200)
    user_agent: str = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0 Safari/537.36 sigcheck"
    )
    exclude: list[str] = Field(default_factory=list, description="Regexes of URLs not checked.")
    accept: dict[str, list[int]] = Field(
        default_factory=dict, description="URL regex -> extra status codes that count as alive."
    )
    hosts: dict[str, HostConfig] = Field(default_factory=dict)
    cache_dir: str = ".sigcheck-cache"
    cache_ttl: float = Field(86400.0, ge=0, description="Seconds a definite answer is reused.")

    @field_validator("exclude")
    @classmethod
    def _exclude_compiles(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)

    @field_validator("cache_dir")
    @classmethod
    def _cache_inside(cls, value: str) -> str:
        return _inside_root(value)

    @field_validator("accept")
    @classmethod
    def _accept_compiles(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        _check_regexes(list(value))
        return value


class Config(_Strict):
    sigs_dir: str = "sigs"
    metadata_file: str = "sig-info.yaml"
    repo_url: str | None = Field(
        None, description="The repository's own web address, e.g. https://gitee.com/org/community."
    )
    profile_url: str = Field("https://gitee.com/", description="Prefix of a lead's profile link.")
    tables: list[TableConfig] | None = None
    exclude: list[str] = Field(
        default_factory=list, description="Globs (relative to the root) neither read nor reported."
    )
    cache_dir: str = Field(
        ".sigcheck-cache", description="Folder (relative to the root) for cached results."
    )
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    strict: bool = False
    generate: GenerateConfig = Field(default_factory=GenerateConfig)
    online: OnlineConfig = Field(default_factory=OnlineConfig)

    @field_validator("sigs_dir", "cache_dir")
    @classmethod
    def _folder_inside(cls, value: str) -> str:
        return _inside_root(value)

    @field_validator("metadata_file")
    @classmethod
    def _metadata_name(cls, value: str) -> str:
        return _file_name(value)

    @field_validator("repo_url", "profile_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    def resolved_tables(self, root: Path) -> list[TableConfig]:
        """The configured tables, or the MindSpore defaults (the en table only when present)."""
        if self.tables is not None:
            return self.tables
        tables = [TableConfig(path=f"{self.sigs_dir}/README.md", language="zh")]
        en_path = f"{self.sigs_dir}/README_en.md"
        if (root / en_path).is_file():
            tables.append(TableConfig(path=en_path, language="en", columns=DEFAULT_EN_COLUMNS))
        return tables


def _format_validation_error(source: str, error: ValidationError) -> str:
    lines = [f"{source}: invalid configuration"]
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


MAX_CONFIG_BYTES = 1024 * 1024


def _read_toml(path: Path) -> dict[str, object]:
    from sigcheck.files import ReadProblem, read_file

    data = read_file(path, MAX_CONFIG_BYTES)  # never blocks (a FIFO), bounded (a device)
    if isinstance(data, ReadProblem):
        raise ConfigError(f"{path}: cannot read: {data.message}")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def _section(path: Path) -> dict[str, object] | None:
    """The sigcheck section of a config file, or None when a pyproject.toml has none."""
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    section = tool.get("sigcheck") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.sigcheck] must be a table")
    return section


def find_config_file(root: Path) -> Path | None:
    dotfile = root / CONFIG_FILE
    if dotfile.is_file():
        return dotfile
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and _section(pyproject) is not None:
        return pyproject
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    path = explicit if explicit is not None else find_config_file(root)
    if path is None:
        return Config()
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    section = _section(path)
    if section is None:
        raise ConfigError(f"{path}: has no [tool.sigcheck] section")
    try:
        return Config.model_validate(section)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(str(path), exc)) from None


def looks_like_root(folder: Path) -> bool:
    """A folder that a repository root would be: it has a config or a `sigs/` folder."""
    if (folder / CONFIG_FILE).is_file() or (folder / "sigs").is_dir():
        return True
    pyproject = folder / "pyproject.toml"
    try:
        return pyproject.is_file() and _section(pyproject) is not None
    except ConfigError:
        return True


def discover_root(start: Path) -> Path:
    """The nearest folder at or above `start` that looks like a root; else `start` itself."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if looks_like_root(candidate):
            return candidate
        if (candidate / ".git").exists():
            break
    return folder
