"""The page that sorts imported newcomers into circles (one at a time, as a
list, the rest at once, undo), the home page of an empty account, the plan
page's notice, and that no request to the sorting pages can fail."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.imports import sorting
from keepwarm.imports.suggest import OUT
from keepwarm.owned import owned
from keepwarm.web.views.triage import UNDO, ids_of, runs
from tests.newcomers import card, imported

PAGE = reverse("triage")
ROWS = reverse("triage_rows")
REST = reverse("triage_rest")
UNDO_URL = reverse("triage_undo")


def circle(user, name: str) -> Circle:
    return owned(Circle, user).get(name=name)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def newcomers(alice, frozen):
    create_person(alice, "Jane Doe", emails=["jane@example.com"], company="Acme")
    return imported(
        alice,
        card("Ana Ruiz", "ana@example.com", **{"X-SPOUSE": "Ben Ruiz"}),
        card("Ben Ruiz", "ben@example.com"),
        card("Cy Ito", "cy@example.com", ORG="Acme"),
    )


def waiting_names(user) -> list[str]:
    return [p.display_name for p in sorting.waiting(user)]


# One at a time ---------------------------------------------------------------------


def test_the_page_shows_the_first_newcomer_with_keys_and_the_suggestion(alice_client, newcomers):
    page = text(alice_client.get(PAGE))
    assert "Cy Ito" in page and "3 waiting to be sorted" in page
    assert "Works at Acme, like Jane Doe (Core)" in page
    core = circle(newcomers[0].owner, "Core")
    assert f'value="{core.pk}" data-key="2 Enter"' in page  # Enter takes the suggestion
    assert 'data-key="0"' in page and "Put the remaining 3 in Wide" in page


def test_sorting_one_moves_on_to_the_next_and_offers_undo(alice, alice_client, newcomers):
    cy, ana, _ = sorting.waiting(alice)
    close = circle(alice, "Close")
    response = alice_client.post(PAGE, {"person": cy.pk, "place": close.pk, "view": "one"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?at={ana.pk}"
    page = text(alice_client.get(response["Location"]))
    assert "Cy Ito: in Close." in page and "Undo" in page and "Ana Ruiz" in page
    cy.refresh_from_db()
    assert cy.circle == close

    alice_client.post(UNDO_URL, {"view": "one"})
    cy.refresh_from_db()
    assert cy.waiting
    assert "There is nothing to undo" in text(alice_client.post(UNDO_URL, follow=True))


def test_undo_keeps_what_was_changed_by_hand_since_the_sort(alice, alice_client, newcomers, frozen):
    import datetime as dt

    cy, ana, ben = sorting.waiting(alice)
    alice_client.post(REST, {"place": circle(alice, "Wide").pk, "upto": ben.pk, "view": "one"})
    frozen.shift(dt.timedelta(minutes=5))
    ana.refresh_from_db()
    ana.circle = circle(alice, "Close")  # moved by hand on her page
    ana.save()
    ben.refresh_from_db()
    ben.archived = True
    ben.save()
    alice_client.post(UNDO_URL, {"view": "one"})
    ana.refresh_from_db()
    ben.refresh_from_db()
    cy.refresh_from_db()
    assert ana.circle.name == "Close" and not ana.waiting
    assert ben.archived and not ben.waiting
    assert cy.waiting  # untouched since the sort: back in the queue


def test_a_newcomer_can_be_put_out_of_the_network(alice, alice_client, newcomers):
    ana = newcomers[0]
    alice_client.post(PAGE, {"person": ana.pk, "place": OUT})
    ana.refresh_from_db()
    assert ana.archived and ana.circle is None


def test_the_page_opens_at_the_newcomer_asked_for(alice_client, newcomers):
    ben = newcomers[1]
    page = text(alice_client.get(f"{PAGE}?at={ben.pk}"))
    assert f'<h2 id="triage-name"><a href="/people/{ben.pk}/">Ben Ruiz</a>' in page


def test_someone_sorted_already_is_said_and_nothing_changes(alice, alice_client, newcomers):
    jane = owned(Person, alice).get(display_name="Jane Doe")
    response = alice_client.post(PAGE, {"person": jane.pk, "place": OUT}, follow=True)
    assert "Jane Doe is sorted already: nothing was changed." in text(response)
    jane.refresh_from_db()
    assert not jane.archived


def test_bob_cannot_sort_alices_newcomers(alice, bob_client, newcomers):
    ana = newcomers[0]
    alices_core = circle(ana.owner, "Core")
    for data in ({"person": ana.pk, "place": OUT}, {"person": ana.pk, "place": alices_core.pk}):
        response = bob_client.post(PAGE, data, follow=True)
        assert response.status_code == 200
    bob_client.post(REST, {"place": OUT, "upto": 10**9})
    bob_client.post(ROWS, {"row": str(ana.pk), f"place-{ana.pk}": OUT})
    assert waiting_names(alice) == ["Cy Ito", "Ana Ruiz", "Ben Ruiz"]


def test_alices_circle_is_not_a_place_for_bobs_newcomer(alice, bob, bob_client, frozen):
    (bo,) = imported(bob, card("Bo Li", "bo@example.com"))
    response = bob_client.post(PAGE, {"person": bo.pk, "place": circle(alice, "Close").pk})
    assert response.status_code == 302
    bo.refresh_from_db()
    assert bo.waiting
    assert "Choose one of your circles" in text(bob_client.get(PAGE))


def test_nobody_waiting_says_what_next(alice_client, alice, frozen):
    page = text(alice_client.get(PAGE))
    assert "Everyone is sorted" in page and "See this week" in page


# As a list ------------------------------------------------------------------------


def test_the_list_sorts_the_rows_chosen_and_leaves_the_others(alice, alice_client, newcomers):
    cy, ana, ben = sorting.waiting(alice)
    page = text(alice_client.get(f"{PAGE}?view=list"))
    assert f'name="place-{cy.pk}"' in page and "3 waiting" in page
    wide = circle(alice, "Wide")
    data = {"row": f"{cy.pk},{ana.pk},{ben.pk}", f"place-{cy.pk}": wide.pk, f"place-{ana.pk}": OUT}
    response = alice_client.post(ROWS, {**data, f"place-{ben.pk}": "", "take": "chosen"})
    assert response["Location"] == f"{PAGE}?view=list"
    assert waiting_names(alice) == ["Ben Ruiz"]
    page = text(alice_client.get(response["Location"]))
    assert "Sorted 2 people: 1 in Wide and 1 not in your network." in page


def test_the_list_takes_the_suggestions_of_the_rows_left_for_later(alice, alice_client, newcomers):
    cy, ana, ben = sorting.waiting(alice)
    sorting.sort(alice, [ana.pk], circle(alice, "Close"))
    data = {"row": f"{cy.pk},{ben.pk}", f"place-{cy.pk}": "", f"place-{ben.pk}": ""}
    alice_client.post(ROWS, {**data, "take": "suggested"})
    cy.refresh_from_db()
    ben.refresh_from_db()
    assert (cy.circle.name, ben.circle.name) == ("Core", "Close")


def test_a_list_with_nothing_chosen_says_so(alice, alice_client, newcomers):
    cy = newcomers[2]
    response = alice_client.post(ROWS, {"row": str(cy.pk), f"place-{cy.pk}": ""}, follow=True)
    assert "Choose a place for someone first" in text(response)
    assert sorting.waiting_count(alice) == 3


# The rest at once --------------------------------------------------------------------


def test_the_rest_go_to_one_place_but_not_those_imported_since(alice, alice_client, newcomers):
    upto = max(p.pk for p in newcomers)
    imported(alice, card("Dee Park", "dee@example.com"), source="later.vcf")
    response = alice_client.post(REST, {"place": circle(alice, "Wide").pk, "upto": upto})
    assert response.status_code == 302
    assert waiting_names(alice) == ["Dee Park"]
    page = text(alice_client.get(PAGE))
    assert "Sorted the remaining 3 people: in Wide." in page
    alice_client.post(UNDO_URL)
    assert sorting.waiting_count(alice) == 4


# The plan page, the home page, the person form -----------------------------------------


def test_the_plan_page_says_how_many_wait_with_a_link(alice_client, newcomers):
    page = text(alice_client.get(reverse("plan")))
    assert "3 people from your imports wait to be sorted." in page
    assert f'href="{PAGE}"' in page


def test_the_plan_page_says_nothing_when_nobody_waits(alice_client, alice, jane, frozen):
    assert "wait to be sorted" not in text(alice_client.get(reverse("plan")))


def test_the_home_page_says_how_many_wait(alice_client, newcomers):
    page = text(alice_client.get(reverse("home")))
    assert "3 people from your imports wait to be sorted." in page


@override_settings(KEEPWARM_PUBLIC_DEMO=True)
def test_an_empty_home_offers_import_then_the_demo_then_one_by_hand(alice_client, frozen):
    page = text(alice_client.get(reverse("home")))
    order = [page.index(s) for s in ("Import contacts", "Explore the demo", ">Add a person<")]
    assert order == sorted(order)
    assert page.count(">Add a person<") == 1 and "LinkedIn CSV" in page


def test_an_empty_home_without_the_demo_offers_import_then_by_hand(alice_client, frozen):
    page = text(alice_client.get(reverse("home")))
    assert "Explore the demo" not in page
    assert page.index("Import contacts") < page.index(">Add a person<")


def test_after_an_import_the_newcomers_are_next(alice, alice_client, frozen):
    upload = alice_client.post(
        reverse("import_upload"),
        {"file": _file(card("Ana Ruiz", "ana@example.com")), "format": "auto"},
    )
    done = alice_client.post(upload["Location"], {"action": "import"})
    assert done["Location"] == PAGE


def test_an_import_into_a_circle_goes_to_the_people_list(alice, alice_client, frozen):
    upload = alice_client.post(
        reverse("import_upload"),
        {
            "file": _file(card("Ana Ruiz", "ana@example.com")),
            "format": "auto",
            "circle": circle(alice, "Wide").pk,
        },
    )
    assert "New people go to the <strong>Wide</strong> circle" in text(
        alice_client.get(upload["Location"])
    )
    done = alice_client.post(upload["Location"], {"action": "import"})
    assert done["Location"] == reverse("people")


def _file(content: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("contacts.vcf", content.encode(), content_type="text/vcard")


def test_the_person_form_keeps_a_newcomer_waiting_or_sorts_them(alice, alice_client, newcomers):
    ana = newcomers[0]
    url = reverse("person_edit", args=[ana.pk])
    form = text(alice_client.get(url))
    assert "Not sorted yet" in form
    response = alice_client.post(url, _form_data(ana, circle=""))
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.waiting and ana.display_name == "Ana Ruiz"
    alice_client.post(url, _form_data(ana, circle=circle(alice, "Close").pk))
    ana.refresh_from_db()
    assert ana.circle.name == "Close"


def test_a_person_added_by_hand_needs_a_circle(alice, alice_client, frozen):
    response = alice_client.post(reverse("person_new"), _form_data(None, circle=""))
    assert response.status_code == 200 and not owned(Person, alice).exists()
    alice_client.post(reverse("person_new"), _form_data(None, circle=circle(alice, "Core").pk))
    assert owned(Person, alice).get().circle.name == "Core"


def _form_data(person, **changes):
    data = {
        "display_name": person.display_name if person else "Bo Li",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        "dates-TOTAL_FORMS": "0",
        "dates-INITIAL_FORMS": "0",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "jobs-TOTAL_FORMS": "0",
        "jobs-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_the_people_list_and_page_say_not_sorted_yet(alice_client, newcomers):
    assert "not sorted yet" in text(alice_client.get(reverse("people")))
    page = text(alice_client.get(reverse("person", args=[newcomers[0].pk])))
    assert f'href="{PAGE}?at={newcomers[0].pk}"' in page


# No request to these pages fails --------------------------------------------------------

values = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["", "out", "0", "1", "one", "list", "chosen", "suggested", "1,2,x", "\x00"]),
)
fields = st.dictionaries(
    st.sampled_from(["person", "place", "view", "upto", "row", "page", "take", "place-1", "at"]),
    values,
    max_size=6,
)


@pytest.mark.parametrize("url", [PAGE, ROWS, REST, UNDO_URL])
def test_bad_posts_never_fail(url, alice_client, newcomers):
    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(fields)
    def post(data):
        response = alice_client.post(url, data)
        assert response.status_code in (302, 200), (data, response.status_code)

    post()
    assert alice_client.get(PAGE).status_code == 200


def test_bad_page_parameters_fall_back(alice_client, newcomers):
    queries = ("?at=x", "?at=-1", "?at=" + "9" * 25, "?view=nope", "?view=list&page=0")
    for query in (*queries, "?view=list&page=abc", "?view=list&page=999"):
        assert alice_client.get(PAGE + query).status_code == 200, query


def test_a_forged_undo_in_the_session_is_refused(alice, alice_client, newcomers):
    session = alice_client.session
    for forged in ({"runs": [["x", 1]]}, {"runs": [[5, 1]]}, {"runs": [[1, 10**9]]}, "x", None):
        session[UNDO] = forged
        session.save()
        response = alice_client.post(UNDO_URL, follow=True)
        assert "There is nothing to undo." in text(response)
    assert sorting.waiting_count(alice) == 3


def test_an_undo_keeps_runs_of_ids():
    assert runs([7, 3, 4, 5, 9, 8, 4]) == [[3, 5], [7, 9]]
    assert ids_of([[3, 5], [7, 9]]) == [3, 4, 5, 7, 8, 9]
    assert ids_of([[3, True]]) == [] and ids_of([[1, 2]] * 3000) == []


def test_signed_out_visitors_are_sent_to_log_in(client, frozen):
    for url in (PAGE, ROWS, REST, UNDO_URL):
        response = client.post(url) if url != PAGE else client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
