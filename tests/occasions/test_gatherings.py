"""Gatherings as a service: suggested invitees, invitations through the outbox
(delivered to a real SMTP server, or kept when it fails), answers, and the
touches logged for who came. The clock is frozen at 2026-11-25 (Wednesday)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Address, Circle
from keepwarm.contacts.services import create_person
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions import hosting
from keepwarm.occasions.models import Gathering, Invitation
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind
from keepwarm.touches.services import log_touch
from tests.conftest import kind

PARTY_DAY = dt.date(2026, 12, 12)


def circle(user, name):
    return owned(Circle, user).get(name=name)


def party(user, **fields):
    values = {"title": "Chili party — football kickoff", "date": PARTY_DAY, **fields}
    return Gathering.objects.create(owner=user, **values)


def names(suggestions):
    return [s.person.display_name for s in suggestions]


def touches_this_year(user, person, count):
    for n in range(count):
        log_touch(user, [person], kind(user, "coffee"), date=dt.date(2026, 2, 1 + n))


@pytest.fixture
def leipzig(alice):
    alice.profile.home_city = "Leipzig"
    alice.profile.save()
    return alice


# Suggestions ------------------------------------------------------------------------


def test_people_furthest_behind_their_target_come_first(alice, frozen):
    core = circle(alice, "Core")
    warm = create_person(alice, "Warm Wendy", circle=core)
    cold = create_person(alice, "Cold Carl", circle=core)
    touches_this_year(alice, warm, 6)
    touches_this_year(alice, cold, 1)
    found = hosting.suggest_invitees(alice, party(alice), 5)
    assert names(found) == ["Cold Carl", "Warm Wendy"]
    assert found[0].reasons == ["1 of 7 touches this year"]


def test_people_in_the_users_city_are_preferred(leipzig, frozen):
    core = circle(leipzig, "Core")
    create_person(leipzig, "Far Fiona", circle=core, city="Hamburg")
    create_person(leipzig, "Near Nils", circle=core, city="  leipzig ")
    create_person(leipzig, "Unknown Una", circle=core)
    found = hosting.suggest_invitees(leipzig, party(leipzig), 5)
    assert names(found) == ["Near Nils", "Unknown Una", "Far Fiona"]
    assert "lives in leipzig" in found[0].reasons
    assert [s.far for s in found] == ["", "", "lives in Hamburg"]
    assert "lives in Hamburg" not in found[2].reasons  # a flag, not a reason to invite


def lives_at(person, locality="", country="", country_name="", **fields):
    return Address.objects.create(
        owner=person.owner,
        person=person,
        street=fields.pop("street", "Rua 1"),
        locality=locality,
        country=country,
        country_name=country_name,
        **fields,
    )


def test_guests_far_from_the_party_are_flagged_with_where_they_live(leipzig, frozen):
    """The party is in the user's home city and country (Settings): a person's city
    is theirs or their mailing address's, their country their address's."""
    people = {
        name: create_person(leipzig, name, city=city)
        for name, city in [
            ("Ana Lisbon", ""),
            ("Bea Berlin", "Berlin"),
            ("Cem Local", "Leipzig"),
            ("Dan Address", ""),
            ("Eva Unknown", ""),
            ("Fay Abroad", ""),
            ("Gil Munchen", "München"),
        ]
    }
    lives_at(people["Ana Lisbon"], "Lisbon", "PT")
    lives_at(people["Dan Address"], "LEIPZIG", "DE", is_mailing=True)
    lives_at(people["Dan Address"], "Lisbon", "PT")  # not the mailing one
    lives_at(people["Fay Abroad"], "", "", country_name="Kosovo", street="Rr. 1")
    lives_at(people["Gil Munchen"], "Munich", "DE")
    found = hosting.far_away(leipzig, list(people.values()))
    assert {name: found.get(p.pk, "") for name, p in people.items()} == {
        "Ana Lisbon": "lives in Lisbon, Portugal",
        "Bea Berlin": "lives in Berlin",
        "Cem Local": "",
        "Dan Address": "",
        "Eva Unknown": "",
        "Fay Abroad": "lives in Kosovo",
        "Gil Munchen": "lives in München",
    }


def test_cities_are_compared_without_case_accents_or_spaces(alice, frozen):
    alice.profile.home_city = "Zürich"
    alice.profile.save()
    near = create_person(alice, "Near Nils", city="  zurich ")
    assert hosting.far_away(alice, [near]) == {}


def test_without_a_home_city_only_another_country_is_far(alice, frozen):
    lisbon = create_person(alice, "Ana Lisbon")
    lives_at(lisbon, "Lisbon", "pt")
    berlin = create_person(alice, "Bea Berlin", city="Berlin")
    at_home = create_person(alice, "Hal Home")
    lives_at(at_home, "Dresden")  # no country: the user's own
    found = hosting.far_away(alice, [lisbon, berlin, at_home])
    assert found == {lisbon.pk: "lives in Lisbon, Portugal"}


def test_people_abroad_are_suggested_last_and_flagged(leipzig, frozen):
    core = circle(leipzig, "Core")
    abroad = create_person(leipzig, "Ana Lisbon", circle=core)
    lives_at(abroad, "Lisbon", "PT")
    create_person(leipzig, "Near Nils", circle=core, city="Leipzig")
    found = hosting.suggest_invitees(leipzig, party(leipzig), 5)
    assert names(found) == ["Near Nils", "Ana Lisbon"]
    assert found[1].far == "lives in Lisbon, Portugal"


def test_suggestions_mix_the_circles(alice, frozen):
    for n in range(4):
        create_person(alice, f"Close {n}", circle=circle(alice, "Close"))
    create_person(alice, "Wide One", circle=circle(alice, "Wide"))
    create_person(alice, "Core One", circle=circle(alice, "Core"))
    found = hosting.suggest_invitees(alice, party(alice), 3)
    assert sorted(s.circle.name for s in found) == ["Close", "Core", "Wide"]


def test_suggestions_stop_at_the_places_left(alice, frozen):
    people = [create_person(alice, f"Guest {n}") for n in range(6)]
    gathering = party(alice, capacity=4)
    hosting.invite(gathering, people[:1])
    assert len(hosting.suggest_invitees(alice, gathering)) == 3
    hosting.invite(gathering, people[1:4])
    assert hosting.suggest_invitees(alice, gathering) == []


def test_the_dead_archived_paused_and_already_invited_are_not_suggested(alice, bob, frozen):
    create_person(alice, "Gone Gus", deceased=True, deceased_on=dt.date(2026, 1, 2))
    create_person(alice, "Old Olga", archived=True)
    # ``paused_until`` is the first day back (the planner's rule): Paul is still
    # paused on the party's day, Betty is back on it.
    create_person(alice, "Paused Paul", paused_until=PARTY_DAY + dt.timedelta(days=1))
    create_person(alice, "Back Betty", paused_until=PARTY_DAY)
    invited = create_person(alice, "Invited Ida")
    create_person(bob, "Bobs Friend")
    gathering = party(alice)
    hosting.invite(gathering, [invited])
    assert names(hosting.suggest_invitees(alice, gathering, 10)) == ["Back Betty"]


def test_the_recently_bereaved_are_suggested_last_and_flagged(alice, frozen):
    from keepwarm.contacts.models import LifeEvent, Relationship

    maria = create_person(alice, "Maria Lopez")  # behind her target, first otherwise
    carlos = create_person(alice, "Carlos Lopez", deceased=True, deceased_on=dt.date(2026, 11, 14))
    Relationship.objects.create(owner=alice, person=maria, kind="spouse", other=carlos)
    tom = create_person(alice, "Tom Weiss")
    LifeEvent.objects.create(
        owner=alice, person=tom, kind="bereavement", date=dt.date(2026, 9, 1)
    )  # twelve weeks ago: no longer recent
    busy = create_person(alice, "Busy Bea")
    touches_this_year(alice, busy, 7)  # at her target: after those behind
    found = hosting.suggest_invitees(alice, party(alice), 5)
    assert names(found) == ["Tom Weiss", "Busy Bea", "Maria Lopez"]
    assert found[2].mourning == "lost Carlos on 14 Nov"
    assert [s.mourning for s in found[:2]] == ["", ""]


def test_a_yearly_gathering_suggests_last_years_guests_first(alice, frozen):
    regular = create_person(alice, "Regular Rita")
    touches_this_year(alice, regular, 6)
    create_person(alice, "Newbie Ned")
    last = party(alice, date=dt.date(2025, 12, 13), yearly=True)
    hosting.invite(last, [regular])
    this = party(alice, yearly=True)
    found = hosting.suggest_invitees(alice, this, 5)
    assert names(found) == ["Regular Rita", "Newbie Ned"]
    assert found[0].reasons[0] == "invited last time"


def test_next_years_copy_is_a_year_later_and_29_february_becomes_28(alice):
    gathering = party(alice, date=dt.date(2028, 2, 29), yearly=True, place="Home")
    copy = hosting.next_years(gathering)
    assert copy["date"] == dt.date(2029, 2, 28)
    assert copy["place"] == "Home" and copy["yearly"] is True


# Invitations by email ----------------------------------------------------------------


def test_invitations_go_through_the_outbox_to_each_guest(alice, jane, frozen, smtp_server):
    omar = create_person(alice, "Omar Haddad")  # no email: to copy
    gathering = party(alice)
    emailed, to_copy = hosting.send_invitations(
        gathering, [jane, omar], "Come over", "Hi {first_name}, chili on Saturday!"
    )
    assert [i.person for i in emailed] == [jane] and [i.person for i in to_copy] == [omar]
    assert all(i.invited_on == dt.date(2026, 11, 25) for i in emailed + to_copy)
    assert outbox.send_due() == 1
    [received] = smtp_server.messages
    assert received["To"] == "jane@example.com"
    assert received["Reply-To"] == "alice@example.org"  # the host, not the server
    assert received.get_content().strip() == "Hi Jane, chili on Saturday!"
    assert hosting.email_states(gathering) == {jane.pk: "sent"}
    assert not Touch.objects.exists()  # touches come with attendance


def test_the_letters_are_what_each_guest_is_sent(leipzig, jane, frozen, smtp_server):
    ana = create_person(leipzig, "Ana Costa", emails=["ana@example.pt"])
    lives_at(ana, "Lisbon", "PT")
    omar = create_person(leipzig, "Omar Haddad")  # no email
    gathering = party(leipzig)
    subject, text = "Chili for {first_name}", "Hi {first_name},\ncome on Saturday."
    letters = hosting.letters(gathering, [jane, ana, omar], subject, text)
    assert [(x.person, x.to, x.subject, x.text, x.far) for x in letters] == [
        (jane, "jane@example.com", "Chili for Jane", "Hi Jane,\ncome on Saturday.", ""),
        (
            ana,
            "ana@example.pt",
            "Chili for Ana",
            "Hi Ana,\ncome on Saturday.",
            "lives in Lisbon, Portugal",
        ),
        (omar, "", "Chili for Omar", "Hi Omar,\ncome on Saturday.", ""),
    ]
    assert not Invitation.objects.exists() and not OutboxMessage.objects.exists()
    hosting.send_invitations(gathering, [jane, ana, omar], subject, text)
    sent = {m.to: (m.subject, m.text) for m in OutboxMessage.objects.all()}
    assert sent == {x.to: (x.subject, x.text) for x in letters if x.to}


def test_sending_twice_makes_one_email(alice, jane, frozen, smtp_server):
    gathering = party(alice)
    hosting.send_invitations(gathering, [jane], "Come over", "Hi")
    hosting.send_invitations(gathering, [jane], "Come over", "Hi")
    assert Invitation.objects.count() == 1
    assert outbox.send_due() == 1 and len(smtp_server.messages) == 1


def test_an_smtp_failure_keeps_the_invitation_unsent_and_logs_nothing(
    alice, jane, frozen, smtp_server
):
    smtp_server.inbox.reply = "451 4.3.0 Try again later"
    gathering = party(alice)
    hosting.send_invitations(gathering, [jane], "Come over", "Hi")
    assert outbox.send_due() == 0
    assert hosting.email_states(gathering) == {jane.pk: "queued"}
    assert not smtp_server.messages and not Touch.objects.exists()
    OutboxMessage.objects.update(status=OutboxMessage.Status.FAILED)  # after the last attempt
    invitation = Invitation.objects.get()
    assert not hosting.reached(invitation, hosting.email_states(gathering))


def test_the_dead_and_other_users_people_cannot_be_invited(alice, bob, frozen):
    gone = create_person(alice, "Gone Gus", deceased=True)
    bobs = create_person(bob, "Bobs Friend")
    gathering = party(alice)
    for person in (gone, bobs):
        with pytest.raises(ValidationError):
            hosting.invite(gathering, [person])
    assert not Invitation.objects.exists()


def test_answers_are_recorded_and_counted(alice, jane, frozen):
    omar = create_person(alice, "Omar Haddad")
    gathering = party(alice, capacity=10)
    one, two = hosting.invite(gathering, [jane, omar], on=dt.date(2026, 11, 20))
    assert hosting.record_answers(gathering, {one.pk: "yes", two.pk: "maybe"}) == 2
    assert hosting.record_answers(gathering, {one.pk: "yes"}) == 0
    with pytest.raises(ValidationError):
        hosting.record_answers(gathering, {one.pk: "perhaps"})
    tally = hosting.counts(gathering)
    # Both invitations hold their place (a "maybe" may come): 10 - 2 left, as
    # the suggestions count them (``places_left``); the page said 9 (10 - 1 yes).
    assert (tally["invited"], tally["coming"], tally["maybe"], tally["left"]) == (2, 1, 1, 8)
    assert tally["left"] == hosting.places_left(gathering)
    hosting.record_answers(gathering, {two.pk: "no"})
    assert hosting.counts(gathering)["left"] == hosting.places_left(gathering) == 9


# Who came ------------------------------------------------------------------------------


@pytest.fixture
def after_the_party(alice, jane, frozen):
    """Jane, Omar and Li were invited on 20 November to a party on the 22nd;
    Priya is on the list but was never invited."""
    gathering = party(alice, date=dt.date(2026, 11, 22))
    people = [jane] + [create_person(alice, n) for n in ("Omar Haddad", "Li Wei", "Priya Raman")]
    hosting.invite(gathering, people[:3], on=dt.date(2026, 11, 20))
    hosting.invite(gathering, people[3:])
    return gathering, people


def touch_people(touch):
    return sorted(p.display_name for p in touch.people.all())


def test_attendance_logs_the_invitation_for_all_it_reached_and_the_party_for_who_came(
    alice, after_the_party
):
    gathering, (jane, omar, li, priya) = after_the_party
    result = hosting.record_attendance(gathering, [jane.pk, omar.pk])
    assert result.came == [jane, omar] and result.invited == [li]
    party_touch = Touch.objects.get(kind__occasion="party")
    assert party_touch.date == dt.date(2026, 11, 22) and party_touch.note == gathering.title
    assert touch_people(party_touch) == ["Jane Doe", "Omar Haddad"]
    light = Touch.objects.get(kind__occasion="gathering")
    assert light.date == dt.date(2026, 11, 20)
    assert touch_people(light) == ["Jane Doe", "Li Wei", "Omar Haddad"]
    assert Touch.objects.count() == 2
    gathering.refresh_from_db()
    assert gathering.invitation_touch == light
    priya_row = Invitation.objects.get(person=priya)
    assert priya_row.came is False and priya_row.touch is None


def test_saving_attendance_again_changes_the_touches_never_doubles_them(alice, after_the_party):
    gathering, (jane, omar, li, _) = after_the_party
    hosting.record_attendance(gathering, [jane.pk])
    ids = set(Touch.objects.values_list("pk", flat=True))
    hosting.record_attendance(gathering, [jane.pk])
    assert set(Touch.objects.values_list("pk", flat=True)) == ids
    everyone = ["Jane Doe", "Li Wei", "Omar Haddad"]
    hosting.record_attendance(gathering, [jane.pk, li.pk])
    assert set(Touch.objects.values_list("pk", flat=True)) == ids
    assert touch_people(Touch.objects.get(kind__occasion="party")) == ["Jane Doe", "Li Wei"]
    assert touch_people(Touch.objects.get(kind__occasion="gathering")) == everyone
    hosting.record_attendance(gathering, [jane.pk, omar.pk, li.pk])
    assert set(Touch.objects.values_list("pk", flat=True)) == ids  # all came: still two
    assert touch_people(Touch.objects.get(kind__occasion="party")) == everyone
    hosting.record_attendance(gathering, [])
    assert list(Touch.objects.values_list("kind__occasion", flat=True)) == ["gathering"]
    assert touch_people(Touch.objects.get()) == everyone
    jane.refresh_from_db()
    assert jane.last_touch_on == dt.date(2026, 11, 20)


def test_a_gathering_saved_before_the_invitation_touch_was_kept_finds_its_touches(
    alice, after_the_party
):
    """Saved by an earlier version: the party for who came, the invitation for
    the others, nothing on the gathering. Saving again keeps both touches."""
    gathering, (jane, omar, *_) = after_the_party
    hosting.record_attendance(gathering, [jane.pk])
    ids = set(Touch.objects.values_list("pk", flat=True))
    Gathering.objects.filter(pk=gathering.pk).update(invitation_touch=None)
    gathering.refresh_from_db()
    hosting.record_attendance(gathering, [jane.pk, omar.pk])
    assert set(Touch.objects.values_list("pk", flat=True)) == ids


def test_attendance_cannot_be_ticked_before_the_day(alice, jane, frozen):
    gathering = party(alice)
    hosting.invite(gathering, [jane], on=dt.date(2026, 11, 20))
    with pytest.raises(ValidationError, match="from the day"):
        hosting.record_attendance(gathering, [jane.pk])
    assert not Touch.objects.exists()


def test_without_a_party_kind_the_invitation_kind_is_used_and_without_both_a_clear_error(
    alice, after_the_party
):
    gathering, (jane, *_) = after_the_party
    owned(TouchKind, alice).filter(occasion="party").delete()
    hosting.record_attendance(gathering, [jane.pk])
    assert touch_people(Touch.objects.get(note=gathering.title)) == ["Jane Doe"]
    Touch.objects.all().delete()
    owned(TouchKind, alice).filter(occasion="gathering").delete()
    with pytest.raises(ValidationError, match="Settings → Touch kinds"):
        hosting.record_attendance(gathering, [jane.pk])


# The planner and the calendar feed ---------------------------------------------------------


def test_the_agenda_plans_sending_the_invitations(alice, jane, frozen):
    from keepwarm.plans import snapshot

    gathering = party(alice)
    hosting.invite(gathering, [jane])  # on the list, not invited yet
    [planned] = snapshot.build(alice, dt.date(2026, 11, 25)).gatherings
    assert planned == hosting_gathering(gathering, (jane.pk,))
    from keepwarm.plans import services

    plan = services.current(alice, dt.date(2026, 11, 25))
    items = [i for i in plan.plan.items() if i.id == f"gathering-{gathering.pk}"]
    assert items and "send the invitations" in items[0].reason


def hosting_gathering(gathering, invitees, guests=None):
    from keepwarm.planner import model

    guests = invitees if guests is None else guests
    return model.Gathering(gathering.pk, gathering.date, gathering.title, invitees, guests)


def test_invited_guests_leave_the_planners_list(alice, jane, frozen):
    from keepwarm.plans import snapshot

    gathering = party(alice)
    hosting.invite(gathering, [jane], on=dt.date(2026, 11, 25))
    assert snapshot.build(alice, dt.date(2026, 11, 25)).gatherings[0].invitees == ()


def test_the_calendar_feed_holds_coming_gatherings_with_time_and_place(alice, bob, frozen):
    from keepwarm.reminders import feeds

    gathering = party(alice, time=dt.time(18, 30), place="Our place")
    party(alice, date=dt.date(2026, 11, 1), title="Past party")
    party(bob, title="Bobs party")
    events = feeds.gatherings(alice, dt.date(2026, 11, 25))
    assert [e.uid for e in events] == [f"gathering-{gathering.pk}@keepwarm"]
    assert events[0].summary == "Chili party — football kickoff, 18:30, Our place"
    assert events[0].day == PARTY_DAY and f"/gatherings/{gathering.pk}/" in events[0].url
    body, _ = feeds.feed(alice)
    assert b"gathering-" in body and b"Bobs party" not in body


def test_counts_of_many_gatherings_match_each_ones_counts(alice, jane, frozen):
    full, empty = party(alice, capacity=3), party(alice, title="Brunch")
    invitation = hosting.invite(full, [jane])[0]
    invitation.answer = "yes"
    invitation.save()
    assert hosting.counts_of([full, empty]) == {
        full.pk: hosting.counts(full),
        empty.pk: hosting.counts(empty),
    }


def test_a_guests_preferred_phone_is_the_one_to_text(alice, frozen):
    ana = create_person(alice, "Ana Ruiz", phones=["+49 170 1111111", "+49 170 2222222"])
    assert hosting.points_of([ana], "phone") == {ana.pk: "+49 170 1111111"}
