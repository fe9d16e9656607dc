"""The duplicates pages: the list of suggestions, compare and merge, undo, "not the
same", and the person page's notices."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.merge import MergeError
from keepwarm.contacts.models import Circle, ContactPoint, Merge, NotDuplicate, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from keepwarm.web.views import duplicates
from tests.conftest import kind


@pytest.fixture
def twin(frozen, alice, jane):
    """Jane again, from another import: the same email and one more."""
    return create_person(
        alice, "Jane M. Doe", emails=["jane@example.com", "jd@work.example"], company="Acme"
    )


@pytest.fixture
def johns(frozen, alice):
    """Names alike and nothing else in common: only ever a suggestion."""
    return (
        create_person(alice, "John Smith", emails=["john@smith.example"]),
        create_person(alice, "John A. Smith Jr.", emails=["johnny@other.example"]),
    )


@pytest.fixture
def bobs_person(bob):
    return create_person(bob, "Jane Doe", emails=["jane@example.com"])


def compare_url(one, other):
    return reverse("duplicate_compare", args=[one.pk, other.pk])


def dismiss_url(one, other):
    return reverse("duplicate_dismiss", args=[one.pk, other.pk])


def group(html: str, strength: str) -> str:
    found = re.search(rf'<section class="[^"]*dup-group-{strength}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def state(alice) -> tuple:
    """Everything a merge, an undo or a dismissal would change."""
    return (
        sorted(owned(Person, alice).values_list("pk", "display_name", "notes")),
        sorted(owned(ContactPoint, alice).values_list("pk", "person_id")),
        owned(Merge, alice).count(),
        owned(NotDuplicate, alice).count(),
    )


# The list ----------------------------------------------------------------------------


def test_the_list_shows_a_shared_email_as_very_likely_and_alike_names_as_maybe(
    alice_client, jane, twin, johns
):
    html = alice_client.get(reverse("duplicates")).content.decode()
    strong, possible = group(html, "strong"), group(html, "possible")
    assert "Very likely the same" in strong
    assert "Jane Doe" in strong and "Jane M. Doe" in strong
    assert "same email jane@example.com" in strong
    assert "Maybe the same" in possible
    assert "John Smith" in possible and "John A. Smith Jr." in possible
    assert "John" not in strong
    assert group(html, "exact") == ""
    assert html.index("Very likely the same") < html.index("Maybe the same")
    assert compare_url(jane, twin) in strong
    assert dismiss_url(*johns) in possible


def test_the_same_name_and_phone_is_same_person_surely(frozen, alice, alice_client):
    create_person(alice, "Tom Becker", phones=["+49 170 5550101"])
    create_person(alice, "Tom Becker", phones=["+49 170 5550101"])
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert "Same person, surely" in group(html, "exact")
    assert "same name" in group(html, "exact")


def test_the_list_shows_each_persons_key_facts(alice_client, jane, twin):
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert "+49 30 1234567" in html
    assert "jd@work.example" in html
    assert "Acme" in html


def test_the_list_has_a_friendly_empty_state(alice_client, jane):
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert "No duplicates found" in html
    assert "Everyone in your network appears once" in html
    assert "Recent merges" not in html


def test_the_list_pages_through_many_suggestions(frozen, alice, alice_client, monkeypatch):
    monkeypatch.setattr(duplicates, "PAGE_SIZE", 2)
    pairs = [("Ann Berg", "Anna Berg"), ("Carl Dorn", "Karl Dorn"), ("Eva Fink", "Eve Fink")]
    for n, names in enumerate(pairs):
        for name in names:
            create_person(alice, name, emails=[f"shared{n}@example.com"])
    first = alice_client.get(reverse("duplicates")).content.decode()
    second = alice_client.get(reverse("duplicates"), {"page": 2}).content.decode()
    assert "1\u20132 of 3 suggestions" in first
    assert "3 of 3 suggestions" in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    for n in range(3):
        shown = [f"same email shared{n}@example.com" in page for page in (first, second)]
        assert sorted(shown) == [False, True]


def test_paging_does_not_search_again_but_any_change_does(
    alice, alice_client, jane, twin, johns, monkeypatch
):
    alice_client.get(reverse("person", args=[jane.pk]))  # the data version exists from here on
    searches = []
    real = duplicates.find_duplicates
    monkeypatch.setattr(
        duplicates, "find_duplicates", lambda *a, **k: searches.append(1) or real(*a, **k)
    )
    alice_client.get(reverse("duplicates"))
    alice_client.get(reverse("duplicates"), {"page": 2})
    assert len(searches) == 1
    third = create_person(alice, "Jane Dough", phones=["+49 30 1234567"])
    assert compare_url(jane, third) in alice_client.get(reverse("duplicates")).content.decode()
    alice_client.post(dismiss_url(jane, third))
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert compare_url(jane, third) not in html
    alice_client.post(compare_url(jane, twin), {"keep": jane.pk})
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert compare_url(jane, twin) not in html
    alice_client.post(reverse("merge_undo", args=[owned(Merge, alice).get().pk]))
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert compare_url(jane, twin) in html
    assert len(searches) == 5


@pytest.mark.parametrize("page", ["abc", "0", "-1", "²", "١٢", "1.5", "9" * 30, "", "999"])
def test_a_bad_page_number_never_fails(alice_client, jane, twin, page):
    response = alice_client.get(reverse("duplicates"), {"page": page})
    assert response.status_code == 200
    assert "Jane M. Doe" in response.content.decode()


def test_the_list_leaves_out_other_users_people(bob_client, alice, jane, twin, bobs_person):
    html = bob_client.get(reverse("duplicates")).content.decode()
    assert "No duplicates found" in html
    assert "Jane M. Doe" not in html


# Compare and merge ---------------------------------------------------------------------


def test_the_compare_page_shows_both_side_by_side(alice_client, jane, twin):
    response = alice_client.get(compare_url(jane, twin))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Jane Doe", "Jane M. Doe", "+49 30 1234567", "jd@work.example", "#school"):
        assert text in html
    assert "Very likely the same" in html
    assert "same email jane@example.com" in html
    # The names differ; the work email is only the twin's.
    assert re.search(r'dup-value dup-differs">Jane M\. Doe', html)
    assert re.search(r'dup-value dup-only">jd@work\.example', html)
    assert re.search(r'dup-value dup-same">jane@example\.com', html)


def test_the_compare_page_says_what_a_merge_will_do(alice, alice_client, jane, twin):
    log_touch(alice, [twin], kind(alice, "coffee"))
    html = alice_client.get(compare_url(jane, twin)).content.decode()
    assert "Everything from Jane M. Doe moves to Jane Doe: 1 email and 1 touch." in html
    assert "Everything from Jane Doe moves to Jane M. Doe: 1 phone number and 1 tag." in html
    assert "“Also known as Jane M. Doe.”" in html
    assert "You can undo this." in html


def test_a_birthday_without_a_year_matches_one_with_it(alice, alice_client, jane, twin):
    Person.objects.filter(pk=jane.pk).update(birthday_month=5, birthday_day=3)
    Person.objects.filter(pk=twin.pk).update(birthday_month=5, birthday_day=3, birthday_year=1980)
    html = alice_client.get(compare_url(jane, twin)).content.decode()
    assert 'dup-value dup-same">3 May 1980' in html
    assert "Filled in from Jane M. Doe: birth year." in html


def test_a_different_birthday_and_a_closer_circle_are_explained(alice, alice_client, jane, twin):
    close = owned(Circle, alice).get(name="Close")
    Person.objects.filter(pk=jane.pk).update(birthday_month=5, birthday_day=3)
    Person.objects.filter(pk=twin.pk).update(birthday_month=6, birthday_day=4, circle=close)
    html = alice_client.get(compare_url(jane, twin)).content.decode()
    assert 'dup-value dup-differs">3 May' in html
    assert "different birthdays" in html
    assert "Jane M. Doe&#x27;s birthday (4 June) is kept as a key date." in html
    assert "The circle becomes Close, the closer of the two." in html


def checked(html: str) -> str:
    return re.search(r'<input type="radio" name="keep" value="(\d+)"[^>]*checked', html).group(1)


def test_the_one_with_more_touches_stays_by_default_else_the_older(
    frozen, alice, alice_client, jane, twin
):
    Person.objects.filter(pk=jane.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert checked(alice_client.get(compare_url(twin, jane)).content.decode()) == str(jane.pk)
    Person.objects.filter(pk=twin.pk).update(created_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    assert checked(alice_client.get(compare_url(jane, twin)).content.decode()) == str(twin.pk)
    log_touch(alice, [jane], kind(alice, "coffee"))
    assert checked(alice_client.get(compare_url(twin, jane)).content.decode()) == str(jane.pk)


def test_a_pair_with_nothing_in_common_can_still_be_compared(frozen, alice, alice_client, jane):
    other = create_person(alice, "Zoe Quarry")
    html = alice_client.get(compare_url(jane, other)).content.decode()
    assert "Nothing ties these two" in html


def test_a_merge_moves_a_touch_and_an_email_and_deletes_the_other(alice, alice_client, jane, twin):
    touch = log_touch(alice, [twin], kind(alice, "coffee"))
    response = alice_client.post(compare_url(jane, twin), {"keep": jane.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("person", args=[jane.pk])
    assert "Merged Jane M. Doe into Jane Doe." in messages_of(response)
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert list(Touch.objects.get(pk=touch.pk).people.all()) == [jane]
    emails = set(jane.contact_points.filter(kind="email").values_list("value", flat=True))
    assert emails == {"jane@example.com", "jd@work.example"}
    html = response.content.decode()
    assert "Jane M. Doe was merged into Jane Doe" in html
    merge = owned(Merge, alice).get()
    assert reverse("merge_undo", args=[merge.pk]) in html


def test_keeping_the_second_folds_the_first_into_it(alice_client, jane, twin):
    response = alice_client.post(compare_url(jane, twin), {"keep": twin.pk})
    assert response.url == reverse("person", args=[twin.pk])
    assert not Person.objects.filter(pk=jane.pk).exists()
    assert twin.contact_points.filter(value="+49 30 1234567").exists()


@pytest.mark.parametrize(
    "keep",
    ["", "abc", "0", "-1", "1.5", "²", "999999", "9" * 30, "x" * 1000, "BOB", "CAROL"],
)
def test_a_bad_choice_reshows_the_form_and_merges_nothing(
    alice, alice_client, carol, jane, twin, bobs_person, keep
):
    carols = create_person(carol, "Jane Doe")
    value = {"BOB": str(bobs_person.pk), "CAROL": str(carols.pk)}.get(keep, keep)
    before = state(alice)
    response = alice_client.post(compare_url(jane, twin), {"keep": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose who stays." in html or "Choose one of these two people to keep." in html
    assert state(alice) == before
    assert Person.objects.filter(pk=bobs_person.pk).exists()


def test_a_merge_error_shows_its_message(alice, alice_client, jane, twin, monkeypatch):
    def refuse(*_args):
        raise MergeError("Both people must be in your network.")

    monkeypatch.setattr(duplicates, "merge_people", refuse)
    before = state(alice)
    response = alice_client.post(compare_url(jane, twin), {"keep": jane.pk})
    assert response.status_code == 200
    assert "Both people must be in your network." in response.content.decode()
    assert state(alice) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_same_person_twice_gets_a_clear_message(alice, alice_client, jane, method):
    before = state(alice)
    response = getattr(alice_client, method)(
        compare_url(jane, jane), {"keep": jane.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("duplicates")
    assert "That is the same person twice: pick two different people." in messages_of(response)
    assert state(alice) == before


def test_dismissing_the_same_person_twice_gets_a_clear_message(alice, alice_client, jane):
    response = alice_client.post(dismiss_url(jane, jane), follow=True)
    assert "That is the same person twice" in " ".join(messages_of(response))
    assert owned(NotDuplicate, alice).count() == 0


# Undo ---------------------------------------------------------------------------------


def merged(alice, alice_client, jane, twin) -> Merge:
    alice_client.post(compare_url(jane, twin), {"keep": jane.pk})
    return owned(Merge, alice).get()


def test_undo_restores_both(alice, alice_client, jane, twin):
    touch = log_touch(alice, [twin], kind(alice, "coffee"))
    merge = merged(alice, alice_client, jane, twin)
    response = alice_client.post(reverse("merge_undo", args=[merge.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("duplicates")
    assert "Undone: Jane M. Doe and Jane Doe are two people again." in messages_of(response)
    back = Person.objects.get(pk=twin.pk)
    assert set(back.contact_points.values_list("value", flat=True)) == {
        "jane@example.com",
        "jd@work.example",
    }
    assert list(jane.contact_points.values_list("value", flat=True)) == [
        "jane@example.com",
        "+49 30 1234567",
    ]
    assert list(Touch.objects.get(pk=touch.pk).people.all()) == [back]
    assert "Also known as" not in Person.objects.get(pk=jane.pk).notes


def test_undoing_twice_says_it_was_already_undone(alice, alice_client, jane, twin):
    merge = merged(alice, alice_client, jane, twin)
    alice_client.post(reverse("merge_undo", args=[merge.pk]))
    before = state(alice)
    response = alice_client.post(reverse("merge_undo", args=[merge.pk]), follow=True)
    assert response.status_code == 200
    assert "The merge of Jane M. Doe was already undone." in messages_of(response)
    assert state(alice) == before


def test_undo_after_the_kept_person_was_deleted_says_why(alice, alice_client, jane, twin):
    merge = merged(alice, alice_client, jane, twin)
    Person.objects.filter(pk=jane.pk).delete()
    response = alice_client.post(reverse("merge_undo", args=[merge.pk]), follow=True)
    assert response.status_code == 200
    assert "Jane Doe was deleted since the merge, so it cannot be undone." in messages_of(response)
    assert not Person.objects.filter(pk=twin.pk).exists()


def test_undo_from_the_person_page_goes_back_there(alice, alice_client, jane, twin):
    merge = merged(alice, alice_client, jane, twin)
    back = reverse("person", args=[jane.pk])
    response = alice_client.post(reverse("merge_undo", args=[merge.pk]), {"next": back})
    assert response.url == back
    assert Person.objects.filter(pk=twin.pk).exists()


def test_undo_never_follows_a_next_to_another_site(alice, alice_client, jane, twin):
    merge = merged(alice, alice_client, jane, twin)
    response = alice_client.post(
        reverse("merge_undo", args=[merge.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("duplicates")


def test_recent_merges_are_listed_with_undo(alice, alice_client, jane, twin):
    merge = merged(alice, alice_client, jane, twin)
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert "Recent merges" in html
    assert reverse("merge_undo", args=[merge.pk]) in html
    alice_client.post(reverse("merge_undo", args=[merge.pk]))
    html = alice_client.get(reverse("duplicates")).content.decode()
    assert reverse("merge_undo", args=[merge.pk]) not in html
    assert ">undone</span>" in html


def test_the_undo_notice_leaves_the_person_page_after_an_hour(
    frozen, alice, alice_client, jane, twin
):
    merged(alice, alice_client, jane, twin)
    page = reverse("person", args=[jane.pk])
    assert "Undo merge" in alice_client.get(page).content.decode()
    frozen.shift(dt.timedelta(minutes=61))
    assert "Undo merge" not in alice_client.get(page).content.decode()


# Not the same -------------------------------------------------------------------------


def test_dismiss_hides_the_pair(alice, alice_client, jane, twin, johns):
    response = alice_client.post(dismiss_url(twin, jane), follow=True)
    assert response.redirect_chain[-1][0] == reverse("duplicates")
    assert any("are different people" in m for m in messages_of(response))
    html = response.content.decode()
    assert compare_url(jane, twin) not in html
    assert "John A. Smith Jr." in html
    assert owned(NotDuplicate, alice).filter(first=jane, second=twin).exists()
    assert Person.objects.filter(pk__in=[jane.pk, twin.pk]).count() == 2


def test_the_person_page_notices_a_likely_twin(alice_client, jane, twin):
    html = alice_client.get(reverse("person", args=[jane.pk])).content.decode()
    assert "Very likely the same person as" in html
    assert compare_url(jane, twin) in html
    alice_client.post(dismiss_url(jane, twin))
    html = alice_client.get(reverse("person", args=[jane.pk])).content.decode()
    assert "the same person as" not in html


def test_the_person_page_says_nothing_without_a_twin(alice_client, jane, johns):
    html = alice_client.get(reverse("person", args=[jane.pk])).content.decode()
    assert "the same person as" not in html
    assert "Undo merge" not in html


# Who may do what ------------------------------------------------------------------------


def urls_of(jane, twin, merge) -> list[tuple[str, str]]:
    return [
        ("get", reverse("duplicate_compare", args=[jane.pk, twin.pk])),
        ("post", reverse("duplicate_compare", args=[jane.pk, twin.pk])),
        ("post", reverse("duplicate_dismiss", args=[jane.pk, twin.pk])),
        ("post", reverse("merge_undo", args=[merge.pk])),
    ]


def test_bob_gets_404_on_alices_ids_everywhere_and_nothing_changes(
    alice, client, bob, jane, twin, bobs_person
):
    other = create_person(alice, "Jane Q. Doe", emails=["jane@example.com"])
    client.force_login(alice)
    merge = merged(alice, client, jane, other)
    client.force_login(bob)
    before = state(alice)
    for method, url in urls_of(jane, twin, merge):
        response = getattr(client, method)(url, {"keep": jane.pk})
        assert response.status_code == 404, (method, url)
    # One of his own and one of hers is still a 404.
    for url in (compare_url(bobs_person, jane), compare_url(jane, bobs_person)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"keep": bobs_person.pk}).status_code == 404
    assert client.post(dismiss_url(bobs_person, jane)).status_code == 404
    assert state(alice) == before
    assert owned(NotDuplicate, bob).count() == 0


@pytest.mark.parametrize("bad", ["99999999", "9" * 25])
def test_unknown_or_huge_ids_are_404(alice, alice_client, jane, bad):
    for method, url in (
        ("get", f"/people/duplicates/{jane.pk}/{bad}/"),
        ("get", f"/people/duplicates/{bad}/{jane.pk}/"),
        ("post", f"/people/duplicates/{jane.pk}/{bad}/"),
        ("post", f"/people/duplicates/{bad}/{jane.pk}/dismiss/"),
        ("post", f"/people/merges/{bad}/undo/"),
    ):
        assert getattr(alice_client, method)(url).status_code == 404, (method, url)


def test_post_only_urls_refuse_get(alice, alice_client, jane, twin):
    other = create_person(alice, "Jane Q. Doe", emails=["jane@example.com"])
    merge = merged(alice, alice_client, jane, other)
    before = state(alice)
    assert alice_client.get(dismiss_url(jane, twin)).status_code == 405
    assert alice_client.get(reverse("merge_undo", args=[merge.pk])).status_code == 405
    assert alice_client.post(reverse("duplicates")).status_code == 405
    assert state(alice) == before


def test_every_page_needs_a_login(client, alice, jane, twin):
    for method, url in (
        ("get", reverse("duplicates")),
        ("get", compare_url(jane, twin)),
        ("post", compare_url(jane, twin)),
        ("post", dismiss_url(jane, twin)),
        ("post", reverse("merge_undo", args=[1])),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response.url, url
    assert Person.objects.filter(pk=twin.pk).exists()
