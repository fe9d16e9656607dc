"""A touch-history CSV into the touch log: kinds by label, people by email or name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.formats.touchlog import TouchLogResult, TouchRow
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind
from keepwarm.touches.services import log_touch


@dataclass
class TouchReport:
    added: int = 0
    same: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.added} new, {self.same} already logged, {len(self.skipped)} skipped"


class _People:
    def __init__(self, user: Any) -> None:
        people = list(owned(Person, user).filter(deceased=False))
        self.by_name: dict[str, list[Person]] = {}
        for person in people:
            self.by_name.setdefault(person.display_name.casefold(), []).append(person)
        index = {p.pk: p for p in people}
        emails = owned(ContactPoint, user).filter(kind="email")
        self.by_email = {
            value: index[pid]
            for pid, value in emails.values_list("person_id", "normalized")
            if pid in index
        }

    def find(self, text: str) -> Person | str:
        key = " ".join(text.split()).casefold()
        if key in self.by_email:
            return self.by_email[key]
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        return f"{text!r} matches {len(found)} people" if found else f"no one is {text!r}"


def _already(user: Any, row: TouchRow, kind: TouchKind, people: list[Person]) -> bool:
    touches = owned(Touch, user).filter(date=row.date, kind=kind, note=row.note.strip())
    wanted = {p.pk for p in people}
    return any(set(t.people.values_list("pk", flat=True)) == wanted for t in touches)


@transaction.atomic
def apply(user: Any, parsed: TouchLogResult, *, dry_run: bool = False) -> TouchReport:
    """Log every readable row; a row already in the log is not logged twice."""
    report = TouchReport(skipped=[(s.line, s.reason) for s in parsed.skipped])
    kinds = {k.label.casefold(): k for k in owned(TouchKind, user)}
    people = _People(user)
    for row in parsed.rows:
        kind = kinds.get(" ".join(row.kind.split()).casefold())
        if kind is None:
            report.skipped.append((row.line, f"no touch kind is called {row.kind!r}"))
            continue
        found = [people.find(text) for text in row.people]
        problems = [f for f in found if isinstance(f, str)]
        if problems:
            report.skipped.append((row.line, "; ".join(problems)))
            continue
        chosen = [f for f in found if isinstance(f, Person)]
        if _already(user, row, kind, chosen):
            report.same += 1
            continue
        try:
            log_touch(user, chosen, kind, date=row.date, note=row.note)
        except ValidationError as exc:
            report.skipped.append((row.line, " ".join(exc.messages)))
            continue
        report.added += 1
    if dry_run:
        transaction.set_rollback(True)
    report.skipped.sort()
    return report
