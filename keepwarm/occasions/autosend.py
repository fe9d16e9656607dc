"""Birthday greetings sent by themselves, for users who turn it on.

``send_due_greetings(now)`` runs at every pass of the worker, before the outbox
is sent. For each user who opted in and whose local hour has reached their
chosen hour, it queues the birthday template, filled, for every person whose
birthday is that local day (29 February on 28 February in common years): living,
not archived, sorted into a circle (not an import waiting to be sorted), not
paused, with an email address, and not greeted already.

* Never twice: the outbox key ``greeting:auto:<person>:<year>`` is unique, so a
  second run, or a second worker at the same moment, finds the same message.
* Never late: only on the birthday itself in the user's time zone. After
  downtime past midnight nothing is queued (the digest shows it as belated),
  and a greeting still waiting in the outbox when its day is over is given up
  rather than sent late.
* The touch is logged when the mail server accepts it (see ``greetings.log_sent``).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from keepwarm.accounts.models import SENDS_EMAIL, zone_named, zone_of
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions import greetings
from keepwarm.owned import owned
from keepwarm.touches.models import TouchPerson

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

log = logging.getLogger(__name__)

AUTO_PREFIX = "greeting:auto:"
GIVEN_UP = (
    "Not sent: the birthday was over before the mail server could take it. "
    "It is never sent late; send a belated greeting yourself."
)


def auto_key(person_id: int, year: int) -> str:
    return f"{AUTO_PREFIX}{person_id}:{year}"


def _opted_in() -> list[tuple[int, zoneinfo.ZoneInfo, int]]:
    """(user id, time zone, hour) of every active user who turned auto-send on
    (and may send: ``SENDS_EMAIL``)."""
    users = get_user_model().objects.filter(
        SENDS_EMAIL, is_active=True, reminder_settings__birthday_autosend=True
    )
    rows = users.values_list("pk", "profile__time_zone", "reminder_settings__autosend_hour")
    return [(pk, zone_named(zone), hour or 0) for pk, zone, hour in rows.order_by("pk")]


def send_due_greetings(now: dt.datetime) -> int:
    """Queue every birthday greeting due at ``now``; how many were new."""
    give_up_late(now)
    queued = 0
    for user_id, zone, hour in _opted_in():
        local = now.astimezone(zone)
        if local.hour < hour:
            continue
        try:
            queued += _send_for(user_id, local.date())
        except Exception:  # one user's trouble never holds up the others
            log.exception("Could not queue the birthday greetings of user %s", user_id)
    return queued


def birthdays_on(user: User, day: dt.date) -> list[Person]:
    """Living, active people whose birthday falls on ``day`` (29 February on the
    28th in a common year), not paused that day."""
    # In the network: not those imported and not sorted yet (the user has not chosen them).
    people = owned(Person, user).in_network().not_paused_on(day).born_between(day, day)
    return [
        p for p in people.order_by("pk") if p.birthday and p.birthday.occurrence(day.year) == day
    ]


def _greeted(people: list[Person], day: dt.date) -> set[int]:
    """Of ``people``, those with a birthday greeting logged in the days before or on ``day``."""
    since = day - dt.timedelta(days=3)
    rows = TouchPerson.objects.filter(
        person__in=people, date__gte=since, date__lte=day, touch__kind__occasion="birthday"
    )
    return set(rows.values_list("person_id", flat=True))


def _send_for(user_id: int, day: dt.date) -> int:
    user = get_user_model().objects.select_related("profile").get(pk=user_id)
    people = birthdays_on(user, day)
    if not people:
        return 0
    greeted = _greeted(people, day)
    emails = _emails(people)
    queued = 0
    for person in people:
        address = emails.get(person.pk)
        if person.pk in greeted or not address:
            continue
        queued += _queue(user, person, address, day)
    return queued


def _emails(people: list[Person]) -> dict[int, str]:
    points = ContactPoint.objects.filter(person__in=people, kind="email")
    found: dict[int, str] = {}
    for pid, value in points.order_by("-preferred", "id").values_list("person_id", "value"):
        found.setdefault(pid, value)
    return found


def _queue(user: User, person: Person, address: str, day: dt.date) -> int:
    key = auto_key(person.pk, day.year)
    if OutboxMessage.objects.filter(key=key).exists():
        return 0
    draft = greetings.draft_for(user, person, greetings.Occasion.BIRTHDAY)
    try:
        message = outbox.enqueue(
            user, "greeting", key, subject=draft.subject, text=draft.body, to=address
        )
    except ValidationError:
        log.warning("No birthday greeting for person %s: %r is not an address", person.pk, address)
        return 0
    return 0 if message is None else 1


def give_up_late(now: dt.datetime) -> int:
    """Auto greetings still waiting when the birthday is over in the user's zone
    are marked failed, with why: never sent late. How many."""
    waiting = OutboxMessage.objects.filter(
        kind="greeting", key__startswith=AUTO_PREFIX, status=OutboxMessage.Status.QUEUED
    ).select_related("owner__profile")
    late = [message.pk for message in waiting if _over(message, now)]
    if not late:
        return 0
    return OutboxMessage.objects.filter(pk__in=late, status=OutboxMessage.Status.QUEUED).update(
        status=OutboxMessage.Status.FAILED, last_error=GIVEN_UP
    )


def _over(message: OutboxMessage, now: dt.datetime) -> bool:
    """The birthday of this auto greeting is over in its user's time zone."""
    parsed = greetings.parse_key(message.key)
    year = message.key.rsplit(":", 1)[-1]
    person = Person.objects.filter(pk=parsed[0]).first() if parsed else None
    if person is None or person.birthday is None or not year.isdigit():
        return True
    zone = zone_of(message.owner)
    return now.astimezone(zone).date() > person.birthday.occurrence(int(year))
