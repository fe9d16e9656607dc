"""Call cards: why, the last touches, family and life events to ask about, the
notes, and an opening line that never asks a cold friend for anything."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import LifeEvent, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.call_cards import cards_for, opening_line, trimmed
from keepwarm.warmcalls.ranking import Goal, rank
from tests.conftest import TODAY, kind

ACME = Goal(companies=("Acme",))


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def jane_at_acme(alice, frozen):
    jane = create_person(alice, "Jane Doe", company="Acme", notes="Loves  sailing.\nTwo kids.")
    for days, label, note in (
        (3, "coffee", "Talked about her team"),
        (40, "lunch", ""),
        (80, "email or note", "Sent the article"),
        (120, "check-in call", "Too old to show"),
    ):
        log_touch(alice, [jane], kind(alice, label), date=ago(days), note=note)
    lily = create_person(alice, "Lily Doe")
    Relationship.objects.create(owner=alice, person=lily, kind="parent", other=jane)
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other_name="Mark Doe")
    Relationship.objects.create(owner=alice, person=jane, kind="sibling", other_name="Ann Roe")
    LifeEvent.objects.create(owner=alice, person=jane, kind="new_job", date=ago(60))
    LifeEvent.objects.create(owner=alice, person=jane, kind="move", date=ago(500))
    return jane


def card_of(user, name, goal=ACME):
    calls = [c for c in rank(user, goal) if c.person.display_name == name]
    return cards_for(user, calls, TODAY, goal=goal)[0]


def test_card_holds_the_last_three_touches_newest_first(alice, jane_at_acme):
    card = card_of(alice, "Jane Doe")
    assert [(t.date, t.kind, t.note) for t in card.touches] == [
        (ago(3), "coffee", "Talked about her team"),
        (ago(40), "lunch", ""),
        (ago(80), "email or note", "Sent the article"),
    ]
    assert card.call.reasons == ["works at Acme"]


def test_card_names_spouse_and_children_from_either_side_not_siblings(alice, jane_at_acme):
    card = card_of(alice, "Jane Doe")
    assert [(r.name, r.kind) for r in card.family] == [
        ("Mark Doe", "spouse"),
        ("Lily Doe", "child"),
    ]


def test_card_holds_life_events_of_the_last_twelve_months(alice, jane_at_acme):
    card = card_of(alice, "Jane Doe")
    assert [e.kind for e in card.events] == ["new_job"]
    assert card.notes == "Loves sailing. Two kids."


def test_opening_line_asks_after_the_new_role_and_a_child(alice, jane_at_acme):
    card = card_of(alice, "Jane Doe")
    assert card.opening == "Hi Jane — how's the new role at Acme going? And how is Lily?"
    assert card.ask == "I'm looking at roles at Acme — could I ask you what it's like there?"
    assert not card.warm_up_touch


def test_cold_person_gets_a_warm_up_and_no_ask(alice, frozen):
    create_person(alice, "Tom Quiet", company="Acme")
    card = card_of(alice, "Tom Quiet")
    assert card.call.warm_up
    assert card.opening == "Hi Tom, it's been a while — could we catch up soon?"
    assert card.ask == ""
    assert card.warm_up_touch == "a short note to say hello and ask how they are"


def test_cold_person_in_the_users_city_is_offered_coffee(alice, frozen):
    alice.profile.home_city = "Berlin"
    alice.profile.save()
    create_person(alice, "Tom Quiet", company="Acme", city="berlin")
    card = card_of(alice, "Tom Quiet")
    assert card.warm_up_touch == "coffee — you are both in berlin"
    assert card.opening == "Hi Tom, it's been a while — coffee soon?"


def test_someone_related_to_an_insider_is_asked_for_an_introduction(alice, jane_at_acme):
    max_ = create_person(alice, "Max Roe")
    Relationship.objects.create(owner=alice, person=jane_at_acme, kind="friend", other=max_)
    log_touch(alice, [max_], kind(alice, "lunch"), date=ago(2))
    card = card_of(alice, "Max Roe")
    assert card.call.reasons == ["knows Jane Doe (friend), who works at Acme"]
    assert card.ask == "I'm looking at roles at Acme — do you know anyone there I could talk to?"


def test_opening_line_without_news_asks_how_they_have_been(alice, frozen):
    ben = create_person(alice, "Ben Plain")
    assert opening_line(ben, [], []) == "Hi Ben — how have you been?"


def test_cards_of_a_page_take_a_fixed_number_of_queries(
    alice, jane_at_acme, django_assert_max_num_queries
):
    for n in range(10):
        create_person(alice, f"Acme Person {n}", company="Acme")
    calls = rank(alice, ACME)
    with django_assert_max_num_queries(4):
        cards = cards_for(alice, calls, TODAY, goal=ACME)
    assert len(cards) == 12  # Jane, her daughter Lily, and ten more


def test_long_notes_are_trimmed_at_a_word():
    assert trimmed("word " * 100, 20) == "word word word word…"
    assert trimmed("short") == "short"


def test_the_ask_spells_the_company_as_on_the_person(alice, jane_at_acme):
    card = card_of(alice, "Jane Doe", Goal(companies=("acme",)))
    assert card.ask == "I'm looking at roles at Acme — could I ask you what it's like there?"
