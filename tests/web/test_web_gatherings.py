"""The gatherings pages: the list, the form (with a table of bad values), the
gathering page, inviting, answers and who came, next year's copy, and
ownership. The clock is frozen at 2026-11-25 (Wednesday)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions.hosting import invite
from keepwarm.occasions.models import Gathering, Invitation
from keepwarm.owned import owned
from keepwarm.touches.models import Touch

PARTY_DAY = dt.date(2026, 12, 12)


def party(user, **fields):
    values = {"title": "Chili party — football kickoff", "date": PARTY_DAY, **fields}
    return Gathering.objects.create(owner=user, **values)


def form_data(**changes):
    data = {
        "title": "Chili party — football kickoff",
        "date": "2026-12-12",
        "time": "18:30",
        "place": "Our place",
        "capacity": "12",
        "yearly": "on",
        "note": "Chili for twelve.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def state(user):
    return (
        list(owned(Gathering, user).values()),
        list(owned(Invitation, user).values()),
        list(owned(Touch, user).values()),
        list(OutboxMessage.objects.values()),
    )


# The list and the form ------------------------------------------------------------------


def test_the_list_splits_coming_and_past_gatherings(alice_client, alice, frozen):
    party(alice)
    party(alice, title="Summer barbecue", date=dt.date(2026, 8, 15), yearly=True)
    response = alice_client.get(reverse("gatherings"))
    assert [g.title for g in response.context["upcoming"]] == ["Chili party — football kickoff"]
    assert [g.title for g in response.context["past"]] == ["Summer barbecue"]
    assert "Plan next year" in response.content.decode()


def test_bob_sees_none_of_alices_gatherings(bob_client, alice, frozen):
    party(alice)
    response = bob_client.get(reverse("gatherings"))
    assert "Chili party" not in response.content.decode()


def test_a_new_gathering_is_saved_and_opens_its_page(alice_client, alice, frozen):
    response = alice_client.post(reverse("gathering_new"), form_data())
    gathering = owned(Gathering, alice).get()
    assert response.status_code == 302 and response["Location"] == f"/gatherings/{gathering.pk}/"
    assert (gathering.time, gathering.capacity, gathering.yearly) == (dt.time(18, 30), 12, True)


def test_a_past_date_is_kept_with_a_warning(alice_client, alice, frozen):
    response = alice_client.post(
        reverse("gathering_new"), form_data(date="2026-11-01"), follow=True
    )
    assert owned(Gathering, alice).get().date == dt.date(2026, 11, 1)
    assert "is in the past" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Give the gathering a name."),
        ("title", "   ", "Give the gathering a name."),
        ("title", "x" * 151, "at most 150 characters"),
        ("date", "", "Pick the day."),
        ("date", "2027-02-30", "Pick a real day"),
        ("date", "tomorrow", "Pick a real day"),
        ("date", "2040-01-01", "within the next 5 years"),
        ("time", "25:00", "Type a time like 18:30."),
        ("place", "x" * 201, "at most 200 characters"),
        ("capacity", "twelve", "Type the number of guests"),
        ("capacity", "0", "At least one guest."),
        ("capacity", "-3", "At least one guest."),
        ("capacity", "99999", "At most 1000 guests."),
        ("note", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_bad_values_reshow_the_form_and_change_nothing(
    alice_client, alice, frozen, field, value, message
):
    existing = party(alice)
    before = state(alice)
    for url in (reverse("gathering_new"), reverse("gathering_edit", args=[existing.pk])):
        response = alice_client.post(url, form_data(**{field: value}))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert state(alice) == before


def test_editing_changes_the_gathering(alice_client, alice, frozen):
    gathering = party(alice)
    url = reverse("gathering_edit", args=[gathering.pk])
    assert alice_client.get(url).status_code == 200
    alice_client.post(url, form_data(place="The garden", capacity=""))
    gathering.refresh_from_db()
    assert (gathering.place, gathering.capacity) == ("The garden", None)


def test_plan_next_years_starts_from_a_copy_a_year_later(alice_client, alice, frozen):
    last = party(alice, date=dt.date(2026, 8, 15), yearly=True, place="Park", capacity=20)
    response = alice_client.get(reverse("gathering_new"), {"copy": last.pk})
    form = response.context["form"]
    assert form.initial["date"] == dt.date(2027, 8, 15) and form.initial["place"] == "Park"
    assert "Next year" in response.content.decode()


@pytest.mark.parametrize("copy", ["abc", "99999999", "²", ""])
def test_a_bad_copy_parameter_gives_an_empty_form(alice_client, frozen, copy):
    response = alice_client.get(reverse("gathering_new"), {"copy": copy})
    assert response.status_code == 200 and response.context["form"].initial == {}


def test_bob_cannot_copy_alices_gathering(bob_client, alice, frozen):
    last = party(alice, title="Alices secret party", yearly=True)
    response = bob_client.get(reverse("gathering_new"), {"copy": last.pk})
    assert response.context["form"].initial == {}
    assert "Alices secret party" not in response.content.decode()


# The page, inviting ------------------------------------------------------------------------


def test_the_page_shows_suggestions_with_reasons(alice_client, alice, jane, frozen):
    alice.profile.home_city = "Leipzig"
    alice.profile.save()
    create_person(alice, "Omar Haddad", city="Leipzig")
    gathering = party(alice)
    response = alice_client.get(reverse("gathering", args=[gathering.pk]))
    page = response.content.decode()
    assert "Omar Haddad" in page and "lives in Leipzig" in page
    assert "0 of 7 touches this year" in page
    assert "Hi {first_name}" in page  # the invitation's words, ready to edit


def suggestion_boxes(page):
    """The suggestions' checkboxes: (person id, ticked)."""
    listed = page.split('class="list suggestion-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<input type="checkbox" name="people" value="(\d+)"( checked)?', listed)


