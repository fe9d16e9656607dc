"""Touches with many people at once: parties, the book club, climbing nights,
alumni lunches, and the postcards from two trips."""

from __future__ import annotations

import datetime as dt

from keepwarm.demo.history import History
from keepwarm.demo.phrases import (
    ALUMNI_LUNCH,
    BOOK_CLUB,
    BOOKS,
    CLIMBING,
    PARTIES,
    POSTCARDS,
    SLOTS,
)

# name, month, first possible day, weekday (5 = Saturday, 6 = Sunday)
PARTY_DATES = (
    ("summer barbecue", 7, 18, 5),
    ("chili party", 10, 20, 6),
    ("holiday party", 12, 10, 5),
)
INVITED = {"Close": 1.0, "Core": 0.65, "Wide": 0.25}
CAME = 0.65


def weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def names(history: History, indexes: list[int]) -> str:
    first = [history.people[i].first for i in indexes]
    return first[0] if len(first) == 1 else ", ".join(first[:-1]) + " and " + first[-1]


def add_parties(history: History) -> None:
    """Three parties a year; invitations go out about two and a half weeks before."""
    for year in range(history.start.year, history.today.year + 1):
        for name, month, day, weekday in PARTY_DATES:
            party = weekday_on_or_after(dt.date(year, month, day), weekday)
            invited_on = party - dt.timedelta(days=18)
            if invited_on < history.start:
                continue
            add_party(history, name, party, invited_on)


def add_party(history: History, name: str, party: dt.date, invited_on: dt.date) -> None:
    rng = history.rng
    guests = [
        i
        for i, p in enumerate(history.people)
        if p.is_home and history.active(i, invited_on) and rng.random() < INVITED[p.circle]
    ]
    if not guests:
        return
    history.add(invited_on, "party invitation", guests, f"Invitations for the {name}.")
    came = [i for i in guests if rng.random() < CAME]
    if came:
        star = history.people[rng.choice(came)]
        note = rng.choice(PARTIES[name]).format(count=len(came) + 3, first=star.first)
        history.add(party, "party", came, note)


def members(history: History, tag: str) -> list[int]:
    return [i for i, p in enumerate(history.people) if tag in p.tags and p.is_home]


def present(history: History, group: list[int], day: dt.date, low: int, high: int) -> list[int]:
    here = [i for i in group if history.active(i, day)]
    return history.rng.sample(here, min(len(here), history.rng.randint(low, high)))


def add_book_club(history: History) -> None:
    rng = history.rng
    club = members(history, "book club")
    day = history.start + dt.timedelta(days=rng.randint(3, 20))
    while day < history.today:
        came = present(history, club, day, 3, 6)
        if len(came) >= 2:
            host, other = (history.people[i].first for i in came[:2])
            note = rng.choice(BOOK_CLUB).format(host=host, other=other, book=rng.choice(BOOKS))
            history.add(day, "meeting", came, note)
        day += dt.timedelta(days=rng.randint(38, 46))


def add_climbing(history: History) -> None:
    rng = history.rng
    crew = members(history, "climbing")
    day = history.start + dt.timedelta(days=rng.randint(1, 10))
    while day < history.today:
        came = present(history, crew, day, 1, 3)
        if came:
            note = rng.choice(CLIMBING).format(names=names(history, came))
            history.add(day, "meeting", came, note)
        day += dt.timedelta(days=rng.randint(16, 30))


def add_alumni_lunches(history: History) -> None:
    rng = history.rng
    alumni = members(history, "former colleagues")
    day = history.start + dt.timedelta(days=rng.randint(20, 60))
    while day < history.today:
        came = present(history, alumni, day, 2, 4)
        if len(came) >= 2:
            note = rng.choice(ALUMNI_LUNCH).format(
                names=names(history, came), restaurant=rng.choice(SLOTS["restaurant"])
            )
            history.add(day, "lunch", came, note)
        day += dt.timedelta(days=rng.randint(80, 110))


def trips(today: dt.date) -> list[tuple[str, dt.date]]:
    """Two holidays: (where, first day)."""
    return [("Lisbon", today - dt.timedelta(days=480)), ("Japan", today - dt.timedelta(days=200))]


def add_postcards(history: History) -> None:
    rng = history.rng
    weights = {"Close": 6.0, "Core": 2.0, "Wide": 0.4}
    for place, first_day in trips(history.today):
        with_address = [
            i for i, p in enumerate(history.people) if p.addresses and history.active(i, first_day)
        ]
        chosen: list[int] = []
        pool = list(with_address)
        while pool and len(chosen) < 14:
            pick = rng.choices(pool, weights=[weights[history.people[i].circle] for i in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        for i in chosen:
            day = first_day + dt.timedelta(days=rng.randint(3, 9))
            history.add(day, "postcard", [i], rng.choice(POSTCARDS[place]))
