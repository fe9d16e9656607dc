"""Writing what the demo user has on the go: the holiday-card run, the parties
(the past ones with who came, the coming one with its answers) and the job hunt.

Each is written as the app's own services leave it, from the touches the
history already holds: a card sent is the history's holiday-card touch, a
party's two touches are the history's invitation and party, a warm call's
touch the history's check-in call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from keepwarm.contacts.models import Circle, Person
from keepwarm.demo.spec import Network, TouchSpec
from keepwarm.occasions import card_runs
from keepwarm.occasions.models import CardRecipient, CardRun, Gathering, Invitation
from keepwarm.occasions.seasons import find_season
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from keepwarm.warmcalls.outcomes import active_hunt

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

Status = CardRecipient.Status
CARD_CIRCLES = ("Close", "Core", "Wide")
LEFT_OUT = ("Wide",)
"""Circles whose cards not sent are left out: the user sends those few by hand."""


class Rows:
    """The written rows of one network: people by index, touches by their spec."""

    def __init__(
        self,
        user: User,
        network: Network,
        people: list[Person],
        touches: list[Touch],
        at: Callable[[dt.date, int], dt.datetime],
    ):
        self.user = user
        self.network = network
        self.people = people
        self.by_spec = {id(s): t for s, t in zip(network.touches, touches, strict=True)}
        self.at = at
        """The moment of ``day`` at ``hour`` in the user's time zone."""

    def touch(self, spec: TouchSpec | None) -> Touch | None:
        return self.by_spec.get(id(spec)) if spec is not None else None


def write_card_run(rows: Rows) -> int:
    """The run of the last December with a card out: the history's cards sent,
    the rest of Close and Core to send (or to ask an address for), the Wide
    circle's others left out."""
    year = rows.network.card_year
    if year is None:
        return 0
    user = rows.user
    season = find_season(user.profile.country, f"christmas-{year}")
    window = (
        (season.send_from, season.send_until)
        if season
        else (dt.date(year, 12, 1), dt.date(year, 12, 20))
    )
    circles = list(owned(Circle, user).filter(name__in=CARD_CIRCLES))
    run = card_runs.create_run(user, f"Holiday cards {year}", "christmas", window, circles, [])
    made = rows.at(window[0] - dt.timedelta(days=3), 20)
    CardRun.objects.filter(pk=run.pk).update(created_at=made)
    sent: dict[int, Touch] = {}
    for spec in rows.network.touches:
        touch = rows.touch(spec)
        if spec.kind == "holiday card" and spec.date.year == year and touch is not None:
            for i in spec.people:
                sent.setdefault(rows.people[i].pk, touch)
    recipients = list(run.recipients.prefetch_related("people__circle"))
    for recipient in recipients:
        people = list(recipient.people.all())
        touch = next((sent[p.pk] for p in people if p.pk in sent), None)
        if touch is not None:
            recipient.status, recipient.sent_on, recipient.touch = Status.SENT, touch.date, touch
        elif all(p.circle.name in LEFT_OUT for p in people):
            recipient.status = Status.LEFT_OUT
    CardRecipient.objects.bulk_update(recipients, ["status", "sent_on", "touch"])
    return 1


def write_gatherings(rows: Rows) -> int:
    """Every party of the history and the coming one, each a yearly gathering."""
    specs = rows.network.gatherings
    gatherings = Gathering.objects.bulk_create(
        [
            Gathering(
                owner=rows.user,
                title=spec.title,
                date=spec.date,
                time=spec.time,
                place=spec.place,
                note=spec.note,
                yearly=True,
                created_at=rows.at(spec.invited_on - dt.timedelta(days=2), 20),
                invitation_touch=rows.touch(spec.invitation),
            )
            for spec in specs
        ]
    )
    invitations = []
    for gathering, spec in zip(gatherings, specs, strict=True):
        held = spec.party is not None
        for i in spec.guests:
            came = i in spec.came
            invitations.append(
                Invitation(
                    owner=rows.user,
                    gathering=gathering,
                    person=rows.people[i],
                    invited_on=spec.invited_on,
                    answer=spec.answers[i],
                    came=came if held else None,
                    touch=rows.touch(spec.party if came else spec.invitation) if held else None,
                )
            )
    Invitation.objects.bulk_create(invitations)
    return len(gatherings)


def write_hunt(rows: Rows) -> int:
    """The job hunt and its calls; none when the account already has a hunt on."""
    hunt = rows.network.hunt
    if hunt is None or active_hunt(rows.user) is not None:
        return 0
    made = JobHunt.objects.create(
        owner=rows.user,
        active=True,
        started_on=hunt.started_on,
        companies="\n".join(hunt.companies),
        roles="\n".join(hunt.roles),
        industries="\n".join(hunt.industries),
        cities="\n".join(hunt.cities),
        note=hunt.note,
        created_at=rows.at(hunt.started_on, 9),
    )
    CallOutcome.objects.bulk_create(
        [
            CallOutcome(
                owner=rows.user,
                hunt=made,
                person=rows.people[call.person],
                outcome=call.outcome,
                date=call.date,
                note=call.note,
                touch=rows.touch(call.touch),
                created_at=rows.at(call.date, 14),
            )
            for call in hunt.calls
        ]
    )
    return len(hunt.calls)
