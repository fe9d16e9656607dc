"""Birthday greetings sent by themselves, against a real SMTP server (aiosmtpd)
with frozen time: at the chosen local hour, once; never twice across runs and
workers; never for the deceased; never late after downtime."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from keepwarm.contacts.services import create_person
from keepwarm.mail.models import OutboxMessage, ReminderSettings, settings_of
from keepwarm.occasions import autosend
from keepwarm.owned import owned
from keepwarm.reminders import worker
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import kind

Status = OutboxMessage.Status


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def opt_in(user, hour=9):
    ReminderSettings.objects.filter(pk=settings_of(user).pk).update(
        birthday_autosend=True, autosend_hour=hour
    )


def birthday_person(user, name="Jane Doe", month=11, day=25, **fields):
    email = name.split()[0].lower() + "@example.com"
    return create_person(
        user, name, birthday_month=month, birthday_day=day, emails=[email], **fields
    )


@pytest.fixture
def clock():
    with time_machine.travel(utc(2026, 11, 25, 6, 0), tick=False) as traveller:
        yield traveller


def greetings_in(server):
    """What reached the user's contacts (not the user's own digest)."""
    return [m for m in server.messages if not m["To"].endswith("@example.org")]


def run(at: dt.datetime, name="worker@test"):
    return worker.run_once(at, name=name)


def test_sent_at_the_chosen_local_hour_once_and_logged(alice, clock, smtp_server):
    opt_in(alice, hour=9)  # Berlin: 09:00 local is 08:00 UTC
    jane = birthday_person(alice, birthday_year=1990)
    run(utc(2026, 11, 25, 7, 59))
    assert not greetings_in(smtp_server)
    clock.move_to(utc(2026, 11, 25, 8, 0))
    run(utc(2026, 11, 25, 8, 0))
    [email] = greetings_in(smtp_server)
    assert (email["To"], email["Subject"]) == ("jane@example.com", "Happy birthday, Jane!")
    message = OutboxMessage.objects.get(kind="greeting")
    assert message.key == f"greeting:auto:{jane.pk}:2026"
    [touch] = owned(Touch, alice)
    assert (touch.kind.label, touch.date, list(touch.people.all())) == (
        "birthday greeting",
        dt.date(2026, 11, 25),
        [jane],
    )


def test_never_twice_across_runs_and_two_workers(alice, clock, smtp_server):
    opt_in(alice)
    birthday_person(alice)
    for minute, name in [(0, "one@a"), (0, "two@b"), (30, "one@a"), (600, "two@b")]:
        at = utc(2026, 11, 25, 8, 0) + dt.timedelta(minutes=minute)
        clock.move_to(at)
        run(at, name)
    assert len(greetings_in(smtp_server)) == 1
    assert OutboxMessage.objects.filter(kind="greeting").count() == 1
    assert owned(Touch, alice).count() == 1


def test_two_workers_queueing_at_once_make_one_message(alice, clock):
    opt_in(alice)
    birthday_person(alice)
    at = utc(2026, 11, 25, 9, 0)
    assert autosend.send_due_greetings(at) == 1
    assert autosend.send_due_greetings(at) == 0
    assert OutboxMessage.objects.filter(kind="greeting").count() == 1


def test_never_for_the_deceased_the_archived_the_paused_or_without_email(alice, clock, smtp_server):
    opt_in(alice)
    birthday_person(alice, "Karl Doe", deceased=True)
    birthday_person(alice, "Old Friend", archived=True)
    birthday_person(alice, "Quiet One", paused_until=dt.date(2026, 12, 1))
    create_person(alice, "No Mail", birthday_month=11, birthday_day=25)
    run(utc(2026, 11, 25, 10, 0))
    assert not greetings_in(smtp_server)
    assert not OutboxMessage.objects.filter(kind="greeting").exists()


def test_nothing_without_opting_in(alice, bob, clock, smtp_server):
    birthday_person(alice)
    run(utc(2026, 11, 25, 22, 0))
    assert not OutboxMessage.objects.filter(kind="greeting").exists()


def test_not_sent_when_already_greeted_by_hand(alice, clock, smtp_server):
    opt_in(alice)
    jane = birthday_person(alice)
    log_touch(alice, [jane], kind(alice, "birthday greeting"), date=dt.date(2026, 11, 24))
    run(utc(2026, 11, 25, 10, 0))
    assert not greetings_in(smtp_server)


def test_after_downtime_past_the_day_nothing_is_sent(alice, clock, smtp_server):
    opt_in(alice)
    birthday_person(alice)  # 25 November
    clock.move_to(utc(2026, 11, 26, 8, 0))  # the worker was down all of the 25th
    run(utc(2026, 11, 26, 8, 0))
    assert not greetings_in(smtp_server)
    assert not OutboxMessage.objects.filter(kind="greeting").exists()


def test_a_greeting_waiting_when_the_day_ends_is_given_up_not_sent_late(alice, clock, smtp_server):
    opt_in(alice)
    birthday_person(alice)
    smtp_server.stop()
    run(utc(2026, 11, 25, 8, 0))
    assert OutboxMessage.objects.get(kind="greeting").status == Status.QUEUED
    smtp_server.start()
    clock.move_to(utc(2026, 11, 25, 23, 30))  # 00:30 in Berlin: the 26th
    run(utc(2026, 11, 25, 23, 30))
    message = OutboxMessage.objects.get(kind="greeting")
    assert message.status == Status.FAILED
    assert "never sent late" in message.last_error
    assert not greetings_in(smtp_server)
    assert not owned(Touch, alice).exists()


def test_the_local_day_decides_not_utc(bob, clock, smtp_server):
    opt_in(bob, hour=20)  # New York
    birthday_person(bob)  # 25 November
    run(utc(2026, 11, 26, 0, 30))  # 19:30 on the 25th in New York
    assert not greetings_in(smtp_server)
    clock.move_to(utc(2026, 11, 26, 1, 0))
    run(utc(2026, 11, 26, 1, 0))  # 20:00 on the 25th in New York
    assert len(greetings_in(smtp_server)) == 1
    assert Touch.objects.get().date == dt.date(2026, 11, 25)


def test_29_february_is_greeted_on_28_february_in_a_common_year(alice, smtp_server):
    with time_machine.travel(utc(2027, 2, 28, 9, 0), tick=False):
        opt_in(alice)
        leap = birthday_person(alice, "Leap Baby", month=2, day=29)
        run(utc(2027, 2, 28, 9, 0))
    assert len(greetings_in(smtp_server)) == 1
    assert OutboxMessage.objects.get(kind="greeting").key == f"greeting:auto:{leap.pk}:2027"


def test_again_next_year_once(alice, clock, smtp_server):
    opt_in(alice)
    birthday_person(alice)
    run(utc(2026, 11, 25, 9, 0))
    clock.move_to(utc(2027, 11, 25, 9, 0))
    run(utc(2027, 11, 25, 9, 0))
    run(utc(2027, 11, 25, 9, 5))
    assert len(greetings_in(smtp_server)) == 2
    assert owned(Touch, alice).count() == 2


def test_the_settings_page_turns_it_on_at_an_hour(alice, alice_client, clock):
    data = {"emails_on": "on", "digest_weekday": "0", "digest_hour": "7"}
    response = alice_client.post(
        "/settings/reminders/", {**data, "birthday_autosend": "on", "autosend_hour": "8"}
    )
    assert response.status_code == 302
    found = settings_of(alice)
    assert (found.birthday_autosend, found.autosend_hour) == (True, 8)


@pytest.mark.parametrize("hour", ["24", "-1", "eight", "\uff18", "8.5"])
def test_a_bad_hour_is_refused(alice, alice_client, clock, hour):
    data = {"emails_on": "on", "digest_weekday": "0", "digest_hour": "7", "birthday_autosend": "on"}
    response = alice_client.post("/settings/reminders/", {**data, "autosend_hour": hour})
    assert response.status_code == 200
    assert "Pick an hour from 00:00 to 23:00." in response.content.decode()
    assert not settings_of(alice).birthday_autosend
