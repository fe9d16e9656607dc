"""Settings: the profile form, the circles and touch-kind formsets, ownership."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.accounts.models import Profile
from keepwarm.contacts.models import Circle
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import log_touch
from tests.conftest import kind

# The profile ---------------------------------------------------------------------


def profile_data(**changes):
    data = {
        "email": "alice@example.org",
        "weekly_budget_minutes": "90",
        "week_start": "6",
        "home_city": "Hamburg",
        "region": "hh",
        "country": "DE",
        "time_zone": "Europe/Berlin",
    }
    return {**data, **changes}


def test_the_settings_page_shows_profile_circles_and_kinds(alice_client):
    page = alice_client.get(reverse("settings")).content.decode()
    assert 'name="weekly_budget_minutes"' in page and 'value="60"' in page
    assert '<option value="DE" selected>Germany (DE)</option>' in page
    assert '<option value="Europe/Berlin" selected>Europe/Berlin</option>' in page
    assert reverse("password_change") in page
    assert reverse("circles") in page and reverse("kinds") in page
    assert "birthday greeting" in page


def test_saving_the_profile(alice_client, alice):
    response = alice_client.post(reverse("settings"), profile_data(), follow=True)
    assert response.redirect_chain == [(reverse("settings"), 302)]
    assert "Settings saved." in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.weekly_budget_minutes, profile.week_start, profile.home_city) == (
        90,
        6,
        "Hamburg",
    )
    assert (profile.region, profile.country, profile.time_zone) == ("HH", "DE", "Europe/Berlin")


def test_a_new_time_zone_applies_to_the_next_page(alice_client, frozen):
    alice_client.post(reverse("settings"), profile_data(time_zone="Pacific/Auckland"))
    # 10:00 UTC is 23:00 in Auckland
    assert "Good evening" in alice_client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weekly_budget_minutes": "-5"}, "greater than or equal to 0"),
        ({"weekly_budget_minutes": "99999"}, "less than or equal to 2400"),
        ({"weekly_budget_minutes": "abc"}, "Enter a whole number."),
        ({"weekly_budget_minutes": "1.5"}, "Enter a whole number."),
        ({"weekly_budget_minutes": ""}, "This field is required."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"time_zone": ""}, "This field is required."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"country": "de"}, "Select a valid choice."),
        ({"week_start": "3"}, "Select a valid choice."),
        ({"home_city": "x" * 121}, "at most 120 characters"),
        ({"region": "x" * 21}, "at most 20 characters"),
    ],
)
def test_bad_profile_values_are_shown_back(alice_client, alice, changes, message):
    response = alice_client.post(reverse("settings"), profile_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.weekly_budget_minutes, profile.home_city) == (60, "")


# The account's email -------------------------------------------------------------


def test_the_email_is_in_the_settings_form(alice_client):
    page = alice_client.get(reverse("settings")).content.decode()
    assert 'type="email" name="email" value="alice@example.org"' in page


@pytest.mark.parametrize("email", ["alice.new@example.com", ""])
def test_changing_the_email(alice_client, alice, email):
    response = alice_client.post(reverse("settings"), profile_data(email=f"  {email} "))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == email
    assert Profile.objects.get(user=alice).weekly_budget_minutes == 90


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "Enter a valid email address."),
        ("alice@", "Enter a valid email address."),
        ("alice@example", "Enter a valid email address."),
        ("two@example.org, three@example.org", "Enter a valid email address."),
        ("x" * 250 + "@example.org", "at most 254 characters"),
        ("bob@example.org", "Another account uses this email."),
        ("BOB@Example.ORG", "Another account uses this email."),
    ],
)
def test_bad_or_taken_emails_are_shown_back(alice_client, alice, bob, email, message):
    response = alice_client.post(reverse("settings"), profile_data(email=email))
    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert Profile.objects.get(user=alice).weekly_budget_minutes == 60


def test_the_demo_account_keeps_its_email(client, db):
    from keepwarm.accounts.services import create_user

    demo = create_user("demo", None, is_demo=True)
    client.force_login(demo)
    page = client.get(reverse("settings")).content.decode()
    assert 'name="email"' in page and "disabled" in page
    response = client.post(reverse("settings"), profile_data(email="spam@example.com"))
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.email == ""


# Circles -------------------------------------------------------------------------


def circles(user):
    return list(owned(Circle, user).order_by("position"))


def formset_data(prefix, rows, initial):
    """POST data for a formset: ``rows`` are dicts of field values (with ``id`` for
    existing rows)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is False:
                continue
            data[f"{prefix}-{index}-{name}"] = "on" if value is True else value
    return data


