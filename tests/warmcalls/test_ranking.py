"""Warm calls ranked against a job-hunt goal, on a fixture network with a known
answer: warm Acme staff first, former staff found, cold ones warm up first."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import Circle, Job, Relationship
from keepwarm.contacts.services import create_person, refresh_search_text
from keepwarm.owned import owned
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.models import JobHunt
from keepwarm.warmcalls.ranking import Goal, lines, mentions, rank, rank_for_company, score_of
from tests.conftest import TODAY, kind

ACME = Goal(companies=("Acme",))


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def network(alice, bob, frozen):
    """Alice's people around Acme, each with a known place in the ranking."""
    people = {}

    def person(name, **fields):
        people[name] = create_person(alice, name, **fields)
        return people[name]

    wendy = person("Wendy Warm", company="Acme", job_title="Engineer")
    for days, label in ((10, "coffee"), (60, "lunch"), (100, "check-in call")):
        log_touch(alice, [wendy], kind(alice, label), date=ago(days))
    person("Carl Cold", company="ACME", city="Porto")
    fiona = person("Fiona Former", company="Globex")
    Job.objects.create(
        owner=alice,
        person=fiona,
        company="Acme",
        started=dt.date(2015, 1, 1),
        ended=dt.date(2020, 6, 30),
    )
    refresh_search_text([fiona])
    for days in (30, 90):
        log_touch(alice, [fiona], kind(alice, "email or note"), date=ago(days))
    sam = person("Sam Spouse")
    Relationship.objects.create(owner=alice, person=sam, kind="spouse", other=wendy)
    log_touch(alice, [sam], kind(alice, "lunch"), date=ago(5))
    ian = person("Ian Intro")
    wendy.how_we_met = "Ian Intro brought me to her team's meetup"
    wendy.save()
    log_touch(alice, [ian], kind(alice, "coffee"), date=ago(20))
    person("Dora Gone", company="Acme", deceased=True)
    person("Archie Away", company="Acme", archived=True)
    person("Nora Nobody", company="Initech")
    create_person(bob, "Bob's Acme Friend", company="Acme")
    return people


def names(calls):
    return [c.person.display_name for c in calls]


def test_warm_acme_employee_ranks_above_cold_one(alice, network):
    calls = rank(alice, ACME)
    assert names(calls)[0] == "Wendy Warm"
    assert names(calls)[-1] == "Carl Cold"
    wendy = calls[0]
    assert wendy.label == "warm" and not wendy.warm_up
    assert "works at Acme" in wendy.reasons


def test_former_employee_is_found_with_when_they_left(alice, network):
    fiona = next(c for c in rank(alice, ACME) if c.person.display_name == "Fiona Former")
    assert fiona.reasons == ["worked at Acme until 2020"]
    assert fiona.label == "cooling"
    assert not fiona.warm_up


def test_cold_but_relevant_person_warms_up_first_below_the_warm(alice, network):
    calls = rank(alice, ACME)
    carl = calls[-1]
    assert carl.person.display_name == "Carl Cold"
    assert carl.warm_up and carl.label == "cold" and carl.warmth == 0
    assert carl.relevance > calls[-2].relevance  # more relevant, still after the warm ones
    assert all(not c.warm_up for c in calls[:-1])


def test_family_and_introducers_of_insiders_count(alice, network):
    calls = {c.person.display_name: c for c in rank(alice, ACME)}
    assert calls["Sam Spouse"].reasons == ["knows Wendy Warm (spouse), who works at Acme"]
    assert calls["Ian Intro"].reasons == ["introduced you to Wendy Warm"]
    assert "met through Ian Intro" not in calls["Wendy Warm"].reasons


def test_deceased_archived_unrelated_and_other_users_people_never_appear(alice, network):
    found = set(names(rank(alice, ACME)))
    assert found == {"Wendy Warm", "Carl Cold", "Fiona Former", "Sam Spouse", "Ian Intro"}


@pytest.mark.parametrize(
    ("goal", "fields", "reason"),
    [
        (Goal(industries=("fintech",)), {"industry": "FinTech"}, "in FinTech"),
        (
            Goal(roles=("product manager",)),
            {"job_title": "Senior Product Manager"},
            "Senior Product Manager",
        ),
        (Goal(cities=("Zürich",)), {"city": "zurich"}, "lives in zurich"),
        (
            Goal(companies=("Société Générale",)),
            {"company": "societe generale"},
            "works at societe generale",
        ),
        (
            Goal(companies=("Globex",)),
            {"notes": "Her brother runs Globex's design team."},
            "notes mention Globex",
        ),
        (Goal(tags=("Mentor",)), {"tags": ["mentor"]}, "tag #mentor"),
        (Goal(tags=("Mom's friends",)), {"tags": ["Mom's friends"]}, "tag #Mom's friends"),
    ],
)
def test_each_kind_of_match_gives_its_reason(alice, frozen, goal, fields, reason):
    create_person(alice, "Mia Match", **fields)
    create_person(alice, "Ned Nomatch", company="Umbrella", city="Lyon", industry="retail")
    calls = rank(alice, goal)
    assert names(calls) == ["Mia Match"]
    assert calls[0].reasons == [reason]


