"""The CSV layouts of known exporters, found by their header names, never positions.

Outlook (desktop and Outlook.com), Thunderbird and LinkedIn are tables from a
header to a field (see ``csv_records.FIELDS``). Google, with its numbered
groups, is in ``csv_google``. ``suggest_mapping`` proposes fields for the
headers of any other CSV, for the user to confirm.
"""

from __future__ import annotations

import re

_ADDRESS_PARTS = {
    "Street": "street",
    "Street 2": "street",
    "Street 3": "street",
    "City": "locality",
    "State": "region",
    "Postal Code": "postcode",
    "Country/Region": "country",
    "Country": "country",
}
OUTLOOK: dict[str, str] = {
    "Title": "prefix",
    "First Name": "given_name",
    "Middle Name": "additional_names",
    "Last Name": "family_name",
    "Suffix": "suffix",
    "Nickname": "nickname",
    "Company": "company",
    "Job Title": "job_title",
    "Notes": "notes",
    "E-mail Address": "email",
    "E-mail 2 Address": "email",
    "E-mail 3 Address": "email",
    "Primary Phone": "phone:main",
    "Mobile Phone": "phone:mobile",
    "Home Phone": "phone:home",
    "Home Phone 2": "phone:home",
    "Business Phone": "phone:work",
    "Business Phone 2": "phone:work",
    "Company Main Phone": "phone:work",
    "Other Phone": "phone:other",
    "Pager": "phone:pager",
    "Home Fax": "phone:home fax",
    "Business Fax": "phone:work fax",
    "Car Phone": "phone:car",
    "Web Page": "url",
    "Personal Web Page": "url:home",
    "Birthday": "birthday",
    "Anniversary": "date:anniversary",
    "Spouse": "relation:spouse",
    "Children": "relation:child",
    "Categories": "categories",
    **{
        f"{where} {part}": f"{field}:{label}"
        for where, label in (("Business", "work"), ("Home", "home"), ("Other", "other"))
        for part, field in _ADDRESS_PARTS.items()
    },
}
THUNDERBIRD: dict[str, str] = {
    "First Name": "given_name",
    "Last Name": "family_name",
    "Display Name": "display_name",
    "Nickname": "nickname",
    "Primary Email": "email",
    "Secondary Email": "email",
    "Work Phone": "phone:work",
    "Home Phone": "phone:home",
    "Fax Number": "phone:fax",
    "Pager Number": "phone:pager",
    "Mobile Number": "phone:mobile",
    "Job Title": "job_title",
    "Organization": "company",
    "Web Page 1": "url:work",
    "Web Page 2": "url:home",
    "Birth Year": "birth_year",
    "Birth Month": "birth_month",
    "Birth Day": "birth_day",
    "Notes": "notes",
    **{
        f"{where} {part}": f"{field}:{where.lower()}"
        for where in ("Home", "Work")
        for part, field in (
            ("Address", "street"),
            ("Address 2", "street"),
            ("City", "locality"),
            ("State", "region"),
            ("ZipCode", "postcode"),
            ("Country", "country"),
        )
    },
}
LINKEDIN: dict[str, str] = {
    "First Name": "given_name",
    "Last Name": "family_name",
    "URL": "url:LinkedIn",
    "Email Address": "email",
    "Company": "company",
    "Position": "job_title",
    "Connected On": "date:connected",
}
TABLES = {
    "outlook csv": OUTLOOK,
    "outlook.com csv": OUTLOOK,
    "thunderbird csv": THUNDERBIRD,
    "linkedin csv": LINKEDIN,
}
_GOOGLE_CURRENT = re.compile(r"(e-mail|phone|address|website|event|relation) \d+ - label")
_GOOGLE_LEGACY = re.compile(r"(e-mail|phone|address|website|event|relation) \d+ - type")


def key(header: str) -> str:
    """A header as compared: case and spacing do not matter."""
    return " ".join(header.split()).casefold()


def detect_layout(headers: list[str]) -> str:
    """The format name of a known exporter's header row, or "" for any other row."""
    names = [key(h) for h in headers]
    found = set(names)
    if {"connected on", "position"} <= found:
        return "linkedin csv"
    if "primary email" in found or {"birth month", "birth day"} <= found:
        return "thunderbird csv"
    if "labels" in found or any(_GOOGLE_CURRENT.fullmatch(n) for n in names):
        return "google csv"
    legacy = "group membership" in found or any(_GOOGLE_LEGACY.fullmatch(n) for n in names)
    if legacy and "given name" in found:
        return "google csv (legacy)"
    outlook_marks = {"e-mail address", "business street", "home street", "mobile phone"}
    if "first name" in found and found & outlook_marks:
        outlook_com = "title" not in found or names.index("first name") < names.index("title")
        return "outlook.com csv" if outlook_com else "outlook csv"
    return ""


_KNOWN = {key(h): f for table in TABLES.values() for h, f in table.items()}
_KNOWN.update(
    {
        "name": "display_name",
        "full name": "display_name",
        "email": "email",
        "e-mail": "email",
        "phone": "phone",
        "telephone": "phone",
        "mobile": "phone:mobile",
        "cell": "phone:mobile",
        "organization name": "company",
        "organisation": "company",
        "birthday": "birthday",
        "date of birth": "birthday",
        "dob": "birthday",
        "tags": "categories",
        "labels": "categories",
        "groups": "categories",
        "website": "url",
    }
)
_WORDS = (
    ("mail", "email"),
    ("phone", "phone"),
    ("mobile", "phone:mobile"),
    ("birth", "birthday"),
    ("born", "birthday"),
    ("anniversary", "date:anniversary"),
    ("street", "street"),
    ("address", "street"),
    ("city", "locality"),
    ("town", "locality"),
    ("zip", "postcode"),
    ("postal", "postcode"),
    ("postcode", "postcode"),
    ("state", "region"),
    ("province", "region"),
    ("country", "country"),
    ("company", "company"),
    ("organi", "company"),
    ("employer", "company"),
    ("job", "job_title"),
    ("position", "job_title"),
    ("note", "notes"),
    ("tag", "categories"),
    ("group", "categories"),
    ("categor", "categories"),
    ("web", "url"),
    ("url", "url"),
    ("first", "given_name"),
    ("given", "given_name"),
    ("middle", "additional_names"),
    ("surname", "family_name"),
    ("last", "family_name"),
    ("family", "family_name"),
    ("nick", "nickname"),
    ("name", "display_name"),
)


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """A field for every header (``extra`` when nothing fits: kept as an
    imported extra), for the user to confirm."""
    return {header: _suggest(key(header)) for header in headers}


def _suggest(name: str) -> str:
    if name in _KNOWN:
        return _KNOWN[name]
    for word, spec in _WORDS:
        if word in name:
            return _with_label(spec, name)
    return "extra"  # no field fits: kept on the person as an imported extra


def _with_label(spec: str, name: str) -> str:
    if ":" in spec or not spec.startswith(("email", "phone", "url")):
        return spec
    for word, label in (("home", "home"), ("work", "work"), ("business", "work")):
        if word in name:
            return f"{spec}:{label}"
    return spec
