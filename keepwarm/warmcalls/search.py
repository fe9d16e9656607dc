"""Who do I know at …? People by company (former employees too), industry, role,
tags and notes, each with the reasons they were found.

Every criterion given must match (company *and* role narrow the list); each one
may match through any of its sources, and the strongest source counts:

| source | strength |
| --- | --- |
| works at the company now (``Person.company``, an open job) | 50 |
| worked there before (a job with an end date) | 40 |
| industry or role, now or before | 30 |
| a tag (``#acme``) | 20 |
| name or city (free text only) | 15 |
| the notes or how you met | 10 |

Matching ignores case, accents and apostrophes (``fold``) and starts at a word:
"societe generale" finds "Société Générale", "bank" finds "Deutsche Bank" and
"banking", but "hp" does not find "Shopify". The folded ``search_text`` column
(names, company, role, industry, past jobs, tags) narrows the people in the
database; the notes, which that column leaves out, are folded here (once per
data version, ``folded_notes``). People who have died are left out; archived
ones are found and marked (``person.archived``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q

from keepwarm.contacts.models import Job, Person
from keepwarm.contacts.queries import job_span
from keepwarm.contacts.search import fold
from keepwarm.owned import owned
from keepwarm.plans.services import Versioned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

CURRENT, PAST, FIELD, TAG, NAME, NOTES = 50, 40, 30, 20, 15, 10
CRITERIA = ("company", "industry", "role", "text")
MAX_CANDIDATES = 5000
"""Enough for any real network; a one-letter search stops there rather than read everyone."""


@dataclass
class Match:
    """A person found, why, and how strongly (the sum over the criteria given)."""

    person: Person
    reasons: list[str]
    strength: int
    warmth: int | None = None
    """0-100 from the plan; None for people the planner leaves out (archived)."""


@dataclass
class _Hit:
    strength: int
    reason: str
    job: str = ""
    """Which job the reason is about ("current" or a job's id); a role's reason
    ("was Engineer at Acme until 2020") then stands for the company's too."""
    role: bool = False


@dataclass
class _Person:
    """What one candidate can be found by, folded once."""

    person: Person
    jobs: list[Job]
    tags: list[str]
    notes: str = ""
    how_we_met: str = ""
    folded: dict[str, str] = field(default_factory=dict)

    def has(self, term: Term, value: str) -> bool:
        if not value:
            return False
        if value not in self.folded:
            self.folded[value] = fold(value)
        return term.found_in(self.folded[value])


@dataclass(frozen=True)
class Term:
    """One criterion's words: what the user typed, folded, matched from a word start."""

    typed: str

    @cached_property
    def folded(self) -> str:
        return " ".join(fold(self.typed).lstrip("#").split())

    def found_in(self, folded_text: str) -> bool:
        return bool(self.folded) and self._pattern.search(folded_text) is not None

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)" + re.escape(self.folded))


def who_do_i_know(
    user: User,
    *,
    company: str = "",
    industry: str = "",
    role: str = "",
    text: str = "",
    limit: int = 200,
) -> list[Match]:
    """The user's living people matching every criterion given, strongest first, then warmest."""
    wanted = {
        name: Term(" ".join(value.split()))
        for name, value in zip(CRITERIA, (company, industry, role, text), strict=True)
        if Term(value).folded
    }
    if not wanted:
        return []
    matches = []
    for candidate in _candidates(user, list(wanted.values())):
        match = _match(candidate, wanted)
        if match is not None:
            matches.append(match)
    _add_warmth(user, matches)
    matches.sort(key=_order)
    return matches[:limit]


def each_match(user: User, searches: list[tuple[str, str]]) -> Iterator[tuple[int, Match]]:
    """Several one-criterion searches (``(criterion, value)``) from one read of
    the people who may match any of them: for each match, the index of its
    search and the match, as ``who_do_i_know`` finds it (without warmth or order)."""
    wanted = [(name, Term(" ".join(value.split()))) for name, value in searches]
    terms = [term for _, term in wanted if term.folded]
    if not terms:
        return
    for candidate in _candidates(user, terms, each=True):
        for index, (name, term) in enumerate(wanted):
            if term.folded:
                match = _match(candidate, {name: term})
                if match is not None:
                    yield index, match


def _order(match: Match) -> tuple[int, bool, int, str, int]:
    person = match.person
    warmth = -1 if match.warmth is None else match.warmth
    return (-match.strength, person.archived, -warmth, fold(person.display_name), person.pk)


def _add_warmth(user: User, matches: list[Match]) -> None:
    from keepwarm.plans.agenda import warmth_of

    warmth = warmth_of(user, [m.person.pk for m in matches]) if matches else {}
    for match in matches:
        match.warmth = warmth.get(match.person.pk)


# Finding the candidates ---------------------------------------------------------------


def _candidates(user: User, terms: list[Term], each: bool = False) -> Iterator[_Person]:
    """People who may match: by the folded search column, or by their notes
    (folded here); up to ``MAX_CANDIDATES`` of them, or of ``each`` term's."""
    living = owned(Person, user).filter(deceased=False)
    groups = [[term] for term in terms] if each else [terms]
    ids: set[int] = set()
    for group in groups:
        indexed = Q()
        for term in group:
            indexed |= Q(search_text__contains=term.folded)
        ids.update(living.filter(indexed).values_list("pk", flat=True)[:MAX_CANDIDATES])
    notes = _notes_mentioning(user, living, terms)
    ids |= set(notes)
    people = (
        living.filter(pk__in=list(ids))
        .select_related("circle")
        .prefetch_related("tags", Prefetch("jobs", queryset=Job.objects.order_by("-id")))
    )
    for person in people:
        found = notes.get(person.pk, ("", ""))
        tags = [t.name for t in person.tags.all()]
        yield _Person(person, list(person.jobs.all()), tags, *found)


