"""Unified diffs of whole files, as `fix --check` and `import --dry-run` print them."""

from __future__ import annotations


def unified_diff(path: str, before: bytes | None, after: bytes) -> str:
    """A `git apply`-able diff of one file, `\\ No newline at end of file` included; `before`
    None: a new file (`--- /dev/null`)."""
    import difflib

    from sigcheck.generate.region import Page

    def lines(data: bytes | None) -> list[str]:
        if data is None:
            return []
        page = Page.from_bytes(data)
        found = [content + ending for content, ending in page.lines]
        if page.bom and found:  # a hunk at the top must match the file's first bytes
            found[0] = "\ufeff" + found[0]
        return found

    out: list[str] = []
    for line in difflib.unified_diff(
        lines(before), lines(after), "/dev/null" if before is None else f"a/{path}", f"b/{path}"
    ):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
