"""The building blocks of the hardening, one by one: the reading door, the writer, escaping,
the configuration's path and pattern validators, redirect targets and address policy."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sigcheck.config import ConfigError, load_config
from sigcheck.diagnostics import escape_for_line, make
from sigcheck.files import ReadProblem, read_file
from sigcheck.generate.writer import STALE_AFTER, WriteError, atomic_write
from sigcheck.online.addresses import ALLOW_LOOPBACK_ENV, refused_host
from sigcheck.online.links import _Refused, redirect_target
from sigcheck.online.patterns import MAX_SUBJECT, BoundedPatterns


def test_the_door_reads_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"# a\n")
    assert read_file(tmp_path / "a.md", 100, tmp_path) == b"# a\n"


@pytest.mark.parametrize(
    ("make_it", "words"),
    [
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: os.symlink("/dev/zero", p), "leads out"),
        (lambda p: p.mkdir(), "directory"),
        (lambda p: p.write_bytes(b"x" * 101), "limit"),
        (lambda p: None, "does not exist"),
    ],
    ids=["fifo", "dev-zero", "directory", "too-large", "missing"],
)
def test_the_door_refuses(tmp_path: Path, make_it, words: str) -> None:
    path = tmp_path / "page.md"
    make_it(path)
    problem = read_file(path, 100, tmp_path)
    assert isinstance(problem, ReadProblem) and words in problem.message


def test_the_door_bounds_a_device_read_without_a_root() -> None:
    problem = read_file(Path("/dev/zero"), 100)  # fstat: a character device, never read
    assert isinstance(problem, ReadProblem) and "regular" in problem.message


def test_a_symlink_within_the_tree_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_bytes(b"ok")
    os.symlink("real.md", tmp_path / "link.md")
    assert read_file(tmp_path / "link.md", 100, tmp_path) == b"ok"


def test_writes_never_leave_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside.yaml"
    root.mkdir()
    os.symlink(outside, root / "sig-info.yaml")
    with pytest.raises(WriteError, match="leads out"):
        atomic_write(root / "sig-info.yaml", b"x", root=root)
    assert not outside.exists()


def test_create_only_never_replaces(tmp_path: Path) -> None:
    (tmp_path / "sig-info.yaml").write_bytes(b"# mine\n")
    with pytest.raises(WriteError, match="exists"):
        atomic_write(tmp_path / "sig-info.yaml", b"new", create_only=True)
    assert (tmp_path / "sig-info.yaml").read_bytes() == b"# mine\n"
    atomic_write(tmp_path / "new.yaml", b"new", create_only=True)
    assert (tmp_path / "new.yaml").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_hard_links_and_oversized_data_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"a")
    os.link(tmp_path / "a.md", tmp_path / "b.md")
    with pytest.raises(WriteError, match="hard links"):
        atomic_write(tmp_path / "a.md", b"new")
    with pytest.raises(WriteError, match="limit"):
        atomic_write(tmp_path / "c.md", b"x" * 11, limit=10)
    assert (tmp_path / "b.md").read_bytes() == b"a"


def test_stale_temporaries_go_fresh_ones_stay(tmp_path: Path) -> None:
    old, fresh = tmp_path / ".sigcheck-old.tmp", tmp_path / ".sigcheck-new.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half")
    then = time.time() - STALE_AFTER - 60
    os.utime(old, (then, then))
    atomic_write(tmp_path / "README.md", b"whole")
    assert not old.exists() and fresh.exists()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain 中文", "plain 中文"),
        ("a\nb", "a\\x0ab"),
        ("a\r\n::error::x", "a\\x0d\\x0a::error::x"),
        ("\x1b[2J", "\\x1b[2J"),
        ("line\u2028sep", "line\\u2028sep"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_escape_for_line(text: str, shown: str) -> None:
    assert escape_for_line(text) == shown
    assert make("D003", f"sigs/{text}", None, None, text).path == f"sigs/{shown}"


@pytest.mark.parametrize(
    "toml",
    [
        'sigs_dir = "../x"\n',
        'sigs_dir = "/abs"\n',
        'sigs_dir = "C:/x"\n',
        'cache_dir = "a/../../x"\n',
        "[[tables]]\npath = '../../etc/passwd'\n",
        "[online]\ncache_dir = '..'\n",
        'metadata_file = "x/sig-info.yaml"\n',
        '[online]\nexclude = ["(a+)+$"]\n',
        '[online]\nexclude = ["(?:\\\\w*-?)*x"]\n',
    ],
)
def test_configuration_refuses(tmp_path: Path, toml: str) -> None:
    (tmp_path / ".sigcheck.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path)


@pytest.mark.parametrize(
    "toml",
    [
        'sigs_dir = "community/sigs"\n',
        'cache_dir = "build/../.cache"\n',
        '[online]\nexclude = ["^https://(www\\\\.)?example\\\\.(com|org)/", "(\\\\w+\\\\.)*internal"]\n',
    ],
)
def test_configuration_accepts(tmp_path: Path, toml: str) -> None:
    (tmp_path / ".sigcheck.toml").write_text(toml, encoding="utf-8")
    load_config(tmp_path)


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/next", "http://example.com/next"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("file:///etc/passwd", "`file:`"),
        ("javascript:alert(1)", "`javascript:`"),
        ("http://[::1/x", "malformed"),
        ("http://example.com:99999/", "malformed"),
        ("http://exa\nmple.com/", "control characters"),
    ],
)
def test_redirect_targets(location: str, expected: str) -> None:
    target = redirect_target("http://example.com/start", location)
    if isinstance(target, _Refused):
        assert expected in target.why
    else:
        assert target == expected


def test_private_addresses_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for url in (
        "http://10.0.0.1/",
        "http://169.254.169.254/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
    ):
        assert refused_host(url, resolve=False) is not None, url
    assert refused_host("http://93.184.215.14/", resolve=False) is None  # a public literal
    monkeypatch.delenv(ALLOW_LOOPBACK_ENV, raising=False)
    assert "loopback" in (refused_host("http://127.0.0.1:8080/", resolve=False) or "")
    assert "loopback" in (refused_host("http://localhost/", resolve=False) or "")
    monkeypatch.setenv(ALLOW_LOOPBACK_ENV, "1")
    assert refused_host("http://127.0.0.1:8080/", resolve=False) is None
    assert refused_host("http://10.0.0.1/", resolve=False) is not None  # loopback only


def test_patterns_see_a_bounded_subject() -> None:
    patterns = BoundedPatterns([r"x$"])
    assert patterns.any("a" * 10 + "x")
    assert not patterns.any("a" * MAX_SUBJECT + "x")  # past the cut: not seen


def test_a_pattern_that_overruns_is_disabled() -> None:
    patterns = BoundedPatterns([r"(a|aa)*c"], seconds=0.2)
    assert not patterns.any("a" * 60 + "b")
    assert patterns.problems and "ignored" in patterns.problems[0]
    assert not patterns.any("c")  # disabled for the rest of the run
