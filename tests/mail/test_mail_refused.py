"""keepwarm is no mail relay (issue 15): the demo account sends nothing, and any
other account sends only once its address is confirmed, through every door
that can put an email in the outbox (the greeting form, the invitation form,
birthday auto-send, the test email, the digest) and again at delivery; a
confirmation link, sent through a real SMTP server (aiosmtpd), confirms the
address it was sent to and no other."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing

from keepwarm.accounts import confirmation
from keepwarm.contacts.services import create_person
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage, ReminderSettings, settings_of
from keepwarm.occasions import autosend, greetings
from keepwarm.occasions.hosting import send_invitations
from keepwarm.occasions.models import Gathering, Invitation
from keepwarm.reminders import digest
from keepwarm.touches.models import Touch
from tests.conftest import make_user

Kind = OutboxMessage.Kind


@pytest.fixture
def demo(db):
    return make_user("demo", is_demo=True)


@pytest.fixture
def dave(db):
    """Signed up with an address he has not confirmed yet."""
    return make_user("dave", confirmed=False)


@pytest.fixture(params=["demo", "dave"])
def refused(request):
    return request.getfixturevalue(request.param)


def friend(user, name="Jane Doe", **fields):
    return create_person(user, name, emails=["victim@example.net"], **fields)


def test_who_sends_email(alice, demo, dave):
    assert alice.sends_email
    assert not demo.sends_email and not dave.sends_email
    alice.email = "alice@elsewhere.example"  # a changed address is confirmed again
    assert not alice.sends_email


@pytest.mark.parametrize("kind", [k for k in Kind.values if k != Kind.CONFIRM])
def test_the_outbox_refuses_every_kind_at_enqueue(refused, kind):
    with pytest.raises(outbox.SendingRefused):
        outbox.enqueue(refused, kind, f"k-{kind}", subject="Hi", text="Hi", to="x@example.net")
    assert not OutboxMessage.objects.exists()


def test_the_demo_is_refused_even_a_confirmation(demo):
    with pytest.raises(outbox.SendingRefused, match="demo sends no email"):
        outbox.enqueue(demo, Kind.CONFIRM, "c", subject="Hi", text="Hi")


def test_a_greeting_is_refused_and_nothing_is_logged(refused, frozen, smtp_server):
    jane = friend(refused)
    draft = greetings.draft_for(refused, jane, greetings.Occasion.BIRTHDAY)
    with pytest.raises(outbox.SendingRefused):
        greetings.send(refused, draft, "victim@example.net")
    assert not OutboxMessage.objects.exists() and not Touch.objects.exists()
    assert smtp_server.messages == []


def test_the_greeting_form_says_why(refused, client, frozen, smtp_server):
    jane = friend(refused)
    client.force_login(refused)
    data = {
        "person": str(jane.pk),
        "occasion": "birthday",
        "to": "victim@example.net",
        "subject": "Buy now",
        "body": "Spam",
        "action": "send",
    }
    page = client.post("/greetings/send/", data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "demo sends no email" in text or "Confirm your email address first" in text
    assert not OutboxMessage.objects.exists() and smtp_server.messages == []


def test_invitations_are_refused_and_none_is_recorded(refused, frozen, smtp_server):
    people = [friend(refused, f"Guest {n}") for n in range(3)]
    party = Gathering.objects.create(owner=refused, title="Party", date=dt.date(2026, 12, 12))
    with pytest.raises(outbox.SendingRefused):
        send_invitations(party, people, "Come", "Hi {first_name}")
    assert not Invitation.objects.exists() and not OutboxMessage.objects.exists()


def test_the_invitation_form_says_why_and_inviting_by_hand_still_works(refused, client, frozen):
    guest = friend(refused)
    party = Gathering.objects.create(owner=refused, title="Party", date=dt.date(2026, 12, 12))
    client.force_login(refused)
    url = f"/gatherings/{party.pk}/invite/"
    data = {"people": [str(guest.pk)], "subject": "Come", "text": "Hi", "how": "email"}
    page = client.post(url, data)
    text = page.content.decode()
    assert page.status_code == 200
    assert "demo sends no email" in text or "Confirm your email address first" in text
    assert not OutboxMessage.objects.exists() and not Invitation.objects.exists()
    assert client.post(url, {**data, "how": "copy"}).status_code == 302
    assert Invitation.objects.filter(person=guest).exists()


def test_birthday_auto_send_skips_accounts_that_may_not_send(refused, smtp_server):
    ReminderSettings.objects.filter(pk=settings_of(refused).pk).update(
        birthday_autosend=True, autosend_hour=0
    )
    friend(refused, birthday_month=11, birthday_day=25)
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC), tick=False):
        assert autosend.send_due_greetings(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)) == 0
    assert not OutboxMessage.objects.exists()


def test_no_digest_goes_to_an_unconfirmed_address(dave, alice):
    assert list(digest._recipients()) == [alice]


def test_the_test_email_is_refused_with_why(dave, client, smtp_server):
    client.force_login(dave)
    page = client.post("/settings/outbox/test/", follow=True)
    assert "Confirm your email address first" in page.content.decode()
    assert smtp_server.messages == []


def test_a_message_queued_before_the_address_changed_is_not_delivered(alice, frozen, smtp_server):
    jane = friend(alice)
    draft = greetings.draft_for(alice, jane, greetings.Occasion.BIRTHDAY)
    outbox.enqueue(alice, Kind.GREETING, "g1", subject=draft.subject, text=draft.body, to="j@x.net")
    alice.email = "alice@elsewhere.example"
    alice.save()
    assert outbox.send_due() == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED  # at once: a retry is refused too
    assert "Confirm your email address first" in message.last_error
    assert smtp_server.messages == []


# Confirming an address ------------------------------------------------------------


def link_in(message) -> str:
    return re.search(r"http://\S+/confirm/(\S+)/", message.get_content()).group(1)


def test_the_link_confirms_the_address_and_greetings_go_out(dave, client, frozen, smtp_server):
    client.force_login(dave)
    page = client.post("/settings/email/confirm/", follow=True)
    assert "is on its way to dave@example.org" in page.content.decode()
    [sent] = smtp_server.messages
    assert sent["To"] == "dave@example.org"
    signed = link_in(sent)
    client.logout()  # the link works without signing in
    asked = client.get(f"/confirm/{signed}/")
    assert asked.status_code == 200 and "Confirm your email address?" in asked.content.decode()
    dave.refresh_from_db()
    assert not dave.sends_email  # a mail scanner's GET confirms nothing
    done = client.post(f"/confirm/{signed}/")
    assert "Your address is confirmed" in done.content.decode()
    dave.refresh_from_db()
    assert dave.sends_email
    jane = friend(dave)
    draft = greetings.draft_for(dave, jane, greetings.Occasion.BIRTHDAY)
    assert greetings.send(dave, draft, "victim@example.net").sent


def test_one_link_per_ten_minutes(dave, frozen, smtp_server):
    first = outbox.send_confirmation(dave)
    assert outbox.send_confirmation(dave).pk == first.pk
    assert len(smtp_server.messages) == 1


def test_a_link_for_an_old_address_confirms_nothing(dave, client, frozen):
    old = confirmation.token(dave)
    dave.email = "dave@elsewhere.example"
    dave.save()
    page = client.post(f"/confirm/{old}/")
    assert page.status_code == 400 and "no longer has" in page.content.decode()
    dave.refresh_from_db()
    assert not dave.sends_email


def test_a_changed_or_old_link_is_refused(dave, client, frozen):
    signed = confirmation.token(dave)
    assert client.post(f"/confirm/{signed[:-2]}xx/").status_code == 400
    with time_machine.travel(dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)):
        page = client.post(f"/confirm/{signed}/")
    assert page.status_code == 400 and "three days old" in page.content.decode()
    forged = signing.dumps({"u": dave.pk, "e": dave.email}, salt="another.salt")
    assert client.post(f"/confirm/{forged}/").status_code == 400
    dave.refresh_from_db()
    assert not dave.sends_email


def test_changing_the_address_in_settings_asks_to_confirm_it(alice, alice_client, smtp_server):
    page = alice_client.get("/settings/")
    assert "confirmed" in page.content.decode()
    data = {
        "email": "alice@elsewhere.example",
        "weekly_budget_minutes": "90",
        "week_start": "0",
        "country": "DE",
        "time_zone": "Europe/Berlin",
    }
    page = alice_client.post("/settings/", data, follow=True)
    assert "is on its way to alice@elsewhere.example" in page.content.decode()
    alice.refresh_from_db()
    assert not alice.sends_email
    assert "not confirmed" in page.content.decode()
    [sent] = smtp_server.messages
    assert sent["To"] == "alice@elsewhere.example"


def test_signing_up_sends_the_link(client, smtp_server, db):
    data = {
        "username": "erin",
        "email": "erin@example.org",
        "password1": "a long and unusual passphrase",
        "password2": "a long and unusual passphrase",
        "time_zone": "Europe/Berlin",
        "country": "DE",
    }
    page = client.post("/signup/", data, follow=True)
    assert page.status_code == 200, page.content.decode()[:2000]
    [sent] = smtp_server.messages
    assert sent["To"] == "erin@example.org" and "/confirm/" in sent.get_content()


def test_the_greeting_page_offers_no_send_button_and_says_why(refused, client, smtp_server):
    jane = friend(refused)
    client.force_login(refused)
    page = client.get(f"/greetings/send/?person={jane.pk}&occasion=birthday").content.decode()
    assert 'value="send"' not in page and 'value="sent"' in page  # "I sent it" stays
    assert "demo sends no email" in page or "Confirm your email address first" in page


def test_the_invitation_form_starts_on_inviting_by_hand_and_says_why(refused, client, frozen):
    party = Gathering.objects.create(owner=refused, title="Party", date=dt.date(2026, 12, 12))
    client.force_login(refused)
    page = client.get(f"/gatherings/{party.pk}/").content.decode()
    assert 'name="how" value="email"' not in page and 'name="how" value="copy"' in page
    assert "demo sends no email" in page or "Confirm your email address first" in page


GARBLED = {
    "not a link": lambda: "not-a-link",
    "ours, but no payload we make": lambda: signing.dumps([1, 2], salt=confirmation.SALT),
    "an id that is no number": lambda: signing.dumps(
        {"u": "1", "e": "x@example.org"}, salt=confirmation.SALT
    ),
}
"""Made in the test, not at collection: a signed value holds the time it was made,
and the suite's workers must collect the same tests."""


