"""The weekly digest and the daily email: when they go out, and what is in them.

``schedule_due(now)`` runs at every pass of the worker. One query reads every
user who gets emails, with their time zone and settings; only users whose digest
(or daily email) is due get their plan computed. A digest is claimed with a
conditional update of ``ReminderSettings.last_digest_on`` and queued in the
outbox in the same transaction, keyed ``digest:<user>:<local date>``, so two
workers never queue it twice. After downtime only the latest missed digest goes
out; a missed daily email is not sent late.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from keepwarm.accounts.models import SENDS_EMAIL, zone_named
from keepwarm.lib.words import plural, weekday_date
from keepwarm.mail.links import absolute, unsubscribe_url
from keepwarm.mail.models import ReminderSettings, settings_of
from keepwarm.reminders import content

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

log = logging.getLogger(__name__)

DEFAULTS = {"weekday": 0, "hour": 7, "daily": False}


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Schedule:
    """One user's row, as read by the single query of ``schedule_due``."""

    user_id: int
    zone: zoneinfo.ZoneInfo
    weekday: int
    hour: int
    daily: bool
    last_digest_on: dt.date | None
    last_daily_on: dt.date | None
    joined: dt.datetime


# When --------------------------------------------------------------------------------


def latest_digest_day(local: dt.datetime, weekday: int, hour: int) -> dt.date:
    """The last local date, up to ``local``, whose digest hour has come."""
    day = local.date() - dt.timedelta(days=(local.weekday() - weekday) % 7)
    if day == local.date() and local.hour < hour:
        day -= dt.timedelta(days=7)
    return day


