"""The user's own job hunt: quietly looking for a data-team lead role since Priya
started at Tidewater Labs, with the first warm calls logged.

Each call is kept as ``warmcalls.outcomes.log_outcome`` keeps one: the outcome,
a check-in call touch noted "Warm call (…)" unless nobody answered, and the
outcome's follow-ups (``FOLLOW_UPS``), the older ones done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from keepwarm.demo.history import History
from keepwarm.demo.spec import CallSpec, FollowUpSpec, HuntSpec
from keepwarm.warmcalls.outcomes import CALL_KIND, CALL_PREFIX, FOLLOW_UPS, Outcome

STARTED = -16  # days from today: five days after Priya's first day at Tidewater
COMPANIES = ("Tidewater Labs", "Riverbend Health", "Cascadia Cloud")
GOAL = HuntSpec(
    started_on=dt.date.min,  # set from today
    companies=COMPANIES,
    roles=("Head of Data", "Data Science Manager", "Analytics Manager"),
    industries=("Software", "Healthcare"),
    cities=("Portland",),
    note=(
        "Looking for a data-team lead role, quietly: nobody at Fernbrook knows yet. "
        "Priya says Tidewater is building a data team."
    ),
)
# (who, days from today, outcome, note); "crowd" is someone of the crowd at a target company.
CALLS = (
    ("priya", -13, Outcome.INTRO_PROMISED, "Tidewater is building a data team; she will "
     "introduce me to their CTO."),
    ("leila", -10, Outcome.TALKED, "Riverbend's analytics group hires in the spring; she "
     "will send the posting when it is up."),
    ("marcus", -6, Outcome.REFERRAL, "Put my name in for the analytics manager opening at "
     "Cascadia Cloud."),
    ("crowd", -4, Outcome.NOT_NOW, "A hiring freeze until their reorg is done."),
    ("ines", -2, Outcome.NO_ANSWER, "Left a voicemail."),
)  # fmt: skip


def add_hunt(history: History) -> None:
    """The hunt and its calls (the calls' touches go into the history)."""
    today = history.today
    keys = {p.key: i for i, p in enumerate(history.people) if p.key}
    hunt = replace(GOAL, started_on=today + dt.timedelta(days=STARTED), calls=[])
    for who, days, outcome, note in CALLS:
        day = today + dt.timedelta(days=days)
        person = keys.get(who) if who != "crowd" else at_a_target(history, day, keys)
        if person is None or not history.reachable(person, day):
            continue
        call = CallSpec(person, str(outcome), day, note)
        if outcome != Outcome.NO_ANSWER:
            text = f"Warm call ({Outcome(outcome).label}): {note}"
            made = history.add(day, CALL_KIND, [person], text, story=True)
            call.touch = history.touches[made] if made is not None else None
        hunt.calls.append(call)
    history.hunt = hunt


def at_a_target(history: History, day: dt.date, keys: dict[str, int]) -> int | None:
    """The first of the crowd who works at one of the hunt's companies."""
    cast = set(keys.values())
    return next(
        (
            i
            for i, p in enumerate(history.people)
            if i not in cast and p.company in COMPANIES and history.active(i, day)
        ),
        None,
    )


def call_follow_ups(history: History) -> list[FollowUpSpec]:
    """Each call's follow-ups, those due before today done on the day (the touches
    are sorted by now: a follow-up names its call's touch by index)."""
    if history.hunt is None:
        return []
    index = {id(t): i for i, t in enumerate(history.touches)}
    found = []
    for call in history.hunt.calls:
        touch = index.get(id(call.touch)) if call.touch else None
        for text, days in FOLLOW_UPS[Outcome(call.outcome)]:
            due = call.date + dt.timedelta(days=days)
            done = due if due < history.today else None
            found.append(FollowUpSpec(call.person, due, CALL_PREFIX + text, call.date, done, touch))
    return found
