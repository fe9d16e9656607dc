"""The plan page (the next 52 weeks) and warmth in the people list. The clock
is frozen at Wednesday 2026-11-25."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Circle
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.plans import services
from keepwarm.touches.services import log_touch
from tests.conftest import kind

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def network(alice, jane, frozen):
    """Jane (Core, touched often: warm), Zoe (Close, never touched: cold), Priya (a birthday)."""
    close = owned(Circle, alice).get(name="Close")
    zoe = create_person(alice, "Zoe Cold", circle=close, emails=["zoe@example.com"])
    priya = create_person(alice, "Priya Raman", birthday_month=12, birthday_day=3)
    for month in range(1, 12):
        log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, month, 10))
    return {"jane": jane, "zoe": zoe, "priya": priya}


def plan_page(client, query=""):
    response = client.get(reverse("plan") + query)
    assert response.status_code == 200
    return response


def test_the_chart_has_52_weeks_none_over_budget(alice_client, alice, network):
    response = plan_page(alice_client)
    page = response.content.decode()
    titles = re.findall(r"<title>Week of ([^<]+)</title>", page)
    assert len(titles) == 52
    assert titles[0].startswith("23 Nov: ") and titles[1].startswith("30 Nov: ")
    for title in titles:
        planned, budget = map(int, re.search(r"(\d+) of (\d+) minutes planned", title).groups())
        assert planned <= budget == 60
    chart = response.context["chart"]
    assert all(bar.planned_height + bar.spent_height <= chart.plot for bar in chart.bars)
    assert "style=" not in page.split('class="plan-chart"')[1].split("</svg>")[0]


def test_the_table_shows_expected_touches_against_the_target(alice_client, alice, network):
    response = plan_page(alice_client)
    plan = services.current(alice, TODAY).plan
    rows = {row.person.name: row for row in response.context["year"].rows}
    assert set(rows) == {"Jane Doe", "Zoe Cold", "Priya Raman"}
    zoe = rows["Zoe Cold"]
    assert (zoe.person.target, zoe.expected) == (12, plan.expected[network["zoe"].pk])
    page = response.content.decode()
    assert f"<strong>{zoe.expected}</strong> of 12" in page
    assert f"Warmth {plan.warmth[network['jane'].pk]} of 100" in page


def test_the_totals_add_up(alice_client, alice, network):
    year = plan_page(alice_client).context["year"]
    plan = services.current(alice, TODAY).plan
    assert year.touches == len(plan.items())
    assert year.minutes == sum(week.planned_minutes for week in plan.weeks)
    assert year.minutes <= year.budget


def test_sort_coldest_first(alice_client, network):
    rows = plan_page(alice_client, "?sort=warmth").context["year"].rows
    warmth = [row.warmth for row in rows]
    assert warmth == sorted(warmth)
    assert rows[0].warmth == 0 and rows[-1].person.name == "Jane Doe"


@pytest.mark.parametrize(
    "query", ["?sort=evil", "?sort=", "?page=abc", "?page=-1", "?page=99999999999", "?sort=%00"]
)
def test_bad_query_values_fall_back_to_the_defaults(alice_client, network, query):
    response = plan_page(alice_client, query)
    assert response.context["sort"] in {"circle", "warmth", "short", "name"}
    assert "Jane Doe" in response.content.decode()


def test_bob_sees_only_his_own_plan(bob_client, bob, network):
    page = plan_page(bob_client).content.decode()
    assert "Jane Doe" not in page and "Zoe Cold" not in page
    assert "Nobody to plan for yet" in page


def test_the_plan_needs_a_signed_in_user(client, alice):
    response = client.get(reverse("plan"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_nav_links_the_plan(alice_client, network):
    page = plan_page(alice_client).content.decode()
    assert f'<a href="{reverse("plan")}" aria-current="page">Plan</a>' in page


def test_the_people_list_shows_the_planners_warmth(alice_client, alice, network):
    response = alice_client.get(reverse("people"))
    plan = services.current(alice, TODAY).plan
    assert response.context["warmth"] == {
        pk: plan.warmth[pk] for pk in (network["jane"].pk, network["zoe"].pk, network["priya"].pk)
    }
    page = response.content.decode()
    assert f"Warmth {plan.warmth[network['jane'].pk]} of 100" in page
    assert "warmth-cold" in page and plan.warmth[network["zoe"].pk] == 0


def test_a_short_budget_says_how_much_it_covers(alice, alice_client, frozen):

    alice.profile.weekly_budget_minutes = 5
    alice.profile.save()
    for number in range(12):
        create_person(alice, f"Friend {number}")
    page = alice_client.get(reverse("plan")).content.decode()
    assert "Your budget covers about" in page
    alice.profile.weekly_budget_minutes = 600
    alice.profile.save()
    assert "Your budget covers about" not in alice_client.get(reverse("plan")).content.decode()


def test_a_plan_shown_while_the_new_one_is_made_says_so(alice_client, alice, network, monkeypatch):
    from dataclasses import replace

    made = services.current

    def previous(user, today=None, weeks=52, stale_ok=False):
        found = made(user, today, weeks)
        return replace(found, refreshing=True) if stale_ok else found

    monkeypatch.setattr(services, "current", previous)
    note = "Your plan is being brought up to date with your latest change"
    for name in ("home", "plan", "network_health"):
        response = alice_client.get(reverse(name))
        assert response.status_code == 200
        assert note in response.content.decode(), name
    monkeypatch.setattr(services, "current", made)
    assert note not in alice_client.get(reverse("home")).content.decode()