def moment(day: dt.date, hour: int, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def digest_due(row: Schedule, now: dt.datetime) -> dt.date | None:
    """The local date of the digest to send now, or None."""
    day = latest_digest_day(now.astimezone(row.zone), row.weekday, row.hour)
    if row.last_digest_on is not None and row.last_digest_on >= day:
        return None
    if moment(day, row.hour, row.zone) < row.joined:
        return None  # that digest was due before the account existed
    return day


def daily_due(row: Schedule, now: dt.datetime) -> dt.date | None:
    """Today's local date when the daily email's hour has come and it was not checked."""
    local = now.astimezone(row.zone)
    if not row.daily or local.hour < row.hour:
        return None
    if row.last_daily_on is not None and row.last_daily_on >= local.date():
        return None
    return local.date()


def next_digest(user: User, now: dt.datetime | None = None) -> dt.datetime:
    """When the user's next digest goes out (in their time zone)."""
    row = _schedule_of(user)
    local = (now or timezone.now()).astimezone(row.zone)
    day = latest_digest_day(local, row.weekday, row.hour)
    if digest_due(row, local) is None:
        day += dt.timedelta(days=7)
    return moment(day, row.hour, row.zone) if day > local.date() else local


# Who ---------------------------------------------------------------------------------


def _recipients() -> Any:
    """Users who get emails: active, not the demo, with a confirmed address, emails on."""
    users = get_user_model().objects.filter(SENDS_EMAIL, is_active=True)
    return users.exclude(reminder_settings__emails_on=False)


FIELDS = (
    "pk",
    "date_joined",
    "profile__time_zone",
    "reminder_settings__digest_weekday",
    "reminder_settings__digest_hour",
    "reminder_settings__daily_email",
    "reminder_settings__last_digest_on",
    "reminder_settings__last_daily_on",
)


def _row(values: tuple[Any, ...]) -> Schedule:
    pk, joined, zone, weekday, hour, daily, last_digest, last_daily = values
    return Schedule(
        user_id=pk,
        zone=zone_named(zone),
        weekday=DEFAULTS["weekday"] if weekday is None else weekday,
        hour=DEFAULTS["hour"] if hour is None else hour,
        daily=bool(daily),
        last_digest_on=last_digest,
        last_daily_on=last_daily,
        joined=joined,
    )


def schedules() -> Iterator[Schedule]:
    """Every recipient's schedule, in one query (rows without settings get the defaults)."""
    for values in _recipients().values_list(*FIELDS).order_by("pk").iterator(chunk_size=2000):
        yield _row(values)


def _schedule_of(user: User) -> Schedule:
    found = get_user_model().objects.filter(pk=user.pk).values_list(*FIELDS).first()
    return _row(found)


# Sending -----------------------------------------------------------------------------


def schedule_due(now: dt.datetime) -> int:
    """Enqueue every digest and daily email that is due at ``now``; how many."""
    queued = 0
    due = [row for row in schedules() if digest_due(row, now) or daily_due(row, now)]
    for row in due:  # read to the end first: no write while the query's cursor is open
        try:
            queued += _schedule_one(row, now)
        except Exception:  # one user's trouble never holds up the others
            log.exception("Could not prepare the emails of user %s", row.user_id)
    return queued


def _schedule_one(row: Schedule, now: dt.datetime) -> int:
    digest_day = digest_due(row, now)
    daily_day = daily_due(row, now)
    if digest_day is None and daily_day is None:
        return 0
    user = get_user_model().objects.select_related("profile").get(pk=row.user_id)
    settings_of(user)  # the row the claims below update
    today = now.astimezone(row.zone).date()
    with timezone.override(row.zone):
        if digest_day is not None:
            sent = _send_digest(user, row, digest_day, today)
            _claim(user, "last_daily_on", today)  # the digest stands in for today's daily
            return sent
        return _send_daily(user, today) if daily_day is not None else 0


def _claim(user: User, field: str, day: dt.date) -> bool:
    """Mark ``field`` as done for ``day`` unless another worker already did."""
    not_yet = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": day})
    return bool(ReminderSettings.objects.filter(not_yet, user=user).update(**{field: day}))


def _enqueue(user: User, kind: str, key: str, email: Email) -> int:
    from keepwarm.mail.outbox import enqueue

    message = enqueue(user, kind, key, subject=email.subject, text=email.text, html=email.html)
    return 0 if message is None else 1


@transaction.atomic
def _send_digest(user: User, row: Schedule, day: dt.date, today: dt.date) -> int:
    if not _claim(user, "last_digest_on", day):
        return 0
    email = digest_email(user, today, last_digest_on=row.last_digest_on)
    return _enqueue(user, "digest", f"digest:{user.pk}:{day.isoformat()}", email)


@transaction.atomic
def _send_daily(user: User, today: dt.date) -> int:
    if not _claim(user, "last_daily_on", today):
        return 0
    email = daily_email(user, today)
    if email is None:
        return 0  # nothing today: no email
    return _enqueue(user, "daily", f"daily:{user.pk}:{today.isoformat()}", email)


# What --------------------------------------------------------------------------------


def _render(name: str, subject: str, context: dict[str, Any]) -> Email:
    page = {
        **context,
        "subject": subject,
        "home_url": absolute(reverse("home")),
        "settings_url": absolute(reverse("reminders")),
        "unsubscribe_url": unsubscribe_url(context["user"]),
    }
    text = render_to_string(f"reminders/{name}.txt", page)
    html = render_to_string(f"reminders/{name}.html", page)
    return Email(subject, text, html)


def digest_subject(found: content.Contents) -> str:
    parts = [plural(found.items, "touch", "touches") if found.items else "nothing planned"]
    if found.follow_ups:
        parts.append(plural(len(found.follow_ups), "follow-up"))
    if found.occasions:
        parts.append(plural(len(found.occasions), "occasion"))
    return "Your week: " + ", ".join(parts)


def digest_email(user: User, local_date: dt.date, last_digest_on: dt.date | None = None) -> Email:
    """The weekly digest: the agenda of the week ahead (``local_date`` and the
    six days after it), follow-ups due by its end, birthdays and key dates of
    the next two weeks, and belated birthdays."""
    since = content.belated_since(local_date, last_digest_on)
    last = local_date + dt.timedelta(days=content.AGENDA_DAYS - 1)
    found = content.Contents(
        today=local_date,
        agenda=content.agenda(user, local_date),
        follow_ups=content.follow_ups(user, local_date, days_ahead=content.AGENDA_DAYS - 1),
        occasions=content.occasions(user, local_date),
        belated=content.belated(user, local_date, since),
    )
    context = {
        "user": user,
        "contents": found,
        "day": weekday_date(local_date, long=True),
        "until": weekday_date(last, long=True),
    }
    return _render("digest", digest_subject(found), context)


def daily_subject(found: content.Contents) -> str:
    parts = []
    if found.occasions:
        parts.append(", ".join(f"{o.who}'s {o.what.split(',')[0]}" for o in found.occasions[:2]))
    if found.items:
        parts.append(plural(found.items, "touch", "touches"))
    if found.follow_ups:
        parts.append(plural(len(found.follow_ups), "follow-up") + " due")
    return "Today: " + ", ".join(parts)


def daily_email(user: User, local_date: dt.date) -> Email | None:
    """Today's email: birthdays and key dates today, today's agenda items and
    follow-ups due or overdue. None on a day with nothing in it."""
    found = content.Contents(
        today=local_date,
        agenda=content.agenda(user, local_date, only_today=True),
        follow_ups=content.follow_ups(user, local_date),
        occasions=content.occasions(user, local_date, days=0),
    )
    if found.empty:
        return None
    context = {"user": user, "contents": found, "day": weekday_date(local_date, long=True)}
    return _render("daily", daily_subject(found), context)