def test_nobody_is_invited_by_default(alice_client, alice, jane, frozen):
    create_person(alice, "Omar Haddad")
    gathering = party(alice)
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    boxes = suggestion_boxes(page)
    assert len(boxes) == 2 and all(ticked == "" for _, ticked in boxes)


def test_suggestions_far_away_are_flagged(alice_client, alice, frozen):
    alice.profile.home_city = "Leipzig"
    alice.profile.save()
    ana = create_person(alice, "Ana Costa")
    Address.objects.create(owner=alice, person=ana, locality="Lisbon", country="PT")
    gathering = party(alice)
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert "lives in Lisbon, Portugal" in page
    assert "far from Leipzig" in page


def test_a_recently_bereaved_suggestion_is_flagged_condolences_first(alice_client, alice, frozen):
    from keepwarm.contacts.models import LifeEvent

    ana = create_person(alice, "Ana Costa")
    LifeEvent.objects.create(
        owner=alice, person=ana, kind="bereavement", date=dt.date(2026, 11, 20)
    )
    gathering = party(alice)
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert "recently bereaved" in page and "bereaved on 20 Nov: condolences first" in page


def test_without_a_home_city_the_page_says_where_to_set_it(alice_client, alice, jane, frozen):
    gathering = party(alice)
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert "Add your home city in" in page and reverse("settings") in page


def invite_data(*people, how="email", **changes):
    data = {
        "people": [p.pk for p in people],
        "people_text": "",
        "how": how,
        "subject": "Chili!",
        "text": "Hi {first_name}, come over.",
    }
    data.update(changes)
    return data


@pytest.fixture
def guests_to_be(alice, jane):
    """Jane (an email, Leipzig), Omar (a phone only) and Ana (an email, Lisbon)."""
    alice.profile.home_city = "Leipzig"
    alice.profile.save()
    omar = create_person(alice, "Omar Haddad", phones=["+49 30 7654321"])
    ana = create_person(alice, "Ana Costa", emails=["ana@example.pt"])
    Address.objects.create(owner=alice, person=ana, locality="Lisbon", country="PT")
    return jane, omar, ana


def test_inviting_by_email_first_shows_each_guests_email_and_queues_nothing(
    alice_client, alice, guests_to_be, frozen
):
    jane, omar, ana = guests_to_be
    gathering = party(alice)
    before = state(alice)
    data = invite_data(jane, omar, ana, subject="Chili, {first_name}!")
    response = alice_client.post(reverse("gathering_invite", args=[gathering.pk]), data)
    assert response.status_code == 200
    assert state(alice) == before  # nothing queued, nobody on the list
    page = response.content.decode()
    assert "Check the invitations" in page
    for to, subject, text in [
        ("jane@example.com", "Chili, Jane!", "Hi Jane, come over."),
        ("ana@example.pt", "Chili, Ana!", "Hi Ana, come over."),
    ]:
        assert to in page and subject in page and text in page
    assert "Hi Omar, come over." in page and "No email address" in page
    assert "lives in Lisbon, Portugal" in page
    assert "Send 2 invitations" in page


def test_confirming_the_preview_puts_exactly_those_emails_in_the_outbox(
    alice_client, alice, guests_to_be, frozen
):
    jane, omar, ana = guests_to_be
    gathering = party(alice)
    url = reverse("gathering_invite", args=[gathering.pk])
    data = invite_data(jane, omar, ana, subject="Chili, {first_name}!")
    shown = alice_client.post(url, data).context["letters"]
    response = alice_client.post(url, {**data, "action": "send"}, follow=True)
    sent = sorted((m.to, m.subject, m.text) for m in OutboxMessage.objects.all())
    assert sent == sorted((x.to, x.subject, x.text) for x in shown if x.to)
    assert sent[1] == ("jane@example.com", "Chili, Jane!", "Hi Jane, come over.")
    assert OutboxMessage.objects.get(to="jane@example.com").key == (
        f"invitation:{gathering.pk}:{jane.pk}"
    )
    page = response.content.decode()
    assert "Invitations to Ana Costa and Jane Doe are in the outbox." in page
    assert "Invite them yourself" in page and "sms:+49307654321?body=" in page
    assert gathering.invitations.count() == 3
    alice_client.post(url, {**data, "action": "send"})  # sent twice: still one email each
    assert OutboxMessage.objects.count() == 2