def _fold_notes(user: User) -> dict[int, str]:
    """Each living person's notes and how-we-met, folded: made once per data
    version (``folded_notes``; every change to a person moves it on), so a
    search with several terms, or the next one, does not fold every note again."""
    living = owned(Person, user).filter(deceased=False)
    rows = living.exclude(notes="", how_we_met="").values_list("pk", "notes", "how_we_met")
    return {pk: fold(f"{notes}\n{how}") for pk, notes, how in rows.iterator(chunk_size=2000)}


folded_notes: Versioned[dict[int, str]] = Versioned(users=8)


def _notes_mentioning(user: User, living: Any, terms: list[Term]) -> dict[int, tuple[str, str]]:
    """Notes and how-we-met of the people whose notes mention a term, by id."""
    ids = []
    for pk, folded in folded_notes.of(user, lambda: _fold_notes(user)).items():
        if any(term.found_in(folded) for term in terms):
            ids.append(pk)
            if len(ids) >= MAX_CANDIDATES:
                break
    rows = living.filter(pk__in=ids).values_list("pk", "notes", "how_we_met")
    return {pk: (notes, how_we_met) for pk, notes, how_we_met in rows}


# Why each one matches -----------------------------------------------------------------


def _match(candidate: _Person, wanted: dict[str, Term]) -> Match | None:
    hits: list[_Hit] = []
    strength = 0
    for name, term in wanted.items():
        found = [hit for source in SOURCES[name] for hit in source(candidate, term)]
        if not found:
            return None
        strength += max(hit.strength for hit in found)
        hits.extend(found)
    said_by_role = {hit.job for hit in hits if hit.role and hit.job}
    reasons: list[str] = []
    for hit in hits:
        if hit.job in said_by_role and not hit.role:
            continue
        if hit.reason not in reasons:
            reasons.append(hit.reason)
    return Match(candidate.person, reasons, strength)


def _open_job(c: _Person) -> Job | None:
    """The history's open job at the person's current company, if recorded."""
    current = fold(c.person.company)
    return next((j for j in c.jobs if j.ended is None and fold(j.company) == current), None)


def _since(c: _Person) -> str:
    job = _open_job(c)
    return f" {job_span(job.started, None)}" if job and job.started else ""


def _company(c: _Person, term: Term) -> Iterator[_Hit]:
    person = c.person
    current = _open_job(c) if person.company else None
    for job in c.jobs:
        if job is current or not c.has(term, job.company):
            continue
        if job.ended is None:
            yield _Hit(CURRENT, f"works at {job.company}{_span(job)}", str(job.pk))
        else:
            yield _Hit(PAST, f"worked at {job.company}{_span(job)}", str(job.pk))
    if c.has(term, person.company):
        yield _Hit(CURRENT, f"works at {person.company}{_since(c)}", "current")


def _span(job: Job) -> str:
    """ " since 2021" for an open job, " until 2020" for an ended one ("" when unknown)."""
    text = job_span(job.started, None) if job.ended is None else job_span(None, job.ended)
    return f" {text}" if text else ""


def _role(c: _Person, term: Term) -> Iterator[_Hit]:
    person = c.person
    if c.has(term, person.job_title):
        where = f" at {person.company}{_since(c)}" if person.company else ""
        yield _Hit(FIELD, f"{person.job_title}{where}", "current", role=True)
    said = _open_job(c) if c.has(term, person.job_title) else None
    for job in c.jobs:
        if job is not said and c.has(term, job.role):
            verb = "is" if job.ended is None else "was"
            yield _Hit(FIELD, f"{verb} {job.role} at {job.company}{_span(job)}", str(job.pk), True)


def _industry(c: _Person, term: Term) -> Iterator[_Hit]:
    person = c.person
    if c.has(term, person.industry):
        yield _Hit(FIELD, f"in {person.industry}")
    for job in c.jobs:
        if c.has(term, job.industry) and job.industry != person.industry:
            verb = "worked" if job.ended else "works"
            yield _Hit(FIELD, f"{verb} in {job.industry}{_span(job)}")


def _tags(c: _Person, term: Term) -> Iterator[_Hit]:
    for tag in c.tags:
        if c.has(term, tag):
            yield _Hit(TAG, f"tag #{tag}")


def _notes(c: _Person, term: Term) -> Iterator[_Hit]:
    if c.has(term, c.notes):
        yield _Hit(NOTES, f"notes mention {term.typed.lstrip('#')}")
    if c.has(term, c.how_we_met):
        yield _Hit(NOTES, f"how you met mentions {term.typed.lstrip('#')}")


def _name_or_city(c: _Person, term: Term) -> Iterator[_Hit]:
    person = c.person
    names = (person.display_name, person.nickname, person.family_name, person.given_name)
    if any(c.has(term, name) for name in names):
        yield _Hit(NAME, f"name {person.display_name}")
    if c.has(term, person.city):
        yield _Hit(NAME, f"lives in {person.city}")


Source = Callable[[_Person, Term], Iterator[_Hit]]
SOURCES: dict[str, tuple[Source, ...]] = {
    "company": (_company, _tags, _notes),
    "industry": (_industry, _tags, _notes),
    "role": (_role, _tags, _notes),
    "text": (_company, _industry, _role, _tags, _name_or_city, _notes),
}
