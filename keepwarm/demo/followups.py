"""Promises made along the way: some done, a few overdue, some due this week."""

from __future__ import annotations

import datetime as dt

from keepwarm.demo.history import History
from keepwarm.demo.phrases import FOLLOW_UPS
from keepwarm.demo.spec import FollowUpSpec
from keepwarm.lib.dates import MonthDay

ROUTINE_KINDS = ("coffee", "lunch", "check-in call", "email or note")


def last_touch(
    history: History, person: int, kinds: tuple[str, ...] = (), before: dt.date | None = None
) -> int | None:
    """The index of the latest touch with ``person`` (of one of ``kinds``)."""
    found = None
    for index, touch in enumerate(history.touches):
        if person not in touch.people or (kinds and touch.kind not in kinds):
            continue
        if before and touch.date >= before:
            continue
        if found is None or touch.date >= history.touches[found].date:
            found = index
    return found


def build_follow_ups(history: History) -> list[FollowUpSpec]:
    return story_follow_ups(history) + routine_follow_ups(history)


def story_follow_ups(history: History) -> list[FollowUpSpec]:
    today = history.today
    keys = {p.key: i for i, p in enumerate(history.people) if p.key}

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    def follow_up(
        key: str, due: int, text: str, kinds: tuple[str, ...] = (), done: int | None = None
    ) -> FollowUpSpec | None:
        person = keys.get(key)
        if person is None:
            return None
        touch = last_touch(history, person, kinds, before=days(due)) if kinds else None
        created = history.touches[touch].date if touch is not None else days(min(due, 0) - 7)
        done_on = days(done) if done is not None else None
        return FollowUpSpec(person, days(due), text, created, done_on, touch)

    eleanor_birthday = MonthDay(3, 17).next_on_or_after(days(1))
    wanted = [
        follow_up(
            "tomasz", 2, "Check in with Tomasz when he is back from Kraków", ("check-in call",)
        ),
        follow_up("jonas", -6, "Mail the baby gift to Jonas and Lea", ("email or note",)),
        follow_up("ines", -12, "Send Inês the notes from my talk", ("email or note",)),
        follow_up("kwame", -3, "Return Kwame's copy of Piranesi"),
        follow_up(
            "priya",
            3,
            "Lunch with Priya to hear about the first month at Tidewater",
            ("email or note",),
        ),
        follow_up("theo", 4, "Sign up for the trail work day Theo mentioned", ("coffee",)),
        follow_up("daniel", 2, "Pick up a chalk bag for Daniel's birthday"),
        follow_up("grace", 30, "Book flights for Grace's wedding"),
        follow_up(
            "harold", (eleanor_birthday - today).days, "Take Harold to lunch on Eleanor's birthday"
        ),
        follow_up(
            "olumide",
            -110,
            "Send Olumide the photos from the going-away dinner",
            ("party",),
            done=-112,
        ),
    ]
    return [f for f in [*wanted, cv_review(history, keys.get("job_hunt"))] if f is not None]


def cv_review(history: History, person: int | None) -> FollowUpSpec | None:
    """The job hunter's CV, looked over a few days after the offer to help."""
    offer = last_touch(history, person, ("offer to help",)) if person is not None else None
    if person is None or offer is None:
        return None
    made = history.touches[offer].date
    due = made + dt.timedelta(days=5)
    return FollowUpSpec(
        person,
        due,
        "Look over the CV before the interviews",
        made,
        due - dt.timedelta(days=1),
        offer,
    )


def routine_follow_ups(history: History) -> list[FollowUpSpec]:
    """Small promises after coffees and calls: mostly kept, a couple still open."""
    rng = history.rng
    today = history.today
    chosen: list[FollowUpSpec] = []
    plan = [(-700, -60)] * 9 + [(-40, -8)] + [(-3, 0)] * 3
    candidates = [
        i
        for i, p in enumerate(history.people)
        if p.circle != "Wide" and not (p.deceased_on or p.archived or p.paused_until)
    ]
    for low, high in plan:
        person = rng.choice(candidates)
        touch = last_touch(
            history, person, ROUTINE_KINDS, before=today + dt.timedelta(days=rng.randint(low, high))
        )
        if touch is None:
            continue
        made = history.touches[touch].date
        due = made + dt.timedelta(days=rng.randint(3, 14))
        text = history.say(FOLLOW_UPS, history.people[person])
        done = None
        if high <= -60:
            done = min(today, due + dt.timedelta(days=rng.randint(-2, 2)))
        chosen.append(FollowUpSpec(person, due, text, made, done, touch))
    return chosen
