"""Two people side by side for the compare page: what each has, what differs,
and what a merge would do.

Everything here is read from the existing person queries; nothing is written.
Values are the same by the keys a merge compares by (``contacts.sameness``),
and what a merge would do is the merge's own ``preview``, in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.text import Truncator

from keepwarm.contacts.merge import Preview, preview
from keepwarm.contacts.models import ContactKind, Person
from keepwarm.contacts.sameness import address_key, date_key, point_key, relation_key, text_key
from keepwarm.lib.words import long_date, month_day, names_sentence, plural, short_date
from keepwarm.touches import person_page

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

NOTE_PREVIEW = 160

# A fact is a label and its items; an item is (text shown, key compared).
Item = tuple[str, Any]
SAME, DIFFERS, ONLY = "same", "differs", "only"


@dataclass(frozen=True)
class Side:
    """One of the two people, with what their page shows and what hangs on them."""

    person: Person
    page: person_page.PersonPage
    summary: person_page.DeletionSummary

    @classmethod
    def of(cls, user: User, person: Person) -> Side:
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


def _one(value: Any) -> list[Item]:
    text = " ".join(str(value or "").split())
    return [(text, text_key(text))] if text else []


def _points(side: Side, kinds: set[str]) -> list[Item]:
    return [
        (point.value, point_key(point.kind, point.normalized, point.value))
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
        "Addresses": [
            (", ".join(a.lines()), address_key(a.street, a.locality, a.postcode))
            for a in page.addresses
        ],
        "Key dates": [
            (f"{d.label}: {month_day(d.month_day)}", date_key(d.label, d.month, d.day))
            for d in page.key_dates
        ],
        "Family and relationships": [
            (f"{r.name} ({r.label})", _relation_key(r)) for r in page.relations
        ],
        "Life events": [
            (f"{e.get_kind_display()}, {short_date(e.date)}", (e.kind, e.date))
            for e in page.life_events
        ],
        "Work history": [
            (", ".join(part for part in (w.company, w.role, w.years) if part), _work_key(w))
            for w in _history(side)
        ],
        "Tags": [(f"#{t.name}", t.pk) for t in page.tags],
    }


def _history(side: Side) -> list[Any]:
    """The work history, without the current job (the company and job title rows)."""
    person = side.person
    return [
        w
        for w in side.page.work
        if not (w.current and (w.company, w.role) == (person.company, person.job_title))
    ]


def _work_key(entry: Any) -> tuple[str, str, str]:
    return text_key(entry.company), text_key(entry.role), entry.years


def _relation_key(relation: Any) -> Any:
    """A relation as the page shows it (either way round) by ``sameness.relation_key``."""
    contact = relation.contact
    return relation_key(
        relation.kind, contact.pk if contact else None, "" if contact else relation.name
    )


def _notes(side: Side) -> list[Item]:
    notes = side.person.notes.strip()
    return [(Truncator(notes).chars(NOTE_PREVIEW), text_key(notes))] if notes else []


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
        "Touches": plural(side.touches, "touch", "touches"),
        "Follow-ups": plural(follow_ups, "follow-up"),
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


# What a merge moves, in the words of the sentence: the parts of the merge
# (``merge.PARTS``, and the tags) counted, the kinds of contact point, singular
# and plural. A part not named here is never said (a "not the same" mark only goes).
MOVES: list[tuple[tuple[str, ...], tuple[str, ...], str, str]] = [
    (("contact_points",), (ContactKind.EMAIL,), "email", "emails"),
    (("contact_points",), (ContactKind.PHONE,), "phone number", "phone numbers"),
    (
        ("contact_points",),
        (ContactKind.URL, ContactKind.SOCIAL),
        "web or social link",
        "web and social links",
    ),
    (("addresses",), (), "address", "addresses"),
    (("key_dates",), (), "key date", "key dates"),
    (("relationships", "relationships_in"), (), "relationship", "relationships"),
    (("life_events",), (), "life event", "life events"),
    (("jobs",), (), "job", "jobs"),
    (("tags",), (), "tag", "tags"),
    (("touch_links",), (), "touch", "touches"),
    (("follow_ups",), (), "follow-up", "follow-ups"),
]

# What a merge fills in (``merge.fills``), in the words of the sentence.
FILL_WORDS = {
    "prefix": "title",
    "given_name": "given name",
    "additional_names": "middle names",
    "family_name": "family name",
    "suffix": "suffix",
    "nickname": "nickname",
    "company": "company",
    "job_title": "job title",
    "industry": "industry",
    "city": "city",
    "how_we_met": "how we met",
    "external_uid": "card UID",
    "photo": "photo",
    "deceased": "that they died",
    "deceased_on": "date of death",
    "birthday": "birthday",
    "birthday_year": "birth year",
}


@dataclass(frozen=True)
class Outcome:
    """What keeping ``keep`` and folding ``absorb`` into them does, in sentences."""

    keep: Person
    absorb: Person
    sentences: list[str]


def _moves(found: Preview) -> list[str]:
    """ "2 emails", "14 touches": what moves over (what only repeats what the
    kept person has stays behind)."""
    moved = {**found.moved, "tags": found.tags}
    said = []
    for parts, kinds, singular, many in MOVES:
        rows = [row for part in parts for row in moved.get(part, [])]
        count = sum(1 for row in rows if not kinds or row.kind in kinds)
        if count:
            said.append(plural(count, singular, many))
    if found.notes:
        said.append("the notes")
    return said


def _details(keep: Person, absorb: Person, found: Preview) -> list[str]:
    """What happens to the single facts: gaps filled, the other name and birthday kept."""
    filled = [FILL_WORDS[name] for name in found.filled]
    said = []
    if filled:
        said.append(f"Filled in from {absorb.display_name}: {names_sentence(filled, len(filled))}.")
    if found.name_kept:
        said.append(f"The name stays in the notes: “{found.name_kept}”")
    if found.other_birthday and absorb.birthday:
        other_day = month_day(absorb.birthday)
        said.append(f"{absorb.display_name}'s birthday ({other_day}) is kept as a key date.")
    if found.circle is not None:
        said.append(f"The circle becomes {found.circle.name}, the closer of the two.")
    return said


def merge_outcome(keep: Side, absorb: Side) -> Outcome:
    kept, gone = keep.person, absorb.person
    found = preview(kept, gone)
    moves = _moves(found)
    first = (
        f"Everything from {gone.display_name} moves to {kept.display_name}: "
        f"{names_sentence(moves, len(moves))}."
        if moves
        else f"{gone.display_name} has nothing that {kept.display_name} lacks."
    )
    last = f"{gone.display_name} is then removed. You can undo this."
    return Outcome(kept, gone, [first, *_details(kept, gone, found), last])
