"""The label-sheet page: choosing a source and a sheet, the PDF download, bad
values, people without an address, and another user's runs, trips, tags and circles."""

# ruff: noqa: RUF001 (names and addresses in Greek, Cyrillic and Japanese)

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pdfplumber
import pytest
from django.urls import reverse

from keepwarm.contacts.models import Address, Circle, Tag
from keepwarm.contacts.services import create_person
from keepwarm.formats.label_sheets import AVERY_5160
from keepwarm.occasions.models import CardRecipient, CardRun, Postcard, Trip
from keepwarm.owned import owned

URL = reverse("labels")
SHEET = {"sheet": "avery5160", "skip": "0", "offset_x": "0", "offset_y": "0"}


def add_address(person, **fields):
    values = {"street": "1 Main St", "locality": "Springfield", "country": "", **fields}
    address = Address(owner=person.owner, person=person, **values)
    address.full_clean()
    address.save()
    return address


def pdf_text(response, sheet=AVERY_5160) -> str:
    """The text of each label cell, one label after another."""
    assert response["Content-Type"] == "application/pdf", response.content[:500]
    texts = []
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        for pdf_page in pdf.pages:
            for position in range(sheet.per_page):
                x, y, w, h = (v * 72 / 25.4 for v in sheet.cell(position))
                texts.append(pdf_page.within_bbox((x, y, x + w, y + h)).extract_text())
    return "\n\n".join(text for text in texts if text)


