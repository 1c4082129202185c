"""Splicing a page byte for byte, and writing it atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sigcheck.generate.region import BOM, Page, split_lines
from sigcheck.generate.writer import WriteError, atomic_write


def test_lines_keep_their_own_endings() -> None:
    assert split_lines("a\r\nb\nc\rd") == [("a", "\r\n"), ("b", "\n"), ("c", "\r"), ("d", "")]
    assert split_lines("") == []
    assert split_lines("\n\n") == [("", "\n"), ("", "\n")]


def test_page_round_trips_every_byte() -> None:
    data = BOM + b"title  \r\n\r\n| a |\r\n|---|\r\ntail \t"
    page = Page.from_bytes(data)
    assert page.bom
    assert page.to_bytes() == data


def test_replace_keeps_bytes_outside_and_the_missing_final_newline() -> None:
    data = BOM + b"x  \r\n| a |\r\n|---|\r\n| 1 |"
    page = Page.from_bytes(data)
    new = page.replace(2, 4, ["| a |", "|---|", "| 1 |", "| 2 |"])
    assert new.to_bytes() == BOM + b"x  \r\n| a |\r\n|---|\r\n| 1 |\r\n| 2 |"


def test_replace_in_the_middle_uses_the_tables_line_ending() -> None:
    page = Page.from_bytes(b"a\n| h |\r\n|---|\r\nb\n")
    assert page.replace(2, 3, ["| H |", "|---|"]).to_bytes() == b"a\n| H |\r\n|---|\r\nb\n"


def test_invalid_utf8_is_refused() -> None:
    with pytest.raises(UnicodeDecodeError):
        Page.from_bytes(b"\xff\xfe")


def test_atomic_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(b"old")
    target.chmod(0o444)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_atomic_write_creates_a_file_with_the_umask_mode(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.yaml", b"name: x\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    # a path under a regular file: fails for root too (ENOTDIR), before any byte is written
    blocker = tmp_path / "file"
    blocker.write_bytes(b"keep")
    with pytest.raises(WriteError, match="cannot write"):
        atomic_write(blocker / "README.md", b"new")
    assert blocker.read_bytes() == b"keep"
    # a directory is never replaced by a file
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(WriteError, match="not a regular file"):
        atomic_write(folder, b"new")
    assert folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder.md"]
