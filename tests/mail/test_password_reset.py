"""A forgotten password (issue 15): a reset link by email when mail is set up,
only to a confirmed address, with the same answer whether an account has the
address or not, limited; the administrator otherwise. The new password signs
the account out everywhere and lifts a lock-out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from keepwarm.accounts.services import create_user
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.web.views import password_reset
from tests.conftest import PASSWORD, make_user

NEW = "a brand new long passphrase"
Kind = OutboxMessage.Kind


@pytest.fixture
def mail(settings):
    """Mail set up, without a server: links wait in the outbox."""
    settings.EMAIL_HOST = "mail.example.org"


def ask(client, address: str, **extra):
    return client.post(reverse("password_reset"), {"email": address}, **extra)


def links():
    return list(OutboxMessage.objects.filter(kind=Kind.PASSWORD_RESET).order_by("id"))


def link_in(message: OutboxMessage) -> str:
    found = re.search(r"http://127\.0\.0\.1:8000(/password-reset/[^/\s]+/[^/\s]+/)", message.text)
    assert found, message.text
    return found.group(1)


def choose(client, path: str, password: str = NEW):
    """Open the link, then post the new password where it leads."""
    opened = client.get(path)
    assert opened.status_code == 302  # the token moves into the session
    form_url = opened["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


# Without mail ---------------------------------------------------------------------------------


def test_without_mail_the_login_page_sends_to_the_administrator(client, alice, settings):
    settings.EMAIL_HOST = ""
    page = client.get(reverse("login")).text
    assert "keepwarm resetpassword YOUR-NAME" in page
    assert reverse("password_reset") not in page


def test_without_mail_the_reset_page_has_no_form(client, alice, settings):
    settings.EMAIL_HOST = ""
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    assert "keepwarm resetpassword YOUR-NAME" in page.text and "<form" not in page.text
    response = ask(client, "alice@example.org")
    assert response.status_code == 200 and links() == []


# Asking for a link ----------------------------------------------------------------------------


def test_with_mail_the_login_page_offers_a_link(client, alice, mail):
    page = client.get(reverse("login")).text
    assert f'href="{reverse("password_reset")}"' in page and "Forgot your password?" in page


def test_a_link_goes_to_the_confirmed_address(client, alice, mail, frozen):
    response = ask(client, "Alice@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_sent")
    [message] = links()
    assert message.to == "alice@example.org" and message.owner == alice
    assert message.subject == "Choose a new keepwarm password for alice"
    assert "within an hour" in message.text
    page = client.get(reverse("password_reset_sent")).text
    assert "If an account here has the confirmed address" in page
    assert "Alice@Example.org" in page


@pytest.mark.parametrize("who", ["nobody", "unconfirmed", "demo", "no password"])
def test_the_answer_is_the_same_when_no_link_goes_out(client, db, mail, who):
    make_user("alice")
    if who == "unconfirmed":
        make_user("dave", confirmed=False)
    elif who == "demo":
        create_user("demo", None, email="dave@example.org", is_demo=True)
    elif who == "no password":
        user = make_user("dave")
        user.set_unusable_password()
        user.save()
    known = ask(Client(), "alice@example.org")
    unknown = ask(client, "dave@example.org")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    sent_page = client.get(reverse("password_reset_sent")).text
    assert "If an account here has the confirmed address" in sent_page
    assert [m.to for m in links()] == ["alice@example.org"]


def test_an_account_gets_one_link_per_ten_minutes_and_five_a_day(client, alice, mail, frozen):
    ask(client, "alice@example.org")
    ask(client, "alice@example.org")
    assert len(links()) == 1
    for _ in range(8):
        frozen.shift(dt.timedelta(minutes=11))
        ask(Client(), "alice@example.org")
    assert len(links()) == 5


def test_one_address_may_ask_ten_times_an_hour(client, alice, mail, frozen):
    for n in range(password_reset.REQUESTS_PER_HOUR):
        assert ask(client, f"someone{n}@example.org").status_code == 302
    refused = ask(client, "alice@example.org")
    assert refused.status_code == 200
    assert "try again in an hour" in refused.text
    assert links() == []
    other = ask(Client(), "alice@example.org", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302 and len(links()) == 1


@pytest.mark.parametrize("address", ["", "not-an-address", "a" * 300 + "@example.org"])
def test_a_bad_address_is_refused_with_a_message(client, alice, mail, address):
    response = ask(client, address)
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert links() == []


def test_the_sent_page_without_a_request_goes_back(client, db, mail):
    assert client.get(reverse("password_reset_sent"))["Location"] == reverse("password_reset")


# Choosing the new password --------------------------------------------------------------------


def test_the_link_sets_a_new_password_and_signs_out_everywhere(client, alice, mail, frozen):
    elsewhere = Client()
    elsewhere.force_login(alice)
    assert elsewhere.get(reverse("home")).status_code == 200
    ask(client, "alice@example.org")
    response = choose(client, link_in(links()[0]))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert elsewhere.get(reverse("home"))["Location"] == reverse("login")
    followed = client.get(reverse("login"))
    assert "every session of the account is signed out" in followed.text
    signed_in = client.post(reverse("login"), {"username": "alice", "password": NEW})
    assert signed_in.status_code == 302


def test_the_link_works_once(client, alice, mail, frozen):
    ask(client, "alice@example.org")
    path = link_in(links()[0])
    choose(client, path)
    again = Client().get(path, follow=True)
    assert "This link does not work any more" in again.text
    alice.refresh_from_db()
    assert alice.check_password(NEW)


def test_the_link_expires_after_an_hour(client, alice, mail, frozen):
    ask(client, "alice@example.org")
    frozen.shift(dt.timedelta(minutes=61))
    page = client.get(link_in(links()[0]), follow=True)
    assert "This link does not work any more" in page.text
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/password-reset/MQ/bad-token/", "/password-reset/!!/x/"])
def test_a_garbled_link_says_so(client, alice, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "This link does not work any more" in response.text


def test_a_weak_new_password_is_refused(client, alice, mail, frozen):
    ask(client, "alice@example.org")
    response = choose(client, link_in(links()[0]), password="12345678")
    assert response.status_code == 200
    assert "too common" in response.text
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_new_password_lifts_a_lock_out(client, alice, mail, frozen):
    AccessAttempt.objects.create(
        username="alice", ip_address="203.0.113.9", user_agent="x", failures_since_start=40
    )
    ask(client, "alice@example.org")
    choose(client, link_in(links()[0]))
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_the_link_arrives_by_the_mail_server(client, alice, smtp_server, frozen):
    ask(client, "alice@example.org")
    assert smtp_server.messages == []  # queued: the request takes as long either way
    assert outbox.send_due() == 1
    [email] = smtp_server.messages
    assert email["To"] == "alice@example.org"
    body = email.get_content()
    assert "/password-reset/" in body and "your password stays as it is" in body
