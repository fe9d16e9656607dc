"""Touches with many people at once: parties (and the coming one), the book club,
climbing nights, alumni lunches, and the postcards from two trips."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

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
from keepwarm.demo.spec import GatheringSpec
from keepwarm.planner.occasions import paused_on
from keepwarm.planner.parties import season_of

# name, month, first possible day, weekday (5 = Saturday, 6 = Sunday)
PARTY_DATES = (
    ("summer barbecue", 7, 18, 5),
    ("chili party", 9, 10, 6),  # the first football Sunday
    ("holiday party", 12, 10, 5),
)
# Each party kicks off a season (``planner.parties.SEASONS``): its title there.
TITLES = {
    "spring": "Spring kickoff potluck",
    "summer": "Summer kickoff barbecue",
    "autumn": "Chili party — football kickoff",
    "winter": "Winter kickoff party",
}
PLACES = {
    "spring": "Laurelhurst Park, by the duck pond",
    "summer": "Our backyard",
    "autumn": "Our garage, the game on the projector",
    "winter": "Our place",
}
TIMES = {
    "spring": dt.time(12, 0),
    "summer": dt.time(17, 0),
    "autumn": dt.time(13, 0),  # the afternoon game
    "winter": dt.time(18, 0),
}
NOTES = {
    "spring": "Potluck: everyone brings one dish. Frisbees and a kite for the kids.",
    "summer": "Burgers, veggie skewers and the water-balloon fight. Bring a chair.",
    "autumn": "Three pots of chili (one vegetarian), cornbread and the afternoon game.",
    "winter": "Mulled wine, soup and board games; the cookie swap is back.",
}
INVITED = {"Close": 1.0, "Core": 0.65, "Wide": 0.25}
CAME = 0.65
INVITE_LEAD = dt.timedelta(days=18)
"""Invitations go out about two and a half weeks before a party."""
COMING_AFTER = dt.timedelta(days=10)
"""The coming party: the first of its weekday at least this far ahead."""
SATURDAY = 5
# The coming party's answers so far: shares of its guests, in this order; the
# rest have not answered yet.
ANSWERS = (("yes", 0.4), ("no", 0.15), ("maybe", 0.15))


def weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def names(history: History, indexes: list[int]) -> str:
    first = [history.people[i].first for i in indexes]
    return first[0] if len(first) == 1 else ", ".join(first[:-1]) + " and " + first[-1]


def coming_party(today: dt.date) -> tuple[dt.date, str]:
    """The day of the coming party, and the season it kicks off."""
    day = weekday_on_or_after(today + COMING_AFTER, SATURDAY)
    sunday = day + dt.timedelta(days=1)
    if season_of(day)[2] == season_of(sunday)[2] == "autumn":  # chili on the football Sunday
        day = sunday
    return day, season_of(day)[2]


def add_parties(history: History) -> None:
    """A party a season the user hosts: the history's three a year, then the
    coming one, whose season's party in the history it is (so none is kept there)."""
    coming, season = coming_party(history.today)
    first_of_coming = season_of(coming)[0]
    for year in range(history.start.year, history.today.year + 1):
        for name, month, day, weekday in PARTY_DATES:
            party = weekday_on_or_after(dt.date(year, month, day), weekday)
            invited_on = party - INVITE_LEAD
            if invited_on < history.start or party >= history.today:
                continue
            if season_of(party)[0] == first_of_coming:
                continue
            add_party(history, name, party, invited_on)
    add_coming_party(history, coming, season)


def guests_for(history: History, invited_on: dt.date, party: dt.date) -> list[int]:
    """People in town the invitation can reach, by circle, none paused on the day."""
    rng = history.rng
    return [
        i
        for i, p in enumerate(history.people)
        if p.is_home
        and history.active(i, invited_on)
        and not paused_on(p, party)
        and rng.random() < INVITED[p.circle]
    ]