def page(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return html.unescape(response.content.decode())


@pytest.fixture
def network(alice, jane):
    """Alice's people: Jane (Berlin), Ζωή (Athens), Ned (no address); a tag, a run, a trip."""
    add_address(jane, street="Königstraße 5", locality="Berlin", postcode="10115", country="DE")
    zoe = create_person(alice, "Ζωή Παπαδοπούλου", tags=["school"])
    add_address(zoe, street="Οδός Ερμού 10", locality="Αθήνα", postcode="105 63", country="GR")
    ned = create_person(alice, "Ned Nomad", tags=["school"])
    run = CardRun.objects.create(
        owner=alice,
        name="Holiday cards 2026",
        send_from=dt.date(2026, 12, 1),
        send_until=dt.date(2026, 12, 20),
    )
    for person, status in [(jane, "planned"), (zoe, "sent"), (ned, "planned")]:
        recipient = CardRecipient.objects.create(
            owner=alice,
            run=run,
            name_on_card=person.display_name,
            address=person.addresses.first(),
            status=status,
        )
        recipient.people.set([person])
    trip = Trip.objects.create(
        owner=alice, place="Lisbon", start=dt.date(2026, 12, 2), end=dt.date(2026, 12, 9)
    )
    Postcard.objects.create(owner=alice, trip=trip, person=jane, chosen=True)
    Postcard.objects.create(owner=alice, trip=trip, person=zoe, chosen=False)
    Postcard.objects.create(owner=alice, trip=trip, person=ned, chosen=True)
    return {"jane": jane, "zoe": zoe, "ned": ned, "run": run, "trip": trip}


def test_the_page_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_form_offers_every_source_and_sheet(alice_client, network):
    text = page(alice_client.get(URL))
    for words in ["A holiday-card run", "Postcards of a trip", "Everyone with a tag"]:
        assert words in text
    for words in ["Avery 5160", "Avery L7160", "Custom grid", "Holiday cards 2026", "Lisbon"]:
        assert words in text


def test_a_card_run_downloads_as_a_pdf_named_for_today(alice_client, network, frozen):
    response = alice_client.get(URL, {"source": "run", "run": network["run"].pk, **SHEET})
    assert response["Content-Disposition"] == 'attachment; filename="labels-2026-11-25.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    assert "Jane Doe\nKönigstraße 5\n10115 Berlin" in text
    assert "Ζωή Παπαδοπούλου\nΟδός Ερμού 10\n105 63 Αθήνα\nGRIECHENLAND" in text
    assert "Ned" not in text


def test_a_link_from_a_run_preselects_it_and_shows_who_has_no_address(alice_client, network):
    text = page(alice_client.get(URL, {"run": network["run"].pk}))
    assert f'<option value="{network["run"].pk}" selected>Holiday cards 2026' in text
    assert "On the sheet" in text
    assert "Ned Nomad" in text


def test_checking_a_tag_lists_the_labels_and_who_lacks_an_address(alice_client, network):
    school = owned(Tag, alice_client_user(alice_client)).get(name="school")
    text = page(alice_client.get(URL, {"source": "tag", "tag": school.pk, "check": "1", **SHEET}))
    assert "On the sheet" in text
    assert "Ned Nomad" in text
    summary = " ".join(re.sub(r"<[^>]+>", " ", text.split("On the sheet")[1]).split())
    assert summary.startswith("2 labels 1 sheet 1 no address")


def alice_client_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_circle_prints_everyone_in_it_with_an_address(alice_client, alice, network):
    circle = network["jane"].circle
    response = alice_client.get(URL, {"source": "circle", "circle": circle.pk, **SHEET})
    text = pdf_text(response)
    assert "Jane Doe" in text
    assert "Ζωή Παπαδοπούλου" in text


def test_a_trip_prints_the_chosen_postcards_only(alice_client, network):
    response = alice_client.get(URL, {"source": "trip", "trip": network["trip"].pk, **SHEET})
    text = pdf_text(response)
    assert "Jane Doe" in text
    assert "Ζωή" not in text


def test_return_address_labels_fill_the_sheet_after_the_skipped_ones(alice_client, alice, db):
    params = {
        **SHEET,
        "source": "return",
        "return_address": "Alice Smith\nBergstraße 2\n10115 Berlin",
        "skip": "4",
    }
    response = alice_client.get(URL, params)
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert pdf.pages[0].extract_text().count("Alice Smith") == 26
    remembered = page(alice_client.get(URL))
    assert "Bergstraße 2" in remembered


def test_a_custom_grid_downloads(alice_client, network):
    grid = {
        "sheet": "custom",
        "page": "a4",
        "rows": "8",
        "columns": "2",
        "label_width": "99.1",
        "label_height": "33.9",
        "top": "12.9",
        "left": "4.65",
        "pitch_x": "101.6",
        "pitch_y": "",
        "skip": "15",
        "offset_x": "-1.5",
        "offset_y": "0.5",
    }
    response = alice_client.get(URL, {"source": "run", "run": network["run"].pk, **grid})
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert len(pdf.pages) == 2


def test_nobody_with_an_address_re_shows_the_form_naming_them(alice_client, alice, db):
    create_person(alice, "Ned Nomad", tags=["far"])
    far = owned(Tag, alice).get(name="far")
    text = page(alice_client.get(URL, {"source": "tag", "tag": far.pk, **SHEET}))
    assert "Nobody here has a mailing address yet (1 without one)" in text
    assert "Ned Nomad" in text


def test_an_address_too_long_for_a_label_is_a_clear_message(alice_client, alice, db):
    person = create_person(alice, "Lena Long", tags=["long"])
    add_address(person, street=" ".join(["Hinterhof"] * 49))
    tag = owned(Tag, alice).get(name="long")
    text = page(alice_client.get(URL, {"source": "tag", "tag": tag.pk, **SHEET}))
    assert "Label 1 (Lena Long) does not fit" in text


@pytest.fixture
def tokyo(alice, jane):
    """Jane in Berlin and 山田太郎 in Tokyo, both tagged "tokyo"."""
    add_address(jane, street="Königstraße 5", locality="Berlin", postcode="10115", country="DE")
    jane.tags.add(Tag.objects.create(owner=alice, name="tokyo"))
    person = create_person(alice, "山田太郎", tags=["tokyo"])
    add_address(person, street="西新宿1-2-3", locality="新宿区", region="東京都", country="JP")
    return {"source": "tag", "tag": owned(Tag, alice).get(name="tokyo").pk, **SHEET}


def test_a_label_no_font_can_draw_is_named_before_the_download(
    alice_client, tokyo, settings, tmp_path
):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]  # a server without the Noto fonts
    text = page(alice_client.get(URL, tokyo))
    assert "1 of 2 labels cannot be printed: it stays blank on the sheet, the rest print" in text
    assert "Label 2 (山田太郎) has characters no label font can draw:" in text
    assert "apt-get install fonts-noto-core fonts-noto-cjk" in text
    assert "Download the 1 label that print" in text
    response = alice_client.get(URL, {**tokyo, "blank_ok": "1"})
    assert pdf_text(response) == "Jane Doe\nKönigstraße 5\n10115 Berlin"


