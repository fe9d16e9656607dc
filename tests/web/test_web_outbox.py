"""The outbox page (waiting, failed with Retry, recently sent), the test email
against a real SMTP server, the health banner, and ownership. Frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.mail import outbox
from keepwarm.mail.models import Heartbeat, OutboxMessage

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
Status = OutboxMessage.Status


def row(user, key, status=Status.QUEUED, **fields):
    return OutboxMessage.objects.create(
        owner=user,
        kind=fields.pop("kind", "digest"),
        key=key,
        to=user.email,
        subject=fields.pop("subject", f"Subject {key}"),
        text="text",
        status=status,
        **fields,
    )


@pytest.fixture
def healthy(frozen, smtp_server):
    Heartbeat.objects.create(name="serve@test", last_run_at=NOW, interval_seconds=60)
    return smtp_server


def page(client):
    response = client.get(reverse("outbox"))
    assert response.status_code == 200
    return response, response.content.decode()


# --- the page ----------------------------------------------------------------------


def test_the_outbox_shows_waiting_failed_and_sent_of_the_user_only(
    alice, bob, alice_client, healthy
):
    row(alice, "a1", subject="Your week of 30 November")
    row(
        alice,
        "a2",
        Status.FAILED,
        subject="Happy birthday, Jane",
        attempts=8,
        last_error="The mail server answered 550 No such user.",
    )
    row(alice, "a3", Status.SENT, subject="Your week of 23 November", sent_at=NOW)
    row(bob, "b1", subject="Bob's week")
    response, html = page(alice_client)
    assert [m.subject for m in response.context["waiting"]] == ["Your week of 30 November"]
    assert [m.subject for m in response.context["failed"]] == ["Happy birthday, Jane"]
    assert [m.subject for m in response.context["sent"]] == ["Your week of 23 November"]
    assert "The mail server answered 550 No such user." in html
    assert "Bob&#x27;s week" not in html and "Bob's week" not in html
    assert reverse("outbox_retry", args=[OutboxMessage.objects.get(key="a2").pk]) in html


def test_an_empty_outbox_says_so(alice_client, healthy):
    _, html = page(alice_client)
    assert "Nothing waiting" in html and "Nothing sent yet" in html
    assert "Failed" not in html


def test_without_a_mail_server_the_page_explains_and_the_test_button_is_off(
    alice, alice_client, frozen, settings
):
    settings.EMAIL_HOST = ""
    row(alice, "a1")
    _, html = page(alice_client)
    assert "Email is not set up yet" in html
    assert "waits for a mail server" in html
    assert "disabled" in html


def test_the_settings_page_links_to_the_outbox(alice_client, healthy):
    html = alice_client.get(reverse("settings")).content.decode()
    assert reverse("outbox") in html


def test_the_outbox_needs_a_login(client, db):
    response = client.get(reverse("outbox"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- retry -------------------------------------------------------------------------


def test_retry_puts_a_failed_message_back_in_the_queue(alice, alice_client, healthy):
    failed = row(alice, "a1", Status.FAILED, attempts=8, last_error="boom")
    response = alice_client.post(reverse("outbox_retry", args=[failed.pk]), follow=True)
    assert response.status_code == 200
    assert "goes out again at the next run of the worker" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.next_attempt_at) == (Status.QUEUED, 0, NOW)
    assert outbox.send_due() == 1
    assert len(healthy.messages) == 1


def test_retry_of_a_sent_message_changes_nothing(alice, alice_client, healthy):
    sent = row(alice, "a1", Status.SENT, sent_at=NOW, attempts=1)
    response = alice_client.post(reverse("outbox_retry", args=[sent.pk]), follow=True)
    assert "was already sent" in response.content.decode()
    sent.refresh_from_db()
    assert (sent.status, sent.attempts) == (Status.SENT, 1)


def test_retry_is_post_only(alice, alice_client, healthy):
    failed = row(alice, "a1", Status.FAILED)
    assert alice_client.get(reverse("outbox_retry", args=[failed.pk])).status_code == 405
    assert OutboxMessage.objects.get().status == Status.FAILED


@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_for_alices_message_and_nothing_changes(alice, bob_client, healthy, method):
    failed = row(alice, "a1", Status.FAILED, attempts=8)
    response = getattr(bob_client, method)(reverse("outbox_retry", args=[failed.pk]))
    assert response.status_code == (404 if method == "post" else 405)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.FAILED, 8)


@pytest.mark.parametrize("pk", ["999999", "0", "123456789012345678"])
def test_retry_of_a_message_that_does_not_exist_is_404(alice_client, healthy, pk):
    response = alice_client.post(f"/settings/outbox/{pk}/retry/")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/settings/outbox/abc/retry/", "/settings/outbox/-1/retry/"])
def test_a_malformed_id_is_404(alice_client, healthy, path):
    assert alice_client.post(path).status_code == 404


# --- the test email ------------------------------------------------------------------


def test_the_test_email_is_sent_and_reported(alice, alice_client, healthy):
    response = alice_client.post(reverse("send_test_email"), follow=True)
    assert response.status_code == 200
    assert "Test email sent to alice@example.org" in response.content.decode()
    [received] = healthy.messages
    assert received["To"] == "alice@example.org"
    assert OutboxMessage.objects.get().status == Status.SENT


def test_the_test_email_with_the_server_down_shows_the_error_not_a_500(
    alice, alice_client, healthy
):
    healthy.stop()
    response = alice_client.post(reverse("send_test_email"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The test email to alice@example.org was not sent." in html
    assert "connection refused" in html
    assert OutboxMessage.objects.get().status == Status.FAILED


def test_the_test_email_with_the_server_refusing_shows_its_answer(alice, alice_client, healthy):
    healthy.inbox.reply = "554 5.7.1 Relay access denied"
    response = alice_client.post(reverse("send_test_email"), follow=True)
    assert "554 5.7.1 Relay access denied" in response.content.decode()


def test_the_test_email_without_a_mail_server_says_so(alice, alice_client, frozen, settings):
    settings.EMAIL_HOST = ""
    response = alice_client.post(reverse("send_test_email"), follow=True)
    assert response.status_code == 200
    assert "Email is not set up on this server" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_the_test_email_without_an_address_says_so(alice, alice_client, healthy):
    alice.email = ""
    alice.save()
    response = alice_client.post(reverse("send_test_email"), follow=True)
    assert "Your account has no email address" in response.content.decode()
    assert not healthy.messages


def test_the_test_email_is_post_only(alice_client, healthy):
    assert alice_client.get(reverse("send_test_email")).status_code == 405
    assert not OutboxMessage.objects.exists()


# --- the health banner ----------------------------------------------------------------


def banner(client) -> str:
    html = client.get(reverse("home")).content.decode()
    start = html.find('class="health-banner"')
    return "" if start < 0 else html[start : html.index("</div>\n</div>", start)]


def test_no_banner_when_all_is_well(alice_client, healthy):
    assert banner(alice_client) == ""


def test_the_banner_shows_a_worker_that_missed_two_runs(alice_client, healthy, frozen):
    frozen.shift(dt.timedelta(seconds=121))
    text = banner(alice_client)
    assert "The reminder worker is not running." in text
    assert "It last ran 2 minutes ago (25 Nov, 11:00)" in text  # in Berlin time
    assert "run keepwarm worker --loop" in text


def test_the_banner_waits_two_intervals(alice_client, healthy, frozen):
    frozen.shift(dt.timedelta(seconds=119))
    assert banner(alice_client) == ""


def test_the_banner_shows_a_worker_that_never_ran(alice_client, frozen, smtp_server):
    assert "The reminder worker has never run." in banner(alice_client)


def test_the_banner_shows_missing_email(alice_client, healthy, settings):
    settings.EMAIL_HOST = ""
    text = banner(alice_client)
    assert "Email is not set up." in text
    assert "Set EMAIL_URL" in text


def test_no_banner_for_visitors_who_are_not_signed_in(client, db, settings):
    settings.EMAIL_HOST = ""
    html = client.get(reverse("login")).content.decode()
    assert "health-banner" not in html


def test_retry_of_a_message_being_sent_says_so(alice, alice_client, healthy):
    sending = row(alice, "a1", Status.SENDING, attempts=1)
    response = alice_client.post(reverse("outbox_retry", args=[sending.pk]), follow=True)
    assert "is being sent right now" in response.content.decode()
    sending.refresh_from_db()
    assert (sending.status, sending.attempts) == (Status.SENDING, 1)


def test_a_test_email_the_worker_took_first_is_on_its_way(
    alice, alice_client, healthy, monkeypatch
):
    monkeypatch.setattr(outbox, "claim", lambda pk, who, now: None)  # another worker has it
    response = alice_client.post(reverse("send_test_email"), follow=True)
    assert "The test email to alice@example.org is on its way." in response.content.decode()
