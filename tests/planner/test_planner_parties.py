"""A party a season: the planner proposes one when the user hosts none, only
where the weeks have the room, and a party the user hosts keeps its evening."""

from __future__ import annotations

import datetime as dt
import math

from keepwarm.planner import parties
from keepwarm.planner.model import Gathering, PastTouch, Person, Snapshot, Trip
from keepwarm.planner.occasions import INVITE_LEAD_DAYS
from keepwarm.planner.plan import plan
from keepwarm.planner.synthetic import default_kinds

KINDS = default_kinds()
KIND = {k.label: k for k in KINDS}
TODAY = dt.date(2027, 1, 4)  # a Monday in winter
IN_TOWN = frozenset({"email", "same_city"})


def town(count: int = 20, start: int = 1) -> list[Person]:
    """People in town, each last touched a day further back (the higher the id, the colder)."""
    return [
        Person(
            id=pid,
            name=f"P{pid}",
            target=3,
            has=IN_TOWN,
            history=(PastTouch(TODAY - dt.timedelta(days=40 + pid), KIND["email or note"].id),),
        )
        for pid in range(start, start + count)
    ]


def snap(*people: Person, budget: int = 360, **fields) -> Snapshot:
    return Snapshot(today=TODAY, budget_minutes=budget, people=people, kinds=KINDS, **fields)


def proposals(result):
    return [i for i in result.items() if i.id.startswith(parties.PROPOSAL)]


def test_a_party_is_proposed_each_season_three_weeks_after_its_invitations():
    result = plan(snap(*town(150)))
    found = proposals(result)
    invitations = [i for i in found if i.occasion == "gathering"]
    evenings = {i.id: i for i in found if i.occasion == "party"}
    assert [i.id for i in invitations] == [
        "kickoff-2026-12",
        "kickoff-2027-03",
        "kickoff-2027-06",
        "kickoff-2027-09",
        "kickoff-2027-12",
    ]
    for invitation in invitations:
        evening = evenings[invitation.id + "-evening"]
        assert evening.date.weekday() == parties.SATURDAY
        assert evening.date - invitation.date == dt.timedelta(days=INVITE_LEAD_DAYS)
        first, last, _name = parties.season_of(evening.date)
        assert first <= evening.date <= last and invitation.id == parties.proposal_id(first)
        assert invitation.proposed and evening.proposed and not invitation.fixed
        # One mail for all, and an evening for the half expected to come.
        guests = len(invitation.people)
        assert invitation.minutes == KIND["party invitation"].cost(guests)
        assert evening.minutes == KIND["party"].cost(math.ceil(guests * parties.ATTENDANCE))
        assert evening.people == invitation.people
    assert "a spring party on Saturday" in invitations[1].reason
    # Nobody is a guest twice in the year: their touches are not all invitations.
    guests = [pid for i in invitations for pid in i.people]
    assert len(guests) == len(set(guests))


def test_nobody_invited_to_a_party_lately_is_proposed_again():
    people = town(40)
    went = PastTouch(TODAY - dt.timedelta(days=100), KIND["party"].id)
    people[-1] = Person(id=40, name="P40", target=3, has=IN_TOWN, history=(went,))
    first = proposals(plan(snap(*people)))[0]
    assert 40 not in first.people and 10 in first.people


def test_the_coldest_in_town_are_the_guests_and_only_those_who_can_get_the_mail():
    away = Person(id=900, name="Away", target=3, has=frozenset({"email"}))
    no_mail = Person(id=901, name="No mail", target=3, has=frozenset({"same_city"}))
    result = plan(snap(*town(40), away, no_mail))
    first = proposals(result)[0]
    assert len(first.people) == parties.GUESTS
    assert 900 not in first.people and 901 not in first.people
    assert set(first.people) == set(range(11, 41))  # the 30 touched longest ago


def test_the_invitation_counts_as_their_touch_and_the_evening_adds_none():
    result = plan(snap(*town(40)))
    first = proposals(result)[0]
    assert all(result.expected[pid] >= 1 for pid in first.people)
    ids = {i.id for i in result.items()}
    evenings = [i for i in result.items() if i.occasion == "party"]
    assert evenings and all(parties.invitation_of(i.id) in ids for i in evenings)
    everyone = sum(len(i.people) for i in result.items())
    assert sum(result.expected.values()) == everyone - sum(len(i.people) for i in evenings)


