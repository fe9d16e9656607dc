"""One rule for control characters and line breaks at every door (issue 15):
a one-line value (a name, a label, a subject) holds neither, a text (a note)
holds no control character but tabs and line breaks. Forms, services and the
command line refuse with a clear message; a file (an import, a backup) is read
as kept, its line breaks in a name becoming a space and its control
characters gone; the outbox never queues a subject that would break a header."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from keepwarm.backup import BackupError
from keepwarm.backup.json_backup import dump, to_json
from keepwarm.backup.restore import restore_account
from keepwarm.contacts import photos
from keepwarm.contacts.models import Person
from keepwarm.contacts.services import add_contact_point, create_person
from keepwarm.formats import text, vcard
from keepwarm.imports import service
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.owned import owned
from tests.cli.running import run

INJECTED = "Eve\r\nBcc: everyone@example.net"


@given(st.text())
def test_what_is_made_to_fit_fits_and_keeps_every_word(value):
    line, kept = text.one_line(value), text.readable(value)
    assert text.problem(line) is None and text.problem(kept, multiline=True) is None
    assert text.one_line(line) == line and text.readable(kept) == kept
    printable = [c for c in value if c.isprintable() and not c.isspace()]
    assert [c for c in line if c.isprintable() and not c.isspace()] == printable


@pytest.mark.parametrize(
    ("value", "multiline", "says"),
    [
        (INJECTED, False, "Keep it on one line"),
        ("Eve\tSmith", False, "Keep it on one line"),
        ("Eve\u2028Smith", False, "Keep it on one line"),
        ("Eve\x1b[31mSmith", False, "U+001B"),
        ("Eve\x1b[31mSmith", True, "U+001B"),
        ("bell\x07", True, "U+0007"),
        ("csi\x9b2J", True, "U+009B"),
        ("two\r\nlines\tand a tab", True, None),
        ("Zoë Ødegård 李", False, None),
    ],
)
def test_what_breaks_the_rule(value, multiline, says):
    found = text.problem(value, multiline=multiline)
    assert (found is None) if says is None else (says in found)


def test_the_person_form_refuses_a_line_break_in_a_name(alice, alice_client):
    page = alice_client.post("/people/new/", {"display_name": INJECTED, "circle": ""})
    assert page.status_code == 200
    assert "Keep it on one line" in page.content.decode()
    assert not owned(Person, alice).exists()


def test_the_services_refuse_a_control_character_and_keep_a_name_on_one_line(alice):
    with pytest.raises(ValidationError, match="U\\+001B"):
        create_person(alice, "Jane", notes="\x1b]0;owned\x07")
    with pytest.raises(ValidationError, match="U\\+0007"):
        create_person(alice, "Jane\x07")
    assert not owned(Person, alice).exists()
    assert create_person(alice, INJECTED).display_name == "Eve Bcc: everyone@example.net"


def test_the_command_line_goes_through_the_same_rule(alice):
    result = run("add", "Eve\x1b[2JSmith")
    assert result.exit_code != 0
    assert result.output.count("U+001B") == 1  # said once, not once per name part
    assert not owned(Person, alice).exists()


def test_an_import_keeps_the_words_without_breaks_or_control_characters(alice, frozen):
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\\nBcc: everyone@example.net\r\n"
        "ORG:Acme\\nInc.\r\nNOTE:line one\\nline two \x1b[31mred\x07\r\nEND:VCARD\r\n"
    )
    service.apply(alice, vcard.parse(card.encode()), source="cards.vcf")
    eve = owned(Person, alice).get()
    assert eve.display_name == "Eve Bcc: everyone@example.net"
    assert eve.company == "Acme Inc."
    assert eve.notes == "line one\nline two [31mred"  # the words stay, ESC and BEL go


def test_a_restore_reads_an_older_files_line_break_in_a_name_as_a_space(alice, bob, frozen):
    jane = create_person(alice, "Jane Doe")
    Person.objects.filter(pk=jane.pk).update(display_name="Jane\nDoe", notes="tab\there\x1b")
    data, _ = dump(alice)
    restore_account(to_json(data).encode(), "bob")
    restored = owned(Person, bob).get()
    assert (restored.display_name, restored.notes) == ("Jane Doe", "tab\there")
    assert json.loads(to_json(data))["people"][0]["display_name"] == "Jane\nDoe"


def test_the_outbox_never_queues_a_subject_that_breaks_a_header(alice):
    """A subject made from a name kept before the text rule keeps its words, on
    one line (the daily email's, the birthday greeting's); a form refuses one."""
    message = outbox.enqueue(
        alice, "greeting", "g", subject=f"Hi {INJECTED}", text="Hi", to="j@x.net"
    )
    assert message.subject == "Hi Eve Bcc: everyone@example.net"


def test_the_greeting_form_refuses_a_line_break_in_the_subject(alice, alice_client, frozen):
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    data = {
        "person": str(jane.pk),
        "occasion": "birthday",
        "to": "jane@example.com",
        "subject": INJECTED,
        "body": "Hi",
        "action": "send",
    }
    page = alice_client.post("/greetings/send/", data)
    assert page.status_code == 200 and "Keep it on one line" in page.content.decode()
    assert not OutboxMessage.objects.exists()


def test_one_queued_before_fails_at_once_not_eight_times(alice, frozen, smtp_server):
    """Queued by an older version: the mail library refuses the header, and a
    retry could never succeed (the audit saw eight tries over 2.5 days)."""
    OutboxMessage.objects.create(
        owner=alice,
        kind="greeting",
        key="g-old",
        to="jane@example.net",
        subject=f"Happy birthday, {INJECTED}",
        text="Hi",
        next_attempt_at=dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC),
    )
    assert outbox.send_due() == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 1
    assert smtp_server.messages == []


# Web addresses: http, https, mailto and tel only ---------------------------------


@pytest.mark.parametrize(
    ("address", "target"),
    [
        ("https://example.org/jane", "https://example.org/jane"),
        ("http://example.org", "http://example.org"),
        ("mailto:jane@example.org", "mailto:jane@example.org"),
        ("tel:+4930123456", "tel:+4930123456"),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        (" data:text/html,<script>", ""),
        ("vbscript:msgbox", ""),
        ("https:evil", ""),
        ("example.org", ""),  # written out in full before it is a link
        ("https://exa\nmple.org", ""),
    ],
)
def test_what_may_be_a_link(address, target):
    assert text.link_target(address) == target


def test_a_port_is_no_scheme_but_a_number_after_a_scheme_is_no_port():
    assert text.scheme_problem("www.example.org:8080/path") is None
    assert text.scheme_problem("localhost:8000") is None
    assert text.scheme_problem("javascript:void(0)") is not None
    assert text.scheme_problem("javascript:0/alert(1)") is not None
    assert text.scheme_problem("JavaScript:1") is not None


def test_the_services_refuse_a_javascript_address(alice):
    jane = create_person(alice, "Jane Doe")
    with pytest.raises(ValidationError, match="javascript: address cannot be a link"):
        add_contact_point(jane, "url", "javascript:alert(document.cookie)")
    assert not jane.contact_points.exists()


def test_an_imported_javascript_address_is_kept_as_text_not_a_link(alice, alice_client, frozen):
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory\r\nURL:javascript:alert(1)\r\n"
        "URL:https://mallory.example\r\nEND:VCARD\r\n"
    )
    service.apply(alice, vcard.parse(card.encode()), source="cards.vcf")
    mallory = owned(Person, alice).get()
    assert [p.value for p in mallory.contact_points.all()] == ["https://mallory.example"]
    assert "javascript:alert(1)" in mallory.extras  # kept verbatim, nothing lost
    page = alice_client.get(f"/people/{mallory.pk}/").content.decode()
    assert 'href="javascript' not in page and 'href="https://mallory.example"' in page


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://files.example.org/jane"])
def test_a_restored_address_no_link_may_open_is_kept_as_an_extra(alice, bob, frozen, address):
    """An older version's import kept such addresses as web addresses: a restore
    keeps the value on the person, as an import now does, never as a link."""
    jane = create_person(alice, "Jane Doe")
    add_contact_point(jane, "url", "https://jane.example")
    data, _ = dump(alice)
    document = json.loads(to_json(data))
    [point] = document["contact_points"]
    point["value"] = point["normalized"] = address
    restore_account(json.dumps(document).encode(), "bob")
    restored = owned(Person, bob).get()
    assert not restored.contact_points.exists()
    assert f"url: {address}" in restored.extras


def test_a_form_refuses_an_address_no_link_may_open(alice, jane):
    from keepwarm.contacts.models import ContactPoint

    point = ContactPoint(owner=alice, person=jane, kind="url", value="javascript:0/alert(1)")
    with pytest.raises(ValidationError, match="javascript: address cannot be a link"):
        point.full_clean()


# Photos: pictures only, at every door --------------------------------------------


def png_of(width: int, height: int) -> bytes:
    """A real 1 x 1 PNG whose header claims ``width`` x ``height`` pixels: the size
    is read, and refused, before any pixel is."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    data[16:24] = struct.pack(">II", width, height)  # IHDR's width and height
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_a_900_megapixel_photo_is_refused_as_too_many_pixels(alice):
    with pytest.raises(ValidationError, match="too many pixels"):
        photos.verify(png_of(30_000, 30_000))
    with pytest.raises(ValidationError, match="too many pixels"):
        photos.photo_from_bytes(png_of(30_000, 30_000))
    with pytest.raises(ValidationError, match="not an image"):
        photos.verify(b"<svg onload=alert(1)>")


