"""Who a person is: account ids, their profile addresses, and what counts as a real value.

Which keys identify a person (`gitee_id`, `atomgit_id`, `openeuler_id`, ...) and where each
one's profile page lives is configuration (SPEC §3): a `PeopleRules` built from the config
carries it to the checks and the generators. An empty string or a placeholder counts as
absent. Pure: no parsing, no I/O, nothing beyond the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sigcheck.placeholders import (
    DEFAULT_SET,
    DEFAULT_TO_FILL,
    is_placeholder,
    present,
    to_be_filled,
)

HANDLE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def is_handle(text: str) -> bool:
    """Gitee's rule (SPEC P001): letters, digits, `_`, `-`, starting with a letter."""
    return bool(HANDLE_RE.match(text))


def is_email(text: str) -> bool:
    return bool(EMAIL_RE.match(text))


@dataclass(frozen=True, slots=True)
class Identity:
    """One kind of account: the person key that holds it and the profile address prefix."""

    key: str
    profile_url: str | None
    """`https://gitee.com`: a handle `h` links `https://gitee.com/h`; None: not linkable."""
    label: str

    def profile(self, handle: str) -> str | None:
        return f"{self.profile_url.rstrip('/')}/{handle}" if self.profile_url else None


GITEE = Identity("gitee_id", "https://gitee.com", "Gitee")


def _value(person: Any, key: str) -> object:
    """A key of a person: a pydantic model (known fields and kept extras) or a mapping."""
    if isinstance(person, dict):
        return person.get(key)
    return getattr(person, key, None)


@dataclass(frozen=True, slots=True)
class PeopleRules:
    identities: tuple[Identity, ...] = (GITEE,)
    """In order of preference: the tables link a person's first present account."""
    placeholders: frozenset[str] = DEFAULT_SET
    """Every value that counts as absent: "none" values and to-be-filled ones."""
    to_fill: frozenset[str] = DEFAULT_TO_FILL
    """The to-be-filled values (reported once, M007); a subset of `placeholders`."""

    @property
    def primary(self) -> Identity:
        return self.identities[0]

    def is_placeholder(self, value: object) -> bool:
        return is_placeholder(value, self.placeholders)

    def to_be_filled(self, value: object) -> bool:
        """Whether a value says someone owes the real one (M007), not "there is none"."""
        return to_be_filled(value, self.to_fill)

    def present(self, value: object) -> str | None:
        """The trimmed value when it is real text; None when absent, empty or a placeholder."""
        return present(value, self.placeholders)

    def field(self, person: Any, key: str) -> str | None:
        return self.present(_value(person, key))

    def accounts(self, person: Any) -> list[tuple[Identity, str]]:
        """Every present account of a person, in the configured order."""
        found = []
        for identity in self.identities:
            value = self.field(person, identity.key)
            if value is not None:
                found.append((identity, value))
        return found

    def account(self, person: Any) -> tuple[Identity, str] | None:
        """The account the tables link: the first present one."""
        accounts = self.accounts(person)
        return accounts[0] if accounts else None

    def identity_of_url(self, url: str) -> tuple[Identity, str] | None:
        """The account a profile link names: `https://gitee.com/h` -> (gitee, `h`)."""
        for identity in self.identities:
            if identity.profile_url is None:
                continue
            base = re.sub(r"^https?://(www\.)?", "", identity.profile_url.rstrip("/"))
            match = re.match(r"^https?://(?:www\.)?" + re.escape(base) + r"/([^/?#]+)/?$", url)
            if match:
                return identity, match.group(1)
        return None

    def ids(self, person: Any) -> set[str]:
        """Casefolded ids of every account: how a person is recognised across lists."""
        return {value.casefold() for _, value in self.accounts(person)}


DEFAULT_RULES = PeopleRules()
