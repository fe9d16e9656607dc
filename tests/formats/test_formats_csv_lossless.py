"""CSV columns no field takes are kept with their header; Google's formatted
address and ``:::`` label lists are read; a column mapped to "ignore" is the
only one left out."""

from __future__ import annotations

from keepwarm.formats import csvfiles
from keepwarm.formats.records import Labeled, PostalAddress

GOOGLE = (
    b"First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Address 1 - Label,"
    b"Address 1 - Formatted,Custom Field 1 - Label,Custom Field 1 - Value,Shoe Size\r\n"
    b"Jane,Doe,Home ::: Work,jane@home.example ::: jane@work.example,Home,"
    b'"1 Main St\nSpringfield, IL 62701",Skype,jane.doe,38\r\n'
)


def test_google_columns_of_no_field_are_kept_with_their_header():
    [record] = csvfiles.parse(GOOGLE).records
    assert record.emails == (
        Labeled("jane@home.example", "home"),
        Labeled("jane@work.example", "work"),
    )
    assert record.addresses == (PostalAddress("home", "1 Main St\nSpringfield, IL 62701"),)
    assert record.extras == (("Skype", "jane.doe"), ("Shoe Size", "38"))


OUTLOOK = (
    b"First Name,Last Name,E-mail Address,Assistant's Name,Birthday,Hobby\r\n"
    b"Tom,Roe,tom@example.com,Ann Lee,someday,Chess\r\n"
)


def test_outlook_columns_of_no_field_and_unreadable_dates_are_kept():
    [record] = csvfiles.parse(OUTLOOK).records
    assert ("Assistant's Name", "Ann Lee") in record.extras
    assert ("Hobby", "Chess") in record.extras
    assert record.birthday is not None and record.birthday.note == "someday"


MINE = b"Who,Mail,Secret,Colour\r\nAna Ruiz,ana@example.com,xyz,blue\r\n"


def test_a_mapped_file_keeps_unmapped_columns_and_drops_only_ignored_ones():
    mapping = {"Who": "display_name", "Mail": "email", "Secret": "ignore"}
    [record] = csvfiles.parse(MINE, mapping).records
    assert record.display_name == "Ana Ruiz"
    assert record.extras == (("Colour", "blue"),)


def test_odd_google_columns_are_kept_and_empty_ones_say_nothing():
    data = (
        b"First Name,E-mail 1 - Label,E-mail 1 - Value,Address 1 - Value,Notes,Notes,\r\n"
        b"Ana,Home,,Somewhere 1,first,second,orphan\r\n"
    )
    [record] = csvfiles.parse(data).records
    assert record.emails == ()
    assert record.notes == "first"
    assert record.extras == (
        ("Notes", "second"),
        ("column 7", "orphan"),
        ("Address 1 - Value", "Somewhere 1"),
    )


def test_an_outlook_placeholder_date_is_no_extra():
    data = b"First Name,Last Name,E-mail Address,Anniversary\r\nTom,Roe,t@example.com,0/0/00\r\n"
    [record] = csvfiles.parse(data).records
    assert record.extras == () and record.dates == ()


def test_a_column_mapped_to_extra_is_kept_under_its_header():
    mapping = {"Who": "display_name", "Colour": "extra", "Secret": "ignore"}
    [record] = csvfiles.parse(MINE, mapping).records
    assert ("Colour", "blue") in record.extras
    assert all(name != "Secret" for name, _ in record.extras)


def test_extras_go_out_as_google_custom_fields_and_come_back():
    from keepwarm.formats.records import ContactRecord

    record = ContactRecord(
        line=0, given_name="Ana", extras=(("X-SKYPE (work)", "ana.r"), ("hobby", "=chess"))
    )
    [back] = csvfiles.parse(csvfiles.render([record])).records
    assert back.extras == record.extras


def test_outlook_second_and_third_emails_other_addresses_and_web_pages():
    data = (
        b"First Name,Last Name,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Street,"
        b"Home City,Home Postal Code,Home Country/Region,Other Street,Other City,Web Page,"
        b"Personal Web Page\r\n"
        b"Tom,Roe,t1@x.org,t2@x.org,t3@x.org,1 Home St,Hometown,111,Germany,9 Other St,"
        b"Otherville,http://a.example,http://b.example\r\n"
    )
    [record] = csvfiles.parse(data).records
    assert [e.value for e in record.emails] == ["t1@x.org", "t2@x.org", "t3@x.org"]
    assert record.addresses == (
        PostalAddress("home", "1 Home St", "Hometown", "", "111", "Germany"),
        PostalAddress("other", "9 Other St", "Otherville"),
    )
    assert [u.value for u in record.urls] == ["http://a.example", "http://b.example"]
    assert record.extras == ()
