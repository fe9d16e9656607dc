"""The home page of a signed-in user: greeting, figures, follow-ups, birthdays,
recent touches and people going cold. The clock is frozen at 2026-11-25 10:00 UTC."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.services import add_follow_up, complete_follow_up, log_touch
from tests.conftest import TODAY, kind


def circle(user, name):
    return owned(Circle, user).get(name=name)


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_greeting_uses_the_users_time_zone(alice_client, frozen):
    # 10:00 UTC is 11:00 in Berlin.
    assert "Good morning, alice" in home(alice_client).content.decode()
    frozen.move_to(dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC))  # 18:30 in Berlin
    assert "Good evening, alice" in home(alice_client).content.decode()


def test_greeting_for_a_user_far_west(bob_client, frozen):
    frozen.move_to(dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC))  # 12:30 in New York
    assert "Good afternoon, bob" in home(bob_client).content.decode()


def added_long_ago(user):
    """Everyone so far was added a year ago (a never-touched newcomer is not cold)."""
    owned(Person, user).update(created_at=dt.datetime(2025, 11, 1, tzinfo=dt.UTC))


def test_figures(alice_client, alice, frozen):
    close, wide = circle(alice, "Close"), circle(alice, "Wide")
    jane = create_person(alice, "Jane Doe", circle=close)
    omar = create_person(alice, "Omar Haddad", circle=close)
    create_person(alice, "Never Touched", circle=close)
    create_person(alice, "Wide Acquaintance", circle=wide)
    create_person(alice, "Archived Person", circle=close, archived=True)
    create_person(alice, "Paused Person", circle=close, paused_until=dt.date(2027, 1, 1))
    added_long_ago(alice)
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    log_touch(alice, [omar], kind(alice, "lunch"), date=dt.date(2026, 3, 1))
    add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 24))
    add_follow_up(alice, jane, "thank-you note", dt.date(2026, 11, 25))
    add_follow_up(alice, jane, "book tickets", dt.date(2026, 12, 1))
    stats = home(alice_client).context["stats"]
    assert stats.people == 5
    assert stats.touches_30_days == 1
    assert stats.follow_ups_due == 2
    # Omar (March) and the never-touched; not the wide circle, the paused or the archived
    assert stats.gone_quiet == 2
    assert stats.inner_circle_names == ["Close", "Core"]


def test_follow_ups_due_and_overdue_have_done_buttons(alice_client, alice, jane, frozen):
    overdue = add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 20))
    add_follow_up(alice, jane, "call about the move", dt.date(2026, 12, 3))
    done = add_follow_up(alice, jane, "already done", dt.date(2026, 11, 1))
    complete_follow_up(done)
    page = home(alice_client).content.decode()
    assert "send the article" in page and "5 days overdue" in page
    assert reverse("followup_done", args=[overdue.pk]) in page
    assert "call about the move" not in page and "already done" not in page


def test_a_birthday_in_three_days_shows_with_the_age(alice_client, alice, frozen):
    wide = circle(alice, "Wide")  # not going cold, so only the birthdays name them
    create_person(
        alice, "Maria Rossi", circle=wide, birthday_month=11, birthday_day=28, birthday_year=1986
    )
    create_person(alice, "Ken Ito", circle=wide, birthday_month=12, birthday_day=9)
    create_person(alice, "Too Far", circle=wide, birthday_month=12, birthday_day=10)
    create_person(alice, "Just Passed", circle=wide, birthday_month=11, birthday_day=24)
    response = home(alice_client)
    birthdays = response.context["birthdays"]
    assert [(b.person.display_name, b.date, b.turning) for b in birthdays] == [
        ("Maria Rossi", dt.date(2026, 11, 28), 40),
        ("Ken Ito", dt.date(2026, 12, 9), None),
    ]
    page = response.content.decode()
    assert "Sat 28 Nov · turns 40" in page and "in 3 days" in page
    listed = page.split('id="birthdays-heading"')[1].split("</section>")[0]
    assert "Too Far" not in listed and "Just Passed" not in listed


def test_a_birthday_today_says_today(alice_client, alice, frozen):
    create_person(alice, "Maria Rossi", birthday_month=11, birthday_day=25)
    page = home(alice_client).content.decode()
    assert "Maria Rossi" in page and ">today<" in page


def test_no_birthdays_for_the_deceased_or_archived(alice_client, alice, frozen):
    create_person(alice, "Gone Person", birthday_month=11, birthday_day=27, deceased=True)
    create_person(alice, "Filed Away", birthday_month=11, birthday_day=27, archived=True)
    assert home(alice_client).context["birthdays"] == []


def test_a_29_february_birthday_shows_on_28_february_in_a_common_year(client, alice):
    with time_machine.travel(dt.datetime(2027, 2, 20, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(alice)
        create_person(alice, "Leap Day", birthday_month=2, birthday_day=29, birthday_year=2000)
        response = home(client)
    [birthday] = response.context["birthdays"]
    assert (birthday.date, birthday.turning) == (dt.date(2027, 2, 28), 27)
    assert "Sun 28 Feb · turns 27" in response.content.decode()


def test_birthdays_across_the_new_year(client, alice):
    with time_machine.travel(dt.datetime(2026, 12, 25, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(alice)
        create_person(alice, "New Year Baby", birthday_month=1, birthday_day=3, birthday_year=1990)
        [birthday] = home(client).context["birthdays"]
    assert (birthday.date, birthday.turning, birthday.days_away) == (dt.date(2027, 1, 3), 37, 9)


def test_going_cold_lists_the_never_touched_first_then_the_oldest(alice_client, alice, frozen):
    close, core, wide = circle(alice, "Close"), circle(alice, "Core"), circle(alice, "Wide")
    old = create_person(alice, "Old Friend", circle=core)
    older = create_person(alice, "Older Friend", circle=close)
    warm = create_person(alice, "Warm Friend", circle=close)
    create_person(alice, "Zoe Never", circle=core)
    create_person(alice, "Wide Never", circle=wide)
    create_person(alice, "Paused Never", circle=core, paused_until=dt.date(2027, 1, 1))
    create_person(alice, "Gone Never", circle=core, deceased=True)
    added_long_ago(alice)
    log_touch(alice, [old], kind(alice, "coffee"), date=dt.date(2026, 4, 1))
    log_touch(alice, [older], kind(alice, "coffee"), date=dt.date(2025, 12, 1))
    log_touch(alice, [warm], kind(alice, "coffee"), date=dt.date(2026, 10, 1))
    response = home(alice_client)
    names = [p.display_name for p in response.context["cold"]]
    assert names == ["Zoe Never", "Older Friend", "Old Friend"]
    page = response.content.decode()
    assert "never touched" in page and "quiet since Dec 2025" in page
    assert f"{reverse('touch_new')}?person={old.pk}" in page


def test_going_cold_shows_eight_at_most(alice_client, alice, frozen):
    for number in range(10):
        create_person(alice, f"Friend {number:02d}", circle=circle(alice, "Core"))
    added_long_ago(alice)
    assert len(home(alice_client).context["cold"]) == 8


def test_the_home_page_says_quiet_where_it_means_silence_and_keeps_cold_for_warmth(
    alice_client, alice, frozen
):
    """ "Cold" meant two things: half a year without a touch on the home page and
    a warmth below ``COLD_BELOW`` on the health page. The home page's list is
    "Gone quiet" (time since the last touch); "cold" is only a warmth word."""
    page = alice_client.get("/").content.decode()
    assert "Gone quiet" in page and "Going cold" not in page


def test_someone_just_added_is_not_going_cold(alice_client, alice, frozen):
    create_person(alice, "New Friend", circle=circle(alice, "Core"))
    assert home(alice_client).context["cold"] == []


def test_recent_touches_show_the_last_ten(alice_client, alice, jane, frozen):
    omar = create_person(alice, "Omar Haddad")
    for day in range(1, 13):
        log_touch(alice, [jane], kind(alice, "email or note"), date=dt.date(2026, 11, day))
    log_touch(alice, [jane, omar], kind(alice, "lunch"), date=dt.date(2026, 11, 24), note="Tapas")
    response = home(alice_client)
    recent = response.context["recent"]
    assert len(recent) == 10
    assert recent[0].kind.label == "lunch"
    page = response.content.decode()
    assert "Tapas" in page and f'>Jane Doe</a> and <a href="{omar.get_absolute_url()}"' in page


def test_recent_touches_name_three_people_then_count(alice_client, alice, frozen):
    families = ("Abel", "Berg", "Cruz", "Dahl", "Eng")
    guests = [create_person(alice, f"Guest {family}") for family in families]
    log_touch(alice, guests, kind(alice, "party"), date=dt.date(2026, 11, 21))
    page = home(alice_client).content.decode()
    assert ">Guest Abel</a>, <a" in page and ">Guest Cruz</a> and 2 others" in page


def test_an_empty_network_invites_to_import_first_then_to_add_people(alice_client, frozen):
    page = home(alice_client).content.decode()
    assert page.index("Import your contacts") < page.index("Or add someone by hand")
    assert page.count(">Add a person<") == 1  # not in the header nor the agenda too
    assert "Nothing due" in page and "No birthdays soon" in page


def test_the_weeks_agenda_comes_first_in_the_main_column(alice_client, frozen):
    page = home(alice_client).content.decode()
    assert page.index('id="agenda"') < page.index('id="followups-heading"')


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        home(client)
    return len(queries)


@pytest.mark.parametrize("extra", [30])
def test_the_home_page_runs_a_fixed_number_of_queries(
    alice_client, alice, frozen, extra, django_capture_on_commit_callbacks
):
    def add_people(count, offset):
        for number in range(count):
            person = create_person(
                alice,
                f"Person {offset + number}",
                circle=circle(alice, "Close"),
                birthday_month=11,
                birthday_day=27,
            )
            log_touch(alice, [person], kind(alice, "coffee"), date=dt.date(2026, 1, 5))
            add_follow_up(alice, person, "write back", dt.date(2026, 11, 20))

    # Committing (as a real request would) makes the cached plan stale: both pages build it.
    with django_capture_on_commit_callbacks(execute=True):
        add_people(3, 0)
    home(alice_client)  # the first plan makes the row its cache version is kept in
    with django_capture_on_commit_callbacks(execute=True):
        add_people(1, 50)
    few = _count_queries(alice_client)
    with django_capture_on_commit_callbacks(execute=True):
        add_people(extra, 100)
    assert _count_queries(alice_client) == few


def test_a_crowded_fortnight_lists_the_first_birthdays_and_counts_the_rest(
    alice_client, alice, frozen
):
    wide = circle(alice, "Wide")
    for day in range(26, 30):
        for n in range(3):
            create_person(
                alice, f"Friend {day}-{n}", circle=wide, birthday_month=11, birthday_day=day
            )
    response = home(alice_client)
    shown = response.context["birthdays"]
    assert len(shown) == 8 and shown[0].date == dt.date(2026, 11, 26)
    page = response.content.decode()
    listed = page.split('id="birthdays-heading"')[1].split("</section>")[0]
    assert "4 more birthdays in the next 14 days" in listed
    assert reverse("occasions") in listed


def test_the_first_birthdays_loaded_alone_are_those_of_the_whole_list(alice, frozen):
    from keepwarm.touches.queries import coming_birthdays, first_coming_birthdays

    wide = circle(alice, "Wide")
    for name, month, day in [
        ("Zed", 11, 26),
        ("Amy", 11, 26),
        ("Bo", 12, 9),
        ("Cy", 11, 25),
        ("Di", 12, 10),
        ("Ed", 11, 24),
        ("Flo", 12, 1),
        ("Gus", 11, 30),
    ]:
        create_person(alice, name, circle=wide, birthday_month=month, birthday_day=day)
    whole = coming_birthdays(alice, TODAY)
    assert [b.person.display_name for b in whole] == ["Cy", "Amy", "Zed", "Gus", "Flo", "Bo"]
    for limit in (0, 3, 6, 10):
        assert first_coming_birthdays(alice, TODAY, limit) == (whole[:limit], len(whole))
