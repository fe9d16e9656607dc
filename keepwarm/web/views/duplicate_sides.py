"""Two people side by side for the compare page: what each has, what differs,
and what a merge would move.

Everything here is read from the existing person queries; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.text import Truncator

from keepwarm.contacts.models import ContactKind, Person
from keepwarm.contacts.search import fold
from keepwarm.planner.text import plural
from keepwarm.touches import person_page
from keepwarm.web.wording import long_date, month_day, names_sentence, short_date

NOTE_PREVIEW = 160

# A fact is a label and its items; an item is (text shown, key compared).
Item = tuple[str, str]
SAME, DIFFERS, ONLY = "same", "differs", "only"


@dataclass(frozen=True)
class Side:
    """One of the two people, with what their page shows and what hangs on them."""

    person: Person
    page: person_page.PersonPage
    summary: person_page.DeletionSummary

    @classmethod
    def of(cls, user: Any, person: Person) -> Side:
        return cls(
            person=person,
            page=person_page.person_page(user, person, today=timezone.localdate()),
            summary=person_page.deletion_summary(user, person),
        )

    @property
    def touches(self) -> int:
        return self.summary.solo_touches + self.summary.shared_touches


@dataclass(frozen=True)
class Value:
    text: str
    state: str  # SAME, DIFFERS (a single value the other has differently) or ONLY


@dataclass(frozen=True)
class Row:
    label: str
    left: list[Value]
    right: list[Value]

    @property
    def cells(self) -> tuple[list[Value], list[Value]]:
        return self.left, self.right


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _one(value: Any) -> list[Item]:
    text = " ".join(str(value or "").split())
    return [(text, _key(text))] if text else []


def _points(side: Side, kinds: set[str]) -> list[Item]:
    return [
        (point.value, point.normalized or _key(point.value))
        for point in side.page.contact_points
        if point.kind in kinds
    ]


def _birthday(person: Person) -> list[Item]:
    """A birthday's key leaves an unknown year open: "3 May" is the same as "3 May 1980"."""
    day = person.birthday
    if day is None:
        return []
    return [(month_day(day), f"{day.month}-{day.day}/{day.year or '*'}")]


def _same(one: str, other: str) -> bool:
    if one == other:
        return True
    day, _, year = one.partition("/")
    other_day, _, other_year = other.partition("/")
    return bool(year) and day == other_day and "*" in (year, other_year)


def _status(person: Person) -> str:
    words = ["died" if person.deceased else "", "archived" if person.archived else ""]
    return ", ".join(word for word in words if word)


def _single_facts(side: Side) -> dict[str, list[Item]]:
    return _single_facts_of(side.person)


def _single_facts_of(person: Person) -> dict[str, list[Item]]:
    return {
        "Name": _one(person.display_name),
        "Nickname": _one(person.nickname),
        "Company": _one(person.company),
        "Job title": _one(person.job_title),
        "Industry": _one(person.industry),
        "City": _one(person.city),
        "Circle": _one(person.circle.name if person.circle else "not sorted yet"),
        "Birthday": _birthday(person),
        "How we met": _one(person.how_we_met),
        "Status": _one(_status(person)),
    }


def _list_facts(side: Side) -> dict[str, list[Item]]:
    page = side.page
    return {
        "Emails": _points(side, {ContactKind.EMAIL}),
        "Phones": _points(side, {ContactKind.PHONE}),
        "Web and social": _points(side, {ContactKind.URL, ContactKind.SOCIAL}),
        "Addresses": [(", ".join(a.lines()), _key(", ".join(a.lines()))) for a in page.addresses],
        "Key dates": [
            (f"{d.label}: {month_day(d.month_day)}", _key(f"{d.label} {d.month}-{d.day}"))
            for d in page.key_dates
        ],
        "Family and relationships": [
            (f"{r.name} ({r.label})", _key(f"{r.name} {r.label}")) for r in page.relations
        ],
        "Life events": [
            (f"{e.get_kind_display()}, {short_date(e.date)}", _key(f"{e.kind} {e.date}"))
            for e in page.life_events
        ],
        "Tags": [(f"#{t.name}", _key(t.name)) for t in page.tags],
    }


def _notes(side: Side) -> list[Item]:
    notes = side.person.notes.strip()
    return [(Truncator(notes).chars(NOTE_PREVIEW), _key(notes))] if notes else []


def _single_row(label: str, left: list[Item], right: list[Item]) -> Row:
    if left and right:
        state = SAME if _same(left[0][1], right[0][1]) else DIFFERS
        return Row(label, [Value(left[0][0], state)], [Value(right[0][0], state)])
    return Row(label, [Value(t, ONLY) for t, _ in left], [Value(t, ONLY) for t, _ in right])


