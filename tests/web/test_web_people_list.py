"""The people list: search, filters, sort, pagination, the htmx fragment and empty states."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Circle, Person, Tag
from keepwarm.contacts.services import create_person, refresh_search_text
from keepwarm.owned import owned
from keepwarm.touches.services import log_touch
from tests.conftest import kind
from tests.web.reading import names

URL = reverse("people")


def circle(user, name: str) -> Circle:
    return owned(Circle, user).get(name=name)


@pytest.fixture
def network(alice, jane, frozen):
    """Jane (Core, Acme, #school) plus three more, with touches on known days."""
    tom = create_person(
        alice,
        "Tom Baker",
        circle=circle(alice, "Close"),
        emails=["tom@baker.example"],
        phones=["+49 151 2345678"],
        company="Globex",
        tags=["climbing"],
        job_title="Chef",
    )
    una = create_person(alice, "Una Stone", circle=circle(alice, "Wide"))
    una.nickname = "Unie"
    una.save()
    refresh_search_text([una])
    vic = create_person(alice, "Vic Archer", company="Initech")
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    log_touch(alice, [tom], kind(alice, "lunch"), date=dt.date(2026, 8, 1))
    log_touch(alice, [vic], kind(alice, "email or note"), date=dt.date(2025, 1, 5))
    return {"jane": jane, "tom": tom, "una": una, "vic": vic}


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_empty_network_invites_to_add_the_first_person(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert "No people yet" in response.content.decode()
    assert reverse("person_new") in response.content.decode()


def test_each_row_shows_avatar_name_circle_work_email_tags_and_last_touch(alice_client, network):
    html = alice_client.get(URL).content.decode()
    assert names(alice_client.get(URL)) == ["Vic Archer", "Tom Baker", "Jane Doe", "Una Stone"]
    assert '<span class="avatar" aria-hidden="true">TB</span>' in html
    assert '<span class="badge badge-close">Close</span>' in html
    assert '<span class="badge badge-core">Core</span>' in html
    assert "Chef, Globex" in html
    assert 'href="mailto:tom@baker.example"' in html
    assert ">climbing</a>" in html
    assert "“Unie”" in html
    assert "5 days ago" in html  # Jane, 20 November
    assert "3 months ago" in html  # Tom, 1 August
    assert "never" in html  # Una
    assert f"{reverse('person', args=[network['tom'].pk])}#log" in html


def test_a_new_circle_gets_the_colour_of_its_position(alice, alice_client, frozen):
    friends = Circle.objects.create(owner=alice, name="Friends", touches_per_year=4, position=3)
    create_person(alice, "Ola Nordmann", circle=friends)
    assert '<span class="badge badge-c3">Friends</span>' in alice_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jane", ["Jane Doe"]),
        ("DOE", ["Jane Doe"]),
        ("tom@baker", ["Tom Baker"]),
        ("+491512345678", ["Tom Baker"]),
        ("globex", ["Tom Baker"]),
        ("#climbing", ["Tom Baker"]),
        ("school", ["Jane Doe"]),
        ("unie", ["Una Stone"]),
        ("a", ["Vic Archer", "Tom Baker", "Jane Doe", "Una Stone"]),
        ("jane acme", ["Jane Doe"]),
    ],
)
def test_search_matches_name_email_phone_company_and_tag(alice_client, network, query, expected):
    response = alice_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert names(response) == expected


def test_a_search_without_a_match_says_so(alice_client, network):
    html = alice_client.get(URL, {"q": "zebra"}).content.decode()
    assert "No one matches “zebra”" in html
    assert "No people yet" not in html


def test_filter_by_circle_and_by_tag(alice, alice_client, network):
    close = circle(alice, "Close")
    assert names(alice_client.get(URL, {"circle": close.pk})) == ["Tom Baker"]
    school = owned(Tag, alice).get(name="school")
    assert names(alice_client.get(URL, {"tag": school.pk})) == ["Jane Doe"]
    assert names(alice_client.get(URL, {"tag": school.pk, "circle": close.pk})) == []


def test_archived_people_are_hidden_unless_asked_for(alice_client, network):
    Person.objects.filter(pk=network["una"].pk).update(archived=True)
    assert "Una Stone" not in names(alice_client.get(URL))
    response = alice_client.get(URL, {"archived": "on"})
    assert "Una Stone" in names(response)
    assert '<span class="badge">archived</span>' in response.content.decode()


