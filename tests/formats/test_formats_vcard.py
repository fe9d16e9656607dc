"""vCard parsing rules from FORMATS.md, each on a small made-up card."""

from __future__ import annotations

import base64

import pytest

from keepwarm.formats.records import ContactRecord, DateFact, FormatError, Relation
from keepwarm.formats.vcard import parse, render
from keepwarm.lib.dates import MonthDay

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))


def card(*lines: str, version: str | None = "3.0", newline: bytes = b"\r\n") -> bytes:
    head = ["BEGIN:VCARD"] + ([f"VERSION:{version}"] if version else [])
    text = newline.join(line.encode("utf-8") for line in [*head, *lines, "END:VCARD"])
    return text + newline


def chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def only(data: bytes) -> ContactRecord:
    result = parse(data)
    assert result.skipped == []
    (record,) = result.records
    return record


@pytest.mark.parametrize("newline", [b"\r\n", b"\n", b"\r", b"\r\r\n"])
def test_every_line_ending_reads_the_same(newline):
    data = card("FN:Jane Roe", "EMAIL:jane@example.org", newline=newline)
    record = only(data)
    assert record.display_name == "Jane Roe"
    assert [e.value for e in record.emails] == ["jane@example.org"]


def test_mixed_line_endings_in_one_file():
    data = b"BEGIN:VCARD\r\nVERSION:3.0\nFN:Jane Roe\r\r\nTEL:123\rEND:VCARD\n"
    record = only(data)
    assert (record.display_name, record.phones[0].value) == ("Jane Roe", "123")


def test_a_fold_that_splits_a_utf8_character_is_joined_before_decoding():
    name = "Zoë Ærøskøbing".encode()
    cut = name.index("ë".encode()) + 1
    data = b"BEGIN:VCARD\r\nFN:" + name[:cut] + b"\r\n " + name[cut:] + b"\r\nEND:VCARD\r\n"
    assert only(data).display_name == "Zoë Ærøskøbing"


def test_quoted_printable_soft_breaks_and_a_bare_encoding_parameter():
    data = card(
        "N:Roe;Jane",
        "NOTE;QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9 first line=0D=0A=",
        "second line",
        version="2.1",
    )
    assert only(data).notes == "Café first line\nsecond line"


def test_quoted_printable_without_charset_in_cp1252():
    data = card("N;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen", version="2.1")
    record = only(data)
    assert (record.family_name, record.given_name) == ("Müller", "Jürgen")


def test_raw_windows_1252_and_shift_jis_bytes():
    latin = card("FN:x", version="2.1").replace(b"FN:x", b"FN;CHARSET=windows-1252:Ren\xe9e")
    assert only(latin).display_name == "Renée"
    japanese = "山田 太郎".encode("shift_jis")
    sjis = card("FN:x", version="2.1").replace(b"FN:x", b"FN;CHARSET=SHIFT_JIS:" + japanese)
    assert only(sjis).display_name == "山田 太郎"


def test_undeclared_cp1252_bytes_do_not_break_the_card():
    data = card("FN:x").replace(b"FN:x", b"FN:Andr\xe9 Blanc")
    assert only(data).display_name == "André Blanc"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_files_with_or_without_a_byte_order_mark(codec):
    data = card("FN:Jürgen Blum", "EMAIL:j@example.org").decode().encode(codec)
    assert only(data).display_name == "Jürgen Blum"


def test_lower_case_keywords_comments_and_no_version():
    data = b"begin:vcard\r\n# exported by hand\r\nfn:Jane Roe\r\nn:Roe;Jane;;;\r\nend:vcard\r\n"
    record = only(data)
    assert (record.display_name, record.family_name) == ("Jane Roe", "Roe")


def test_missing_fn_is_built_from_n_and_missing_n_from_fn():
    assert only(card("N:Roe;Jane;Q;Dr.;")).display_name == "Dr. Jane Q Roe"
    record = only(card("FN:Jane Roe"))
    assert (record.given_name, record.family_name) == ("Jane", "Roe")


def test_an_fn_line_with_no_colon_is_an_empty_value():
    record = only(card("FN", "N:Roe;Jane;;;"))
    assert record.display_name == "Jane Roe"


