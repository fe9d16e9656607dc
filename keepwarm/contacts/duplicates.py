"""Who in a network may be the same person twice, and why.

Same email, phone or card UID is strong evidence; names that read alike
(rapidfuzz) only suggest. An exact duplicate — the same name and a shared
email, phone or UID, and nothing that contradicts it (``conflicts``: other
birthdays, other card UIDs, no email in common) — is the one kind
``keepwarm dedupe --auto-exact`` merges without asking; two people sharing a
household landline are listed as a pair and never merged by it. "John Smith" and
"John A. Smith Jr." are never more than a suggestion unless something else
ties them, and even then they are not exact.

The search is a few indexed reads and work in memory: contact values and
UIDs are grouped, and names are compared only within blocks of people whose
names start alike, so 100,000 people take seconds, not hours.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from rapidfuzz import fuzz

from keepwarm.contacts.models import ContactPoint, NotDuplicate, Person
from keepwarm.contacts.sameness import text_key
from keepwarm.contacts.search import fold
from keepwarm.lib.dates import InvalidDate, MonthDay
from keepwarm.lib.words import month_day
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

EXACT, STRONG, POSSIBLE = "exact", "strong", "possible"
STRENGTHS = (EXACT, STRONG, POSSIBLE)

NAMES_ALIKE = 90
"""Names at least this alike (rapidfuzz token sort ratio, 0-100) are suggested."""
ALIKE_PER_PERSON = 5
"""Name suggestions kept per person: the most alike first."""
SHARED_LIMIT = 4
"""A value shared by more people than this (an office switchboard, a family
address) ties no one: it is left out of the evidence."""

# Words that say nothing about who someone is: titles, generational suffixes
# and degrees, compared without their dots.
_NOISE = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr"}
    | {"jr", "sr", "ii", "iii", "iv", "v", "md", "phd", "esq", "mba"}
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Candidate:
    """Two people who may be one. ``first.pk < second.pk``."""

    first: Person
    second: Person
    strength: str  # EXACT, STRONG or POSSIBLE
    reasons: tuple[str, ...]  # "same email jane@example.com", "names alike (93%)"
    conflicts: tuple[str, ...]  # "different birthdays (3 May, 4 June)"
    score: int  # 0-100, for ordering: higher first


NONE: frozenset[str] = frozenset()
"""No emails or no phones: one shared empty set, as most people have one or the other."""


@dataclass(slots=True)
class Facts:
    """What tells one person from another, read without building models: the
    duplicate search and the import's matching judge sameness by it alike."""

    pk: Any
    name: str
    company: str
    uid: str
    birthday: tuple[int | None, int | None, int | None]
    emails: AbstractSet[str] = NONE
    """Normalised (case-folded) email addresses."""
    phones: AbstractSet[str] = NONE
    """Normalised phone numbers."""
    key: str = ""  # the whole name, as compared (``sameness.text_key``)
    words: tuple[str, ...] = ()  # without titles, suffixes and initials
    core: str = ""  # those words: "john smith"
    company_key: str = ""

    def __post_init__(self) -> None:
        self.key = text_key(self.name)
        self.company_key = text_key(self.company)
        self.words = tuple(name_words(self.name))
        core = " ".join(self.words)
        self.core = self.key if core == self.key else core  # one string when alike


@dataclass(slots=True)
class _Evidence:
    shared: list[str] = field(default_factory=list)
    alike: int = 0


def name_words(name: str) -> list[str]:
    words = _WORD.findall(fold(name))
    return [w for w in words if len(w) > 1 and w not in _NOISE]


def _blocks(person: Facts) -> set[tuple[str, ...]]:
    """Keys that people with alike names share: the start of one name word with
    the initial of another, both ways round, so "Smith John" meets "John Smith"."""
    words = person.words
    if not words:
        return set()
    if len(words) == 1:
        return {(words[0][:3],)}
    first, last = words[0], words[-1]
    return {(last[:2], first[:1]), (first[:2], last[:1])}


