"""Who a parsed record already is: the same UID or email (strong), else a phone or
the name and company when nothing contradicts it (weak)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from keepwarm.contacts.duplicates import Facts, conflicts, facts_of
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.contacts.sameness import text_key
from keepwarm.formats.countries import country_code
from keepwarm.formats.records import ContactRecord
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def record_name(record: ContactRecord) -> str:
    """The name to show: as written, else from its parts, else an email, phone or company."""
    parts = (
        record.prefix,
        record.given_name,
        record.additional_names,
        record.family_name,
        record.suffix,
    )
    for candidate in (
        record.display_name,
        " ".join(p for p in parts if p.strip()),
        record.emails[0].value if record.emails else "",
        record.phones[0].value if record.phones else "",
        record.company,
    ):
        name = " ".join(candidate.split())
        if name:
            return name
    return ""


def _name_key(name: str, company: str) -> tuple[str, str]:
    """A name and a company compared as the duplicate search compares them."""
    return text_key(name), text_key(company)


def record_regions(record: ContactRecord, account_region: str) -> tuple[str, ...]:
    """Where to read the record's phone numbers: the countries of its addresses
    (a name or a code, as written), then the account's country."""
    found = (country_code(address.country) for address in record.addresses)
    return tuple(dict.fromkeys([*(code for code in found if code), account_region]))


Key = Any
"""Who a record matched: a saved person's id, or a ``Person`` not saved yet."""


