"""Touches, follow-ups, touch kinds, circles and tags through the API: a touch
logged with several people, the client id that makes a retry log nothing new,
the touch log's filters and cursor, a follow-up's life, and the field errors
(another user's ids among them) that log nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches import services
from keepwarm.touches.models import FollowUp, Touch, TouchKind, TouchPerson
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import TODAY, kind

pytestmark = pytest.mark.django_db

CLIENT_ID = "0b6f4c1e-5a7d-4f7e-9b1a-2f3c4d5e6f70"


@pytest.fixture
def sam(alice):
    return create_person(alice, "Sam Lee")


def touch_body(*people: Person, kind_id: int, **more):
    return {"people": [p.pk for p in people], "kind_id": kind_id, **more}


def errors_of(answer) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in answer.json()["errors"]}


def test_a_touch_is_logged_with_two_people_and_a_follow_up_for_each(
    alice_api, alice, jane, sam, frozen
):
    coffee = kind(alice, "coffee")
    made = alice_api.post(
        "/touches",
        touch_body(
            sam, jane, kind_id=coffee.pk, note="talked about Acme", follow_up="send the article"
        ),
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["date"] == TODAY.isoformat()  # the owner's today
    assert (body["kind_id"], body["kind"]) == (coffee.pk, "coffee")
    assert [p["display_name"] for p in body["people"]] == ["Jane Doe", "Sam Lee"]
    assert body["note"] == "talked about Acme"
    assert body["client_id"] == ""
    assert sorted(f["person"] for f in body["follow_ups"]) == ["Jane Doe", "Sam Lee"]
    assert {f["due"] for f in body["follow_ups"]} == {"2026-11-26"}
    assert {f["status"] for f in body["follow_ups"]} == {"upcoming"}
    assert made["Location"] == f"/api/v1/touches/{body['id']}"
    read = alice_api.get(f"/touches/{body['id']}")
    assert read.json() == body
    assert read["ETag"] == made["ETag"]
    for person in (jane, sam):
        person.refresh_from_db()
        assert person.last_touch_on == TODAY


def test_a_retry_with_the_same_client_id_answers_the_touch_logged_and_logs_nothing(
    alice_api, alice, jane, sam, frozen
):
    """A phone that logged offline sends again what it may have sent: the
    first answer is 201, every retry 200 with the same touch, whatever else
    the retry says."""
    coffee = kind(alice, "coffee")
    body = touch_body(
        jane,
        sam,
        kind_id=coffee.pk,
        date="2026-11-20",
        note="first",
        follow_up="call back",
        client_id=CLIENT_ID,
    )
    first = alice_api.post("/touches", body)
    assert first.status_code == 201, first.content
    again = alice_api.post("/touches", body)
    third = alice_api.post("/touches", {**body, "note": "changed", "people": [jane.pk]})
    for retry in (again, third):
        assert retry.status_code == 200, retry.content
        assert retry.json() == first.json()
        assert retry["Location"] == first["Location"]
    assert first.json()["client_id"] == CLIENT_ID
    assert owned(Touch, alice).count() == 1
    assert TouchPerson.objects.filter(touch__owner=alice).count() == 2
    assert owned(FollowUp, alice).count() == 2
    assert owned(Touch, alice).get().note == "first"


def test_a_retry_arriving_while_the_first_is_written_answers_the_same_touch(
    alice_api, alice, jane, frozen, monkeypatch
):
    """Two requests of one client id at once: both miss the other in the
    lookup, the second one's insert meets the first's row, and it answers the
    first's touch instead of an error."""
    coffee = kind(alice, "coffee")
    body = touch_body(jane, kind_id=coffee.pk, client_id=CLIENT_ID)
    first = alice_api.post("/touches", body)
    assert first.status_code == 201
    look_up = services._logged_as
    missed: list[str] = []

    def not_committed_yet(owner, client_id):
        if not missed:
            missed.append(client_id)
            return None
        return look_up(owner, client_id)

    monkeypatch.setattr(services, "_logged_as", not_committed_yet)
    second = alice_api.post("/touches", body)
    assert missed == [CLIENT_ID]
    assert second.status_code == 200, second.content
    assert second.json()["id"] == first.json()["id"]
    assert owned(Touch, alice).count() == 1


