"""Greetings: the user's words per occasion, filled for one person, and sent.

A template's subject and body hold placeholders such as ``{first_name}``. They
are filled by plain substitution of ``{word}``: an unknown placeholder stays
visible as it was typed, and nothing a user types can make filling fail.

Sending puts the greeting in the outbox (key ``greeting:<person>:<occasion>:<day>``)
and tries it at once. The touch is logged when the mail server accepts it
(``log_sent``, called by the outbox once a greeting is sent): a failure keeps
the message waiting in the outbox for another attempt and logs nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from keepwarm.accounts.models import zone_of
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.contacts.queries import relations_of
from keepwarm.formats.text import one_line
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions.models import GreetingTemplate
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind
from keepwarm.touches.queries import kind_for_occasion
from keepwarm.touches.services import log_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

log = logging.getLogger(__name__)

Occasion = GreetingTemplate.Occasion
PLACEHOLDERS = ("first_name", "nickname", "name", "spouse", "children", "my_name")
PLACEHOLDER = re.compile(r"\{([^{}\s]{0,40})\}")

DEFAULTS = {
    Occasion.BIRTHDAY: (
        "Happy birthday, {first_name}!",
        "Hi {first_name},\n\nHappy birthday! I hope the day brings you good company, "
        "good food and a little time for yourself. Let's catch up soon.\n\n{my_name}",
    ),
    Occasion.HOLIDAY: (
        "Warm wishes for the holidays",
        "Dear {first_name},\n\nWarm wishes to you and yours for the holidays, and all the "
        "best for the new year. It would be lovely to see you in it.\n\n{my_name}",
    ),
    Occasion.CONGRATULATIONS: (
        "Congratulations, {first_name}!",
        "Hi {first_name},\n\nI just heard the news: congratulations! I'm really happy "
        "for you. Tell me all about it when you have a moment.\n\n{my_name}",
    ),
    Occasion.CONDOLENCE: (
        "Thinking of you",
        "Dear {first_name},\n\nI was so sorry to hear of your loss. I'm thinking of you "
        "and your family. If there is anything I can do, or you just want to talk, "
        "I'm here.\n\n{my_name}",
    ),
}

# Which catalogue kind a greeting is logged as, by its ``TouchKind.occasion``.
TOUCH_OCCASION = {
    Occasion.BIRTHDAY: "birthday",
    Occasion.HOLIDAY: "holiday",
    Occasion.CONGRATULATIONS: "congratulate",
    Occasion.CONDOLENCE: "condolence",
}
# The planner's occasions (on agenda items) that a greeting answers.
FROM_PLAN = {
    "birthday": Occasion.BIRTHDAY,
    "holiday": Occasion.HOLIDAY,
    "congratulate": Occasion.CONGRATULATIONS,
    "congratulations": Occasion.CONGRATULATIONS,
    "condolence": Occasion.CONDOLENCE,
    "anniversary": Occasion.CONDOLENCE,
}


class NoKind(ValidationError):
    """The catalogue has no kind to log this greeting as (the user deleted it)."""


class AlreadySent(ValidationError):
    """This greeting went out already today."""


# Templates and placeholders --------------------------------------------------------


def templates_of(user: User) -> dict[str, GreetingTemplate]:
    """The user's template per occasion, the defaults made on first use."""
    found = {t.occasion: t for t in owned(GreetingTemplate, user)}
    for occasion, (subject, body) in DEFAULTS.items():
        if occasion in found:
            continue
        try:
            with transaction.atomic():
                found[occasion] = GreetingTemplate.objects.create(
                    owner=user, occasion=occasion, subject=subject, body=body
                )
        except IntegrityError:  # made by another request just now
            found[occasion] = owned(GreetingTemplate, user).get(occasion=occasion)
    return {occasion: found[occasion] for occasion in Occasion.values}


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known ``{placeholder}`` replaced; anything else kept as typed."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return values[name] if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, text)


def unknown_placeholders(text: str) -> list[str]:
    """The ``{words}`` in ``text`` that are not placeholders, in order, once each."""
    unknown = [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(1) not in PLACEHOLDERS]
    return list(dict.fromkeys(unknown))


def check_placeholders(text: str) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        noun = "placeholder" if len(unknown) == 1 else "placeholders"
        raise ValidationError(f"Unknown {noun} {', '.join(unknown)}: use {known}.")


def and_join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def my_name(user: User) -> str:
    return (user.get_full_name() or user.first_name or user.username).strip()


def given_name(person: Person) -> str:
    return person.given_name or person.display_name.split(" ")[0]


def values_for(user: User, person: Person) -> dict[str, str]:
    """What each placeholder says for ``person``: names of their spouse or partner
    and their children come from their relationships, either way round."""
    relations = relations_of(user, person)
    spouses = [r.name for r in relations if r.kind in ("spouse", "partner")]
    children = [r.name for r in relations if r.kind == "child"]
    first = given_name(person)
    return {
        "first_name": first,
        "nickname": person.nickname or first,
        "name": person.display_name,
        "spouse": and_join(spouses),
        "children": and_join(children),
        "my_name": my_name(user),
    }


SAMPLE = {
    "first_name": "Jane",
    "nickname": "Janie",
    "name": "Jane Doe",
    "spouse": "John",
    "children": "Anna and Ben",
}


def preview(user: User, subject: str, body: str) -> tuple[str, str]:
    """The template filled for an example person (Jane Doe, married to John)."""
    values = {**SAMPLE, "my_name": my_name(user)}
    return fill(subject, values), fill(body, values)


