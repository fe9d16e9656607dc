"""Sign-in throttling per account as well as per user name and address (issue
15): guesses spread over many addresses lock the account for everyone after
KEEPWARM_ACCOUNT_FAILURE_LIMIT, refused attempts during a lock-out count for
neither limit, and the owner hears of each lock once, by email through the
outbox, only at a confirmed address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.accounts import throttle
from keepwarm.accounts.services import create_user
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from tests.conftest import PASSWORD, make_user

WRONG = "Tr0ub4dor&3-not-it"
Kind = OutboxMessage.Kind


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.KEEPWARM_ACCOUNT_FAILURE_LIMIT = 6


def attempt(client, username: str, address: str, password: str = WRONG):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def spread(client, username: str, addresses: int, each: int = 2, first: int = 1):
    """``each`` failures from each of ``addresses`` documentation addresses."""
    for n in range(first, first + addresses):
        for _ in range(each):
            response = attempt(client, username, f"203.0.113.{n}")
    return response


def notices(user=None):
    found = OutboxMessage.objects.filter(kind=Kind.SIGNIN_LOCKED)
    return list(found.filter(owner=user) if user else found)


# The per-account limit ---------------------------------------------------------------


def test_guesses_spread_over_many_addresses_lock_the_account(client, alice, frozen):
    # Two failures from each address: never the per-address limit of three.
    assert spread(client, "alice", addresses=2).status_code == 200
    locked = attempt(client, "alice", "203.0.113.3")
    assert locked.status_code == 200  # the fifth failure
    locked = attempt(client, "alice", "203.0.113.3")
    assert locked.status_code == 429  # the sixth: the account's limit
    assert "from several places" in locked.text
    assert "paused for everyone" in locked.text
    # Even the owner, from an address that never failed, with the right password.
    mine = attempt(client, "alice", "198.51.100.7", PASSWORD)
    assert mine.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_account_lock_is_for_that_user_name_only(client, alice, bob, frozen):
    spread(client, "alice", addresses=3)
    response = attempt(client, "bob", "203.0.113.1", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_the_account_lock_ends_after_the_cool_off(client, alice, frozen):
    spread(client, "alice", addresses=3)
    frozen.shift(dt.timedelta(minutes=14))
    assert attempt(client, "alice", "198.51.100.7", PASSWORD).status_code == 429
    frozen.shift(dt.timedelta(minutes=2))
    response = attempt(client, "alice", "198.51.100.7", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_failures_further_apart_than_the_cool_off_do_not_add_up(client, alice, frozen):
    for n in range(1, 6):
        attempt(client, "alice", f"203.0.113.{n}")
        frozen.shift(dt.timedelta(minutes=16))
    assert attempt(client, "alice", "203.0.113.9").status_code == 200
    assert throttle.account_failures("alice") == 1


def test_refused_attempts_during_an_address_lock_count_for_nothing(client, alice, frozen):
    for _ in range(3):
        attempt(client, "alice", "203.0.113.1")
    for _ in range(20):  # the same address keeps trying: refused without a check
        assert attempt(client, "alice", "203.0.113.1").status_code == 429
    assert throttle.account_failures("alice") == 3
    # The account is not locked from elsewhere, and the address lock lasts
    # the cool-off from its start, not from the last refused attempt.
    assert attempt(client, "alice", "198.51.100.7", PASSWORD).status_code == 302
    frozen.shift(dt.timedelta(minutes=15, seconds=1))
    assert attempt(client, "alice", "203.0.113.1", PASSWORD).status_code == 302


def test_a_success_from_one_address_does_not_forget_the_others(client, alice, frozen):
    spread(client, "alice", addresses=2)  # four failures from two addresses
    assert attempt(client, "alice", "198.51.100.7", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert throttle.account_failures("alice") == 4
    spread(client, "alice", addresses=1, first=5)
    assert attempt(client, "alice", "198.51.100.7", PASSWORD).status_code == 429


def test_the_per_address_limit_stays_as_it_was(client, alice, frozen):
    for _ in range(2):
        assert attempt(client, "alice", "203.0.113.1").status_code == 200
    locked = attempt(client, "alice", "203.0.113.1")
    assert locked.status_code == 429
    assert "After 3 failed attempts" in locked.text and "Try again in 15 minutes" in locked.text
    assert "several places" not in locked.text


def test_the_limit_is_read_from_its_setting():
    from keepwarm import config

    assert config.read("KEEPWARM_ACCOUNT_FAILURE_LIMIT", environ={}) == 20
    environ = {"KEEPWARM_ACCOUNT_FAILURE_LIMIT": "50"}
    assert config.read("KEEPWARM_ACCOUNT_FAILURE_LIMIT", environ=environ) == 50


# The lock-out page --------------------------------------------------------------------


def test_the_lockout_page_offers_a_reset_link_when_mail_is_set_up(client, alice, smtp_server):
    for _ in range(3):
        response = attempt(client, "alice", "203.0.113.1")
    assert reverse("password_reset") in response.text


def test_the_lockout_page_sends_to_the_administrator_without_mail(client, alice, settings):
    settings.EMAIL_HOST = ""
    for _ in range(3):
        response = attempt(client, "alice", "203.0.113.1")
    assert reverse("password_reset") not in response.text
    assert "keepwarm resetpassword" in response.text


# The notice to the owner --------------------------------------------------------------


def test_the_owner_hears_once_of_an_account_lock(client, alice, frozen, settings):
    settings.EMAIL_HOST = "mail.example.org"
    spread(client, "alice", addresses=3)
    for n in range(4, 9):  # more attempts while it is locked
        attempt(client, "alice", f"203.0.113.{n}")
    [notice] = notices(alice)
    assert notice.to == "alice@example.org"
    assert notice.subject == "Signing in to your keepwarm account is paused for a while"
    assert "from several addresses" in notice.text
    assert "paused from everywhere, your own browser too, until 11:15 (Europe/Berlin)" in (
        notice.text
    )
    assert "http://127.0.0.1:8000/password-reset/" in notice.text
    assert "turn on two-factor sign-in" in notice.text


def test_the_owner_hears_of_an_address_lock_with_the_address(client, alice, frozen):
    for _ in range(3):
        attempt(client, "alice", "203.0.113.1")
    [notice] = notices(alice)
    assert "3 failed attempts in a row" in notice.text
    assert "from the address 203.0.113.1" in notice.text


def test_each_new_lock_is_a_new_notice(client, alice, frozen):
    for _ in range(3):
        attempt(client, "alice", "203.0.113.1")
    frozen.shift(dt.timedelta(minutes=16))
    for _ in range(3):
        attempt(client, "alice", "203.0.113.1")
    assert len(notices(alice)) == 2


def test_notices_stop_at_three_a_day(client, alice, frozen):
    for _ in range(5):
        for _ in range(3):
            attempt(client, "alice", "203.0.113.1")
        frozen.shift(dt.timedelta(minutes=16))
    assert len(notices(alice)) == 3


def test_without_mail_the_notice_says_to_ask_the_administrator(client, alice, settings):
    settings.EMAIL_HOST = ""
    for _ in range(3):
        attempt(client, "alice", "203.0.113.1")
    [notice] = notices(alice)  # it waits in the outbox for a mail server
    assert "/password-reset/" not in notice.text
    assert "Ask the administrator of this keepwarm" in notice.text


def test_no_notice_for_an_unconfirmed_address_the_demo_or_a_stranger(client, db):
    make_user("dave", confirmed=False)
    create_user("demo", None, is_demo=True)
    for name in ("dave", "demo", "nobody"):
        for _ in range(3):
            assert attempt(client, name, "203.0.113.1").status_code in (200, 429)
    assert notices() == []


def test_the_notice_goes_out_through_the_mail_server(client, alice, smtp_server, frozen):
    for _ in range(3):
        attempt(client, "alice", "203.0.113.1")
    assert smtp_server.messages == []  # queued, never sent inside the request
    assert outbox.send_due() == 1
    [email] = smtp_server.messages
    assert email["To"] == "alice@example.org"
    assert "Forgot your password? Choose a new one here" in email.get_content()


def test_a_broken_notice_never_breaks_the_page(client, alice, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr("keepwarm.mail.account_mail.send_lock_notice", broken)
    for _ in range(3):
        response = attempt(client, "alice", "203.0.113.1")
    assert response.status_code == 429
