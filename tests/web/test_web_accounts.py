"""Sign-up, login, lock-out, logout, password change and the demo account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from keepwarm.accounts.services import create_user
from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from tests.conftest import PASSWORD

User = get_user_model()
NEW_PASSWORD = "a brand new long passphrase"


def signup_data(**changes):
    data = {
        "username": "dora",
        "email": "dora@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "Europe/Vienna",
        "country": "AT",
    }
    return {**data, **changes}


# Welcome page ---------------------------------------------------------------


def test_first_visit_offers_an_account_and_the_demo(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="hero"' in page and "choice-grid" in page
    assert "Create your account" in page and reverse("signup") in page
    assert "Explore the demo" in page and f'action="{reverse("demo")}"' in page


def test_welcome_page_stays_while_only_the_demo_account_exists(client, db):
    create_user("demo", None, is_demo=True)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Create your account" in response.content.decode()


def test_once_an_account_exists_visitors_are_sent_to_login(client, alice):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


# Sign-up ---------------------------------------------------------------------


def test_signup_form_detects_the_time_zone_and_lists_countries(client, db):
    response = client.get(reverse("signup"), HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-detect-timezone" in page
    assert '<option value="Europe/Berlin"' in page
    assert '<option value="AT" selected>Austria (AT)</option>' in page


def test_first_signup_creates_the_account_and_logs_in(client, db):
    response = client.post(reverse("signup"), signup_data(), follow=True)
    user = User.objects.get(username="dora")
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.context["user"] == user
    assert "Welcome to keepwarm, dora!" in response.content.decode()
    assert (user.profile.time_zone, user.profile.country) == ("Europe/Vienna", "AT")
    assert user.check_password(PASSWORD) and not user.is_demo


def test_signup_is_closed_after_the_first_account(client, alice):
    response = client.get(reverse("signup"))
    assert response.status_code == 403
    assert "keepwarm createuser" in response.content.decode()
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 403
    assert not User.objects.filter(username="dora").exists()


def test_open_signup_lets_others_join(client, alice, settings):
    settings.KEEPWARM_OPEN_SIGNUP = True
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert User.objects.filter(username="dora").exists()


def test_the_demo_account_does_not_close_signup(client, db):
    create_user("demo", None, is_demo=True)
    assert client.get(reverse("signup")).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": ""}, "This field is required."),
        ({"username": "bad name!"}, "Enter a valid username"),
        ({"username": "x" * 151}, "at most 150 characters"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"password2": "something else entirely"}, "The two passwords differ."),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"password1": "password123", "password2": "password123"}, "too common"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"time_zone": ""}, "This field is required."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"country": "germany"}, "Select a valid choice."),
    ],
)
def test_signup_rejects_bad_values(client, db, changes, message):
    response = client.post(reverse("signup"), signup_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_a_taken_name_in_any_case(client, db, settings):
    settings.KEEPWARM_OPEN_SIGNUP = True
    create_user("Dora", PASSWORD)
    response = client.post(reverse("signup"), signup_data(username="dora"))
    assert response.status_code == 200
    assert "That user name is taken" in response.content.decode()
    assert User.objects.count() == 1


# Login, lock-out, logout -----------------------------------------------------


def test_login_with_the_right_password(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == alice


def test_login_with_a_wrong_password_says_so(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_page_offers_the_demo_only_when_it_is_public(client, alice, settings):
    create_user("demo", None, is_demo=True)
    assert "Explore the demo" not in client.get(reverse("login")).content.decode()
    settings.KEEPWARM_PUBLIC_DEMO = True
    assert "Explore the demo" in client.get(reverse("login")).content.decode()


def test_the_demo_is_closed_to_strangers_once_a_real_account_exists(client, alice):
    demo = create_user("demo", None, is_demo=True)
    create_person(demo, "Demo Person")
    assert client.get(reverse("home"))["Location"] == reverse("login")
    assert "Explore the demo" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("demo")).status_code == 404
    assert client.post(reverse("demo")).status_code == 404
    assert "_auth_user_id" not in client.session


def test_open_signup_opens_the_demo_too(client, alice, settings):
    settings.KEEPWARM_OPEN_SIGNUP = True
    demo = create_user("demo", None, is_demo=True)
    create_person(demo, "Demo Person")
    assert "Explore the demo" in client.get(reverse("login")).content.decode()
    assert client.post(reverse("demo")).status_code == 302


def test_the_welcome_page_offers_the_demo_before_the_first_account(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "Explore the demo" in page and reverse("demo") in page


def test_too_many_failures_lock_the_login(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "After 3 failed attempts" in page and "Try again in 15 minutes" in page
    # Even the right password waits for the cool-off.
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429


def test_logout_needs_a_post(alice_client):
    assert alice_client.get(reverse("logout")).status_code == 405
    assert alice_client.get(reverse("home")).status_code == 200
    response = alice_client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert alice_client.get(reverse("home"))["Location"] == reverse("login")


# Password change ------------------------------------------------------------


def test_password_change(alice_client, alice):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = alice_client.post(reverse("password_change"), data, follow=True)
    assert response.redirect_chain == [(reverse("settings"), 302)]
    assert "Your password is changed." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"old_password": "wrong"}, "Your old password was entered incorrectly"),
        ({"new_password2": "different passphrase"}, "The two password fields"),
        ({"new_password1": "abc", "new_password2": "abc"}, "too short"),
    ],
)
def test_password_change_rejects_bad_values(alice_client, alice, changes, message):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = alice_client.post(reverse("password_change"), {**data, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_needs_login(client, alice):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# The demo account -------------------------------------------------------------


def test_explore_the_demo_logs_in_as_the_demo_user(client, db):
    response = client.post(reverse("demo"), follow=True)
    demo = User.objects.get(is_demo=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.context["user"] == demo
    assert "nothing here is real" in response.content.decode()
    assert owned(Person, demo).count() > 50


def test_explore_the_demo_reuses_a_loaded_demo(client, alice, monkeypatch, settings):
    settings.KEEPWARM_PUBLIC_DEMO = True
    demo = create_user("demo", None, is_demo=True)
    create_person(demo, "Demo Person")

    def must_not_run(*args, **kwargs):
        raise AssertionError("the demo network was loaded again")

    monkeypatch.setattr("keepwarm.demo.ensure_demo_account", must_not_run)
    response = client.post(reverse("demo"))
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == demo


def test_explore_the_demo_needs_a_post(client, db):
    assert client.get(reverse("demo")).status_code == 405
    assert not User.objects.exists()


def test_no_demo_once_signup_is_closed_and_none_was_made(client, alice):
    assert client.post(reverse("demo")).status_code == 404
    assert not User.objects.filter(is_demo=True).exists()


def test_the_demo_user_cannot_change_the_password(client, db):
    demo = create_user("demo", None, is_demo=True)
    client.force_login(demo)
    assert client.get(reverse("password_change")).status_code == 404
    assert client.post(reverse("password_change"), {}).status_code == 404
    page = client.get(reverse("settings")).content.decode()
    assert reverse("password_change") not in page


def test_a_real_account_named_demo_blocks_the_demo_with_a_message(client, db, settings):
    settings.KEEPWARM_OPEN_SIGNUP = True
    create_user("demo", PASSWORD)
    response = client.post(reverse("demo"), follow=True)
    assert response.status_code == 200
    assert "is not the demo account" in response.content.decode()
    assert not User.objects.filter(is_demo=True).exists()
