"""The whole demo network as plain data: the same ``seed`` and ``today`` give the same one."""

from __future__ import annotations

import datetime as dt
import random

from keepwarm.demo.followups import build_follow_ups
from keepwarm.demo.gatherings import (
    add_alumni_lunches,
    add_book_club,
    add_climbing,
    add_parties,
    add_postcards,
)
from keepwarm.demo.history import (
    History,
    add_birthdays,
    add_holiday_cards,
    add_routine,
    card_year,
)
from keepwarm.demo.hunt import add_hunt, call_follow_ups
from keepwarm.demo.people import build_people
from keepwarm.demo.spec import Network
from keepwarm.demo.stories import add_event_touches, add_stories

STEPS = (
    add_routine,
    add_birthdays,
    add_holiday_cards,
    add_parties,
    add_book_club,
    add_climbing,
    add_alumni_lunches,
    add_postcards,
    add_event_touches,
    add_stories,
    add_hunt,
)


def build_network(today: dt.date, seed: int = 7) -> Network:
    rng = random.Random(seed)
    people = build_people(rng, today)
    history = History(rng, people, today)
    for step in STEPS:
        step(history)
    history.touches.sort(key=lambda touch: touch.date)
    return Network(
        today,
        people,
        history.touches,
        build_follow_ups(history) + call_follow_ups(history),
        history.gatherings,
        history.hunt,
        card_year(history),
    )
