"""People through the API: the list's filters, sorts and cursor, a person's
page with its ETag, and changes that go through the same services as the web."""

from __future__ import annotations

import pytest

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned

pytestmark = pytest.mark.django_db


def test_a_person_is_added_read_and_listed(alice_api, alice, frozen):
    made = alice_api.post(
        "/people",
        {
            "name": "Dr. Juan de la Vega",
            "emails": ["juan@example.com"],
            "tags": ["climbing"],
            "birthday": {"month": 3, "day": 14, "year": 1980},
            "company": "Acme",
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["given_name"] == "Juan"
    assert body["family_name"] == "de la Vega"
    assert body["prefix"] == "Dr."
    assert body["tags"] == ["climbing"]
    assert body["birthday"] == {"month": 3, "day": 14, "year": 1980}
    assert body["contact_points"][0]["value"] == "juan@example.com"
    assert made["Location"] == f"/api/v1/people/{body['id']}"
    read = alice_api.get(f"/people/{body['id']}")
    assert read.status_code == 200
    assert read["ETag"] == made["ETag"]
    listed = alice_api.get("/people", {"q": "vega"}).json()
    assert [p["display_name"] for p in listed["items"]] == ["Dr. Juan de la Vega"]
    assert listed["items"][0]["email"] == "juan@example.com"
    assert listed["next_cursor"] is None


def test_the_cursor_walks_every_person_once_even_when_one_is_added_meanwhile(
    alice_api, alice, frozen
):
    names = [
        f"Pat {family}" for family in ("Baker", "Carter", "Dunn", "Eames", "Frost", "Gale", "Hart")
    ]
    for name in names:
        create_person(alice, name)
    seen, cursor = [], None
    for step in range(10):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = alice_api.get("/people", params).json()
        seen += [p["display_name"] for p in page["items"]]
        if step == 0:
            create_person(alice, "Abe Aardvark")  # before the cursor: not repeated, not shifted
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == names


@pytest.mark.parametrize("sort", ["name", "-created", "coldest", "recent", "warmth", "-warmth"])
def test_every_sort_pages_through_everyone(alice_api, alice, frozen, sort):
    for n in range(5):
        create_person(alice, f"Person {n}")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "sort": sort, **({"cursor": cursor} if cursor else {})}
        answer = alice_api.get("/people", params)
        assert answer.status_code == 200, answer.content
        page = answer.json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(owned(Person, alice).values_list("id", flat=True))
    assert len(seen) == len(set(seen))


def test_a_cursor_of_another_sort_or_made_up_is_a_problem(alice_api, alice, frozen):
    for n in range(3):
        create_person(alice, f"Person {n}")
    cursor = alice_api.get("/people", {"limit": 1}).json()["next_cursor"]
    for bad in (cursor, "not-a-cursor", "eyJzIjoibmFtZSIsImsiOlsxXX0"):
        answer = alice_api.get("/people", {"cursor": bad, "sort": "recent"})
        assert answer.status_code == 400
        assert answer["Content-Type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == "cursor"


def test_if_match_refuses_a_change_made_on_a_stale_read(alice_api, jane, frozen):
    tag = alice_api.get(f"/people/{jane.pk}")["ETag"]
    first = alice_api.patch(f"/people/{jane.pk}", {"company": "Initech"}, **{"If-Match": tag})
    assert first.status_code == 200
    assert first["ETag"] != tag
    second = alice_api.patch(f"/people/{jane.pk}", {"city": "Paris"}, **{"If-Match": tag})
    assert second.status_code == 412
    assert second.json()["status"] == 412
    jane.refresh_from_db()
    assert (jane.company, jane.city) == ("Initech", "")
    assert alice_api.patch(f"/people/{jane.pk}", {"city": "Paris"}).status_code == 200


def test_a_refused_change_names_its_field_and_saves_nothing(alice_api, jane, frozen):
    answer = alice_api.patch(f"/people/{jane.pk}", {"birthday": {"month": 2, "day": 30}})
    assert answer.status_code == 422
    problem = answer.json()
    assert answer["Content-Type"] == "application/problem+json"
    assert problem["errors"][0]["field"] == "birthday_day"
    answer = alice_api.patch(f"/people/{jane.pk}", {"company": "x" * 151})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "company"
    answer = alice_api.patch(f"/people/{jane.pk}", {"company": "A\x00B"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "company"
    jane.refresh_from_db()
    assert jane.company == "Acme"


def test_archive_and_delete(alice_api, jane, frozen):
    assert alice_api.post(f"/people/{jane.pk}/archive").json()["archived"] is True
    assert alice_api.get("/people").json()["items"] == []
    assert alice_api.get("/people", {"archived": "true"}).json()["items"][0]["id"] == jane.pk
    assert alice_api.post(f"/people/{jane.pk}/unarchive").json()["archived"] is False
    assert alice_api.delete(f"/people/{jane.pk}").status_code == 204
    assert alice_api.get(f"/people/{jane.pk}").status_code == 404


def test_without_a_token_or_with_a_read_only_one(client, alice, jane, frozen):
    from tests.api.calling import api_for

    answer = client.get("/api/v1/people")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    reader = api_for(client, alice, scope="read", name="reader")
    assert reader.get("/people").status_code == 200
    refused = reader.patch(f"/people/{jane.pk}", {"company": "Initech"})
    assert refused.status_code == 403
    jane.refresh_from_db()
    assert jane.company == "Acme"
