"""The vCard corpus for the tests (../shared/corpus/vcard): its files, the fields
of a card the hand-written tables give (``digest``), the first of those tables
(``EXPECTED``, the other is in test_formats_vcard_corpus_more.py), and the check
that a file's cards have them (``check``)."""

from __future__ import annotations

from pathlib import Path

from keepwarm.formats.records import ContactRecord
from keepwarm.formats.vcard import parse
from keepwarm.lib.dates import MonthDay
from tests import corpus

CORPUS = corpus.CORPUS / "vcard"
NOT_VCARD = {"rfc6351-example.xml", "vcard-samples-license.txt"}


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in NOT_VCARD)


def read(name: str) -> list[ContactRecord]:
    return parse((CORPUS / name).read_bytes()).records


def digest(record: ContactRecord) -> dict[str, object]:
    """The fields the tables below check, in a form easy to write by hand."""
    return {
        "name": record.display_name,
        "given": record.given_name,
        "family": record.family_name,
        "additional": record.additional_names,
        "prefix": record.prefix,
        "suffix": record.suffix,
        "nickname": record.nickname,
        "company": record.company,
        "title": record.job_title,
        "uid": record.uid,
        "emails": [(e.value, e.label) for e in record.emails],
        "phones": [(p.value, p.label) for p in record.phones],
        "urls": [(u.value, u.label) for u in record.urls],
        "addresses": [
            (a.label, a.street, a.locality, a.region, a.postcode, a.country)
            for a in record.addresses
        ],
        "birthday": record.birthday and (record.birthday.day, record.birthday.doubtful),
        "dates": [(d.label, d.day, d.doubtful) for d in record.dates],
        "relations": [(r.kind, r.name) for r in record.relations],
        "categories": list(record.categories),
        "has_photo": bool(record.photo),
    }