@pytest.mark.parametrize("what", sorted(GARBLED))
def test_a_garbled_link_is_a_page_that_says_so_never_an_error(dave, client, what):
    signed = GARBLED[what]()
    for method in (client.get, client.post):
        page = method(f"/confirm/{signed}/")
        assert page.status_code == 400 and "Send a new one from Settings" in page.content.decode()


def test_confirmation_links_are_limited_per_account_and_per_address(dave, frozen, smtp_server):
    """An unconfirmed account changing its address again and again, or sign-ups
    with someone else's, would make the links a relay of one line."""
    for n in range(3):
        dave.email = f"victim{n}@example.net"
        dave.save()
        outbox.send_confirmation(dave)
    dave.email = "victim3@example.net"
    dave.save()
    with pytest.raises(outbox.SendingRefused, match="in the last hour"):
        outbox.send_confirmation(dave)
    others = [make_user(f"mallory{n}", confirmed=False) for n in range(4)]
    for mallory in others:
        mallory.email = "target@example.net"
        mallory.save()
    for mallory in others[:3]:
        outbox.send_confirmation(mallory)
    with pytest.raises(outbox.SendingRefused, match="had 3 confirmation links today"):
        outbox.send_confirmation(others[3])
    assert len(smtp_server.messages) == 6
    assert all(
        "dave" not in m.get_content() and "mallory" not in m.get_content()
        for m in smtp_server.messages
    )  # nothing the account chose is in it
