"""Adding, editing and deleting a person with contact points, addresses, dates,
relationships and life events inline: saved in one go, or not at all."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from keepwarm.contacts.models import (
    Address,
    ContactPoint,
    Person,
    Relationship,
    Tag,
)
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind
from tests.web.person_form import circle, payload, snapshot
from tests.web.reading import text_of

NEW = reverse("person_new")


def image_bytes(size=(800, 600), mode="RGB", fmt="JPEG") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128)[: len(mode)]).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Adding ------------------------------------------------------------------------------


def test_the_new_form_offers_the_owners_circles_with_the_default_chosen(alice, alice_client, bob):
    html_text = alice_client.get(NEW).content.decode()
    select = re.search(r'<select name="circle".*?</select>', html_text, re.S).group(0)
    offered = re.findall(r'<option value="(\d+)"( selected)?>(\w+)</option>', select)
    assert offered == [
        (str(circle(alice, "Close").pk), "", "Close"),
        (str(circle(alice, "Core").pk), " selected", "Core"),
        (str(circle(alice, "Wide").pk), "", "Wide"),
    ]
    for part in [
        "Name details",
        'class="date-parts"',
        'data-formset-template="contacts"',
        'data-formset-add="relations"',
        'id="tag-options"',
        'enctype="multipart/form-data"',
    ]:
        assert part in html_text, part


def test_adding_a_person_with_every_detail_saves_it_all(alice, alice_client, media, frozen):
    tom = create_person(alice, "Tom Doe")
    create_person(alice, "Ann Other")
    Tag.objects.create(owner=alice, name="School")
    rows = {
        "contacts": [
            {"kind": "email", "label": "home", "value": " Jane@Example.COM ", "preferred": "on"},
            {"kind": "phone", "label": "mobile", "value": "0151 23456789"},
            {"kind": "url", "value": "jane.example.org"},
        ],
        "addresses": [
            {
                "label": "home",
                "street": "Karl-Heine-Str. 1\nHinterhaus",
                "locality": "Leipzig",
                "postcode": "04229",
                "country": "de",
                "is_mailing": "on",
            }
        ],
        "dates": [{"label": "wedding", "month": "6", "day": "14", "year": "2012"}],
        "relations": [
            {"kind": "spouse", "who": f"Tom Doe (#{tom.pk})"},
            {"kind": "child", "who": "  Lotte   Doe "},
            {"kind": "friend", "who": "ann other"},
        ],
        "events": [{"kind": "new_job", "date": "2026-09-01", "note": "Chief chemist"}],
    }
    photo = SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")
    response = alice_client.post(
        NEW,
        payload(
            alice,
            rows,
            display_name="",
            prefix="Dr.",
            given_name="Jane",
            family_name="Doe",
            nickname="JD",
            company="Acme",
            job_title="Chemist",
            industry="Chemicals",
            city="Leipzig",
            how_we_met="Climbing",
            notes="Two kids.",
            tag_names="school, climbing, ,",
            birthday_month="2",
            birthday_day="29",
            circle=str(circle(alice, "Close").pk),
            paused_until="2027-01-01",
            photo_upload=photo,
        ),
    )
    jane = owned(Person, alice).get(given_name="Jane")
    assert response.status_code == 302
    assert response["Location"] == reverse("person", args=[jane.pk])
    assert jane.display_name == "Dr. Jane Doe"
    assert (jane.nickname, jane.company, jane.city, jane.circle.name) == (
        "JD",
        "Acme",
        "Leipzig",
        "Close",
    )
    assert (jane.birthday_month, jane.birthday_day, jane.birthday_year) == (2, 29, None)
    assert jane.paused_until == dt.date(2027, 1, 1)
    assert sorted(t.name for t in jane.tags.all()) == ["School", "climbing"]
    assert owned(Tag, alice).count() == 2  # "school" reused "School"
    points = {
        (p.kind, p.label, p.value, p.normalized, p.preferred) for p in jane.contact_points.all()
    }
    assert points == {
        ("email", "home", "Jane@Example.COM", "jane@example.com", True),
        ("phone", "mobile", "0151 23456789", "+4915123456789", False),
        ("url", "", "jane.example.org", "https://jane.example.org", False),
    }
    address = jane.addresses.get()
    assert (address.country, address.is_mailing, address.owner) == ("DE", True, alice)
    assert str(jane.key_dates.get()) == "wedding: 14 June 2012"
    relations = {(r.kind, r.other_id, r.other_name) for r in jane.relationships.all()}
    ann = owned(Person, alice).get(display_name="Ann Other")
    assert relations == {
        ("spouse", tom.pk, ""),
        ("child", None, "Lotte Doe"),
        ("friend", ann.pk, ""),
    }
    assert jane.life_events.get().note == "Chief chemist"
    assert jane.photo.name.endswith(".jpg")
    assert "jane@example.com" in jane.search_text and "#climbing" in jane.search_text
    assert all(r.owner == alice for r in jane.relationships.all())
    page = alice_client.get(response["Location"])
    assert "Added Dr. Jane Doe." in page.content.decode()


def test_the_display_name_is_split_into_parts_when_they_are_empty(alice, alice_client, frozen):
    alice_client.post(NEW, payload(alice, display_name="Dr. Juan de la Vega III"))
    juan = owned(Person, alice).get()
    assert (juan.prefix, juan.given_name, juan.family_name, juan.suffix) == (
        "Dr.",
        "Juan",
        "de la Vega",
        "III",
    )


def test_the_display_name_is_kept_as_written_when_parts_are_given(alice, alice_client, frozen):
    alice_client.post(NEW, payload(alice, display_name="Jay", given_name="Jane", family_name="Doe"))
    person = owned(Person, alice).get()
    assert (person.display_name, person.given_name, person.family_name) == ("Jay", "Jane", "Doe")


@pytest.mark.parametrize(
    ("year", "ok"), [("", True), ("2000", True), ("2024", True), ("2023", False)]
)
def test_29_february_is_a_birthday_without_a_year_and_in_leap_years(
    alice, alice_client, frozen, year, ok
):
    response = alice_client.post(
        NEW, payload(alice, birthday_month="2", birthday_day="29", birthday_year=year)
    )
    assert owned(Person, alice).exists() is ok
    if not ok:
        assert "February 2023 has no day 29" in text_of(response)


def test_empty_extra_rows_are_ignored(alice, alice_client, frozen):
    rows = {
        "contacts": [{"kind": "email", "label": "", "value": ""}],
        "addresses": [{"label": "", "street": "", "locality": "", "country": ""}],
        "dates": [{"label": "", "month": "", "day": "", "year": ""}],
        "relations": [{"kind": "", "who": ""}],
        "events": [{"kind": "", "date": "", "note": ""}],
    }
    response = alice_client.post(NEW, payload(alice, rows))
    assert response.status_code == 302
    assert not ContactPoint.objects.exists() and not Relationship.objects.exists()


# Bad input: re-shown with a message, nothing saved -------------------------------------


def _bob_circle(alice, bob):
    return {"circle": str(circle(bob).pk)}


BAD_VALUES = [
    # (id, person fields, rows, expected message)
    ("30-february", {"birthday_month": "2", "birthday_day": "30"}, {}, "February has no day 30"),
    (
        "29-feb-common-year",
        {"birthday_month": "2", "birthday_day": "29", "birthday_year": "2023"},
        {},
        "February 2023 has no day 29",
    ),
    (
        "future-birth-year",
        {"birthday_month": "1", "birthday_day": "2", "birthday_year": "2030"},
        {},
        "the year 2030 is in the future",
    ),
    (
        "letters-in-year",
        {"birthday_month": "1", "birthday_day": "2", "birthday_year": "19x0"},
        {},
        "Enter a whole number.",
    ),
    ("month-13", {"birthday_month": "13", "birthday_day": "2"}, {}, "Select a valid choice"),
    ("day-without-month", {"birthday_day": "5"}, {}, "give both month and day"),
    ("day-40", {"birthday_month": "1", "birthday_day": "40"}, {}, "January has no day 40"),
    (
        "future-death",
        {"deceased": "on", "deceased_on": "2026-12-01"},
        {},
        "The date of death cannot be in the future.",
    ),
    ("bad-death-date", {"deceased_on": "2026-02-30"}, {}, "Enter a valid date."),
    ("bad-paused-date", {"paused_until": "soon"}, {}, "Enter a valid date."),
    ("long-display-name", {"display_name": "x" * 201}, {}, "at most 200 characters"),
    ("long-given-name", {"given_name": "x" * 101}, {}, "at most 100 characters"),
    ("long-company", {"company": "x" * 151}, {}, "at most 150 characters"),
    ("long-notes", {"notes": "x" * 20_001}, {}, "at most 20000 characters"),
    ("long-tag", {"tag_names": "ok, " + "t" * 61}, {}, "is longer than 60 characters"),
    ("no-name", {"display_name": "  "}, {}, "Give a name."),
    ("circle-letters", {"circle": "abc"}, {}, "Select a valid choice"),
    ("circle-unknown", {"circle": "999999"}, {}, "Select a valid choice"),
    ("circle-superscript", {"circle": "²"}, {}, "Select a valid choice"),
    ("birthday-day-superscript", {"birthday_month": "1", "birthday_day": "²"}, {}, "whole number"),
    (
        "relation-id-in-other-digits",
        {},
        {"relations": [{"kind": "friend", "who": "Jane Doe (#١٢)"}]},
        "There is no contact #١٢.",
    ),
    (
        "url-too-long-once-prefixed",
        {},
        {"contacts": [{"kind": "url", "value": "example.com/" + "p" * 240}]},
        "at most 254 characters once written in full (this is 260)",
    ),
    (
        "social-too-long-once-case-folded",
        {},
        {"contacts": [{"kind": "social", "value": "@" + "ß" * 200}]},
        "at most 254 characters once written in full (this is 401)",
    ),
    (
        "bad-email",
        {},
        {"contacts": [{"kind": "email", "value": "jane(at)example"}]},
        "'jane(at)example' is not an email address.",
    ),
    (
        "bad-phone",
        {},
        {"contacts": [{"kind": "phone", "value": "call me"}]},
        "'call me' is not a phone number.",
    ),
    (
        "impossible-phone",
        {},
        {"contacts": [{"kind": "phone", "value": "+1 555 12"}]},
        "'+1 555 12' is not a possible phone number in DE.",
    ),
    (
        "bad-contact-kind",
        {},
        {"contacts": [{"kind": "fax", "value": "123"}]},
        "Select a valid choice",
    ),
    (
        "long-contact",
        {},
        {"contacts": [{"kind": "social", "value": "x" * 255}]},
        "at most 254 characters",
    ),
    (
        "two-preferred-emails",
        {},
        {
            "contacts": [
                {"kind": "email", "value": "a@example.com", "preferred": "on"},
                {"kind": "email", "value": "b@example.com", "preferred": "on"},
            ]
        },
        "Mark only one email as preferred.",
    ),
    (
        "address-without-street-or-city",
        {},
        {"addresses": [{"label": "home", "postcode": "1"}]},
        "An address needs at least a street or a city.",
    ),
    (
        "address-bad-country",
        {},
        {"addresses": [{"locality": "Paris", "country": "XX"}]},
        "'XX' is not a country we know: write its two-letter code",
    ),
    (
        "two-mailing-addresses",
        {},
        {
            "addresses": [
                {"locality": "Paris", "is_mailing": "on"},
                {"locality": "Lyon", "is_mailing": "on"},
            ]
        },
        "Only one address can be the mailing address.",
    ),
    (
        "key-date-31-april",
        {},
        {"dates": [{"label": "x", "month": "4", "day": "31"}]},
        "April has no day 31",
    ),
    (
        "key-date-letters",
        {},
        {"dates": [{"label": "x", "month": "4", "day": "3", "year": "abcd"}]},
        "Enter a whole number.",
    ),
    (
        "key-date-no-label",
        {},
        {"dates": [{"label": "", "month": "4", "day": "3"}]},
        "This field is required.",
    ),
    (
        "relation-bad-kind",
        {},
        {"relations": [{"kind": "enemy", "who": "Max"}]},
        "Select a valid choice",
    ),
    (
        "relation-without-who",
        {},
        {"relations": [{"kind": "friend", "who": ""}]},
        "This field is required.",
    ),
    (
        "relation-unknown-contact",
        {},
        {"relations": [{"kind": "friend", "who": "X (#999999)"}]},
        "There is no contact #999999.",
    ),
    (
        "relation-long-name",
        {},
        {"relations": [{"kind": "friend", "who": "x" * 201}]},
        "at most 200 characters",
    ),
    (
        "event-far-future",
        {},
        {"events": [{"kind": "baby", "date": "2028-01-01"}]},
        "That is more than a year ahead.",
    ),
    (
        "event-bad-date",
        {},
        {"events": [{"kind": "baby", "date": "31.02.2026"}]},
        "Enter a valid date.",
    ),
    (
        "event-bad-kind",
        {},
        {"events": [{"kind": "party", "date": "2026-01-01"}]},
        "Select a valid choice",
    ),
    (
        "too-many-rows",
        {"contacts-TOTAL_FORMS": "51"},
        {"contacts": [{"kind": "social", "value": f"@x{i}"} for i in range(51)]},
        "A person can have at most 50 emails, phones and web addresses",
    ),
]


@pytest.mark.parametrize("mode", ["add", "edit"])
@pytest.mark.parametrize(
    ("fields", "rows", "message"), [case[1:] for case in BAD_VALUES], ids=[c[0] for c in BAD_VALUES]
)
def test_bad_values_are_shown_and_nothing_is_saved(
    alice, alice_client, jane, frozen, media, mode, fields, rows, message
):
    url = NEW if mode == "add" else reverse("person_edit", args=[jane.pk])
    before = snapshot(alice)
    response = alice_client.post(url, payload(alice, rows, **fields))
    assert response.status_code == 200
    assert message in text_of(response)
    assert "Nothing was saved" in text_of(response)
    assert snapshot(alice) == before


@pytest.mark.parametrize("mode", ["add", "edit"])
def test_another_users_circle_is_refused(alice, alice_client, bob, jane, frozen, mode):
    url = NEW if mode == "add" else reverse("person_edit", args=[jane.pk])
    before = snapshot(alice)
    response = alice_client.post(url, payload(alice, circle=str(circle(bob).pk)))
    assert "Select a valid choice" in text_of(response)
    assert snapshot(alice) == before


@pytest.mark.parametrize("mode", ["add", "edit"])
def test_another_users_contact_cannot_be_a_relation(alice, alice_client, bob, jane, frozen, mode):
    bobs = create_person(bob, "Bob's Friend")
    url = NEW if mode == "add" else reverse("person_edit", args=[jane.pk])
    before = snapshot(alice)
    rows = {"relations": [{"kind": "friend", "who": f"Bob's Friend (#{bobs.pk})"}]}
    response = alice_client.post(url, payload(alice, rows))
    assert f"There is no contact #{bobs.pk}." in text_of(response)
    assert snapshot(alice) == before
    assert not Relationship.objects.filter(other=bobs).exists()


def test_another_users_contact_name_stays_a_plain_name(alice, alice_client, bob, frozen):
    bobs = create_person(bob, "Bob's Friend")
    alice_client.post(
        NEW, payload(alice, {"relations": [{"kind": "friend", "who": "Bob's Friend"}]})
    )
    relation = Relationship.objects.get()
    assert (relation.other_id, relation.other_name, relation.owner) == (None, "Bob's Friend", alice)
    assert not Relationship.objects.filter(other=bobs).exists()


def test_a_name_shared_by_two_contacts_asks_to_pick_one(alice, alice_client, frozen):
    create_person(alice, "Sam Lee")
    create_person(alice, "Sam Lee")
    response = alice_client.post(
        NEW, payload(alice, {"relations": [{"kind": "friend", "who": "sam lee"}]})
    )
    assert "Several contacts are called “sam lee”" in text_of(response)
    assert owned(Person, alice).count() == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text", "notes.txt", "is not an image we can read"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "broken.png", "is not an image we can read"),
        (b"GIF89a" + b"\x00" * 10, "tiny.gif", "is not an image we can read"),
        (b"x" * (5 * 1024 * 1024 + 1), "huge.jpg", "larger than 5 MB"),
    ],
    ids=["text", "broken-png", "broken-gif", "over-5-mb"],
)
def test_a_photo_that_is_not_a_usable_image_is_refused(
    alice, alice_client, jane, media, frozen, content, name, message
):
    before = snapshot(alice)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = alice_client.post(
        reverse("person_edit", args=[jane.pk]), payload(alice, photo_upload=upload)
    )
    assert response.status_code == 200
    assert message in text_of(response)
    assert snapshot(alice) == before
    assert not list(media.rglob("*.*"))


def test_a_photo_is_shrunk_to_256_pixels_and_served(alice, alice_client, jane, media, frozen):
    upload = SimpleUploadedFile("big.jpg", image_bytes((1600, 900)), content_type="image/jpeg")
    alice_client.post(reverse("person_edit", args=[jane.pk]), payload(alice, photo_upload=upload))
    jane.refresh_from_db()
    with Image.open(jane.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (256, 144)
    response = alice_client.get(reverse("person_photo", args=[jane.pk]))
    assert response["Content-Type"] == "image/jpeg"


def test_a_transparent_photo_stays_a_png(alice, alice_client, jane, media, frozen):
    upload = SimpleUploadedFile("logo.png", image_bytes((300, 300), "RGBA", "PNG"))
    alice_client.post(reverse("person_edit", args=[jane.pk]), payload(alice, photo_upload=upload))
    jane.refresh_from_db()
    with Image.open(jane.photo.path) as stored:
        assert (stored.format, stored.size, stored.mode) == ("PNG", (256, 256), "RGBA")


def test_replacing_or_removing_a_photo_deletes_the_old_file(
    alice, alice_client, jane, media, frozen, django_capture_on_commit_callbacks
):
    jane.photo.save("old.jpg", ContentFile(image_bytes((50, 50))))
    old = media / jane.photo.name
    url = reverse("person_edit", args=[jane.pk])
    upload = SimpleUploadedFile("new.png", image_bytes((50, 50), "RGB", "PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, payload(alice, photo_upload=upload))
    jane.refresh_from_db()
    new = media / jane.photo.name
    assert not old.exists() and new.exists()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, payload(alice, remove_photo="on"))
    jane.refresh_from_db()
    assert not jane.photo and not new.exists()


# Editing ------------------------------------------------------------------------------


def test_the_edit_form_shows_the_saved_rows(alice, alice_client, jane, frozen):
    tom = create_person(alice, "Tom Doe")
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other=tom)
    Relationship.objects.create(owner=alice, person=jane, kind="child", other_name="Lotte")
    Person.objects.filter(pk=jane.pk).update(birthday_month=3, birthday_day=14)
    page = text_of(alice_client.get(reverse("person_edit", args=[jane.pk])))
    assert 'value="jane@example.com"' in page
    assert f'value="Tom Doe (#{tom.pk})"' in page
    assert 'value="Lotte"' in page
    assert 'value="school"' in page
    assert '<option value="3" selected>March</option>' in page
    assert 'data-url="/people/?format=options&exclude=' in page


def test_editing_changes_adds_and_removes_rows_in_one_go(alice, alice_client, jane, frozen):
    email, phone = jane.contact_points.order_by("kind")
    address = Address.objects.create(owner=alice, person=jane, locality="Berlin")
    rows = {
        "contacts": [
            {"id": str(email.pk), "kind": "email", "value": "new@example.com", "preferred": "on"},
            {"id": str(phone.pk), "kind": "phone", "value": phone.value, "DELETE": "on"},
            {"kind": "social", "label": "mastodon", "value": "@jane@social.example"},
        ],
        "addresses": [{"id": str(address.pk), "locality": "Berlin", "DELETE": "on"}],
        "dates": [{"label": "name day", "month": "7", "day": "26"}],
    }
    response = alice_client.post(
        reverse("person_edit", args=[jane.pk]), payload(alice, rows, company="Initech")
    )
    assert response.status_code == 302
    jane.refresh_from_db()
    assert jane.company == "Initech"
    assert sorted(jane.contact_points.values_list("normalized", flat=True)) == [
        "@jane@social.example",
        "new@example.com",
    ]
    assert not jane.addresses.exists()
    assert jane.key_dates.get().label == "name day"
    assert not jane.tags.exists()
    assert "new@example.com" in jane.search_text and "initech" in jane.search_text
    assert "+49301234567" not in jane.search_text


def test_a_person_cannot_be_their_own_relation(alice, alice_client, jane, frozen):
    rows = {"relations": [{"kind": "friend", "who": f"Jane Doe (#{jane.pk})"}]}
    response = alice_client.post(reverse("person_edit", args=[jane.pk]), payload(alice, rows))
    assert "A person cannot be related to themselves." in text_of(response)
    assert not Relationship.objects.exists()


def test_a_row_of_another_person_cannot_be_edited_through_this_form(
    alice, alice_client, jane, frozen
):
    tom = create_person(alice, "Tom Doe", emails=["tom@example.com"])
    toms_email = tom.contact_points.get()
    rows = {
        "contacts": [{"id": str(toms_email.pk), "kind": "email", "value": "hacked@example.com"}]
    }
    before = snapshot(alice)
    response = alice_client.post(reverse("person_edit", args=[jane.pk]), payload(alice, rows))
    assert response.status_code == 200
    assert "One of these rows no longer exists" in text_of(response)
    assert snapshot(alice) == before


def test_a_missing_management_form_is_a_message_not_an_error(alice, alice_client, jane, frozen):
    response = alice_client.post(reverse("person_edit", args=[jane.pk]), {"display_name": "X"})
    assert response.status_code == 200
    assert "ManagementForm data is missing" in text_of(response)


# Deleting -----------------------------------------------------------------------------


@pytest.fixture
def janes_world(alice, jane, frozen):
    tom = create_person(alice, "Tom Doe")
    solo = log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 1))
    shared = log_touch(alice, [jane, tom], kind(alice, "party"), date=dt.date(2026, 10, 1))
    add_follow_up(alice, jane, "Send the article", dt.date(2026, 12, 1))
    Relationship.objects.create(owner=alice, person=tom, kind="spouse", other=jane)
    return {"tom": tom, "solo": solo, "shared": shared}


def test_the_confirmation_page_says_what_goes_and_what_stays(alice_client, jane, janes_world):
    page = text_of(alice_client.get(reverse("person_delete", args=[jane.pk])))
    assert "Delete Jane Doe?" in page
    assert "1 touch logged with Jane alone." in page
    assert "1 follow-up for Jane." in page
    assert "1 touch shared with other people stays in their timelines" in page
    assert "1 other person lists Jane as family" in page
    assert 'name="confirm" value="yes"' in page


def test_deleting_keeps_shared_touches_and_turns_relations_into_names(
    alice, alice_client, jane, janes_world, media, django_capture_on_commit_callbacks
):
    jane.photo.save("j.jpg", ContentFile(image_bytes((20, 20))))
    photo = media / jane.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("person_delete", args=[jane.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people")
    assert not owned(Person, alice).filter(pk=jane.pk).exists()
    assert not Touch.objects.filter(pk=janes_world["solo"].pk).exists()
    shared = Touch.objects.get(pk=janes_world["shared"].pk)
    assert list(shared.people.all()) == [janes_world["tom"]]
    relation = Relationship.objects.get(person=janes_world["tom"])
    assert (relation.other_id, relation.other_name) == (None, "Jane Doe")
    assert not FollowUp.objects.exists()
    assert not ContactPoint.objects.filter(owner=alice).exists()
    assert not photo.exists()
    assert "Deleted Jane Doe." in alice_client.get(reverse("people")).content.decode()


# Ownership ----------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["person_edit", "person_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_person_and_nothing_changes(
    alice, bob, client, jane, janes_world, url_name, method
):
    client.force_login(bob)
    before = snapshot(alice), list(Touch.objects.values())
    url = reverse(url_name, args=[jane.pk])
    data = payload(bob, display_name="Hacked", confirm="yes") if method == "post" else None
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    assert (snapshot(alice), list(Touch.objects.values())) == before
    assert not owned(Person, bob).exists()


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_long_one_word_name_fits_its_parts(alice, alice_client, frozen):
    response = alice_client.post(NEW, payload(alice, display_name="X" * 150))
    assert response.status_code == 302
    person = owned(Person, alice).get()
    assert (person.display_name, person.given_name) == ("X" * 150, "X" * 100)


def test_an_address_country_can_be_written_as_its_name(alice, alice_client, frozen):
    rows = {
        "addresses": [{"street": "Hauptstr. 1", "locality": "Berlin", "country": "Deutschland"}]
    }
    response = alice_client.post(NEW, payload(alice, rows, display_name="Jana Berg"))
    assert response.status_code == 302, response.content[:2000]
    assert Address.objects.get(owner=alice).country == "DE"