USA = "United States of America"
EXPECTED: dict[str, list[dict[str, object]]] = {
    "aosp/v21_adr_multiple_line.vcf": [
        {
            "family": "bogus",
            "urls": [("http://bogus.com/", "")],
            "addresses": [
                ("home", "Grindelberg 999", "Hamburg", "", "99999", "Deutschland"),
                (
                    "home",
                    "Hermann v. Brevern\n9999999\nPackstation 999",
                    "Hamburg",
                    "",
                    "99999",
                    "Deutschland",
                ),
            ],
            "birthday": (MonthDay(12, 3, 2008), False),
        }
    ],
    "aosp/v21_complicated.vcf": [
        {
            "name": "Joe Due",
            "family": "Gump",
            "given": "Forrest",
            "additional": "Hoge",
            "prefix": "Pos",
            "suffix": "Tao",
            "company": "Gump Shrimp Co.",
            "title": "Shrimp Man",
            "emails": [("forrestgump@walladalla.com", ""), ("cell@example.com", "mobile")],
            "phones": [
                ("(111) 555-1212", "work"),
                ("(404) 555-1212", "home"),
                ("0311111111", "mobile"),
                ("0322222222", "video"),
                ("0333333333", ""),
            ],
            "addresses": [
                ("work", "100 Waters Edge", "Baytown", "LA", "30314", USA),
                ("home", "42 Plantation St.", "Baytown", "LA", "30314", USA),
            ],
            "birthday": (MonthDay(1, 1, 1980), False),
            "has_photo": True,
        }
    ],
    "aosp/v21_invalid_comment_line.vcf": [
        {"uid": "357", "name": "Conference Call", "emails": [], "has_photo": False}
    ],
    "aosp/v21_invalid_multiple_line.vcf": [
        {"given": "Omega", "name": "Omega", "emails": [("omega@example.com", "")]}
    ],
    "aosp/v21_japanese_2.vcf": [
        {
            "family": "安藤",
            "given": "ロイド1",
            "name": "安藤 ロイド 1",
            "addresses": [
                ("home", "東京都渋谷区桜丘町26-1セルリアンタワー6階", "", "", "150-8512", "")
            ],
        }
    ],
    "aosp/v21_multiple_entry.vcf": [
        {
            "family": "安藤ロイド3",
            "phones": [("9", ""), ("10", ""), ("11", ""), ("12", "home fax")],
        },
        {
            "family": "安藤ロイド4",
            "phones": [("13", "modem"), ("14", "pager"), ("15", ""), ("16", "")],
        },
        {"family": "安藤ロイド5"},
    ],
    "aosp/v21_nest.vcf": [
        {"family": "parent", "phones": [("1", "")]},
        {"family": "nest1", "phones": []},
        {"family": "nest2", "phones": []},
    ],
    "aosp/v21_pref_handling.vcf": [
        {
            "name": "Smith",
            "company": "Company",
            "title": "Engineer",
            "phones": [("1", "home"), ("2", "work"), ("3", "isdn")],
            "emails": [("test@example.com", "home"), ("test2@examination.com", "mobile")],
        }
    ],
    "aosp/v21_winmo_65.vcf": [
        {"family": "Example", "dates": [("anniversary", MonthDay(10, 10, 2009), False)]}
    ],
    "aosp/v30_ios_613_multiline.vcf": [
        {
            "name": "Bob Smith",
            "company": "Smith Auto Repair",
            "emails": [("bob@smithauto.com", "")],
            "phones": [("(650) 555-1212", "mobile")],
            "urls": [("www.smithauto.com", "home page")],
            "has_photo": True,
        }
    ],
    "aosp/v40_sort_as.vcf": [{"family": "安藤", "given": "ロイド", "company": "グーグル"}],
    "ez-vcard/John_Doe_EVOLUTION.vcf": [
        {
            "uid": "477343c8e6bf375a9bac1f96a5000837",
            "prefix": "Mr.",
            "given": "John",
            "additional": "Richter, James",
            "family": "Doe",
            "suffix": "Sr.",
            "nickname": "Johny",
            "company": "IBM",
            "emails": [("john.doe@ibm.com", "work")],
            "birthday": (MonthDay(3, 22, 1980), False),
            "dates": [("anniversary", MonthDay(3, 22, 1980), False)],
            "relations": [
                ("spouse", "Maria"),
                ("colleague", "Big Blue"),
                ("colleague", "Little Red"),
            ],
            "categories": ["VIP"],
        }
    ],
    "ez-vcard/John_Doe_GMAIL.vcf": [
        {
            "name": "Mr. John Richter, James Doe Sr.",
            "emails": [("john.doe@ibm.com", "home")],
            "phones": [("905-555-1234", "mobile"), ("905-666-1234", "home")],
            "urls": [("http://www.ibm.com", "work")],
            "birthday": (MonthDay(3, 22, 1980), False),
            "dates": [("anniversary", MonthDay(3, 1, 1975), False)],
            "relations": [("spouse", "Jenny")],
        }
    ],
    "ez-vcard/John_Doe_IPHONE.vcf": [
        {
            "additional": "Richter James",
            "company": "IBM",
            "phones": [
                ("905-555-1234", "mobile"),
                ("905-666-1234", "home"),
                ("905-777-1234", "work"),
                ("905-888-1234", "home fax"),
                ("905-999-1234", "work fax"),
                ("905-111-1234", "pager"),
                ("905-222-1234", "assistant phone"),
            ],
            "addresses": [
                ("home", "Silicon Alley 5", "New York", "New York", "12345", USA),
                ("work", "Street4\nBuilding 6\nFloor 8", "New York", "", "12345", "USA"),
            ],
            "urls": [("http://www.ibm.com", "home page")],
            "birthday": (MonthDay(6, 6, 2012), False),
            "has_photo": True,
        }
    ],
    "ez-vcard/John_Doe_MS_OUTLOOK.vcf": [
        {
            "family": "Doe",
            "given": "John",
            "emails": [("john.doe@ibm.cm", "")],
            "phones": [("(905) 555-1234", "work"), ("(905) 666-1234", "home")],
            "birthday": (MonthDay(3, 22, 1980), False),
            "dates": [("anniversary", MonthDay(1, 13, 2011), False)],
            "relations": [("colleague", "Big Blue"), ("colleague", "Jenny")],
        }
    ],
    "ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf": [
        {"relations": [("spouse", "Jenny")], "birthday": (MonthDay(6, 6, 2012), False)}
    ],
    "ez-vcard/gmail-single.vcf": [
        {
            "name": "Greg Dartmouth",
            "nickname": "Gman",
            "emails": [("gdartmouth@hotmail.com", "")],
            "phones": [("555 555 1111", "mobile"), ("555 555 2222", "GRAND_CENTRAL")],
            "birthday": (MonthDay(9, 10, 1960), False),
            "dates": [("anniversary", MonthDay(6, 2, 1970), True)],
            "relations": [("spouse", "MySpouse"), ("other", "MyCustom")],
            "addresses": [
                ("home", "123 Home St\nHome City, HM 12345", "", "", "", ""),
                ("CustomAdrType", "321 Custom St", "Custom City", "TX", "98765", "USA"),
            ],
        }
    ],
    "ez-vcard/gmail-single2.vcf": [
        {
            "birthday": (MonthDay(6, 23, 1912), False),
            "dates": [
                ("anniversary", MonthDay(3, 20, 1930), False),
                ("other", MonthDay(7, 4, 1776), False),
                ("CustomDateCategory", MonthDay(9, 12, 2000), True),
            ],
            "relations": [
                ("other", "Name1"),
                ("spouse", "Name2"),
                ("child", "Name3"),
                ("parent", "Name4"),
                ("parent", "Name5"),
                ("parent", "Name6"),
                ("sibling", "Name7"),
                ("sibling", "Name8"),
                ("friend", "Name9"),
                ("other", "Name10"),
                ("colleague", "Name11"),
                ("colleague", "Name12"),
                ("other", "Name13"),
                ("partner", "Name14"),
                ("partner", "Name15"),
                ("other", "Name16"),
            ],
        }
    ],
    "ez-vcard/outlook-2003.vcf": [
        {
            "name": "John Doe III",
            "prefix": "Mr.",
            "suffix": "III",
            "company": "Company, The",
            "addresses": [("work", "TheOffice\n123 Main St", "Austin", "TX", "12345", USA)],
            "emails": [("jdoe@hotmail.com", "")],
            "birthday": (MonthDay(3, 21, 1980), False),
        }
    ],
    "ez-vcard/outlook-2007.vcf": [
        {
            "name": "Mr. Michael Angstadt Jr.",
            "emails": [("mike.angstadt@gmail.com", "")],
            "birthday": (MonthDay(3, 10, 1922), False),
            "dates": [("anniversary", MonthDay(8, 1, 2012), False)],
            "relations": [
                ("colleague", "TheManagerName"),
                ("colleague", "TheAssistantName"),
                ("spouse", "TheSpouse"),
            ],
        }
    ],
    "ez-vcard/rfc2426-example.vcf": [
        {
            "name": "Frank Dawson",
            "company": "Lotus Development Corporation",
            "emails": [("Frank_Dawson@Lotus.com", ""), ("fdawson@earthlink.net", "")],
            "phones": [("+1-919-676-9515", "work"), ("+1-919-676-9564", "work fax")],
            "addresses": [
                ("work", "6544 Battleford Drive", "Raleigh", "NC", "27613-3502", "U.S.A.")
            ],
        },
        {"name": "Tim Howes", "emails": [("howes@netscape.com", "")]},
    ],
    "ez-vcard/rfc6350-example.vcf": [
        {
            "name": "Simon Perreault",
            "suffix": "ing. jr M.Sc.",
            "birthday": (MonthDay(2, 3), False),
            "dates": [("anniversary", MonthDay(8, 8, 2009), False)],
            "emails": [("simon.perreault@viagenie.ca", "work")],
            "addresses": [
                ("work", "Suite D2-630\n2875 Laurier", "Quebec", "QC", "G1V 2M2", "Canada")
            ],
        }
    ],
    "ez-vcard/jcard-example.json": [
        {
            "name": "Simon Perreault",
            "family": "Perreault",
            "suffix": "ing. jr M.Sc.",
            "company": "Viagenie",
            "birthday": (MonthDay(2, 3), False),
            "dates": [("anniversary", MonthDay(8, 8, 2009), False)],
            "phones": [("+1-418-656-9254;ext=102", "work"), ("+1-418-262-6501", "work")],
            "urls": [("http://nomis80.org", "home")],
        }
    ],
    "ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf": [
        {
            "name": "John Doe",
            "nickname": "Johnny",
            "birthday": (MonthDay(9, 21, 1970), True),
            "dates": [("anniversary", MonthDay(4, 30, 1990), False)],
            "relations": [("spouse", "TheSpouse")],
            # The extension escapes the commas between categories; by RFC 6350
            # an escaped comma is part of the value, so this is one category.
            "categories": ["category1, category2, category3"],
            "has_photo": True,
        }
    ],
    "py-vobject/vcard40_full.vcf": [
        {
            "name": "Dr. John Q. Public, III",
            "nickname": "Johnny, JQP",
            "emails": [
                ("john.public@example.com", "work"),
                ("johnny@personal.example.org", "home"),
            ],
            "phones": [("+1-555-555-5555", ""), ("+1-555-123-4567", "mobile")],
            "birthday": (MonthDay(4, 15, 1985), False),
            "dates": [("anniversary", MonthDay(6, 12, 2010), False)],
            "relations": [],
            "categories": ["BUSINESS", "NETWORKING"],
        }
    ],
    "py-vobject/vcard40_org.vcf": [
        {"name": "ABC Marketing", "company": "ABC, Inc.", "given": "", "family": ""}
    ],
    "sabre-vobject/issue153.vcf": [{"name": "Test Benutzer", "has_photo": True}],
}


def check(name: str, table: list[dict[str, object]]) -> None:
    """The file's cards, in order, have the fields the table gives them."""
    records = read(name)
    assert len(records) == len(table)
    for record, expected in zip(records, table, strict=True):
        found = digest(record)
        assert {key: found[key] for key in expected} == expected