class Matcher:
    """Indexes of the user's people, built once per import and kept up to date.

    Who a record is: the same card UID or the same email says so (strong). A
    shared phone, or the same name and company, is weak: it is taken only when
    nothing contradicts it (``duplicates.conflicts``: other birthdays, other
    UIDs, no email in common, other given names); otherwise the record becomes
    a person of its own and the pair shows on the duplicates page.

    It holds ids, not ``Person`` rows, so that a large network costs little
    memory; a person created by this import is held as its unsaved ``Person``
    (the import writes nothing until it is all worked out). The facts needed
    to judge a weak match are read only for the people a record weakly
    matches.
    """

    def __init__(self, user: User) -> None:
        self.user = user
        self.by_uid: dict[str, Key] = {}
        self.by_name: dict[tuple[str, str], Key] = {}
        self.by_point: dict[tuple[str, str], Key] = {}
        self.apart: dict[int, list[str]] = {}
        """Per record (by ``id``), the people it was kept apart from, and why."""
        self._points_of: dict[int, dict[tuple[str, str], str]] = {}
        """Each record's normalised emails and phones, by ``id()``, until ``settle``."""
        self._normal: dict[tuple[str, str, tuple[str, ...]], str | None] = {}
        self._saved: dict[int, Facts] = {}
        """The facts of saved people, by id, read as records reach them."""
        self._new: dict[int, Facts] = {}
        """The facts of people this import made, by ``id()`` until they are saved."""
        rows = owned(Person, user).values_list("pk", "external_uid", "display_name", "company")
        for pk, uid, name, company in rows.iterator(chunk_size=5000):
            if uid:
                self.by_uid[uid] = pk
            self.by_name[_name_key(name, company)] = pk
        points = owned(ContactPoint, user).filter(kind__in=["email", "phone"])
        for pid, kind, normalized in points.values_list("person_id", "kind", "normalized"):
            if normalized:
                self.by_point.setdefault((kind, normalized), pid)

    def find(self, record: ContactRecord, regions: tuple[str, ...]) -> Key | None:
        strong, weak = self._candidates(record, regions)
        if strong is not None or not weak:
            return strong
        mine = self._record_facts(record, regions)
        apart = []
        for why, found in weak:
            theirs = self._facts_of(found)
            against = conflicts(theirs, mine, phones=True)
            if not against:
                self.apart.pop(id(record), None)
                return found
            apart.append(f"{why} as {theirs.name}, but {', '.join(against)}")
        if apart:
            self.apart[id(record)] = list(dict.fromkeys(apart))
        return None

    def saved_candidates(
        self, records: list[ContactRecord], regions: list[tuple[str, ...]]
    ) -> set[int]:
        """Saved people these records may be, strongly or weakly: their facts are
        read at once (to judge a weak match, and to add to what a match is)."""
        wanted = set()
        for record, where in zip(records, regions, strict=True):
            strong, weak = self._candidates(record, where)
            found = [strong] if strong is not None else [key for _, key in weak]
            wanted |= {key for key in found if isinstance(key, int)}
        self.read_facts(wanted)
        return wanted

    def _candidates(
        self, record: ContactRecord, regions: tuple[str, ...]
    ) -> tuple[Key | None, list[tuple[str, Key]]]:
        """Who the record is by its UID or an email (strong), else who it may be
        by a phone or its name and company (weak, each with why)."""
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid], []
        points = self._points(record, regions)
        for key in points:
            if key[0] == "email" and key in self.by_point:
                return self.by_point[key], []
        weak = [
            (f"same phone {value}", self.by_point[key])
            for key, value in points.items()
            if key[0] == "phone" and key in self.by_point
        ]
        name_key = _name_key(record_name(record), record.company)
        if name_key in self.by_name:
            why = "same name and company" if record.company.strip() else "same name"
            weak.append((why, self.by_name[name_key]))
        return None, weak

    def read_facts(self, ids: set[int]) -> None:
        """Read the facts of these saved people (those not read yet)."""
        missing = ids - self._saved.keys()
        if missing:
            self._saved.update(facts_of(self.user, missing))

    def remember(self, person: Person, record: ContactRecord, regions: tuple[str, ...]) -> None:
        """A later record in the same file finds this person too."""
        key: Key = person.pk if person.pk is not None else person
        if record.uid:
            self._set(self.by_uid, record.uid, key)
        for point in self._points(record, regions):
            self._set(self.by_point, point, key)
        self._set(self.by_name, _name_key(person.display_name, person.company), key)
        mine = self._record_facts(record, regions)
        if person.pk is not None:
            self.read_facts({person.pk})  # read with its chunk; this is for safety
            known = self._saved.get(person.pk)
        else:
            known = self._new.setdefault(id(person), mine)
        if known is None or known is mine:
            return
        known.emails = known.emails | mine.emails
        known.phones = known.phones | mine.phones
        known.uid = known.uid or mine.uid
        if not known.birthday[0]:
            known.birthday = mine.birthday

    def settle(self) -> None:
        """A chunk is worked out: forget its records' normalised points and the
        values normalised for it (the people and their facts stay, as the
        records left them, for the chunks after)."""
        self._points_of.clear()
        self._normal.clear()

    def normalize(self, kind: str, value: str, regions: tuple[str, ...]) -> str | None:
        """``normalize_contact`` as an import reads values (never dropping one that
        is not strictly valid), or None for one that cannot be kept at all;
        remembered until ``settle``, as a record is looked at several times
        (phones are slow to read)."""
        from keepwarm.contacts.services import normalize_contact

        key = (kind, value, regions)
        if key not in self._normal:
            try:
                self._normal[key] = normalize_contact(
                    kind, value, regions[-1], regions=regions[:-1], lenient=True
                )
            except ValidationError:
                self._normal[key] = None
        return self._normal[key]

    def _facts_of(self, key: Key) -> Facts:
        if isinstance(key, int):
            self.read_facts({key})
            return self._saved[key]
        return self._new[id(key)]

    def _record_facts(self, record: ContactRecord, regions: tuple[str, ...]) -> Facts:
        day = record.birthday.day if record.birthday else None
        year = day.year if day and record.birthday and not record.birthday.doubtful else None
        birthday = (day.month, day.day, year) if day else (None, None, None)
        points = self._points(record, regions)
        emails = {value for kind, value in points if kind == "email"}
        phones = {value for kind, value in points if kind == "phone"}
        name, company = record_name(record), record.company
        return Facts(None, name, company, record.uid, birthday, emails, phones)

    def _set(self, index: dict[Any, Key], key: Any, value: Key) -> None:
        if key not in index:
            index[key] = value

    def _points(
        self, record: ContactRecord, regions: tuple[str, ...]
    ) -> dict[tuple[str, str], str]:
        """The record's emails and phones, normalised, each with the value as
        written (kept for the next call on the same record)."""
        found = self._points_of.get(id(record))
        if found is None:
            found = {}
            for kind, values in (("email", record.emails), ("phone", record.phones)):
                for item in values:
                    normalized = self.normalize(kind, item.value, regions)
                    if normalized is not None:
                        found.setdefault((kind, normalized), item.value)
            self._points_of[id(record)] = found
        return found