def facts_of(user: User, ids: Iterable[int] | None = None) -> dict[int, Facts]:
    """The facts of the user's people (all, or those with ``ids``), in two queries."""
    rows = owned(Person, user)
    points = owned(ContactPoint, user).filter(kind__in=["email", "phone"])
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
        # Through the owner's people, so that the database reads the person_id
        # index rather than every contact point of the owner's.
        points = ContactPoint.objects.filter(
            person__in=rows.values("pk"), kind__in=["email", "phone"]
        )
    emails: dict[int, set[str]] = defaultdict(set)
    phones: dict[int, set[str]] = defaultdict(set)
    values = points.values_list("person_id", "kind", "normalized")
    for pid, kind, normalized in values.iterator(chunk_size=5000):
        if normalized:
            (emails if kind == "email" else phones)[pid].add(normalized)
    fields = ("pk", "display_name", "company", "external_uid")
    dates = ("birthday_month", "birthday_day", "birthday_year")
    found = {}
    for row in rows.values_list(*fields, *dates).iterator(chunk_size=5000):
        pk, birthday = row[0], (row[4], row[5], row[6])
        mine = emails.pop(pk, NONE), phones.pop(pk, NONE)
        found[pk] = Facts(pk, row[1], row[2], row[3], birthday, *mine)
    return found


