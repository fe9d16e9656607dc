"""Warm calls: whom to call about a job hunt, ranked by warmth times relevance.

Relevance says how much a person can help with the goal (they work at a target
company, worked there, are in the industry, the role, the city, carry a tag,
are family of someone there, or introduced you to someone there); companies,
roles and industries are matched by "Who do I know at …?"
(``keepwarm.warmcalls.search``), so both pages find the same people. Warmth says
how easy the call is (the planner's warmth, 0 to 100). The formula is documented
in ``docs/warmth.md`` ("Warm calls"). Cold but relevant people are listed
after the warm ones, each with a friendly warm-up touch instead of an ask.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from keepwarm.contacts.models import Address, Person, Relationship
from keepwarm.contacts.search import fold
from keepwarm.lib.words import COLD
from keepwarm.owned import owned
from keepwarm.planner import warmth
from keepwarm.plans.services import Versioned
from keepwarm.touches.queries import active_people

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

# Points per kind of match; a person's relevance is the sum over the kinds
# that match (each kind counted once, its strongest match).
POINTS = {
    "works": 10,  # works at a target company now
    "worked": 6,  # worked there before
    "role": 4,  # has (or had) a target role
    "related": 4,  # family or colleague of someone at a target company
    "introduced": 3,  # introduced you to someone there, or met you through them
    "industry": 3,
    "tag": 3,
    "city": 2,
    "notes": 1,  # the notes mention a target company
}
COMPANY_KINDS = frozenset({"works", "worked", "related", "introduced", "notes"})
"""Matches that tie a person to a target company (not just to a role or a city)."""
MIN_WARMTH_FACTOR = 0.25
"""A cold person keeps a quarter of their relevance: found, never hidden."""


@dataclass(frozen=True)
class Goal:
    """What the user is looking for: each list holds the wanted values as typed."""

    companies: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, hunt: Any) -> Goal:
        """The goal of a ``JobHunt``: one value per line, blanks dropped."""
        return cls(
            companies=lines(hunt.companies),
            roles=lines(hunt.roles),
            industries=lines(hunt.industries),
            cities=lines(hunt.cities),
            tags=tuple(t.name for t in hunt.tags.all()) if hunt.pk else (),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.companies or self.roles or self.industries or self.cities or self.tags)


def lines(text: str) -> tuple[str, ...]:
    """Stripped, non-blank lines, each once (first spelling wins)."""
    seen: dict[str, str] = {}
    for line in (text or "").splitlines():
        value = " ".join(line.split())
        if value and fold(value) not in seen:
            seen[fold(value)] = value
    return tuple(seen.values())


@dataclass
class WarmCall:
    """One person worth calling, why, and how warm the call would be."""

    person: Person
    warmth: int
    label: str  # one of ``WARMTH_WORDS``
    relevance: int
    score: float
    reasons: list[str]
    warm_up: bool  # cold: a friendly touch first, not an ask
    kinds: set[str] = field(default_factory=set, repr=False)


_POSSESSIVE = re.compile(r"['\u2019\u02bc]s\b")
"""The "'s" of "Acme's office", dropped so the company is still a whole word."""


def warm_enough(calls: Iterable[WarmCall]) -> int:
    """How many of ``calls`` are warm enough to ask, with no warm-up first."""
    return sum(1 for call in calls if not call.warm_up)


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    """``text`` folded, without possessive "'s": a city or a name repeats across a
    network, so each is folded once."""
    return fold(_POSSESSIVE.sub("", text))


_folded = lru_cache(maxsize=4096)(fold)
"""``fold`` of a value that repeats across a network (a tag)."""


def mentions(text: str, value: str) -> bool:
    """``value`` appears in ``text`` as whole words, case and accents ignored."""
    needle = fold(value).strip()
    if not needle:
        return False
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", _plain(text or "")) is not None


def _first(text: str, values: Sequence[str]) -> str:
    return next((v for v in values if mentions(text, v)), "")


class _Found:
    """Reasons collected per person, each kind of match counted once."""

    def __init__(self) -> None:
        self.reasons: dict[int, list[str]] = defaultdict(list)
        self.kinds: dict[int, set[str]] = defaultdict(set)

    def add(self, person_id: int, kind: str, reason: str) -> None:
        if reason not in self.reasons[person_id]:
            self.reasons[person_id].append(reason)
        self.kinds[person_id].add(kind)

    def has(self, person_id: int, *kinds: str) -> bool:
        return bool(self.kinds.get(person_id, set()) & set(kinds))


@dataclass
class _Row:
    """What the ranking reads of one active person: plain values, no model (the
    models are loaded for the calls shown, ``rank``)."""

    pk: int
    display_name: str
    city: str
    how_we_met: str
    last_touch_on: dt.date | None
    closeness: int
    """Their circle's touches a year."""
    tags: list[str] = field(default_factory=list)
    localities: list[str] = field(default_factory=list)


