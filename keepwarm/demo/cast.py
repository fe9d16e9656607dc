"""The people with a story: the demo's close friends and the ones whose lives show
what keepwarm does (a bereavement last week, a new baby, a death in the family,
a paused friend). Everyone else is drawn at random (``crowd``).

The user of the demo lives in Portland, studied in Eugene, spent an exchange
semester in München, worked at Northwind Analytics and now works at Fernbrook.
Dates are written as days from the demo's ``today`` (negative: in the past).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from keepwarm.demo.places import PLACES
from keepwarm.demo.spec import DateSpec, EventSpec, PersonSpec, RelationSpec


def on_day(day: dt.date, year: int) -> DateSpec:
    """A birthday on ``day``'s month and day (no year when ``year`` has no such day)."""
    leap_day = (day.month, day.day) == (2, 29)
    valid = not leap_day or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
    return DateSpec("birthday", day.month, day.day, year if valid else None)


@dataclass(frozen=True)
class Role:
    key: str
    name: str  # "Given Family"
    circle: str
    group: str
    city: str
    gender: str
    born: int
    job: tuple[str, str, str] = ("", "", "")  # company, title, industry
    how_we_met: str = ""
    tags: tuple[str, ...] = ()
    culture: str = "anglo"
    birthday: tuple[int, int, int | None] | None = None  # month, day, year
    birthday_in: int | None = None  # a birthday this many days from today
    relatives: tuple[tuple[str, str], ...] = ()  # (kind, name) of people not in the network
    wedding: tuple[int, int, int] | None = None  # month, day, year
    events: tuple[tuple[str, int, str], ...] = ()  # (kind, day, note)
    notes: str = ""
    nickname: str = ""
    latin: str = ""  # the name in Latin letters, for a name in another script
    died: int | None = None
    paused_for: int | None = None
    met: int | None = None
    quiet: int | None = None
    archived: bool = False

    def person(self, today: dt.date) -> PersonSpec:
        def day(offset: int | None) -> dt.date | None:
            return None if offset is None else today + dt.timedelta(days=offset)

        given, family = self.name.split(" ", 1)
        company, title, industry = self.job
        birthday = DateSpec("birthday", *self.birthday) if self.birthday else None
        if self.birthday_in is not None:
            birthday = on_day(today + dt.timedelta(days=self.birthday_in), self.born)
        return PersonSpec(
            given=given, family=family, circle=self.circle, group=self.group,
            place=PLACES[self.city], gender=self.gender, culture=self.culture, latin=self.latin,
            nickname=self.nickname, tags=list(self.tags), company=company, job_title=title,
            industry=industry, how_we_met=self.how_we_met, notes=self.notes, birthday=birthday,
            birth_year=self.born, deceased_on=day(self.died), archived=self.archived,
            paused_until=day(self.paused_for), met_on=day(self.met), quiet_after=day(self.quiet),
            key=self.key,
            relations=[RelationSpec(kind, other_name=name) for kind, name in self.relatives],
            key_dates=[DateSpec("wedding anniversary", *self.wedding)] if self.wedding else [],
            events=[EventSpec(kind, today + dt.timedelta(days=d), n) for kind, d, n in self.events],
        )  # fmt: skip


