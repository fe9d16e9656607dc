"""Call cards after a death in the family and other news: for six weeks after a
death the card opens with condolences and asks nothing; the one who died is
never asked about as a living relative; a new baby or an illness holds the ask
too, and fresh news leads a cold friend's hello instead of "it's been a while"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.contacts.models import FAMILY, LifeEvent, LifeEventKind, Person, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.planner.occasions import MOURNING_DAYS
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.call_cards import cards_for
from keepwarm.warmcalls.ranking import Goal, rank
from tests.conftest import TODAY, kind

ACME = Goal(companies=("Acme",))
ASKING = ("looking at roles", "looking for a new role", "could I ask", "do you know anyone")
"""What the ask of a card says (``cards.ask_line``)."""


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def card_of(user, name, goal=ACME):
    calls = [c for c in rank(user, goal) if c.person.display_name == name]
    return cards_for(user, calls, TODAY, goal=goal)[0]


def warm(user, person):
    """Touched lately: a warm call, with an ask, unless the card holds it."""
    for days in (5, 40, 90):
        log_touch(user, [person], kind(user, "lunch"), date=ago(days))


def died(person, days):
    Person.objects.filter(pk=person.pk).update(deceased=True, deceased_on=ago(days))


@pytest.fixture
def maria(alice, frozen):
    """Maria Ruiz at Acme, in Alice's city, not heard from in years (cold); her
    husband Carlos a contact too."""
    alice.profile.home_city = "Lisbon"
    alice.profile.save()
    maria = create_person(alice, "Maria Ruiz", company="Acme", city="Lisbon")
    carlos = create_person(alice, "Carlos Ruiz")
    Relationship.objects.create(owner=alice, person=maria, kind="spouse", other=carlos)
    maria.carlos = carlos
    return maria


def test_a_husband_who_died_yesterday_brings_condolences_not_coffee(alice, maria):
    died(maria.carlos, 1)
    card = card_of(alice, "Maria Ruiz")
    assert card.call.warm_up
    assert card.opening == (
        "Hi Maria — I was so sorry to hear about Carlos. "
        "I've been thinking of you; how are you doing?"
    )
    assert card.ask == ""
    assert card.first == "condolences first"
    assert card.pause == "Carlos Ruiz died on 24 Nov. Condolences first — no ask for now."
    assert card.warm_up_touch == "a note of condolence"
    assert card.family == []
    assert [(e.kind, e.date, e.note) for e in card.events] == [
        ("bereavement", ago(1), "Carlos Ruiz died")
    ]


def test_a_warm_friend_in_mourning_is_asked_nothing_and_her_living_family_stays(alice, maria):
    warm(alice, maria)
    lily = create_person(alice, "Lily Ruiz")
    Relationship.objects.create(owner=alice, person=lily, kind="parent", other=maria)
    died(maria.carlos, 10)
    card = card_of(alice, "Maria Ruiz")
    assert not card.call.warm_up
    assert card.opening == (
        "Hi Maria — I was so sorry to hear about Carlos. "
        "I've been thinking of you; how are you doing?"
    )
    assert card.ask == ""
    assert card.warm_up_touch == ""
    assert [(r.name, r.kind) for r in card.family] == [("Lily Ruiz", "child")]


def test_six_weeks_on_the_ask_comes_back_and_carlos_is_still_not_asked_about(alice, maria):
    warm(alice, maria)
    died(maria.carlos, MOURNING_DAYS)
    card = card_of(alice, "Maria Ruiz")
    assert card.pause == card.first == ""
    assert card.opening == "Hi Maria — I've been thinking of you; how are you doing?"
    assert card.ask == "I'm looking at roles at Acme — could I ask you what it's like there?"
    assert card.family == []


def test_the_last_day_of_the_six_weeks_still_brings_condolences(alice, maria):
    warm(alice, maria)
    died(maria.carlos, MOURNING_DAYS - 1)
    card = card_of(alice, "Maria Ruiz")
    assert card.ask == "" and card.first == "condolences first"


def test_a_death_recorded_the_other_way_round_counts_too(alice, frozen):
    tom = create_person(alice, "Tom Lee", company="Acme")
    mother = create_person(alice, "Ann Lee")
    Relationship.objects.create(owner=alice, person=mother, kind="child", other=tom)
    died(mother, 3)
    card = card_of(alice, "Tom Lee")
    assert card.opening.startswith("Hi Tom — I was so sorry to hear about Ann.")
    assert card.ask == ""


def test_a_bereavement_recorded_on_the_person_is_mourned_as_well(alice, maria):
    warm(alice, maria)
    LifeEvent.objects.create(
        owner=alice, person=maria, kind="bereavement", date=ago(5), note="her father"
    )
    card = card_of(alice, "Maria Ruiz")
    assert card.opening == (
        "Hi Maria — I was so sorry to hear of your loss. "
        "I've been thinking of you; how are you doing?"
    )
    assert card.pause == "A bereavement on 20 Nov (her father). Condolences first — no ask for now."
    assert card.ask == ""
    assert [r.name for r in card.family] == ["Carlos Ruiz"]  # alive: her father died


def test_a_relative_known_by_name_whom_a_bereavement_names_is_never_asked_about(alice, frozen):
    ana = create_person(alice, "Ana Silva", company="Acme")
    warm(alice, ana)
    Relationship.objects.create(owner=alice, person=ana, kind="spouse", other_name="Rui Silva")
    Relationship.objects.create(owner=alice, person=ana, kind="child", other_name="Rita Silva")
    LifeEvent.objects.create(
        owner=alice, person=ana, kind="bereavement", date=ago(900), note="Rui, after a long illness"
    )
    card = card_of(alice, "Ana Silva")
    assert [r.name for r in card.family] == ["Rita Silva"]
    assert card.opening == "Hi Ana — how are things at Acme? And how is Rita?"


def test_a_child_who_died_years_ago_is_never_asked_about(alice, frozen):
    ben = create_person(alice, "Ben Cole", company="Acme")
    warm(alice, ben)
    son = create_person(alice, "Sam Cole")
    Relationship.objects.create(owner=alice, person=ben, kind="child", other=son)
    died(son, 5 * 365)
    card = card_of(alice, "Ben Cole")
    assert card.family == [] and card.pause == ""
    assert "Sam" not in card.opening


def test_an_illness_holds_the_ask_and_offers_a_hand(alice, frozen):
    tom = create_person(alice, "Tom Lee", company="Acme")
    warm(alice, tom)
    LifeEvent.objects.create(owner=alice, person=tom, kind="illness", date=ago(3))
    card = card_of(alice, "Tom Lee")
    assert card.opening == (
        "Hi Tom — I heard you've been unwell. How are you feeling? "
        "Let me know if I can help with anything."
    )
    assert card.ask == ""
    assert card.first == "get well first"
    assert card.pause == "Unwell since 22 Nov. Wish them well and offer a hand — no ask for now."


def test_a_new_baby_is_congratulated_first_and_the_ask_waits_a_few_weeks(alice, frozen):
    jane = create_person(alice, "Jane Doe", company="Acme")
    warm(alice, jane)
    baby = LifeEvent.objects.create(owner=alice, person=jane, kind="baby", date=ago(10))
    card = card_of(alice, "Jane Doe")
    assert card.opening == "Hi Jane — congratulations on the baby! How are you all doing?"
    assert card.ask == ""
    assert card.first == "congratulations first"
    assert (
        card.pause == "A new baby on 15 Nov. Congratulations first — the ask can wait a few weeks."
    )
    LifeEvent.objects.filter(pk=baby.pk).update(date=ago(MOURNING_DAYS))
    card = card_of(alice, "Jane Doe")
    assert card.opening == "Hi Jane — how is life with the little one?"
    assert card.ask.startswith("I'm looking at roles at Acme")


def test_a_cold_friend_with_a_new_job_hears_congratulations_not_its_been_a_while(alice, frozen):
    tom = create_person(alice, "Tom Quiet", company="Acme")
    LifeEvent.objects.create(owner=alice, person=tom, kind="new_job", date=ago(20))
    card = card_of(alice, "Tom Quiet")
    assert card.call.warm_up
    assert (
        card.opening == "Hi Tom — congratulations on the new job at Acme! Could we catch up soon?"
    )
    assert card.warm_up_touch == "a note to congratulate them on the new job"
    assert card.ask == "" and card.pause == ""


def test_a_cold_friend_who_moved_near_is_asked_how_they_settled_over_coffee(alice, frozen):
    alice.profile.home_city = "Lyon"
    alice.profile.save()
    tom = create_person(alice, "Tom Quiet", company="Acme", city="Lyon")
    LifeEvent.objects.create(owner=alice, person=tom, kind="move", date=ago(12))
    card = card_of(alice, "Tom Quiet")
    assert card.opening == "Hi Tom — how are you settling in in Lyon? Coffee soon?"
    assert card.warm_up_touch == "coffee — you are both in Lyon"


def test_the_cards_of_a_page_with_deaths_take_a_fixed_number_of_queries(
    alice, maria, django_assert_max_num_queries
):
    died(maria.carlos, 2)
    for n in range(8):
        person = create_person(alice, f"Acme Person {n}", company="Acme")
        other = create_person(alice, f"Late Relative {n}")
        Relationship.objects.create(owner=alice, person=person, kind="sibling", other=other)
        died(other, n + 1)
    calls = rank(alice, ACME)
    with django_assert_max_num_queries(4):
        cards = cards_for(alice, calls, TODAY, goal=ACME)
    assert sum(1 for c in cards if c.first == "condolences first") == 9


def test_web_call_card_shows_condolences_first_and_no_ask(alice, alice_client, maria):
    from keepwarm.warmcalls.models import JobHunt

    JobHunt.objects.create(owner=alice, companies="Acme")
    died(maria.carlos, 1)
    page = alice_client.get("/warm-calls/").content.decode()
    card = page[page.index(f'id="call-{maria.pk}"') :]
    card = card[: card.index("</details>")]
    assert "condolences first" in card
    assert "Not now:</strong> Carlos Ruiz died on 24 Nov." in card
    assert "Start with a note of condolence." in card
    assert "bereavement — Carlos Ruiz died" in card
    assert "I was so sorry to hear about Carlos" in card
    assert "warm up first" not in card and "it&#x27;s been a while" not in card
    assert "Ask about" not in card
    assert "call-ask" not in card
    assert "Log the first touch" in card and "Log the warm-up touch" not in card


RELATIONS = sorted(str(k) for k in FAMILY)


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    days=st.integers(0, MOURNING_DAYS - 1),
    relation=st.sampled_from(RELATIONS),
    their_side=st.booleans(),
    is_warm=st.booleans(),
    same_city=st.booleans(),
    news=st.one_of(
        st.none(),
        st.tuples(st.sampled_from([str(k) for k in LifeEventKind]), st.integers(0, 364)),
    ),
)
def test_within_six_weeks_of_a_death_no_card_asks_or_says_its_been_a_while(
    alice, frozen, days, relation, their_side, is_warm, same_city, news
):
    alice.profile.home_city = "Lisbon"
    alice.profile.save()
    with transaction.atomic():
        maria = create_person(
            alice, "Maria Ruiz", company="Acme", city="Lisbon" if same_city else "Porto"
        )
        carlos = create_person(alice, "Carlos Ruiz")
        if their_side:
            Relationship.objects.create(owner=alice, person=carlos, kind=relation, other=maria)
        else:
            Relationship.objects.create(owner=alice, person=maria, kind=relation, other=carlos)
        if is_warm:
            warm(alice, maria)
        if news is not None:
            LifeEvent.objects.create(owner=alice, person=maria, kind=news[0], date=ago(news[1]))
        died(carlos, days)
        card = card_of(alice, "Maria Ruiz")
        said = " ".join((card.opening, card.ask, card.warm_up_touch)).casefold()
        assert card.ask == ""
        assert not any(words.casefold() in said for words in ASKING)
        assert "been a while" not in said and "coffee" not in said
        assert "Carlos" not in [r.first_name for r in card.family]
        assert "how is carlos" not in said
        assert card.first == "condolences first"
        assert card.opening.startswith("Hi Maria — I was so sorry to hear")
        transaction.set_rollback(True)


@settings(
    max_examples=20,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(days=st.integers(0, 6 * 365), relation=st.sampled_from(["spouse", "partner", "child"]))
def test_whenever_they_died_the_dead_are_never_asked_about(alice, frozen, days, relation):
    with transaction.atomic():
        maria = create_person(alice, "Maria Ruiz", company="Acme")
        warm(alice, maria)
        carlos = create_person(alice, "Carlos Ruiz")
        Relationship.objects.create(owner=alice, person=maria, kind=relation, other=carlos)
        died(carlos, days)
        card = card_of(alice, "Maria Ruiz")
        assert card.family == []
        assert "how is carlos" not in card.opening.casefold()
        assert bool(card.ask) is (days >= MOURNING_DAYS)
        transaction.set_rollback(True)
