"""A person's rows through the API: each kind listed, added, changed and
removed; checked as the person form checks them (``contacts.rows``) and saved
through ``contacts.editing.save_person``, so the rules across rows hold; every
change honours the person's ETag."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from keepwarm.backup.json_backup import dump
from keepwarm.contacts import limits
from keepwarm.contacts.models import Address, ContactPoint, Job, Person, Relationship
from keepwarm.contacts.services import create_person

pytestmark = pytest.mark.django_db

KINDS = {
    # path: (a new row, a change, the field changed and its new value)
    "contact-points": (
        {"kind": "email", "value": " JD@Work.example ", "label": "work"},
        {"label": "office"},
        ("label", "office"),
    ),
    "addresses": (
        {"street": "Hauptstr. 1", "locality": "Berlin", "country": "Deutschland"},
        {"postcode": "10115"},
        ("postcode", "10115"),
    ),
    "key-dates": (
        {"label": "anniversary", "month": 6, "day": 1, "year": 2010},
        {"year": None},
        ("year", None),
    ),
    "relationships": (
        {"kind": "sibling", "other_name": "Maria"},
        {"kind": "friend"},
        ("kind", "friend"),
    ),
    "life-events": (
        {"kind": "move", "date": "2026-10-01", "note": "to Hamburg"},
        {"note": "to Munich"},
        ("note", "to Munich"),
    ),
    "jobs": (
        {"company": "Initech", "role": "engineer", "started": "2020-01-01", "ended": "2024-06-30"},
        {"ended": None},
        ("ended", None),
    ),
}


def snapshot(user) -> str:
    """Everything of ``user``'s, as a backup holds it: to prove nothing changed."""
    return json.dumps(dump(user)[0], sort_keys=True, default=str)


def tag_of(api, person) -> str:
    return api.get(f"/people/{person.pk}")["ETag"]


@pytest.mark.parametrize("path", list(KINDS))
def test_each_kind_is_listed_added_changed_and_removed(alice_api, jane, frozen, path):
    new, change, (field, value) = KINDS[path]
    rows = f"/people/{jane.pk}/{path}"
    before = alice_api.get(rows)
    assert before.status_code == 200
    assert before["ETag"] == tag_of(alice_api, jane)

    made = alice_api.post(rows, new, **{"If-Match": before["ETag"]})
    assert made.status_code == 201, made.content
    row = made.json()
    assert made["Location"] == f"/api/v1{rows}/{row['id']}"
    assert made["ETag"] == tag_of(alice_api, jane) != before["ETag"]
    listed = alice_api.get(rows).json()["items"]
    assert row in listed
    assert row in alice_api.get(f"/people/{jane.pk}").json()[path.replace("-", "_")]

    changed = alice_api.patch(f"{rows}/{row['id']}", change, **{"If-Match": made["ETag"]})
    assert changed.status_code == 200, changed.content
    assert changed.json() == {**row, field: value}
    assert changed["ETag"] == tag_of(alice_api, jane) != made["ETag"]

    gone = alice_api.delete(f"{rows}/{row['id']}", **{"If-Match": changed["ETag"]})
    assert gone.status_code == 204
    assert gone["ETag"] == tag_of(alice_api, jane)
    assert alice_api.get(rows).json()["items"] == before.json()["items"]
    assert alice_api.patch(f"{rows}/{row['id']}", change).status_code == 404


def test_a_row_is_read_as_the_person_form_reads_it(alice_api, jane, frozen):
    """A phone in the owner's country (alice: DE), an email in lower case, a
    country by its name; the search finds the new email."""
    points = f"/people/{jane.pk}/contact-points"
    phone = alice_api.post(points, {"kind": "phone", "value": "030 7654321"}).json()
    assert phone["value"] == "030 7654321"
    assert ContactPoint.objects.get(pk=phone["id"]).normalized == "+49307654321"
    email = alice_api.post(points, {"value": " JD@Work.Example "}).json()
    assert email["value"] == "JD@Work.Example"
    assert ContactPoint.objects.get(pk=email["id"]).normalized == "jd@work.example"
    found = alice_api.get("/people", {"q": "jd@work.example"}).json()["items"]
    assert [p["id"] for p in found] == [jane.pk]
    address = alice_api.post(
        f"/people/{jane.pk}/addresses", {"locality": "Wien", "country": "Österreich"}
    ).json()
    assert address["country"] == "AT"


def test_a_change_moves_the_persons_updated_at(alice_api, jane, frozen):
    was = jane.updated_at
    frozen.shift(dt.timedelta(minutes=5))
    alice_api.post(f"/people/{jane.pk}/key-dates", {"label": "name day", "month": 7, "day": 26})
    jane.refresh_from_db()
    assert jane.updated_at == was + dt.timedelta(minutes=5)