def _people(user: User) -> list[_Row]:
    """Every active person, in three queries."""
    people = active_people(user)
    fields = ("pk", "display_name", "city", "how_we_met", "last_touch_on")
    rows = {
        values[0]: _Row(*values, closeness=closeness or 0)
        for *values, closeness in people.values_list(*fields, "circle__touches_per_year")
    }
    tagged = Person.tags.through.objects.filter(person__in=people)
    for pid, name in tagged.order_by("tag__name").values_list("person_id", "tag__name"):
        rows[pid].tags.append(name)
    for pid, locality in owned(Address, user).values_list("person_id", "locality"):
        if pid in rows and locality:
            rows[pid].localities.append(locality)
    return list(rows.values())


SEARCH_LIMIT = 100_000
"""Every match of a search: the ranking cuts the list, not the search."""


def _kind_of(reason: str, default: str) -> str:
    """The kind of match a "who do I know" reason stands for."""
    for prefix, kind in (
        ("works at ", "works"),
        ("worked at ", "worked"),
        ("tag #", "tag"),
        ("notes mention ", "notes"),
        ("how you met mentions ", "introduced"),
    ):
        if reason.startswith(prefix):
            return kind
    return default


def _match_searched(user: User, found: _Found, goal: Goal, active: Container[int]) -> None:
    """Company, role and industry through "Who do I know at …?": current and past
    jobs, tags, notes and how you met, as that search finds them."""
    from keepwarm.warmcalls.search import each_match

    searches = [("company", c, "notes") for c in goal.companies]
    searches += [("role", r, "role") for r in goal.roles]
    searches += [("industry", i, "industry") for i in goal.industries]
    hits = sorted(
        each_match(user, [(name, value) for name, value, _ in searches]), key=lambda hit: hit[0]
    )  # search by search, as they are listed
    for index, match in hits:
        if match.person.pk in active:
            default = searches[index][2]
            for reason in match.reasons:
                found.add(match.person.pk, _kind_of(reason, default), reason)


def _match_place_and_tags(found: _Found, person: _Row, goal: Goal) -> None:
    cities = [person.city, *person.localities]
    city = next((c for c in cities if _first(c, goal.cities)), "")
    if city:
        found.add(person.pk, "city", f"lives in {city}")
    wanted = {fold(t) for t in goal.tags}
    for tag in person.tags:
        if _folded(tag) in wanted:
            found.add(person.pk, "tag", f"tag #{tag}")


def _insiders(found: _Found, people: Iterable[_Row]) -> dict[int, str]:
    """People at (or formerly at) a target company, with the reason that says so."""
    inside: dict[int, str] = {}
    for person in people:
        if found.has(person.pk, "works", "worked"):
            work = [r for r in found.reasons[person.pk] if r.startswith(("works", "worked"))]
            inside[person.pk] = work[0]
    return inside


def _match_related(user: User, found: _Found, by_id: dict[int, _Row]) -> None:
    """Family and colleagues of someone at a target company, both directions."""
    inside = _insiders(found, by_id.values())
    if not inside:
        return
    # Every link read once, filtered here: thousands of insiders make a slow IN list.
    links = owned(Relationship, user).filter(other__isnull=False)
    for rel in links.values_list("person_id", "other_id", "kind"):
        person_id, other_id, kind = rel
        if person_id not in inside and other_id not in inside:
            continue
        for me, them in ((person_id, other_id), (other_id, person_id)):
            if them in inside and me in by_id and me not in inside:
                name = by_id[them].display_name if them in by_id else "someone"
                found.add(me, "related", f"knows {name} ({kind}), who {inside[them]}")


def _names_in(folded_text: str, folded_names: dict[int, str]) -> list[int]:
    """Ids whose folded name appears in the text as whole words (a cheap substring
    test first: this runs for every pair of an insider and a person)."""
    return [
        pid
        for pid, name in folded_names.items()
        if name
        and name in folded_text
        and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded_text)
    ]


