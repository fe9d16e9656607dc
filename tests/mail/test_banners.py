"""Who sees which banner about reminders that cannot go out.

Whoever runs the server (a staff or superuser account, else the first account)
sees each set-up problem with its fix; any other account is told only that its
own emails wait, and only when it wants emails. Either can dismiss the banner
(a POST with its CSRF token, for their own account only); it comes back when
the situation changes. Frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from keepwarm.accounts.services import create_user, runs_server
from keepwarm.mail import health
from keepwarm.mail.models import DismissedNotice, Heartbeat, ReminderSettings
from keepwarm.reminders import worker
from tests.conftest import FROZEN_AT

DISMISS = reverse("notice_dismiss")


@pytest.fixture
def no_email(settings):
    settings.EMAIL_HOST = ""


@pytest.fixture
def worker_ran(frozen):
    return Heartbeat.objects.create(name="serve@test", last_run_at=FROZEN_AT, interval_seconds=60)


def banner(client, url: str = "/") -> str:
    """The banner's HTML on the page at ``url``, or "" when there is none."""
    html = client.get(url).content.decode()
    start = html.find('<div class="health-banner')
    return "" if start < 0 else html[start : html.index("<!-- /health-banner -->", start)]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def emails_off(user) -> None:
    ReminderSettings.objects.update_or_create(user=user, defaults={"emails_on": False})


def dismiss(client, situation: str, **extra):
    return client.post(DISMISS, {"situation": situation, "next": "/people/"}, **extra)


def shown_situation(client) -> str:
    html = banner(client)
    marker = 'name="situation" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


# --- who runs the server -----------------------------------------------------------


def test_the_first_account_runs_a_server_without_staff(alice, bob):
    assert runs_server(alice)
    assert not runs_server(bob)


def test_staff_and_superusers_run_the_server_and_the_first_account_then_does_not(alice, bob, carol):
    bob.is_staff = True
    bob.save()
    carol.is_superuser = True
    carol.save()
    assert runs_server(bob) and runs_server(carol)
    assert not runs_server(alice)


def test_the_demo_never_runs_the_server(db):
    demo = create_user("demo", None, is_demo=True)
    first = create_user("alice", None)
    assert runs_server(first)
    assert not runs_server(demo)


def test_a_deactivated_first_account_hands_over_to_the_next(alice, bob):
    alice.is_active = False
    alice.save()
    assert runs_server(bob)


# --- who sees what -------------------------------------------------------------------


def test_whoever_runs_the_server_sees_each_problem_with_its_fix(alice, bob, frozen, no_email):
    text = banner(signed_in(alice))
    assert "The reminder worker has never run." in text
    assert "keepwarm worker --loop" in text
    assert "Email is not set up." in text
    assert "Set EMAIL_URL" in text
    assert "keepwarm doctor" in text


def test_whoever_runs_the_server_sees_it_with_emails_off(alice, bob, frozen, no_email):
    emails_off(alice)
    assert "Email is not set up." in banner(signed_in(alice))


def test_a_user_who_wants_emails_is_told_they_wait_and_no_more(alice, bob, frozen, no_email):
    text = banner(signed_in(bob))
    assert "Your reminder emails are waiting" in text
    assert "Tell whoever runs it." in text
    for admin_words in ("EMAIL_URL", "keepwarm worker", "Email is not set up", "never run"):
        assert admin_words not in text


def test_a_user_is_told_when_only_the_worker_stopped(alice, bob, worker_ran, frozen):
    frozen.shift(dt.timedelta(minutes=5))
    assert "Your reminder emails are waiting" in banner(signed_in(bob))
    assert "The reminder worker is not running." in banner(signed_in(alice))


def test_a_user_with_emails_off_sees_no_banner(alice, bob, frozen, no_email):
    emails_off(bob)
    assert banner(signed_in(bob)) == ""


def test_a_user_without_an_address_sees_no_banner(alice, bob, frozen, no_email):
    bob.email = ""
    bob.save()
    assert banner(signed_in(bob)) == ""


def test_the_demo_sees_no_banner(alice, frozen, no_email):
    demo = create_user("demo", None, is_demo=True, email="demo@example.org")
    assert banner(signed_in(demo)) == ""


def test_nobody_sees_a_banner_when_all_is_well(alice, bob, worker_ran, smtp_server):
    assert banner(signed_in(alice)) == ""
    assert banner(signed_in(bob)) == ""


def test_a_normal_user_sees_no_fix_on_the_outbox_page(alice, bob, frozen, no_email):
    outbox = signed_in(bob).get(reverse("outbox")).content.decode()
    assert "Email is not set up yet" in outbox
    assert "EMAIL_URL" not in outbox
    assert "tell whoever runs it" in outbox
    assert "EMAIL_URL" in signed_in(alice).get(reverse("outbox")).content.decode()


