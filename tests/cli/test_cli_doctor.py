"""`keepwarm doctor`: every check, each problem with its fix, exit 0 or 1."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from keepwarm.accounts.models import Profile
from keepwarm.cli import cli
from keepwarm.mail.models import Heartbeat, OutboxMessage

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def doctor():
    return CliRunner().invoke(cli, ["doctor"])


def beat(minutes_ago: float, interval: int = 60, error: str = "") -> None:
    Heartbeat.objects.create(
        name="serve@test",
        last_run_at=NOW - dt.timedelta(minutes=minutes_ago),
        interval_seconds=interval,
        last_error=error,
    )


@pytest.fixture
def healthy(alice, frozen, smtp_server):
    beat(minutes_ago=1)
    return smtp_server


def test_all_is_well_exits_0(healthy):
    result = doctor()
    assert result.exit_code == 0, result.output
    for line in (
        "✓  Database:",
        "✓  Migrations: the database is up to date",
        f"✓  Email: mail server 127.0.0.1 port {healthy.port} accepts connections",
        "✓  Worker: worker serve@test ran at 2026-11-25 09:59 UTC",
        "✓  Time zones:",
        "All is well.",
    ):
        assert line in result.output


def test_no_mail_server_and_no_worker_are_two_problems_with_their_fixes(alice, frozen, settings):
    settings.EMAIL_HOST = ""
    result = doctor()
    assert result.exit_code == 1
    assert "✗  Email\n     Email is not set up." in result.output
    assert "Fix: Set EMAIL_URL (for example smtp+tls://" in result.output
    assert "✗  Worker\n     The reminder worker has never run." in result.output
    assert "Fix: Start the server with keepwarm serve" in result.output
    assert "keepwarm: 2 problems found (see above)." in result.stderr


def test_a_mail_server_that_is_down_is_named_with_its_fix(healthy):
    healthy.stop()
    result = doctor()
    assert result.exit_code == 1
    assert "Cannot use the mail server. Could not connect to the mail server at 127.0.0.1" in (
        result.output
    )
    assert "connection refused" in result.output
    assert "Fix: Check the host and port in EMAIL_URL" in result.output


def test_a_stale_worker_is_a_problem(healthy):
    Heartbeat.objects.all().delete()
    beat(minutes_ago=3)  # two intervals of 60 s missed
    result = doctor()
    assert result.exit_code == 1
    assert "The reminder worker is not running. It last ran 3 minutes ago (25 Nov, 09:57)" in (
        result.output
    )


def test_a_worker_within_two_intervals_is_fine(healthy):
    Heartbeat.objects.all().delete()
    beat(minutes_ago=9, interval=300)
    assert doctor().exit_code == 0


def test_the_workers_last_error_is_shown(healthy):
    Heartbeat.objects.update(last_error="Failed while sending email: boom")
    result = doctor()
    assert result.exit_code == 1
    assert "The reminder worker ran into an error. Failed while sending email: boom" in (
        result.output
    )


def test_failed_emails_are_counted_with_the_way_to_retry(healthy, alice):
    for i in range(2):
        OutboxMessage.objects.create(
            owner=alice,
            kind="digest",
            key=f"k{i}",
            to="a@example.org",
            subject="s",
            text="t",
            status="failed",
        )
    result = doctor()
    assert result.exit_code == 1
    assert "2 emails failed for good" in result.output
    assert "press Retry on the outbox page" in result.output


def test_an_unknown_time_zone_of_an_account_is_named(healthy, alice):
    Profile.objects.filter(user=alice).update(time_zone="Mars/Olympus_Mons")
    result = doctor()
    assert result.exit_code == 1
    assert "Unknown time zones" in result.output
    assert "Mars/Olympus_Mons" in result.output


def test_pending_migrations_skip_the_checks_that_need_the_database(healthy, monkeypatch):
    monkeypatch.setattr("keepwarm.cli.doctor.pending_migrations", lambda: 3)
    result = doctor()
    assert result.exit_code == 1
    assert "Changes to the database waiting to be applied: 3." in result.output
    assert "Fix: Run `keepwarm manage migrate`" in result.output
    assert "-  Email: skipped until the database is fixed" in result.output
    assert "Traceback" not in result.output
