"""Who do I know at …? A fixture network with a known answer: current and former
employees, industry, role, tags and notes; accents ignored; the dead and other
users' people never found."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import Job, Person
from keepwarm.contacts.queries import PeopleFilter, people_list
from keepwarm.contacts.services import create_person, refresh_search_text
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.search import CURRENT, FIELD, NOTES, PAST, TAG, who_do_i_know
from tests.conftest import kind


def job(person: Person, company: str, *, role="", industry="", started=None, ended=None) -> Job:
    row = Job.objects.create(
        owner=person.owner,
        person=person,
        company=company,
        role=role,
        industry=industry,
        started=started,
        ended=ended,
    )
    refresh_search_text([person])
    return row


@pytest.fixture
def network(alice, bob, frozen):
    """Alice's people around Acme, and bob's own Acme employee."""
    people = {
        "cora": create_person(alice, "Cora Current", company="Acme", job_title="Head of Sales"),
        "fred": create_person(alice, "Fred Former", company="Globex", job_title="CTO"),
        "ivy": create_person(alice, "Ivy Industry", company="Umbrella", industry="Fintech"),
        "tess": create_person(alice, "Tess Tagged", tags=["acme"]),
        "nora": create_person(alice, "Nora Notes", notes="Her brother works at ACME in Berlin."),
        "hugo": create_person(alice, "Hugo Howmet", how_we_met="an Acme hackathon"),
        "dora": create_person(alice, "Dora Dead", company="Acme"),
        "arno": create_person(alice, "Arno Archived", company="Acme"),
        "sam": create_person(alice, "Sam Stranger", company="Acmeless"),
        "otto": create_person(alice, "Otto Other", company="Shopify", job_title="Engineer"),
    }
    job(
        people["fred"],
        "Acme",
        role="Engineer",
        started=dt.date(2015, 3, 1),
        ended=dt.date(2020, 6, 30),
    )
    job(people["cora"], "Acme", role="Head of Sales", started=dt.date(2021, 2, 1))
    Person.objects.filter(pk=people["dora"].pk).update(deceased=True)
    Person.objects.filter(pk=people["arno"].pk).update(archived=True)
    create_person(bob, "Bob's Acme Friend", company="Acme", notes="acme acme")
    return people


def names(matches) -> list[str]:
    return [m.person.display_name for m in matches]


def reasons(matches) -> dict[str, list[str]]:
    return {m.person.display_name: m.reasons for m in matches}


def test_a_company_finds_current_and_former_staff_tags_and_notes_strongest_first(alice, network):
    found = who_do_i_know(alice, company="acme")
    assert names(found) == [
        "Cora Current",
        "Sam Stranger",  # "Acmeless": a match starts at a word, and may go on
        "Arno Archived",
        "Fred Former",
        "Tess Tagged",
        "Hugo Howmet",
        "Nora Notes",
    ]
    assert reasons(found) == {
        "Cora Current": ["works at Acme since 2021"],
        "Sam Stranger": ["works at Acmeless"],
        "Arno Archived": ["works at Acme"],
        "Fred Former": ["worked at Acme until 2020"],
        "Tess Tagged": ["tag #acme"],
        "Hugo Howmet": ["how you met mentions acme"],
        "Nora Notes": ["notes mention acme"],
    }
    assert [m.strength for m in found] == [CURRENT, CURRENT, CURRENT, PAST, TAG, NOTES, NOTES]


def test_archived_people_are_found_and_marked_after_active_ones(alice, network):
    found = who_do_i_know(alice, company="Acme")
    archived = [m.person.display_name for m in found if m.person.archived]
    assert archived == ["Arno Archived"]
    assert found[0].person.display_name == "Cora Current"


def test_the_dead_and_bobs_people_are_never_found(alice, bob, network):
    everyone = names(who_do_i_know(alice, text="acme"))
    assert "Dora Dead" not in everyone
    assert "Bob's Acme Friend" not in everyone
    assert names(who_do_i_know(bob, company="acme")) == ["Bob's Acme Friend"]


def test_a_match_starts_at_a_word(alice, network):
    assert "Sam Stranger" in names(who_do_i_know(alice, company="acme"))  # "Acmeless"
    assert names(who_do_i_know(alice, company="hp")) == []  # not "Shopify"
    assert names(who_do_i_know(alice, company="cme")) == []


def test_accents_case_and_apostrophes_are_ignored(alice, frozen):
    sg = create_person(alice, "Élodie Martin", company="Société Générale")
    create_person(alice, "Liam O'Brien", company="O'Brien & Sons", industry="Bäckerei")
    assert reasons(who_do_i_know(alice, company="societe generale")) == {
        "Élodie Martin": ["works at Société Générale"]
    }
    assert names(who_do_i_know(alice, company="SOCIÉTÉ")) == [sg.display_name]
    assert names(who_do_i_know(alice, company="obrien")) == ["Liam O'Brien"]
    assert names(who_do_i_know(alice, industry="backerei")) == ["Liam O'Brien"]


def test_accented_notes_are_found_by_plain_words(alice, frozen):
    create_person(alice, "Noémie", notes="Stagiaire chez Société Générale en 2019.")
    assert reasons(who_do_i_know(alice, company="societe generale")) == {
        "Noémie": ["notes mention societe generale"]
    }


def test_the_current_role_says_since_when(alice, network):
    found = who_do_i_know(alice, company="acme", role="sales")
    assert reasons(found) == {"Cora Current": ["Head of Sales at Acme since 2021"]}


def test_role_and_industry_match_now_and_before(alice, network):
    engineers = who_do_i_know(alice, role="engineer")
    assert reasons(engineers) == {
        "Fred Former": ["was Engineer at Acme until 2020"],
        "Otto Other": ["Engineer at Shopify"],
    }
    assert reasons(who_do_i_know(alice, industry="fintech")) == {"Ivy Industry": ["in Fintech"]}


def test_every_criterion_given_must_match(alice, network):
    found = who_do_i_know(alice, company="acme", role="engineer")
    assert reasons(found) == {"Fred Former": ["was Engineer at Acme until 2020"]}  # said once
    assert found[0].strength == PAST + FIELD
    assert names(who_do_i_know(alice, company="acme", industry="fintech")) == []


def test_free_text_finds_names_cities_and_everything_else(alice, network, frozen):
    create_person(alice, "Berta Brandt", city="Berlin")
    found = reasons(who_do_i_know(alice, text="berlin"))
    assert found == {"Berta Brandt": ["lives in Berlin"], "Nora Notes": ["notes mention berlin"]}
    assert reasons(who_do_i_know(alice, text="Ivy")) == {"Ivy Industry": ["name Ivy Industry"]}


def test_among_equals_the_warmer_comes_first(alice, frozen):
    cold = create_person(alice, "Aaron Cold", company="Initech")
    warm = create_person(alice, "Zed Warm", company="Initech")
    for days in (3, 40, 90):
        log_touch(
            alice, [warm], kind(alice, "coffee"), date=dt.date(2026, 11, 25) - dt.timedelta(days)
        )
    found = who_do_i_know(alice, company="initech")
    assert names(found) == ["Zed Warm", "Aaron Cold"]
    assert found[0].warmth > found[1].warmth
    assert cold.pk == found[1].person.pk


def test_nothing_asked_finds_no_one_and_the_limit_cuts(alice, network):
    assert who_do_i_know(alice) == []
    assert who_do_i_know(alice, company="  #  ") == []
    assert len(who_do_i_know(alice, company="acme", limit=2)) == 2


def test_the_people_search_finds_former_employees(alice, network):
    found = people_list(alice, PeopleFilter(search="acme"))
    assert "Fred Former" in [p.display_name for p in found]
    fred = network["fred"]
    Job.objects.filter(person=fred).delete()
    refresh_search_text([fred])
    found = people_list(alice, PeopleFilter(search="acme"))
    assert "Fred Former" not in [p.display_name for p in found]


def test_the_search_runs_in_a_fixed_number_of_queries(
    alice, network, django_assert_max_num_queries
):
    for index in range(30):
        person = create_person(alice, f"Acme Person {index}", company="Acme")
        job(person, "Acme", started=dt.date(2020, 1, 1))
    with django_assert_max_num_queries(12):
        assert len(who_do_i_know(alice, company="acme")) == 37


def test_notes_folded_for_one_search_are_folded_again_after_a_change(alice, frozen):
    from keepwarm.plans import services

    create_person(alice, "Kim Kayak", notes="Paddles a kayak on Sundays.")
    tom = create_person(alice, "Tom Later")
    services.current(alice)  # a data version exists from here on
    assert [m.person.display_name for m in who_do_i_know(alice, text="kayak")] == ["Kim Kayak"]
    tom.how_we_met = "Met at the kayak club"
    tom.save()  # the data version moves on: the folded notes are made again
    found = {m.person.display_name for m in who_do_i_know(alice, text="kayak")}
    assert found == {"Kim Kayak", "Tom Later"}
