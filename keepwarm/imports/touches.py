"""A touch-history CSV into the touch log: kinds by label, people by email or name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.contacts.sameness import text_key
from keepwarm.formats.touchlog import TouchLogResult
from keepwarm.imports.bulk import fewer_collections, insert_returning, insert_rows
from keepwarm.imports.unlocked import Claim, worked_out_then_written
from keepwarm.owned import owned
from keepwarm.plans.services import invalidate
from keepwarm.touches.models import Touch, TouchKind, TouchPerson
from keepwarm.touches.services import refresh_last_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


@dataclass
class TouchReport:
    added: int = 0
    same: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.added} new, {self.same} already logged, {len(self.skipped)} skipped"


class _People:
    def __init__(self, user: User) -> None:
        people = list(owned(Person, user).filter(deceased=False))
        self.by_name: dict[str, list[Person]] = {}
        for person in people:
            self.by_name.setdefault(text_key(person.display_name), []).append(person)
        index = {p.pk: p for p in people}
        emails = owned(ContactPoint, user).filter(kind="email")
        self.by_email = {
            value: index[pid]
            for pid, value in emails.values_list("person_id", "normalized")
            if pid in index
        }

    def find(self, text: str) -> Person | str:
        email = " ".join(text.split()).casefold()
        if email in self.by_email:
            return self.by_email[email]
        found = self.by_name.get(text_key(text), [])
        if len(found) == 1:
            return found[0]
        return f"{text!r} matches {len(found)} people" if found else f"no one is {text!r}"


Key = tuple[Any, int, str, frozenset[int]]
"""A touch as the log knows it: date, kind, note and the people it reached."""


def _logged(user: User) -> set[Key]:
    """Every touch already in the user's log, read in two queries."""
    reached: dict[int, set[int]] = {}
    links = TouchPerson.objects.filter(touch__owner=user).values_list("touch_id", "person_id")
    for touch_id, person_id in links.iterator(chunk_size=5000):
        reached.setdefault(touch_id, set()).add(person_id)
    rows = owned(Touch, user).values_list("pk", "date", "kind_id", "note")
    return {
        (date, kind, note.strip(), frozenset(reached.get(pk, ())))
        for pk, date, kind, note in rows.iterator(chunk_size=5000)
    }


@fewer_collections()
def apply(
    user: User,
    parsed: TouchLogResult,
    *,
    dry_run: bool = False,
    then: Callable[[TouchReport], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TouchReport:
    """Log every readable row; a row already in the log is not logged twice.

    The log is read once and the new touches are written in bulk, so a history
    of 200,000 rows takes seconds, not an hour; the rules are ``log_touch``'s
    (the date, the note's length, at least one person). The rows are worked
    out outside any transaction and written in one short one (``unlocked``);
    ``then`` runs in it with the report. A ``dry_run`` (the preview) writes
    nothing."""
    if dry_run:
        return _worked_out(user, parsed, progress)[0]

    def write(
        worked: tuple[TouchReport, list[tuple[Touch, frozenset[int]]]], claim: Claim
    ) -> TouchReport:
        report, new = worked
        _write(user, new, claim)
        if then is not None:
            then(report)
        return report

    return worked_out_then_written(user, lambda: _worked_out(user, parsed, progress), write)


EVERY = 1000
"""Rows between two calls of ``progress``."""


def _worked_out(
    user: User, parsed: TouchLogResult, progress: Callable[[int, int], None] | None = None
) -> tuple[TouchReport, list[tuple[Touch, frozenset[int]]]]:
    """The report, and the touches to write with their people."""
    report = TouchReport(skipped=[(s.line, s.reason) for s in parsed.skipped])
    kinds = {k.label.casefold(): k for k in owned(TouchKind, user)}
    people = _People(user)
    logged = _logged(user)
    new: list[tuple[Touch, frozenset[int]]] = []
    total = len(parsed.rows)
    for done, row in enumerate(parsed.rows):
        if progress is not None and done % EVERY == 0:
            progress(done, total)
        kind = kinds.get(" ".join(row.kind.split()).casefold())
        if kind is None:
            report.skipped.append((row.line, f"no touch kind is called {row.kind!r}"))
            continue
        found = [people.find(text) for text in row.people]
        problems = [f for f in found if isinstance(f, str)]
        if problems:
            report.skipped.append((row.line, "; ".join(problems)))
            continue
        chosen = frozenset(f.pk for f in found if isinstance(f, Person))
        if not chosen:
            report.skipped.append((row.line, "no one is named"))
            continue
        key = (row.date, kind.pk, row.note.strip(), chosen)
        if key in logged:
            report.same += 1
            continue
        touch = Touch(owner=user, kind=kind, date=row.date, note=row.note.strip())
        try:
            touch.clean_fields(exclude=["owner", "kind"])
            touch.clean()
        except ValidationError as exc:
            report.skipped.append((row.line, " ".join(exc.messages)))
            continue
        logged.add(key)
        new.append((touch, chosen))
    if progress is not None:
        progress(total, total)
    report.added = len(new)
    report.skipped.sort()
    return report, new


def _write(user: User, new: list[tuple[Touch, frozenset[int]]], claim: Claim) -> None:
    """The new touches and their people in bulk, then what the services keep;
    ``claim`` once the people's rows are written (``unlocked``)."""
    if not new:
        claim()
        return
    insert_returning(Touch, [touch for touch, _ in new])
    links = [
        TouchPerson(touch_id=touch.pk, person_id=pid, date=touch.date)
        for touch, pids in new
        for pid in pids
    ]
    insert_rows(TouchPerson, links)
    refresh_last_touch({link.person_id for link in links})
    claim()
    invalidate(user.pk)  # rows written in bulk send no signals
