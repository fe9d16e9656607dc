"""Holiday-card runs: propose one card per household, mark cards sent (which
logs the touches), and the recipient list as CSV for mail merge.

A run's recipients come from the circles and tags the user picks, among
people who are neither deceased nor archived. A household with a mailing
address gets a card "to send"; someone without one is listed to "ask for the
address", which the user can switch to "call instead" or "left out".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from keepwarm.contacts.models import Circle, Person, Tag
from keepwarm.formats.csv_values import spreadsheet_cell
from keepwarm.occasions.households import Household, households
from keepwarm.occasions.models import RUN_COUNTS, CardRecipient, CardRun
from keepwarm.occasions.seasons import Season, coming_seasons, find_season, season_name, seasons
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind, validate_touch_date
from keepwarm.touches.queries import kind_for_occasion
from keepwarm.touches.services import delete_touch, log_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

__all__ = [
    "CSV_COLUMNS",
    "Season",
    "coming_seasons",
    "create_run",
    "find_season",
    "kind_for",
    "listing",
    "mark_sent",
    "mark_unsent",
    "recipients_csv",
    "refresh_run",
    "run_stats",
    "seasons",
    "sent_date",
    "set_status",
    "to_send",
]

Status = CardRecipient.Status
WITHOUT_ADDRESS = (Status.ASK_ADDRESS, Status.CALL_INSTEAD, Status.LEFT_OUT)
WITH_ADDRESS = (Status.PLANNED, Status.LEFT_OUT)
CSV_COLUMNS = (
    "Name on card",
    "Street",
    "City",
    "Region",
    "Postcode",
    "Country",
    "Address lines",
    "People",
    "Status",
)
OCCASION_NAMES = {"holiday": "holiday cards", "trip": "postcards"}


def kind_for(user: User, occasion: str) -> TouchKind:
    """The user's touch kind kept for ``occasion`` (the first, by their order)."""
    found = kind_for_occasion(user, occasion)
    if found is None:
        what = OCCASION_NAMES.get(occasion, occasion)
        raise ValidationError(
            f"None of your touch kinds is kept for {what}: add one in Settings → Touch kinds "
            "(or give an existing kind that occasion), then try again."
        )
    return found


def proposed_people(user: User, circles: Iterable[Circle], tags: Iterable[Tag]) -> Any:
    """Everyone in one of ``circles`` or with one of ``tags``, alive and not archived."""
    chosen = Q(circle__in=list(circles)) | Q(tags__in=list(tags))
    people = owned(Person, user).active().filter(chosen)
    return owned(Person, user).filter(pk__in=people.values("pk")).order_by("id")


@transaction.atomic
def create_run(
    user: User,
    name: str,
    season: str,
    window: tuple[dt.date, dt.date],
    circles: Sequence[Circle],
    tags: Sequence[Tag],
) -> CardRun:
    """A new run with its proposed recipients, one card per household."""
    run = CardRun(owner=user, name=name.strip(), season=season, send_from=window[0])
    run.send_until = window[1]
    run.full_clean()
    run.save()
    run.circles.set(circles)
    run.tags.set(tags)
    _add_recipients(run, households(proposed_people(user, circles, tags), **_home(user)))
    return run


def _home(user: User) -> dict[str, str]:
    return {"home_country": user.profile.country}


def _add_recipients(run: CardRun, found: Iterable[Household]) -> int:
    added = 0
    for household in found:
        recipient = CardRecipient.objects.create(
            owner=run.owner,
            run=run,
            address=household.address,
            name_on_card=household.name_on_card,
            status=Status.PLANNED if household.address else Status.ASK_ADDRESS,
        )
        recipient.people.set(household.people)
        added += 1
    return added


@transaction.atomic
def refresh_run(run: CardRun) -> int:
    """Propose again from the run's circles and tags (after addresses were added):
    cards not yet sent are made anew, a "call instead" or "left out" choice is
    kept for the same people. Returns how many cards the run now has to send."""
    user = run.owner
    sent = run.recipients.filter(status=Status.SENT)
    covered = set(sent.values_list("people", flat=True))
    choices = {
        frozenset(r.people.values_list("pk", flat=True)): r.status
        for r in run.recipients.filter(status__in=(Status.CALL_INSTEAD, Status.LEFT_OUT))
    }
    run.recipients.exclude(status=Status.SENT).delete()
    people = proposed_people(user, run.circles.all(), run.tags.all()).exclude(pk__in=covered)
    _add_recipients(run, households(people, **_home(user)))
    for recipient in run.recipients.exclude(status=Status.SENT).prefetch_related("people"):
        kept = choices.get(frozenset(p.pk for p in recipient.people.all()))
        if kept and (kept == Status.LEFT_OUT or recipient.address_id is None):
            recipient.status = kept
            recipient.save(update_fields=["status"])
    return run.recipients.filter(status=Status.PLANNED).count()