def test_the_same_client_id_of_two_users_is_two_touches(
    alice_api, bob_api, alice, bob, jane, frozen
):
    bobs = create_person(bob, "Bo Friend")
    mine = alice_api.post(
        "/touches", touch_body(jane, kind_id=kind(alice, "coffee").pk, client_id=CLIENT_ID)
    )
    theirs = bob_api.post(
        "/touches", touch_body(bobs, kind_id=kind(bob, "coffee").pk, client_id=CLIENT_ID)
    )
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert [p["display_name"] for p in theirs.json()["people"]] == ["Bo Friend"]


@pytest.mark.parametrize("bad", ["short", "has spaces in it", "x" * 65, "ünïcödé-id", "a/b/c/d/e"])
def test_a_client_id_not_of_its_form_is_a_field_error(alice_api, alice, jane, frozen, bad):
    answer = alice_api.post(
        "/touches", touch_body(jane, kind_id=kind(alice, "coffee").pk, client_id=bad)
    )
    assert "client_id" in errors_of(answer)
    assert owned(Touch, alice).count() == 0


def test_each_bad_field_is_named_and_nothing_is_logged(alice_api, alice, jane, frozen):
    coffee = kind(alice, "coffee").pk
    cases = [
        ({"kind_id": coffee}, "people"),
        (touch_body(kind_id=coffee), "people"),
        ({"people": [jane.pk]}, "kind_id"),
        (touch_body(jane, kind_id=0), "kind_id"),
        (touch_body(jane, kind_id=coffee + 100_000), "kind_id"),
        ({"people": [2**63], "kind_id": coffee}, "people.0"),
        (touch_body(jane, kind_id=coffee, date="2026-11-26"), "date"),
        (touch_body(jane, kind_id=coffee, date="1899-12-31"), "date"),
        (touch_body(jane, kind_id=coffee, date="not a day"), "date"),
        (touch_body(jane, kind_id=coffee, date=0), "date"),
        ({"people": [str(jane.pk)], "kind_id": coffee}, "people.0"),
        (touch_body(jane, kind_id=coffee, note="x" * 5001), "note"),
        (touch_body(jane, kind_id=coffee, note="a\x00b"), "note"),
        (touch_body(jane, kind_id=coffee, follow_up="x" * 301), "follow_up"),
        (
            touch_body(jane, kind_id=coffee, follow_up="call", follow_up_due="2040-01-01"),
            "follow_up_due",
        ),
    ]
    for body, field in cases:
        answer = alice_api.post("/touches", body)
        assert field in errors_of(answer), (body, answer.json())
    missing = alice_api.post("/touches", touch_body(jane, kind_id=coffee) | {"people": [999_999]})
    assert errors_of(missing) == {"people": "You have no person with the id 999999."}
    assert owned(Touch, alice).count() == 0
    assert owned(FollowUp, alice).count() == 0


def test_bobs_ids_in_a_body_are_unknown_and_nothing_is_logged(
    alice_api, bob_api, alice, bob, jane, frozen
):
    """Another user's person or kind reads as one that does not exist: the
    same message as for a made-up id, nothing of theirs named."""
    bobs = create_person(bob, "Bo Friend")
    bobs_coffee = kind(bob, "coffee")
    asked = [
        (alice_api, touch_body(jane, bobs, kind_id=kind(alice, "coffee").pk), "people"),
        (alice_api, touch_body(jane, kind_id=bobs_coffee.pk), "kind_id"),
        (bob_api, touch_body(jane, kind_id=bobs_coffee.pk), "people"),
    ]
    for api, body, field in asked:
        answer = api.post("/touches", body)
        errors = errors_of(answer)
        assert list(errors) == [field]
        assert "You have no" in errors[field]
        assert "Jane" not in answer.content.decode()
        assert "Bo Friend" not in answer.content.decode()
    assert owned(Touch, alice).count() == 0
    assert owned(Touch, bob).count() == 0
    follow_up = bob_api.post(
        "/follow-ups", {"person_id": jane.pk, "text": "call", "due": "2026-12-01"}
    )
    assert list(errors_of(follow_up)) == ["person_id"]
    assert bob_api.get("/touches", {"person": jane.pk}).status_code == 422
    assert owned(FollowUp, alice).count() == owned(FollowUp, bob).count() == 0


