"""The reminder settings page: digest day and hour in the user's time zone, the
daily email, emails on or off; bad values re-show the form and change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keepwarm.mail.models import ReminderSettings, settings_of

URL = "/settings/reminders/"
GOOD = {"emails_on": "on", "digest_weekday": "4", "digest_hour": "18", "daily_email": "on"}


def test_the_url_is_named_reminders():
    assert reverse("reminders") == URL


def test_the_page_shows_the_defaults_in_the_users_time_zone(alice_client, frozen):
    response = alice_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "In your time zone, Europe/Berlin." in page
    assert "Monday 30 November" in page and "07:00" in page
    assert reverse("outbox") in page
    form = response.context["form"]
    assert (form["digest_weekday"].value(), form["digest_hour"].value()) == (0, 7)


def test_saving_changes_the_schedule(alice, alice_client, frozen):
    response = alice_client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == URL
    found = settings_of(alice)
    assert (found.digest_weekday, found.digest_hour, found.daily_email, found.emails_on) == (
        4,
        18,
        True,
        True,
    )
    page = alice_client.get(URL).content.decode()
    assert "Reminder settings saved." in page
    assert "Friday 27 November" in page and "18:00" in page


def test_turning_emails_off_says_no_digest_goes(alice, alice_client, frozen):
    alice_client.post(URL, {**GOOD, "emails_on": ""})
    assert not settings_of(alice).emails_on
    assert "Emails are off" in alice_client.get(URL).content.decode()


def test_an_account_without_email_is_warned(alice, alice_client, frozen):
    alice.email = ""
    alice.save()
    assert "has no email address" in alice_client.get(URL).content.decode()


def test_the_settings_page_links_here(alice_client):
    assert URL in alice_client.get(reverse("settings")).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("digest_weekday", "7", "Pick a day of the week"),
        ("digest_weekday", "-1", "Pick a day of the week"),
        ("digest_weekday", "monday", "Pick a day of the week"),
        ("digest_weekday", "1.5", "Pick a day of the week"),
        ("digest_weekday", "", "This field is required"),
        ("digest_weekday", "9" * 40, "Pick a day of the week"),
        ("digest_hour", "24", "Pick an hour"),
        ("digest_hour", "-1", "Pick an hour"),
        ("digest_hour", "7am", "Pick an hour"),
        ("digest_hour", "07:00", "Pick an hour"),
        ("digest_hour", "", "This field is required"),
        ("digest_hour", "\uff11", "Pick an hour"),  # a full-width digit one
    ],
)
def test_bad_values_reshow_the_form_and_change_nothing(
    alice, alice_client, frozen, field, value, message
):
    settings_of(alice)  # made on first use, with the defaults
    before = list(ReminderSettings.objects.filter(user=alice).values())
    response = alice_client.post(URL, {**GOOD, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert list(ReminderSettings.objects.filter(user=alice).values()) == before


def test_bob_changes_only_his_own_settings(alice, bob, bob_client, frozen):
    settings_of(alice)
    bob_client.post(URL, {**GOOD, "user": alice.pk, "id": settings_of(alice).pk})
    assert settings_of(alice).digest_weekday == 0
    assert settings_of(bob).digest_weekday == 4


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_calendar_card_is_on_the_page(alice, alice_client, frozen):
    page = alice_client.get(URL).content.decode()
    assert "Calendar feed" in page
    assert settings_of(alice).calendar_token in page
