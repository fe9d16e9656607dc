"""The occasions page, the greeting templates page and sending a greeting: a
filled draft, sent through a real SMTP server (aiosmtpd) and logged as a touch;
with the server down the draft stays, the outbox keeps it and nothing is logged;
bad values re-show the form; bob never drafts for alice's people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import LifeEvent
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions import greetings
from keepwarm.occasions.models import GreetingTemplate
from keepwarm.owned import owned
from keepwarm.reminders import worker
from keepwarm.touches.models import Touch

SEND = "/greetings/send/"
TEMPLATES = "/greetings/"


def draft_url(person, occasion="birthday"):
    return f"{SEND}?person={person.pk}&occasion={occasion}"


def post(client, person, action="send", **fields):
    data = {
        "person": str(person.pk),
        "occasion": "birthday",
        "to": "jane@example.com",
        "subject": "Happy birthday, Jane!",
        "body": "Hi Jane, have a lovely day.",
        "action": action,
        **fields,
    }
    return client.post(SEND, data)


def test_the_urls_are_named():
    assert reverse("occasions") == "/occasions/"
    assert reverse("greeting_templates") == TEMPLATES
    assert reverse("greeting_send") == SEND


# The occasions page ---------------------------------------------------------------


def test_the_occasions_page_lists_the_next_30_days_with_send_greeting(alice, alice_client, frozen):
    maria = create_person(
        alice, "Maria Rossi", birthday_month=12, birthday_day=20, birthday_year=1990
    )
    create_person(alice, "Too Far", birthday_month=12, birthday_day=26)
    page = alice_client.get("/occasions/").content.decode()
    assert "Maria Rossi" in page and "turns 36" in page
    assert "Too Far" not in page
    assert f"?person={maria.pk}&amp;occasion=birthday" in page
    for name in ("card_runs", "trips", "gatherings", "labels"):
        assert f'href="{reverse(name)}"' in page


def test_the_deceased_are_not_on_the_occasions_page(alice, alice_client, frozen):
    create_person(alice, "Karl Doe", birthday_month=12, birthday_day=1, deceased=True)
    assert "Karl Doe" not in alice_client.get("/occasions/").content.decode()


def test_the_nav_highlights_occasions(alice_client, frozen):
    page = alice_client.get("/occasions/").content.decode()
    assert '<a href="/occasions/" aria-current="page">Occasions</a>' in page


# Templates ------------------------------------------------------------------------


def test_the_templates_page_shows_each_occasion_with_a_preview(alice_client, frozen):
    page = alice_client.get(TEMPLATES).content.decode()
    for occasion in ("birthday", "holiday", "congratulations", "condolence"):
        assert f'id="{occasion}"' in page
    assert "Happy birthday, Jane!" in page  # the preview for the example person


def test_saving_a_template_changes_the_drafts(alice, alice_client, jane, frozen):
    response = alice_client.post(
        TEMPLATES,
        {
            "occasion": "birthday",
            "birthday-subject": "Alles Gute, {nickname}!",
            "birthday-body": "Liebe {first_name}, alles Gute! {my_name}",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert (
        owned(GreetingTemplate, alice).get(occasion="birthday").subject == "Alles Gute, {nickname}!"
    )
    page = alice_client.get(draft_url(jane)).content.decode()
    assert "Alles Gute, Jane!" in page and "Liebe Jane, alles Gute! alice" in page


def test_preview_shows_without_saving(alice, alice_client, frozen):
    response = alice_client.post(
        TEMPLATES,
        {
            "occasion": "holiday",
            "holiday-subject": "Hello {name}",
            "holiday-body": "x",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert "Hello Jane Doe" in response.content.decode()
    assert owned(GreetingTemplate, alice).get(occasion="holiday").subject != "Hello {name}"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "Hi {frist_name}", "Unknown placeholder {frist_name}"),
        ("body", "Dear {first_name} and {kids}", "Unknown placeholder {kids}"),
        ("subject", "", "This field is required"),
        ("body", "   ", "This field is required"),
        ("subject", "x" * 201, "Keep the subject under 200 characters"),
        ("body", "x" * 5001, "Keep the greeting under 5000 characters"),
        ("body", "nul \x00 byte", "Null characters are not allowed"),
    ],
)
def test_bad_template_values_reshow_the_form_and_change_nothing(
    alice, alice_client, frozen, field, value, message
):
    before = greetings.templates_of(alice)["birthday"]
    data = {
        "occasion": "birthday",
        "birthday-subject": "Hi",
        "birthday-body": "Hello",
        "action": "save",
    }
    data[f"birthday-{field}"] = value
    response = alice_client.post(TEMPLATES, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = owned(GreetingTemplate, alice).get(occasion="birthday")
    assert (after.subject, after.body) == (before.subject, before.body)


@pytest.mark.parametrize("occasion", ["", "party", "x" * 100, "\uff11"])
def test_a_bad_occasion_on_the_templates_page_changes_nothing(
    alice, alice_client, frozen, occasion
):
    greetings.templates_of(alice)
    response = alice_client.post(
        TEMPLATES, {"occasion": occasion, "birthday-subject": "Changed", "birthday-body": "x"}
    )
    assert response.status_code == 302
    assert not owned(GreetingTemplate, alice).filter(subject="Changed").exists()


# The draft and sending --------------------------------------------------------------


def test_the_draft_is_filled_with_the_preferred_email(alice, alice_client, jane, frozen):
    response = alice_client.get(draft_url(jane))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["to"].value() == "jane@example.com"
    assert form["subject"].value() == "Happy birthday, Jane!"
    page = response.content.decode()
    assert "mailto:jane@example.com?subject=Happy%20birthday%2C%20Jane%21" in page
    assert "I sent it" in page


def test_an_agenda_occasion_picks_its_template(alice, alice_client, jane, frozen):
    response = alice_client.get(draft_url(jane, "congratulate"))
    assert response.context["form"]["subject"].value() == "Congratulations, Jane!"


def test_sending_delivers_and_logs_the_touch(alice, alice_client, jane, frozen, smtp_server):
    response = post(alice_client, jane)
    assert response.status_code == 302
    [email] = smtp_server.messages
    assert email["To"] == "jane@example.com"
    assert email["Subject"] == "Happy birthday, Jane!"
    [touch] = owned(Touch, alice)
    assert touch.kind.label == "birthday greeting"
    assert list(touch.people.all()) == [jane]
    assert touch.date == dt.date(2026, 11, 25)
    message = OutboxMessage.objects.get()
    assert message.key == f"greeting:{jane.pk}:birthday:2026-11-25"
    page = alice_client.get(response["Location"]).content.decode()
    assert "Sent to Jane Doe (jane@example.com); logged as birthday greeting." in page


def test_sending_twice_the_same_day_sends_once(alice, alice_client, jane, frozen, smtp_server):
    post(alice_client, jane)
    response = post(alice_client, jane)
    assert response.status_code == 200
    assert "went out to jane@example.com today already" in response.content.decode()
    assert len(smtp_server.messages) == 1
    assert owned(Touch, alice).count() == 1


def test_smtp_down_keeps_the_draft_logs_nothing_and_sends_once_back(
    alice, alice_client, jane, frozen, smtp_server
):
    smtp_server.stop()
    response = post(alice_client, jane, body="My own words for Jane.")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not sent yet." in page and "It waits in the outbox" in page
    assert "My own words for Jane." in page  # the draft as typed
    assert not owned(Touch, alice).exists()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED

    smtp_server.start()
    frozen.shift(dt.timedelta(minutes=2))
    worker.run_once(name="worker@test")
    [email] = smtp_server.messages
    assert "My own words for Jane." in email.get_content()
    [touch] = owned(Touch, alice)
    assert touch.kind.label == "birthday greeting"


def test_editing_after_a_failure_sends_the_new_words(
    alice, alice_client, jane, frozen, smtp_server
):
    smtp_server.stop()
    post(alice_client, jane, body="First try.")
    smtp_server.start()
    response = post(alice_client, jane, body="Second try, better.")
    assert response.status_code == 302
    [email] = smtp_server.messages
    assert "Second try, better." in email.get_content()
    assert OutboxMessage.objects.count() == 1


def test_without_a_mail_server_the_draft_says_so_and_nothing_is_queued(
    alice, alice_client, jane, frozen, settings
):
    settings.EMAIL_HOST = ""
    page = alice_client.get(draft_url(jane)).content.decode()
    assert "Send by email" not in page
    response = post(alice_client, jane)
    assert response.status_code == 200
    assert "Email is not set up on this server" in response.content.decode()
    assert not OutboxMessage.objects.exists() and not owned(Touch, alice).exists()


def test_i_sent_it_logs_the_touch_and_drops_a_waiting_copy(
    alice, alice_client, jane, frozen, smtp_server
):
    smtp_server.stop()
    post(alice_client, jane)
    response = post(alice_client, jane, action="sent", to="")
    assert response.status_code == 302
    [touch] = owned(Touch, alice)
    assert touch.note == "Greeting: “Happy birthday, Jane!”"
    assert not OutboxMessage.objects.exists()  # never goes twice


def test_a_condolence_is_logged_as_a_condolence_and_answers_the_agenda(
    alice, alice_client, jane, frozen, smtp_server
):
    from keepwarm.plans import services

    LifeEvent.objects.create(
        owner=alice, person=jane, kind="bereavement", date=dt.date(2026, 11, 24)
    )
    assert any(i.occasion == "condolence" for i in services.current(alice).plan.items())
    post(alice_client, jane, occasion="condolence", subject="Thinking of you")
    assert owned(Touch, alice).get().kind.label == "condolence"
    assert not any(i.occasion == "condolence" for i in services.current(alice).plan.items())


def test_a_person_without_email_can_only_be_greeted_by_hand(alice, alice_client, frozen):
    omar = create_person(alice, "Omar Haddad")
    page = alice_client.get(draft_url(omar)).content.decode()
    assert "Send by email" not in page and "no email address for Omar" in page
    response = post(alice_client, omar, to="")
    assert response.status_code == 200
    assert "Pick an email address to send it to." in response.content.decode()
    assert post(alice_client, omar, action="sent", to="").status_code == 302


def test_no_greeting_for_the_deceased(alice, alice_client, frozen):
    karl = create_person(alice, "Karl Doe", deceased=True, emails=["karl@example.com"])
    response = alice_client.get(draft_url(karl))
    assert response.status_code == 302
    assert post(alice_client, karl).status_code == 302
    assert not OutboxMessage.objects.exists() and not owned(Touch, alice).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("to", "someone@else.example", "Pick one of their email addresses."),
        ("to", "not an address", "Pick one of their email addresses."),
        ("to", "", "Pick an email address to send it to."),
        ("subject", "", "Give the greeting a subject."),
        ("subject", "x" * 201, "Keep the subject under 200 characters."),
        ("body", "", "Write a few words first."),
        ("body", "x" * 5001, "Keep the greeting under 5000 characters."),
        ("body", "a\x00b", "Null characters are not allowed"),
    ],
)
def test_bad_values_reshow_the_draft_and_send_nothing(
    alice, alice_client, jane, frozen, smtp_server, field, value, message
):
    response = post(alice_client, jane, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not smtp_server.messages
    assert not OutboxMessage.objects.exists() and not owned(Touch, alice).exists()


@pytest.mark.parametrize("occasion", ["", "party", "x" * 300, "\uff22IRTHDAY"])
def test_a_bad_occasion_falls_back_to_birthday(alice_client, jane, frozen, occasion):
    response = alice_client.get(f"{SEND}?person={jane.pk}&occasion={occasion}")
    assert response.status_code == 200
    assert response.context["draft"].occasion == "birthday"


@pytest.mark.parametrize("person", ["", "abc", "-1", "99999999", "²", "1.5", "9" * 40])
def test_a_bad_person_is_404(alice_client, frozen, person):
    assert alice_client.get(f"{SEND}?person={person}").status_code == 404
    assert alice_client.post(SEND, {"person": person, "action": "sent"}).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_person_and_nothing_changes(
    alice, bob, jane, client, frozen, smtp_server, method
):
    client.force_login(bob)
    if method == "get":
        response = client.get(draft_url(jane))
    else:
        response = post(client, jane)
        assert post(client, jane, action="sent").status_code == 404
    assert response.status_code == 404
    assert not OutboxMessage.objects.exists() and not Touch.objects.exists()
    assert not smtp_server.messages


def test_the_agenda_offers_send_greeting_for_a_birthday(alice, alice_client, frozen):
    maria = create_person(
        alice, "Maria Rossi", birthday_month=11, birthday_day=26, emails=["m@example.com"]
    )
    page = alice_client.get("/").content.decode()
    assert f"/greetings/send/?person={maria.pk}&amp;occasion=birthday" in page
