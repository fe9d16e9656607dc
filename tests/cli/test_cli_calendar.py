"""`keepwarm calendar`: the same bytes as the feed, the secret address, a new
address, and clear errors. The clock is frozen at 2026-11-25."""

from __future__ import annotations

import datetime as dt

import icalendar
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from keepwarm.cli import cli
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import settings_of
from keepwarm.touches.services import add_follow_up


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


def people(alice, bob, jane):
    jane.birthday_month, jane.birthday_day = 2, 29
    jane.save()
    add_follow_up(alice, jane, "send the article", dt.date(2026, 12, 1))
    create_person(bob, "Bobs Secret Friend", birthday_month=12, birthday_day=5)


def test_the_file_holds_the_same_bytes_as_the_feed(alice, bob, jane, frozen, tmp_path):
    people(alice, bob, jane)
    target = tmp_path / "keepwarm.ics"
    result = run("calendar", "-o", str(target))
    assert result.exit_code == 0, result.output
    token = settings_of(alice).calendar_token
    served = Client().get(reverse("calendar_feed", args=[token]))
    assert target.read_bytes() == served.content
    count = len(list(icalendar.Calendar.from_ical(served.content).walk("VEVENT")))
    assert result.output == f"Wrote {count} events to {target}.\n"


def test_the_file_holds_only_the_chosen_accounts_people(alice, bob, jane, frozen, tmp_path):
    people(alice, bob, jane)
    target = tmp_path / "bob.ics"
    assert run("calendar", "-o", str(target), user="bob").exit_code == 0
    text = target.read_text()
    assert "Bobs Secret Friend's birthday" in text
    assert "Jane Doe" not in text and "send the article" not in text


def test_a_dash_writes_the_calendar_to_standard_output(alice, jane, frozen):
    result = run("calendar", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    assert "Wrote" not in result.output


def test_url_prints_the_secret_address_on_the_base_url(alice, frozen, settings):
    settings.KEEPWARM_BASE_URL = "https://keepwarm.example.org"
    result = run("calendar", "--url")
    token = settings_of(alice).calendar_token
    assert result.exit_code == 0
    assert result.output == f"https://keepwarm.example.org/calendar/{token}.ics\n"


def test_new_url_revokes_the_old_address(alice, frozen):
    old = settings_of(alice).calendar_token
    result = run("calendar", "--new-url")
    new = settings_of(alice).calendar_token
    assert result.exit_code == 0 and new != old
    assert f"/calendar/{new}.ics" in result.stdout
    assert "old one no longer works" in result.stderr
    assert Client().get(reverse("calendar_feed", args=[old])).status_code == 404


def test_nothing_asked_is_a_usage_error(alice):
    result = run("calendar")
    assert result.exit_code == 2
    assert "-o FILE.ics" in result.output and "Traceback" not in result.output


def test_an_unwritable_file_is_a_clear_error(alice, frozen, tmp_path):
    result = run("calendar", "-o", str(tmp_path / "missing" / "keepwarm.ics"))
    assert result.exit_code == 1
    assert "Cannot write" in result.output and "Traceback" not in result.output


def test_the_help_explains_the_feed():
    result = CliRunner().invoke(cli, ["calendar", "--help"])
    assert result.exit_code == 0
    assert "iCalendar" in result.output and "--new-url" in result.output
