"""Signed-in sessions (issue 15): each sign-in is listed in Settings (when,
last seen, the browser in plain words, the address), this one is marked, and
any other can be logged out, one at a time or all at once. A password change,
a reset and `keepwarm resetpassword` end the others too."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from keepwarm.accounts import browsers, sessions
from keepwarm.accounts.models import AccountSession
from keepwarm.accounts.services import create_user
from keepwarm.cli import cli
from keepwarm.owned import owned
from tests.conftest import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
NEW = "a brand new long passphrase"


def browser(agent: str, address: str) -> Client:
    return Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)


def log_in(client: Client, username: str = "alice") -> Client:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def rows(user):
    return list(owned(AccountSession, user).order_by("id"))


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


@pytest.fixture
def laptop(alice, frozen):
    return log_in(browser(FIREFOX, "203.0.113.5"))


@pytest.fixture
def phone(alice, frozen):
    return log_in(browser(IPHONE, "198.51.100.23"))


# The browser in plain words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX, "Firefox on Windows"),
        (IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
            "like Gecko) Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Linux",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1",
            "Chrome on iPad",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36",
            "Chrome on ChromeOS",
        ),
        ("curl/8.5.0", "A program (curl)"),
        ("Mozilla/5.0 (Windows NT 10.0)", "A browser on Windows"),
        ("", "An unknown browser"),
        ("\x00\x1b[31m", "An unknown browser"),
    ],
)
def test_a_user_agent_in_plain_words(agent, words):
    assert browsers.describe(agent) == words


# The list -------------------------------------------------------------------------------------


def test_each_sign_in_is_listed_with_its_browser_and_address(laptop, phone, alice):
    page = laptop.get(reverse("security"))
    assert page.status_code == 200
    listed = page.context["sessions"]
    assert [s.browser for s in listed] == ["Safari on iPhone", "Firefox on Windows"]
    assert [s.is_current for s in listed] == [False, True]
    text = page.text
    assert "from 203.0.113.5" in text and "from 198.51.100.23" in text
    assert "this browser" in text and "Log out everywhere else" in text
    assert "logged in 25 Nov 2026, 11:00" in text  # in alice's time zone, Berlin


def test_last_seen_is_written_at_most_every_few_minutes(laptop, alice, frozen):
    [row] = rows(alice)
    signed_in = row.last_seen_at
    frozen.shift(dt.timedelta(minutes=4))
    assert is_signed_in(laptop)
    row.refresh_from_db()
    assert row.last_seen_at == signed_in
    frozen.shift(dt.timedelta(minutes=2))
    assert is_signed_in(laptop)
    row.refresh_from_db()
    assert row.last_seen_at == signed_in + dt.timedelta(minutes=6)
    assert row.signed_in_at == signed_in


def test_a_session_from_before_the_list_is_listed_when_it_is_next_used(alice, frozen):
    client = Client(HTTP_USER_AGENT=FIREFOX)
    client.force_login(alice)
    AccountSession.objects.all().delete()
    session = client.session
    session.pop(sessions.SEEN_KEY, None)
    session.save()
    assert is_signed_in(client)
    [row] = rows(alice)
    assert row.session_key == client.session.session_key
    assert row.user_agent == FIREFOX


def test_logging_out_takes_the_session_off_the_list(laptop, phone, alice):
    phone.post(reverse("logout"))
    [row] = rows(alice)
    assert row.user_agent == FIREFOX


def test_a_session_that_expired_drops_off_the_list(laptop, phone, alice, frozen, settings):
    frozen.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    assert is_signed_in(laptop)  # seen now: its expiry moves on
    frozen.shift(dt.timedelta(minutes=2))
    listed = laptop.get(reverse("security")).context["sessions"]
    assert [s.browser for s in listed] == ["Firefox on Windows"]
    assert len(rows(alice)) == 1


def test_a_session_removed_from_the_store_drops_off_the_list(laptop, phone, alice):
    Session.objects.filter(session_key=phone.session.session_key).delete()
    assert len(laptop.get(reverse("security")).context["sessions"]) == 1


# Logging out other sessions -------------------------------------------------------------------


def test_log_out_one_other_session(laptop, phone, alice):
    other = owned(AccountSession, alice).get(user_agent=IPHONE)
    response = laptop.post(reverse("session_end", args=[other.pk]), follow=True)
    assert response.redirect_chain == [(reverse("security"), 302)]
    assert "That session is logged out" in response.text
    assert not is_signed_in(phone) and is_signed_in(laptop)
    assert [r.user_agent for r in rows(alice)] == [FIREFOX]


def test_log_out_this_session_from_the_list_is_a_log_out(laptop, alice):
    [mine] = rows(alice)
    response = laptop.post(reverse("session_end", args=[mine.pk]))
    assert response["Location"] == reverse("login")
    assert not is_signed_in(laptop) and rows(alice) == []


def test_log_out_everywhere_else(laptop, phone, alice):
    third = log_in(browser(FIREFOX, "192.0.2.44"))
    response = laptop.post(reverse("sessions_end_others"), follow=True)
    assert "2 other sessions are logged out" in response.text
    assert is_signed_in(laptop)
    assert not is_signed_in(phone) and not is_signed_in(third)
    assert [r.session_key for r in rows(alice)] == [laptop.session.session_key]
    again = laptop.post(reverse("sessions_end_others"), follow=True)
    assert "No other session was logged in" in again.text


def test_log_out_needs_a_post(laptop, phone, alice):
    other = owned(AccountSession, alice).get(user_agent=IPHONE)
    assert laptop.get(reverse("session_end", args=[other.pk])).status_code == 405
    assert laptop.get(reverse("sessions_end_others")).status_code == 405
    assert is_signed_in(phone)


def test_bob_cannot_see_or_end_alices_sessions(laptop, alice, bob, frozen):
    bobs = log_in(browser(IPHONE, "192.0.2.8"), "bob")
    [alices] = rows(alice)
    assert bobs.post(reverse("session_end", args=[alices.pk])).status_code == 404
    bobs.post(reverse("sessions_end_others"))
    assert is_signed_in(laptop) and len(rows(alice)) == 1
    page = bobs.get(reverse("security")).text
    assert "203.0.113.5" not in page and "Firefox" not in page


# Password changes end the others --------------------------------------------------------------


def test_a_password_change_ends_the_other_sessions(laptop, phone, alice):
    data = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    response = laptop.post(reverse("password_change"), data, follow=True)
    assert "Your password is changed. Your 1 other session is logged out." in response.text
    assert is_signed_in(laptop) and not is_signed_in(phone)
    assert [r.user_agent for r in rows(alice)] == [FIREFOX]
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()


def test_resetpassword_ends_every_session_and_its_row(laptop, phone, alice):
    result = CliRunner().invoke(
        cli, ["resetpassword", "alice", "--password-stdin"], input=f"{NEW}\n"
    )
    assert result.exit_code == 0, result.output
    assert not is_signed_in(laptop) and not is_signed_in(phone)
    assert rows(alice) == []


# The demo -------------------------------------------------------------------------------------


def test_the_demo_keeps_no_list(client, db):
    demo = create_user("demo", None, is_demo=True)
    client.force_login(demo)
    assert client.get(reverse("home")).status_code in (200, 302)
    assert not AccountSession.objects.exists()
    assert client.get(reverse("security")).status_code == 404
    assert client.post(reverse("sessions_end_others")).status_code == 404