def test_a_restore_refuses_a_photo_that_is_no_picture(alice, bob, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jane = create_person(alice, "Jane Doe")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 10)).save(out, "JPEG")
    jane.photo.save("jane.jpg", ContentFile(out.getvalue()))
    data, _ = dump(alice)
    document = json.loads(to_json(data))
    document["people"][0]["photo"]["data"] = base64.b64encode(b"#!/bin/sh\nrm -rf /\n").decode()
    with pytest.raises(BackupError, match=r"people id \d+: photo: That file is not an image"):
        restore_account(json.dumps(document).encode(), "bob")
    assert not owned(Person, bob).exists()


def test_a_restore_of_deeply_nested_json_is_refused_with_a_message(bob):
    with pytest.raises(BackupError, match="nests deeper than any backup"):
        restore_account(b"[" * 100_000 + b"]" * 100_000, "bob")
    with pytest.raises(BackupError, match="nests deeper than any backup"):
        restore_account(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "bob")


@pytest.mark.parametrize(
    ("kind", "value", "says"),
    [("email", "not-an-email", "not an email address"), ("phone", "call me", "not a phone")],
)
def test_a_restore_refuses_a_contact_value_no_import_would_keep(
    alice, bob, frozen, kind, value, says
):
    jane = create_person(alice, "Jane Doe")
    add_contact_point(jane, kind, "jane@example.com" if kind == "email" else "+49 30 1234567")
    data, _ = dump(alice)
    document = json.loads(to_json(data))
    [point] = document["contact_points"]
    point["value"] = value
    with pytest.raises(BackupError, match=rf"contact_points id \d+: value: .*{says}"):
        restore_account(json.dumps(document).encode(), "bob")
    assert not owned(Person, bob).exists()


def test_a_tag_holds_no_control_character_from_any_door(alice):
    with pytest.raises(ValidationError, match="U\\+001B"):
        create_person(alice, "Jane Doe", tags=["bad\x1b[2Jtag"])
    with pytest.raises(ValidationError, match="Keep it on one line"):
        create_person(alice, "Jane Doe", tags=["tab\tx"])
    assert not owned(Person, alice).exists()
