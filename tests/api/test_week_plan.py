"""The agenda, the plan and warmth through the API: the same items as the home
page, the same actions (done, skip, swap, snooze) through the same services,
an item not in the plan a 404. The clock is frozen at Wednesday 2026-11-25;
alice's week runs Mon 23 to Sun 29 Nov."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.api.week_plan import PlanOut
from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.plans import agenda, health, services
from keepwarm.plans.models import Choice
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import TODAY, kind

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def network(alice, jane, frozen):
    """Jane (Core, last coffee in June), Priya (birthday on Friday) and Omar
    (an email on Monday: nothing for him this week, 10 minutes spent)."""
    priya = create_person(
        alice, "Priya Raman", emails=["priya@example.com"], birthday_month=11, birthday_day=27
    )
    omar = create_person(alice, "Omar Haddad", phones=["+49 30 7654321"])
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 6, 10))
    log_touch(alice, [omar], kind(alice, "email or note"), date=dt.date(2026, 11, 23))
    return {"jane": jane, "priya": priya, "omar": omar}


def agenda_items(api):
    answer = api.get("/agenda")
    assert answer.status_code == 200, answer.content
    return answer.json()["items"]


def item_for(api, person, label=None):
    for item in agenda_items(api):
        ids = [p["id"] for p in item["people"]]
        if person.pk in ids and (label is None or item["kind"] == label):
            return item
    raise AssertionError(f"no item for {person} this week")


def state(user):
    people = Person.objects.filter(owner=user).order_by("pk")
    return (
        list(Touch.objects.filter(owner=user).values_list("pk", "note")),
        list(Choice.objects.filter(owner=user).values_list("item_id", "action", "kind_id")),
        list(people.values_list("paused_until", flat=True)),
    )


# The agenda ----------------------------------------------------------------------


def test_the_agenda_shows_the_home_pages_items_and_budget(alice_api, alice_client, network):
    answer = alice_api.get("/agenda").json()
    week = services.current(network["jane"].owner, TODAY).plan.weeks[0]
    assert (answer["today"], answer["week_start"], answer["week_end"]) == (
        "2026-11-25",
        "2026-11-23",
        "2026-11-29",
    )
    assert answer["budget_minutes"] == 60
    assert answer["spent_minutes"] == 10  # Omar's email on Monday
    assert answer["planned_minutes"] == week.planned_minutes
    assert answer["empty_reason"] == ""
    page = alice_client.get(reverse("home")).content.decode()
    shown = re.findall(r'name="item" value="([^"]+)"', page.split('id="agenda"')[1])
    assert [item["id"] for item in answer["items"]] == list(dict.fromkeys(shown))
    assert f"{answer['planned_minutes']} of 60 minutes planned" in page
    greeting = item_for(alice_api, network["priya"], "birthday greeting")
    assert greeting["date"] == "2026-11-27"
    assert greeting["people"] == [{"id": network["priya"].pk, "display_name": "Priya Raman"}]
    assert greeting["occasion"] == "birthday" and greeting["done_elsewhere"] == ""
    assert greeting["reason"] and greeting["minutes"] > 0
    assert all(set(swap) == {"id", "label"} for swap in greeting["swaps"])
    assert all(network["omar"].pk not in [p["id"] for p in i["people"]] for i in answer["items"])


def test_an_empty_agenda_says_why(alice_api, alice, frozen):
    answer = alice_api.get("/agenda").json()
    assert (answer["items"], answer["empty_reason"]) == ([], "nobody")


def test_done_logs_the_touch_and_the_item_leaves_the_agenda(alice_api, alice, network):
    item = item_for(alice_api, network["priya"], "birthday greeting")
    answer = alice_api.post(f"/agenda/{item['id']}/done", {"note": "sang on the phone"})
    assert answer.status_code == 201, answer.content
    touch = Touch.objects.get(owner=alice, kind__label="birthday greeting")
    assert (touch.date, touch.note) == (TODAY, "sang on the phone")
    assert list(touch.people.all()) == [network["priya"]]
    body = answer.json()
    assert body["id"] == touch.pk and body["date"] == "2026-11-25"
    assert body["people"] == [{"id": network["priya"].pk, "display_name": "Priya Raman"}]
    assert answer["Location"] == f"/api/v1/touches/{touch.pk}"
    assert item["id"] not in [i["id"] for i in agenda_items(alice_api)]
    again = alice_api.post(f"/agenda/{item['id']}/done")
    assert again.status_code == 404
    assert Touch.objects.filter(owner=alice, date=TODAY).count() == 1


def test_done_needs_no_body(alice_api, alice, network):
    item = item_for(alice_api, network["jane"])
    answer = alice_api.post(f"/agenda/{item['id']}/done")
    assert answer.status_code == 201, answer.content
    assert answer.json()["kind"] == item["kind"] and answer.json()["note"] == ""


def test_skip_drops_the_item_and_says_what_comes_of_it(alice_api, alice, network):
    item = item_for(alice_api, network["jane"])
    answer = alice_api.post(f"/agenda/{item['id']}/skip")
    assert answer.status_code == 200, answer.content
    assert answer.json()["item"]["id"] == item["id"]
    assert answer.json()["then"] == "The plan makes room for it another time."
    assert Choice.objects.get(owner=alice).item_id == item["id"]
    assert item["id"] not in [i["id"] for i in agenda_items(alice_api)]
    greeting = item_for(alice_api, network["priya"], "birthday greeting")
    then = alice_api.post(f"/agenda/{greeting['id']}/skip").json()["then"]
    assert then == "It is not planned again."
    assert not Touch.objects.filter(owner=alice, date=TODAY).exists()


def test_swap_does_the_item_as_another_kind(alice_api, alice, network):
    item = item_for(alice_api, network["jane"])
    label = "check-in call" if item["kind"] != "check-in call" else "email or note"
    other = kind(alice, label)
    assert {"id": other.pk, "label": label} in item["swaps"]
    answer = alice_api.post(f"/agenda/{item['id']}/swap", {"kind_id": other.pk})
    assert answer.status_code == 200, answer.content
    assert answer.json()["kind"] == {"id": other.pk, "label": label}
    assert item_for(alice_api, network["jane"])["kind"] == label


def test_snooze_pauses_the_items_people_until_the_day(alice_api, alice, network):
    item = item_for(alice_api, network["jane"])
    answer = alice_api.post(f"/agenda/{item['id']}/snooze", {"until": "2027-01-15"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["until"] == "2027-01-15"
    assert answer.json()["people"] == [{"id": network["jane"].pk, "display_name": "Jane Doe"}]
    assert Person.objects.get(pk=network["jane"].pk).paused_until == dt.date(2027, 1, 15)
    everyone = [p["id"] for i in agenda_items(alice_api) for p in i["people"]]
    assert network["jane"].pk not in everyone


BAD = [
    ("swap", {"kind_id": "LETTER"}, "kind_id", "That kind is not possible for this item."),
    ("swap", {"kind_id": "BOBS"}, "kind_id", "That kind is not possible for this item."),
    ("swap", {"kind_id": 0}, "kind_id", ""),
    ("swap", {"kind_id": 2**63}, "kind_id", ""),
    ("swap", {"kind_id": "12"}, "kind_id", ""),
    ("swap", {}, "kind_id", ""),
    ("snooze", {"until": "2026-11-25"}, "until", "Snooze until a day after today."),
    ("snooze", {"until": "2020-01-01"}, "until", "Snooze until a day after today."),
    ("snooze", {"until": "2040-01-01"}, "until", "Snooze for at most five years."),
    ("snooze", {"until": "2027-02-30"}, "until", "YYYY-MM-DD"),
    ("snooze", {"until": "next week"}, "until", "YYYY-MM-DD"),
    ("snooze", {"until": 1800000000}, "until", "YYYY-MM-DD"),
    ("snooze", {}, "until", ""),
    ("done", {"note": "x" * 5001}, "note", ""),
    ("done", {"note": "a\x00b"}, "note", "NUL"),
    ("done", {"note": 5}, "note", ""),
]


@pytest.mark.parametrize(("action", "body", "field", "message"), BAD)
def test_bad_values_are_a_problem_on_their_field_and_change_nothing(
    alice_api, alice, bob, network, action, body, field, message
):
    item = item_for(alice_api, network["jane"])
    values = {
        "LETTER": kind(alice, "holiday card").pk,  # Jane has no postal address
        "BOBS": kind(bob, "check-in call").pk,
    }
    body = {key: values.get(value, value) for key, value in body.items()}
    before = state(alice)
    answer = alice_api.post(f"/agenda/{item['id']}/{action}", body)
    assert answer.status_code == 422, answer.content
    assert answer["Content-Type"] == PROBLEM
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert message in errors[0]["message"]
    assert state(alice) == before


@pytest.mark.parametrize("action", ["done", "skip", "swap", "snooze"])
@pytest.mark.parametrize("item_id", ["r-999999-2026-11-23", "birthday-999999-2026", "x" * 300])
def test_an_item_not_in_the_plan_is_a_404(alice_api, alice, network, action, item_id):
    body = {"kind_id": kind(alice, "check-in call").pk, "until": "2026-12-09"}
    before = state(alice)
    answer = alice_api.post(f"/agenda/{item_id}/{action}", body)
    assert answer.status_code == 404, answer.content
    assert answer["Content-Type"] == PROBLEM
    assert "not in your plan" in answer.json()["detail"]
    assert state(alice) == before


@pytest.mark.parametrize("action", ["done", "skip", "swap", "snooze"])
def test_bob_cannot_act_on_alices_items(alice_api, bob_api, alice, bob, network, action):
    item = item_for(alice_api, network["jane"])
    swap = item["swaps"][0]["id"] if item["swaps"] else 1
    before, bobs = state(alice), state(bob)
    answer = bob_api.post(
        f"/agenda/{item['id']}/{action}", {"kind_id": swap, "until": "2026-12-09"}
    )
    assert answer.status_code == 404
    assert "Jane" not in answer.content.decode()
    assert state(alice) == before and state(bob) == bobs


def test_a_read_only_token_reads_the_agenda_and_changes_nothing(client, alice, network):
    from tests.api.calling import api_for

    reader = api_for(client, alice, scope="read", name="reader")
    item = item_for(reader, network["jane"])
    before = state(alice)
    assert reader.post(f"/agenda/{item['id']}/skip").status_code == 403
    assert state(alice) == before


# The plan ------------------------------------------------------------------------


def test_the_plan_gives_the_weeks_asked_as_the_plan_page(alice_api, alice, network):
    answer = alice_api.get("/plan", {"weeks": 4})
    assert answer.status_code == 200, answer.content
    plan = answer.json()
    year = agenda.year_ahead(alice, TODAY)
    assert [w["start"] for w in plan["weeks"]] == [w.start.isoformat() for w in year.weeks[:4]]
    assert plan["weeks"][0]["end"] == "2026-11-29"
    first = plan["weeks"][0]
    assert first["budget_minutes"] == 60 and first["spent_minutes"] == 10
    assert first["planned_minutes"] == sum(item["minutes"] for item in first["items"])
    assert [i["id"] for i in first["items"]] == [i.id for i in year.weeks[0].items]
    greeting = next(i for i in first["items"] if i["occasion"] == "birthday")
    assert greeting["people"] == [{"id": network["priya"].pk, "display_name": "Priya Raman"}]
    assert (plan["year_touches"], plan["year_minutes"]) == (year.touches, year.minutes)
    assert (plan["people"], plan["people_on_target"]) == (3, year.on_target)
    assert plan["weekly_budget_minutes"] == 60
    PlanOut.model_validate(plan, strict=False)  # the shape the document gives
    assert len(alice_api.get("/plan").json()["weeks"]) == 52
    figures = alice_api.get("/plan", {"weeks": 2, "items": "false"}).json()
    assert [w["planned_minutes"] for w in figures["weeks"]] == [
        w["planned_minutes"] for w in plan["weeks"][:2]
    ]
    assert all(w["items"] == [] for w in figures["weeks"])


@pytest.mark.parametrize("weeks", ["0", "53", "-1", "many", "1" * 30])
def test_a_bad_number_of_weeks_is_a_problem(alice_api, alice, frozen, weeks):
    answer = alice_api.get("/plan", {"weeks": weeks})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "weeks"


# Warmth --------------------------------------------------------------------------


def test_warmth_pages_through_the_network_as_the_planner_scores_it(alice_api, alice, network):
    archived = create_person(alice, "Old Friend")
    archived.archived = True
    archived.save()
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = alice_api.get("/warmth", params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    ids = sorted(p.pk for p in network.values())
    assert [row["person_id"] for row in seen] == ids
    expected = health.warmth_by_id(alice)
    for row in seen:
        assert row["warmth"] == expected[row["person_id"]]
        assert row["word"] in {"warm", "cooling", "cold"}
    jane = next(row for row in seen if row["person_id"] == network["jane"].pk)
    assert jane["warmth"] > 0


def test_warmth_of_some_people_only_and_never_of_anothers(alice_api, bob_api, alice, network):
    jane, omar = network["jane"].pk, network["omar"].pk
    rows = alice_api.get("/warmth", {"ids": [omar, jane]}).json()["items"]
    assert [row["person_id"] for row in rows] == sorted([jane, omar])
    assert bob_api.get("/warmth", {"ids": [jane]}).json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize(
    "params",
    [{"ids": "0"}, {"ids": "abc"}, {"ids": str(2**63)}, {"limit": "0"}, {"limit": "201"}],
)
def test_bad_warmth_queries_are_a_problem(alice_api, alice, frozen, params):
    answer = alice_api.get("/warmth", params)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].split(".")[0] == next(iter(params))


def test_a_persons_warmth_is_their_pages(alice_api, alice, network):
    jane = network["jane"]
    answer = alice_api.get(f"/people/{jane.pk}/warmth")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    found = health.person_warmth(alice, jane, TODAY)
    outlook = agenda.outlook(alice, jane.pk, TODAY)
    assert (body["warmth"], body["word"], body["year_ago"]) == (
        found.value,
        found.label,
        found.year_ago,
    )
    assert body["series"][-1] == {"week": "2026-11-25", "warmth": found.value}
    assert len(body["series"]) == len(found.series)
    assert (body["planned"], body["target"]) == (outlook.planned, outlook.target)
    assert [i["id"] for i in body["upcoming"]] == [i.id for i in outlook.upcoming]
    assert body["upcoming"][0]["people"][0] == {"id": jane.pk, "display_name": "Jane Doe"}


def test_the_archived_have_no_warmth_and_anothers_person_is_a_404(
    alice_api, bob_api, alice, network
):
    omar = network["omar"]
    omar.archived = True
    omar.save()
    body = alice_api.get(f"/people/{omar.pk}/warmth").json()
    assert (body["warmth"], body["word"], body["series"], body["upcoming"]) == (None, "", [], [])
    assert bob_api.get(f"/people/{omar.pk}/warmth").status_code == 404