def test_a_company_is_found_through_a_tag_too(alice, frozen):
    create_person(alice, "Tess Tagged", tags=["acme"])
    create_person(alice, "Ursula Other", company="Initech", tags=["initech"])
    calls = rank(alice, ACME)
    assert names(calls) == ["Tess Tagged"]
    assert calls[0].reasons == ["tag #acme"]


def test_a_current_job_in_the_history_counts_as_working_there(alice, frozen):
    rae = create_person(alice, "Rae Now")
    Job.objects.create(owner=alice, person=rae, company="Acme", role="Designer")
    refresh_search_text([rae])
    calls = rank(alice, Goal(companies=("Acme",), roles=("designer",)))
    assert calls[0].reasons == ["works at Acme", "is Designer at Acme"]


def test_goal_of_a_hunt_splits_lines_and_drops_blanks(alice, frozen):
    hunt = JobHunt.objects.create(owner=alice, companies="  Acme \n\n acme\nGlobex Inc ", cities="")
    goal = Goal.of(hunt)
    assert goal.companies == ("Acme", "Globex Inc")
    assert goal.cities == ()
    assert lines(" a \n\n b ") == ("a", "b")


def test_rank_takes_a_hunt_and_an_empty_goal_ranks_no_one(alice, network):
    hunt = JobHunt.objects.create(owner=alice, companies="Acme")
    assert names(rank(alice, hunt))[0] == "Wendy Warm"
    assert rank(alice, Goal()) == []


def test_limit_cuts_the_list(alice, network):
    assert len(rank(alice, ACME, limit=2)) == 2


def test_score_scales_relevance_by_warmth():
    assert score_of(10, 100) == 10
    assert score_of(10, 0) == 2.5
    assert score_of(10, 50) == 6.25
    # The examples of docs/warmth.md ("Warm calls").
    assert [score_of(14, 90), score_of(4, 100), score_of(6, 30)] == [12.95, 4.0, 2.85]
    assert mentions("Works at ACME, Inc.", "acme")
    assert not mentions("Acmeworks", "acme")


def test_a_company_search_keeps_only_people_tied_to_it(alice, network):
    create_person(alice, "Eve Engineer", job_title="Engineer")
    goal = Goal(companies=("Initech",), roles=("engineer",))
    assert "Eve Engineer" in names(rank(alice, goal))
    calls = rank_for_company(alice, goal, "Acme")
    assert names(calls)[0] == "Wendy Warm"
    assert calls[0].reasons == ["works at Acme", "Engineer at Acme"]
    assert "Eve Engineer" not in names(calls)
    assert rank_for_company(alice, goal, "Nowhere Inc") == []


def test_a_tie_goes_to_the_closer_circle_then_the_latest_touch_never_the_alphabet(alice, frozen):
    circles = {c.name: c for c in owned(Circle, alice)}
    close, wide = circles["Close"], circles["Wide"]
    # Equal matches, both cold (never touched or long ago): only closeness and recency differ.
    aaron = create_person(alice, "Aaron Wide", company="Acme", circle=wide)
    zoe = create_person(alice, "Zoe Close", company="Acme", circle=close)
    yann = create_person(alice, "Yann Close", company="Acme", circle=close)
    log_touch(alice, [yann], kind(alice, "email or note"), date=ago(900))
    log_touch(alice, [zoe], kind(alice, "email or note"), date=ago(800))
    calls = rank(alice, ACME)
    assert {c.warmth for c in calls} == {0} and len({c.score for c in calls}) == 1
    assert [c.person.pk for c in calls] == [zoe.pk, yann.pk, aaron.pk]


def test_the_matches_kept_for_a_goal_follow_every_change_to_what_they_read(alice, network):
    from keepwarm.contacts.models import Tag
    from keepwarm.plans import services

    services.current(alice, TODAY)  # the data version exists from the first plan on
    names = lambda: [c.person.display_name for c in rank(alice, ACME)]  # noqa: E731
    first = names()
    assert "Nora Nobody" not in first and names() == first  # kept: the same answer
    nora = network["Nora Nobody"]
    Job.objects.create(owner=alice, person=nora, company="Acme", started=dt.date(2010, 1, 1))
    refresh_search_text([nora])  # as the job form does
    assert "Nora Nobody" in names()  # a job
    carl = network["Carl Cold"]
    carl.company = "Initech"
    carl.save()
    refresh_search_text([carl])
    assert "Carl Cold" not in names()  # a person's company
    tag = Tag.objects.create(owner=alice, name="acme-alumni")
    carl.tags.add(tag)
    goal = Goal(companies=("Acme",), tags=("acme-alumni",))
    assert "Carl Cold" in [c.person.display_name for c in rank(alice, goal)]  # a tag given
    carl.tags.remove(tag)
    assert "Carl Cold" not in [c.person.display_name for c in rank(alice, goal)]  # taken
    Relationship.objects.filter(other=network["Wendy Warm"]).delete()
    assert "Sam Spouse" not in names()  # a relationship