def test_a_vcard_nested_in_another_becomes_its_own_record():
    data = card("FN:Parent", "BEGIN:VCARD", "FN:Child", "END:VCARD", "TEL:1")
    records = parse(data).records
    assert [(r.display_name, r.line) for r in records] == [("Parent", 1), ("Child", 4)]
    assert records[0].phones[0].value == "1"


def test_apple_grouped_labels_dates_and_related_names():
    record = only(
        card(
            "FN:Jane Roe",
            "item1.EMAIL;type=INTERNET:jane@example.org",
            "item1.X-ABLabel:_$!<Other>!$_",
            "item2.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-05-09",
            "item2.X-ABLabel:_$!<Anniversary>!$_",
            "item3.X-ABRELATEDNAMES:Sam Roe",
            "item3.X-ABLabel:_$!<Child>!$_",
        )
    )
    assert record.emails[0].label == "other"
    assert record.dates == (DateFact("anniversary", MonthDay(5, 9)),)
    assert record.relations == (Relation("child", "Sam Roe"),)


@pytest.mark.parametrize(
    "prop",
    [
        "X-MS-ANNIVERSARY",
        "X-EVOLUTION-ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-KADDRESSBOOK-X-ANNIVERSARY",
    ],
)
def test_anniversary_variants(prop):
    record = only(card("FN:Jane Roe", f"{prop}:2001-06-16"))
    assert record.dates == (DateFact("anniversary", MonthDay(6, 16, 2001)),)


@pytest.mark.parametrize(
    "line",
    [
        "X-EVOLUTION-SPOUSE:Sam Roe",
        "X-MS-SPOUSE:Sam Roe",
        "X-SPOUSE:Sam Roe",
        "RELATED;TYPE=spouse;VALUE=text:Sam Roe",
    ],
)
def test_spouse_variants(line):
    assert only(card("FN:Jane Roe", line)).relations == (Relation("spouse", "Sam Roe"),)


def test_related_uri_without_a_name_is_not_a_relation():
    record = only(card("FN:Jane Roe", "RELATED;TYPE=spouse:urn:uuid:1234", version="4.0"))
    assert record.relations == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("--0509", DateFact("birthday", MonthDay(5, 9))),
        ("--05-09", DateFact("birthday", MonthDay(5, 9))),
        ("1604-05-09", DateFact("birthday", MonthDay(5, 9))),
        ("1985-05-09", DateFact("birthday", MonthDay(5, 9, 1985))),
        ("19850509", DateFact("birthday", MonthDay(5, 9, 1985))),
        ("1900-05-09", DateFact("birthday", MonthDay(5, 9, 1900), doubtful=True)),
        ("1970-01-01", DateFact("birthday", MonthDay(1, 1, 1970), doubtful=True)),
        ("2000-05-09", DateFact("birthday", MonthDay(5, 9, 2000), doubtful=True)),
        ("", DateFact("birthday", None, doubtful=True)),
        ("0/0/00", DateFact("birthday", None, doubtful=True)),
        ("1955-07-19T00:00:00Z", DateFact("birthday", MonthDay(7, 19, 1955))),
        ("1955-07-19T23:30:00-0800", DateFact("birthday", MonthDay(7, 19, 1955))),
        ("--0229", DateFact("birthday", MonthDay(2, 29))),
        ("2001-02-29", DateFact("birthday", None, note="2001-02-29")),
        ("sometime in spring", DateFact("birthday", None, note="sometime in spring")),
    ],
)
def test_birthday_rules(value, expected):
    assert only(card("FN:Jane Roe", f"BDAY:{value}")).birthday == expected


def test_birthday_as_text_is_a_note_and_apple_omit_year():
    record = only(card("FN:Jane Roe", "BDAY;VALUE=text:circa 1800", version="4.0"))
    assert record.birthday == DateFact("birthday", None, note="circa 1800")
    apple = only(card("FN:Jane Roe", "BDAY;X-APPLE-OMIT-YEAR=1604;value=date:1604-12-25"))
    assert apple.birthday == DateFact("birthday", MonthDay(12, 25))