@pytest.fixture
def log_of(alice, jane, sam):
    """Seven touches over November, two on one day: (date, kind, people)."""
    rows = [
        ("2026-11-01", "coffee", [jane]),
        ("2026-11-05", "lunch", [sam]),
        ("2026-11-10", "coffee", [jane, sam]),
        ("2026-11-10", "check-in call", [jane]),
        ("2026-11-15", "email or note", [sam]),
        ("2026-11-20", "coffee", [sam]),
        ("2026-11-24", "lunch", [jane]),
    ]
    return [
        log_touch(alice, people, kind(alice, label), date=dt.date.fromisoformat(day))
        for day, label, people in rows
    ]


def walk(api, params):
    seen, cursor = [], None
    while True:
        answer = api.get("/touches", {**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.content
        page = answer.json()
        assert len(page["items"]) <= params.get("limit", 50)
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


def test_the_log_is_newest_first_and_the_cursor_walks_every_touch_once(
    alice_api, alice, jane, frozen, log_of
):
    newest_first = [t.pk for t in sorted(log_of, key=lambda t: (t.date, t.pk), reverse=True)]
    assert [t["id"] for t in walk(alice_api, {})] == newest_first
    assert [t["id"] for t in walk(alice_api, {"limit": 2})] == newest_first
    first = alice_api.get("/touches", {"limit": 3}).json()
    log_touch(alice, [jane], kind(alice, "coffee"), date=TODAY)  # before the cursor
    rest = walk(alice_api, {"limit": 3, "cursor": first["next_cursor"]})
    assert [t["id"] for t in first["items"] + rest] == newest_first


def test_the_log_is_filtered_by_person_kind_and_days(alice_api, alice, jane, sam, frozen, log_of):
    def dates(**params):
        return [(t["date"], t["kind"]) for t in walk(alice_api, {"limit": 2, **params})]

    assert dates(person=jane.pk) == [
        ("2026-11-24", "lunch"),
        ("2026-11-10", "check-in call"),
        ("2026-11-10", "coffee"),
        ("2026-11-01", "coffee"),
    ]
    assert dates(kind=kind(alice, "coffee").pk, person=sam.pk) == [
        ("2026-11-20", "coffee"),
        ("2026-11-10", "coffee"),
    ]
    assert dates(since="2026-11-10", until="2026-11-15") == [
        ("2026-11-15", "email or note"),
        ("2026-11-10", "check-in call"),
        ("2026-11-10", "coffee"),
    ]
    assert dates(since="2026-11-25") == []
    assert list(errors_of(alice_api.get("/touches", {"person": 999_999}))) == ["person"]
    assert list(errors_of(alice_api.get("/touches", {"kind": 999_999}))) == ["kind"]
    backwards = alice_api.get("/touches", {"since": "2026-11-15", "until": "2026-11-10"})
    assert list(errors_of(backwards)) == ["until"]
    assert list(errors_of(alice_api.get("/touches", {"since": "someday"}))) == ["since"]
    cursor = alice_api.get("/touches", {"limit": 1}).json()["next_cursor"]
    other = alice_api.get("/follow-ups", {"cursor": cursor})
    assert other.status_code == 400
    assert other.json()["errors"][0]["field"] == "cursor"


def test_a_touch_is_changed_with_if_match_and_deleted(alice_api, alice, jane, sam, frozen):
    touch = log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    add_follow_up(alice, jane, "send the article", TODAY, touch=touch)
    read = alice_api.get(f"/touches/{touch.pk}")
    tag = read["ETag"]
    changed = alice_api.patch(
        f"/touches/{touch.pk}",
        {"people": [sam.pk], "kind_id": kind(alice, "lunch").pk, "date": "2026-11-22"},
        **{"If-Match": tag},
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert ([p["id"] for p in body["people"]], body["kind"], body["date"]) == (
        [sam.pk],
        "lunch",
        "2026-11-22",
    )
    assert body["note"] == ""
    assert changed["ETag"] != tag
    jane.refresh_from_db()
    sam.refresh_from_db()
    assert (jane.last_touch_on, sam.last_touch_on) == (None, dt.date(2026, 11, 22))
    stale = alice_api.patch(f"/touches/{touch.pk}", {"note": "late"}, **{"If-Match": tag})
    assert stale.status_code == 412
    assert stale["ETag"] == changed["ETag"]
    refused = alice_api.patch(f"/touches/{touch.pk}", {"date": "2026-11-30"})
    assert list(errors_of(refused)) == ["date"]
    assert list(errors_of(alice_api.patch(f"/touches/{touch.pk}", {"people": []}))) == ["people"]
    assert list(errors_of(alice_api.patch(f"/touches/{touch.pk}", [None, None]))) == ["body"]
    touch.refresh_from_db()
    assert (touch.note, touch.date) == ("", dt.date(2026, 11, 22))

    assert alice_api.delete(f"/touches/{touch.pk}", **{"If-Match": tag}).status_code == 412
    assert alice_api.delete(f"/touches/{touch.pk}").status_code == 204
    assert alice_api.get(f"/touches/{touch.pk}").status_code == 404
    sam.refresh_from_db()
    assert sam.last_touch_on is None
    assert owned(FollowUp, alice).get().touch is None  # the promise stays


def test_a_follow_up_is_added_changed_done_reopened_and_deleted(
    alice_api, alice, jane, sam, frozen
):
    made = alice_api.post(
        "/follow-ups", {"person_id": jane.pk, "text": " send the article ", "due": "2026-11-28"}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    path = f"/follow-ups/{body['id']}"
    assert made["Location"] == "/api/v1" + path
    assert (body["person"], body["text"], body["status"]) == (
        "Jane Doe",
        "send the article",
        "upcoming",
    )
    assert [f["id"] for f in alice_api.get("/follow-ups").json()["items"]] == [body["id"]]

    tag = alice_api.get(path)["ETag"]
    changed = alice_api.patch(
        path, {"person_id": sam.pk, "due": "2026-11-25"}, **{"If-Match": tag}
    ).json()
    assert (changed["person"], changed["text"], changed["status"]) == (
        "Sam Lee",
        "send the article",
        "due",
    )
    assert alice_api.patch(path, {"text": "late"}, **{"If-Match": tag}).status_code == 412

    done = alice_api.post(f"{path}/done")
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["done_at"] is not None
    assert alice_api.get("/follow-ups").json()["items"] == []
    assert [f["id"] for f in alice_api.get("/follow-ups", {"state": "done"}).json()["items"]] == [
        body["id"]
    ]
    reopened = alice_api.post(f"{path}/reopen").json()
    assert (reopened["status"], reopened["done_at"]) == ("due", None)

    assert alice_api.delete(path).status_code == 204
    assert alice_api.get(path).status_code == 404
    assert owned(FollowUp, alice).count() == 0


def test_follow_ups_are_listed_by_state_and_person(alice_api, alice, jane, sam, frozen):
    late = add_follow_up(alice, jane, "late", TODAY - dt.timedelta(days=3))
    today = add_follow_up(alice, sam, "today", TODAY)
    soon = add_follow_up(alice, jane, "soon", TODAY + dt.timedelta(days=2))
    later = add_follow_up(alice, sam, "later", TODAY + dt.timedelta(days=9))
    last_done = add_follow_up(alice, sam, "done last", TODAY)
    gone = add_follow_up(alice, jane, "gone", TODAY)
    services.complete_follow_up(gone)
    frozen.shift(dt.timedelta(hours=1))
    services.complete_follow_up(last_done)

    def ids(**params):
        seen, cursor = [], None
        while True:
            query = {"limit": 1, **params, **({"cursor": cursor} if cursor else {})}
            page = alice_api.get("/follow-ups", query).json()
            seen += [f["id"] for f in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                return seen

    assert ids() == [late.pk, today.pk, soon.pk, later.pk]
    assert ids(state="overdue") == [late.pk]
    assert ids(state="due") == [today.pk]
    assert ids(state="upcoming") == [soon.pk, later.pk]
    assert ids(state="done") == [last_done.pk, gone.pk]  # the last done first
    assert ids(state="all") == [late.pk, today.pk, last_done.pk, gone.pk, soon.pk, later.pk]
    assert ids(person=jane.pk) == [late.pk, soon.pk]
    assert ids(state="all", person=sam.pk) == [today.pk, last_done.pk, later.pk]
    assert list(errors_of(alice_api.get("/follow-ups", {"state": "someday"}))) == ["state"]


def test_a_follow_up_names_its_bad_fields_and_keeps_what_it_said(alice_api, alice, jane, frozen):
    cases = [
        ({"person_id": jane.pk, "text": "   ", "due": "2026-12-01"}, "text"),
        ({"person_id": jane.pk, "text": "x" * 301, "due": "2026-12-01"}, "text"),
        ({"person_id": jane.pk, "text": "call", "due": "2037-01-01"}, "due"),
        ({"person_id": jane.pk, "text": "call"}, "due"),
        ({"person_id": 999_999, "text": "call", "due": "2026-12-01"}, "person_id"),
    ]
    for body, field in cases:
        assert field in errors_of(alice_api.post("/follow-ups", body)), body
    follow_up = add_follow_up(alice, jane, "send the article", TODAY)
    for body, field in [({"text": " "}, "text"), ({"due": "1800-01-01"}, "due")]:
        assert field in errors_of(alice_api.patch(f"/follow-ups/{follow_up.pk}", body)), body
    follow_up.refresh_from_db()
    assert (follow_up.text, follow_up.due) == ("send the article", TODAY)
    assert owned(FollowUp, alice).count() == 1


def test_kinds_circles_and_tags_are_the_owners_with_their_counts(
    alice_api, alice, bob, jane, sam, frozen
):
    create_person(bob, "Bo Friend", tags=["school", "bobs own"])
    create_person(alice, "Ana Roe", tags=["school", "climbing"])
    kinds = [k["label"] for k in alice_api.get("/kinds", {"limit": 200}).json()["items"]]
    assert kinds == [k.label for k in owned(TouchKind, alice)]
    coffee = next(
        k for k in alice_api.get("/kinds", {"limit": 200}).json()["items"] if k["label"] == "coffee"
    )
    assert coffee["id"] == kind(alice, "coffee").pk
    assert coffee["channel"] == "in_person"
    assert coffee["minutes"] > 0
    paged, cursor = [], None
    while True:
        page = alice_api.get("/kinds", {"limit": 2, **({"cursor": cursor} if cursor else {})})
        paged += [k["label"] for k in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert paged == kinds

    circles = alice_api.get("/circles").json()["items"]
    assert [(c["name"], c["touches_per_year"], c["people_count"]) for c in circles] == [
        ("Close", 12, 0),
        ("Core", 7, 3),
        ("Wide", 3, 0),
    ]
    assert [c["id"] for c in circles] == list(owned(Circle, alice).values_list("pk", flat=True))
    tags = alice_api.get("/tags").json()["items"]
    assert [(t["name"], t["people_count"]) for t in tags] == [("climbing", 1), ("school", 2)]
    assert [t["name"] for t in alice_api.get("/tags", {"limit": 1}).json()["items"]] == ["climbing"]


def test_a_page_of_touches_takes_the_same_queries_for_many_touches(
    alice_api, alice, jane, sam, frozen
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert alice_api.get("/touches").status_code == 200
        return len(seen)

    coffee = kind(alice, "coffee")
    touch = log_touch(alice, [jane, sam], coffee, follow_up="call")
    queries_for_a_page()  # the token's first use is noted once
    few = queries_for_a_page()
    for n in range(12):
        touch = log_touch(alice, [jane, sam], coffee, follow_up=f"call {n}")
    assert touch.follow_ups.count() == 2
    assert queries_for_a_page() == few