def add_party(history: History, name: str, party: dt.date, invited_on: dt.date) -> None:
    rng = history.rng
    guests = guests_for(history, invited_on, party)
    season = season_of(party)[2]
    if not guests:
        return
    sent = history.add(invited_on, "party invitation", guests, f"Invited to {TITLES[season]}")
    if sent is None:
        return
    invitation = history.touches[sent]
    came = [i for i in invitation.people if rng.random() < CAME]
    if not came:
        return
    star = history.people[rng.choice(came)]
    note = rng.choice(PARTIES[name]).format(count=len(came) + 3, first=star.first)
    held = history.add(party, "party", came, note)
    if held is None:
        return
    together = history.touches[held]
    answers = {i: "yes" if i in together.people else absent(rng) for i in invitation.people}
    history.gatherings.append(
        GatheringSpec(
            title=TITLES[season],
            date=party,
            invited_on=invited_on,
            guests=invitation.people,
            answers=answers,
            came=together.people,
            invitation=invitation,
            party=together,
            time=TIMES[season],
            place=PLACES[season],
            note=NOTES[season],
        )
    )


def absent(rng: random.Random) -> str:
    """What someone who did not come had answered."""
    roll = rng.random()
    return "no" if roll < 0.7 else "maybe" if roll < 0.85 else ""


def add_coming_party(history: History, party: dt.date, season: str) -> None:
    """The coming party: invited a few days ago, some answers in, no touch yet
    (a party's touches are logged once who came is ticked)."""
    invited_on = party - INVITE_LEAD
    guests = guests_for(history, invited_on, party)
    history.rng.shuffle(guests)
    answers = dict.fromkeys(guests, "")
    start = 0
    for answer, share in ANSWERS:
        count = max(1, round(share * len(guests)))
        for i in guests[start : start + count]:
            answers[i] = answer
        start += count
    history.gatherings.append(
        GatheringSpec(
            title=TITLES[season],
            date=party,
            invited_on=invited_on,
            guests=tuple(sorted(guests)),
            answers=answers,
            time=TIMES[season],
            place=PLACES[season],
            note=NOTES[season],
        )
    )


def members(history: History, tag: str) -> list[int]:
    return [i for i, p in enumerate(history.people) if tag in p.tags and p.is_home]


def present(history: History, group: list[int], day: dt.date, low: int, high: int) -> list[int]:
    here = [i for i in group if history.active(i, day)]
    return history.rng.sample(here, min(len(here), history.rng.randint(low, high)))


def meetings(
    history: History,
    tag: str,
    first: tuple[int, int],
    every: tuple[int, int],
    size: tuple[int, int],
) -> Iterator[tuple[dt.date, list[int]]]:
    """The days the people tagged ``tag`` met, each with who came: the first
    ``first`` (at least, at most) days after the history starts, then every
    ``every`` days until today, ``size`` of those at home and active each time.
    The caller writes a meeting's touch before the next day is drawn, so the
    random numbers come in one order."""
    rng = history.rng
    group = members(history, tag)
    day = history.start + dt.timedelta(days=rng.randint(*first))
    while day < history.today:
        yield day, present(history, group, day, *size)
        day += dt.timedelta(days=rng.randint(*every))


def add_book_club(history: History) -> None:
    rng = history.rng
    for day, came in meetings(history, "book club", first=(3, 20), every=(38, 46), size=(3, 6)):
        if len(came) >= 2:
            host, other = (history.people[i].first for i in came[:2])
            note = rng.choice(BOOK_CLUB).format(host=host, other=other, book=rng.choice(BOOKS))
            history.add(day, "meeting", came, note)


def add_climbing(history: History) -> None:
    rng = history.rng
    for day, came in meetings(history, "climbing", first=(1, 10), every=(16, 30), size=(1, 3)):
        if came:
            note = rng.choice(CLIMBING).format(names=names(history, came))
            history.add(day, "meeting", came, note)


def add_alumni_lunches(history: History) -> None:
    rng = history.rng
    alumni = meetings(history, "former colleagues", first=(20, 60), every=(80, 110), size=(2, 4))
    for day, came in alumni:
        if len(came) >= 2:
            note = rng.choice(ALUMNI_LUNCH).format(
                names=names(history, came), restaurant=rng.choice(SLOTS["restaurant"])
            )
            history.add(day, "lunch", came, note)


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