def _match_introductions(found: _Found, people: list[_Row]) -> None:
    """ "Met through Jane" where Jane is at a target company, and the other way:
    whoever introduced you to someone there."""
    inside = _insiders(found, people)
    if not inside:
        return
    names = {p.pk: fold(p.display_name).strip() for p in people}
    by_id = {p.pk: p for p in people}
    insider_names = {pid: names[pid] for pid in inside}
    for person in people:
        if person.how_we_met:
            text = fold(_POSSESSIVE.sub("", person.how_we_met))
            for pid in _names_in(text, insider_names):
                if pid != person.pk:
                    who = by_id[pid].display_name
                    found.add(person.pk, "introduced", f"met through {who}")
            if person.pk in inside:
                for pid in _names_in(text, names):
                    if pid != person.pk:
                        found.add(pid, "introduced", f"introduced you to {person.display_name}")


def relevance_of(kinds: Iterable[str]) -> int:
    return sum(POINTS[k] for k in set(kinds))


def score_of(relevance: int, warmth: int) -> float:
    """Relevance scaled by warmth: from a quarter (cold) to all of it (warm)."""
    factor = MIN_WARMTH_FACTOR + (1 - MIN_WARMTH_FACTOR) * max(0, min(warmth, 100)) / 100
    return round(relevance * factor, 2)


_matched: Versioned[tuple[dict[int, _Row], _Found]] = Versioned(users=8)
"""Each user's last goal's matches, kept for their data version (every change
to a person, a tag, a job, an address or a relationship moves it on)."""


def matches(user: User, goal: Goal) -> tuple[dict[int, _Row], _Found]:
    """Every active person of ``user``'s, and what of the goal each matches (not
    to be changed: kept per data version and goal)."""
    return _matched.of(user, lambda: _matches(user, goal), extra=goal)


def _matches(user: User, goal: Goal) -> tuple[dict[int, _Row], _Found]:
    people = _people(user)
    by_id = {p.pk: p for p in people}
    found = _Found()
    _match_searched(user, found, goal, by_id)
    for person in people:
        _match_place_and_tags(found, person, goal)
    _match_related(user, found, by_id)
    _match_introductions(found, people)
    return by_id, found


def rank(
    user: User, goal: Any, *, limit: int = 100, tied_by: frozenset[str] | None = None
) -> list[WarmCall]:
    """The people worth calling about ``goal`` (a ``Goal`` or a ``JobHunt``), best first:
    warm and cooling ones by score, then the cold ones (warm up first); with
    ``tied_by``, only people with one of those kinds of match."""
    from keepwarm.plans.agenda import warmth_of

    goal = goal if isinstance(goal, Goal) else Goal.of(goal)
    if goal.is_empty:
        return []
    by_id, found = matches(user, goal)
    ids = [
        pid for pid, kinds in found.kinds.items() if kinds and (tied_by is None or kinds & tied_by)
    ]
    warmth_by_id = warmth_of(user, ids)
    calls = []
    for pid in ids:
        value = warmth_by_id.get(pid, 0)
        relevance = relevance_of(found.kinds[pid])
        word = warmth.label(value)
        score = score_of(relevance, value)
        order = _order(by_id[pid], word == COLD, score, relevance)
        calls.append((order, pid, value, word, relevance, score))
    calls.sort()
    shown = calls[:limit]
    people = active_people(user).select_related("circle").in_bulk([call[1] for call in shown])
    return [
        WarmCall(
            person=people[pid],
            warmth=value,
            label=word,
            relevance=relevance,
            score=score,
            reasons=list(found.reasons[pid]),
            warm_up=word == COLD,
            kinds=set(found.kinds[pid]),
        )
        for _, pid, value, word, relevance, score in shown
        if pid in people
    ]


def _order(
    person: _Row, cold: bool, score: float, relevance: int
) -> tuple[bool, float, int, int, int, int]:
    """Warm before cold, then by score and relevance; a tie goes to the closer
    circle, then to whom you were in touch with last, never to the alphabet."""
    recent = person.last_touch_on.toordinal() if person.last_touch_on else 0
    return (cold, -score, -relevance, -person.closeness, -recent, person.pk)


def rank_for_company(user: User, goal: Goal, company: str, *, limit: int = 100) -> list[WarmCall]:
    """The warm calls about one company: people tied to it (they work or worked
    there, are family of someone there, introduced you, their notes name it);
    the goal's roles, industries, cities and tags still add to their relevance."""
    return rank(user, replace(goal, companies=(company,)), limit=limit, tied_by=COMPANY_KINDS)


def ranked_calls(user: User, goal: Goal, company: str = "", *, limit: int = 100) -> list[WarmCall]:
    """The warm-calls page's list, for the web and the API alike: the calls about
    ``company`` when one is searched (``rank_for_company``), else the goal's."""
    company = " ".join(company.split())
    if company:
        return rank_for_company(user, goal, company, limit=limit)
    return rank(user, goal, limit=limit)
