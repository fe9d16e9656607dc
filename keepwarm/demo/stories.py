"""Touches around life events, and the cast's own stories."""

from __future__ import annotations

import datetime as dt

from keepwarm.demo.gatherings import trips
from keepwarm.demo.history import History
from keepwarm.demo.phrases import EVENT_TOUCHES

# People whose events are told by hand below, not by the generic rules.
SCRIPTED = {"eleanor", "harold", "claire", "tomasz"}


def add_event_touches(history: History) -> None:
    """Congratulations, condolences and offers of help, a few days after each event."""
    rng = history.rng
    for index, person in enumerate(history.people):
        if person.key in SCRIPTED:
            continue
        for event in person.events:
            if event.kind == "bereavement" and history.is_fresh(event.date):
                continue
            kind, note, after = EVENT_TOUCHES.get(event.kind, ("", "", 0))
            if kind:
                day = event.date + dt.timedelta(days=after + rng.randint(0, 2))
                history.add(day, kind, [index], note)
            if event.kind == "move":
                history.add(
                    event.date - dt.timedelta(days=6),
                    "offer to help",
                    [index],
                    f"Helped pack the truck for the move to {person.place.city}.",
                )
            if event.kind in {"baby", "illness"} and person.is_home:
                history.add(
                    event.date + dt.timedelta(days=rng.randint(12, 30)),
                    "meeting",
                    [index],
                    "Dropped off a lasagna and stayed for tea.",
                )


def add_stories(history: History) -> None:
    keys = {p.key: i for i, p in enumerate(history.people) if p.key}
    add_eleanor(history, keys)
    add_tomasz(history, keys["tomasz"])
    add_new_acquaintances(history, keys["ines"], keys["theo"])
    add_friends(history, keys)
    if "job_hunt" in keys:
        add_job_hunt(history, keys["job_hunt"])


def add_eleanor(history: History, keys: dict[str, int]) -> None:
    """A mentor's illness and death, and her family afterwards."""
    eleanor, harold, claire = keys["eleanor"], keys["harold"], keys["claire"]
    died = history.people[eleanor].deceased_on
    ill = history.people[eleanor].events[0].date
    if died is None:
        return
    visits = (
        (
            ill + dt.timedelta(days=20),
            "Visited Eleanor at home; she was reading Mary Oliver and correcting my grammar.",
        ),
        (ill + dt.timedelta(days=55), "Brought Eleanor and Harold soup; we did the crossword."),
        (
            died - dt.timedelta(days=12),
            "Last visit with Eleanor. Tired but sharp as ever; made "
            "me promise to take the work seriously and myself less.",
        ),
    )
    for day, note in visits:
        history.add(day, "meeting", [eleanor, harold], note)
    history.add(
        died + dt.timedelta(days=3),
        "condolence",
        [harold, claire],
        "Card and flowers for Harold and Claire; dropped off a lasagna.",
    )
    alumni = [i for i in history.home_friends("former colleagues") if i not in {eleanor, harold}]
    mourners = [harold, claire, keys["priya"], keys["leila"], *alumni[:3]]
    history.add(
        died + dt.timedelta(days=16),
        "meeting",
        mourners,
        "Memorial for Eleanor at the rose garden. Harold read 'Wild Geese'; "
        "half of Northwind came.",
    )
    for days, note in (
        (45, "Called Harold; he has started walking the neighbour's dog."),
        (110, "Called Harold on what would have been their anniversary."),
        (170, "Harold called to say the garden is coming back."),
    ):
        history.add(died + dt.timedelta(days=days), "check-in call", [harold], note)


def add_tomasz(history: History, tomasz: int) -> None:
    died = history.people[tomasz].events[0].date
    history.add(
        died,
        "check-in call",
        [tomasz],
        "Tomasz called: his dad died this morning. He flies to Kraków on Friday; "
        "Agnieszka and Zofia stay here.",
        story=True,
    )
    history.add(
        died + dt.timedelta(days=2),
        "offer to help",
        [tomasz],
        "Offered to take Zofia to school and walk the dog while Tomasz is in Kraków.",
        story=True,
    )


def add_new_acquaintances(history: History, ines: int, theo: int) -> None:
    met = history.people[ines].met_on or history.today - dt.timedelta(days=19)
    history.add(
        met,
        "meeting",
        [ines, theo],
        "Speakers' dinner at the conference in Seattle: sat with Inês and Theo; "
        "talked about research for small teams.",
    )
    history.add(
        met + dt.timedelta(days=2),
        "email or note",
        [ines],
        "Nice-to-meet-you email; promised to send the notes from my talk.",
    )
    history.add(
        history.today - dt.timedelta(days=6),
        "coffee",
        [theo],
        "Coffee with Theo at Little Owl; he is looking for volunteers for a trail work day.",
    )


def add_friends(history: History, keys: dict[str, int]) -> None:
    """Family weekends, a college reunion, a farewell, a coffee in Tokyo."""
    for year in range(history.start.year, history.today.year + 1):
        history.add(
            dt.date(year, 7, 12),
            "meeting",
            [keys["rachel"], keys["marcus"]],
            "Weekend in Seattle with Rachel, Marcus and the kids; Ivy taught us to ride.",
        )
    college = [keys[k] for k in ("tomasz", "grace", "olumide", "ingrid")]
    history.add(
        history.today - dt.timedelta(days=400),
        "meeting",
        college,
        "College friends' weekend at the coast: a rented house, a storm and "
        "Grace's famous pancakes.",
    )
    moved = history.people[keys["olumide"]].events[0].date
    history.add(
        moved - dt.timedelta(days=5),
        "party",
        [keys["olumide"], keys["tomasz"], keys["daniel"], keys["kwame"]],
        "Going-away dinner for Olumide and Nadia.",
    )
    climbers = [i for i, p in enumerate(history.people) if "climbing" in p.tags and p.is_home]
    history.add(
        history.today - dt.timedelta(days=40),
        "meeting",
        [keys["finn"], *climbers[:4]],
        "Farewell drinks before Finn's sailing trip to Baja.",
    )
    japan = dict(trips(history.today))["Japan"]
    history.add(
        japan + dt.timedelta(days=5),
        "coffee",
        [keys["haruto"]],
        "Coffee in Nakameguro with Haruto; he showed us the studio and the prototype "
        "of the new game.",
    )


def add_job_hunt(history: History, index: int) -> None:
    person = history.people[index]
    hired = next(e.date for e in person.events if e.kind == "new_job")
    kind = "coffee" if person.is_home else "check-in call"
    history.add(
        hired - dt.timedelta(days=120),
        kind,
        [index],
        f"{person.first} is looking for a new role; talked through the options.",
    )
    history.add(
        hired - dt.timedelta(days=112),
        "offer to help",
        [index],
        "Offered intros at Tidewater and Fernbrook; sent the CV to two hiring managers.",
    )
