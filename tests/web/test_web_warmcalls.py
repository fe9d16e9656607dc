"""The warm-calls pages: switching job-hunt mode on and off, the ranked call
cards, logging an outcome, and the home page's warm-calls card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Tag
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from tests.conftest import TODAY, kind

WARM_CALLS = reverse("warm_calls")
GOAL = reverse("job_hunt_goal")
OUTCOME = reverse("call_outcome")
END = reverse("job_hunt_end")


@pytest.fixture
def hunt(alice, frozen):
    return JobHunt.objects.create(owner=alice, companies="Acme\nGlobex")


@pytest.fixture
def acme(alice, frozen):
    """Warm Jane and cold Tom at Acme, Gus at Globex."""
    jane = create_person(alice, "Jane Doe", company="Acme", phones=["+49 30 1234567"])
    log_touch(alice, [jane], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=7))
    tom = create_person(alice, "Tom Quiet", company="Acme")
    gus = create_person(alice, "Gus Globe", company="Globex")
    log_touch(alice, [gus], kind(alice, "lunch"), date=TODAY - dt.timedelta(days=20))
    return {"jane": jane, "tom": tom, "gus": gus}


def nothing_logged(user):
    return not (
        owned(CallOutcome, user).exists()
        or owned(Touch, user).filter(kind__label="check-in call").exists()
        or owned(FollowUp, user).exists()
    )


def test_without_a_hunt_the_page_explains_and_offers_to_start(alice_client, frozen):
    response = alice_client.get(WARM_CALLS)
    assert response.status_code == 200
    assert "Looking for your next role?" in response.content.decode()
    assert GOAL in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for url in (WARM_CALLS, GOAL):
        assert client.get(url).url.startswith(reverse("login"))


def test_starting_a_hunt_saves_the_goal_and_ranks_warm_first(alice, alice_client, acme):
    school = owned(Tag, alice).get_or_create(owner=alice, name="school")[0]
    response = alice_client.post(
        GOAL,
        {
            "companies": " Acme \n\nacme\n",
            "roles": "",
            "industries": "",
            "cities": "Berlin",
            "tags": [school.pk],
            "note": "Product roles",
        },
        follow=True,
    )
    hunt = owned(JobHunt, alice).get()
    assert (hunt.active, hunt.companies, hunt.cities, hunt.started_on) == (
        True,
        "Acme",
        "Berlin",
        TODAY,
    )
    assert list(hunt.tags.all()) == [school]
    page = response.content.decode()
    assert "Job-hunt mode is on" in page
    assert page.index("Jane Doe") < page.index("Tom Quiet")
    assert "Warm up first:" in page
    assert "Hi Jane — how are things at Acme?" in page


def test_editing_the_goal_keeps_one_hunt(alice, alice_client, hunt):
    response = alice_client.post(GOAL, {"companies": "Initech", "roles": "designer"})
    assert response.url == WARM_CALLS
    hunt.refresh_from_db()
    assert (hunt.companies, hunt.roles) == ("Initech", "designer")
    assert owned(JobHunt, alice).count() == 1
    assert "Initech" in alice_client.get(GOAL).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Name at least one company, role, industry, city or tag"),
        ({"companies": "\n \n"}, "Name at least one company"),
        ({"companies": "x" * 151}, "is too long: at most 150 characters"),
        ({"companies": "x" * 2001}, "at most 2000 characters"),
        ({"roles": "\n".join(f"role {n}" for n in range(31))}, "At most 30 roles"),
        ({"companies": "Acme", "tags": ["abc"]}, "Pick tags from your own list"),
        ({"companies": "Acme", "tags": ["99999999999999999999"]}, "Pick tags from your own list"),
        ({"companies": "Acme", "tags": ["123456"]}, "Pick tags from your own list"),
        ({"companies": "Acme", "note": "n" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_goals_reshow_the_form_and_save_nothing(alice, alice_client, frozen, data, error):
    response = alice_client.post(GOAL, data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not owned(JobHunt, alice).exists()


def test_bob_cannot_pick_alices_tag_for_his_goal(alice, bob, bob_client, frozen):
    alices = Tag.objects.create(owner=alice, name="acme")
    response = bob_client.post(GOAL, {"companies": "Acme", "tags": [alices.pk]})
    assert response.status_code == 200
    assert "Pick tags from your own list" in response.content.decode()
    assert not owned(JobHunt, bob).exists()


def test_logging_an_outcome_takes_one_post_and_says_what_follows(alice, alice_client, hunt, acme):
    jane = acme["jane"]
    response = alice_client.post(
        OUTCOME, {"person": jane.pk, "outcome": "talked", "company": "Acme"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{WARM_CALLS}?company=Acme#call-{jane.pk}"
    assert "Logged: talked with Jane. Follow-up: thank-you note tomorrow." in (
        response.content.decode()
    )
    call = owned(CallOutcome, alice).get()
    assert (call.person, call.outcome, call.hunt) == (jane, "talked", hunt)
    assert owned(FollowUp, alice).get().text == "Warm call: Thank-you note"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"outcome": "talked"}, "Pick the person you called."),
        ({"person": "abc", "outcome": "talked"}, "That person is not in your network."),
        ({"person": "99999999999999999999", "outcome": "talked"}, "not in your network"),
        ({"person": "²", "outcome": "talked"}, "not in your network"),
        ({"person": "JANE"}, "Pick how the call went."),
        ({"person": "JANE", "outcome": "maybe"}, "Pick how the call went: no answer"),
        ({"person": "JANE", "outcome": "talked", "note": "n" * 501}, "500 characters or fewer"),
        ({"person": "TOM_GONE", "outcome": "talked"}, "not in your network"),
    ],
)
def test_bad_outcomes_reshow_the_page_and_log_nothing(alice, alice_client, hunt, acme, data, error):
    tom = acme["tom"]
    tom.deceased = True
    tom.save()
    ids = {"JANE": str(acme["jane"].pk), "TOM_GONE": str(tom.pk)}
    data = {k: ids.get(v, v) for k, v in data.items()}
    response = alice_client.post(OUTCOME, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "That call was not logged." in page and error in page
    assert nothing_logged(alice)


def test_bob_cannot_log_a_call_with_alices_person(alice, bob, bob_client, acme):
    JobHunt.objects.create(owner=bob, companies="Acme")
    response = bob_client.post(OUTCOME, {"person": acme["jane"].pk, "outcome": "talked"})
    assert response.status_code == 200
    assert "That person is not in your network." in response.content.decode()
    assert not CallOutcome.objects.exists()
    assert nothing_logged(alice) and nothing_logged(bob)


def test_an_outcome_without_a_hunt_asks_to_start_one(alice, alice_client, acme):
    response = alice_client.post(OUTCOME, {"person": acme["jane"].pk, "outcome": "talked"})
    assert response.url == WARM_CALLS
    assert nothing_logged(alice)


def test_outcome_and_end_take_only_post(alice_client, hunt):
    assert alice_client.get(OUTCOME).status_code == 405
    assert alice_client.get(END).status_code == 405


def test_ending_the_hunt_switches_it_off(alice, alice_client, hunt):
    response = alice_client.post(END)
    assert response.url == reverse("home")
    hunt.refresh_from_db()
    assert (hunt.active, hunt.ended_on) == (False, TODAY)
    assert "Looking for your next role?" in alice_client.get(WARM_CALLS).content.decode()


def test_bob_cannot_end_alices_hunt(bob_client, hunt):
    bob_client.post(END)
    hunt.refresh_from_db()
    assert hunt.active and hunt.ended_on is None


def test_searching_a_company_ranks_its_people(alice_client, hunt, acme):
    page = alice_client.get(WARM_CALLS, {"company": "globex"}).content.decode()
    assert "Gus Globe" in page and "Jane Doe" not in page
    assert f"{reverse('who_do_i_know')}?company=globex" in page


def test_the_goal_ranks_all_its_companies(alice_client, hunt, acme):
    page = alice_client.get(WARM_CALLS).content.decode()
    assert max(page.index("Jane Doe"), page.index("Gus Globe")) < page.index("Tom Quiet")


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "999999"},
        {"page": "10" * 30},
        {"company": "x" * 400},
        {"company": "\x00"},
    ],
)
def test_bad_query_parameters_never_fail(alice_client, hunt, acme, query):
    response = alice_client.get(WARM_CALLS, query)
    assert response.status_code == 200
    assert "Warm calls" in response.content.decode()


def test_home_shows_the_hunts_follow_ups_first(alice, alice_client, hunt, acme):
    alice_client.post(OUTCOME, {"person": acme["jane"].pk, "outcome": "intro"})
    page = alice_client.get(reverse("home")).content.decode()
    card = page[page.index('id="warmcalls-heading"') :]
    assert card.index("Warm call: Thank-you note") < card.index("Warm call: Check the intro")
    assert page.index("warmcalls-heading") < page.index("followups-heading")


def test_home_links_to_warm_calls_when_not_looking(alice, alice_client, acme):
    page = alice_client.get(reverse("home")).content.decode()
    assert "warmcalls-heading" not in page
    assert "Looking for a new role?" in page


def test_a_company_nobody_is_tied_to_shows_the_empty_state(alice_client, hunt, acme):
    page = alice_client.get(WARM_CALLS, {"company": "Nowhere Inc"}).content.decode()
    assert "No one you know at Nowhere Inc yet" in page


def test_warm_calls_pages_show_no_tally_of_give_and_get(alice, alice_client, hunt, acme):
    from tests.warmcalls.tally import TALLY

    alice_client.post(OUTCOME, {"person": acme["jane"].pk, "outcome": "referral"})
    for url in (WARM_CALLS, GOAL, reverse("home"), f"{WARM_CALLS}?company=Acme"):
        page = alice_client.get(url).content.decode()
        assert not [p.pattern for p in TALLY if p.search(page)], url
