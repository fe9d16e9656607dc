"""Life events in the pure planner: each kind brings its response, ahead of
routine touches; a bereavement a condolence within three days, a check-in a
month on and a word on the first anniversary; nothing for the deceased."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.planner.model import LIFE_EVENT_OCCASION, LifeEvent, PastTouch
from keepwarm.planner.occasions import LIFE_EVENT_RESPONSES, MOURNING_DAYS, recent_bereavement
from keepwarm.planner.plan import plan
from tests.conftest import TODAY
from tests.planner.shapes import KIND, person, snap


def event(kind, day, note="", eid=7):
    return LifeEvent(eid, kind, day, note)


def responses(result, pid=1):
    """The person's occasion items (not a card evening or a postcard run)."""
    return {i.occasion: i for i in result.items() if pid in i.people and i.fixed}


def test_a_bereavement_brings_a_condolence_a_check_in_and_the_anniversary():
    died = dt.date(2026, 11, 24)
    result = plan(snap(person(life_events=(event("bereavement", died, "her father"),))))
    found = responses(result)
    condolence, checkin = found["condolence"], found["checkin"]
    assert condolence.date <= died + dt.timedelta(days=3)
    assert condolence.kind == "condolence"
    assert condolence.reason == "her father (24 Nov): condolences"
    assert died + dt.timedelta(days=30) <= checkin.date <= died + dt.timedelta(days=37)
    assert checkin.kind == "check-in call"  # a call: the warmest quick kind with a phone
    assert checkin.reason == "her father (24 Nov): a check-in, a month on"


def test_the_first_anniversary_is_on_the_day():
    died = dt.date(2025, 12, 2)
    result = plan(snap(person(life_events=(event("bereavement", died, "her father"),))))
    anniversary = responses(result)["anniversary"]
    assert anniversary.date == dt.date(2026, 12, 2)
    assert anniversary.reason == "her father, a year ago (2 Dec 2025): a gentle word"
    assert "condolence" not in responses(result) and "checkin" not in responses(result)


def test_a_29_february_anniversary_is_on_28_february():
    mourning = person(life_events=(event("bereavement", dt.date(2024, 2, 29)),))
    result = plan(replace(snap(mourning), today=dt.date(2025, 2, 20)))
    assert responses(result)["anniversary"].date == dt.date(2025, 2, 28)


def test_a_check_in_without_a_phone_is_a_note():
    died = dt.date(2026, 11, 24)
    mourning = person(has=frozenset({"email"}), life_events=(event("bereavement", died),))
    assert responses(plan(snap(mourning)))["checkin"].kind == "email or note"


def test_a_condolence_sent_is_not_planned_again_but_the_check_in_is():
    died = dt.date(2026, 11, 20)
    sent = PastTouch(dt.date(2026, 11, 21), KIND["condolence"].id)
    found = responses(
        plan(snap(person(life_events=(event("bereavement", died),), history=(sent,))))
    )
    assert "condolence" not in found
    assert "checkin" in found


def test_a_late_bereavement_still_gets_its_condolence_today():
    died = TODAY - dt.timedelta(days=10)
    condolence = responses(plan(snap(person(life_events=(event("bereavement", died),)))))[
        "condolence"
    ]
    assert condolence.date == TODAY


@pytest.mark.parametrize("kind", ["new_job", "baby", "wedding", "graduation", "retirement"])
def test_good_news_brings_congratulations_within_a_week(kind):
    day = dt.date(2026, 11, 26)
    found = responses(plan(snap(person(life_events=(event(kind, day),)))))
    assert day <= found["congratulate"].date <= day + dt.timedelta(days=7)
    assert found["congratulate"].reason.endswith(": congratulate")


@pytest.mark.parametrize("kind", ["home_project", "illness"])
def test_a_home_project_or_an_illness_brings_an_offer_to_help(kind):
    found = responses(plan(snap(person(life_events=(event(kind, TODAY),)))))
    assert found["help"].kind == "offer to help"
    assert found["help"].date <= TODAY + dt.timedelta(days=7)