def test_the_banner_costs_nothing_on_a_page_fragment(alice, bob, frozen, no_email):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reads_heartbeat(headers=None) -> bool:
        with CaptureQueriesContext(connection) as page:
            client.get(reverse("people"), headers=headers)
        return any("reminders_heartbeat" in q["sql"] for q in page.captured_queries)

    client = signed_in(bob)
    assert reads_heartbeat()
    assert not reads_heartbeat({"HX-Request": "true"})


# --- dismissing ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_a_dismissed_banner_stays_away(alice, bob, frozen, no_email, who):
    client = signed_in(alice if who == "alice" else bob)
    response = dismiss(client, shown_situation(client))
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert banner(client) == ""
    assert banner(client, reverse("people")) == ""


def test_the_admin_banner_comes_back_when_the_situation_changes(
    alice, worker_ran, frozen, no_email
):
    client = signed_in(alice)
    dismiss(client, shown_situation(client))
    assert banner(client) == ""
    frozen.shift(dt.timedelta(minutes=5))  # the worker stops as well
    text = banner(client)
    assert "The reminder worker is not running." in text
    assert "Email is not set up." in text


def test_a_user_banner_comes_back_once_all_was_well_in_between(
    alice, bob, frozen, settings, smtp_server
):
    settings.EMAIL_HOST = ""
    client = signed_in(bob)
    dismiss(client, shown_situation(client))
    assert banner(client) == ""
    settings.EMAIL_HOST = "127.0.0.1"  # the test mail server
    worker.run_once(FROZEN_AT)  # all is well: dismissals are forgotten
    assert banner(client) == ""
    settings.EMAIL_HOST = ""  # and later the mail server goes away again
    assert "Your reminder emails are waiting" in banner(client)


def test_a_user_banner_stays_dismissed_while_only_its_cause_changes(
    alice, bob, worker_ran, frozen, no_email
):
    client = signed_in(bob)
    dismiss(client, shown_situation(client))
    frozen.shift(dt.timedelta(minutes=5))  # the worker stops too: still "emails wait"
    assert banner(client) == ""


def test_a_dismissal_of_an_older_situation_does_not_hide_the_new_one(
    alice, bob, worker_ran, frozen, no_email
):
    client = signed_in(alice)
    dismiss(client, "admin:worker-never-ran")
    assert "Email is not set up." in banner(client)


def test_turning_emails_back_on_keeps_a_dismissal(alice, bob, frozen, no_email):
    client = signed_in(bob)
    dismiss(client, shown_situation(client))
    emails_off(bob)
    ReminderSettings.objects.filter(user=bob).update(emails_on=True)
    assert banner(client) == ""


def test_dismissing_is_post_only(alice, bob, frozen, no_email):
    client = signed_in(bob)
    assert client.get(DISMISS).status_code == 405
    assert not DismissedNotice.objects.exists()


def test_dismissing_needs_the_csrf_token(alice, bob, frozen, no_email):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    assert dismiss(client, "emails-waiting").status_code == 403
    assert not DismissedNotice.objects.exists()


def test_dismissing_needs_a_signed_in_account(client, alice, frozen, no_email):
    response = dismiss(client, "emails-waiting")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not DismissedNotice.objects.exists()


def test_dismissing_is_for_ones_own_account_only(alice, bob, carol, frozen, no_email):
    bob_client = signed_in(bob)
    situation = shown_situation(bob_client)
    bob_client.post(DISMISS, {"situation": situation, "owner": alice.pk, "user": carol.pk})
    assert list(DismissedNotice.objects.values_list("owner", flat=True)) == [bob.pk]
    assert "Email is not set up." in banner(signed_in(alice))
    assert "Your reminder emails are waiting" in banner(signed_in(carol))


def test_dismissing_twice_keeps_one_row(alice, bob, frozen, no_email):
    client = signed_in(bob)
    dismiss(client, "emails-waiting")
    dismiss(client, "emails-waiting")
    assert DismissedNotice.objects.filter(owner=bob).count() == 1


def test_dismissing_by_htmx_answers_with_nothing_to_show(alice, bob, frozen, no_email):
    client = signed_in(bob)
    response = dismiss(client, shown_situation(client), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content == b""
    assert banner(client) == ""


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_dismissing_never_leaves_the_site(alice, bob, frozen, no_email, target):
    client = signed_in(bob)
    response = client.post(DISMISS, {"situation": "emails-waiting", "next": target})
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("situation", ["", "x" * 201, "a\x00b"])
def test_a_bad_situation_is_refused_and_nothing_is_kept(alice, bob, frozen, no_email, situation):
    client = signed_in(bob)
    response = client.post(DISMISS, {"situation": situation})
    assert response.status_code == 400
    assert not DismissedNotice.objects.exists()


def test_the_notice_says_the_same_as_the_banner(alice, bob, frozen, no_email):
    notice = health.notice_for(bob)
    assert notice is not None and not notice.for_admin
    assert notice.situation == shown_situation(signed_in(bob))
    admin = health.notice_for(alice)
    assert admin is not None and admin.for_admin
    assert [p.title for p in admin.problems] == [
        "The reminder worker has never run",
        "Email is not set up",
    ]