def _shared_values(user: User, people: dict[int, Facts]) -> dict[tuple[int, int], list[str]]:
    """Pairs tied by a UID, email or phone, each with what they share.

    The database finds the emails and phones that two to ``SHARED_LIMIT``
    people share, so that only those come back: a large network's every value
    is never held in memory at once."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    shown: dict[tuple[str, str], str] = {}
    uids = Counter(person.uid for person in people.values() if person.uid)
    for person in people.values():
        if uids[person.uid] > 1:  # "" is never counted
            groups[("card UID", person.uid)].append(person.pk)
            shown[("card UID", person.uid)] = person.uid
    points = owned(ContactPoint, user).filter(kind__in=["email", "phone"]).exclude(normalized="")
    if len(people) < 1000:
        points = points.filter(person_id__in=list(people))
    shared = (
        points.order_by()
        .values("kind", "normalized")
        .annotate(people=Count("person_id", distinct=True))
        .filter(people__gt=1, people__lte=SHARED_LIMIT)
    )
    rows = points.filter(normalized__in=shared.values("normalized")).order_by("pk")
    held = rows.values_list("person_id", "kind", "normalized", "value")
    for pid, kind, normalized, value in held.iterator(chunk_size=5000):
        if pid in people and pid not in groups[(kind, normalized)]:
            groups[(kind, normalized)].append(pid)
            shown.setdefault((kind, normalized), value)
    pairs: dict[tuple[int, int], list[str]] = defaultdict(list)
    for key, ids in groups.items():
        if 1 < len(ids) <= SHARED_LIMIT:
            for pair in combinations(sorted(ids), 2):
                pairs[pair].append(f"same {key[0]} {shown[key]}")
    return pairs


def _alike_names(people: dict[int, Facts]) -> Iterator[tuple[tuple[int, int], int]]:
    """Pairs whose names read alike, with how alike (0-100): for each person at
    most ``ALIKE_PER_PERSON`` of the most alike, so a network full of namesakes
    gives a list one can read, and the search stays fast and small."""
    blocks: dict[tuple[str, ...], list[Facts]] = defaultdict(list)
    for person in people.values():
        for key in _blocks(person):
            blocks[key].append(person)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        for a, b, ratio in _block_pairs(members):
            pair = (a, b) if a < b else (b, a)
            if pair not in seen:
                seen.add(pair)
                yield pair, ratio


def _block_pairs(members: list[Facts]) -> Iterator[tuple[int, int, int]]:
    """Alike pairs in one block, compared all at once by rapidfuzz (in C, on every
    core), each person keeping their ``ALIKE_PER_PERSON`` best."""
    # Here, not at the top: numpy is a tenth of a second to load, and the import
    # judges sameness through this module without comparing any names in bulk.
    import numpy
    from rapidfuzz import process

    cores = [p.core for p in members]
    scores = process.cdist(
        cores,
        cores,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=NAMES_ALIKE,
        dtype=numpy.uint8,
        workers=-1,
    )
    numpy.fill_diagonal(scores, 0)
    for i, row in enumerate(scores):
        found = numpy.flatnonzero(row)
        if len(found) > ALIKE_PER_PERSON:
            found = found[numpy.argsort(row[found])[::-1][:ALIKE_PER_PERSON]]
        for j in found:
            yield members[i].pk, members[int(j)].pk, int(row[j])


def _dismissed(user: User) -> set[tuple[int, int]]:
    return set(owned(NotDuplicate, user).values_list("first_id", "second_id"))


def _day(birthday: tuple[int | None, int | None, int | None]) -> str:
    month, day, year = birthday
    if not (month and day):
        return ""
    try:
        return month_day(MonthDay(month, day, year))
    except InvalidDate:
        return ""


def conflicts(a: Facts, b: Facts, *, names: bool = True, phones: bool = False) -> list[str]:
    """What says these two are different people: other birthdays, other card
    UIDs, no email in common, given names that differ ("Jane" and "Tom"), and
    with ``phones`` no phone in common. A shared phone, name or company never
    outweighs any of them."""
    found = []
    if a.birthday[:2] != b.birthday[:2] and a.birthday[0] and b.birthday[0]:
        found.append(f"different birthdays ({_day(a.birthday)}, {_day(b.birthday)})")
    elif a.birthday[2] and b.birthday[2] and a.birthday[2] != b.birthday[2]:
        found.append(f"different birth years ({a.birthday[2]}, {b.birthday[2]})")
    if a.uid and b.uid and a.uid != b.uid:
        found.append("different card UIDs")
    if _emails_differ(a.emails, b.emails):
        found.append("no email in common")
    if names and _names_differ(a, b):
        found.append("names differ")
    if phones and a.phones and b.phones and not a.phones & b.phones:
        found.append("no phone in common")
    return found


def _emails_differ(a: set[str], b: set[str]) -> bool:
    """Both have emails and share none, not even the part before the @ (the same
    name at another provider is the same person's second address)."""
    if not a or not b or a & b:
        return False
    return not {e.rpartition("@")[0] for e in a} & {e.rpartition("@")[0] for e in b}


def _names_differ(a: Facts, b: Facts) -> bool:
    """Whether the words the two names do not share contradict each other:
    "Jane Doe" and "Tom Doe" do, "J. Doe" and "Jane Doe" do not."""
    words_a, words_b = set(a.words), set(b.words)
    only_a, only_b = words_a - words_b, words_b - words_a
    if not only_a or not only_b:
        return False
    return not any(
        x.startswith(y) or y.startswith(x) or fuzz.ratio(x, y) >= 80 for x in only_a for y in only_b
    )


def _judge(a: Facts, b: Facts, evidence: _Evidence) -> tuple[str, list[str], list[str], int]:
    """Strength, reasons, conflicts and score of one pair (names that differ
    count against a pair tied by a shared value; alone, names only suggest)."""
    against = conflicts(a, b, names=bool(evidence.shared))
    alike = evidence.alike or round(fuzz.token_sort_ratio(a.core, b.core))
    same_name = bool(a.key) and a.key == b.key
    reasons = list(evidence.shared)
    if same_name:
        reasons.append("same name")
    elif alike >= NAMES_ALIKE:
        reasons.append(f"names alike ({alike}%)")
    same_company = bool(a.company_key) and a.company_key == b.company_key
    if same_company and reasons:
        reasons.append(f"same company {a.company.strip()}")
    if not evidence.shared:
        score = alike - 40 + (5 if same_company else 0) - 15 * len(against)
        return POSSIBLE, reasons, against, max(score, 1)
    if same_name and not against:
        return EXACT, reasons, against, 100
    if against and all(why.startswith("same phone") for why in evidence.shared):
        # A shared landline or switchboard and something that says otherwise:
        # a household or colleagues far more often than one person twice.
        score = alike - 40 + 10 - 15 * len(against)
        return POSSIBLE, reasons, against, max(score, 1)
    score = 70 + alike // 5 + 3 * (len(evidence.shared) - 1) - 15 * len(against)
    return STRONG, reasons, against, max(min(score, 99), 1)


def _evidence(user: User, people: dict[int, Facts]) -> dict[tuple[int, int], _Evidence]:
    found: dict[tuple[int, int], _Evidence] = defaultdict(_Evidence)
    for pair, shared in _shared_values(user, people).items():
        found[pair].shared = shared
    for pair, ratio in _alike_names(people):
        found[pair].alike = ratio
    return found


def find_duplicates(user: User, *, limit: int | None = None) -> list[Candidate]:
    """Every pair worth a look, strongest first; dismissed pairs left out."""
    people = facts_of(user)
    dismissed = _dismissed(user)
    judged = []
    for pair, evidence in _evidence(user, people).items():
        if pair in dismissed:
            continue
        strength, reasons, conflicts, score = _judge(people[pair[0]], people[pair[1]], evidence)
        judged.append((STRENGTHS.index(strength), -score, pair, strength, reasons, conflicts))
    judged.sort()
    chosen = judged[:limit] if limit is not None else judged
    wanted = {pk for row in chosen for pk in row[2]}
    models = owned(Person, user).select_related("circle").in_bulk(list(wanted))
    return [
        Candidate(models[a], models[b], strength, tuple(reasons), tuple(conflicts), -neg)
        for _, neg, (a, b), strength, reasons, conflicts in chosen
    ]


def candidate(user: User, first: Person, second: Person) -> Candidate | None:
    """The evidence for one pair (any order), or None when nothing ties them."""
    if first.pk == second.pk or first.owner_id != second.owner_id:
        return None
    a, b = sorted((first, second), key=lambda p: p.pk)
    people = facts_of(user, [a.pk, b.pk])
    if len(people) != 2:
        return None
    evidence = _Evidence(shared=_shared_values(user, people).get((a.pk, b.pk), []))
    strength, reasons, conflicts, score = _judge(people[a.pk], people[b.pk], evidence)
    if not reasons:
        return None
    return Candidate(a, b, strength, tuple(reasons), tuple(conflicts), score)


def duplicates_of(user: User, person: Person) -> list[Candidate]:
    """This person's likely twins: people sharing one of their emails, phones or UID.

    Cheap enough for a person page: one read of the person's values, one of
    who else holds them.
    """
    mine = owned(ContactPoint, user).filter(person=person, kind__in=["email", "phone"])
    keys = {(kind, norm) for kind, norm in mine.values_list("kind", "normalized") if norm}
    others: set[int] = set()
    if keys:
        same = owned(ContactPoint, user).filter(
            normalized__in={norm for _, norm in keys}, kind__in=["email", "phone"]
        )
        others = {
            pid
            for pid, kind, norm in same.values_list("person_id", "kind", "normalized")
            if (kind, norm) in keys
        }
    if person.external_uid:
        others |= set(
            owned(Person, user)
            .filter(external_uid=person.external_uid)
            .values_list("pk", flat=True)
        )
    others.discard(person.pk)
    dismissed = _dismissed(user)
    found = []
    for other in owned(Person, user).filter(pk__in=list(others)[: SHARED_LIMIT + 1]):
        pair = (min(person.pk, other.pk), max(person.pk, other.pk))
        found_pair = None if pair in dismissed else candidate(user, person, other)
        if found_pair is not None:
            found.append(found_pair)
    return sorted(found, key=lambda c: -c.score)


@transaction.atomic
def dismiss(user: User, first: Person, second: Person) -> None:
    """Remember that these two are different people."""
    if first.pk == second.pk:
        return
    a, b = sorted((first.pk, second.pk))
    wanted = owned(Person, user).filter(pk__in=[a, b]).count()
    if wanted != 2:
        raise Person.DoesNotExist("Both people must be yours.")
    NotDuplicate.objects.get_or_create(owner=user, first_id=a, second_id=b)