def test_back_from_the_preview_keeps_the_guests_and_the_words(
    alice_client, alice, guests_to_be, frozen
):
    jane, _omar, ana = guests_to_be
    gathering = party(alice)
    before = state(alice)
    data = invite_data(jane, ana, text="Hi {first_name},\r\nchili at six.", action="edit")
    response = alice_client.post(reverse("gathering_invite", args=[gathering.pk]), data)
    assert response.status_code == 200 and state(alice) == before
    page = response.content.decode()
    assert re.search(r">\s*Hi \{first_name\},\r?\nchili at six\.</textarea>", page)
    ticked = {int(pk) for pk, checked in suggestion_boxes(page) if checked}
    assert ticked == {jane.pk, ana.pk}
    assert "errorlist" not in page


def test_the_refusal_is_shown_before_any_preview(alice_client, alice, jane, frozen):
    alice.email_confirmed = ""
    alice.save()
    gathering = party(alice)
    before = state(alice)
    for action in ("", "send"):
        data = invite_data(jane, action=action)
        response = alice_client.post(reverse("gathering_invite", args=[gathering.pk]), data)
        assert (
            response.status_code == 200 and "Check the invitations" not in response.content.decode()
        )
        assert "Confirm your email address first" in response.content.decode()
    assert state(alice) == before


def test_the_words_sent_are_kept_for_those_to_invite_by_hand(
    alice_client, alice, guests_to_be, frozen
):
    jane, omar, _ana = guests_to_be
    gathering = party(alice)
    url = reverse("gathering_invite", args=[gathering.pk])
    words = {"subject": "Chili, {first_name}?", "text": "Hey {first_name}, chili at six!"}
    alice_client.post(url, {**invite_data(jane, omar, **words), "action": "send"})
    gathering.refresh_from_db()
    assert (gathering.invitation_subject, gathering.invitation_text) == tuple(words.values())
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert "Hey Omar, chili at six!" in page  # the words to copy are the ones sent
    assert "subject=Chili%2C%20Omar%3F" in page
    assert "Hey {first_name}, chili at six!</textarea>" in page  # and the next guests'


def test_inviting_to_copy_keeps_the_words_too(alice_client, alice, jane, frozen):
    gathering = party(alice)
    data = invite_data(jane, how="copy", text="Yo {first_name}!")
    alice_client.post(reverse("gathering_invite", args=[gathering.pk]), data)
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert "Yo Jane!" in page


def test_inviting_to_copy_sends_no_email(alice_client, alice, jane, frozen):
    gathering = party(alice)
    alice_client.post(
        reverse("gathering_invite", args=[gathering.pk]), invite_data(jane, how="copy")
    )
    assert not OutboxMessage.objects.exists()
    assert gathering.invitations.get().invited_on == dt.date(2026, 11, 25)


def test_people_can_be_invited_by_typed_name(alice_client, alice, jane, frozen):
    gathering = party(alice)
    url = reverse("gathering_invite", args=[gathering.pk])
    alice_client.post(url, invite_data(how="copy", people_text="Jane Doe"))
    assert [i.person for i in gathering.invitations.all()] == [jane]