def test_never_beyond_the_budget_so_none_on_a_short_week():
    assert not proposals(plan(snap(*town(40), budget=90)))  # an evening does not fit 90 minutes
    for week in plan(snap(*town(40), budget=180)).weeks:
        assert week.planned_minutes <= week.budget_minutes


def test_too_few_in_town_and_no_proposal():
    assert not proposals(plan(snap(*town(parties.MIN_GUESTS - 1))))


def test_a_season_with_the_users_own_gathering_or_a_skipped_proposal_gets_none():
    own = Gathering(5, dt.date(2027, 4, 10), "Easter brunch", (1, 2), (1, 2))
    ids = [i.id for i in proposals(plan(snap(*town(150), gatherings=(own,))))]
    assert "kickoff-2027-03" not in ids and "kickoff-2027-06" in ids
    skipped = {"kickoff-2027-06": TODAY}
    ids = [i.id for i in proposals(plan(snap(*town(150), skipped=skipped)))]
    assert "kickoff-2027-06" not in ids and "kickoff-2027-09" in ids


def test_no_party_during_a_trip():
    trip = Trip(dt.date(2027, 3, 1), dt.date(2027, 5, 31), "a long journey")
    ids = [i.id for i in proposals(plan(snap(*town(40), trips=(trip,))))]
    assert "kickoff-2027-03" not in ids


def test_the_users_gathering_keeps_its_evening_whatever_the_week_holds():
    guests = town(12)
    paused = Person(id=99, name="Paused", target=3, has=IN_TOWN, paused_until=dt.date(2027, 3, 1))
    own = Gathering(7, dt.date(2027, 1, 16), "Chili party", (), (*range(1, 13), 99))
    result = plan(snap(*guests, paused, budget=60, gatherings=(own,)))
    evening = next(i for i in result.items() if i.id == "party-7")
    assert evening.date == dt.date(2027, 1, 16) and evening.fixed
    assert 99 not in evening.people and len(evening.people) == 12
    assert evening.minutes == KIND["party"].cost(6) > 60
    assert evening.reason == "Chili party: about 6 of 12 guests"
    # Its guests had their invitation already: the evening is their touch.
    assert all(result.expected[pid] >= 1 for pid in range(1, 13))


def test_seasons_are_three_months_and_winter_spans_the_new_year():
    assert parties.season_of(dt.date(2027, 1, 4)) == (
        dt.date(2026, 12, 1),
        dt.date(2027, 2, 28),
        "winter",
    )
    assert parties.season_of(dt.date(2028, 2, 29))[1] == dt.date(2028, 2, 29)
    assert parties.season_of(dt.date(2027, 9, 1)) == (
        dt.date(2027, 9, 1),
        dt.date(2027, 11, 30),
        "autumn",
    )


def test_people_just_added_get_their_welcome_before_any_party():
    newcomers = [
        Person(id=pid, name=f"New {pid}", target=3, has=IN_TOWN, since=TODAY)
        for pid in range(1, 21)
    ]
    result = plan(snap(*newcomers))
    welcomes = [i for i in result.weeks[0].items if i.date == TODAY and i.occasion == ""]
    assert len(welcomes) >= 5
    first = proposals(result)[0]
    assert first.date - TODAY >= dt.timedelta(days=parties.QUIET_DAYS)


def test_a_close_friend_near_the_120_day_limit_is_not_kept_waiting_for_a_party():
    """Silent 116 days, with a party's invitation to go out in twelve: the
    routine touch comes first (the invitation would leave them silent 128
    days); a friend silent 60 days waits for the invitation, their touch."""
    invite = TODAY + dt.timedelta(days=12)
    party = invite + dt.timedelta(days=INVITE_LEAD_DAYS)

    def friend(pid: int, silent: int) -> Person:
        last = PastTouch(TODAY - dt.timedelta(days=silent), KIND["email or note"].id)
        return Person(id=pid, name=f"F{pid}", target=7, inner=True, has=IN_TOWN, history=(last,))

    near, fresh = friend(1, 116), friend(2, 60)
    gathering = Gathering(1, party, "chili party", (1, 2), (1, 2))
    result = plan(snap(near, fresh, gatherings=(gathering,)))
    first = {
        pid: min(i.date for i in result.items() if pid in i.people and i.occasion == "")
        for pid in (1, 2)
    }
    assert first[1] <= TODAY + dt.timedelta(days=4)
    assert first[2] > invite
