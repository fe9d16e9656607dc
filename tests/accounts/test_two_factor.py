"""Two-factor sign-in (issue 15): turned on in Settings with a code from an
authenticator app, recovery codes shown once and each good once, asked for
after the password, wrong codes throttled, turned off with the password or by
the administrator; the demo cannot turn it on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from keepwarm.accounts import two_factor
from keepwarm.accounts.services import create_user
from keepwarm.cli import cli
from tests.conftest import PASSWORD

STEP = dt.timedelta(seconds=30)


def code_of(device: TOTPDevice) -> str:
    """What the authenticator app shows now."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_of(device)}
    return next(c for c in ("000000", "111111", "222222") if c not in right)


@pytest.fixture
def alice_2fa(alice, frozen):
    """Alice with two-factor on, and her ten recovery codes."""
    two_factor.start(alice)
    device = two_factor.pending_device(alice)
    assert two_factor.confirm(alice, code_of(device)).accepted
    codes = two_factor.new_recovery_codes(alice)
    frozen.shift(STEP)  # the code used to confirm works once: the next one is new
    return alice, codes


def password_step(client, username="alice", password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def code_step(client, code, **extra):
    return client.post(reverse("login_code"), {"code": code}, **extra)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


# Turning it on ---------------------------------------------------------------------------


def test_the_setup_page_shows_a_qr_code_and_the_key(alice_client, alice, frozen):
    response = alice_client.get(reverse("two_factor_setup"))
    assert response.status_code == 200
    device = two_factor.pending_device(alice)
    assert device is not None and not device.confirmed
    assert '<svg role="img" aria-label="QR code"' in response.text
    assert two_factor.secret(device) in response.text
    assert two_factor.setup_url(device).startswith("otpauth://totp/keepwarm%3Aalice?secret=")
    assert 'autocomplete="one-time-code"' in response.text
    # A reload shows the same key: the app may have scanned it already.
    again = alice_client.get(reverse("two_factor_setup"))
    assert two_factor.secret(device) in again.text
    assert TOTPDevice.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize("code", ["", "123", "abcdef", "9" * 41])
def test_a_wrong_setup_code_is_refused_with_a_message(alice_client, alice, frozen, code):
    alice_client.get(reverse("two_factor_setup"))
    device = two_factor.pending_device(alice)
    if code == "abcdef":
        code = wrong_code(device)
    response = alice_client.post(reverse("two_factor_setup"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not two_factor.is_on(alice)


def test_the_right_code_turns_it_on_and_shows_the_recovery_codes_once(alice_client, alice, frozen):
    alice_client.get(reverse("two_factor_setup"))
    device = two_factor.pending_device(alice)
    response = alice_client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert response.status_code == 302 and response["Location"] == reverse("recovery_codes")
    assert two_factor.is_on(alice)
    page = alice_client.get(reverse("recovery_codes"))
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", page.text)
    assert len(codes) == 10 == len(set(codes))
    assert "shown only this once" in page.text
    again = alice_client.get(reverse("recovery_codes")).text
    assert not any(code in again for code in codes)
    assert "10</strong> unused recovery codes" in again


def test_a_wrong_setup_code_slows_the_next_try(alice_client, alice, frozen):
    alice_client.get(reverse("two_factor_setup"))
    device = two_factor.pending_device(alice)
    alice_client.post(reverse("two_factor_setup"), {"code": wrong_code(device)})
    response = alice_client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert "Too many wrong codes in a row: wait a second" in response.text
    assert not two_factor.is_on(alice)
    frozen.shift(dt.timedelta(seconds=1))
    response = alice_client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert response.status_code == 302


def test_the_security_page_says_whether_it_is_on(alice_client, alice, frozen):
    page = alice_client.get(reverse("security")).text
    assert "Turn on two-factor sign-in" in page
    two_factor.start(alice)
    two_factor.confirm(alice, code_of(two_factor.pending_device(alice)))
    two_factor.new_recovery_codes(alice)
    page = alice_client.get(reverse("security")).text
    assert "10 unused" in page and "Make new recovery codes" in page
    assert reverse("two_factor_off") in page
    settings_page = alice_client.get(reverse("settings")).text
    assert "Two-factor sign-in" in settings_page and reverse("security") in settings_page


def test_the_setup_page_sends_back_when_it_is_already_on(client, alice_2fa):
    alice, _ = alice_2fa
    client.force_login(alice)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302 and response["Location"] == reverse("security")
    assert TOTPDevice.objects.filter(user=alice).count() == 1


def test_the_demo_cannot_turn_it_on(client, db):
    demo = create_user("demo", None, is_demo=True)
    client.force_login(demo)
    for name in ("security", "two_factor_setup", "recovery_codes", "two_factor_off"):
        assert client.get(reverse(name)).status_code == 404, name
        assert client.post(reverse(name), {"code": "123456"}).status_code == 404, name
    assert not TOTPDevice.objects.exists()
    with pytest.raises(PermissionDenied, match="demo"):
        two_factor.start(demo)
    assert reverse("security") not in client.get(reverse("settings")).text


def test_the_pages_need_a_login(client, db):
    for name in ("security", "two_factor_setup", "recovery_codes", "two_factor_off"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# Signing in --------------------------------------------------------------------------------


def test_the_password_alone_does_not_sign_in(client, alice_2fa):
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == reverse("login_code")
    assert signed_in_as(client) is None
    assert client.get(reverse("home"))["Location"] == reverse("login")
    page = client.get(reverse("login_code"))
    assert page.status_code == 200 and "Two-factor sign-in is on for" in page.text


def test_a_code_from_the_app_signs_in_and_goes_where_asked(client, alice_2fa):
    alice, _ = alice_2fa
    client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD, "next": reverse("people")},
    )
    response = code_step(client, code_of(two_factor.app_device(alice)))
    assert response.status_code == 302 and response["Location"] == reverse("people")
    assert signed_in_as(client) == str(alice.pk)


def test_an_app_code_works_once(client, alice_2fa):
    alice, _ = alice_2fa
    code = code_of(two_factor.app_device(alice))
    password_step(client)
    assert code_step(client, code).status_code == 302
    client.post(reverse("logout"))
    password_step(client)
    response = code_step(client, code)
    assert response.status_code == 200 and "That code is not right" in response.text
    assert signed_in_as(client) is None


@pytest.mark.parametrize("shape", ["as shown", "upper case", "no dash", "spaces"])
def test_a_recovery_code_signs_in_once(client, alice_2fa, shape):
    alice, codes = alice_2fa
    shown = codes[3]
    typed = {
        "as shown": shown,
        "upper case": shown.upper(),
        "no dash": shown.replace("-", ""),
        "spaces": f"  {shown.replace('-', ' ')} ",
    }[shape]
    password_step(client)
    response = code_step(client, typed, follow=True)
    assert signed_in_as(client) == str(alice.pk)
    assert "You signed in with a recovery code" in response.text
    assert two_factor.recovery_codes_left(alice) == 9
    client.post(reverse("logout"))
    password_step(client)
    assert "That code is not right" in code_step(client, typed).text
    assert signed_in_as(client) is None


def test_the_last_recovery_codes_come_with_a_warning(client, alice_2fa):
    _, codes = alice_2fa
    StaticToken.objects.exclude(token=codes[0].replace("-", "")).delete()
    password_step(client)
    response = code_step(client, codes[0], follow=True)
    assert "0 of them are left. Make new ones in Settings" in response.text


def test_new_recovery_codes_replace_the_old(alice_client, alice_2fa, frozen):
    _, old = alice_2fa
    response = alice_client.post(reverse("recovery_codes"), follow=True)
    new = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.text)
    assert len(new) == 10 and not set(new) & set(old)
    alice_client.post(reverse("logout"))
    password_step(alice_client)
    assert "That code is not right" in code_step(alice_client, old[0]).text
    frozen.shift(dt.timedelta(seconds=1))  # a wrong code slows the next try
    assert code_step(alice_client, new[0]).status_code == 302


def test_the_code_page_without_a_password_sends_to_login(client, alice_2fa):
    response = client.get(reverse("login_code"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    response = code_step(client, "123456")
    assert response["Location"] == reverse("login")
    assert signed_in_as(client) is None


def test_the_code_must_come_within_five_minutes(client, alice_2fa, frozen):
    alice, _ = alice_2fa
    password_step(client)
    frozen.shift(dt.timedelta(minutes=5, seconds=1))
    response = code_step(client, code_of(two_factor.app_device(alice)))
    assert response["Location"] == reverse("login")
    assert signed_in_as(client) is None


def test_a_password_changed_meanwhile_ends_the_waiting_sign_in(client, alice_2fa):
    alice, _ = alice_2fa
    password_step(client)
    alice.set_password("a brand new long passphrase")
    alice.save()
    response = code_step(client, code_of(two_factor.app_device(alice)))
    assert response["Location"] == reverse("login")
    assert signed_in_as(client) is None


def test_accounts_without_two_factor_sign_in_at_once(client, alice):
    response = password_step(client)
    assert response["Location"] == reverse("home")
    assert signed_in_as(client) == str(alice.pk)


# Wrong codes ------------------------------------------------------------------------------


def test_a_wrong_code_slows_the_next_try_on_that_device(client, alice_2fa, frozen):
    alice, _ = alice_2fa
    device = two_factor.app_device(alice)
    password_step(client)
    code_step(client, wrong_code(device))
    response = code_step(client, code_of(device))
    assert "Too many wrong codes in a row: wait a second" in response.text
    assert signed_in_as(client) is None
    frozen.shift(dt.timedelta(seconds=1))
    assert code_step(client, code_of(device)).status_code == 302


def test_wrong_codes_count_as_failed_sign_ins(client, alice_2fa, frozen, settings):
    settings.AXES_FAILURE_LIMIT = 3
    alice, _ = alice_2fa
    device = two_factor.app_device(alice)
    password_step(client)
    for n in range(3):
        response = code_step(client, wrong_code(device))
        frozen.shift(dt.timedelta(seconds=2**n))
    assert response.status_code == 429
    assert "After 3 failed attempts" in response.text
    # The waiting sign-in is gone, and the password is refused while it lasts.
    assert code_step(client, code_of(device))["Location"] == reverse("login")
    assert password_step(client).status_code == 429


def test_a_lock_from_elsewhere_stops_the_code_step(client, alice_2fa, settings):
    settings.AXES_FAILURE_LIMIT = 3
    alice, _ = alice_2fa
    password_step(client)
    other = Client()  # another browser at the same address fails meanwhile
    for _ in range(3):
        other.post(reverse("login"), {"username": "alice", "password": "nope"})
    response = code_step(client, code_of(two_factor.app_device(alice)))
    assert response.status_code == 429
    assert signed_in_as(client) is None


# Turning it off -------------------------------------------------------------------------------


def test_turning_it_off_needs_the_password(alice_client, alice_2fa):
    alice, _ = alice_2fa
    response = alice_client.post(reverse("two_factor_off"), {"password": "not it"})
    assert response.status_code == 200 and "That is not your password." in response.text
    assert two_factor.is_on(alice)
    response = alice_client.post(reverse("two_factor_off"), {"password": PASSWORD})
    assert response["Location"] == reverse("security")
    assert not two_factor.is_on(alice) and two_factor.recovery_codes_left(alice) == 0
    alice_client.post(reverse("logout"))
    assert password_step(alice_client)["Location"] == reverse("home")


def test_the_administrator_turns_it_off(alice_2fa):
    alice, _ = alice_2fa
    result = CliRunner().invoke(cli, ["disabletwofactor", "ALICE"])
    assert result.exit_code == 0, result.output
    assert "Two-factor sign-in is off for alice" in result.output
    assert not two_factor.is_on(alice) and two_factor.recovery_codes_left(alice) == 0
    again = CliRunner().invoke(cli, ["disabletwofactor", "alice"])
    assert again.exit_code == 0 and "was not on for alice: nothing changed" in again.output


def test_the_administrator_command_names_a_missing_account(db):
    result = CliRunner().invoke(cli, ["disabletwofactor", "nobody"])
    assert result.exit_code != 0
    assert "There is no account called 'nobody'." in result.output


def test_another_accounts_two_factor_is_untouched(client, alice_2fa, bob, frozen):
    client.force_login(bob)
    client.post(reverse("two_factor_off"), {"password": PASSWORD})
    client.post(reverse("recovery_codes"))
    alice, _ = alice_2fa
    assert two_factor.is_on(alice) and two_factor.recovery_codes_left(alice) == 10
    assert not two_factor.is_on(bob)


def test_codes_are_checked_against_the_clock(alice_2fa, frozen):
    alice, _ = alice_2fa
    device = two_factor.app_device(alice)
    old = code_of(device)
    frozen.shift(STEP * 3)
    assert not two_factor.verify(alice, old).accepted
    frozen.shift(dt.timedelta(seconds=2))
    assert two_factor.verify(alice, code_of(device)).accepted