@pytest.fixture
def others(alice, bob):
    return {
        "bobs": create_person(bob, "Bobs Friend"),
        "gone": create_person(alice, "Gone Gus", deceased=True),
        "archived": create_person(alice, "Old Olga", archived=True),
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"people": []}, "Pick at least one person."),
        ({"people": ["abc"]}, "is not a valid value"),
        ({"people": ["99999999999999999999"]}, "is not a valid value"),
        ({"people": "bobs"}, "Select a valid choice"),
        ({"people": "gone"}, "Select a valid choice"),
        ({"people": "archived"}, "Select a valid choice"),
        ({"people_text": "Nobody Known"}, "No one in your network is called"),
        ({"people_text": "Gone Gus"}, "cannot be invited"),
        ({"how": "fax"}, "Select a valid choice"),
        ({"subject": ""}, "This field is required"),
        ({"subject": "x" * 201}, "at most 200 characters"),
        ({"text": "x" * 5001}, "at most 5000 characters"),
    ],
)
@pytest.mark.parametrize("action", ["", "send", "edit"])
def test_bad_invitations_reshow_the_page_and_change_nothing(
    alice_client, alice, others, frozen, changes, message, action
):
    gathering = party(alice)
    before = state(alice)
    if isinstance(changes.get("people"), str):
        changes = {**changes, "people": [others[changes["people"]].pk]}
    data = {**invite_data(how="email", action=action), **changes}
    response = alice_client.post(reverse("gathering_invite", args=[gathering.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(alice) == before


# Answers and who came ------------------------------------------------------------------


@pytest.fixture
def guests(alice, jane):
    gathering = party(alice, date=dt.date(2026, 11, 22))
    omar = create_person(alice, "Omar Haddad")
    one, two = invite(gathering, [jane, omar], on=dt.date(2026, 11, 15))
    return gathering, one, two


def test_answers_and_attendance_are_saved_in_one_post(alice_client, guests, frozen):
    gathering, one, two = guests
    data = {f"answer_{one.pk}": "yes", f"answer_{two.pk}": "no", "came": [one.pk]}
    response = alice_client.post(
        reverse("gathering_answers", args=[gathering.pk]), data, follow=True
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.answer, one.came, two.answer, two.came) == ("yes", True, "no", False)
    assert "logged the party with Jane Doe" in response.content.decode()
    assert Touch.objects.count() == 2
    alice_client.post(reverse("gathering_answers", args=[gathering.pk]), data)
    assert Touch.objects.count() == 2


def test_before_the_day_only_answers_are_saved(alice_client, alice, jane, frozen):
    gathering = party(alice)
    [invitation] = invite(gathering, [jane], on=dt.date(2026, 11, 20))
    page = alice_client.get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert 'name="came"' not in page
    data = {f"answer_{invitation.pk}": "maybe", "came": [invitation.pk]}
    alice_client.post(reverse("gathering_answers", args=[gathering.pk]), data)
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.came) == ("maybe", None)
    assert not Touch.objects.exists()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"answer": "perhaps"}, "Select a valid choice"),
        ({"came": ["abc"]}, "is not a valid value"),
        ({"came": ["99999999"]}, "Select a valid choice"),
        ({"came": "bobs"}, "Select a valid choice"),
        ({"came": "other"}, "Select a valid choice"),
    ],
)
def test_bad_answers_reshow_the_page_and_change_nothing(
    alice_client, alice, bob, guests, frozen, bad, message
):
    gathering, one, _ = guests
    other = invite(party(alice, title="Other"), [one.person])[0]
    bobs = invite(party(bob), [create_person(bob, "Bobs Friend")])[0]
    before = state(alice)
    data = {f"answer_{one.pk}": bad.get("answer", "yes")}
    came = bad.get("came")
    if isinstance(came, str):
        came = {"bobs": [bobs.pk], "other": [other.pk]}[came]
    data["came"] = came or []
    response = alice_client.post(reverse("gathering_answers", args=[gathering.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(alice) == before


def test_without_touch_kinds_for_parties_a_clear_message(alice_client, alice, guests, frozen):
    from keepwarm.touches.models import TouchKind

    gathering, one, _ = guests
    owned(TouchKind, alice).filter(occasion__in=["party", "gathering"]).delete()
    data = {f"answer_{one.pk}": "yes", "came": [one.pk]}
    response = alice_client.post(reverse("gathering_answers", args=[gathering.pk]), data)
    assert response.status_code == 200
    assert "Settings → Touch kinds" in response.content.decode()
    assert not Touch.objects.exists()


# Ownership --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["gathering", "gathering_edit", "gathering_invite", "gathering_answers"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_gathering(bob_client, alice, jane, frozen, url_name, method):
    gathering = party(alice, date=dt.date(2026, 11, 22))
    [invitation] = invite(gathering, [jane], on=dt.date(2026, 11, 15))
    before = state(alice)
    data = {
        **form_data(title="Hacked"),
        **invite_data(jane),
        f"answer_{invitation.pk}": "no",
        "came": [invitation.pk],
    }
    url = reverse(url_name, args=[gathering.pk])
    response = bob_client.post(url, data) if method == "post" else bob_client.get(url)
    assert response.status_code == 404
    assert state(alice) == before


@pytest.mark.parametrize(
    "url_name", ["gathering", "gathering_edit", "gathering_invite", "gathering_answers"]
)
def test_unknown_gatherings_are_404(alice_client, url_name):
    assert alice_client.get(reverse(url_name, args=[987654])).status_code == 404


@pytest.mark.parametrize("action", ["", "send"])
def test_bob_cannot_invite_alices_people_to_his_gathering(bob_client, bob, jane, frozen, action):
    gathering = party(bob)
    url = reverse("gathering_invite", args=[gathering.pk])
    response = bob_client.post(url, invite_data(jane, action=action))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert "Jane Doe" not in response.content.decode()
    assert not Invitation.objects.exists() and not OutboxMessage.objects.exists()
