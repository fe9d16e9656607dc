"""vCard shapes that used to lose values: legacy charsets on some lines only,
Outlook's empty parameter, a line folded inside a quoted parameter, a header
nobody can read, escaped commas in categories."""

from __future__ import annotations

from keepwarm.formats import vcard
from keepwarm.formats.records import PostalAddress
from keepwarm.lib.dates import MonthDay


def one(data: bytes):
    result = vcard.parse(data)
    assert not result.skipped
    [record] = result.records
    return record


def card_21(*lines: bytes) -> bytes:
    return b"\r\n".join([b"BEGIN:VCARD", b"VERSION:2.1", *lines, b"END:VCARD", b""])


def test_a_charset_declared_on_some_lines_reads_the_others_too():
    cyrillic = "Иван Петров".encode("windows-1251")
    record = one(
        card_21(
            b"N;CHARSET=windows-1251:" + "Петров;Иван".encode("windows-1251"),
            b"FN:" + cyrillic,  # no CHARSET on this line
            b"NOTE;ENCODING=QUOTED-PRINTABLE:" + b"=C4=F0=F3=E3",  # Друг in cp1251, no CHARSET
        )
    )
    assert (record.display_name, record.given_name, record.family_name) == (
        "Иван Петров",
        "Иван",
        "Петров",
    )
    assert record.notes == "Друг"


def test_greek_and_hebrew_charsets():
    greek = one(card_21(b"FN;CHARSET=windows-1253:" + "Νίκος Παππάς".encode("windows-1253")))
    hebrew = one(card_21(b"FN;CHARSET=windows-1255:" + "דוד כהן".encode("windows-1255")))
    assert (greek.display_name, hebrew.display_name) == ("Νίκος Παππάς", "דוד כהן")


def test_an_empty_parameter_does_not_lose_the_address():
    record = one(card_21(b"FN:Jane Doe", b"ADR;HOME;PREF;:;;1 Main St;Town;;12345;USA"))
    assert record.addresses == (PostalAddress("home", "1 Main St", "Town", "", "12345", "USA"),)


def test_a_line_folded_inside_a_quoted_parameter_stays_one_line():
    data = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Doe\r\n"
        b'ADR;TYPE=work;LABEL="Acme Corp\\n2 Work Road\\nSpringfield\\, IL 62701\\nUnited Stat\r\n'
        b' es":;;2 Work Road;Springfield;IL;62701;United States\r\n'
        b"END:VCARD\r\n"
    )
    record = one(data)
    assert record.display_name == "Jane Doe"
    assert record.addresses == (
        PostalAddress("work", "2 Work Road", "Springfield", "IL", "62701", "United States"),
    )


def test_a_line_whose_header_cannot_be_read_is_kept_whole():
    record = one(card_21(b"FN:Jane Doe", b'X-ODD;="broken:value here'))
    assert record.extras == (("X-UNREADABLE-LINE", 'X-ODD;="broken:value here'),)


def test_an_escaped_comma_does_not_split_a_category():
    record = one(card_21(b"FN:Jane Doe", b"CATEGORIES:a\\, b,c"))
    assert record.categories == ("a, b", "c")


def test_utf16_without_a_byte_order_mark_is_read_as_a_vcard_either_way_round():
    from keepwarm.imports import files

    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jöhn Δoe\r\nEND:VCARD\r\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        data = text.encode(encoding)
        assert files.kind_of(data) == "vcard"
        assert [r.display_name for r in files.parse_contacts(data, "vcard").records] == ["Jöhn Δoe"]


def test_kaddressbook_spouse_and_anniversary():
    record = one(
        card_21(
            b"FN:Jane Doe",
            b"X-KADDRESSBOOK-X-SpousesName:Tom Doe",
            b"X-KADDRESSBOOK-X-Anniversary:2010-06-01",
        )
    )
    assert [(r.kind, r.name) for r in record.relations] == [("spouse", "Tom Doe")]
    assert [(d.label, d.day) for d in record.dates] == [("anniversary", MonthDay(6, 1, 2010))]


def test_a_label_is_left_out_only_when_it_prints_an_address_the_card_has():
    record = one(
        card_21(
            b"FN:Jane Doe",
            b"ADR;HOME:;;1 Main St;Town;;12345;USA",
            b"LABEL;HOME;ENCODING=QUOTED-PRINTABLE:1 Main St=0D=0ATown 12345",
            b"LABEL;WORK:Acme, 2 Work Road, Springfield",
        )
    )
    assert record.extras == (("LABEL (work)", "Acme, 2 Work Road, Springfield"),)


def test_a_line_break_the_exporter_did_not_fold_stays_with_its_property():
    record = one(card_21(b"FN:Jane Doe", b"NOTE:See you soon", b"Regards", b"EMAIL:j@example.com"))
    assert record.notes == "See you soon\nRegards"
    assert [e.value for e in record.emails] == ["j@example.com"]