def test_checking_names_the_labels_that_cannot_be_printed(alice_client, tokyo, settings, tmp_path):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]
    text = page(alice_client.get(URL, {**tokyo, "check": "1"}))
    assert "Label 2 (山田太郎) has characters no label font can draw:" in text
    assert "Download the 1 label that print" not in text  # checking offers no download


def test_a_sheet_where_nothing_can_be_printed_is_not_downloaded(
    alice_client, alice, settings, tmp_path
):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]
    person = create_person(alice, "王小明", tags=["beijing"])
    add_address(person, street="建国路88号", locality="北京市", country="CN")
    params = {"source": "tag", "tag": owned(Tag, alice).get(name="beijing").pk, **SHEET}
    for extra in ({}, {"blank_ok": "1"}):
        text = page(alice_client.get(URL, {**params, **extra}))
        assert "None of these labels can be printed" in text
        assert "Download the" not in text


def test_a_japanese_address_prints_with_the_noto_fonts(alice_client, tokyo, settings):
    settings.KEEPWARM_LABEL_FONT_DIRS = None  # the system's fonts: CI installs the Noto fonts
    response = alice_client.get(URL, tokyo)
    assert response["Content-Type"] == "application/pdf", (
        "Label tests need the Noto fonts: apt-get install fonts-noto-core fonts-noto-cjk"
    )
    assert "Jane Doe" in pdf_text(response)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"skip": "three"}, "Enter a whole number."),
        ({"skip": "30"}, "The sheet (Avery 5160) has 30 labels: skip at most 29."),
        ({"skip": "-1"}, "greater than or equal to 0"),
        ({"skip": "40"}, "The sheet (Avery 5160) has 30 labels: skip at most 29."),
        ({"skip": "99999999999999999999"}, "less than or equal to 1600"),
        ({"offset_x": "6"}, "less than or equal to 5"),
        ({"offset_y": "-5.5"}, "greater than or equal to -5"),
        ({"offset_x": "1,5"}, "Enter a number."),
        ({"offset_y": "0.25"}, "no more than 1 decimal place"),
        ({"sheet": "a3"}, "Select a valid choice."),
        ({"source": "everyone"}, "Select a valid choice."),
        ({"run": "abc"}, "Select a valid choice."),
        ({"run": "999999"}, "Select a valid choice."),
        ({"run": ""}, "Choose the card run to print."),
        ({"source": "trip", "trip": ""}, "Choose the trip to print."),
        ({"source": "return", "return_address": ""}, "Write the return address to print."),
        (
            {"source": "return", "return_address": "\n".join("abcdefg")},
            "at most 6 lines",
        ),
        ({"source": "return", "return_address": "x" * 301}, "at most 300 characters"),
        ({"sheet": "custom"}, "Needed for a custom grid."),
        (
            {
                "sheet": "custom",
                "rows": "3",
                "columns": "4",
                "label_width": "70",
                "label_height": "30",
                "top": "10",
                "left": "5",
            },
            "The grid is 285.0 mm wide but the page is only 210 mm",
        ),
        (
            {
                "sheet": "custom",
                "rows": "0",
                "columns": "2",
                "label_width": "70",
                "label_height": "30",
                "top": "10",
                "left": "5",
            },
            "greater than or equal to 1",
        ),
        (
            {
                "sheet": "custom",
                "rows": "2",
                "columns": "2",
                "label_width": "wide",
                "label_height": "30",
                "top": "10",
                "left": "5",
            },
            "Enter a number.",
        ),
    ],
)
def test_bad_values_re_show_the_form_with_a_message(alice_client, network, change, message):
    params = {"source": "run", "run": network["run"].pk, **SHEET, **change}
    text = page(alice_client.get(URL, params))
    assert message in text
    assert alice_client.session.get("labels_form") is None


