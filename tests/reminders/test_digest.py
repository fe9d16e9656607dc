"""The weekly digest and the daily email: they leave at the user's local hour
(also across a daylight-saving change), once, only the latest after downtime,
never to a user with emails off or no address; and they hold the week's agenda,
follow-ups, coming occasions and belated birthdays, with signed links."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from keepwarm.accounts.services import create_user
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import OutboxMessage, ReminderSettings, settings_of
from keepwarm.reminders import digest, worker
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind, make_user

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = dt.UTC


def at(*args: int, tz: dt.tzinfo = UTC) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


def keys(user=None):
    rows = OutboxMessage.objects.all() if user is None else OutboxMessage.objects.owned_by(user)
    return sorted(rows.values_list("key", flat=True))


def run(frozen, when: dt.datetime) -> int:
    frozen.move_to(when)
    return digest.schedule_due(when)


@pytest.fixture
def network(alice, jane, frozen):
    """Jane (Core, coffee in June), Priya (birthday Friday 27 November) and a
    follow-up for Jane due on Monday 23 November (overdue on the 25th)."""
    priya = create_person(alice, "Priya Raman", birthday_month=11, birthday_day=27)
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 6, 10))
    follow_up = add_follow_up(alice, jane, "send the sourdough article", dt.date(2026, 11, 23))
    return {"jane": jane, "priya": priya, "follow_up": follow_up}


# When it leaves -------------------------------------------------------------------


def test_the_digest_leaves_at_seven_local_on_monday_for_each_user(alice, bob, frozen):
    assert run(frozen, at(2026, 11, 30, 5, 59)) == 0  # 06:59 in Berlin
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 1  # 07:00 in Berlin
    assert keys() == [f"digest:{alice.pk}:2026-11-30"]
    assert run(frozen, at(2026, 11, 30, 11, 59)) == 0  # 06:59 in New York
    assert run(frozen, at(2026, 11, 30, 12, 0)) == 1
    assert keys(bob) == [f"digest:{bob.pk}:2026-11-30"]
    message = OutboxMessage.objects.owned_by(alice).get()
    assert (message.kind, message.to) == ("digest", "alice@example.org")


def test_every_user_due_in_one_run_gets_theirs(alice, bob, carol, frozen):
    # 07:00 UTC (carol's zone) is 08:00 in Berlin (alice) and 02:00 in New York (bob).
    assert run(frozen, at(2026, 11, 30, 7, 0)) == 2
    assert keys() == sorted([f"digest:{alice.pk}:2026-11-30", f"digest:{carol.pk}:2026-11-30"])


def test_the_chosen_day_and_hour_are_kept(alice, frozen):
    ReminderSettings.objects.create(user=alice, digest_weekday=4, digest_hour=18)
    assert run(frozen, at(2026, 11, 27, 16, 59)) == 0  # Friday 17:59 in Berlin
    assert run(frozen, at(2026, 11, 27, 17, 0)) == 1
    assert keys() == [f"digest:{alice.pk}:2026-11-27"]


def _sent_hours(frozen, start: dt.datetime, days: int) -> list[dt.datetime]:
    """Run the worker every 30 minutes; the UTC times at which digests were queued."""
    sent = []
    for step in range(days * 48):
        when = start + dt.timedelta(minutes=30 * step)
        if run(frozen, when):
            sent.append(when)
    return sent


@pytest.mark.parametrize(
    ("user_name", "zone", "expected"),
    [
        # Berlin moves to summer time on Sunday 28 March 2027: 07:00 is 06:00 UTC, then 05:00.
        ("alice", BERLIN, [at(2027, 3, 22, 6), at(2027, 3, 29, 5)]),
        # New York moves on Sunday 14 March 2027: 07:00 is 12:00 UTC, then 11:00.
        ("bob", NEW_YORK, [at(2027, 3, 8, 12), at(2027, 3, 15, 11)]),
    ],
)
def test_the_local_hour_holds_across_daylight_saving(request, frozen, user_name, zone, expected):
    user = request.getfixturevalue(user_name)
    settings_of(user)
    ReminderSettings.objects.filter(user=user).update(last_digest_on=expected[0] - dt.timedelta(7))
    sent = _sent_hours(frozen, expected[0] - dt.timedelta(days=1), days=9)
    assert sent == expected
    assert all(when.astimezone(zone).hour == 7 for when in sent)
    assert all(when.astimezone(zone).weekday() == 0 for when in sent)


def test_an_hour_skipped_by_the_clock_change_still_gets_its_digest():
    # Sunday 28 March 2027 in Berlin has no 02:00: at 03:00 summer time it is due.
    row = digest.Schedule(1, BERLIN, 6, 2, False, dt.date(2027, 3, 21), None, at(2026, 1, 1))
    assert digest.digest_due(row, at(2027, 3, 28, 0, 59)) is None  # 01:59 winter time
    assert digest.digest_due(row, at(2027, 3, 28, 1, 0)) == dt.date(2027, 3, 28)  # 03:00 CEST


def test_the_repeated_hour_in_autumn_sends_once(alice, frozen):
    ReminderSettings.objects.create(user=alice, digest_weekday=6, digest_hour=2)
    # Sunday 31 October 2027 in Berlin: 02:00-03:00 happens twice.
    assert run(frozen, at(2027, 10, 31, 0, 0)) == 1  # 02:00 summer time
    assert run(frozen, at(2027, 10, 31, 1, 0)) == 0  # 02:00 winter time
    assert keys() == [f"digest:{alice.pk}:2027-10-31"]


# Once, and only the latest ---------------------------------------------------------


def test_a_week_of_downtime_sends_exactly_one_digest(alice, network, frozen):
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 1
    # The worker is down from Monday 30 November until Tuesday 15 December:
    # the digests of 7 and 14 December were missed; only the latest goes.
    assert run(frozen, at(2026, 12, 15, 9, 0)) == 1
    assert run(frozen, at(2026, 12, 15, 9, 1)) == 0
    assert keys(alice) == [f"digest:{alice.pk}:2026-11-30", f"digest:{alice.pk}:2026-12-14"]


def test_running_twice_queues_once(alice, frozen):
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 1
    assert digest.schedule_due(at(2026, 11, 30, 6, 0)) == 0
    assert OutboxMessage.objects.count() == 1
    assert settings_of(alice).last_digest_on == dt.date(2026, 11, 30)


def test_no_digest_for_a_week_before_the_account_existed(db, frozen):
    frozen.move_to(at(2026, 12, 2, 10, 0))  # a Wednesday
    dora = make_user("dora", time_zone="Europe/Berlin")
    assert run(frozen, at(2026, 12, 2, 10, 5)) == 0
    assert run(frozen, at(2026, 12, 7, 6, 0)) == 1
    assert keys(dora) == [f"digest:{dora.pk}:2026-12-07"]


# Who gets none ---------------------------------------------------------------------


def test_no_digest_with_emails_off(alice, frozen):
    ReminderSettings.objects.create(user=alice, emails_on=False, daily_email=True)
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 0
    assert not OutboxMessage.objects.exists()


def test_no_digest_without_an_email_address(alice, frozen):
    alice.email = ""
    alice.save()
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 0
    assert not OutboxMessage.objects.exists()


def test_no_digest_for_the_demo_or_an_inactive_account(alice, frozen):
    create_user("demo", None, email="demo@example.org", is_demo=True)
    alice.is_active = False
    alice.save()
    assert run(frozen, at(2026, 11, 30, 12, 0)) == 0


def test_one_query_reads_everyone_who_is_not_due(
    alice, bob, carol, frozen, django_assert_num_queries
):
    frozen.move_to(at(2026, 11, 25, 10, 0))
    with django_assert_num_queries(1):
        assert digest.schedule_due(at(2026, 11, 25, 10, 0)) == 0


# The daily email -------------------------------------------------------------------


def test_the_daily_email_comes_on_days_with_something_in_it(alice, network, frozen):
    ReminderSettings.objects.create(
        user=alice, daily_email=True, last_digest_on=dt.date(2026, 11, 23)
    )
    assert run(frozen, at(2026, 11, 26, 5, 59)) == 0  # Thursday 06:59 in Berlin
    assert run(frozen, at(2026, 11, 26, 6, 0)) == 1  # the follow-up is overdue
    assert run(frozen, at(2026, 11, 26, 20, 0)) == 0
    message = OutboxMessage.objects.get(key=f"daily:{alice.pk}:2026-11-26")
    assert "send the sourdough article" in message.text
    assert "3 days overdue" in message.text


def test_no_daily_email_on_a_day_with_nothing(alice, frozen):
    ReminderSettings.objects.create(
        user=alice, daily_email=True, last_digest_on=dt.date(2026, 11, 23)
    )
    assert run(frozen, at(2026, 11, 26, 6, 0)) == 0
    assert settings_of(alice).last_daily_on == dt.date(2026, 11, 26)  # checked once a day


def test_a_birthday_today_makes_a_daily_email(alice, frozen):
    create_person(alice, "Priya Raman", birthday_month=11, birthday_day=27, birthday_year=1990)
    ReminderSettings.objects.create(
        user=alice, daily_email=True, last_digest_on=dt.date(2026, 11, 23)
    )
    assert run(frozen, at(2026, 11, 27, 6, 0)) == 1
    message = OutboxMessage.objects.get(kind="daily")
    assert message.subject.startswith("Today: Priya Raman's birthday")
    assert "turns 36" in message.text


def test_missed_daily_emails_are_not_sent_late(alice, network, frozen):
    ReminderSettings.objects.create(
        user=alice, daily_email=True, last_digest_on=dt.date(2026, 11, 30)
    )
    assert run(frozen, at(2026, 12, 3, 6, 0)) == 1  # down on the 1st and 2nd
    assert keys(alice) == [f"daily:{alice.pk}:2026-12-03"]


def test_the_digest_day_gets_no_daily_email_besides(alice, network, frozen):
    ReminderSettings.objects.create(user=alice, daily_email=True)
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 1
    assert run(frozen, at(2026, 11, 30, 6, 30)) == 0
    assert keys(alice) == [f"digest:{alice.pk}:2026-11-30"]


# What is in it ---------------------------------------------------------------------


def test_the_digest_lists_agenda_follow_ups_and_coming_birthdays(alice, network, frozen, settings):
    settings.KEEPWARM_BASE_URL = "https://keepwarm.example.org"
    email = digest.digest_email(alice, dt.date(2026, 11, 25))
    assert email.subject.startswith("Your week: ")
    assert "1 follow-up" in email.subject
    for body in (email.text, email.html):
        assert "Jane Doe" in body
        assert "send the sourdough article" in body
        assert "Priya Raman" in body and "birthday" in body
        assert "https://keepwarm.example.org/e/" in body
        assert "https://keepwarm.example.org/unsubscribe/" in body
    assert "THE WEEK AHEAD: Wednesday 25 November to Tuesday 1 December" in email.text
    assert "Friday 27 November, in 2 days" in email.text
    assert "2 days overdue" in email.text
    assert email.html.lstrip().startswith("<!doctype html>")
    assert "&lt;" not in email.text and "&amp;" not in email.text


def test_a_sunday_digest_covers_the_seven_days_ahead(alice, frozen):
    # Alice's weeks start on Monday; her digest leaves on Sunday at 18:00.
    ReminderSettings.objects.create(user=alice, digest_weekday=6, digest_hour=18)
    for name, day in (("Priya Raman", 1), ("Ola Berg", 5), ("Finn Lund", 6)):
        email = f"{name.split()[0].lower()}@example.com"
        create_person(alice, name, birthday_month=12, birthday_day=day, emails=[email])
    assert run(frozen, at(2026, 11, 29, 16, 59)) == 0  # Sunday 17:59 in Berlin
    assert run(frozen, at(2026, 11, 29, 17, 0)) == 1
    message = OutboxMessage.objects.owned_by(alice).get()
    agenda = message.text.split("FOLLOW-UPS")[0].split("COMING OCCASIONS")[0]
    assert "THE WEEK AHEAD: Sunday 29 November to Saturday 5 December" in agenda
    assert "Nothing planned" not in message.text
    assert "Tuesday, 1 December" in agenda and "Priya Raman" in agenda
    assert "Saturday, 5 December" in agenda and "Ola Berg" in agenda
    assert "Finn Lund" not in agenda  # Sunday 6 December: next digest's week
    assert "Finn Lund — birthday: Sunday 6 December, in 7 days" in message.text
    assert "The week ahead" in message.html and "Priya Raman" in message.html


def test_the_digest_shows_key_dates_of_the_next_two_weeks(alice, jane, frozen):
    jane.key_dates.create(owner=alice, label="wedding anniversary", month=12, day=3)
    jane.key_dates.create(owner=alice, label="name day", month=12, day=20)
    email = digest.digest_email(alice, dt.date(2026, 11, 25))
    assert "wedding anniversary" in email.text
    assert "name day" not in email.text


def test_a_birthday_missed_during_downtime_shows_as_belated(alice, frozen):
    create_person(alice, "Tom Berg", birthday_month=12, birthday_day=3)
    greeted = create_person(alice, "Ada Lind", birthday_month=12, birthday_day=4)
    frozen.move_to(at(2026, 12, 5, 12, 0))
    log_touch(alice, [greeted], kind(alice, "birthday greeting"), date=dt.date(2026, 12, 4))
    email = digest.digest_email(alice, dt.date(2026, 12, 14), last_digest_on=dt.date(2026, 11, 30))
    assert "BELATED BIRTHDAYS" in email.text
    assert "Tom Berg — birthday was on Thursday 3 December" in email.text
    assert "Ada Lind — birthday was on" not in email.text  # she was greeted
    assert "Belated birthdays" in email.html


def test_a_birthday_before_the_last_digest_is_not_belated(alice, frozen):
    create_person(alice, "Tom Berg", birthday_month=11, birthday_day=20)
    email = digest.digest_email(alice, dt.date(2026, 11, 30), last_digest_on=dt.date(2026, 11, 23))
    # (Tom may still be on the week's agenda for a routine touch.)
    assert "BELATED BIRTHDAYS" not in email.text
    assert "Tom Berg — birthday was on" not in email.text


def test_an_empty_week_still_gets_its_digest(alice, frozen):
    assert run(frozen, at(2026, 11, 30, 6, 0)) == 1
    message = OutboxMessage.objects.get()
    assert message.subject == "Your week: nothing planned"
    assert "Nothing planned for the week ahead." in message.text


def test_next_digest_is_said_in_the_users_time(alice, frozen):
    when = digest.next_digest(alice, at(2026, 11, 25, 10, 0))
    assert when == at(2026, 11, 30, 7, 0, tz=BERLIN)


# End to end: the worker, the outbox and a real SMTP server -----------------------------


def test_the_worker_delivers_one_digest_at_the_local_hour_after_downtime(
    alice, network, frozen, smtp_server, settings
):
    settings.KEEPWARM_BASE_URL = "https://keepwarm.example.org"
    ReminderSettings.objects.create(user=alice, last_digest_on=dt.date(2027, 3, 22))
    for when in (at(2027, 3, 29, 4, 59), at(2027, 3, 29, 5, 0), at(2027, 3, 29, 5, 1)):
        frozen.move_to(when)
        worker.run_once(when, name="worker@test")
    [message] = smtp_server.messages
    assert message["To"] == "alice@example.org"
    assert message["Subject"].startswith("Your week: ")
    assert "https://keepwarm.example.org/e/" in message.get_body(("plain",)).get_content()
    assert "<!doctype html>" in message.get_body(("html",)).get_content()
    assert (
        message["List-Unsubscribe"].strip().startswith("<https://keepwarm.example.org/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Down for two weeks: one digest, the latest, when the worker is back.
    when = at(2027, 4, 13, 8, 0)
    frozen.move_to(when)
    worker.run_once(when, name="worker@test")
    worker.run_once(when + dt.timedelta(minutes=1), name="worker@test")
    assert len(smtp_server.messages) == 2
    assert keys(alice)[-1] == f"digest:{alice.pk}:2027-04-12"
