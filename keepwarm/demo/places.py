"""Where the demo people live: cities, fictional streets, postcodes and phone numbers.

Streets are made up. Phone numbers come from the ranges each country keeps
for fiction (US 555-01xx, Ofcom's drama numbers, the Bundesnetzagentur's
and ARCEP's film numbers), so no real line is ever shown. Japan has no such
range, so the demo's Japanese contacts have no phone.

Numbers are written with their country code, so they read the same whatever
the account's default region.

Pure Python: no Django, no clock, randomness only from the ``random.Random``
passed in.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


def _us(area: str) -> Callable[[int], str]:
    return lambda n: f"+1 {area}-555-01{n % 100:02d}"


def _uk(prefix: str) -> Callable[[int], str]:
    return lambda n: f"+44 {prefix} 0{n % 1000:03d}"


def _de(prefix: str) -> Callable[[int], str]:
    return lambda n: f"+49 {prefix} {n % 1000:03d}"


def _fr(prefix: str) -> Callable[[int], str]:
    return lambda n: f"+33 {prefix} {n // 100 % 100:02d} {n % 100:02d}"


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    country: str
    postcodes: tuple[str, ...]
    phone: Callable[[int], str] | None
    phone_slots: int


HOME = Place(
    "Portland",
    "OR",
    "US",
    (
        "97202",
        "97206",
        "97211",
        "97212",
        "97214",
        "97215",
        "97217",
        "97219",
        "97227",
        "97232",
    ),
    _us("503"),
    100,
)

US_PLACES = (
    Place(
        "Seattle",
        "WA",
        "US",
        ("98103", "98107", "98112", "98115", "98117", "98122"),
        _us("206"),
        100,
    ),
    Place(
        "San Francisco", "CA", "US", ("94110", "94114", "94117", "94121", "94122"), _us("415"), 100
    ),
    Place("Oakland", "CA", "US", ("94606", "94609", "94610", "94611", "94618"), _us("510"), 100),
    Place("Chicago", "IL", "US", ("60614", "60618", "60622", "60625", "60647"), _us("312"), 100),
    Place("Brooklyn", "NY", "US", ("11201", "11215", "11217", "11238"), _us("718"), 100),
    Place("Austin", "TX", "US", ("78702", "78704", "78723", "78745"), _us("512"), 100),
    Place("Denver", "CO", "US", ("80205", "80206", "80210", "80218"), _us("303"), 100),
    Place("Somerville", "MA", "US", ("02143", "02144", "02145"), _us("617"), 100),
    Place("Minneapolis", "MN", "US", ("55405", "55406", "55408", "55414"), _us("612"), 100),
    Place("Eugene", "OR", "US", ("97401", "97403", "97405"), _us("541"), 100),
    Place("Bend", "OR", "US", ("97701", "97702", "97703"), _us("541"), 100),
)

ABROAD = {
    "GB": (
        Place(
            "London",
            "",
            "GB",
            ("E8", "N16", "SE15", "SW9", "NW5", "E17", "W12"),
            _uk("20 7946"),
            1000,
        ),
        Place("Manchester", "", "GB", ("M14", "M20", "M21"), _uk("161 496"), 1000),
        Place("Bristol", "", "GB", ("BS3", "BS6", "BS7"), _uk("117 496"), 1000),
        Place("Edinburgh", "", "GB", ("EH6", "EH9", "EH10"), _uk("131 496"), 1000),
    ),
    "DE": (
        Place(
            "Berlin",
            "",
            "DE",
            ("10245", "10247", "10405", "10437", "10999", "12047"),
            _de("30 23125"),
            1000,
        ),
        Place("München", "", "DE", ("80469", "80799", "81667"), _de("89 99998"), 1000),
        Place("Hamburg", "", "DE", ("20357", "22765", "22767"), _de("40 66969"), 1000),
    ),
    "FR": (
        Place(
            "Paris", "", "FR", ("75003", "75010", "75011", "75018", "75020"), _fr("1 99 00"), 10000
        ),
        Place("Lyon", "", "FR", ("69001", "69004", "69007"), _fr("4 65 71"), 10000),
    ),
    "JP": (
        Place("Tokyo", "Tokyo", "JP", ("153-0042", "154-0001", "155-0031", "156-0043"), None, 0),
    ),
}

PLACES = {p.city: p for p in (HOME, *US_PLACES, *(p for ps in ABROAD.values() for p in ps))}

_US_STREETS = (
    "Alder Hollow",
    "Tillamere",
    "Quince Hill",
    "Fernwick",
    "Larkmoor",
    "Harrowgate",
    "Willowmere",
    "Juniper Bend",
    "Cedarcrest",
    "Thistledown",
    "Kestrel Ridge",
    "Marlowe",
    "Osprey Point",
    "Briarwood Glen",
    "Hazelmere",
    "Copperleaf",
    "Sorrel",
    "Wrenfield",
)
_US_SUFFIXES = ("St", "Ave", "Rd", "Ln", "Ct", "Way", "Pl", "Dr")
_UK_STREETS = (
    "Marlowe Grove",
    "Thistlewood Road",
    "Ashcombe Terrace",
    "Larkhill Gardens",
    "Pennyfold Lane",
    "Wrenbury Crescent",
    "Hollins Street",
    "Kingsmead Row",
)
_DE_STREETS = (
    "Kranichsteig",
    "Holderbuschstraße",
    "Ebereschenweg",
    "Mühlentaler Weg",
    "Schwalbenhof",
    "Birkenhainer Straße",
    "Lerchenfelder Allee",
    "Quittengasse",
)
_FR_STREETS = (
    "rue des Tilleuls-Bleus",
    "rue du Moulin-Rouget",
    "avenue Gaspard-Lemoine",
    "impasse des Glycines",
    "rue Hortense-Valmy",
    "passage des Trois-Sœurs",
)
_JP_DISTRICTS = (
    ("Aobadai", "Meguro-ku", "153-0042"),
    ("Ikejiri", "Setagaya-ku", "154-0001"),
    ("Kitazawa", "Setagaya-ku", "155-0031"),
    ("Matsubara", "Setagaya-ku", "156-0043"),
)
_JP_BUILDINGS = ("Sakura Heights", "Maple Court", "Kaede Residence", "Hoshino Mansion")
_UK_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class PostalAddress:
    street: str
    locality: str
    region: str
    postcode: str
    country: str


def street_address(rng: random.Random, place: Place) -> PostalAddress:
    """A fictional street in ``place`` with a postcode of the right shape."""
    country = place.country
    postcode = rng.choice(place.postcodes)
    if country == "US":
        street = f"{rng.randint(100, 9899)} {rng.choice(_US_STREETS)} {rng.choice(_US_SUFFIXES)}"
        if rng.random() < 0.25:
            street += f"\nApt {rng.randint(1, 4)}{rng.choice('ABCD')}"
    elif country == "GB":
        street = f"{rng.randint(1, 120)} {rng.choice(_UK_STREETS)}"
        if rng.random() < 0.3:
            street = f"Flat {rng.randint(1, 6)}\n{street}"
        inward = "".join(rng.choice(_UK_LETTERS) for _ in range(2))
        postcode = f"{postcode} {rng.randint(1, 9)}{inward}"
    elif country == "DE":
        street = f"{rng.choice(_DE_STREETS)} {rng.randint(1, 88)}"
    elif country == "FR":
        street = f"{rng.randint(1, 60)} {rng.choice(_FR_STREETS)}"
    else:
        district, ward, postcode = rng.choice(_JP_DISTRICTS)
        street = (
            f"{rng.choice(_JP_BUILDINGS)} {rng.randint(2, 9)}0{rng.randint(1, 6)}\n"
            f"{rng.randint(1, 4)}-{rng.randint(1, 30)}-{rng.randint(1, 20)} {district}, {ward}"
        )
    return PostalAddress(street, place.city, place.region, postcode, country)


class PhoneBook:
    """Hands out each fictional number once."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def number(self, place: Place) -> str | None:
        if place.phone is None:
            return None
        for _ in range(200):
            value = place.phone(self._rng.randrange(place.phone_slots))
            if value not in self._used:
                self._used.add(value)
                return value
        return None
