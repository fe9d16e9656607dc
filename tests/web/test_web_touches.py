"""The touch log: logging a touch (with the people picker and its no-JavaScript
fallback), editing, deleting, the list, and the people type-ahead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import log_touch
from tests.conftest import kind


@pytest.fixture
def omar(alice):
    return create_person(alice, "Omar Haddad", emails=["omar@example.com"], company="Globex")


@pytest.fixture
def bobs_friend(bob):
    return create_person(bob, "Bob's Friend")


def touch_data(alice, chosen, **changes):
    data = {
        "people": [p.pk for p in chosen],
        "people_text": "",
        "date": "2026-11-24",
        "kind": kind(alice, "coffee").pk,
        "note": "Talked about her new job.",
        "follow_up": "",
        "follow_up_due": "",
    }
    return {**data, **changes}


# Logging a touch ----------------------------------------------------------------


def test_the_form_defaults_to_today_in_the_users_time_zone(alice_client, frozen):
    frozen.move_to(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC))  # 00:30 on the 26th in Berlin
    page = alice_client.get(reverse("touch_new")).content.decode()
    assert 'value="2026-11-26"' in page  # the touch date
    assert 'value="2026-11-27"' in page  # the follow-up, due tomorrow
    assert 'max="2026-11-26"' in page


def test_the_follow_up_due_date_has_quick_picks_from_the_users_today(alice_client, frozen):
    frozen.move_to(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC))  # the 26th in Berlin
    page = alice_client.get(reverse("touch_new")).content.decode()
    assert 'data-date-choices="id_follow_up_due"' in page
    assert 'data-date-choice="2026-11-27">tomorrow<' in page
    assert 'data-date-choice="2026-12-06">in 10 days<' in page


def test_a_person_can_be_preselected(alice_client, jane, frozen):
    page = alice_client.get(reverse("touch_new"), {"person": jane.pk}).content.decode()
    assert f'name="people" value="{jane.pk}" checked' in page
    assert "Jane Doe" in page


ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic(number: int) -> str:
    """``number`` in Arabic-Indic digits: ``str.isdigit`` and ``int`` accept them."""
    return str(number).translate(ARABIC_DIGITS)


@pytest.mark.parametrize("url_name", ["touch_new", "followup_new"])
@pytest.mark.parametrize("value", ["abc", "99999", "-1", "1e5", "9" * 40, "", "²", "١٢", "\x00"])
def test_a_bad_preselected_person_is_ignored(alice_client, jane, frozen, url_name, value):
    response = alice_client.get(reverse(url_name), {"person": value})
    assert response.status_code == 200
    assert response.context["form"].picked == []


@pytest.mark.parametrize("url_name", ["touch_new", "followup_new"])
def test_an_id_in_other_digits_preselects_no_one(alice_client, jane, frozen, url_name):
    response = alice_client.get(reverse(url_name), {"person": arabic(jane.pk)})
    assert response.status_code == 200
    assert response.context["form"].picked == []


def test_another_users_person_is_never_preselected(alice_client, bobs_friend, frozen):
    response = alice_client.get(reverse("touch_new"), {"person": bobs_friend.pk})
    assert response.context["form"].picked == []
    assert "Bob&#x27;s Friend" not in response.content.decode()


def test_logging_a_touch_with_one_person_goes_to_their_page(alice_client, alice, jane, frozen):
    response = alice_client.post(reverse("touch_new"), touch_data(alice, [jane]))
    assert response.status_code == 302
    assert response["Location"] == jane.get_absolute_url()
    touch = owned(Touch, alice).get()
    assert (touch.date, touch.kind.label, touch.note) == (
        dt.date(2026, 11, 24),
        "coffee",
        "Talked about her new job.",
    )
    assert list(touch.people.all()) == [jane]
    jane.refresh_from_db()
    assert jane.last_touch_on == dt.date(2026, 11, 24)


def test_logging_a_touch_with_several_people_goes_to_the_log(
    alice_client, alice, jane, omar, frozen
):
    response = alice_client.post(reverse("touch_new"), touch_data(alice, [jane, omar]), follow=True)
    assert response.redirect_chain == [(reverse("touches"), 302)]
    assert "Logged coffee with Jane Doe and Omar Haddad." in response.content.decode()
    assert set(owned(Touch, alice).get().people.all()) == {jane, omar}


def test_typed_names_and_emails_work_without_javascript(alice_client, alice, jane, omar, frozen):
    data = touch_data(alice, [], people_text="jane doe; OMAR@example.com ;")
    assert alice_client.post(reverse("touch_new"), data).status_code == 302
    assert set(owned(Touch, alice).get().people.all()) == {jane, omar}


def test_chosen_and_typed_people_are_merged(alice_client, alice, jane, omar, frozen):
    data = touch_data(alice, [jane], people_text="Jane Doe; Omar")
    assert alice_client.post(reverse("touch_new"), data).status_code == 302
    assert owned(Touch, alice).get().people.count() == 2


def test_an_unknown_name_is_shown_back_and_found_names_become_chips(
    alice_client, alice, jane, frozen
):
    data = touch_data(alice, [], people_text="Jane Doe; Zelda Unknown")
    response = alice_client.post(reverse("touch_new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No one in your network is called “Zelda Unknown”." in page
    assert f'name="people" value="{jane.pk}" checked' in page
    assert 'value="Zelda Unknown"' in page
    assert not owned(Touch, alice).exists()


def test_an_ambiguous_name_lists_the_candidates(alice_client, alice, frozen):
    create_person(alice, "Jo Adams")
    create_person(alice, "Jo Brown")
    response = alice_client.post(reverse("touch_new"), touch_data(alice, [], people_text="Jo"))
    assert response.status_code == 200
    assert "“Jo” matches Jo Adams and Jo Brown" in response.content.decode()
    assert not owned(Touch, alice).exists()


def test_a_follow_up_is_made_for_each_person(alice_client, alice, jane, omar, frozen):
    data = touch_data(
        alice, [jane, omar], follow_up="send a thank-you note", follow_up_due="2026-11-27"
    )
    assert alice_client.post(reverse("touch_new"), data).status_code == 302
    follow_ups = owned(FollowUp, alice).order_by("person__display_name")
    assert [(f.person, f.text, f.due) for f in follow_ups] == [
        (jane, "send a thank-you note", dt.date(2026, 11, 27)),
        (omar, "send a thank-you note", dt.date(2026, 11, 27)),
    ]
    assert all(f.touch == owned(Touch, alice).get() for f in follow_ups)


def test_a_follow_up_without_a_date_is_due_the_day_after_the_touch(
    alice_client, alice, jane, frozen
):
    data = touch_data(alice, [jane], follow_up="thank-you note")
    alice_client.post(reverse("touch_new"), data)
    assert owned(FollowUp, alice).get().due == dt.date(2026, 11, 25)


BAD_TOUCHES = [
    ({"date": "2026-11-26"}, "pick today or earlier"),
    ({"date": "2027-01-01"}, "pick today or earlier"),
    ({"date": "2026-04-31"}, "Enter a valid date."),
    ({"date": "2026-02-30"}, "Enter a valid date."),
    ({"date": "yesterday"}, "Enter a valid date."),
    ({"date": ""}, "This field is required."),
    ({"date": "1066-10-14"}, "Pick a date after 1900."),
    ({"kind": "999999"}, "Select a valid choice."),
    ({"kind": "abc"}, "Select a valid choice."),
    ({"kind": "bob"}, "Select a valid choice."),
    ({"kind": ""}, "This field is required."),
    ({"people": []}, "Pick at least one person."),
    ({"people": ["abc"]}, "is not a valid value"),
    ({"people": ["9" * 30]}, "is not a valid value"),
    ({"people": ["999999"]}, "Select a valid choice."),
    ({"people": ["bob"]}, "Select a valid choice."),
    ({"people": [], "people_text": "Nobody Known"}, "No one in your network is called"),
    ({"people": [], "people_text": "x" * 2001}, "at most 2000 characters"),
    ({"people": [], "people_text": ";".join(["Jane"] * 31)}, "Type at most 30 names"),
    ({"note": "n" * 5001}, "at most 5000 characters"),
    ({"follow_up": "f" * 301}, "at most 300 characters"),
    ({"follow_up": "thank-you note", "follow_up_due": "2026-02-30"}, "Enter a valid date."),
    ({"follow_up": "thank-you note", "follow_up_due": "2036-11-26"}, "at most 10 years ahead"),
    ({"follow_up": "thank-you note", "follow_up_due": "1899-12-31"}, "Pick a date after 1900."),
]

# Ids and dates written in other digits, or out of range: never a crash, never a match.
BAD_IDS_AND_DATES = [
    ({"date": "1899-12-31"}, "Pick a date after 1900."),
    ({"people": ["²"]}, "is not a valid value"),
    ({"people": ["١٢"]}, "is not a valid value"),
    ({"people": [], "people_text": "²"}, "“²” matches Jane Doe"),  # "2" in her phone
    ({"people": [], "people_text": "١٢"}, "No one in your network is called"),
    ({"kind": "²"}, "Select a valid choice."),
    ({"kind": "١٢"}, "Select a valid choice."),
    ({"kind": "\x00"}, "Select a valid choice."),
]
BAD_TOUCHES += BAD_IDS_AND_DATES


@pytest.mark.parametrize(("changes", "message"), BAD_TOUCHES)
def test_bad_touches_are_shown_back_with_a_message(
    alice_client, alice, bob, jane, bobs_friend, frozen, changes, message
):
    if changes.get("kind") == "bob":
        changes = {**changes, "kind": kind(bob, "coffee").pk}
    if changes.get("people") == ["bob"]:
        changes = {**changes, "people": [bobs_friend.pk]}
    response = alice_client.post(reverse("touch_new"), touch_data(alice, [jane], **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Touch.objects.exists()
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("field", ["people", "people_text", "kind"])
def test_an_id_in_other_digits_picks_nothing(alice_client, alice, jane, frozen, field):
    coffee_kind = kind(alice, "coffee")
    changes = {
        "people": {"people": [arabic(jane.pk)]},
        "people_text": {"people": [], "people_text": arabic(jane.pk)},
        "kind": {"kind": arabic(coffee_kind.pk)},
    }[field]
    response = alice_client.post(reverse("touch_new"), touch_data(alice, [jane], **changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Touch.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, alice):
    response = client.get(reverse("touch_new"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# Editing and deleting ------------------------------------------------------------


@pytest.fixture
def coffee(alice, jane):
    return log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20), note="Hi")


def test_the_edit_form_shows_the_touch(alice_client, coffee, jane, frozen):
    page = alice_client.get(reverse("touch_edit", args=[coffee.pk])).content.decode()
    assert f'name="people" value="{jane.pk}" checked' in page
    assert 'value="2026-11-20"' in page and "Hi</textarea>" in page
    assert 'name="follow_up"' not in page


def test_editing_a_touch_moves_it_to_other_people(alice_client, alice, coffee, jane, omar, frozen):
    data = touch_data(alice, [omar], date="2026-11-22", kind=kind(alice, "lunch").pk, note="Moved")
    response = alice_client.post(reverse("touch_edit", args=[coffee.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("touches")
    coffee.refresh_from_db()
    assert (coffee.date, coffee.kind.label, coffee.note) == (
        dt.date(2026, 11, 22),
        "lunch",
        "Moved",
    )
    assert list(coffee.people.all()) == [omar]
    jane.refresh_from_db()
    omar.refresh_from_db()
    assert (jane.last_touch_on, omar.last_touch_on) == (None, dt.date(2026, 11, 22))


def test_editing_returns_to_a_safe_next_page(alice_client, alice, coffee, jane, frozen):
    url = reverse("touch_edit", args=[coffee.pk])
    data = touch_data(alice, [jane], next=jane.get_absolute_url())
    assert alice_client.post(url, data)["Location"] == jane.get_absolute_url()
    data = touch_data(alice, [jane], next="https://evil.example.com/")
    assert alice_client.post(url, data)["Location"] == reverse("touches")


@pytest.mark.parametrize(("changes", "message"), BAD_TOUCHES[:19] + BAD_IDS_AND_DATES)
def test_bad_edits_change_nothing(
    alice_client, alice, bob, coffee, jane, bobs_friend, frozen, changes, message
):
    if changes.get("kind") == "bob":
        changes = {**changes, "kind": kind(bob, "coffee").pk}
    if changes.get("people") == ["bob"]:
        changes = {**changes, "people": [bobs_friend.pk]}
    response = alice_client.post(
        reverse("touch_edit", args=[coffee.pk]), touch_data(alice, [jane], **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    coffee.refresh_from_db()
    assert (coffee.date, coffee.note, list(coffee.people.all())) == (
        dt.date(2026, 11, 20),
        "Hi",
        [jane],
    )


def test_deleting_asks_first(alice_client, alice, coffee, frozen):
    response = alice_client.get(reverse("touch_delete", args=[coffee.pk]))
    assert response.status_code == 200
    assert "Delete this touch?" in response.content.decode()
    assert owned(Touch, alice).exists()


def test_deleting_a_touch(alice_client, alice, coffee, jane, frozen):
    response = alice_client.post(reverse("touch_delete", args=[coffee.pk]), follow=True)
    assert response.redirect_chain == [(reverse("touches"), 302)]
    assert "Deleted the coffee on 20 Nov 2026." in response.content.decode()
    assert not owned(Touch, alice).exists()
    jane.refresh_from_db()
    assert jane.last_touch_on is None


@pytest.mark.parametrize("url_name", ["touch_edit", "touch_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_touches(bob_client, alice, coffee, jane, frozen, url_name, method):
    url = reverse(url_name, args=[coffee.pk])
    response = getattr(bob_client, method)(url, touch_data(alice, [jane], note="hacked"))
    assert response.status_code == 404
    coffee.refresh_from_db()
    assert coffee.note == "Hi" and list(coffee.people.all()) == [jane]


# The touch log -------------------------------------------------------------------


def test_the_log_lists_touches_newest_first_with_linked_names(
    alice_client, alice, jane, omar, frozen
):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 1))
    log_touch(alice, [jane, omar], kind(alice, "lunch"), date=dt.date(2026, 11, 10))
    response = alice_client.get(reverse("touches"))
    touches = list(response.context["page"])
    assert [t.kind.label for t in touches] == ["lunch", "coffee"]
    page = response.content.decode()
    assert f'href="{omar.get_absolute_url()}">Omar Haddad</a>' in page


def test_the_log_filters_by_kind_and_person(alice_client, alice, jane, omar, frozen):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 1))
    log_touch(alice, [omar], kind(alice, "lunch"), date=dt.date(2026, 11, 10))
    log_touch(alice, [omar], kind(alice, "coffee"), date=dt.date(2026, 11, 11))
    coffee_kind = kind(alice, "coffee")
    by_kind = alice_client.get(reverse("touches"), {"kind": coffee_kind.pk}).context["page"]
    assert [t.date.day for t in by_kind] == [11, 1]
    both = alice_client.get(reverse("touches"), {"kind": coffee_kind.pk, "person": omar.pk})
    assert [t.date.day for t in both.context["page"]] == [11]


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "abc"},
        {"kind": "999999"},
        {"kind": "²"},
        {"kind": "\x00"},
        {"person": "x"},
        {"person": "²"},
        {"person": "١٢"},
        {"person": "\x00"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "²"},
    ],
)
def test_bad_filters_show_everything(alice_client, alice, jane, frozen, query):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 1))
    response = alice_client.get(reverse("touches"), query)
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_another_users_kind_is_no_filter(alice_client, alice, bob, jane, frozen):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 1))
    response = alice_client.get(reverse("touches"), {"kind": kind(bob, "lunch").pk})
    assert len(response.context["page"]) == 1


def test_the_log_pages_by_fifty(alice_client, alice, jane, frozen):
    coffee_kind = kind(alice, "coffee")
    for day in range(55):
        log_touch(alice, [jane], coffee_kind, date=dt.date(2026, 1, 1) + dt.timedelta(days=day))
    first = alice_client.get(reverse("touches")).context["page"]
    second = alice_client.get(reverse("touches"), {"page": 2}).context["page"]
    assert (len(first), len(second)) == (50, 5)


def test_the_log_runs_a_fixed_number_of_queries(alice_client, alice, frozen):
    def add(count):
        for number in range(count):
            person = create_person(alice, f"Person {Person.objects.count()} {number}")
            log_touch(alice, [person], kind(alice, "coffee"), date=dt.date(2026, 11, 1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            alice_client.get(reverse("touches"))
        return len(captured)

    add(2)
    few = queries()
    add(30)
    assert queries() == few


def test_bob_sees_none_of_alices_touches(bob_client, alice, jane, frozen):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 1), note="secret")
    response = bob_client.get(reverse("touches"))
    assert len(response.context["page"]) == 0
    assert "secret" not in response.content.decode()


# The people type-ahead -----------------------------------------------------------


def suggest(client, **params):
    response = client.get(reverse("people_suggest"), params)
    assert response.status_code == 200
    return response.context["people"], response.content.decode()


def test_suggestions_put_names_that_start_with_the_text_first(alice_client, alice, frozen):
    create_person(alice, "Anna Omarova")
    create_person(alice, "Omar Haddad")
    people, html = suggest(alice_client, q="omar")
    assert [p.display_name for p in people] == ["Omar Haddad", "Anna Omarova"]
    assert 'role="option"' in html and "data-id=" in html


def test_suggestions_find_emails_and_companies(alice_client, jane, omar, frozen):
    assert suggest(alice_client, q="globex")[0] == [omar]
    assert suggest(alice_client, q="jane@example")[0] == [jane]


def test_suggestions_skip_people_already_chosen(alice_client, alice, jane, frozen):
    other = create_person(alice, "Jane Roe")
    people, _ = suggest(alice_client, q="jane", exclude=f"{jane.pk},abc,{'9' * 30}")
    assert people == [other]


@pytest.mark.parametrize("exclude", ["²", "١٢", "²,³", "\x00", "1\x002"])
def test_suggestions_ignore_a_bad_exclude(alice_client, jane, frozen, exclude):
    assert suggest(alice_client, q="jane", exclude=exclude)[0] == [jane]


def test_an_id_in_other_digits_excludes_no_one(alice_client, jane, frozen):
    assert suggest(alice_client, q="jane", exclude=arabic(jane.pk))[0] == [jane]


@pytest.mark.parametrize("q", ["ja\x00ne", "\x00", "jane\x00"])
def test_a_nul_byte_in_the_text_suggests_no_one(alice_client, jane, frozen, q):
    assert suggest(alice_client, q=q)[0] == []


def test_suggestions_use_the_text_after_the_last_semicolon(alice_client, jane, omar, frozen):
    assert suggest(alice_client, q="Jane Doe; oma")[0] == [omar]


def test_suggestions_are_capped_at_eight(alice_client, alice, frozen):
    for number in range(12):
        create_person(alice, f"Sam {number:02d}")
    assert len(suggest(alice_client, q="sam")[0]) == 8


def test_no_text_no_suggestions(alice_client, jane, frozen):
    people, html = suggest(alice_client, q="  ")
    assert people == [] and "option" not in html


def test_suggestions_never_show_another_users_people(bob_client, jane, frozen):
    people, html = suggest(bob_client, q="jane")
    assert people == [] and "No one matches" in html


def test_suggestions_need_login(client, alice):
    assert client.get(reverse("people_suggest"), {"q": "jane"}).status_code == 302


def test_a_touch_with_many_people_names_five_then_counts(alice_client, alice, frozen):
    families = ("Abel", "Berg", "Cruz", "Dahl", "Eng", "Falk", "Gray")
    people = [create_person(alice, f"Guest {family}") for family in families]
    log_touch(alice, people, kind(alice, "party"), date=dt.date(2026, 11, 1))
    page = alice_client.get(reverse("touches")).content.decode()
    assert ">Guest Eng</a> and 2 others" in page
    assert "Guest Falk" not in page
