"""The calendar feed at its secret address: what alice's feed holds (and never
bob's), wrong and revoked tokens, making a new address, and the card that shows
it. The clock is frozen at 2026-11-25 (Wednesday)."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from keepwarm.contacts.models import KeyDate
from keepwarm.contacts.services import create_person
from keepwarm.formats import ical
from keepwarm.mail.models import ReminderSettings, settings_of
from keepwarm.reminders import feeds
from keepwarm.touches.services import add_follow_up, complete_follow_up

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def network(alice, bob, jane, frozen):
    """Alice's and bob's people: birthdays (one on 29 February), a key date,
    the deceased and the archived, open and done follow-ups."""
    jane.birthday_month, jane.birthday_day, jane.birthday_year = 2, 29, 1988
    jane.save()
    KeyDate.objects.create(owner=alice, person=jane, label="wedding anniversary", month=6, day=12)
    create_person(alice, "Omar Haddad", birthday_month=12, birthday_day=3)
    create_person(
        alice,
        "Grandpa Joe",
        birthday_month=12,
        birthday_day=10,
        deceased=True,
        deceased_on=dt.date(2025, 3, 1),
    )
    create_person(alice, "Old Colleague", birthday_month=12, birthday_day=11, archived=True)
    add_follow_up(alice, jane, "send the article", dt.date(2026, 12, 1))
    complete_follow_up(add_follow_up(alice, jane, "return the book", dt.date(2026, 11, 20)))
    secret = create_person(bob, "Bobs Secret Friend", birthday_month=12, birthday_day=5)
    KeyDate.objects.create(owner=bob, person=secret, label="bobs key date", month=7, day=1)
    add_follow_up(bob, secret, "bobs private promise", dt.date(2026, 12, 2))
    return {"jane": jane, "secret": secret}


def feed_url(user) -> str:
    return reverse("calendar_feed", args=[settings_of(user).calendar_token])


def fetch(user, client=None):
    response = (client or Client()).get(feed_url(user))
    assert response.status_code == 200
    return response


def without_csrf(body: bytes) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", body.decode())


def events_of(response) -> dict[str, ical.Event]:
    return {event.uid: event for event in ical.parse(response.content)}


# What the feed holds -------------------------------------------------------------


def test_the_feed_is_a_calendar_anyone_with_the_address_can_fetch(network):
    response = fetch(network["jane"].owner)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert not response.cookies  # no session, no CSRF cookie
    calendar_ = icalendar.Calendar.from_ical(response.content)
    assert calendar_["X-WR-CALNAME"] == "keepwarm: alice"


def test_birthdays_and_key_dates_repeat_yearly(network):
    jane = network["jane"]
    events = events_of(fetch(jane.owner))
    birthday = events[f"birthday-{jane.pk}@keepwarm"]
    assert birthday.summary == "Jane Doe's birthday"
    assert birthday.day == dt.date(1988, 2, 29) and birthday.yearly
    assert birthday.url == f"http://127.0.0.1:8000/people/{jane.pk}/"
    key_date = next(e for e in events.values() if e.uid.startswith("keydate-"))
    assert key_date.summary == "Jane Doe: wedding anniversary"
    assert key_date.day == dt.date(feeds.UNKNOWN_YEAR, 6, 12) and key_date.yearly


@pytest.mark.parametrize(
    ("year", "day"), [(2027, dt.date(2027, 2, 28)), (2028, dt.date(2028, 2, 29))]
)
def test_a_29_february_birthday_shows_on_the_last_day_of_february(network, year, day):
    parsed = icalendar.Calendar.from_ical(fetch(network["jane"].owner).content)
    found = recurring_ical_events.of(parsed).between(dt.date(year, 2, 1), dt.date(year, 3, 1))
    birthdays = [e["DTSTART"].dt for e in found if str(e["SUMMARY"]) == "Jane Doe's birthday"]
    assert birthdays == [day]


def test_the_deceased_and_the_archived_have_no_birthday_in_the_feed(network):
    summaries = [event.summary for event in events_of(fetch(network["jane"].owner)).values()]
    assert "Omar Haddad's birthday" in summaries
    assert not [s for s in summaries if "Grandpa Joe" in s or "Old Colleague" in s]


def test_open_follow_ups_appear_on_their_due_date_and_done_ones_do_not(network):
    events = events_of(fetch(network["jane"].owner))
    follow_ups = [e for e in events.values() if e.category == "Follow-up"]
    assert [(e.day, e.summary) for e in follow_ups] == [
        (dt.date(2026, 12, 1), "Follow-up: send the article (Jane Doe)")
    ]


def test_planned_touches_of_the_next_eight_weeks_appear_on_their_day(network):
    events = events_of(fetch(network["jane"].owner))
    planned = [e for e in events.values() if e.category == "Planned touch"]
    assert planned
    assert all(e.uid.startswith("plan-") and not e.yearly for e in planned)
    assert all(e.day < TODAY + dt.timedelta(weeks=8) for e in planned)
    assert any("Jane Doe" in e.summary for e in planned)
    assert any("Omar Haddad" in e.summary for e in planned)


def test_alices_feed_never_holds_bobs_people_and_bobs_never_alices(network, alice, bob):
    alices = fetch(alice).content.decode()
    bobs = fetch(bob).content.decode()
    for text in ("Bobs Secret Friend", "bobs key date", "bobs private promise"):
        assert text not in alices
        assert text in bobs
    for text in ("Jane Doe", "Omar Haddad", "send the article"):
        assert text not in bobs
    assert str(network["secret"].pk) not in re.findall(r"birthday-(\d+)@", alices)


def test_the_feed_is_the_same_bytes_on_every_fetch(network):
    user = network["jane"].owner
    assert fetch(user).content == fetch(user).content


def test_a_known_etag_gets_not_modified(network):
    user = network["jane"].owner
    etag = fetch(user)["ETag"]
    again = Client().get(feed_url(user), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content


def test_today_is_the_owners_local_date_whoever_asks(network, alice, bob):
    # 23:30 UTC: already 26 November in Berlin (alice), still the 25th in New York (bob).
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False):
        assert feeds.feed(alice)[0] == feeds.feed(alice, dt.date(2026, 11, 26))[0]
        assert feeds.feed(bob)[0] == feeds.feed(bob, dt.date(2026, 11, 25))[0]


# Wrong and revoked addresses -------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "x" * 32,
        "short",
        "a" * 65,
        "has spaces in it and more",
        "dots.and.more.dots.and.more",
        "%00" * 8,
        "ünïcödé-ünïcödé-ünïcödé",
    ],
)
def test_a_wrong_token_is_a_404_with_no_hint(network, token):
    response = Client().get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content
    assert "This page is not here" in response.content.decode()
    assert "calendar" not in response.content.decode().lower()


def test_a_token_of_a_deactivated_account_is_a_404(network, alice):
    url = feed_url(alice)
    get_user_model().objects.filter(pk=alice.pk).update(is_active=False)
    assert Client().get(url).status_code == 404


def test_posting_to_the_feed_is_refused(network, alice):
    assert Client().post(feed_url(alice)).status_code == 405


# A new address ---------------------------------------------------------------------


def test_a_new_address_revokes_the_old_one(network, alice, alice_client):
    old = feed_url(alice)
    response = alice_client.post(reverse("calendar_regenerate"))
    assert response.status_code == 302 and response["Location"] == reverse("reminders")
    new = feed_url(alice)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_the_old_and_a_wrong_address_answer_the_same(network, alice, alice_client):
    old = feed_url(alice)
    alice_client.post(reverse("calendar_regenerate"))
    revoked = Client().get(old)
    wrong = Client().get(reverse("calendar_feed", args=["y" * 32]))
    assert revoked.status_code == wrong.status_code == 404
    assert without_csrf(revoked.content) == without_csrf(wrong.content)


def test_a_new_address_says_so(network, alice_client):
    response = alice_client.post(reverse("calendar_regenerate"), follow=False)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("new address" in m and "old one no longer works" in m for m in messages)


def test_making_a_new_address_needs_a_post(network, alice, alice_client):
    token = settings_of(alice).calendar_token
    assert alice_client.get(reverse("calendar_regenerate")).status_code == 405
    assert settings_of(alice).calendar_token == token


def test_making_a_new_address_needs_a_login(network, alice):
    token = settings_of(alice).calendar_token
    response = Client().post(reverse("calendar_regenerate"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert settings_of(alice).calendar_token == token


def test_bob_making_a_new_address_leaves_alices_alone(network, alice, bob, bob_client):
    alices = settings_of(alice).calendar_token
    bobs = settings_of(bob).calendar_token
    bob_client.post(reverse("calendar_regenerate"))
    assert settings_of(alice).calendar_token == alices
    assert settings_of(bob).calendar_token != bobs
    assert ReminderSettings.objects.filter(calendar_token=alices).get().user == alice


# The address and the card ----------------------------------------------------------


def test_the_address_is_on_the_requests_host_or_the_configured_base(network, alice, rf, settings):
    settings.KEEPWARM_BASE_URL = "https://keepwarm.example.org"
    token = settings_of(alice).calendar_token
    request = rf.get("/", HTTP_HOST="127.0.0.1")
    assert feeds.feed_url(request, alice) == f"http://127.0.0.1/calendar/{token}.ics"
    assert feeds.feed_url(None, alice) == f"https://keepwarm.example.org/calendar/{token}.ics"


def test_event_links_use_the_configured_base_address(network, alice, settings):
    settings.KEEPWARM_BASE_URL = "https://keepwarm.example.org/kw"
    jane = network["jane"]
    birthday = events_of(fetch(alice))[f"birthday-{jane.pk}@keepwarm"]
    assert birthday.url == f"https://keepwarm.example.org/kw/people/{jane.pk}/"


def test_the_card_shows_the_address_a_copy_button_and_the_new_address_form(alice):
    url = "http://127.0.0.1:8000/calendar/abc.ics"
    html = render_to_string("web/reminders/_calendar.html", {"calendar_url": url})
    assert f'value="{url}"' in html and "readonly" in html
    assert 'data-copy-target="calendar-url"' in html
    assert "keepwarm/copy.js" in html
    assert f'action="{reverse("calendar_regenerate")}"' in html
    assert "Make a new address" in html and "stops working" in html
    for app in ("Google Calendar", "Apple Calendar", "Thunderbird"):
        assert app in html
    assert "<script>" not in html and "style=" not in html  # the CSP allows neither
