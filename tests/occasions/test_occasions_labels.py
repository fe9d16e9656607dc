"""The label texts of people, card runs and trips (the Django side of label sheets)."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import Address, Person
from keepwarm.contacts.services import create_person
from keepwarm.formats.label_sheets import AVERY_L7160, LabelError, LabelText
from keepwarm.occasions import label_texts
from keepwarm.occasions.models import CardRecipient, CardRun, Postcard, Trip
from keepwarm.owned import owned


def add_address(person, **fields):
    return Address.objects.create(owner=person.owner, person=person, **fields)


def test_the_mailing_address_wins_over_the_first(alice, jane):
    add_address(jane, street="Work Street 1", locality="Berlin", postcode="10115")
    add_address(jane, street="Home Street 2", locality="Potsdam", postcode="14467", is_mailing=True)
    labels, missing = label_texts.labels_for_people(alice, owned(Person, alice))
    assert labels == [LabelText(["Jane Doe", "Home Street 2", "14467 Potsdam"])]
    assert missing == []


def test_people_without_an_address_come_back_and_the_deceased_are_skipped(alice, jane):
    ned = create_person(alice, "Ned Nomad")
    gone = create_person(alice, "Gus Gone", deceased=True)
    add_address(gone, street="1 Old Road", locality="Bonn", postcode="53111")
    labels, missing = label_texts.labels_for_people(alice, owned(Person, alice))
    assert labels == []
    assert missing == [jane, ned]


def test_the_label_carries_the_full_formal_name(alice):
    person = create_person(alice, "Dr. Jane Q. Doe Jr.")
    assert label_texts.name_on_label(person) == "Dr. Jane Q. Doe Jr."


def test_a_run_prints_cards_to_send_and_sent_only(alice, jane):
    address = add_address(jane, street="Königstraße 5", locality="Stuttgart", postcode="70173")
    run = CardRun.objects.create(
        owner=alice, name="Cards", send_from=dt.date(2026, 12, 1), send_until=dt.date(2026, 12, 20)
    )
    for name, status, where in [
        ("Jane & John Doe", "planned", address),
        ("Sam Sent", "sent", address),
        ("Carl Call", "call_instead", None),
        ("Lou Left", "left_out", address),
        ("Nora Lost", "planned", None),
    ]:
        CardRecipient.objects.create(
            owner=alice, run=run, name_on_card=name, status=status, address=where
        )
    labels, missing = label_texts.labels_for_run(run)
    assert [label.lines[0] for label in labels] == ["Jane & John Doe", "Sam Sent"]
    assert missing == ["Nora Lost"]


def test_a_trip_prints_chosen_postcards_at_their_address_or_the_current_one(alice, jane):
    planned = add_address(jane, street="Old Street 1", locality="Berlin", postcode="10115")
    anna = create_person(alice, "Anna Alt")
    add_address(anna, street="Neue Straße 3", locality="Köln", postcode="50667")
    ned = create_person(alice, "Ned Nomad")
    trip = Trip.objects.create(
        owner=alice, place="Rome", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 5)
    )
    Postcard.objects.create(owner=alice, trip=trip, person=jane, address=planned)
    Postcard.objects.create(owner=alice, trip=trip, person=anna)
    Postcard.objects.create(owner=alice, trip=trip, person=ned)
    skipped = create_person(alice, "Skip Me")
    add_address(skipped, street="x 1", locality="Ulm")
    Postcard.objects.create(owner=alice, trip=trip, person=skipped, chosen=False)
    labels, missing = label_texts.labels_for_trip(trip)
    assert [label.lines for label in labels] == [
        ("Jane Doe", "Old Street 1", "10115 Berlin"),
        ("Anna Alt", "Neue Straße 3", "50667 Köln"),
    ]
    assert missing == ["Ned Nomad"]


def test_return_labels_fill_the_rest_of_the_sheet():
    labels = label_texts.return_labels(
        "Alice Smith\n  Bergstraße 2 \n\n10115 Berlin", AVERY_L7160, 5
    )
    assert len(labels) == 16
    assert labels[0].lines == ("Alice Smith", "Bergstraße 2", "10115 Berlin")


@pytest.mark.parametrize(
    ("text", "message"),
    [("  \n ", "Write your return address"), ("a\nb\nc\nd\ne\nf\ng", "at most 6 lines")],
)
def test_a_bad_return_address_is_refused(text, message):
    with pytest.raises(LabelError, match=message):
        label_texts.return_labels(text, AVERY_L7160)


def test_the_pdf_embeds_the_projects_own_font(alice):
    printed = label_texts.labels_pdf([LabelText(["Ζωή", "Улица 1"])], AVERY_L7160)
    assert printed.pdf.startswith(b"%PDF")
    assert b"DejaVuSans" in printed.pdf
    assert (printed.count, printed.blank) == (1, ())


def test_an_address_label_is_named_for_the_person(alice):
    address = Address(street="西新宿2-8-1", locality="新宿区", region="東京都", country="JP")
    label = label_texts.address_label("山田 花子", address, "JP")
    assert label.lines[-1] == "山田 花子 様"
    assert label.title == "山田 花子"


def test_a_label_no_font_can_draw_is_reported_with_what_to_do(alice, settings, tmp_path):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]  # no fonts for other scripts
    labels = [LabelText(["Jane Doe", "1 Main St"]), LabelText(["王小明", "北京市"])]
    blank = label_texts.blank_labels(labels, AVERY_L7160)
    assert [(b.number, b.kind) for b in blank] == [(2, "glyphs")]
    assert "apt-get install fonts-noto-core fonts-noto-cjk" in label_texts.blank_hint(blank)
    assert label_texts.blank_hint(()) == ""
    printed = label_texts.labels_pdf(labels, AVERY_L7160)
    assert (printed.count, printed.blank) == (1, blank)


def test_making_a_sheet_keeps_the_font_librarys_chatter_out_of_the_log(alice, caplog):
    import logging

    logging.getLogger("fontTools").setLevel(logging.NOTSET)
    with caplog.at_level(logging.INFO):
        label_texts.labels_pdf([LabelText(["Ζωή", "Улица 1"])], AVERY_L7160)
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]