def test_one_preferred_email_holds_through_the_api(alice_api, alice, jane, frozen):
    points = f"/people/{jane.pk}/contact-points"
    before = snapshot(alice)
    refused = alice_api.post(points, {"value": "jd@work.example", "preferred": True})
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {"field": "preferred", "message": "Mark only one email as preferred."}
    ]
    assert snapshot(alice) == before
    second = alice_api.post(points, {"value": "jd@work.example"}).json()
    refused = alice_api.patch(f"{points}/{second['id']}", {"preferred": True})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "preferred"
    first = jane.contact_points.get(value="jane@example.com")
    assert alice_api.patch(f"{points}/{first.pk}", {"preferred": False}).status_code == 200
    assert alice_api.patch(f"{points}/{second['id']}", {"preferred": True}).status_code == 200
    preferred = jane.contact_points.filter(kind="email", preferred=True)
    assert [p.value for p in preferred] == ["jd@work.example"]
    # A phone may be preferred beside the email: the rule is one per kind.
    phone = alice_api.post(points, {"kind": "phone", "value": "+1 415 555 0100", "preferred": True})
    assert phone.status_code == 422  # jane's phone from the fixture is preferred already
    assert phone.json()["errors"][0]["message"] == "Mark only one phone as preferred."


def test_one_mailing_address_holds_through_the_api(alice_api, alice, jane, frozen):
    addresses = f"/people/{jane.pk}/addresses"
    home = {"street": "Hauptstr. 1", "locality": "Berlin", "is_mailing": True}
    assert alice_api.post(addresses, home).status_code == 201
    before = snapshot(alice)
    refused = alice_api.post(addresses, {**home, "street": "Ringstr. 9"})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "is_mailing", "message": "Only one address can be the mailing address."}
    ]
    assert snapshot(alice) == before


def test_no_more_rows_than_the_cap(alice_api, alice, jane, frozen):
    cap = limits.JOBS
    Job.objects.bulk_create(
        Job(owner=alice, person=jane, company=f"Co {n}") for n in range(cap.limit)
    )
    refused = alice_api.post(f"/people/{jane.pk}/jobs", {"company": "One Too Many"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == cap.refusal(cap.limit + 1)
    assert jane.jobs.count() == cap.limit
    job = jane.jobs.first()
    assert alice_api.patch(f"/people/{jane.pk}/jobs/{job.pk}", {"role": "CEO"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        ("contact-points", {"value": "not an email"}, "value", "is not an email address"),
        ("contact-points", {"kind": "phone", "value": "12"}, "value", "is not a phone number"),
        ("contact-points", {"kind": "url", "value": "javascript:alert(1)"}, "value", ""),
        ("contact-points", {"kind": "fax", "value": "1"}, "kind", ""),
        ("contact-points", {"value": "a@b.example", "label": "x" * 41}, "label", "40"),
        ("contact-points", {"value": "a\x00@b.example"}, "value", "NUL"),
        ("relationships", {"kind": "friend", "other_name": "\ud800"}, "other_name", "half"),
        ("contact-points", {"value": "a@b.example", "label": "one\ntwo"}, "label", ""),
        ("addresses", {"locality": "Berlin", "country": "XX"}, "country", "not a country"),
        ("addresses", {"label": "home"}, "", "a street or a city"),
        ("key-dates", {"label": "x", "month": 2, "day": 30}, "", "February has no day 30"),
        ("key-dates", {"label": "x", "month": 13, "day": 1}, "month", ""),
        ("key-dates", {"label": "x", "month": 1, "day": 1, "year": 2030}, "", "in the future"),
        ("key-dates", {"label": "", "month": 1, "day": 1}, "label", ""),
        ("relationships", {"kind": "friend"}, "", "Pick a contact or type a name."),
        ("relationships", {"kind": "cousin", "other_name": "Al"}, "kind", ""),
        ("life-events", {"kind": "party", "date": "2026-01-01"}, "kind", ""),
        ("life-events", {"kind": "move", "date": "2028-01-01"}, "date", "a year ahead"),
        ("life-events", {"kind": "move", "date": "2026-02-30"}, "date", ""),
        ("jobs", {"company": "Acme", "started": "2028-01-01"}, "started", "a year ahead"),
        ("jobs", {"company": "Acme", "ended": "2026-12-01"}, "ended", "in the future"),
        ("jobs", {"company": "Acme", "started": "2024-01-01", "ended": "2023-01-01"}, "ended", ""),
        ("jobs", {"company": ""}, "company", ""),
        ("jobs", {"role": "CTO"}, "company", ""),
    ],
)
def test_a_refused_row_names_its_field_and_saves_nothing(
    alice_api, alice, jane, frozen, path, body, field, message
):
    before = snapshot(alice)
    refused = alice_api.post(f"/people/{jane.pk}/{path}", body)
    assert refused.status_code == 422, refused.content
    assert refused["Content-Type"] == "application/problem+json"
    errors = refused.json()["errors"]
    assert errors[0]["field"] == field, errors
    assert message in errors[0]["message"], errors
    assert snapshot(alice) == before


def test_a_related_contact_is_one_of_the_owners_and_not_the_person(alice_api, bob, jane, frozen):
    relations = f"/people/{jane.pk}/relationships"
    bobs = create_person(bob, "Bob's Secret Friend")
    refused = alice_api.post(relations, {"kind": "friend", "other_id": bobs.pk})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "other_id", "message": f"There is no contact #{bobs.pk}."}
    ]
    assert "Secret" not in refused.content.decode()
    refused = alice_api.post(relations, {"kind": "friend", "other_id": jane.pk})
    assert refused.json()["errors"][0]["message"] == "A person cannot be related to themselves."
    refused = alice_api.post(relations, {"kind": "friend", "other_id": 2**63 - 1})
    assert refused.json()["errors"][0]["field"] == "other_id"
    sam = create_person(jane.owner, "Sam Lee")
    both = alice_api.post(relations, {"kind": "friend", "other_id": sam.pk, "other_name": "Sam"})
    assert both.json()["errors"][0]["message"] == "Pick a contact or type a name, not both."
    assert not Relationship.objects.filter(person=jane).exists()


