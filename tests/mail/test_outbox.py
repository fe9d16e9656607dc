"""The outbox against a real SMTP server (aiosmtpd on loopback), with frozen
time: idempotent enqueue, delivery with a key-based Message-ID, backoff while
the server is down and exactly one delivery when it is back, failures kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from keepwarm import config, config_email
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage, ReminderSettings, settings_of

Status = OutboxMessage.Status
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def message(user, key="digest:1:2026-11-30", kind="digest", **fields):
    fields = {"subject": "Your week", "text": "Three people to call.", **fields}
    return outbox.enqueue(user, kind, key, **fields)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def fresh(row: OutboxMessage) -> OutboxMessage:
    row.refresh_from_db()
    return row


# --- enqueue -------------------------------------------------------------------


def test_enqueue_makes_one_row_per_key_and_leaves_it_unchanged(alice, frozen):
    first = message(alice, html="<p>Three people to call.</p>")
    again = message(alice, subject="Something else", text="other")
    assert again.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    row = fresh(first)
    assert (row.subject, row.text, row.to) == ("Your week", "Three people to call.", alice.email)
    assert (row.status, row.attempts, row.owner) == (Status.QUEUED, 0, alice)


def test_enqueue_sends_to_another_address_when_asked(alice, frozen):
    row = message(alice, key="greeting:1", kind="greeting", to="jane@example.com")
    assert row.to == "jane@example.com"


def test_enqueue_refuses_a_malformed_address(alice, frozen):
    with pytest.raises(ValidationError):
        message(alice, key="greeting:2", kind="greeting", to="not an address")
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("kind", ["digest", "daily"])
def test_no_digest_or_daily_email_for_a_user_who_turned_emails_off(alice, frozen, kind):
    ReminderSettings.objects.filter(pk=settings_of(alice).pk).update(emails_on=False)
    assert message(alice, key=f"{kind}:1", kind=kind) is None
    assert not OutboxMessage.objects.exists()


def test_no_email_for_a_user_without_an_address(alice, frozen):
    alice.email = ""
    alice.save()
    assert message(alice) is None
    assert not OutboxMessage.objects.exists()


# --- delivery ------------------------------------------------------------------


def test_a_due_message_is_delivered_once_with_text_html_and_a_key_based_message_id(
    alice, frozen, smtp_server
):
    row = message(alice, html="<p>Three <b>people</b> to call.</p>")
    assert outbox.send_due() == 1
    assert outbox.send_due() == 0  # nothing twice
    [received] = smtp_server.messages
    assert received["To"] == "alice@example.org"
    assert received["From"] == "keepwarm <keepwarm@example.org>"
    assert received["Subject"] == "Your week"
    assert received["Message-ID"] == outbox.message_id(row.key)
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.get_body(("plain",)).get_content().strip() == "Three people to call."
    assert "<b>people</b>" in received.get_body(("html",)).get_content()
    row = fresh(row)
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (Status.SENT, 1, T0, "")


def test_the_message_id_is_stable_valid_and_names_the_key():
    first = outbox.message_id("digest:12:2026-11-30")
    assert first == outbox.message_id("digest:12:2026-11-30")
    assert first != outbox.message_id("digest:12:2026-12-07")
    assert re.fullmatch(r"<digest\.12\.2026-11-30\.[0-9a-f]{10}@[\w.-]+>", first)
    assert outbox.message_id("digest.12.2026-11-30") != first  # no two keys share one


def test_a_message_not_yet_due_waits(alice, frozen, smtp_server):
    row = message(alice)
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=at(5))
    assert outbox.send_due(at(4)) == 0
    assert outbox.send_due(at(5)) == 1
    assert len(smtp_server.messages) == 1


def test_with_the_server_down_it_retries_with_backoff_then_delivers_once(
    alice, frozen, smtp_server
):
    row = message(alice)
    smtp_server.stop()

    assert outbox.send_due(at(0)) == 0
    row = fresh(row)
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.QUEUED, 1, at(1))
    assert "connection refused" in row.last_error
    assert f"port {smtp_server.port}" in row.last_error

    assert outbox.send_due(at(0.5)) == 0  # waits its turn: no attempt is spent
    assert fresh(row).attempts == 1
    assert outbox.send_due(at(1)) == 0
    row = fresh(row)
    assert (row.attempts, row.next_attempt_at) == (2, at(1 + 5))

    smtp_server.start()
    assert outbox.send_due(at(6)) == 1
    for minutes in (7, 60, 24 * 60):
        assert outbox.send_due(at(minutes)) == 0
    assert len(smtp_server.messages) == 1
    row = fresh(row)
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (Status.SENT, 3, at(6), "")


def test_after_the_last_attempt_a_message_is_failed_and_kept_until_retried(
    alice, frozen, smtp_server
):
    row = message(alice)
    smtp_server.inbox.reply = "451 4.3.0 Mailbox temporarily unavailable"
    now, waits = at(0), []
    for _ in range(outbox.MAX_ATTEMPTS):
        assert outbox.send_due(now) == 0
        row = fresh(row)
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert row.status == Status.FAILED
    assert row.attempts == outbox.MAX_ATTEMPTS == 8
    assert [w.total_seconds() // 60 for w in waits[:-1]] == list(outbox.BACKOFF_MINUTES)
    assert "451 4.3.0 Mailbox temporarily unavailable" in row.last_error
    assert outbox.send_due(now + dt.timedelta(days=30)) == 0  # failed stays failed
    assert not smtp_server.messages

    smtp_server.inbox.reply = None
    assert outbox.retry(alice, row) is True
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.QUEUED, 0)
    assert outbox.send_due() == 1
    assert len(smtp_server.messages) == 1


def test_a_recipient_refused_for_good_fails_at_once(alice, frozen, smtp_server):
    smtp_server.inbox.refuse.add("gone@example.com")
    row = message(alice, key="greeting:1", kind="greeting", to="gone@example.com")
    assert outbox.send_due() == 0
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert "550 5.1.1 No such user here" in row.last_error


def test_without_a_mail_server_messages_wait_and_keep_their_attempts(alice, frozen, settings):
    settings.EMAIL_HOST = ""
    row = message(alice)
    assert outbox.send_due(at(0)) == 0
    assert outbox.send_due(at(60)) == 0
    row = fresh(row)
    assert (row.status, row.attempts, row.last_error) == (Status.QUEUED, 0, "")
    assert outbox.waiting_reason(row) == "Waiting for a mail server to be set up."


def test_a_connection_failure_ends_the_batch(alice, frozen, smtp_server):
    rows = [message(alice, key=f"greeting:{i}", kind="greeting") for i in range(3)]
    smtp_server.stop()
    assert outbox.send_due() == 0
    assert [fresh(r).attempts for r in rows] == [1, 0, 0]  # one attempt spent, not three


def test_a_message_refused_for_good_does_not_stop_the_others(alice, frozen, smtp_server):
    smtp_server.inbox.refuse.add("gone@example.com")
    message(alice, key="greeting:1", kind="greeting", to="gone@example.com")
    message(alice, key="greeting:2", kind="greeting")
    assert outbox.send_due() == 1
    assert [m["To"] for m in smtp_server.messages] == ["alice@example.org"]


# --- claiming and the duplicate window ------------------------------------------


def test_a_message_is_claimed_by_one_worker_only(alice, frozen):
    row = message(alice)
    first = outbox.claim(row.pk, "one", at(0))
    assert first is not None and first.claimed_by == "one" and first.attempts == 1
    assert outbox.claim(row.pk, "two", at(0)) is None
    assert fresh(row).claimed_by == "one"


def test_a_message_not_due_cannot_be_claimed(alice, frozen):
    row = message(alice)
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=at(10))
    assert outbox.claim(row.pk, "one", at(9)) is None


def test_a_message_left_sending_by_a_dead_worker_is_sent_again_after_15_minutes(
    alice, frozen, smtp_server
):
    row = message(alice)
    assert outbox.claim(row.pk, "crashed", at(0)) is not None  # and then the worker died
    assert outbox.send_due(at(14)) == 0
    assert fresh(row).status == Status.SENDING
    assert outbox.send_due(at(16)) == 1
    row = fresh(row)
    assert (row.status, row.attempts) == (Status.SENT, 2)
    [received] = smtp_server.messages
    assert received["Message-ID"] == outbox.message_id(row.key)  # a duplicate would share it


# --- retry and the test email --------------------------------------------------------


def test_retry_touches_only_the_users_own_messages(alice, bob, frozen):
    row = message(alice)
    OutboxMessage.objects.filter(pk=row.pk).update(status=Status.FAILED, attempts=8)
    assert outbox.retry(bob, row) is False
    assert (fresh(row).status, fresh(row).attempts) == (Status.FAILED, 8)


def test_a_sent_message_is_not_sent_again_by_retry(alice, frozen):
    row = message(alice)
    OutboxMessage.objects.filter(pk=row.pk).update(status=Status.SENT)
    assert outbox.retry(alice, row) is False


def test_the_test_email_is_sent_at_once(alice, frozen, smtp_server):
    row = outbox.send_test(alice)
    assert (row.status, row.kind, row.to) == (Status.SENT, "test", "alice@example.org")
    [received] = smtp_server.messages
    assert received["Subject"] == "keepwarm test email"


def test_a_test_email_that_fails_says_why_and_is_not_retried(alice, frozen, smtp_server):
    smtp_server.stop()
    row = outbox.send_test(alice)
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert "connection refused" in row.last_error


def test_no_test_email_without_a_mail_server(alice, frozen, settings):
    settings.EMAIL_HOST = ""
    with pytest.raises(outbox.EmailNotConfigured, match="Email is not set up"):
        outbox.send_test(alice)
    assert not OutboxMessage.objects.exists()


def test_no_test_email_without_an_address(alice, frozen, smtp_server):
    alice.email = ""
    alice.save()
    with pytest.raises(outbox.NoAddress):
        outbox.send_test(alice)


# --- email settings from the environment ----------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, config_email.EmailSettings()),
        (
            {"EMAIL_URL": "smtp+tls://me%40example.org:p%40ss@smtp.example.org"},
            config_email.EmailSettings(
                "smtp.example.org",
                587,
                "me@example.org",
                "p@ss",
                tls=True,
                sender="keepwarm@example.org",
            ),
        ),
        (
            {
                "EMAIL_URL": "smtps://u:p@mail.example.net:2465",
                "KEEPWARM_EMAIL_FROM": "kw <kw@x.org>",
            },
            config_email.EmailSettings(
                "mail.example.net", 2465, "u", "p", ssl=True, sender="kw <kw@x.org>"
            ),
        ),
        (
            {"EMAIL_URL": "smtp://localhost"},
            config_email.EmailSettings("localhost", 25, sender="keepwarm@localhost"),
        ),
        (
            {
                "KEEPWARM_SMTP_HOST": "smtp.example.org",
                "KEEPWARM_SMTP_SSL": "yes",
                "KEEPWARM_SMTP_USER": "me",
                "KEEPWARM_SMTP_PASSWORD": "secret",
            },
            config_email.EmailSettings(
                "smtp.example.org", 465, "me", "secret", ssl=True, sender="keepwarm@example.org"
            ),
        ),
        (
            {"KEEPWARM_SMTP_HOST": "relay", "KEEPWARM_SMTP_PORT": "2525"},
            config_email.EmailSettings("relay", 2525, sender="keepwarm@relay"),
        ),
    ],
)
def test_email_settings_from_a_url_or_the_smtp_variables(environ, expected):
    assert config_email.email(environ) == expected
    assert config_email.email(environ).configured is (expected.host is not None)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"EMAIL_URL": "http://smtp.example.org"}, "EMAIL_URL (value hidden) is not valid"),
        ({"EMAIL_URL": "smtp://"}, "the host is missing"),
        ({"EMAIL_URL": "smtp://h:port"}, "expected smtp://"),
        ({"EMAIL_URL": "smtp://h/path"}, "nothing after the host and port"),
        (
            {"EMAIL_URL": "smtp://h", "KEEPWARM_SMTP_HOST": "h"},
            "EMAIL_URL and KEEPWARM_SMTP_HOST are both set",
        ),
        (
            {"KEEPWARM_SMTP_HOST": "h", "KEEPWARM_SMTP_TLS": "1", "KEEPWARM_SMTP_SSL": "1"},
            "KEEPWARM_SMTP_TLS and KEEPWARM_SMTP_SSL are both on",
        ),
        ({"KEEPWARM_SMTP_HOST": "smtp://h"}, "expected a host name"),
        ({"KEEPWARM_SMTP_HOST": "h", "KEEPWARM_SMTP_PORT": "99999"}, "from 1 to 65535"),
        ({"KEEPWARM_EMAIL_FROM": "keepwarm"}, "expected an address"),
        ({"KEEPWARM_WORKER_INTERVAL": "5"}, "from 10 to 3600"),
    ],
)
def test_bad_email_settings_stop_with_a_clear_message(environ, message):
    with pytest.raises(config.ConfigError, match=re.escape(message)):
        config_email.email(environ)
        config.read("KEEPWARM_WORKER_INTERVAL", environ)


def test_a_password_is_never_repeated_in_a_message():
    with pytest.raises(config.ConfigError) as caught:
        config_email.email({"EMAIL_URL": "smtpx://me:hunter2-hunter2@h"})
    assert "hunter2" not in str(caught.value)
