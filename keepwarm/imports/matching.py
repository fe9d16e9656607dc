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


class Matcher:
    """Indexes of the user's people, built once per import and kept up to date."""

    def __init__(self, user: Any) -> None:
        people = {p.pk: p for p in owned(Person, user)}
        self.people = people
        self.by_uid = {p.external_uid: p for p in people.values() if p.external_uid}
        self.by_name = {_name_key(p.display_name, p.company): p for p in people.values()}
        self.by_point: dict[tuple[str, str], Person] = {}
        points = owned(ContactPoint, user).filter(kind__in=["email", "phone"])
        for pid, kind, normalized in points.values_list("person_id", "kind", "normalized"):
            if normalized and pid in people:
                self.by_point.setdefault((kind, normalized), people[pid])

    def find(self, record: ContactRecord, region: str) -> Person | None:
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid]
        for key in self._points(record, region):
            if key in self.by_point:
                return self.by_point[key]
        return self.by_name.get(_name_key(record_name(record), record.company))

    def remember(self, person: Person, record: ContactRecord, region: str) -> None:
        """A later record in the same file finds this person too."""
        self.people[person.pk] = person
        if record.uid:
            self.by_uid.setdefault(record.uid, person)
        for key in self._points(record, region):
            self.by_point.setdefault(key, person)
        self.by_name.setdefault(_name_key(person.display_name, person.company), person)

    @staticmethod
    def _points(record: ContactRecord, region: str) -> list[tuple[str, str]]:
        from keepwarm.contacts.services import normalize_contact

        found = []
        for kind, values in (("email", record.emails), ("phone", record.phones)):
            for item in values:
                try:
                    found.append((kind, normalize_contact(kind, item.value, region)))
                except ValidationError:
                    continue
        return found
