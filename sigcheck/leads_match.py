"""One notion of "the same lead", shared by the generator, `import` and the checks.

Two questions, kept apart on purpose:
- *who*: is this lead of a table this person of the metadata (`same_lead`, for M005 and for
  `import` finding someone listed)? A linked lead is the person with that account; a plain
  name is the person with that name (either language), or whose id it spells (SPEC §1: a bare
  handle names a listed person).
- *what a reader sees*: the link text and target, or the plain name and affiliation, and the
  email (`LeadView`). The generator keeps a cell whose leads read the same as the metadata
  renders them; P002 accepts a link text that the metadata renders (a `display` label).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from typing import TYPE_CHECKING

from sigcheck.identity import PeopleRules
from sigcheck.model import Person, TableLead

if TYPE_CHECKING:
    from sigcheck.generate.render import RowContext


@dataclass(frozen=True, slots=True)
class LeadView:
    """One lead as a reader sees it: a link (text, target) or a plain name (name,
    affiliation); and the email shown after it, if any."""

    text: str | None
    target: str | None
    name: str | None
    affiliation: str | None
    email: str | None


def lead_view(lead: TableLead) -> LeadView:
    if lead.url is not None:
        return LeadView(lead.text, lead.url, None, None, lead.email)
    return LeadView(None, None, lead.name, lead.affiliation, lead.email)


def leads_view(leads: Sequence[TableLead]) -> tuple[LeadView, ...]:
    return tuple(lead_view(lead) for lead in leads)


def person_views(person: Person, context: RowContext) -> tuple[LeadView, ...]:
    """What the generator shows for a person in a table of this language (empty when the
    person has nothing real to show)."""
    from sigcheck.generate.render import person_text
    from sigcheck.parsing.leads import parse_leads

    text = person_text(person, context)
    if not text:
        return ()
    profile = context.rules.primary.profile_url or ""
    leads, problem = parse_leads(text, 1, 1, profile)
    return () if problem else leads_view(leads)


def _linked_handle(lead: TableLead, rules: PeopleRules) -> str | None:
    if lead.handle:
        return lead.handle
    if lead.url:
        found = rules.identity_of_url(lead.url)
        return found[1] if found else None
    return None


_WORD_RE = re.compile(r"[^\W_]+")
_MOST_WORDS = 5
"""Names of more words are compared in their own and in sorted order only (5! = 120 orders
at most otherwise)."""
NAME_KEYS = ("name", "name_en", "display", "display_en")


@lru_cache(maxsize=4096)
def name_forms(text: str) -> frozenset[str]:
    """What a name may be written as, ignoring case, spaces, punctuation and the order of its
    words (SPEC §3): `Yahao Ding` -> {`yahaoding`, `dingyahao`}; empty for no letters."""
    words = _WORD_RE.findall(text.casefold())
    if not words:
        return frozenset()
    if len(words) > _MOST_WORDS:
        return frozenset({"".join(words), "".join(sorted(words))})
    return frozenset("".join(order) for order in permutations(words))


def person_forms(person: Person, rules: PeopleRules) -> frozenset[str]:
    """Every form of every id, `name`, `name_en` and `display` label of a person."""
    values = [value for _, value in rules.accounts(person)]
    values += [value for key in NAME_KEYS if (value := rules.field(person, key))]
    return frozenset().union(*(name_forms(value) for value in values))


def names_person(name: str, person: Person, rules: PeopleRules) -> bool:
    """Whether a name written by hand (a plain-name lead, a page's list item) is this person:
    it equals one of their ids, names or display labels, whatever the case, spaces,
    punctuation and word order (`Yahao Ding` names `gitee_id: dingyahao`)."""
    forms = name_forms(name.strip().lstrip("@"))
    return bool(forms) and not forms.isdisjoint(person_forms(person, rules))


def same_lead(lead: TableLead, person: Person, rules: PeopleRules) -> bool:
    """Whether a lead of a table is this person (who, not how they are shown)."""
    handle = _linked_handle(lead, rules)
    if handle is not None:
        return handle.casefold() in rules.ids(person)
    if lead.url is not None:
        return False
    return names_person(lead.name or lead.text, person, rules)


def shown_by(lead: TableLead, people: Sequence[Person], context: RowContext) -> bool:
    """Whether the generator shows this lead (link text and target, or name and affiliation;
    emails aside) for one of `people`: a `display` label is then the metadata's, not a typo."""
    from dataclasses import replace

    wanted = replace(lead_view(lead), email=None)
    return any(
        replace(view, email=None) == wanted
        for person in people
        for view in person_views(person, context)
    )
