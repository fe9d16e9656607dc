"""A person's rows as the user types them (the person form, the API): the
checks beyond each model's own ``full_clean`` that every such door makes,
said once.

A contact value is read in the owner's region, as ``services.add_contact_point``
reads it; a country is a code or a name we know; a related contact is one of
the owner's people; a job starts at most a year ahead and has not ended in the
future. Rows from a file are read more leniently (an import keeps what it
can: ``normalize_contact(lenient=True)``). The rules across a person's rows
(one preferred email, one mailing address, the caps) are ``contacts.editing``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.accounts.models import validate_country
from keepwarm.contacts.models import Address, ContactPoint, Job, Person, Relationship
from keepwarm.contacts.services import default_region, normalize_contact
from keepwarm.formats.countries import country_code
from keepwarm.owned import owned, parse_id

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def typed_contact(kind: str, value: str, owner: User) -> str:
    """The comparable form of a contact value ``owner`` typed (``normalize_contact``
    in the owner's region); ``ValidationError`` when it is not one."""
    return normalize_contact(kind, value, default_region(owner))


def typed_country(written: str) -> str:
    """A two-letter code for a code or a country's name in one of many languages
    ("Deutschland"), read the way imports read it; "" for nothing written."""
    written = written.strip()
    country = country_code(written) if written else ""
    if written and not country:
        raise ValidationError(
            f"{written!r} is not a country we know: write its two-letter code, such as US or DE."
        )
    validate_country(country)
    return country


def related_contact(owner: User, written: str) -> Person:
    """The owner's person of the id ``written`` ("12"); ``ValidationError``
    otherwise, saying nothing of anyone else's."""
    pk = parse_id(written)
    other = owned(Person, owner).filter(pk=pk).first() if pk is not None else None
    if other is None:
        raise ValidationError(f"There is no contact #{written}.")
    return other


def check_job_start(started: dt.date | None) -> None:
    if started and started > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError("That is more than a year ahead.")


def check_job_end(ended: dt.date | None) -> None:
    if ended and ended > timezone.localdate():
        raise ValidationError("The end date cannot be in the future: leave it empty.")


def clean_typed(row: Any) -> None:
    """Validate a person's row as typed (``row.person`` set), before
    ``editing.save_person`` saves it: the checks above, then the model's
    ``full_clean``. ``ValidationError`` with the messages by model field."""
    owner = row.person.owner
    errors: dict[str, list[str]] = {}

    def check(field: str, step: Callable[[], None]) -> None:
        try:
            step()
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    if isinstance(row, ContactPoint):
        row.value = row.value.strip()

        def normalize() -> None:
            row.normalized = typed_contact(row.kind, row.value, owner)

        check("value", normalize)
    elif isinstance(row, Address):

        def country() -> None:
            row.country = typed_country(row.country)

        check("country", country)
    elif isinstance(row, Relationship) and row.other_id is not None:
        check("other", lambda: related_contact(owner, str(row.other_id)))
    elif isinstance(row, Job):
        check("started", lambda: check_job_start(row.started))
        check("ended", lambda: check_job_end(row.ended))
    try:
        row.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            said = errors.setdefault(field, [])
            said.extend(message for message in messages if message not in said)
    if errors:
        raise ValidationError(errors)
