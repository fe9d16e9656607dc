"""Outlook, Outlook.com, Thunderbird, LinkedIn and generic CSV files (made-up people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from keepwarm.formats.csvfiles import detect_columns, parse, suggest_mapping
from keepwarm.formats.records import (
    DateFact,
    FormatError,
    Labeled,
    PostalAddress,
    Relation,
    Skipped,
)
from keepwarm.lib.dates import MonthDay

DATA = Path(__file__).resolve().parents[1] / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_outlook_desktop_export_in_the_windows_code_page():
    data = read("outlook_desktop.csv")
    assert "Hélène".encode("cp1252") in data  # the file really is cp1252

    result = parse(data)

    assert result.format == "outlook csv"
    helene, owen, bakery = result.records
    assert (helene.given_name, helene.family_name) == ("Hélène", "Dufresne")
    assert (helene.company, helene.job_title) == ("Atelier Côté", "Directrice")
    assert helene.notes == "Met at the \u201cSalon du livre\u201d \u2013 loves crêpes"
    assert helene.emails == (Labeled("helene.dufresne@example.fr"),)
    assert helene.phones == (
        Labeled("+33 4 72 00 00 00", "work"),
        Labeled("+33 6 12 34 56 78", "mobile"),
    )
    assert helene.addresses == (
        PostalAddress("work", "12 Rue des Lilas", "Lyon", "", "69003", "France"),
    )
    assert helene.birthday == DateFact("birthday", MonthDay(3, 14, 1980))
    assert helene.dates == ()  # Anniversary was 0/0/00: no date at all
    assert helene.relations == (Relation("spouse", "Marc Dufresne"),)
    assert helene.categories == ("Family", "Book club")
    assert (owen.prefix, owen.additional_names, owen.suffix) == ("Dr.", "J.", "Jr.")
    assert owen.birthday is None
    assert owen.dates == (DateFact("anniversary", MonthDay(6, 1, 2005)),)
    assert owen.addresses[0].street == "48 Willow Lane\nApt 3"
    assert owen.relations == (Relation("child", "Ella"), Relation("child", "Sam"))
    assert [e.value for e in owen.emails] == ["owen.price@example.com", "oprice@example.net"]
    assert (bakery.company, bakery.phones) == ("Northwind Bakery", (Labeled("555-0199", "work"),))
    assert result.skipped == [Skipped(5, "no name, email, phone or company in this row")]


def test_older_outlook_country_columns_and_dotted_dates():
    result = parse(read("outlook_older_dotted_dates.csv"))

    jurgen, agnes = result.records
    assert jurgen.addresses == (PostalAddress("work", locality="München", country="Deutschland"),)
    assert jurgen.birthday == DateFact("birthday", MonthDay(3, 14, 1980))
    assert jurgen.dates == ()
    assert agnes.birthday == DateFact("birthday", MonthDay(2, 29, 1996))
    assert agnes.addresses[0].country == "Ungarn"


def test_outlook_slash_dates_are_day_first_when_the_file_says_so():
    data = (
        b"Title,First Name,Last Name,E-mail Address,Birthday\n"
        b"Ms.,Ana,Silva,ana@example.com,25/12/1975\n"
        b"Mr.,Rui,Silva,rui@example.com,03/04/1980\n"
    )

    ana, rui = parse(data).records

    assert ana.birthday == DateFact("birthday", MonthDay(12, 25, 1975))
    assert rui.birthday == DateFact("birthday", MonthDay(4, 3, 1980))


def test_outlook_com_export_with_its_own_column_order():
    result = parse(read("outlook_com.csv"))

    assert result.format == "outlook.com csv"
    marisol, kwame = result.records
    assert (marisol.given_name, marisol.nickname) == ("Marisol", "Mari")
    assert marisol.phones == (Labeled("+34 600 123 456", "mobile"),)
    assert marisol.urls == (Labeled("https://marisol.example.com", "home"),)
    assert marisol.addresses == (
        PostalAddress("home", "Calle Mayor 5", "Madrid", "", "28013", "Spain"),
    )
    assert marisol.birthday == DateFact("birthday", MonthDay(7, 19, 1985))
    assert kwame.dates == (DateFact("anniversary", MonthDay(9, 9, 2012)),)
    assert kwame.relations == (Relation("spouse", "Abena Mensah"),)


def test_thunderbird_semicolons_split_birthdays_and_a_quoted_newline():
    result = parse(read("thunderbird_semicolon.csv"))

    assert result.format == "thunderbird csv"
    linnea, rafael, yuki = result.records
    assert linnea.notes == "Met at choir;\nsings alto\tand tenor"
    assert linnea.birthday == DateFact("birthday", MonthDay(4, 30, 1990))
    assert linnea.addresses == (
        PostalAddress("home", "Storgatan 1", "Uppsala", "", "753 20", "Sweden"),
    )
    assert rafael.line == 4  # the quoted newline moved him one line down
    assert rafael.display_name == "Rafa Nunes"
    assert (rafael.given_name, rafael.company) == ("Rafael", "Nunes & Filhos, Lda")
    assert rafael.birthday == DateFact("birthday", MonthDay(12, 2))
    assert yuki.birthday == DateFact("birthday", MonthDay(2, 29))  # 1604 means no year
    assert (yuki.given_name, yuki.family_name) == ("Yuki", "Sato")


def test_linkedin_connections_after_the_notes_preamble():
    result = parse(read("linkedin_connections.csv"))

    assert result.format == "linkedin csv"
    priya, tomasz, aiko = result.records
    assert priya.line == 5
    assert (priya.company, priya.job_title) == ("Fernwood Analytics", "Data Engineer")
    assert priya.emails == ()
    assert priya.urls == (Labeled("https://www.linkedin.com/in/priya-raman-example", "LinkedIn"),)
    assert priya.dates == (DateFact("connected", MonthDay(3, 12, 2024)),)
    assert tomasz.emails == (Labeled("tomasz.w@example.org"),)
    assert tomasz.company == "Harbor & Pine, LLC"
    assert aiko.dates == (DateFact("connected", MonthDay(2, 29, 2020)),)
    assert result.skipped == []


GENERIC = (
    b"Full name;Work e-mail;Cell;Street;Town;Country;Born;Club\n"
    b"Nora Falk;nora@example.com;+49 151 000;Hauptstr. 1;Kiel;DE;1988-05-17;Rowing, Chess\n"
    b";;;;;;;\n"
    b"Odin Vale;;;;;;--07-04;\n"
)


def test_generic_csv_without_a_mapping_says_what_was_expected():
    with pytest.raises(
        FormatError, match=r"Google, Outlook, Outlook\.com, Thunderbird or LinkedIn"
    ):
        parse(GENERIC)


def test_generic_csv_columns_and_suggested_mapping():
    headers = detect_columns(GENERIC)

    assert headers == [
        "Full name",
        "Work e-mail",
        "Cell",
        "Street",
        "Town",
        "Country",
        "Born",
        "Club",
    ]
    assert suggest_mapping(headers) == {
        "Full name": "display_name",
        "Work e-mail": "email:work",
        "Cell": "phone:mobile",
        "Street": "street",
        "Town": "locality",
        "Country": "country",
        "Born": "birthday",
        "Club": "extra",
    }


def test_generic_csv_with_the_confirmed_mapping():
    mapping = suggest_mapping(detect_columns(GENERIC)) | {"Club": "categories"}

    result = parse(GENERIC, mapping)

    nora, odin = result.records
    assert (nora.given_name, nora.family_name) == ("Nora", "Falk")
    assert nora.emails == (Labeled("nora@example.com", "work"),)
    assert nora.phones == (Labeled("+49 151 000", "mobile"),)
    assert nora.addresses == (PostalAddress("", "Hauptstr. 1", "Kiel", "", "", "DE"),)
    assert nora.birthday == DateFact("birthday", MonthDay(5, 17, 1988))
    assert nora.categories == ("Rowing", "Chess")
    assert (odin.line, odin.birthday) == (4, DateFact("birthday", MonthDay(7, 4)))


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Full name": "shoe size"}, "'shoe size' is not a field"),
        ({"Nickname": "nickname"}, "No header row"),
        ({"Full name": "ignore"}, "picks no column"),
    ],
)
def test_a_bad_mapping_is_a_clear_error(mapping, message):
    with pytest.raises(FormatError, match=message):
        parse(GENERIC, mapping)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1987-09-07", DateFact("b", MonthDay(9, 7, 1987))),
        (" --12-25", DateFact("b", MonthDay(12, 25))),
        ("1604-02-29", DateFact("b", MonthDay(2, 29))),
        ("1900-01-01", DateFact("b", MonthDay(1, 1, 1900), doubtful=True)),
        ("3/14/80", DateFact("b", MonthDay(3, 14, 1980))),
        ("14.03.1980", DateFact("b", MonthDay(3, 14, 1980))),
        ("Mar 12, 2024", DateFact("b", MonthDay(3, 12, 2024))),
        ("1955-07-19T00:00:00Z", DateFact("b", MonthDay(7, 19, 1955))),
        ("circa 1800", DateFact("b", None, note="circa 1800")),
        ("2/30/1999", DateFact("b", None, note="1999 2/30")),
        ("0/0/00", None),
    ],
)
def test_dates_in_the_spellings_exporters_use(text, expected):
    from keepwarm.formats.csv_values import parse_date

    assert parse_date(text, "b") == expected
