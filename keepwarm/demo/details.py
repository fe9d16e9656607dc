"""How to reach each demo person: emails, phones, web sites, postal addresses."""

from __future__ import annotations

import random

from keepwarm.demo.places import PhoneBook, street_address
from keepwarm.demo.pools import COMPANIES, ascii_slug
from keepwarm.demo.spec import AddressSpec, ContactSpec, PersonSpec

PERSONAL_DOMAINS = ("example.com", "example.net", "example.org")
_DOMAIN_OF = {c.name: c.domain for c in COMPANIES}

# Chance of having an email, a phone and a postal address, per circle.
REACH = {"Close": (1.0, 1.0, 1.0), "Core": (0.92, 0.85, 0.85), "Wide": (0.8, 0.6, 0.6)}


class Directory:
    """Hands out unique email addresses and fictional phone numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones = PhoneBook(rng)
        self.emails: set[str] = set()

    def email(self, person: PersonSpec, domain: str) -> str:
        given, family = _latin_parts(person)
        patterns = (
            f"{given}.{family}",
            f"{given}{family[:1]}",
            f"{given[:1]}{family}",
            f"{given}.{family}{person.birth_year % 100:02d}",
            f"{family}.{given}",
        )
        for local in patterns:
            address = f"{local}@{domain}"
            if local.strip(".") and address not in self.emails:
                self.emails.add(address)
                return address
        address = f"{given}.{family}.{len(self.emails)}@{domain}"
        self.emails.add(address)
        return address


def _latin_parts(person: PersonSpec) -> tuple[str, str]:
    if person.latin:
        given, family = person.latin.split(" ", 1)
    else:
        given, family = person.nickname or person.given, person.family
    return ascii_slug(given) or "friend", ascii_slug(family) or "demo"


def add_reach(person: PersonSpec, directory: Directory) -> None:
    """Contact points and addresses for ``person``, by circle."""
    rng = directory.rng
    email_p, phone_p, address_p = REACH[person.circle]
    if rng.random() < email_p:
        domain = rng.choice(PERSONAL_DOMAINS)
        person.contacts.append(ContactSpec("email", directory.email(person, domain), "home", True))
    work_domain = _DOMAIN_OF.get(person.company)
    if work_domain and rng.random() < 0.3:
        first = not person.has("email")
        person.contacts.append(
            ContactSpec("email", directory.email(person, work_domain), "work", first)
        )
    if rng.random() < phone_p:
        number = directory.phones.number(person.place)
        if number:
            person.contacts.append(ContactSpec("phone", number, "mobile", True))
    if person.industry in {"Design", "Publishing"} and rng.random() < 0.5:
        given, family = _latin_parts(person)
        person.contacts.append(ContactSpec("url", f"https://{given}{family}.example", "website"))
    if rng.random() < address_p or person.key:  # everyone with a story gets mail
        add_address(rng, person)


def add_address(rng: random.Random, person: PersonSpec) -> None:
    postal = street_address(rng, person.place)
    person.addresses.append(
        AddressSpec(
            street=postal.street,
            locality=postal.locality,
            region=postal.region,
            postcode=postal.postcode,
            country=postal.country,
        )
    )


def share_address(person: PersonSpec, spouse: PersonSpec) -> None:
    """Couples who are both contacts live at the same address."""
    if person.addresses:
        home = person.addresses[0]
        spouse.addresses = [
            AddressSpec(home.street, home.locality, home.region, home.postcode, home.country)
        ]
