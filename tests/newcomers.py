"""Newcomers for the tests of sorting them: a made-up address book as a phone
exports it (vCard 3.0) with families sharing a family name and a home (partners
naming each other as spouses), colleagues sharing a company, people alone, and
a few organisations, deterministic (the same seed gives the same file); and
hand-written cards (``card``) imported into an account (``imported``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from keepwarm.contacts.models import Person
from keepwarm.formats.vcard import parse
from keepwarm.imports import service
from keepwarm.owned import owned

GIVEN = (
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Eva",
    "Felix",
    "Greta",
    "Hugo",
    "Ida",
    "Jonas",
    "Karla",
    "Lukas",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
    "Rosa",
    "Samuel",
    "Tara",
    "Uwe",
    "Vera",
    "Wim",
    "Yara",
    "Zoe",
    "Amir",
    "Bea",
    "Chen",
    "Dana",
    "Emil",
    "Fatima",
    "Gabriel",
    "Hana",
    "Ivan",
    "Julia",
    "Kenji",
    "Lea",
    "Marco",
    "Nina",
    "Omar",
    "Pia",
    "Rafael",
    "Sofia",
    "Tomas",
    "Ulla",
    "Viktor",
    "Wanda",
    "Xaver",
    "Yusuf",
    "Zara",
    "Aiko",
    "Bruno",
    "Celia",
    "Dario",
    "Elif",
    "Finn",
    "Gina",
    "Hamza",
    "Ines",
    "Jakob",
    "Kira",
    "Leon",
    "Maya",
    "Nils",
    "Oskar",
    "Priya",
    "Quentin",
)
FAMILY = (
    "Keller",
    "Novak",
    "Schmidt",
    "Rossi",
    "Moreau",
    "Jansen",
    "Lindqvist",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Okafor",
    "Silva",
    "Brennan",
    "Dubois",
    "Fischer",
    "Horvat",
    "Ivanova",
    "Larsen",
    "Meyer",
    "Nakamura",
    "Petrov",
    "Quinn",
    "Romero",
    "Sato",
    "Vogel",
    "Weber",
    "Yilmaz",
    "Zimmer",
    "Abbott",
    "Berger",
    "Castillo",
    "Dahl",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Hoffmann",
    "Ibrahim",
    "Jovanovic",
    "Klein",
    "Lorenz",
    "Marino",
    "Nielsen",
    "Ortega",
    "Pereira",
    "Richter",
    "Santos",
    "Torres",
    "Ueda",
    "Varga",
    "Winter",
    "Young",
    "Acosta",
    "Bianchi",
    "Costa",
    "Engel",
    "Frank",
    "Gallo",
    "Hahn",
)
COMPANIES = (
    "Acme Corp",
    "Initech",
    "Globex",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Foods",
    "Hooli",
    "Vandelay Imports",
    "Soylent Labs",
    "Cyberdyne",
)
CITIES = ("Berlin", "Hamburg", "Munich", "Leipzig", "Cologne", "Potsdam")
STREETS = ("Lindenstraße", "Gartenweg", "Bahnhofstraße", "Schillerplatz", "Uferweg", "Am Markt")


@dataclass
class Card:
    given: str
    family: str
    company: str = ""
    city: str = ""
    street: str = ""
    spouse: str = ""
    birthday: str = ""
    phone: str = ""
    organisation: bool = False
    uid: str = ""
    extras: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.family if self.organisation else f"{self.given} {self.family}"

    def lines(self) -> list[str]:
        out = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{self.uid}", f"FN:{self.name}"]
        if self.organisation:
            out += [f"ORG:{self.family}", "X-ABShowAs:COMPANY"]
        else:
            out.append(f"N:{self.family};{self.given};;;")
            email = f"{self.given}.{self.family}@example.org".lower()
            out.append(f"EMAIL;TYPE=home:{email}")
            if self.company:
                out.append(f"ORG:{self.company}")
        if self.phone:
            out.append(f"TEL;TYPE=cell:{self.phone}")
        if self.street:
            out.append(f"ADR;TYPE=home:;;{self.street};{self.city};;;Germany")
        if self.birthday:
            out.append(f"BDAY:{self.birthday}")
        if self.spouse:
            out.append(f"X-SPOUSE:{self.spouse}")
        return [*out, *self.extras, "END:VCARD"]


def address_book(count: int = 200, seed: int = 7) -> list[Card]:
    """``count`` cards: about a third in families of two to four, a few
    organisations, the rest alone; most work at one of a few companies."""
    rng = random.Random(seed)
    given = iter(rng.sample(GIVEN * 4, len(GIVEN) * 4))
    families = iter(rng.sample(FAMILY, len(FAMILY)))
    cards: list[Card] = []

    used: set[tuple[str, str]] = set()

    def one(family: str, **kwargs: str) -> Card:
        name = next(given)
        while (name, family) in used:  # one card a person: a namesake would be merged
            name = next(given)
        used.add((name, family))
        company = rng.choice(COMPANIES) if rng.random() < 0.6 else ""
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        birthday = f"{rng.randint(1950, 2000)}-{month:02d}-{day:02d}" if rng.random() < 0.5 else ""
        phone = f"+49 30 {rng.randint(1000000, 9999999)}" if rng.random() < 0.7 else ""
        card = Card(name, family, company, birthday=birthday, phone=phone, **kwargs)
        card.uid = f"newcomer-{len(cards) + 1}"
        cards.append(card)
        return card

    while len(cards) < count * 0.35:
        family, city = next(families), rng.choice(CITIES)
        street = f"{rng.choice(STREETS)} {rng.randint(1, 90)}"
        first = one(family, city=city, street=street)
        partner = one(family, city=city, street=street, spouse=first.name)
        first.spouse = partner.name
        for _ in range(rng.randint(0, 2)):
            one(family, city=city, street=street)
    for index in range(4):
        card = Card("", f"{rng.choice(STREETS).split()[0]} Service {index + 1}", organisation=True)
        card.uid = f"newcomer-{len(cards) + 1}"
        card.phone = f"+49 30 {rng.randint(1000000, 9999999)}"
        cards.append(card)
    while len(cards) < count:
        one(rng.choice(FAMILY), city=rng.choice(CITIES))
    return cards[:count]


def vcard(cards: list[Card]) -> bytes:
    return ("\r\n".join(line for card in cards for line in card.lines()) + "\r\n").encode()


def card(name: str, email: str, **extra: str) -> str:
    """One vCard 3.0: ``name`` (split into given and family name at the first
    space), ``email``, and a line for each of ``extra``."""
    given, _, family = name.partition(" ")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{family};{given};;;"]
    lines.append(f"EMAIL:{email}")
    lines += [f"{key}:{value}" for key, value in extra.items()]
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def imported(user, *cards: str, source: str = "phone.vcf", circle=None) -> list[Person]:
    """The people of ``cards`` once imported into ``user``'s account (new or
    matched), oldest first."""
    report = service.apply(user, parse("".join(cards).encode()), source=source, circle=circle)
    ids = [o.person_id for o in report.outcomes if o.person_id]
    return list(owned(Person, user).filter(pk__in=ids).order_by("pk"))