def test_when_everyone_is_archived_the_list_offers_to_show_them(alice_client, network):
    Person.objects.all().update(archived=True)
    html = alice_client.get(URL).content.decode()
    assert "Everyone here is archived" in html


def test_the_deceased_are_listed_with_a_marker(alice_client, network):
    Person.objects.filter(pk=network["vic"].pk).update(
        deceased=True, deceased_on=dt.date(2026, 3, 1)
    )
    html = alice_client.get(URL).content.decode()
    assert "Vic Archer" in names(alice_client.get(URL))
    assert 'title="Has died on 1 March 2026">† died</span>' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Vic Archer", "Tom Baker", "Jane Doe", "Una Stone"]),
        ("-created", ["Vic Archer", "Una Stone", "Tom Baker", "Jane Doe"]),
        ("coldest", ["Una Stone", "Vic Archer", "Tom Baker", "Jane Doe"]),
        ("recent", ["Jane Doe", "Tom Baker", "Vic Archer", "Una Stone"]),
    ],
)
def test_sort_orders(alice_client, network, sort, expected):
    for offset, key in enumerate(["jane", "tom", "una", "vic"]):
        Person.objects.filter(pk=network[key].pk).update(
            created_at=dt.datetime(2026, 1, 1 + offset, tzinfo=dt.UTC)
        )
    assert names(alice_client.get(URL, {"sort": sort})) == expected


def test_people_are_sorted_by_family_then_given_name_never_by_title(alice, alice_client, frozen):
    for name in ("Dr. John Q. Public", "Mr. Adam Public Sr.", "Ms. Zoe Abbott", "Cher"):
        create_person(alice, name)
    create_person(alice, "Dr. Oetker Foods", is_organization=True)
    create_person(alice, "Beta Ltd", is_organization=True)
    expected = [
        "Ms. Zoe Abbott",
        "Beta Ltd",
        "Cher",
        "Dr. Oetker Foods",
        "Mr. Adam Public Sr.",
        "Dr. John Q. Public",
    ]
    assert names(alice_client.get(URL)) == expected
    assert [p.display_name for p in owned(Person, alice)] == expected  # the default order


def test_a_renamed_person_moves_to_their_new_place(alice, alice_client, frozen):
    create_person(alice, "Ana Berg")
    bo = create_person(alice, "Bo Carl")
    assert names(alice_client.get(URL)) == ["Ana Berg", "Bo Carl"]
    bo.given_name, bo.family_name, bo.display_name = "Bo", "Adler", "Bo Adler"
    bo.save()
    assert names(alice_client.get(URL)) == ["Bo Adler", "Ana Berg"]


def test_avatars_show_the_initials_of_given_and_family_name(alice, alice_client, frozen):
    create_person(alice, "Mr. John Quincy Smith Sr.")
    create_person(alice, "Acme Widgets Ltd", is_organization=True)
    Person.objects.create(owner=alice, display_name="Dr. Ola Berg", circle=circle(alice, "Core"))
    html = alice_client.get(URL).content.decode()
    avatars = re.findall(r'<span class="avatar" aria-hidden="true">([^<]*)</span>', html)
    assert sorted(avatars) == ["AW", "JS", "OB"]


@pytest.fixture
def sixty(alice, frozen):
    core = circle(alice, "Core")
    Person.objects.bulk_create(
        [Person(owner=alice, display_name=f"Person {i:02d}", circle=core) for i in range(60)]
    )


