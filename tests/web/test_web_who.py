"""The "Who do I know at …?" page: the form, results with reasons and warmth,
bad parameters re-shown with a message, and only the user's own people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Job, Person
from keepwarm.contacts.services import create_person, refresh_search_text
from keepwarm.touches.services import log_touch
from tests.conftest import kind
from tests.web.reading import text_of

URL = reverse("who_do_i_know")


@pytest.fixture
def acme(alice, bob, frozen):
    cora = create_person(alice, "Cora Current", company="Acme", job_title="Head of Sales")
    fred = create_person(alice, "Fred Former", company="Globex")
    Job.objects.create(
        owner=alice, person=fred, company="Acme", role="Engineer", ended=dt.date(2020, 6, 30)
    )
    refresh_search_text([fred])
    create_person(alice, "Arno Archived", company="Acme")
    Person.objects.filter(display_name="Arno Archived").update(archived=True)
    create_person(alice, "Dora Dead", company="Acme")
    Person.objects.filter(display_name="Dora Dead").update(deceased=True)
    for days in (2, 30, 60, 120):
        log_touch(
            alice, [cora], kind(alice, "coffee"), date=dt.date(2026, 11, 25) - dt.timedelta(days)
        )
    create_person(bob, "Bob's Acme Buddy", company="Acme")
    return {"cora": cora, "fred": fred}


def test_the_empty_page_explains_itself(alice_client):
    response = alice_client.get(URL)
    page = text_of(response)
    assert response.status_code == 200
    assert "Who do I know at…?" in page
    assert 'name="company"' in page and 'name="industry"' in page and 'name="role"' in page
    assert "Whom do you know there?" in page
    assert reverse("warm_calls") in page


def test_a_company_lists_current_and_former_staff_with_reasons_and_warmth(alice_client, acme):
    page = text_of(alice_client.get(URL, {"company": "acme"}))
    assert "3 people" in page
    assert page.index("Cora Current") < page.index("Arno Archived") < page.index("Fred Former")
    assert '<li class="chip">works at Acme</li>' in page
    assert '<li class="chip">worked at Acme until 2020</li>' in page
    assert '<span class="badge badge-warn">archived</span>' in page
    assert "Dora Dead" not in page and "Buddy" not in page
    cora = acme["cora"]
    assert f"{reverse('person', args=[cora.pk])}" in page
    assert f"{reverse('touch_new')}?person={cora.pk}" in page
    assert "Last touch 2 days ago" in page and "Last touch never" in page


def test_warmth_shows_as_a_word(alice, alice_client, acme):
    from keepwarm.planner.warmth import label
    from keepwarm.plans.agenda import warmth_of

    cora, fred = acme["cora"], acme["fred"]
    warmth = warmth_of(alice, [cora.pk, fred.pk])
    page = text_of(alice_client.get(URL, {"company": "acme"}))
    for person in (cora, fred):
        word = label(warmth[person.pk])
        assert f'title="Warmth {warmth[person.pk]} of 100">{word}</span>' in page
    assert label(warmth[fred.pk]) == "cold"


def test_the_people_list_and_the_person_page_link_here(alice_client, acme):
    assert URL in text_of(alice_client.get(reverse("people")))
    person_page = text_of(alice_client.get(reverse("person", args=[acme["cora"].pk])))
    assert f"{URL}?company=Acme" in person_page


def test_no_match_shows_an_empty_state(alice_client, acme):
    page = text_of(alice_client.get(URL, {"company": "Initech"}))
    assert "No one found" in page and "No one matches all of that." in page


def test_several_fields_must_all_match(alice_client, acme):
    page = text_of(alice_client.get(URL, {"company": "acme", "role": "engineer"}))
    assert "1 person" in page and "Fred Former" in page and "Cora Current" not in page


BAD_PARAMS = [
    ({"company": "a"}, "Type at least two letters."),
    ({"company": "#"}, "Type at least two letters."),
    ({"industry": "x" * 101}, "Ensure this value has at most 100 characters"),
    ({"company": "A" * 151}, "Ensure this value has at most 150 characters"),
    ({"role": "r" * 151}, "Ensure this value has at most 150 characters"),
    ({"text": "t" * 201}, "Ensure this value has at most 200 characters"),
    ({"company": "Acme\x00"}, "Null characters are not allowed."),
    ({"role": "é"}, "Type at least two letters."),
]


@pytest.mark.parametrize(("params", "message"), BAD_PARAMS)
def test_bad_parameters_reshow_the_form_with_a_message(alice, alice_client, acme, params, message):
    before = sorted(map(repr, Person.objects.values()))
    response = alice_client.get(URL, params)
    page = text_of(response)
    assert response.status_code == 200
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "Cora Current" not in page
    assert sorted(map(repr, Person.objects.values())) == before


def test_unknown_parameters_and_empty_values_are_harmless(alice_client, acme):
    response = alice_client.get(URL, {"company": "  ", "page": "x", "sort": "<script>"})
    assert response.status_code == 200
    assert "Whom do you know there?" in text_of(response)


def test_post_is_not_allowed(alice_client):
    assert alice_client.post(URL, {"company": "acme"}).status_code == 405


def test_bob_finds_only_his_own_people(bob_client, acme):
    page = text_of(bob_client.get(URL, {"company": "acme"}))
    assert "Bob's Acme Buddy" in page
    assert "Cora Current" not in page and "Fred Former" not in page


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL, {"company": "acme"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