def circle_rows(user, **changes_by_name):
    rows = []
    for circle in circles(user):
        row = {
            "id": str(circle.pk),
            "name": circle.name,
            "touches_per_year": str(circle.touches_per_year),
            "is_default": circle.is_default,
        }
        rows.append({**row, **changes_by_name.get(circle.name, {})})
    return rows


def circles_data(rows, initial, default=None):
    """Formset data for circles: the default is one radio across the rows, its
    value the chosen row's prefix (``default`` overrides it, e.g. a forged value)."""
    rows = [dict(row) for row in rows]
    chosen = [index for index, row in enumerate(rows) if row.pop("is_default", False)]
    data = formset_data("circles", rows, initial)
    if default is not None or chosen:
        data["circles-default"] = default if default is not None else f"circles-{chosen[-1]}"
    return data


def post_circles(client, user, *, extra=(), default=None, **changes_by_name):
    rows = circle_rows(user, **changes_by_name)
    data = circles_data([*rows, *extra], initial=len(rows), default=default)
    return client.post(reverse("circles"), data)


def test_the_circles_page_lists_the_circles(alice_client):
    page = alice_client.get(reverse("circles")).content.decode()
    assert 'value="Close"' in page and 'value="Core"' in page and 'value="Wide"' in page
    assert 'data-formset-template="circles"' in page