def test_a_move_asks_for_the_new_address_and_needs_nothing():
    mover = person(has=frozenset(), life_events=(event("move", TODAY, "moved to Lyon"),))
    found = responses(plan(snap(mover)))
    assert found["address"].reason == "moved to Lyon (today): ask for the new address"
    assert found["address"].kind == "email or note"


@pytest.mark.parametrize("kind", sorted(LIFE_EVENT_RESPONSES))
def test_every_response_comes_before_routine_on_a_short_week(kind):
    touched = person(1, life_events=(event(kind, TODAY),))
    others = [person(pid, target=12) for pid in range(2, 14)]
    result = plan(snap(touched, *others, budget=40))
    first = LIFE_EVENT_RESPONSES[kind][0].step
    assert any(i.occasion == first and i.people == (1,) for i in result.weeks[0].items)


def test_the_deceased_get_nothing_at_all():
    dead = person(deceased=True, life_events=(event("bereavement", TODAY),))
    assert plan(snap(dead)).items() == []


def test_an_old_event_asks_for_nothing():
    found = responses(
        plan(snap(person(life_events=(event("new_job", TODAY - dt.timedelta(days=40)),))))
    )
    assert found == {}


def test_the_first_step_of_each_response_uses_the_kinds_named_in_the_model():
    assert {
        kind: steps[0].kinds for kind, steps in LIFE_EVENT_RESPONSES.items()
    } == LIFE_EVENT_OCCASION


# Recently bereaved: the six weeks from a death in which nothing asks anything of
# the family (call cards); one rule, here, next to the condolence it follows.


def test_a_bereavement_is_recent_for_six_weeks_from_the_day():
    for days, recent in ((0, True), (1, True), (41, True), (42, False), (-1, False)):
        died = event("bereavement", TODAY - dt.timedelta(days=days))
        assert (recent_bereavement([died], TODAY) == died) is recent, days


def test_only_a_bereavement_counts_and_the_latest_is_the_one():
    older = event("bereavement", TODAY - dt.timedelta(days=30), eid=1)
    newer = event("bereavement", TODAY - dt.timedelta(days=2), eid=2)
    baby = event("baby", TODAY, eid=3)
    assert recent_bereavement([older, baby, newer], TODAY) == newer
    assert recent_bereavement([baby], TODAY) is None
    assert recent_bereavement([], TODAY) is None


def test_the_six_weeks_cover_the_condolence_and_the_check_in_a_month_on():
    condolence, checkin, _ = LIFE_EVENT_RESPONSES["bereavement"]
    assert MOURNING_DAYS == 42
    assert condolence.after + condolence.stays < MOURNING_DAYS
    assert checkin.after + checkin.within < MOURNING_DAYS


@given(
    events=st.lists(
        st.builds(
            LifeEvent,
            id=st.integers(0, 99),
            kind=st.sampled_from([*sorted(LIFE_EVENT_RESPONSES), "other"]),
            date=st.dates(TODAY - dt.timedelta(days=400), TODAY + dt.timedelta(days=30)),
        ),
        max_size=6,
    )
)
def test_recent_bereavement_is_the_latest_death_of_the_six_weeks(events):
    found = recent_bereavement(events, TODAY)
    window = [
        e for e in events if e.kind == "bereavement" and 0 <= (TODAY - e.date).days < MOURNING_DAYS
    ]
    assert (found is None) == (not window)
    if found is not None:
        assert found in window and found.date == max(e.date for e in window)


def test_someone_planned_nothing_is_still_answered_at_a_loss_and_at_nothing_else():
    """No yearly target (imported, not sorted yet; or a circle of no touches):
    no routine touch, no birthday greeting, no congratulations, but the
    condolence and the check-in. Archived: nothing at all."""
    died = dt.date(2026, 11, 24)
    events = (event("bereavement", died, "her father"), event("new_job", died, "", eid=8))
    quiet = person(target=0, birthday=None, life_events=events)
    found = responses(plan(snap(quiet)))
    assert sorted(found) == ["checkin", "condolence"]
    assert [i for i in plan(snap(quiet)).items() if 1 in i.people and not i.fixed] == []
    assert responses(plan(snap(replace(quiet, archived=True)))) == {}
