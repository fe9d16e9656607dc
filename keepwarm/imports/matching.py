"""Who a parsed record already is: by UID, then email, then phone, then name and company."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.formats.records import ContactRecord
from keepwarm.owned import owned


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
    return " ".join(name.split()).casefold(), " ".join(company.split()).casefold()


Key = Any
"""Who a record matched: a saved person's id, or a ``Person`` not saved yet."""


class Matcher:
    """Indexes of the user's people, built once per import and kept up to date.

    It holds ids, not ``Person`` rows, so that a large network costs little
    memory; a person created by this import is held as its unsaved ``Person``
    until ``settle`` (after the rows are written) swaps it for its id.
    """

    def __init__(self, user: Any) -> None:
        self.by_uid: dict[str, Key] = {}
        self.by_name: dict[tuple[str, str], Key] = {}
        self.by_point: dict[tuple[str, str], Key] = {}
        self._unsaved: list[tuple[dict[Any, Key], Any]] = []
        self._last: tuple[ContactRecord | None, list[tuple[str, str]]] = (None, [])
        self._normal: dict[tuple[str, str], str | None] = {}
        rows = owned(Person, user).values_list("pk", "external_uid", "display_name", "company")
        for pk, uid, name, company in rows.iterator(chunk_size=5000):
            if uid:
                self.by_uid[uid] = pk
            self.by_name[_name_key(name, company)] = pk
        points = owned(ContactPoint, user).filter(kind__in=["email", "phone"])
        for pid, kind, normalized in points.values_list("person_id", "kind", "normalized"):
            if normalized:
                self.by_point.setdefault((kind, normalized), pid)

    def find(self, record: ContactRecord, region: str) -> Key | None:
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid]
        for key in self._points(record, region):
            if key in self.by_point:
                return self.by_point[key]
        return self.by_name.get(_name_key(record_name(record), record.company))

    def remember(self, person: Person, record: ContactRecord, region: str) -> None:
        """A later record in the same file finds this person too."""
        key: Key = person.pk if person.pk is not None else person
        if record.uid:
            self._set(self.by_uid, record.uid, key)
        for point in self._points(record, region):
            self._set(self.by_point, point, key)
        self._set(self.by_name, _name_key(person.display_name, person.company), key)

    def settle(self) -> None:
        """The people remembered unsaved are saved now: keep their ids instead."""
        for index, key in self._unsaved:
            index[key] = index[key].pk
        self._unsaved.clear()
        self._normal.clear()

    def normalize(self, kind: str, value: str, region: str) -> str | None:
        """``normalize_contact``, or None for a value that is not one; remembered until
        ``settle``, as a record is looked at several times (phones are slow to read)."""
        from keepwarm.contacts.services import normalize_contact

        key = (kind, value)
        if key not in self._normal:
            try:
                self._normal[key] = normalize_contact(kind, value, region)
            except ValidationError:
                self._normal[key] = None
        return self._normal[key]

    def _set(self, index: dict[Any, Key], key: Any, value: Key) -> None:
        if key not in index:
            index[key] = value
            if isinstance(value, Person):
                self._unsaved.append((index, key))

    def _points(self, record: ContactRecord, region: str) -> list[tuple[str, str]]:
        """The record's emails and phones, normalised (kept for the next call, ``remember``)."""
        if self._last[0] is not record:
            found = []
            for kind, values in (("email", record.emails), ("phone", record.phones)):
                for item in values:
                    normalized = self.normalize(kind, item.value, region)
                    if normalized is not None:
                        found.append((kind, normalized))
            self._last = (record, found)
        return self._last[1]
