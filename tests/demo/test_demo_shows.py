"""The demo shows every part of keepwarm: a card run in progress, a trip's postcards,
a coming party with its answers, a pair of duplicates and a job hunt with its calls,
each on its page; and the login page offers the demo whenever it is open."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.urls import reverse

from keepwarm.contacts.duplicates import STRONG, find_duplicates
from keepwarm.demo import ensure_demo_account, load_demo
from keepwarm.demo.gatherings import INVITE_LEAD
from keepwarm.demo.network import build_network
from keepwarm.occasions.label_texts import labels_for_run
from keepwarm.occasions.models import CardRecipient, CardRun, Gathering, Trip
from keepwarm.owned import owned
from keepwarm.planner.parties import season_of
from keepwarm.touches.models import FollowUp
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from keepwarm.warmcalls.outcomes import CALL_PREFIX
from tests.conftest import TODAY, make_user

Status = CardRecipient.Status


@pytest.fixture
def demo(db, frozen):
    return ensure_demo_account(TODAY)


@pytest.fixture
def visitor(client, demo):
    client.force_login(demo)
    return client


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The holiday-card run ---------------------------------------------------------


def test_a_card_run_in_progress_with_cards_sent_and_to_send(demo, visitor):
    run = owned(CardRun, demo).get()
    rows = list(run.recipients.prefetch_related("people").select_related("touch__kind"))
    statuses = Counter(r.status for r in rows)
    sent = [r for r in rows if r.status == Status.SENT]
    to_send = [r for r in rows if r.status == Status.PLANNED]

    # 25 November: last December's run, the cards never sent still to go.
    assert run.name == "Holiday cards 2025" and run.closed_at is None
    assert statuses[Status.SENT] >= 20 and statuses[Status.PLANNED] >= 3
    assert statuses[Status.ASK_ADDRESS] >= 1 and statuses[Status.LEFT_OUT] >= 1
    for card in sent:  # the history's card: one touch with everyone on it
        assert card.touch.kind.label == "holiday card" and card.touch.date == card.sent_on
        assert run.send_from <= card.sent_on <= run.send_until
        assert set(card.people.all()) <= set(card.touch.people.all())  # less who died since
    assert all(card.address_id for card in to_send)
    assert any(len(card.people.all()) == 2 for card in rows)  # a couple, one card
    page = text_of(visitor.get(reverse("card_run", args=[run.pk])))
    assert "Holiday cards 2025" in page and f"{reverse('labels')}?run={run.pk}" in page
    assert to_send[0].name_on_card in page and sent[0].name_on_card in page
    assert f"{statuses[Status.SENT]} of {len(sent) + len(to_send)}" in text_of(
        visitor.get(reverse("card_runs"))
    )


def test_the_runs_labels_print_every_card_with_an_address(demo, visitor):
    run = owned(CardRun, demo).get()
    labels, missing = labels_for_run(run)
    cards = run.recipients.filter(status__in=(Status.PLANNED, Status.SENT))

    assert len(labels) == cards.count() > 20 and not missing
    sheet = {"sheet": "avery5160", "skip": "0", "offset_x": "0", "offset_y": "0"}
    response = visitor.get(reverse("labels"), {"source": "run", "run": run.pk, **sheet})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_in_december_the_run_is_this_seasons_and_open(db):
    day = dt.date(2026, 12, 9)
    with time_machine.travel(dt.datetime(2026, 12, 9, 20, tzinfo=dt.UTC), tick=False):
        user = make_user("dora")
        load_demo(user, day)
        run = owned(CardRun, user).get()
        statuses = Counter(run.recipients.values_list("status", flat=True))

    assert run.name == "Holiday cards 2026" and run.send_from < day <= run.send_until
    assert statuses[Status.SENT] >= 1 and statuses[Status.PLANNED] >= 10
    assert max(run.recipients.exclude(sent_on=None).values_list("sent_on", flat=True)) < day


# The trip ---------------------------------------------------------------------


def test_a_past_trips_postcards_show_as_sent(demo, visitor):
    trip = owned(Trip, demo).filter(end__lt=TODAY).order_by("-start").first()
    cards = trip.postcards.select_related("person")

    assert trip.place == "Japan" and cards.count() >= 10
    assert all(card.sent_on and card.touch_id for card in cards)
    page = text_of(visitor.get(reverse("trip", args=[trip.pk])))
    assert "Postcards from Japan" in page and cards[0].person.display_name in page
    listing = text_of(visitor.get(reverse("trips")))
    assert f"{cards.count()} of {cards.count()} sent" in listing


# The coming party -------------------------------------------------------------


def test_a_coming_kickoff_party_with_answers_and_no_touch_yet(demo, visitor):
    party = owned(Gathering, demo).filter(date__gt=TODAY).get()
    invitations = list(party.invitations.select_related("person"))
    answers = Counter(i.answer for i in invitations)

    assert "kickoff" in party.title.casefold() and party.yearly
    assert TODAY + dt.timedelta(days=10) <= party.date <= TODAY + dt.timedelta(days=17)
    assert set(answers) == {"yes", "no", "maybe", ""} and len(invitations) >= 12
    assert all(i.invited_on == party.date - INVITE_LEAD < TODAY for i in invitations)
    assert all(i.came is None and i.touch_id is None for i in invitations)
    assert party.invitation_touch_id is None
    page = text_of(visitor.get(reverse("gathering", args=[party.pk])))
    assert party.title in page and "no answer yet" in page
    assert f"{answers['yes']} coming" in text_of(visitor.get(reverse("gatherings")))


def test_past_parties_are_gatherings_with_the_historys_two_touches(demo):
    past = owned(Gathering, demo).filter(date__lt=TODAY)

    assert past.count() >= 4
    for party in past:
        rows = list(party.invitations.select_related("touch__kind"))
        came = [i for i in rows if i.came]
        assert came and all(i.answer == "yes" and i.touch.kind.label == "party" for i in came)
        assert all(i.touch == party.invitation_touch for i in rows if not i.came)
        assert party.invitation_touch.kind.label == "party invitation"
        assert party.invitation_touch.people.count() == len(rows)
    coming = owned(Gathering, demo).get(date__gt=TODAY)
    season = season_of(coming.date)[0]
    assert not past.filter(date__gte=season)  # the coming party is its season's


# The duplicates ---------------------------------------------------------------


def test_the_duplicate_finder_finds_theo_twice_by_his_email(demo, visitor):
    found = find_duplicates(demo)

    assert len(found) == 1
    pair = found[0]
    assert {pair.first.display_name, pair.second.display_name} == {
        "Theo Baptiste",
        "Theodore Baptiste",
    }
    assert pair.strength == STRONG and not pair.conflicts
    assert pair.reasons[0] == "same email theo.baptiste@opentrails.example"
    page = text_of(visitor.get(reverse("duplicates")))
    assert "Theodore Baptiste" in page and "same email" in page


# The job hunt -----------------------------------------------------------------


def test_a_job_hunt_with_its_calls_logged(demo, visitor):
    hunt = owned(JobHunt, demo).get(active=True)
    calls = list(owned(CallOutcome, demo).select_related("person", "touch__kind"))
    follow_ups = owned(FollowUp, demo).filter(text__startswith=CALL_PREFIX)

    assert "Tidewater Labs" in hunt.companies and hunt.started_on < TODAY
    assert {c.outcome for c in calls} == set(CallOutcome.Outcome.values)
    for call in calls:
        assert hunt.started_on <= call.date < TODAY and call.hunt == hunt
        if call.outcome == CallOutcome.Outcome.NO_ANSWER:
            assert call.touch is None
        else:
            assert call.touch.kind.label == "check-in call" and call.touch.date == call.date
            assert list(call.touch.people.all()) == [call.person]
            assert call.touch.note.startswith("Warm call (")
    assert follow_ups.filter(done_at__isnull=True, due__gte=TODAY).count() >= 2
    assert follow_ups.filter(done_at__isnull=False).count() >= 2
    page = text_of(visitor.get(reverse("warm_calls")))
    assert "Priya Raman" in page and "intro promised" in page
    home = text_of(visitor.get(reverse("home")))
    assert "Follow up on the referral" in home


# Any day ----------------------------------------------------------------------

DAYS = [dt.date(2026, m, d) for m in range(1, 13) for d in (1, 2, 16)]
DAYS += [dt.date(2028, 2, 29), dt.date(2026, 12, 20), dt.date(2026, 12, 31)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_any_day_has_all_five_and_keeps_the_rules(today):
    network = build_network(today)
    people = network.people
    past = [g for g in network.gatherings if g.date < today]
    coming = [g for g in network.gatherings if g.date >= today]
    parties = [t for t in network.touches if t.kind in ("party invitation", "party")]
    cards = [t for t in network.touches if t.kind == "holiday card"]

    [party] = coming
    assert party.invited_on < today < party.date and set(party.answers.values()) == {
        "yes",
        "no",
        "maybe",
        "",
    }
    assert all(season_of(g.date)[0] != season_of(party.date)[0] for g in past)
    assert {id(t) for t in parties if t.note.startswith("Invited to")} == {
        id(g.invitation) for g in past
    }
    assert network.card_year in (today.year, today.year - 1)
    assert any(t.date.year == network.card_year for t in cards)
    hunt = network.hunt
    assert hunt and len(hunt.calls) == 5
    for call in hunt.calls:
        assert hunt.started_on <= call.date < today
        assert people[call.person].met_on is None or people[call.person].met_on <= call.date
    twins = [p for p in people if p.family == "Baptiste"]
    assert len(twins) == 2
    assert {c.value for c in twins[1].contacts} <= {c.value for c in twins[0].contacts}


# The way in -------------------------------------------------------------------


def test_the_login_page_offers_the_demo_when_it_is_public(client, demo, settings):
    make_user("alice")  # an account exists: sign-up is closed
    settings.KEEPWARM_PUBLIC_DEMO = True

    page = text_of(client.get(reverse("login")))
    assert f'action="{reverse("demo")}"' in page and "Explore the demo" in page
    assert client.post(reverse("demo")).status_code == 302
    client.post(reverse("logout"))
    assert "Explore the demo" in text_of(client.get(reverse("login")))  # and back again


def test_the_login_page_has_no_demo_when_it_is_not_open(client, demo, settings):
    make_user("alice")
    settings.KEEPWARM_PUBLIC_DEMO = False

    page = text_of(client.get(reverse("login")))
    assert "Explore the demo" not in page and reverse("demo") not in page
    assert client.post(reverse("demo")).status_code == 404