CLOSE = (
    Role("rachel", "Rachel Donnelly", "Close", "family", "Seattle", "f", 1983,
         ("Larch Street Middle School", "Science Teacher", "Education"), "My big sister",
         ("family",), birthday=(4, 9, 1983), relatives=(("child", "Theo"), ("child", "Ivy")),
         wedding=(6, 16, 2012),
         notes="Theo plays the trumpet, Ivy is all about horses. No calls before 9."),
    Role("tomasz", "Tomasz Wiśniewski", "Close", "college", "Portland", "m", 1986,
         ("Tri-County Water District", "Hydrologist", "Government"),
         "Roommates sophomore year at college in Eugene", ("college", "climbing"), "slavic",
         birthday=(8, 14, 1986), relatives=(("spouse", "Agnieszka"), ("child", "Zofia")),
         wedding=(5, 23, 2015),
         events=(("bereavement", -11, "His father Andrzej died in Kraków after a short "
                  "illness. Tomasz flew out for the funeral."),),
         notes="I was best man at his wedding. Makes pierogi every Christmas Eve."),
    Role("jonas", "Jonas Müller", "Close", "exchange", "Berlin", "m", 1985,
         ("Kiezwerk", "Product Designer", "Design"),
         "Shared a flat in München during my exchange semester", ("exchange year",), "german",
         birthday=(11, 2, None), relatives=(("partner", "Lea"), ("child", "Emil")),
         events=(("baby", -62, "Emil was born: 3.4 kg, everyone healthy and very tired."),)),
    Role("priya", "Priya Raman", "Close", "former colleagues", "Portland", "f", 1982,
         ("Tidewater Labs", "VP of Product", "Software"),
         "Worked together at Northwind Analytics; she hired me onto the data team",
         ("former colleagues",), "south_asian",
         relatives=(("spouse", "Arun"), ("child", "Diya")),
         events=(("new_job", -21, "Started as VP of Product at Tidewater Labs after seven "
                  "years at Northwind."),)),
    Role("daniel", "Daniel Reyes", "Close", "climbing", "Portland", "m", 1987,
         ("Elmridge Family Medicine", "Physical Therapist", "Healthcare"),
         "Belay partners at the climbing gym since 2016", ("climbing",), "hispanic",
         birthday_in=3, relatives=(("partner", "Sam"),),
         notes="Knows every route at Smith Rock. Ask about his shoulder."),
    Role("aiko", "Aiko Nakamura", "Close", "neighbours", "Portland", "f", 1984,
         ("", "Illustrator", "Design"),
         "Next-door neighbours; met over the fence the week we moved in",
         ("neighbours", "book club"), "east_asian",
         relatives=(("child", "Hana"), ("child", "Kenta")), wedding=(9, 20, 2014)),
    Role("sofia", "Sofia Esposito", "Close", "book club", "Portland", "f", 1979,
         ("Paperlantern Press", "Acquisitions Editor", "Publishing"),
         "Started the book club together at the neighbourhood library", ("book club",),
         relatives=(("partner", "Giulia"),),
         notes="Reads two books a week. Gives the best gift recommendations."),
    Role("grace", "Grace Kim", "Close", "college", "Brooklyn", "f", 1986,
         ("Ironwood Capital", "Portfolio Manager", "Finance"), "College roommates freshman year",
         ("college",), "east_asian", relatives=(("partner", "Andre"),),
         events=(("wedding", 130, "Marrying Andre upstate; the save-the-date is on the fridge."),)),
    Role("olumide", "Olumide Adeyemi", "Close", "college", "Oakland", "m", 1986,
         ("Brightline Robotics", "Controls Engineer", "Robotics"),
         "Same dorm floor at college; we ran a late-night radio show together", ("college",),
         "west_african", relatives=(("spouse", "Nadia"), ("child", "Tobi")),
         events=(("move", -120, "Moved from Portland to Oakland for Nadia's residency."),)),
    Role("elodie", "Élodie Lefèvre", "Close", "exchange", "Lyon", "f", 1985,
         ("Atelier Mirabelle", "Creative Director", "Design"),
         "Lived down the hall during the exchange semester in München", ("exchange year",),
         "french", relatives=(("spouse", "Mathieu"), ("child", "Louise"), ("child", "Arthur"))),
    Role("peggy", "Margaret Doyle", "Close", "family", "Eugene", "f", 1952,
         ("", "Retired teacher", "Education"), "My aunt (Mom's younger sister)", ("family",),
         birthday=(10, 3, 1952), nickname="Peggy",
         notes="Sends clippings by post. Loves a long phone call on Sunday afternoons."),
    Role("leila", "Leila Haddad", "Close", "former colleagues", "Portland", "f", 1988,
         ("Riverbend Health", "Data Scientist", "Healthcare"),
         "Sat next to each other on the data team at Northwind",
         ("former colleagues", "climbing"), "arab", relatives=(("spouse", "Karim"),)),
    Role("ingrid", "Ingrid Solberg", "Close", "college", "Minneapolis", "f", 1988,
         ("Brightwater Architects", "Landscape Architect", "Architecture"),
         "Lab partners in freshman chemistry", ("college",), "north", birthday=(2, 29, 1988),
         relatives=(("spouse", "Erik"), ("child", "Nora")),
         notes="A leap-day birthday: celebrates on 28 February in common years."),
    Role("kwame", "Kwame Mensah", "Close", "climbing", "Portland", "m", 1983,
         ("Alder Valley Community College", "Librarian", "Education"),
         "Climbing gym; then he joined the book club", ("climbing", "book club"),
         "west_african", relatives=(("spouse", "Efua"),)),
    Role("mateo", "Mateo Alvarez", "Close", "neighbours", "Portland", "m", 1990,
         ("Little Owl Coffee Roasters", "Head Roaster", "Food & drink"),
         "Lives across the street; met at the block party", ("neighbours",), "hispanic",
         notes="Brings coffee samples to every party. Training for the marathon."),
)  # fmt: skip

DIED = -240  # Eleanor, the user's mentor