@pytest.mark.parametrize(
    "lines",
    [
        ["PHOTO;ENCODING=BASE64;TYPE=PNG:", *chunks(base64.b64encode(PNG).decode(), 20), ""],
        [f"PHOTO;ENCODING=b;TYPE=PNG:{base64.b64encode(PNG).decode()}"],
        [f"PHOTO:data:image/png;base64,{base64.b64encode(PNG).decode()}"],
        [f"PHOTO;ENCODING=b:data:image/png;base64,{base64.b64encode(PNG).decode()}"],
    ],
    ids=["2.1 base64 block", "3.0 b", "4.0 data uri", "b with data uri"],
)
def test_photo_variants(lines):
    record = only(card("FN:Jane Roe", *lines, "TEL:1"))
    assert record.photo == PNG
    assert record.phones[0].value == "1"


def test_a_broken_photo_keeps_the_rest_of_the_card():
    record = only(card("FN:Jane Roe", "PHOTO;ENCODING=b:not*base64", "TEL:1"))
    assert (record.photo, record.phones[0].value) == (b"", "1")


def test_one_bad_card_is_skipped_with_its_line_not_the_whole_file():
    data = card("FN:Jane Roe") + card("X-CUSTOM:nothing else") + card("FN:Sam Roe")
    result = parse(data)
    assert [r.display_name for r in result.records] == ["Jane Roe", "Sam Roe"]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (5, "this card has no name, email or phone")
    ]


def test_a_truncated_last_card_is_skipped_with_its_line():
    data = card("FN:Jane Roe") + b"BEGIN:VCARD\r\nFN:Sam"
    result = parse(data)
    assert [r.display_name for r in result.records] == ["Jane Roe"]
    assert [s.line for s in result.skipped] == [5]
    assert "END:VCARD" in result.skipped[0].reason


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n", b"name,email\r\nJane,jane@example.org\r\n", b"\x00\xff\x00"]
)
def test_a_file_without_any_vcard_is_one_clear_error(data):
    with pytest.raises(FormatError, match="is not a vCard file"):
        parse(data)


def test_jcard_reads_like_vcard():
    data = b"""["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Jane Roe"],
      ["n", {}, "text", ["Roe", "Jane", "", "", ""]], ["bday", {}, "date", "--0509"],
      ["related", {"type": "spouse"}, "text", "Sam Roe"],
      ["email", {"type": ["home", "pref"]}, "text", "jane@example.org"]]]"""
    result = parse(data)
    assert result.format == "jcard 4.0"
    (record,) = result.records
    assert (record.display_name, record.family_name) == ("Jane Roe", "Roe")
    assert record.birthday == DateFact("birthday", MonthDay(5, 9))
    assert record.relations == (Relation("spouse", "Sam Roe"),)
    assert record.emails[0].label == "home" and record.emails[0].preferred


@pytest.mark.parametrize("data", [b"[1, 2]", b'["vcard", 3]', b"[not json"])
def test_json_that_is_not_jcard_is_one_clear_error(data):
    with pytest.raises(FormatError, match="is not a vCard file"):
        parse(data)


def test_the_format_names_the_version():
    assert parse(card("FN:Jane Roe", version="2.1")).format == "vcard 2.1"
    assert parse(card("FN:Jane Roe", version=None)).format == "vcard"


def test_render_writes_crlf_utf8_and_folds_at_75_octets_between_characters():
    record = ContactRecord(line=1, display_name="Ærø " * 40, given_name="Ærø")
    data = render([record])
    lines = data.split(b"\r\n")
    assert data.endswith(b"END:VCARD\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")
    assert only(data).display_name == ("Ærø " * 40).strip()


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_render_then_parse_keeps_labels_dates_and_relations(version):
    record = ContactRecord(
        line=1,
        display_name="Jane Roe",
        given_name="Jane",
        family_name="Roe",
        emails=(),
        birthday=DateFact("birthday", MonthDay(2, 29)),
        dates=(
            DateFact("anniversary", MonthDay(6, 1, 1999)),
            DateFact("first met", None, note="?"),
        ),
        relations=(Relation("partner", "Sam; Roe, Jr."), Relation("other", "Kim")),
        photo=PNG,
    )
    data = render([record], version=version)
    assert f"VERSION:{version}".encode() in data
    assert only(data) == record


def test_render_refuses_an_unknown_version():
    with pytest.raises(ValueError, match=r"2\.1"):
        render([], version="2.1")