def set_status(recipient: CardRecipient, status: str) -> None:
    """Switch a card that is not sent: with an address to send or left out;
    without one to ask for the address, call instead, or left out."""
    allowed = WITH_ADDRESS if recipient.address_id else WITHOUT_ADDRESS
    if recipient.status == Status.SENT:
        raise ValidationError(f"The card to {recipient.name_on_card} is sent: undo that first.")
    if status not in allowed:
        said = Status(status).label if status in Status.values else status
        raise ValidationError(f"A card to {recipient.name_on_card} cannot be “{said}”.")
    recipient.status = status
    recipient.save(update_fields=["status"])


def to_send(run: CardRun) -> QuerySet[CardRecipient]:
    """The run's cards still to send (what "mark all sent" marks)."""
    return run.recipients.to_send()  # type: ignore[attr-defined, no-any-return]


def sent_date(day: dt.date | None) -> dt.date:
    """The day cards went out: today unless given, never in the future."""
    day = day or timezone.localdate()
    try:
        validate_touch_date(day)
    except ValidationError as exc:
        raise ValidationError(
            "Cards are marked sent after they went out: pick today or earlier."
        ) from exc
    return day


@transaction.atomic
def mark_sent(run: CardRun, recipients: Iterable[CardRecipient], date: dt.date) -> int:
    """Mark cards to send as sent on ``date``: one touch per card with all the
    household's people. Cards already sent, or not to send, are left as they are."""
    todo = [r for r in recipients if r.run_id == run.pk and r.status == Status.PLANNED]
    if not todo:
        return 0
    kind = kind_for(run.owner, "holiday")
    for recipient in todo:
        people = list(recipient.people.all())
        if not people:
            continue
        touch = log_touch(run.owner, people, kind, date=date, note=f"Holiday card ({run.name})")
        recipient.status, recipient.sent_on, recipient.touch = Status.SENT, date, touch
        recipient.save(update_fields=["status", "sent_on", "touch"])
    return len(todo)


@transaction.atomic
def mark_unsent(run: CardRun, recipients: Iterable[CardRecipient]) -> int:
    """Undo "sent": the card is to send again and its touch is deleted."""
    undone = 0
    for recipient in recipients:
        if recipient.run_id != run.pk or recipient.status != Status.SENT:
            continue
        touch = Touch.objects.filter(pk=recipient.touch_id, owner=run.owner).first()
        if touch is not None:
            delete_touch(touch)
        recipient.status, recipient.sent_on, recipient.touch = Status.PLANNED, None, None
        recipient.save(update_fields=["status", "sent_on", "touch"])
        undone += 1
    return undone


@dataclass(frozen=True)
class RunStats:
    """A run's counts (``RUN_COUNTS``) and the people on its cards."""

    cards: int
    people: int
    to_send: int
    sent: int
    need_address: int
    call_instead: int
    left_out: int


def listing(user: User, today: dt.date) -> list[CardRun]:
    """The user's runs, newest first, each with its counts (``with_counts``),
    ``season_name`` and the ``phase`` of its window on ``today``."""
    runs = list(owned(CardRun, user).with_counts())  # type: ignore[attr-defined]
    for run in runs:
        run.season_name = season_name(run.season)
        run.phase = run.phase_on(today)
    return runs


def run_stats(run: CardRun) -> RunStats:
    """The run's counts (``RUN_COUNTS``) and the people on its cards but those left out."""
    counted = CardRun.objects.filter(pk=run.pk).with_counts().get()  # type: ignore[attr-defined]
    people = Person.objects.filter(
        pk__in=run.recipients.exclude(status=Status.LEFT_OUT).values("people")
    ).count()
    return RunStats(people=people, **{name: getattr(counted, name) for name in RUN_COUNTS})


def recipients_csv(run: CardRun) -> tuple[bytes, int]:
    """The cards with an address (to send and sent) as UTF-8 CSV with a BOM, so
    spreadsheets and mail-merge tools read accents right; and the row count."""
    rows = (
        run.recipients.filter(status__in=(Status.PLANNED, Status.SENT), address__isnull=False)
        .select_related("address")
        .prefetch_related("people")
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for r in rows:
        a = r.address
        names = "; ".join(p.display_name for p in r.people.all())
        cells = [
            r.name_on_card,
            a.street,
            a.locality,
            a.region,
            a.postcode,
            a.country_shown,
        ]
        cells += ["\n".join([r.name_on_card, *a.lines()]), names, r.get_status_display()]
        writer.writerow([spreadsheet_cell(c) for c in cells])
        count += 1
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count