OTHERS = (
    Role("marcus", "Marcus Donnelly", "Core", "family", "Seattle", "m", 1981,
         ("Cascadia Cloud", "Site Reliability Engineer", "Software"), "Rachel's husband",
         ("family",), birthday_in=0),
    Role("ben", "Ben Carter", "Core", "neighbours", "Portland", "m", 1982,
         ("Carter Woodworks", "Owner", "Construction"),
         "Aiko's husband; lent us his ladder on day one", ("neighbours",)),
    Role("eleanor", "Eleanor Whitfield", "Core", "former colleagues", "Portland", "f", 1949,
         ("", "Retired VP of Engineering", "Software"),
         "My first manager at Northwind Analytics; a mentor ever since",
         ("mentor", "former colleagues"), birthday=(3, 17, 1949), died=DIED,
         events=(("illness", DIED - 90, "Diagnosis in the spring; started treatment. Harold "
                  "says short visits are welcome."),),
         notes="Taught me to write the decision down before the meeting. "
               "Loved Mary Oliver and terrible puns."),
    Role("harold", "Harold Whitfield", "Core", "former colleagues", "Portland", "m", 1947,
         ("", "Retired civil engineer", "Government"), "Eleanor's husband",
         birthday=(7, 2, 1947), events=(("bereavement", DIED, "Eleanor died at home."),)),
    Role("claire", "Claire Whitfield", "Wide", "former colleagues", "Chicago", "f", 1978,
         ("Hale & Ostrander", "Partner", "Law"), "Eleanor and Harold's daughter",
         events=(("bereavement", DIED, "Her mother Eleanor died."),)),
    Role("olga", "Ольга Соколова", "Core", "conference", "Berlin", "f", 1987,
         ("Spreeblick Software", "Staff Engineer", "Software"),
         "Spoke on the same panel at a conference in Berlin", ("conference",), "slavic",
         latin="Olga Sokolova"),
    Role("dimitra", "Δήμητρα Αλεξίου", "Wide", "conference", "London", "f", 1984,
         ("Greyfriars & Co", "Principal", "Consulting"),
         "Sat next to each other at a workshop in London; sends the best reading lists",
         ("conference",), latin="Dimitra Alexiou"),
    Role("finn", "Finn O'Malley", "Core", "climbing", "Portland", "m", 1991,
         ("Open Trails Alliance", "Volunteer Coordinator", "Nonprofit"),
         "Climbing gym; he taught the intro to lead class", ("climbing",), "north",
         paused_for=75,
         notes="Sailing down the coast to Baja with his brother for about three months. "
               "Paused until he is back."),
    Role("haruto", "Haruto Sato", "Core", "conference", "Tokyo", "m", 1989,
         ("Hoshizora Games", "Game Designer", "Games"),
         "Met at a conference in San Francisco; showed us around Tokyo",
         ("conference", "travel"), "japanese"),
    Role("greg", "Gregory Halvorsen", "Wide", "neighbours", "Portland", "m", 1958,
         ("", "Landlord", "Real estate"), "Our landlord on Tillamere St, 2013 to 2018",
         nickname="Greg", archived=True, notes="Sold the building and moved to Arizona."),
    Role("brittany", "Brittany Cole", "Wide", "former colleagues", "Austin", "f", 1990,
         ("Cascadia Cloud", "Recruiter", "Software"), "Recruiter at Northwind for a year",
         archived=True, quiet=-600),
    Role("ines", "Inês Carvalho", "Wide", "conference", "Seattle", "f", 1992,
         ("Cascadia Cloud", "UX Researcher", "Software"),
         "Sat together at the speakers' dinner of a conference in Seattle", ("conference",),
         met=-19),
    Role("theo", "Theo Baptiste", "Wide", "conference", "Portland", "m", 1989,
         ("Open Trails Alliance", "Program Director", "Nonprofit"),
         "Met at a conference in Seattle; turns out he lives ten blocks away", ("conference",),
         met=-19),
    # Theo again, from the conference's attendee list: the duplicates page finds
    # the two by their email (``people.TWINS``).
    Role("theo_twin", "Theodore Baptiste", "Wide", "conference", "Portland", "m", 1989,
         ("Open Trails Alliance", "Program Director", "Nonprofit"),
         "From the attendee list of the conference in Seattle", ("conference",),
         met=-19, quiet=-19),
)  # fmt: skip

# Links between two people of the cast: (person, relation, other person).
LINKS = (
    ("rachel", "spouse", "marcus"),
    ("aiko", "spouse", "ben"),
    ("eleanor", "spouse", "harold"),
    ("eleanor", "child", "claire"),
    ("harold", "child", "claire"),
    ("priya", "colleague", "leila"),
    ("kwame", "friend", "daniel"),
)


def cast(today: dt.date) -> list[PersonSpec]:
    return [role.person(today) for role in (*CLOSE, *OTHERS)]
