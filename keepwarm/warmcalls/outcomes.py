"""Job-hunt mode switched on and off, logging how a warm call went, and the
follow-ups that close it.

A user has at most one hunt on (``active_hunt``): ``set_goal`` starts it or
changes its goal, ``end_hunt`` switches it off. One call: a ``CallOutcome``, a
touch of the user's check-in-call kind (not for "no answer": nothing happened
yet), and the follow-ups of its outcome. Every follow-up a call creates starts
with ``CALL_PREFIX`` ("Warm call: "), and is linked to the call's touch when
there is one: while a hunt is active, the home page lists these first. The
prefix is the mark, so a call that got no answer (no touch) is found too; a
follow-up whose text the user rewrites without the prefix becomes an ordinary
one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keepwarm.contacts.models import Person
from keepwarm.owned import owned
from keepwarm.touches.models import Channel, FollowUp, Touch, TouchKind
from keepwarm.touches.queries import open_follow_ups
from keepwarm.touches.services import add_follow_up, log_touch
from keepwarm.warmcalls.models import CallOutcome, JobHunt

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

Outcome = CallOutcome.Outcome
CALL_PREFIX = "Warm call: "
CALL_KIND = "check-in call"
GOAL_TEXTS = ("companies", "roles", "industries", "cities", "note")
"""The goal's text fields; its tags come beside them."""

# What each outcome asks for next: (follow-up text, days from the call).
FOLLOW_UPS: dict[str, tuple[tuple[str, int], ...]] = {
    Outcome.NO_ANSWER: (("Call again", 3),),
    Outcome.TALKED: (("Thank-you note", 1),),
    Outcome.INTRO_PROMISED: (("Thank-you note", 1), ("Check the intro came through", 10)),
    Outcome.REFERRAL: (("Thank-you note", 1), ("Follow up on the referral", 10)),
    Outcome.NOT_NOW: (("Check back", 30),),
}


@dataclass
class Logged:
    call: CallOutcome
    touch: Touch | None
    follow_ups: list[FollowUp] = field(default_factory=list)

    def message(self, today: dt.date) -> str:
        """ "Logged: talked with Jane. Follow-ups: thank-you note tomorrow." """
        verb = {
            Outcome.NO_ANSWER: "no answer from",
            Outcome.TALKED: "talked with",
            Outcome.INTRO_PROMISED: "intro promised by",
            Outcome.REFERRAL: "referral from",
            Outcome.NOT_NOW: "not now for",
        }[Outcome(self.call.outcome)]
        steps = ", ".join(
            f"{f.text.removeprefix(CALL_PREFIX).lower()} {when(f.due, today)}"
            for f in self.follow_ups
        )
        text = f"Logged: {verb} {self.call.person.first_name}."
        return f"{text} Follow-up{'s' if len(self.follow_ups) > 1 else ''}: {steps}."


def when(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def active_hunt(user: User) -> JobHunt | None:
    """The user's hunt that is on, if any (there is at most one)."""
    return owned(JobHunt, user).filter(active=True).first()


@transaction.atomic
def set_goal(user: User, goal: Mapping[str, Any]) -> tuple[JobHunt, bool]:
    """Switch job-hunt mode on with ``goal`` (its ``GOAL_TEXTS`` and ``tags``),
    or change the goal of the hunt that is on. Returns the hunt, and whether
    this started it (today)."""
    hunt = active_hunt(user)
    started = hunt is None
    if hunt is None:
        hunt = JobHunt(owner=user, started_on=timezone.localdate(), active=True)
    for name in GOAL_TEXTS:
        setattr(hunt, name, goal.get(name) or "")
    tags = list(goal.get("tags") or [])
    if any(tag.owner_id != user.pk for tag in tags):
        raise ValidationError({"tags": "Pick tags from your own list."})
    hunt.full_clean()
    hunt.save()
    hunt.tags.set(tags)
    return hunt, started


def end_hunt(user: User) -> JobHunt | None:
    """Switch job-hunt mode off as of today: the hunt that was on, or None."""
    hunt = active_hunt(user)
    if hunt is not None:
        hunt.active, hunt.ended_on = False, timezone.localdate()
        hunt.save(update_fields=["active", "ended_on"])
    return hunt


def call_kind(user: User) -> TouchKind:
    """The user's "check-in call" kind, else their first phone kind."""
    kinds = owned(TouchKind, user)
    found = kinds.filter(label__iexact=CALL_KIND).first()
    found = found or kinds.filter(channel=Channel.PHONE).order_by("position", "id").first()
    if found is None:
        raise ValidationError(
            "Add a touch kind on the phone channel (Settings → Touch kinds) to log calls."
        )
    return found


def _check(user: User, hunt: JobHunt, person: Person, outcome: str) -> None:
    if outcome not in Outcome.values:
        choices = ", ".join(label for _, label in Outcome.choices)
        raise ValidationError(f"Unknown outcome {outcome!r}: pick one of {choices}.")
    if hunt.owner_id != user.pk or person.owner_id != user.pk:
        raise ValidationError("Unknown job hunt or person.")
    if not hunt.active:
        raise ValidationError("This job hunt has ended: switch job-hunt mode on again first.")
    if person.deceased or person.archived:
        raise ValidationError(f"{person.display_name} is not someone to call now.")


@transaction.atomic
def log_outcome(user: User, hunt: JobHunt, person: Person, outcome: str, note: str = "") -> Logged:
    """Record how a call went: the outcome, the touch (unless nobody answered)
    and the outcome's follow-ups."""
    _check(user, hunt, person, outcome)
    today = timezone.localdate()
    note = " ".join(note.split())
    touch = None
    if outcome != Outcome.NO_ANSWER:
        text = f"Warm call ({Outcome(outcome).label})" + (f": {note}" if note else "")
        touch = log_touch(user, [person], call_kind(user), date=today, note=text)
    call = CallOutcome(
        owner=user, hunt=hunt, person=person, outcome=outcome, date=today, note=note, touch=touch
    )
    call.full_clean()
    call.save()
    follow_ups = [
        add_follow_up(
            user, person, CALL_PREFIX + text, today + dt.timedelta(days=days), touch=touch
        )
        for text, days in FOLLOW_UPS[outcome]
    ]
    return Logged(call, touch, follow_ups)


def hunt_follow_ups(user: User, hunt: JobHunt, today: dt.date, days: int = 14) -> list[FollowUp]:
    """The open follow-ups of the hunt's calls due within ``days``, due first."""
    rows = open_follow_ups(user).filter(
        text__startswith=CALL_PREFIX,
        created_at__gte=hunt.created_at,
        due__lte=today + dt.timedelta(days=days),
    )
    return list(rows.select_related("person").order_by("due", "id")[:20])


def called(
    user: User, hunt: JobHunt, people: Iterable[Any] | None = None
) -> dict[int, CallOutcome]:
    """The latest call with each person in this hunt (of ``people`` when given)."""
    latest: dict[int, CallOutcome] = {}
    calls = owned(CallOutcome, user).filter(hunt=hunt)
    if people is not None:
        calls = calls.filter(person__in=[p.pk for p in people])
    for call in calls.order_by("date", "id"):
        latest[call.person_id] = call
    return latest