@pytest.mark.parametrize("field", ["run", "trip", "tag", "circle"])
def test_bob_cannot_print_alices_run_trip_tag_or_circle(client, bob, network, field):
    alice = network["jane"].owner
    ids = {
        "run": network["run"].pk,
        "trip": network["trip"].pk,
        "tag": owned(Tag, alice).get(name="school").pk,
        "circle": owned(Circle, alice).first().pk,
    }
    client.force_login(bob)
    text = page(client.get(URL, {"source": field, field: ids[field], **SHEET}))
    assert "Select a valid choice." in text
    for secret in ["Jane Doe", "Holiday cards 2026", "Lisbon", "Ned Nomad"]:
        assert secret not in text


def test_a_link_to_alices_run_shows_bob_nothing_of_it(client, bob, network):
    client.force_login(bob)
    text = page(client.get(URL, {"run": network["run"].pk}))
    assert "Holiday cards 2026" not in text
    assert "On the sheet" not in text
    assert "selected>" not in text.split('name="run"')[1].split("</select>")[0]


def test_a_post_is_not_allowed(alice_client, network):
    response = alice_client.post(URL, {"source": "run", "run": network["run"].pk, **SHEET})
    assert response.status_code == 405


def test_a_tag_gets_one_label_per_household(alice_client, alice, db):
    jane = create_person(alice, "Jane Doe", tags=["family"])
    john = create_person(alice, "John Doe", tags=["family"])
    for person in (jane, john):
        add_address(person, street="12 Main St.", locality="Berlin", postcode="10115")
    family = owned(Tag, alice).get(name="family")
    text = pdf_text(alice_client.get(URL, {"source": "tag", "tag": family.pk, **SHEET}))
    assert text == "Jane & John Doe\n12 Main St.\n10115 Berlin"


def test_the_sheet_and_offsets_are_remembered_for_next_time(alice_client, network):
    params = {"source": "run", "run": network["run"].pk, **SHEET}
    alice_client.get(URL, {**params, "sheet": "l7160", "offset_x": "-1.5", "offset_y": "2"})
    text = page(alice_client.get(URL))
    assert 'name="sheet" value="l7160" id="id_sheet_1" required checked' in text
    assert 'name="offset_x" value="-1.5"' in text
    assert 'name="offset_y" value="2"' in text


@pytest.mark.parametrize("source", ["run", "trip"])
def test_a_card_run_or_a_trip_names_the_label_it_cannot_print(
    alice_client, alice, network, settings, tmp_path, source
):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]  # a server without the Noto fonts
    taro = create_person(alice, "山田太郎")
    address = add_address(taro, street="西新宿2-8-1", locality="新宿区", country="JP")
    if source == "run":
        card = CardRecipient.objects.create(
            owner=alice, run=network["run"], name_on_card="山田太郎", address=address
        )
        card.people.set([taro])
    else:
        Postcard.objects.create(owner=alice, trip=network["trip"], person=taro, chosen=True)
    params = {"source": source, source: network[source].pk, **SHEET}
    text = page(alice_client.get(URL, params))
    assert re.search(r"Label \d \(山田太郎\) has characters no label font can draw", text)
    response = alice_client.get(URL, {**params, "blank_ok": "1"})
    assert "Jane Doe" in pdf_text(response)
