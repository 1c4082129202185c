"""The leads cell: `[@text](https://gitee.com/handle)(email)`, several of them, or plain names
with an affiliation in ASCII or full-width brackets (`孙增国（陕西师范大学）`, `Jianfei Chen (清华大学)`).
"""

from __future__ import annotations

import re

from sigcheck.identity import Identity, PeopleRules, is_email, is_handle
from sigcheck.model import TableLead

__all__ = ["LINK_RE", "is_email", "is_handle", "parse_leads", "profile_handle"]

LINK_RE = re.compile(
    r"\[(?P<text>(?:\\.|[^\]\\])*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_EMAIL_AFTER_RE = re.compile(r"\s*[(（<]\s*(?P<email>[^()（）<>\s]*@[^()（）<>\s]*)\s*[)）>]")
_SEPARATOR_RE = re.compile(r"<br\s*/?>|[,，、;；/]|&nbsp;", re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_NAME_RE = re.compile(r"^(?P<name>.*?)\s*[(（](?P<extra>[^()（）]*)[)）]\s*$")


def profile_handle(url: str, profile_url: str) -> str | None:
    """The handle of a profile link, or None when the URL is not `{profile_url}/<one segment>`."""
    base = profile_url.rstrip("/")
    scheme_less = re.sub(r"^https?://(www\.)?", "", base)
    match = re.match(r"^https?://(?:www\.)?" + re.escape(scheme_less) + r"/([^/?#]+)/?$", url)
    return match.group(1) if match else None


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def _top_level_separators(text: str) -> list[re.Match[str]]:
    """Separators outside brackets: `Jianfei Chen (清华大学, 计算机系)` is one person."""
    found = []
    for match in _SEPARATOR_RE.finditer(text):
        before = text[: match.start()]
        depth = sum(before.count(c) for c in "(（") - sum(before.count(c) for c in ")）")
        if depth <= 0:
            found.append(match)
    return found


def _plain_names(text: str, line: int, column: int, leads: list[TableLead]) -> str | None:
    """Names between links; returns a problem when some text is not a name."""
    position = 0
    for separator in [*_top_level_separators(text), None]:
        end = separator.start() if separator else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            if any(mark in stripped for mark in ("[", "]", "](", "http://", "https://")):
                return f"cannot read `{stripped}` as a lead"
            offset = column + position + (len(piece) - len(piece.lstrip()))
            name, extra = stripped, None
            match = _NAME_RE.match(stripped)
            if match and match.group("name"):
                name, extra = match.group("name"), match.group("extra").strip()
            email = extra if extra and "@" in extra else None
            affiliation = None if email else extra
            leads.append(
                TableLead(
                    text=_unescape(stripped),
                    handle=None,
                    url=None,
                    name=_unescape(name),
                    affiliation=affiliation,
                    email=email,
                    line=line,
                    column=offset,
                    email_column=offset + stripped.find(email) if email else None,
                )
            )
        if separator:
            position = separator.end()
    return None


def as_rules(profile: str | PeopleRules) -> PeopleRules:
    """The identities a leads cell may link: the configured ones, or Gitee at `profile`."""
    if isinstance(profile, PeopleRules):
        return profile
    return PeopleRules((Identity("gitee_id", profile.rstrip("/"), "Gitee"),))


def parse_leads(
    cell: str, line: int, column: int, profile: str | PeopleRules
) -> tuple[list[TableLead], str | None]:
    """People in a leads cell and, if any, why the cell cannot be read.

    `cell` is the raw cell text and `column` the 1-based column where it starts in its line.
    `profile`: the people rules (a lead may link any identity's profile address), or just
    Gitee's profile address.
    """
    rules = as_rules(profile)
    # HTML comments (a same-line suppression, a note) are not people; blank them, keep columns
    cell = _COMMENT_RE.sub(lambda match: " " * len(match.group()), cell)
    if not cell.strip():
        return [], "empty leads cell"
    leads: list[TableLead] = []
    position = 0
    for link in LINK_RE.finditer(cell):
        problem = _plain_names(cell[position : link.start()], line, column + position, leads)
        if problem:
            return leads, problem
        url = link.group("url")
        account = rules.identity_of_url(url)
        if account is None:
            wanted = " or ".join(
                f"`{i.profile_url}/<handle>`" for i in rules.identities if i.profile_url
            )
            return leads, f"lead link `{url}` is not a profile link {wanted}"
        identity, handle = account
        lead = TableLead(
            text=_unescape(link.group("text")),
            handle=handle,
            url=url,
            name=None,
            affiliation=None,
            email=None,
            line=line,
            column=column + link.start(),
            identity=identity.key,
        )
        position = link.end()
        after = _EMAIL_AFTER_RE.match(cell, position)
        if after:
            lead.email = after.group("email")
            lead.email_column = column + after.start("email")
            position = after.end()
        leads.append(lead)
    problem = _plain_names(cell[position:], line, column + position, leads)
    if problem:
        return leads, problem
    if not leads:
        return [], "no lead found in the cell"
    return leads, None
