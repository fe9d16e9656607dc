"""Turning what the user typed (a person, a circle, a touch kind) into the user's rows.

Every lookup goes through the owner-scoped path, so another account's rows
are simply not found. Import after Django is set up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keepwarm.cli.app import FAILURE, USAGE_ERROR, CliError
from keepwarm.contacts.models import Circle, ContactKind, Person
from keepwarm.contacts.services import AmbiguousPerson, find_person
from keepwarm.lib.words import plural
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def person(user: User, reference: str) -> Person:
    """A person by id, email or unambiguous name; a clear error otherwise."""
    if not reference.strip():
        raise CliError("Name a person: an id, an email or a name.", USAGE_ERROR)
    try:
        return find_person(user, reference)
    except Person.DoesNotExist:
        raise CliError(
            f"No one matches {reference.strip()!r}. Find people with `keepwarm people --search`.",
            FAILURE,
        ) from None
    except AmbiguousPerson as exc:
        raise CliError(ambiguity_message(exc), USAGE_ERROR) from None


def ambiguity_message(exc: AmbiguousPerson) -> str:
    candidates = exc.candidates
    emails = preferred_emails([p.pk for p in candidates])
    if exc.partial:
        head = f"No one is called {exc.text!r}; did you mean"
        head += " this person?" if len(candidates) == 1 else " one of these?"
        lines = [f"{head} Use the id, the email or the full name:"]
    else:
        count = plural(len(candidates), "person", "people")
        lines = [f"{exc.text!r} matches {count}; use the id or the email:"]
    for candidate in candidates:
        parts = [f"{candidate.pk:>6}  {candidate.display_name}"]
        parts += [p for p in (candidate.company, emails.get(candidate.pk)) if p]
        lines.append("  ".join(parts))
    return "\n".join(lines)


def preferred_emails(person_ids: list[int]) -> dict[int, str]:
    """Each person's preferred (else first) email address."""
    from keepwarm.contacts.models import ContactPoint

    found: dict[int, str] = {}
    points = ContactPoint.objects.filter(person_id__in=person_ids, kind=ContactKind.EMAIL)
    for person_id, value in points.order_by("-preferred", "id").values_list("person_id", "value"):
        found.setdefault(person_id, value)
    return found


def circle(user: User, name: str) -> Circle:
    found = owned(Circle, user).filter(name__iexact=name.strip()).first()
    if found is None:
        known = ", ".join(c.name for c in owned(Circle, user))
        raise CliError(f"No circle named {name!r}. Your circles: {known}.", USAGE_ERROR)
    return found


def touch_kind(user: User, label: str) -> TouchKind:
    found = owned(TouchKind, user).filter(label__iexact=" ".join(label.split())).first()
    if found is None:
        known = ", ".join(k.label for k in owned(TouchKind, user))
        raise CliError(f"Unknown touch kind {label!r}. Known kinds: {known}.", USAGE_ERROR)
    return found


def owned_row(user: User, model: Any, pk: int, noun: str, listing: str) -> Any:
    """The user's ``model`` row with id ``pk``; another account's is not found
    either. ``listing`` is the command that lists them, for the message."""
    found = owned(model, user).filter(pk=pk).first()
    if found is None:
        raise CliError(f"You have no {noun} {pk}. See yours with `{listing}`.", FAILURE)
    return found


def rows_of_people(user: User, rows: Any, references: tuple[str, ...], missing: str) -> list[Any]:
    """The rows of ``rows`` (a queryset of one row a person: a trip's postcards,
    a gathering's invitations) of the people named (id, email or name), in the
    order named and once each. Those who have none are named in the error,
    followed by ``missing``."""
    people = [person(user, reference) for reference in references]
    found = {row.person_id: row for row in rows.filter(person__in=people)}
    absent = [p.display_name for p in people if p.pk not in found]
    if absent:
        raise CliError(f"{', '.join(absent)}: {missing}", FAILURE)
    return list({p.pk: found[p.pk] for p in people}.values())