def _list_row(label: str, left: list[Item], right: list[Item]) -> Row:
    def mark(items: list[Item], other: list[Item]) -> list[Value]:
        keys = {key for _, key in other}
        return [Value(text, SAME if key in keys else ONLY) for text, key in items]

    return Row(label, mark(left, right), mark(right, left))


def _counts(side: Side) -> dict[str, str]:
    follow_ups = side.summary.follow_ups
    return {
        "Touches": f"{side.touches} touch{'es' if side.touches != 1 else ''}",
        "Follow-ups": f"{follow_ups} follow-up{'s' if follow_ups != 1 else ''}",
        "Added": long_date(timezone.localtime(side.person.created_at)),
    }


def compare(left: Side, right: Side) -> list[Row]:
    """Every fact either person has, in page order; rows empty on both sides left out."""
    rows: list[Row] = []
    singles = (_single_facts(left), _single_facts(right))
    rows += [_single_row(label, items, singles[1][label]) for label, items in singles[0].items()]
    lists = (_list_facts(left), _list_facts(right))
    rows += [_list_row(label, items, lists[1][label]) for label, items in lists[0].items()]
    rows.append(_single_row("Notes", _notes(left), _notes(right)))
    counts = (_counts(left), _counts(right))
    rows += [
        Row(label, [Value(text, SAME)], [Value(counts[1][label], SAME)])
        for label, text in counts[0].items()
    ]
    return [row for row in rows if row.left or row.right]


# What a merge moves, in the words of the sentence: (fact label, singular, plural).
MOVES = [
    ("Emails", "email", "emails"),
    ("Phones", "phone number", "phone numbers"),
    ("Web and social", "web or social link", "web and social links"),
    ("Addresses", "address", "addresses"),
    ("Key dates", "key date", "key dates"),
    ("Family and relationships", "relationship", "relationships"),
    ("Life events", "life event", "life events"),
    ("Tags", "tag", "tags"),
]


# Single facts a merge copies to the kept person when theirs is empty.
FILLS = ("Nickname", "Company", "Job title", "Industry", "City", "Birthday", "How we met")


@dataclass(frozen=True)
class Outcome:
    """What keeping ``keep`` and folding ``absorb`` into them does, in sentences."""

    keep: Person
    absorb: Person
    sentences: list[str]


def _moves(keep: Side, absorb: Side) -> list[str]:
    """ "2 emails", "14 touches": what moves over, repeats of what ``keep`` has left out."""
    kept, absorbed = _list_facts(keep), _list_facts(absorb)
    moves = []
    for label, singular, many in MOVES:
        have = {key for _, key in kept[label]}
        new = sum(1 for _, key in absorbed[label] if key not in have)
        if new:
            moves.append(plural(new, singular, many))
    for count, singular, many in (
        (absorb.touches, "touch", "touches"),
        (absorb.summary.follow_ups, "follow-up", "follow-ups"),
    ):
        if count:
            moves.append(plural(count, singular, many))
    if absorb.person.notes.strip():
        moves.append("the notes")
    return moves


def _details(keep: Person, absorb: Person) -> list[str]:
    """What happens to the single facts: gaps filled, the other name and birthday kept."""
    singles = (_single_facts_of(keep), _single_facts_of(absorb))
    filled = [label.lower() for label in FILLS if singles[1][label] and not singles[0][label]]
    same_day = (keep.birthday_month, keep.birthday_day) == (
        absorb.birthday_month,
        absorb.birthday_day,
    )
    if keep.birthday and same_day and keep.birthday_year is None and absorb.birthday_year:
        filled.append("birth year")
    said = []
    if filled:
        said.append(f"Filled in from {absorb.display_name}: {names_sentence(filled, len(filled))}.")
    if fold(absorb.display_name) != fold(keep.display_name):
        said.append(f"The name stays in the notes: “Also known as {absorb.display_name}.”")
    if keep.birthday and absorb.birthday and not same_day:
        other_day = month_day(absorb.birthday)
        said.append(f"{absorb.display_name}'s birthday ({other_day}) is kept as a key date.")
    if absorb.circle is not None and (
        keep.circle is None or absorb.circle.position < keep.circle.position
    ):
        said.append(f"The circle becomes {absorb.circle.name}, the closer of the two.")
    return said


def merge_outcome(keep: Side, absorb: Side) -> Outcome:
    kept, gone = keep.person, absorb.person
    moves = _moves(keep, absorb)
    first = (
        f"Everything from {gone.display_name} moves to {kept.display_name}: "
        f"{names_sentence(moves, len(moves))}."
        if moves
        else f"{gone.display_name} has nothing that {kept.display_name} lacks."
    )
    last = f"{gone.display_name} is then removed. You can undo this."
    return Outcome(kept, gone, [first, *_details(kept, gone), last])
