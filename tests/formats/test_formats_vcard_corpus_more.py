"""Hand-written expectations for the vCard corpus files that ``EXPECTED``
(tests/formats/corpus_cards.py) leaves out.

Together with ``EXPECTED``, every vCard file in ../shared/corpus/vcard has a
table. Each value was written from reading the raw file (its escaping,
folding, quoted-printable and charset undone by hand), never from the parser's
output: where the two differ, the parser is wrong, not the table.
"""

from __future__ import annotations

import pytest

from keepwarm.lib.dates import MonthDay
from tests import corpus
from tests.formats.corpus_cards import CORPUS, EXPECTED, NOT_VCARD, check, corpus_files

pytestmark = pytest.mark.skipif(
    corpus.absent(CORPUS), reason=f"the vCard corpus is not at {CORPUS} (../shared/corpus/vcard)"
)

N_TILDE = "\u00d1"  # Ñ, what John_Doe_ANDROID.vcf writes as =C3=91 in quoted-printable


def tildes(count: int, sep: str = " ") -> str:
    return sep.join([N_TILDE] * count)


MORE: dict[str, list[dict[str, object]]] = {
    # Only X-ANDROID-CUSTOM lines: no name, email or phone, so no contact.
    "aosp/v21_android_custom_prop.vcf": [],
    # vCard 2.1: in the compound N the parts split at unescaped ";" (\\ and \; are
    # escapes there, as AOSP reads it); FN is not compound, so its backslashes
    # are plain characters in 2.1.
    "aosp/v21_backslash.vcf": [
        {
            "name": "A;B\\C\\;D:E\\\\",
            "family": "",
            "given": "A;B\\",
            "additional": "C\\;",
            "prefix": "D",
            "suffix": ":E",
        }
    ],
    "aosp/v21_base64_no_2_crlf.vcf": [
        {"name": "fullname", "family": "name", "emails": [], "phones": [], "has_photo": True}
    ],
    "aosp/v21_blackberry_photo.vcf": [
        {
            "name": "boogie",
            "family": "boogie",
            "phones": [("+5555555", "work"), ("+5555556", "mobile")],
            "emails": [("forrestgump@walladalla.com", "")],
            "has_photo": True,
        }
    ],
    # A nickname (Android's custom row) and a Google Talk handle, which is no email.
    "aosp/v21_im.vcf": [{"name": "Nick", "nickname": "Nick", "emails": [], "phones": []}],
    # Shift_JIS bytes.
    "aosp/v21_japanese_1.vcf": [
        {"name": "安藤ロイド", "family": "安藤ロイド", "given": "", "phones": [("0300000000", "")]}
    ],
    # Shift_JIS, where 能, 圭 and 予 end in the byte 0x5C (a backslash in ASCII).
    "aosp/v21_japanese_3.vcf": [
        {"name": "伊能 圭一 伊予", "family": "伊能", "given": "圭一", "additional": "伊予"}
    ],
    # The base64 has a ":" in it: not a picture.
    "aosp/v21_malformed_photo.vcf": [{"name": "fullname", "family": "name", "has_photo": False}],
    "aosp/v21_org_before_title.vcf": [
        {"name": "Normal Guy", "company": "Company", "title": "Excellent Janitor"}
    ],
    "aosp/v21_simple_1.vcf": [{"name": "Roid Ando", "family": "Ando", "given": "Roid"}],
    "aosp/v21_simple_2.vcf": [{"name": "Ando Roid", "emails": [], "phones": []}],
    "aosp/v21_simple_3.vcf": [{"name": "Ando Roid", "family": "Ando", "given": "Roid"}],
    # X-SIP addresses are neither phones nor emails.
    "aosp/v21_sip.vcf": [{"name": "Android", "emails": [], "phones": []}],
    "aosp/v21_title_before_org.vcf": [
        {"name": "Nice Guy", "company": "Marverous", "title": "Cool Title"}
    ],
    "aosp/v21_x_android_custom_after_photo.vcf": [
        {
            "name": "Roid Ando",
            "family": "Ando",
            "given": "Roid",
            "has_photo": True,
            "birthday": (MonthDay(8, 20, 1975), False),
            # Android's contact_event row; its type 1 is TYPE_ANNIVERSARY.
            "dates": [("anniversary", MonthDay(7, 10, 1999), False)],
        }
    ],
    # Bare 2.1 parameters: X- ones carry no label, others are the label as written.
    "aosp/v21_x_param.vcf": [
        {
            "name": "Roid Ando",
            "family": "Ando",
            "given": "Roid",
            "addresses": [("", "pobox\nstreet", "", "", "", "")],
            "phones": [("1", ""), ("2", "custompropertywithoutx")],
            "emails": [
                ("email@example.com", ""),
                ("email2@example.com", "custompropertywithoutx"),
            ],
        }
    ],
    # The quoted TYPE is one value, commas and colon included (RFC 6350 section 5).
    "aosp/v30_comma_separated.vcf": [
        {
            "name": "G M F",
            "family": "F",
            "given": "G",
            "additional": "M",
            "phones": [("1", "comma,separated:inside.dquote")],
        }
    ],
    "aosp/v30_japanese.vcf": [
        {"name": "伊能 圭一 伊予", "family": "伊能", "given": "圭一", "additional": "伊予"}
    ],
    "aosp/v30_multibyte_param.vcf": [
        {"name": "G M F", "family": "F", "given": "G", "phones": [("1", "费")]}
    ],
    "aosp/v30_pager.vcf": [
        {"name": "G M F", "family": "F", "phones": [("6101231234@pagersample.com", "pager")]}
    ],
    "aosp/v30_pause_wait.vcf": [
        {
            "name": "Pause Wait",
            "family": "Pause",
            "given": "Wait",
            "phones": [("p1234p5678w9", "")],
        }
    ],
    "aosp/v30_simple.vcf": [
        {
            "name": "And Roid",
            "family": "And",
            "given": "Roid",
            "company": "Open",
            "phones": [("0300000000", "")],
        }
    ],
    # IMPP with a sip: URI is an instant-messaging handle, not a phone.
    "aosp/v30_sip.vcf": [{"name": "Android", "emails": [], "phones": []}],
    "aosp/v40_sip.vcf": [
        {
            "name": "安藤 ロイド",
            "family": "安藤",
            "given": "ロイド",
            "phones": [("1", "home"), ("sip:example@example.com", "home")],
        }
    ],
    "ez-vcard/John_Doe_ANDROID.vcf": [
        {
            "name": "",
            "emails": [("john.doe@company.com", "")],
            "phones": [],
            "categories": ["My Contacts"],
        },
        {
            "name": "",
            "emails": [("jane.doe@company.com", "")],
            "phones": [],
            "categories": ["My Contacts"],
        },
        {
            "name": tildes(5),
            "family": tildes(4),
            "phones": [("123456789", "mobile")],
            "categories": ["My Contacts"],
        },
        {
            # N and FN go on over a quoted-printable soft line break.
            "name": tildes(11),
            "family": tildes(11),
            "phones": [
                ("123456", "mobile"),
                ("234567", "home"),
                ("3456789", "mobile"),
                ("45678901", "home"),
            ],
        },
        {
            "name": tildes(4),
            "family": tildes(2),
            "given": tildes(3),
            "phones": [("123456", "mobile"), ("123456", "work"), ("123456", "work fax")],
            "emails": [("bob@company.com", "work"), (tildes(14, ""), "")],
            "company": tildes(12, ""),
            "urls": [("www.company.com", ""), ("http://www.company.com", "")],
            # The base64 is cut short (1,169 characters, one more than a multiple of 4).
            "has_photo": False,
        },
        {
            "name": tildes(4, ""),
            "family": tildes(4, ""),
            "phones": [("55556666", "mobile")],
            "emails": [("henry@company.com", "")],
            # The first ORG: 44 letters ending in a soft break before an empty line.
            "company": tildes(44, ""),
            "categories": ["My Contacts"],
        },
    ],
    "ez-vcard/John_Doe_BLACK_BERRY.vcf": [
        {
            "name": "John Doe",
            "family": "Doe",
            "given": "john",
            "company": "Acme Solutions",
            "phones": [("+96123456789", "mobile")],
            "emails": [],
            "has_photo": True,
        }
    ],
    "ez-vcard/John_Doe_LOTUS_NOTES.vcf": [
        {
            "name": "Mr. Doe John I Johny",
            "family": "Doe",
            "given": "John",
            "additional": "Johny",
            "prefix": "Mr.",
            "suffix": "I",
            # One nickname: the comma is escaped.
            "nickname": "Johny,JayJay",
            "company": "IBM",
            "title": "Generic Accountant",
            "uid": "0e7602cc-443e-4b82-b4b1-90f62f99a199",
            "emails": [("john.doe@ibm.com", "work"), ("billy_bob@gmail.com", "work")],
            "phones": [("+1 (212) 204-34456", "mobile"), ("00-1-212-555-7777", "work fax")],
            "addresses": [
                (
                    "home",
                    "25334\nSouth cresent drive, Building 5, 3rd floo r",
                    "New York",
                    "New York",
                    "NYC887",
                    "U.S.A.",
                )
            ],
            "urls": [("http://www.sun.com", "home page")],
            "birthday": (MonthDay(5, 21, 1980), False),
            "has_photo": True,
        }
    ],
    "ez-vcard/fullcontact.vcf": [
        {
            "name": "Prefix FirstName MiddleName LastName Suffix",
            "family": "LastName",
            "given": "FirstName",
            "additional": "MiddleName",
            "prefix": "Prefix",
            "suffix": "Suffix",
            "nickname": "NickName",
            "company": "Organization1",
            "title": "Title1",
            "phones": [
                ("555-555-1111", "home"),
                ("555-555-1112", "work"),
                ("555-555-1113", "mobile"),
                ("555-555-1114", "mobile"),
                ("555-555-1115", ""),
                ("555-555-1116", "home fax"),
                ("555-555-1117", "work fax"),
                ("555-555-1118", ""),
                ("555-555-1119", ""),
            ],
            "emails": [
                ("home@example.com", "home"),
                ("work@example.com", "work"),
                ("school@example.com", "school"),
                ("other@example.com", "other"),
                ("custom@example.com", "customtype"),
            ],
            "urls": [
                ("http://www.homepage.com", ""),
                ("http://www.blog.com", ""),
                ("http://www.other.com", ""),
                ("http://www.custom.com", ""),
            ],
            "addresses": [
                (
                    "home",
                    "HomeExtended\nHomeStreet",
                    "HomeCity",
                    "HomeState",
                    "HomePostal",
                    "HomeCountry",
                ),
                (
                    "work",
                    "WorkExtended\nWorkStreet",
                    "WorkCity",
                    "WorkState",
                    "WorkPostal",
                    "WorkCountry",
                ),
                (
                    "other",
                    "OtherExtended\nOtherStreet",
                    "OtherCity",
                    "OtherState",
                    "OtherPostal",
                    "OtherCountry",
                ),
                (
                    "customtype",
                    "CustomExtended\nCustomStreet",
                    "CustomCity",
                    "CustomState",
                    "CustomPostal",
                    "CustomCountry",
                ),
            ],
            "birthday": (MonthDay(8, 1, 2016), False),
            "categories": ["Tag"],
            # Three PHOTO lines, all links: nothing is fetched.
            "has_photo": False,
        }
    ],
    "ez-vcard/gmail-list.vcf": [
        {
            "name": "Arnold Smith",
            "family": "Smith",
            "given": "Arnold",
            "emails": [("asmithk@gmail.com", "")],
        },
        {
            "name": "Chris Beatle",
            "family": "Beatle",
            "given": "Chris",
            "emails": [("chrisy55d@yahoo.com", "")],
        },
        {
            "name": "Doug White",
            "family": "White",
            "given": "Doug",
            "emails": [("dwhite@gmail.com", "")],
        },
    ],
    # The ADR's LABEL parameter is unquoted and holds colons; the value proper is
    # the seven parts after it: ;BHG01:;Dummy-Dummy-Strasse 1;Bad Homburg;;61352;Germany
    "ez-vcard/issue114.vcf": [
        {
            "name": "Dummy, Dummy",
            "family": "Dummy",
            "given": "Dummy",
            "company": "Dummy GmbH",
            "uid": "8b574c60-fd7f-4e99-b584-c5db131ae687",
            "phones": [("+49 1234 56789", "mobile"), ("+49 9876 54321", "work")],
            "emails": [("dummy.dummy@dummy.com", "home")],
            "addresses": [
                (
                    "work",
                    "BHG01:\nDummy-Dummy-Strasse 1",
                    "Bad Homburg",
                    "",
                    "61352",
                    "Germany",
                )
            ],
        }
    ],
    "py-vobject/radicale-1587.vcf": [
        {
            "name": "Given Family",
            "family": "Family",
            "given": "Given",
            "additional": "Additional",
            "prefix": "Prefix",
            "suffix": "Suffix",
        }
    ],
    # A group: its MEMBER mailto: is a member's address, not the group's email.
    "py-vobject/vcard40_group.vcf": [
        {
            "name": "The Doe Family",
            "given": "",
            "family": "",
            "uid": "urn:uuid:group-doe-family",
            "emails": [],
        }
    ],
    "py-vobject/vcard40_location.vcf": [
        {
            "name": "Empire State Building",
            "given": "",
            "family": "",
            "addresses": [("", "350 Fifth Avenue", "New York", "NY", "10118", "U.S.A.")],
            "phones": [("+1-212-736-3100", "")],
            "urls": [("http://www.esbnyc.com", "")],
        }
    ],
    # The English FN and N come first; the Japanese ones are their alternatives.
    "py-vobject/vcard40_multilang.vcf": [
        {
            "name": "Yamada Taro",
            "family": "Yamada",
            "given": "Taro",
            "uid": "urn:uuid:multilang-vcard-example",
        }
    ],
    "py-vobject/vcard40_simple.vcf": [
        {
            "name": "John Doe",
            "family": "Doe",
            "given": "John",
            "uid": "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        }
    ],
    # A card with only a photo: no name, email or phone, so no contact.
    "sabre-vobject/issue64.vcf": [],
}


@pytest.mark.parametrize("name", sorted(MORE))
def test_more_hand_written_expectations(name):
    check(name, MORE[name])


def test_every_corpus_file_has_a_table():
    files = {path.relative_to(CORPUS).as_posix() for path in corpus_files()}
    assert files, f"no vCard files under {CORPUS}"
    assert not set(EXPECTED) & set(MORE)
    assert not {name.rsplit("/", 1)[-1] for name in MORE} & NOT_VCARD
    assert sorted(files - (set(EXPECTED) | set(MORE))) == []
    assert sorted((set(EXPECTED) | set(MORE)) - files) == []
