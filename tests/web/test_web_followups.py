"""Follow-ups: the tabs, done and undo (plain and htmx), the add, edit and delete
forms, and ownership. The clock is frozen at 2026-11-25 (Wednesday)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp
from keepwarm.touches.services import add_follow_up, complete_follow_up


@pytest.fixture
def promises(alice, jane):
    """One follow-up in each tab."""
    done = add_follow_up(alice, jane, "return the book", dt.date(2026, 11, 1))
    complete_follow_up(done)
    return {
        "overdue": add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 20)),
        "due": add_follow_up(alice, jane, "thank-you note", dt.date(2026, 11, 25)),
        "upcoming": add_follow_up(alice, jane, "call about the move", dt.date(2026, 12, 3)),
        "done": done,
    }


def tab_texts(client, tab=None):
    response = client.get(reverse("followups"), {"tab": tab} if tab else {})
    assert response.status_code == 200
    return response, [f.text for f in response.context["rows"]]


# The list ------------------------------------------------------------------------


def test_each_tab_holds_its_follow_ups_with_counts(alice_client, promises, frozen):
    response, texts = tab_texts(alice_client)
    assert response.context["tab"] == "overdue" and texts == ["send the article"]
    assert [(name, count) for name, _, count in response.context["tabs"]] == [
        ("overdue", 1),
        ("due", 1),
        ("upcoming", 1),
        ("done", 1),
    ]
    assert tab_texts(alice_client, "due")[1] == ["thank-you note"]
    assert tab_texts(alice_client, "upcoming")[1] == ["call about the move"]
    assert tab_texts(alice_client, "done")[1] == ["return the book"]


def test_rows_say_when_things_are_due(alice_client, promises, frozen):
    assert "5 days overdue" in tab_texts(alice_client, "overdue")[0].content.decode()
    assert "due today" in tab_texts(alice_client, "due")[0].content.decode()
    assert "due in 8 days" in tab_texts(alice_client, "upcoming")[0].content.decode()


def test_the_first_tab_with_something_in_it_opens(alice_client, alice, jane, frozen):
    add_follow_up(alice, jane, "later", dt.date(2026, 12, 24))
    response, texts = tab_texts(alice_client)
    assert response.context["tab"] == "upcoming" and texts == ["later"]
    assert "due 24 Dec 2026" in response.content.decode()


@pytest.mark.parametrize("query", [{"tab": "nonsense"}, {"page": "x"}, {"page": "999"}])
def test_bad_parameters_never_fail(alice_client, promises, frozen, query):
    response = alice_client.get(reverse("followups"), query)
    assert response.status_code == 200
    assert response.context["tab"] == "overdue"


def test_bob_sees_none_of_alices_follow_ups(bob_client, promises, frozen):
    response, texts = tab_texts(bob_client, "overdue")
    assert texts == [] and "send the article" not in response.content.decode()


# Done and undo -------------------------------------------------------------------


def test_done_then_undo(alice_client, promises, frozen):
    follow_up = promises["overdue"]
    url = reverse("followup_done", args=[follow_up.pk])
    response = alice_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("followups"), 302)]
    assert "Done: “send the article”." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    alice_client.post(url, {"done": "0"})
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_done_with_htmx_swaps_the_row(alice_client, promises, frozen):
    follow_up = promises["due"]
    response = alice_client.post(
        reverse("followup_done", args=[follow_up.pk]),
        {"next": "/people/"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="followup-row is-done" id="followup-{follow_up.pk}"'
    )
    assert 'name="done" value="0"' in html and 'value="/people/"' in html


def tab_counts(html):
    """{tab: count} from the tab bar in ``html``, and which tab is current."""
    nav = re.search(r'<nav class="tabs followup-tabs" id="followup-tabs".*?</nav>', html, re.S)
    tabs = re.findall(r'tab=(\w+)"( aria-current="page")?>[^<]*<span[^>]*>(\d+)<', nav.group(0))
    return {name: int(count) for name, _, count in tabs}, [n for n, cur, _ in tabs if cur]


def test_the_list_page_posts_its_tab_with_each_row(alice_client, promises, frozen):
    html = alice_client.get(reverse("followups"), {"tab": "due"}).content.decode()
    assert tab_counts(html) == ({"overdue": 1, "due": 1, "upcoming": 1, "done": 1}, ["due"])
    assert '<input type="hidden" name="tab" value="due">' in html


def test_done_with_htmx_on_the_list_updates_the_tab_counts(alice_client, promises, frozen):
    url = reverse("followup_done", args=[promises["overdue"].pk])
    headers = {"HTTP_HX_REQUEST": "true"}
    html = alice_client.post(url, {"tab": "overdue"}, **headers).content.decode()
    assert 'hx-swap-oob="true"' in html
    assert tab_counts(html) == ({"overdue": 0, "due": 1, "upcoming": 1, "done": 2}, ["overdue"])
    assert "tab-count-danger" not in html  # nothing overdue any more
    html = alice_client.post(url, {"tab": "overdue", "done": "0"}, **headers).content.decode()
    assert tab_counts(html) == ({"overdue": 1, "due": 1, "upcoming": 1, "done": 1}, ["overdue"])


@pytest.mark.parametrize("tab", [None, "", "nonsense"])
def test_done_with_htmx_elsewhere_sends_the_row_alone(alice_client, promises, frozen, tab):
    # The home page has no tab bar: an out-of-band swap there would find no target.
    data = {"tab": tab} if tab is not None else {}
    url = reverse("followup_done", args=[promises["due"].pk])
    html = alice_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "followup-tabs" not in html and 'name="tab"' not in html
    assert html.strip().endswith("</li>")


def test_done_goes_back_to_a_safe_next_page(alice_client, promises, jane, frozen):
    url = reverse("followup_done", args=[promises["due"].pk])
    assert alice_client.post(url, {"next": jane.get_absolute_url()})["Location"] == (
        jane.get_absolute_url()
    )
    for unsafe in ["https://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)"]:
        assert alice_client.post(url, {"next": unsafe})["Location"] == reverse("followups")


def test_done_needs_a_post(alice_client, promises, frozen):
    response = alice_client.get(reverse("followup_done", args=[promises["due"].pk]))
    assert response.status_code == 405
    promises["due"].refresh_from_db()
    assert promises["due"].done_at is None


# New, edit, delete -----------------------------------------------------------------


def test_new_follow_up_with_a_preselected_person(alice_client, alice, jane, frozen):
    url = f"{reverse('followup_new')}?person={jane.pk}"
    page = alice_client.get(url).content.decode()
    assert f'name="people" value="{jane.pk}" checked' in page
    assert 'value="2026-11-26"' in page  # due tomorrow by default
    data = {"people": [jane.pk], "text": "  send the photos ", "due": "2026-11-28"}
    response = alice_client.post(url, data)
    assert response["Location"] == jane.get_absolute_url()
    follow_up = owned(FollowUp, alice).get()
    assert (follow_up.person, follow_up.text, follow_up.due) == (
        jane,
        "send the photos",
        dt.date(2026, 11, 28),
    )


def test_new_follow_up_for_a_typed_name(alice_client, alice, jane, frozen):
    data = {"people_text": "jane@example.com", "text": "lunch invite", "due": "2026-11-20"}
    response = alice_client.post(reverse("followup_new"), data)
    assert response["Location"] == reverse("followups")
    assert owned(FollowUp, alice).get().due == dt.date(2026, 11, 20)  # the past is allowed


def follow_up_data(person, **changes):
    return {**{"people": [person.pk], "text": "send the article", "due": "2026-11-30"}, **changes}


BAD_FOLLOW_UPS = [
    ({"text": ""}, "This field is required."),
    ({"text": "x" * 301}, "at most 300 characters"),
    ({"due": ""}, "This field is required."),
    ({"due": "2026-02-30"}, "Enter a valid date."),
    ({"due": "2026-04-31"}, "Enter a valid date."),
    ({"due": "soon"}, "Enter a valid date."),
    ({"due": "1800-01-01"}, "Pick a date after 1900."),
    ({"people": []}, "Pick a person."),
    ({"people": ["two"]}, "Pick one person only."),
    ({"people": ["abc"]}, "is not a valid value"),
    ({"people": ["9" * 30]}, "is not a valid value"),
    ({"people": ["999999"]}, "Select a valid choice."),
    ({"people": ["bob"]}, "Select a valid choice."),
    ({"people": [], "people_text": "Jo"}, "“Jo” matches Jo Adams and Jo Brown"),
    ({"people": [], "people_text": "Nobody"}, "No one in your network is called “Nobody”."),
]


def _resolve(changes, alice, bob):
    people = changes.get("people")
    if people == ["bob"]:
        return {**changes, "people": [create_person(bob, "Bob's Friend").pk]}
    if people == ["two"]:
        return {**changes, "people": [create_person(alice, f"Two {n}").pk for n in (1, 2)]}
    return changes


@pytest.mark.parametrize(("changes", "message"), BAD_FOLLOW_UPS)
def test_bad_new_follow_ups_are_shown_back(
    alice_client, alice, bob, jane, frozen, changes, message
):
    create_person(alice, "Jo Adams")
    create_person(alice, "Jo Brown")
    data = follow_up_data(jane, **_resolve(changes, alice, bob))
    response = alice_client.post(reverse("followup_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FollowUp.objects.exists()


def test_editing_a_follow_up(alice_client, alice, promises, frozen):
    follow_up = promises["upcoming"]
    omar = create_person(alice, "Omar Haddad")
    url = reverse("followup_edit", args=[follow_up.pk])
    page = alice_client.get(url).content.decode()
    assert 'value="call about the move"' in page and 'value="2026-12-03"' in page
    response = alice_client.post(url, follow_up_data(omar, text="call Omar", due="2026-12-05"))
    assert response["Location"] == reverse("followups")
    follow_up.refresh_from_db()
    assert (follow_up.person, follow_up.text, follow_up.due) == (
        omar,
        "call Omar",
        dt.date(2026, 12, 5),
    )


@pytest.mark.parametrize(("changes", "message"), BAD_FOLLOW_UPS)
def test_bad_edits_change_nothing(
    alice_client, alice, bob, jane, promises, frozen, changes, message
):
    create_person(alice, "Jo Adams")
    create_person(alice, "Jo Brown")
    follow_up = promises["upcoming"]
    data = follow_up_data(jane, **_resolve(changes, alice, bob))
    response = alice_client.post(reverse("followup_edit", args=[follow_up.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.person, follow_up.text, follow_up.due) == (
        jane,
        "call about the move",
        dt.date(2026, 12, 3),
    )


def test_deleting_asks_first_then_deletes(alice_client, alice, promises, frozen):
    follow_up = promises["upcoming"]
    url = reverse("followup_delete", args=[follow_up.pk])
    response = alice_client.get(url)
    assert response.status_code == 200 and "Delete this follow-up?" in response.content.decode()
    assert owned(FollowUp, alice).filter(pk=follow_up.pk).exists()
    response = alice_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("followups"), 302)]
    assert not owned(FollowUp, alice).filter(pk=follow_up.pk).exists()


@pytest.mark.parametrize("url_name", ["followup_edit", "followup_done", "followup_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_follow_ups(bob_client, bob, promises, frozen, url_name, method):
    follow_up = promises["upcoming"]
    bobs_friend = create_person(bob, "Bob's Friend")
    url = reverse(url_name, args=[follow_up.pk])
    data = follow_up_data(bobs_friend, text="hacked")
    response = getattr(bob_client, method)(url, data if method == "post" else None)
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert (follow_up.text, follow_up.done_at) == ("call about the move", None)