def test_renaming_retargeting_and_adding_circles(alice_client, alice):
    new = {"name": "Family", "touches_per_year": "24", "is_default": False}
    response = post_circles(
        alice_client, alice, extra=[new], Wide={"name": "Outer", "touches_per_year": "2"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("circles")
    assert [(c.name, c.touches_per_year) for c in circles(alice)] == [
        ("Close", 12),
        ("Core", 7),
        ("Outer", 2),
        ("Family", 24),
    ]


def test_moving_the_default(alice_client, alice):
    post_circles(alice_client, alice, Core={"is_default": False}, Close={"is_default": True})
    assert owned(Circle, alice).get(is_default=True).name == "Close"


def test_the_default_is_one_radio_across_the_circles(alice_client, alice):
    page = alice_client.get(reverse("circles")).content.decode()
    core = owned(Circle, alice).get(name="Core")
    radios = re.findall(r'<input type="radio" name="circles-default"[^>]*>', page)
    assert len(radios) == 4  # three circles and the "add a circle" template row
    assert [r for r in radios if "checked" in r] == [
        '<input type="radio" name="circles-default" value="circles-1" '
        'id="id_circles-1-is_default" checked>'
    ]
    assert 'value="circles-__prefix__"' in page
    assert core.position == 1


def test_a_new_circle_can_be_the_default(alice_client, alice):
    new = {"name": "Family", "touches_per_year": "24", "is_default": True}
    response = post_circles(alice_client, alice, extra=[new], Core={"is_default": False})
    assert response.status_code == 302
    assert owned(Circle, alice).get(is_default=True).name == "Family"


def test_deleting_an_empty_circle(alice_client, alice):
    post_circles(alice_client, alice, Wide={"DELETE": True})
    assert [c.name for c in circles(alice)] == ["Close", "Core"]


def test_a_circle_with_people_cannot_be_deleted(alice_client, alice):
    wide = owned(Circle, alice).get(name="Wide")
    create_person(alice, "Jane Doe", circle=wide)
    create_person(alice, "Omar Haddad", circle=wide)
    response = post_circles(alice_client, alice, Wide={"DELETE": True})
    assert response.status_code == 200
    assert "2 people are in “Wide”: move them to another circle" in response.content.decode()
    assert len(circles(alice)) == 3


@pytest.mark.parametrize(
    ("changes", "extra", "message"),
    [
        ({"Wide": {"name": "core"}}, [], "Another circle has this name."),
        ({}, [{"name": "Close", "touches_per_year": "1"}], "Another circle has this name."),
        ({"default": "circles-9"}, [], "Choose one circle as the default"),
        ({"default": "nonsense"}, [], "Choose one circle as the default"),
        ({"Core": {"is_default": False}}, [], "Choose one circle as the default"),
        ({"Core": {"DELETE": True}}, [], "Choose one circle as the default"),
        ({"Wide": {"name": ""}}, [], "This field is required."),
        ({"Wide": {"name": "x" * 61}}, [], "at most 60 characters"),
        ({"Wide": {"touches_per_year": "366"}}, [], "less than or equal to 365"),
        ({"Wide": {"touches_per_year": "-1"}}, [], "greater than or equal to 0"),
        ({"Wide": {"touches_per_year": "many"}}, [], "Enter a whole number."),
        ({"Wide": {"id": "999999"}}, [], "This circle no longer exists"),
        ({"Wide": {"id": "abc"}}, [], "This circle no longer exists"),
        (
            {"Close": {"DELETE": True}, "Core": {"DELETE": True}, "Wide": {"DELETE": True}},
            [],
            "Keep at least one circle.",
        ),
    ],
)
def test_bad_circles_are_shown_back(alice_client, alice, changes, extra, message):
    before = [(c.name, c.touches_per_year, c.is_default) for c in circles(alice)]
    changes = dict(changes)
    default = changes.pop("default", None)
    response = post_circles(alice_client, alice, extra=extra, default=default, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert [(c.name, c.touches_per_year, c.is_default) for c in circles(alice)] == before


def test_a_tampered_management_form_is_an_error_not_a_crash(alice_client, alice):
    response = alice_client.post(reverse("circles"), {"circles-0-name": "x"})
    assert response.status_code == 200
    assert "ManagementForm data is missing" in response.content.decode()


def test_bob_cannot_edit_or_delete_alices_circles_by_id(bob_client, alice, bob):
    alices = [(c.pk, c.name, c.touches_per_year) for c in circles(alice)]
    wide = owned(Circle, alice).get(name="Wide")
    rows = circle_rows(bob, Wide={"id": str(wide.pk), "name": "Hacked"})
    response = bob_client.post(reverse("circles"), circles_data(rows, len(rows)))
    assert response.status_code == 200
    assert "This circle no longer exists" in response.content.decode()
    rows = circle_rows(bob, Wide={"id": str(wide.pk), "DELETE": True})
    bob_client.post(reverse("circles"), circles_data(rows, len(rows)))
    rows = [*circle_rows(bob), {"id": str(wide.pk), "name": "Mine", "touches_per_year": "1"}]
    response = bob_client.post(reverse("circles"), circles_data(rows, len(rows) - 1))
    assert "This circle no longer exists" in response.content.decode()
    assert [(c.pk, c.name, c.touches_per_year) for c in circles(alice)] == alices
    assert [c.name for c in circles(bob)] == ["Close", "Core", "Wide"]


# Touch kinds ---------------------------------------------------------------------


def kind_rows(user, **changes_by_label):
    rows = []
    for item in owned(TouchKind, user).order_by("position"):
        row = {
            "id": str(item.pk),
            "label": item.label,
            "minutes": str(item.minutes),
            "channel": item.channel,
            "needs": item.needs,
            "occasion": item.occasion,
            "warmth_weight": str(item.warmth_weight),
            "batchable": item.batchable,
            "setup_minutes": str(item.setup_minutes),
        }
        rows.append({**row, **changes_by_label.get(item.label, {})})
    return rows


def post_kinds(client, user, *, extra=(), **changes_by_label):
    rows = kind_rows(user, **changes_by_label)
    return client.post(reverse("kinds"), formset_data("kinds", [*rows, *extra], len(rows)))


def test_the_kinds_page_lists_the_catalogue(alice_client):
    page = alice_client.get(reverse("kinds")).content.decode()
    assert 'value="holiday card"' in page and 'value="check-in call"' in page


def test_editing_and_adding_kinds(alice_client, alice):
    new = {
        "label": "video call",
        "minutes": "30",
        "channel": "digital",
        "needs": "email",
        "occasion": "congratulate",
        "warmth_weight": "2.5",
        "batchable": False,
    }
    response = post_kinds(
        alice_client, alice, extra=[new], coffee={"minutes": "45", "warmth_weight": "4"}
    )
    assert response.status_code == 302
    coffee = kind(alice, "coffee")
    assert (coffee.minutes, str(coffee.warmth_weight)) == (45, "4.0")
    video = kind(alice, "video call")
    assert (video.minutes, video.channel, video.needs) == (30, "digital", "email")
    assert video.occasion == "congratulate"
    assert kind(alice, "birthday greeting").occasion == "birthday"
    assert video.position > coffee.position


def test_deleting_an_unused_kind(alice_client, alice):
    post_kinds(alice_client, alice, meeting={"DELETE": True})
    assert not owned(TouchKind, alice).filter(label="meeting").exists()


def test_a_kind_in_use_cannot_be_deleted(alice_client, alice, jane):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 1, 5))
    response = post_kinds(alice_client, alice, coffee={"DELETE": True})
    assert response.status_code == 200
    assert "“coffee” is used by 1 touch, so it cannot be deleted." in response.content.decode()
    assert owned(TouchKind, alice).filter(label="coffee").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": "Lunch"}, "Another touch kind has this name."),
        ({"label": ""}, "This field is required."),
        ({"label": "x" * 61}, "at most 60 characters"),
        ({"minutes": "0"}, "greater than or equal to 1"),
        ({"minutes": "601"}, "less than or equal to 600"),
        ({"minutes": "ten"}, "Enter a whole number."),
        ({"channel": "pigeon"}, "Select a valid choice."),
        ({"needs": "telepathy"}, "Select a valid choice."),
        ({"warmth_weight": "11"}, "less than or equal to 10"),
        ({"warmth_weight": "-1"}, "greater than or equal to 0"),
        ({"warmth_weight": "2.25"}, "no more than 1 decimal place"),
        ({"warmth_weight": "warm"}, "Enter a number."),
        ({"id": "999999"}, "This touch kind no longer exists"),
    ],
)
def test_bad_kinds_are_shown_back(alice_client, alice, changes, message):
    before = list(owned(TouchKind, alice).values())
    response = post_kinds(alice_client, alice, coffee=changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(owned(TouchKind, alice).values()) == before


def test_bob_cannot_edit_or_delete_alices_kinds_by_id(bob_client, alice, bob):
    before = list(owned(TouchKind, alice).values())
    alices_coffee = kind(alice, "coffee")
    response = post_kinds(bob_client, bob, coffee={"id": str(alices_coffee.pk), "minutes": "1"})
    assert response.status_code == 200
    assert "This touch kind no longer exists" in response.content.decode()
    post_kinds(bob_client, bob, coffee={"id": str(alices_coffee.pk), "DELETE": True})
    assert list(owned(TouchKind, alice).values()) == before


def test_settings_pages_need_login(client, alice):
    for name in ("settings", "circles", "kinds"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_bob_cannot_edit_or_delete_alices_circles_and_kinds_through_his_formsets(
    bob_client, bob, alice
):
    alice_circle = circles(alice)[0]
    alice_kind = kind(alice, "coffee")
    rows = circle_rows(bob)
    rows[0] = {**rows[0], "id": str(alice_circle.pk), "name": "Hijacked", "DELETE": True}
    response = bob_client.post(reverse("circles"), circles_data(rows, initial=len(rows)))
    assert response.status_code in (200, 302)
    kinds = kind_rows(bob)
    kinds[0] = {**kinds[0], "id": str(alice_kind.pk), "label": "Hijacked", "DELETE": True}
    response = bob_client.post(reverse("kinds"), formset_data("kinds", kinds, len(kinds)))
    assert response.status_code in (200, 302)
    alice_circle.refresh_from_db()
    alice_kind.refresh_from_db()
    assert alice_circle.name != "Hijacked" and alice_kind.label == "coffee"
    assert circles(alice)[0].pk == alice_circle.pk
