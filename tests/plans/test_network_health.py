"""The network health numbers on a small network with known answers: warmth per
circle, touches per month against the target, breadth, who went cold lately,
coming occasions, and one person's warmth over two years. The network is
``known_network`` (tests/conftest.py); the pages show the same numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import Person
from keepwarm.owned import owned
from keepwarm.plans import health
from keepwarm.touches.services import log_touch
from tests.conftest import TODAY, kind


def test_warmth_per_circle_counts_active_people_by_word(alice, known_network):
    rows = {row.circle.name: row for row in health.network_health(alice, TODAY).circles}
    assert {name: (r.warm, r.cooling, r.cold) for name, r in rows.items()} == {
        "Close": (0, 1, 0),
        "Core": (1, 0, 1),
        "Wide": (0, 0, 2),
    }


def test_totals_add_up_over_the_circles(alice, known_network):
    found = health.network_health(alice, TODAY)
    assert (found.total("warm"), found.total("cooling"), found.total("cold")) == (1, 1, 3)
    assert found.people == 5


def test_touches_per_month_count_each_person_of_a_touch(alice, known_network):
    months = health.network_health(alice, TODAY).months
    assert (months[0].start, months[-1].start) == (dt.date(2025, 12, 1), dt.date(2026, 11, 1))
    counts = {m.start: m.touches for m in months if m.touches}
    assert counts == {
        dt.date(2025, 12, 1): 3,
        dt.date(2026, 7, 1): 1,
        dt.date(2026, 8, 1): 1,
        dt.date(2026, 9, 1): 1,
        dt.date(2026, 10, 1): 1,
        dt.date(2026, 11, 1): 1,
    }
    assert [m.partial for m in months] == [False] * 11 + [True]


def test_the_monthly_target_is_the_active_targets_over_twelve(alice, known_network):
    # Jane 7, Tom 12, Una 3, Vic 7, Wanda 3: 32 a year.
    assert health.network_health(alice, TODAY).monthly_target == pytest.approx(2.7)


def test_breadth_folds_case_and_spaces_and_counts_distinct_values(alice, known_network):
    groups = {b.title: b for b in health.network_health(alice, TODAY).breadth}
    companies = groups["Companies"]
    assert companies.top[0] == ("Acme", 2)  # Jane's "Acme" and Wanda's " acme "
    assert companies.distinct == 3
    assert companies.unknown == 1  # Una
    assert groups["Cities"].top == [("Berlin", 2)]
    assert (groups["Cities"].distinct, groups["Cities"].unknown) == (1, 3)
    assert sorted(groups["Industries"].top) == [("Food", 1), ("Software", 1)]


def test_who_went_cold_lately_is_wanda_with_the_day_and_the_values(alice, known_network):
    went = health.network_health(alice, TODAY).went_cold
    assert [(w.name, w.was, w.now, w.around) for w in went] == [
        ("Wanda Reed", 27, 20, dt.date(2026, 10, 16))
    ]


def test_never_touched_and_long_cold_people_did_not_go_cold_lately(alice, known_network):
    names = {w.name for w in health.network_health(alice, TODAY).went_cold}
    assert not names & {"Una Stone", "Vic Archer"}


def test_coming_occasions_list_the_birthdays_of_the_next_30_days(alice, known_network):
    coming = health.network_health(alice, TODAY).occasions
    assert [(c.person.display_name, c.date) for c in coming] == [("Jane Doe", dt.date(2026, 12, 1))]


def test_bob_sees_nothing_of_alice(bob, known_network):
    found = health.network_health(bob, TODAY)
    assert found.people == 0
    assert found.touches_last_12_months == 0
    assert found.went_cold == [] and found.occasions == []
    assert all(b.distinct == 0 for b in found.breadth)


def test_a_persons_warmth_series_is_weekly_over_two_years_ending_today(alice, known_network):
    jane = Person.objects.get(pk=known_network["jane"].pk)
    found = health.person_warmth(alice, jane, TODAY)
    assert found is not None
    assert len(found.series) == 105
    assert found.series[-1] == (TODAY, 75)  # calls in July and September, coffee 5 days ago
    assert found.series[0][0] == TODAY - dt.timedelta(weeks=104)
    assert (found.value, found.label) == (75, "warm")
    assert found.year_ago == 0  # nothing logged with Jane before December 2025


def test_the_series_ends_on_the_plans_warmth(alice, known_network):
    from keepwarm.plans.agenda import warmth_of

    people = Person.objects.filter(pk__in=[p.pk for p in known_network.values()])
    plan = warmth_of(alice, [p.pk for p in people])
    for person in people.select_related("circle"):
        assert health.person_warmth(alice, person, TODAY).value == plan[person.pk]


def test_no_series_for_the_archived_or_the_deceased(alice, known_network):
    for name in ("Xena Old", "Yul Late"):
        person = owned(Person, alice).select_related("circle").get(display_name=name)
        assert health.person_warmth(alice, person, TODAY) is None


def test_warmth_by_id_reads_the_plan_for_active_people_only(alice, known_network):
    found = health.warmth_by_id(alice)
    assert found[known_network["jane"].pk] == 75
    assert len(found) == 5


def test_the_dashboard_is_kept_until_a_change_and_its_coming_dates_are_always_read(
    alice, known_network, django_assert_max_num_queries
):
    from keepwarm.contacts.models import KeyDate
    from keepwarm.plans import services

    services.current(alice, TODAY)  # the plan version exists from the first plan on
    first = health.network_health(alice, TODAY)
    with django_assert_max_num_queries(8):  # the version, the plan's, the coming dates
        again = health.network_health(alice, TODAY)
    assert again.circles is first.circles and again.went_cold is first.went_cold
    # Key dates move no plan version: the coming occasions are read every time.
    KeyDate.objects.create(
        owner=alice, person=known_network["una"], label="anniversary", month=12, day=3
    )
    coming = health.network_health(alice, TODAY).occasions
    assert ("Una Stone", "Anniversary") in [(c.person.display_name, c.what) for c in coming]
    log_touch(alice, [known_network["wanda"]], kind(alice, "lunch"), date=TODAY)
    after = health.network_health(alice, TODAY)
    assert after.touches_last_12_months == first.touches_last_12_months + 1
    assert "Wanda Reed" not in [row.name for row in after.went_cold]
    assert "Wanda Reed" in [row.name for row in first.went_cold]
