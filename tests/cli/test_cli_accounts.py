"""`keepwarm createuser`, `keepwarm settings` and `keepwarm demo`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from keepwarm.accounts.models import Profile, User
from keepwarm.accounts.services import create_user
from keepwarm.cli import accounts, cli
from keepwarm.contacts.models import Circle, Person
from keepwarm.owned import owned
from keepwarm.planner.catalogue import DEFAULT_KINDS
from keepwarm.touches.models import TouchKind
from tests.conftest import PASSWORD


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


# createuser


def test_createuser_reads_the_password_from_stdin(db):
    result = run(
        "createuser",
        "dana",
        "--email",
        "dana@example.org",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="dana")
    assert user.email == "dana@example.org" and not user.is_demo
    assert user.sends_email  # the administrator gave the address: no link to open
    assert user.check_password(PASSWORD)
    assert Profile.objects.filter(user=user).exists()
    assert owned(Circle, user).count() == 3 and owned(TouchKind, user).count() == len(DEFAULT_KINDS)
    assert "Created the account dana." in result.stdout


def test_createuser_never_prompts_when_stdin_is_not_a_terminal(db):
    result = run("createuser", "dana", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 2
    assert "Standard input is not a terminal" in result.stderr
    assert "--password-stdin" in result.stderr
    assert "Password" not in result.output
    assert not User.objects.exists()


def test_createuser_prompts_twice_at_a_terminal(db, monkeypatch):
    monkeypatch.setattr(accounts, "stdin_is_terminal", lambda: True)
    result = run("createuser", "dana", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password: " in result.output and "Again: " in result.output
    assert PASSWORD not in result.output  # typed hidden
    assert User.objects.get(username="dana").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("args", "stdin", "message", "code"),
    [
        (["dana", "--password-stdin"], "12345678\n", "This password is too common", 1),
        (["dana", "--password-stdin"], "\n", "No password on standard input.", 2),
        (
            ["dana", "--email", "nope", "--password-stdin"],
            f"{PASSWORD}\n",
            "--email: Enter a valid email address.",
            1,
        ),
        (["ALICE", "--password-stdin"], f"{PASSWORD}\n", "The user name 'ALICE' is taken.", 1),
        (["bad name!", "--password-stdin"], f"{PASSWORD}\n", "name: Enter a valid username", 1),
    ],
)
def test_createuser_reports_bad_input_clearly(alice, args, stdin, message, code):
    result = run("createuser", *args, input=stdin)
    assert result.exit_code == code
    assert result.stderr.startswith("keepwarm: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(User.objects.values_list("username", flat=True)) == ["alice"]


# settings


def test_settings_json_shape(alice):
    result = run("settings", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "user": "alice",
        "email": "alice@example.org",
        "weekly_budget_minutes": 60,
        "home_city": "",
        "country": "DE",
        "region": "",
        "time_zone": "Europe/Berlin",
        "week_start": "monday",
    }


def test_settings_shows_a_table(alice):
    result = run("settings")
    assert result.exit_code == 0, result.output
    assert "weekly budget minutes" in result.stdout and "Europe/Berlin" in result.stdout


def test_settings_changes_the_given_ones(alice):
    result = run(
        "settings",
        "--budget",
        "90",
        "--city",
        " Munich ",
        "--country",
        "de",
        "--region",
        "BY",
        "--timezone",
        "Europe/Vienna",
        "--week-start",
        "Sunday",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    profile = Profile.objects.get(user=alice)
    assert (
        profile.weekly_budget_minutes,
        profile.home_city,
        profile.country,
        profile.region,
        profile.time_zone,
        profile.week_start,
    ) == (90, "Munich", "DE", "BY", "Europe/Vienna", 6)
    assert data["weekly_budget_minutes"] == 90 and data["week_start"] == "sunday"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--budget", "-5"], "--budget: Ensure this value is greater than or equal to 0.", 1),
        (["--budget", "9999"], "--budget: Ensure this value is less than or equal to 2400.", 1),
        (["--budget", "an hour"], "'an hour' is not a valid integer", 2),
        (["--timezone", "Mars/Olympus"], "--timezone: 'Mars/Olympus' is not a time zone", 1),
        (["--country", "XX"], "--country: 'XX' is not a two-letter country code", 1),
        (["--week-start", "friday"], "'friday' is not one of", 2),
    ],
)
def test_settings_refuses_bad_values_and_changes_nothing(alice, args, message, code):
    result = run("settings", "--city", "Munich", *args)
    assert result.exit_code == code
    assert message in result.stderr
    profile = Profile.objects.get(user=alice)
    assert (profile.weekly_budget_minutes, profile.home_city, profile.time_zone) == (
        60,
        "",
        "Europe/Berlin",
    )


def test_settings_are_per_user(alice, bob):
    assert run("--user", "bob", "settings", "--budget", "30").exit_code == 0
    assert Profile.objects.get(user=alice).weekly_budget_minutes == 60
    assert json.loads(run("--user", "alice", "settings", "--json").stdout)["user"] == "alice"


# demo


def test_demo_loads_a_network_into_its_own_account(alice):
    result = run("demo")
    assert result.exit_code == 0, result.output
    demo = User.objects.get(is_demo=True)
    people = owned(Person, demo).count()
    assert people >= 100
    assert f"{people:>6,}  people" in result.stdout
    assert f"keepwarm --user {demo.username} people" in result.stdout
    # Alice's account exists and the demo is not public: the browser does not offer it.
    assert "does not offer the demo" in result.stdout
    assert "KEEPWARM_PUBLIC_DEMO=true" in result.stdout
    assert not owned(Person, alice).exists()
    # The demo account does not take over: alice is still the default account.
    listing = run("--user", demo.username, "people", "--json")
    assert len(json.loads(listing.stdout)) == owned(Person, demo).filter(archived=False).count()
    assert json.loads(run("settings", "--json").stdout)["user"] == "alice"


def test_demo_says_where_to_find_it_in_the_browser_when_it_is_offered(alice, settings):
    settings.KEEPWARM_PUBLIC_DEMO = True
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "choose “Explore the demo”" in result.stdout


def test_demo_refuses_to_touch_a_real_account_called_demo(db):
    create_user("demo", PASSWORD)
    result = run("demo")
    assert result.exit_code == 1
    assert "keepwarm: An account named 'demo' exists and is not the demo account" in result.stderr
    assert "Traceback" not in result.output
    assert not User.objects.filter(is_demo=True).exists()


def test_demo_twice_resets_instead_of_doubling(db):
    assert run("demo").exit_code == 0
    first = owned(Person, User.objects.get(is_demo=True)).count()
    assert run("demo").exit_code == 0
    assert User.objects.filter(is_demo=True).count() == 1
    assert owned(Person, User.objects.get(is_demo=True)).count() == first


@pytest.mark.parametrize("typed", ["europe/vienna", "EUROPE/VIENNA", " Europe/vienna "])
def test_settings_takes_a_time_zone_in_any_case(alice, typed):
    result = CliRunner().invoke(cli, ["--user", "alice", "settings", "--timezone", typed])
    assert result.exit_code == 0, result.output
    assert Profile.objects.get(user=alice).time_zone == "Europe/Vienna"


def test_a_new_account_gets_the_canonical_time_zone(db):
    user = create_user("dora", None, time_zone="america/new_york")
    assert Profile.objects.get(user=user).time_zone == "America/New_York"


def test_resetpassword_gives_a_new_password_and_ends_the_sessions(alice, client):
    client.force_login(alice)
    assert client.get("/").status_code == 200
    result = run("resetpassword", "ALICE", "--password-stdin", input="a brand new passphrase\n")
    assert result.exit_code == 0, result.output
    assert "The password of alice is changed" in result.stdout
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")
    assert client.get("/").status_code == 302  # signed out: the session's hash changed


@pytest.mark.parametrize(
    ("name", "stdin", "message"),
    [
        ("nobody", f"{PASSWORD}\n", "There is no account called 'nobody'."),
        ("alice", "12345678\n", "This password is too common"),
        ("alice", "\n", "No password on standard input."),
    ],
)
def test_resetpassword_says_what_is_wrong(alice, name, stdin, message):
    result = run("resetpassword", name, "--password-stdin", input=stdin)
    assert result.exit_code != 0 and message in result.output
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_demo_has_no_password_to_reset(db):
    create_user("demo", None, is_demo=True)
    result = run("resetpassword", "demo", "--password-stdin", input=f"{PASSWORD}\n")
    assert result.exit_code != 0 and "The demo account has no password" in result.output


def test_resetpassword_lifts_a_lock_out(alice):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="alice", ip_address="203.0.113.9", user_agent="x", failures_since_start=9
    )
    result = run("resetpassword", "alice", "--password-stdin", input="a brand new passphrase\n")
    assert result.exit_code == 0, result.output
    assert not AccessAttempt.objects.filter(username="alice").exists()
