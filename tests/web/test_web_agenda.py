"""This week's agenda on the home page and its actions: Done, Skip, Swap, Snooze.
The clock is frozen at Wednesday 2026-11-25; alice's week runs Mon 23 to Sun 29 Nov.

Plans are cached until a commit bumps the user's plan version. The tests run
inside a transaction that never commits, so each action is posted through
``act``, which runs the on-commit hooks as a real commit would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.plans import services
from keepwarm.plans.models import Choice
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import kind

TODAY = dt.date(2026, 11, 25)
HTMX = {"HTTP_HX_REQUEST": "true"}
GONE = "That item is no longer in your plan"


@pytest.fixture
def act(client, django_capture_on_commit_callbacks):
    def post(name, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse(name), data, **extra)

    return post


@pytest.fixture
def network(alice, jane, frozen):
    """Jane (Core, last coffee in June), Priya (birthday on Friday) and Omar
    (an email two days ago: nothing for him this week)."""
    priya = create_person(
        alice, "Priya Raman", emails=["priya@example.com"], birthday_month=11, birthday_day=27
    )
    omar = create_person(alice, "Omar Haddad", phones=["+49 30 7654321"])
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 6, 10))
    log_touch(alice, [omar], kind(alice, "email or note"), date=dt.date(2026, 11, 23))
    return {"jane": jane, "priya": priya, "omar": omar}


def week_items(user):
    return services.current(user, TODAY).plan.weeks[0].items


def item_for(user, person, label=None):
    for item in week_items(user):
        if person.pk in item.people and (label is None or item.kind == label):
            return item
    raise AssertionError(f"no item for {person} this week")


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_shows_this_weeks_agenda_by_day(alice_client, alice, network):
    page = home(alice_client)
    assert "This week" in page and "Mon 23 Nov \u2013 Sun 29 Nov" in page
    birthday = item_for(alice, network["priya"], "birthday greeting")
    assert birthday.date == dt.date(2026, 11, 27)
    assert (
        "Friday" in page
        and "Birthday greeting" in page
        and birthday.reason[:1].upper() + birthday.reason[1:] in page
    )
    assert network["priya"].get_absolute_url() in page
    assert "Omar Haddad</a>" not in page.split('id="agenda"')[1].split("</section>")[0]


def test_the_header_counts_planned_and_spent_minutes(alice_client, alice, network):
    page = home(alice_client)
    week = services.current(alice, TODAY).plan.weeks[0]
    assert week.spent_minutes == 10  # Omar's email on Monday
    assert f"{week.planned_minutes} of 60 minutes planned" in page
    assert "plus 10 minutes already given this week" in page


@pytest.mark.parametrize("budget", [0, 5, 15, 60, 300])
def test_birthdays_are_kept_beyond_a_small_budget_and_the_page_says_so(
    alice_client, alice, frozen, budget
):
    alice.profile.weekly_budget_minutes = budget
    alice.profile.save()
    for number in range(12):
        create_person(alice, f"Friend {number}", birthday_month=11, birthday_day=26 + number % 4)
    page = home(alice_client)
    planned, shown_budget = map(int, re.search(r"(\d+) of (\d+) minutes planned", page).groups())
    minutes = [int(m) for m in re.findall(r"agenda-minutes-badge\">(\d+) min<", page)]
    assert shown_budget == budget and sum(minutes) == planned
    # Every greeting is on the page, whatever the budget: occasions come first.
    assert page.count("birthday greeting") >= 12
    week = week_items(alice)
    greetings = [i for i in week if i.occasion == "birthday"]
    assert len(greetings) == 12
    if planned > budget:
        beyond = planned - budget
        minute_word = "minute" if beyond == 1 else "minutes"
        assert f"12 birthday greetings: {beyond} {minute_word} beyond this week\u2019s time" in page
        assert all(i.occasion == "birthday" for i in week)  # the routine waits
    else:
        assert "beyond this week\u2019s time" not in page


def test_done_logs_the_touch_and_the_item_leaves_the_agenda(alice_client, alice, network, act):
    item = item_for(alice, network["priya"], "birthday greeting")
    response = act("agenda_done", {"item": item.id})
    assert response.status_code == 302 and response.url == f"{reverse('home')}#agenda"
    touch = Touch.objects.get(owner=alice, kind__label="birthday greeting")
    assert touch.date == TODAY and list(touch.people.all()) == [network["priya"]]
    page = home(alice_client)
    assert "Logged birthday greeting with Priya Raman today." in page
    assert item.id not in page
    assert all(i.id != item.id for i in week_items(alice))


def test_done_through_htmx_answers_with_the_updated_agenda(alice_client, alice, network, act):
    item = item_for(alice, network["jane"])
    response = act("agenda_done", {"item": item.id}, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section class="card agenda" id="agenda"')
    assert f"Logged {item.kind} with Jane Doe today." in fragment
    assert item.id not in fragment
    assert "<html" not in fragment
    assert Touch.objects.filter(owner=alice, people=network["jane"], date=TODAY).exists()


def test_skip_drops_the_item(alice_client, alice, network, act):
    item = item_for(alice, network["jane"])
    act("agenda_skip", {"item": item.id})
    assert Choice.objects.get(owner=alice).item_id == item.id
    page = home(alice_client)
    assert f"Skipped {item.kind} with Jane Doe. The plan makes room for it another time." in page
    assert item.id not in page
    greeting = item_for(alice, network["priya"], "birthday greeting")
    act("agenda_skip", {"item": greeting.id})
    assert "Skipped birthday greeting with Priya Raman. It is not planned again." in home(
        alice_client
    )
    assert not Touch.objects.filter(owner=alice, date=TODAY).exists()


def test_swap_does_the_item_as_another_kind(alice_client, alice, network, act):
    item = item_for(alice, network["jane"])
    label = "check-in call" if item.kind != "check-in call" else "email or note"
    other = kind(alice, label)
    assert other.pk in item.swappable
    response = act("agenda_swap", {"item": item.id, "kind": str(other.pk)}, **HTMX)
    fragment = response.content.decode()
    assert f"{label.capitalize()} with Jane Doe instead of {item.kind}." in fragment
    swapped = item_for(alice, network["jane"])
    assert swapped.kind == label
    assert label.capitalize() in fragment


@pytest.mark.parametrize(
    ("data", "until"),
    [
        ({"preset": "2w"}, dt.date(2026, 12, 9)),
        ({"preset": "1m"}, dt.date(2026, 12, 25)),
        ({"preset": "3m"}, dt.date(2027, 2, 25)),
        ({"until": "2027-01-15"}, dt.date(2027, 1, 15)),
        ({"preset": "", "until": "2027-01-15"}, dt.date(2027, 1, 15)),
    ],
)
def test_snooze_pauses_the_person_until_the_day(alice_client, alice, network, act, data, until):
    item = item_for(alice, network["jane"])
    act("agenda_snooze", {"item": item.id, **data})
    jane = Person.objects.get(pk=network["jane"].pk)
    assert jane.paused_until == until
    page = home(alice_client)
    assert "Snoozed Jane Doe until" in page
    assert all(network["jane"].pk not in i.people for i in week_items(alice))


def _state(user):
    people = Person.objects.filter(owner=user).order_by("pk")
    return (
        Touch.objects.filter(owner=user).count(),
        list(Choice.objects.filter(owner=user).values_list("item_id", "action")),
        list(people.values_list("paused_until", flat=True)),
    )


BAD = [
    ("agenda_done", {}, "Choose an item of your agenda."),
    ("agenda_done", {"item": ""}, "Choose an item of your agenda."),
    ("agenda_done", {"item": "x" * 81}, "That is not an item of your plan."),
    ("agenda_done", {"item": "<script>alert(1)</script>"}, "That is not an item of your plan."),
    ("agenda_done", {"item": "r-999999-2026-11-23"}, GONE),
    ("agenda_skip", {"item": "birthday-999999-2026"}, GONE),
    ("agenda_skip", {"item": "r-1 2"}, "That is not an item of your plan."),
    ("agenda_swap", {"item": "JANE", "kind": ""}, "Choose what to do instead."),
    ("agenda_swap", {"item": "JANE", "kind": "abc"}, "Choose one of the kinds offered."),
    ("agenda_swap", {"item": "JANE", "kind": "١٢"}, "Choose one of the kinds offered."),
    ("agenda_swap", {"item": "JANE", "kind": "-5"}, "Choose one of the kinds offered."),
    ("agenda_swap", {"item": "JANE", "kind": "9" * 13}, "Choose one of the kinds offered."),
    ("agenda_swap", {"item": "JANE", "kind": "LETTER"}, "That kind is not possible for this item."),
    ("agenda_swap", {"item": "JANE", "kind": "BOBS"}, "That kind is not possible for this item."),
    ("agenda_snooze", {"item": "JANE"}, "Choose how long to snooze, or a date."),
    ("agenda_snooze", {"item": "JANE", "until": "2027-02-30"}, "Enter a real date"),
    ("agenda_snooze", {"item": "JANE", "until": "next week"}, "Enter a real date"),
    ("agenda_snooze", {"item": "JANE", "until": "2026-11-25"}, "Snooze until a day after today."),
    ("agenda_snooze", {"item": "JANE", "until": "2020-01-01"}, "Snooze until a day after today."),
    ("agenda_snooze", {"item": "JANE", "until": "2040-01-01"}, "Snooze for at most five years."),
    ("agenda_snooze", {"item": "JANE", "preset": "1y"}, "Snooze for 2 weeks, 1 month, 3 months"),
    ("agenda_snooze", {"item": "r-999999-2026-11-23", "preset": "2w"}, GONE),
]


def _fill(data, alice, bob, jane):
    item = item_for(alice, jane).id
    values = {
        "JANE": item,
        "LETTER": str(kind(alice, "holiday card").pk),  # Jane has no postal address
        "BOBS": str(kind(bob, "check-in call").pk),
    }
    return {key: values.get(value, value) for key, value in data.items()}


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize(("name", "data", "message"), BAD)
def test_bad_values_get_a_message_and_change_nothing(
    alice_client, alice, bob, network, act, name, data, message, htmx
):
    before = _state(alice)
    extra = HTMX if htmx else {}
    response = act(name, _fill(data, alice, bob, network["jane"]), **extra)
    if htmx:
        assert response.status_code == 200
        page = response.content.decode()
        assert "message-error" in page
    else:
        assert response.status_code == 302
        page = home(alice_client)
    assert message in page
    assert _state(alice) == before


def test_an_item_done_twice_is_gone_the_second_time(alice_client, alice, network, act):
    item = item_for(alice, network["jane"])
    act("agenda_done", {"item": item.id})
    act("agenda_done", {"item": item.id})
    assert Touch.objects.filter(owner=alice, date=TODAY).count() == 1
    assert GONE in home(alice_client)


@pytest.mark.parametrize("name", ["agenda_done", "agenda_skip", "agenda_swap", "agenda_snooze"])
def test_bob_cannot_act_on_alices_items(client, alice, bob, network, act, name):
    item = item_for(alice, network["jane"])
    before, bobs = _state(alice), _state(bob)
    client.force_login(bob)
    data = {"item": item.id, "kind": str(kind(alice, "check-in call").pk), "preset": "2w"}
    response = act(name, data, **HTMX)
    assert response.status_code == 200
    assert GONE in response.content.decode()
    assert _state(alice) == before and _state(bob) == bobs
    assert "Jane Doe" not in response.content.decode()


@pytest.mark.parametrize("name", ["agenda_done", "agenda_skip", "agenda_swap", "agenda_snooze"])
def test_actions_take_posts_only(alice_client, name):
    assert alice_client.get(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["agenda_done", "agenda_skip", "agenda_swap", "agenda_snooze"])
def test_actions_need_a_signed_in_user(client, alice, name):
    response = client.post(reverse(name), {"item": "r-1-2026-11-23"})
    assert response.status_code == 302 and reverse("login") in response.url
    assert not Touch.objects.exists()


def test_nobody_to_plan_for_invites_to_add_people(alice_client, frozen):
    page = home(alice_client)
    assert "Nobody to plan for yet" in page and reverse("person_new") in page


def test_a_zero_budget_points_to_the_settings(alice_client, alice, network):
    alice.profile.weekly_budget_minutes = 0
    alice.profile.save()
    page = home(alice_client)
    assert "Your weekly budget is 0 minutes" in page and reverse("settings") in page


def test_a_spent_budget_says_so(alice_client, alice, network):
    log_touch(alice, [network["omar"]], kind(alice, "lunch"), date=dt.date(2026, 11, 24))
    page = home(alice_client)
    assert "This week\u2019s time is given" in page
    assert "more than the 60 you planned" in page
    # Priya's birthday on Friday is kept all the same; only its own minutes are
    # said to go beyond (the lunch's are the user's own).
    greeting = kind(alice, "birthday greeting").minutes
    words = f"1 birthday greeting: {greeting} minute{'s' if greeting > 1 else ''} beyond"
    assert words in page and "Priya Raman" in page


def test_a_birthday_next_week_that_opens_now_is_coming_up(alice_client, alice, jane, frozen):
    frozen.move_to(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))  # Saturday
    ravi = create_person(alice, "Ravi Shah", birthday_month=11, birthday_day=30)
    saturday = dt.date(2026, 11, 28)
    greeting = item_for_week(alice, ravi, saturday, week=1)
    assert greeting.date == dt.date(2026, 11, 30) and greeting.opens <= saturday
    coming_up = home(alice_client).split("Coming up")[1]
    assert "Ravi Shah" in coming_up and "Mon 30 Nov" in coming_up
    assert f'value="{greeting.id}"' in coming_up


def item_for_week(user, person, today, week):
    items = services.current(user, today).plan.weeks[week].items
    return next(item for item in items if person.pk in item.people)


def test_a_week_with_nothing_due_and_nothing_done_is_not_all_done(
    alice_client, alice, jane, frozen
):
    # A coffee last Friday with the only person: nothing is due this week, and
    # nothing was logged in it.
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    page = home(alice_client)
    assert "Nothing is due this week" in page and "All done for this week" not in page
    next_day = services.current(alice, TODAY).plan.items()[0].date
    assert f"the next touch is planned for {next_day:%A} {next_day.day} {next_day:%B}" in page


def test_all_done_when_this_weeks_touches_were_logged(alice_client, alice, jane, frozen):
    log_touch(alice, [jane], kind(alice, "email or note"), date=TODAY)
    page = home(alice_client)
    assert "All done for this week" in page


def test_going_cold_says_not_known_yet_of_people_never_touched(alice_client, alice, jane, frozen):
    page = home(alice_client)
    assert "Not known yet" in page and "All warm" not in page
    assert "1 person in your inner circles has no touch logged yet" in page
    log_touch(alice, [jane], kind(alice, "coffee"), date=TODAY)
    assert "All warm" in home(alice_client)


@pytest.fixture
def in_town(alice, frozen):
    """Ten people in alice's city with an email, quiet since the summer: enough
    for the planner to propose a party, with a budget that holds an evening."""
    alice.profile.home_city = "Lisbon"
    alice.profile.weekly_budget_minutes = 360
    alice.profile.save()
    people = []
    for n in range(10):
        person = create_person(alice, f"Guest {n}", emails=[f"guest{n}@example.com"])
        Person.objects.filter(pk=person.pk).update(city="Lisbon")
        log_touch(alice, [person], kind(alice, "email or note"), date=dt.date(2026, 7, 1 + n))
        people.append(person)
    return people


def test_a_proposed_party_is_planned_from_the_agenda_with_its_day_and_name(
    alice_client, alice, in_town
):
    [proposal] = [i for i in week_items(alice) if i.id.startswith("kickoff-")]
    assert proposal.date == dt.date(2026, 11, 28)  # three weeks before Saturday 19 December
    page = home(alice_client)
    link = re.search(r'href="(/gatherings/new/\?[^"]+)"[^>]*>Plan it', page)
    assert link, page
    url = link.group(1).replace("&amp;", "&")
    assert "title=Winter+party" in url and "date=2026-12-19" in url
    form = alice_client.get(url).content.decode()
    assert 'value="Winter party"' in form and 'value="2026-12-19"' in form
    # No "Done" for a proposal: it is planned as a gathering, or skipped.
    posted = set()
    for form in re.findall(r"<form.*?</form>", page, flags=re.S):
        action = re.search(r'action="([^"]+)"', form)
        item = re.search(r'name="item" value="([^"]+)"', form)
        if action and item:
            posted.add((action.group(1), item.group(1)))
    assert (reverse("agenda_skip"), proposal.id) in posted
    assert (reverse("agenda_done"), proposal.id) not in posted


def test_a_planned_party_replaces_the_proposal_and_keeps_its_evening(
    alice_client, alice, in_town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("gathering_new"), {"title": "Winter party", "date": "2026-12-19"}
        )
    assert response.status_code == 302
    plan = services.current(alice, TODAY).plan
    assert not [i for i in plan.items() if i.id.startswith("kickoff-2026-12")]
    evening = next(i for i in plan.items() if i.occasion == "party")
    assert evening.date == dt.date(2026, 12, 19) and evening.fixed
    assert set(evening.people) == {p.pk for p in in_town}


@pytest.mark.parametrize("query", ["?date=2026-02-30&title=", "?date=soon", "?title=" + "x" * 400])
def test_a_broken_proposal_link_opens_the_form_all_the_same(alice_client, query):
    response = alice_client.get(reverse("gathering_new") + query)
    assert response.status_code == 200


def test_a_proposal_or_a_party_evening_is_not_marked_done(alice_client, alice, in_town, act):
    from django.core.exceptions import ValidationError

    [proposal] = [i for i in week_items(alice) if i.id.startswith("kickoff-")]
    with pytest.raises(ValidationError, match="Plan it"):
        services.mark_done(alice, proposal.id, TODAY)
    response = act("agenda_done", {"item": proposal.id}, **HTMX)
    assert "Plan it" in response.content.decode()
    assert not Touch.objects.filter(owner=alice, kind__occasion="gathering").exists()


def test_skipping_a_proposals_evening_drops_the_proposal(alice_client, alice, in_town, act):
    evening = next(
        i for i in services.current(alice, TODAY).plan.items() if i.id.endswith("-evening")
    )
    act("agenda_skip", {"item": evening.id})
    assert "No party is proposed this season." in home(alice_client)
    ids = {i.id for i in services.current(alice, TODAY).plan.items()}
    assert evening.id not in ids and evening.id.removesuffix("-evening") not in ids


def test_the_season_keeps_its_party_once_it_is_past_and_who_came_ends_the_evening(
    alice, in_town, django_capture_on_commit_callbacks
):
    from keepwarm.occasions.hosting import invite, record_attendance
    from keepwarm.occasions.models import Gathering

    with django_capture_on_commit_callbacks(execute=True):
        party = Gathering.objects.create(owner=alice, title="Tea", date=dt.date(2026, 12, 19))
        invite(party, in_town[:8])
    after = dt.date(2026, 12, 20)
    items = services.current(alice, after).plan.items()
    assert not [i for i in items if i.id.startswith("kickoff-2026-12")]
    on_the_day = dt.date(2026, 12, 19)
    assert any(
        i.id == f"party-{party.pk}" for i in services.current(alice, on_the_day).plan.items()
    )
    with (
        time_machine.travel(dt.datetime(2026, 12, 19, 20, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record_attendance(party, [in_town[0].pk], today=on_the_day)
    items = services.current(alice, on_the_day).plan.items()
    assert not any(i.id == f"party-{party.pk}" for i in items)


def test_a_crowded_week_shows_today_in_full_then_the_first_later_items(
    alice_client, alice, frozen, act
):
    from keepwarm.web.views.agenda import AGENDA_SHOWN

    for n in range(3):
        create_person(alice, f"Today {n}", birthday_month=11, birthday_day=25)
    for n in range(AGENDA_SHOWN + 7):
        create_person(alice, f"Later {n:02d}", birthday_month=11, birthday_day=26 + n % 4)
    page = home(alice_client)
    shown = re.findall(r'name="item" value="(birthday-\d+-2026)"', page)
    assert len(set(shown)) == AGENDA_SHOWN
    assert all(f"Today {n}" in page for n in range(3))
    assert "Show the other 10 items of this week" in page
    everything = alice_client.get(reverse("home") + "?all=1").content.decode()
    assert len(set(re.findall(r'name="item" value="(birthday-\d+-2026)"', everything))) == 50
    assert "Show the other" not in everything
    # An action from the page showing all answers with all of them again.
    first = next(i for i in week_items(alice) if i.occasion == "birthday")
    url = "http://testserver" + reverse("home") + "?all=1"
    fragment = act(
        "agenda_done", {"item": first.id}, **HTMX, HTTP_HX_CURRENT_URL=url
    ).content.decode()
    assert len(set(re.findall(r'name="item" value="(birthday-\d+-2026)"', fragment))) == 49