def test_a_relationship_switches_between_a_contact_and_a_name(alice_api, alice, jane, frozen):
    sam = create_person(alice, "Sam Lee")
    relations = f"/people/{jane.pk}/relationships"
    made = alice_api.post(relations, {"kind": "sibling", "other_id": sam.pk}).json()
    assert (made["other_id"], made["other_name"]) == (sam.pk, "Sam Lee")
    named = alice_api.patch(f"{relations}/{made['id']}", {"other_name": "Samantha"}).json()
    assert (named["other_id"], named["other_name"]) == (None, "Samantha")
    linked = alice_api.patch(f"{relations}/{made['id']}", {"other_id": sam.pk}).json()
    assert (linked["other_id"], linked["other_name"]) == (sam.pk, "Sam Lee")


def test_a_change_sends_only_what_changes_and_never_null_for_a_value(alice_api, jane, frozen):
    point = jane.contact_points.get(kind="email")
    path = f"/people/{jane.pk}/contact-points/{point.pk}"
    assert alice_api.patch(path, {"label": "home"}).json()["value"] == "jane@example.com"
    refused = alice_api.patch(path, {"value": None})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "value"
    refused = alice_api.patch(path, {"value": "nope"})
    assert refused.json()["errors"][0]["field"] == "value"
    point.refresh_from_db()
    assert (point.value, point.label) == ("jane@example.com", "home")


def test_if_match_refuses_a_change_on_a_stale_read_of_the_person(alice_api, alice, jane, frozen):
    stale = tag_of(alice_api, jane)
    # Another device changes the person (a field of theirs, not a row).
    assert alice_api.patch(f"/people/{jane.pk}", {"city": "Paris"}).status_code == 200
    point = jane.contact_points.get(kind="email")
    before = snapshot(alice)
    for answer in (
        alice_api.post(f"/people/{jane.pk}/jobs", {"company": "Initech"}, **{"If-Match": stale}),
        alice_api.patch(
            f"/people/{jane.pk}/contact-points/{point.pk}", {"label": "x"}, **{"If-Match": stale}
        ),
        alice_api.delete(f"/people/{jane.pk}/contact-points/{point.pk}", **{"If-Match": stale}),
    ):
        assert answer.status_code == 412, answer.content
        assert answer["ETag"] == tag_of(alice_api, jane)
    assert snapshot(alice) == before
    fresh = tag_of(alice_api, jane)
    answer = alice_api.post(
        f"/people/{jane.pk}/jobs", {"company": "Initech"}, **{"If-Match": fresh}
    )
    assert answer.status_code == 201


def test_a_row_of_another_person_of_the_same_owner_is_not_found(alice_api, alice, jane, frozen):
    sam = create_person(alice, "Sam Lee", emails=["sam@example.com"])
    address = Address.objects.create(owner=alice, person=sam, locality="Berlin")
    before = snapshot(alice)
    for path, row in (("contact-points", sam.contact_points.get()), ("addresses", address)):
        wrong = f"/people/{jane.pk}/{path}/{row.pk}"
        assert alice_api.patch(wrong, {"label": "x"}).status_code == 404
        assert alice_api.delete(wrong).status_code == 404
    assert snapshot(alice) == before
    assert alice_api.get(f"/people/{sam.pk}/contact-points").json()["items"][0]["label"] == ""


def test_bob_reaches_no_row_of_alices_even_through_his_own_person(
    alice_api, bob_api, bob, alice, jane, frozen
):
    mine = create_person(bob, "Bob's Friend")
    point = jane.contact_points.get(kind="email")
    before = snapshot(alice)
    path = f"/people/{mine.pk}/contact-points/{point.pk}"
    assert bob_api.patch(path, {"label": "x"}).status_code == 404
    assert bob_api.delete(path).status_code == 404
    assert bob_api.get(f"/people/{jane.pk}/contact-points").status_code == 404
    huge = f"/people/{mine.pk}/contact-points/{2**70}"
    assert bob_api.patch(huge, {"label": "x"}).status_code == 404
    assert snapshot(alice) == before
    assert Person.objects.filter(owner=alice).count() == 1