def test_fifty_people_a_page_with_links_that_keep_the_filters(alice_client, sixty):
    first = alice_client.get(URL, {"sort": "name"})
    assert names(first) == [f"Person {i:02d}" for i in range(50)]
    html = first.content.decode()
    assert "1\N{EN DASH}50 of 60 people" in html
    assert 'href="?sort=name&amp;page=2"' in html
    second = alice_client.get(URL, {"sort": "name", "page": "2"})
    assert names(second) == [f"Person {i:02d}" for i in range(50, 60)]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "0"},
        {"page": "99999999999999999999999"},
        {"page": "1e3"},
        {"sort": "password"},
        {"sort": "-display_name); DROP TABLE people;--"},
        {"circle": "abc"},
        {"circle": "999999"},
        {"circle": "99999999999999999999999"},
        {"tag": "x"},
        {"archived": "maybe"},
        {"q": "x" * 5000},
        {"q": "%_\\'\""},
        {"q": "\x00"},
        {"q": "ja\x00ne"},
        {"circle": "²"},
        {"circle": "١٢"},
        {"circle": "\x00"},
        {"tag": "²"},
        {"tag": "١٢"},
        {"page": "²"},
        {"page": "١٢"},
        {"sort": "\x00"},
        {"archived": "\x00"},
    ],
)
def test_bad_query_parameters_fall_back_to_defaults_never_an_error(alice_client, sixty, params):
    response = alice_client.get(URL, params)
    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_page(alice_client, sixty):
    assert names(alice_client.get(URL, {"page": "9"})) == [f"Person {i:02d}" for i in range(50, 60)]


def test_another_users_circle_or_tag_filters_nothing_of_theirs(alice_client, bob, network):
    bobs_friend = create_person(bob, "Jane Bobsfriend", tags=["school"])
    bob_tag = owned(Tag, bob).get(name="school")
    everyone = ["Vic Archer", "Tom Baker", "Jane Doe", "Una Stone"]
    assert names(alice_client.get(URL, {"circle": bobs_friend.circle_id})) == everyone
    assert names(alice_client.get(URL, {"tag": bob_tag.pk})) == everyone
    assert "Bobsfriend" not in alice_client.get(URL, {"q": "jane"}).content.decode()


def test_the_search_box_updates_the_table_as_you_type(alice_client, network):
    html = alice_client.get(URL).content.decode()
    box = re.search(r'<input type="search" name="q"[^>]*>', html, re.S).group(0)
    assert f'hx-get="{URL}"' in box
    assert 'hx-trigger="input changed delay:250ms, search"' in box
    assert 'hx-target="#people-results"' in box
    assert 'hx-push-url="true"' in box
    assert 'id="people-results"' in html


def test_an_htmx_request_gets_only_the_results(alice_client, network):
    response = alice_client.get(URL, {"q": "tom"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "<table" in html
    assert names(response) == ["Tom Baker"]
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(alice_client, network):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in alice_client.get(URL, headers=headers).content.decode()


def test_options_for_the_relationship_picker(alice_client, network):
    response = alice_client.get(
        URL, {"format": "options", "q": "o", "exclude": str(network["jane"].pk)}
    )
    html = response.content.decode()
    assert f'<option value="Tom Baker (#{network["tom"].pk})">Globex</option>' in html
    assert "Jane Doe" not in html
    assert "<html" not in html


@pytest.mark.parametrize("exclude", ["abc", "99999999999999999999999", "١٢", "²", "\x00"])
def test_options_ignore_a_bad_exclude(alice_client, network, exclude):
    response = alice_client.get(URL, {"format": "options", "q": "jane", "exclude": exclude})
    assert response.status_code == 200
    assert "Jane Doe" in response.content.decode()


def test_options_never_offer_another_users_people(alice_client, bob, network):
    create_person(bob, "Tom Bobsfriend")
    html = alice_client.get(URL, {"format": "options", "q": "tom"}).content.decode()
    assert "Bobsfriend" not in html


@pytest.mark.parametrize("q", ["ja\x00ne", "\x00"])
def test_options_for_a_nul_byte_offer_no_one(alice_client, network, q):
    response = alice_client.get(URL, {"format": "options", "q": q})
    assert response.status_code == 200
    assert "<option" not in response.content.decode()


def test_a_search_with_a_nul_byte_is_dropped_not_an_error(alice_client, network):
    response = alice_client.get(URL, {"q": "ja\x00ne"})
    assert response.status_code == 200
    assert names(response) == ["Vic Archer", "Tom Baker", "Jane Doe", "Una Stone"]


def test_options_ignore_an_id_in_other_digits(alice_client, network):
    jane_in_arabic = str(network["jane"].pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = alice_client.get(URL, {"format": "options", "q": "jane", "exclude": jane_in_arabic})
    assert "Jane Doe" in response.content.decode()


def test_an_over_long_search_is_cut_not_ignored(alice_client, network):
    response = alice_client.get(URL, {"q": "tom" + " " * 300 + "x" * 5000})
    assert response.status_code == 200
    assert names(response) == []
    assert "No one matches" in response.content.decode()