# Drafts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    person: Person
    occasion: str
    emails: list[str]
    """The person's addresses, the preferred first."""
    subject: str
    body: str

    @property
    def to(self) -> str:
        return self.emails[0] if self.emails else ""


def emails_of(person: Person) -> list[str]:
    points = ContactPoint.objects.filter(person=person, kind="email").order_by("-preferred", "id")
    return list(dict.fromkeys(points.values_list("value", flat=True)))


def draft_for(user: User, person: Person, occasion: str) -> Draft:
    template = templates_of(user)[occasion]
    values = values_for(user, person)
    return Draft(
        person=person,
        occasion=occasion,
        emails=emails_of(person),
        subject=fill(template.subject, values),
        body=fill(template.body, values),
    )


# Sending and logging -----------------------------------------------------------------


def touch_kind_for(user: User, occasion: str) -> TouchKind:
    """The catalogue kind a greeting is logged as: the one kept for its occasion
    (congratulations without one: the cheapest routine kind an email can be, as
    the greeting goes out by email)."""
    found = kind_for_occasion(user, TOUCH_OCCASION[occasion], cheapest=True)
    if found is None and occasion == Occasion.CONGRATULATIONS:
        found = kind_for_occasion(user, "", cheapest=True, by_email=True)
    if found is None:
        label = Occasion(occasion).label
        raise NoKind(
            f"Your touch kinds have none for {label} greetings, so this one could not be "
            "logged. Add one in Settings → Touch kinds (“What it is for”) and try again.",
            code="no_kind",
        )
    return found


def greeting_key(person: Person, occasion: str, day: dt.date) -> str:
    return f"greeting:{person.pk}:{occasion}:{day.isoformat()}"


@dataclass(frozen=True)
class Outcome:
    message: OutboxMessage
    kind: TouchKind
    """What the touch is logged as once the greeting is sent."""

    @property
    def sent(self) -> bool:
        return self.message.status == OutboxMessage.Status.SENT


def send(user: User, draft: Draft, to: str, *, today: dt.date | None = None) -> Outcome:
    """Queue the greeting and try it at once; the touch is logged if it went out.

    Raises ``NoKind`` before anything is queued, ``AlreadySent`` when the same
    greeting went out today, ``outbox.EmailNotConfigured`` without a mail server.
    """
    day = today or timezone.localdate()
    kind = touch_kind_for(user, draft.occasion)
    if not outbox.email_configured():
        raise outbox.EmailNotConfigured
    key = greeting_key(draft.person, draft.occasion, day)
    fields = {"subject": draft.subject, "text": draft.body, "to": to}
    message = outbox.enqueue(user, OutboxMessage.Kind.GREETING, key, **fields)
    if message is None:  # pragma: no cover - enqueue only refuses without an address
        raise ValidationError("Pick an address to send to.")
    if message.status == OutboxMessage.Status.SENT:
        raise AlreadySent(f"This greeting went out to {message.to} today already.")
    _rewrite(message, fields)
    return Outcome(outbox.send_now(message), kind)


def _rewrite(message: OutboxMessage, fields: dict[str, str]) -> None:
    """A greeting waiting after a failure takes the newly edited words, and goes now."""
    fields = {**fields, "subject": one_line(fields["subject"])[:300]}
    validate_email(fields["to"])
    OutboxMessage.objects.filter(
        pk=message.pk, status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED]
    ).update(**fields, status=OutboxMessage.Status.QUEUED, next_attempt_at=timezone.now())
    message.refresh_from_db()


@transaction.atomic
def sent_by_hand(user: User, draft: Draft, *, today: dt.date | None = None) -> Touch:
    """The user sent it themselves (copied, or from their mail app): log the touch,
    and drop the same greeting if it waits in the outbox, so it never goes twice."""
    day = today or timezone.localdate()
    kind = touch_kind_for(user, draft.occasion)
    OutboxMessage.objects.owned_by(user).filter(
        key=greeting_key(draft.person, draft.occasion, day),
        status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED],
    ).delete()
    return log_touch(user, [draft.person], kind, date=day, note=note_for(draft.subject))


def note_for(subject: str) -> str:
    return f"Greeting: “{subject}”"


def parse_key(key: str) -> tuple[int, str] | None:
    """(person id, occasion) of a greeting's outbox key, or None for another key.

    ``greeting:<person>:<occasion>:<day>`` (written) or ``greeting:auto:<person>:<year>``.
    """
    parts = key.split(":")
    if len(parts) != 4 or parts[0] != "greeting":
        return None
    if parts[1] == "auto":
        pid, occasion = parts[2], Occasion.BIRTHDAY.value
    else:
        pid, occasion = parts[1], parts[2]
    if not pid.isascii() or not pid.isdigit() or occasion not in Occasion.values:
        return None
    return int(pid), occasion


def log_sent(message: OutboxMessage, now: dt.datetime) -> Touch | None:
    """The touch of a greeting the mail server accepted, on the user's local day.

    Run by the outbox as it records a greeting as sent (``outbox.when_sent``,
    registered in ``apps.py``). None when the key is not a greeting's, the person
    is gone, or no kind fits (said in the log).
    """
    parsed = parse_key(message.key)
    if parsed is None:
        return None
    pid, occasion = parsed
    user = message.owner
    person = owned(Person, user).filter(pk=pid).first()
    if person is None:
        return None
    try:
        kind = touch_kind_for(user, occasion)
    except NoKind:
        log.warning("Greeting %s was sent, but no touch kind fits it to log", message.key)
        return None
    zone = zone_of(user)
    with timezone.override(zone), transaction.atomic():
        day = now.astimezone(zone).date()
        return log_touch(user, [person], kind, date=day, note=note_for(message.subject))
