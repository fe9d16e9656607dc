"""The work history on the person form (add, edit, remove, bad values) and the
person page's Work card; bob can never add, see or change a job of alice's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Job, Person
from keepwarm.contacts.queries import PeopleFilter, people_list
from keepwarm.contacts.services import create_person, refresh_search_text
from keepwarm.owned import owned
from tests.web.person_form import payload, snapshot
from tests.web.reading import text_of


@pytest.fixture
def fred(alice, frozen):
    person = create_person(alice, "Fred Former", company="Globex", job_title="CTO")
    Job.objects.create(
        owner=alice,
        person=person,
        company="Initech",
        role="Engineer",
        started=dt.date(2015, 3, 1),
        ended=dt.date(2020, 6, 30),
    )
    refresh_search_text([person])
    return person


def job_rows(person: Person) -> set[tuple]:
    return {
        (j.company, j.role, j.industry, j.started, j.ended, j.owner_id)
        for j in Job.objects.filter(person=person)
    }


def edit_url(person: Person) -> str:
    return reverse("person_edit", args=[person.pk])


def fred_payload(alice, fred, jobs: list[dict]) -> dict:
    return payload(
        alice,
        {"jobs": jobs},
        display_name="Fred Former",
        company="Globex",
        job_title="CTO",
    )


def existing(fred: Person, **changes) -> dict:
    job = Job.objects.get(person=fred)
    row = {
        "id": str(job.pk),
        "company": job.company,
        "role": job.role,
        "industry": job.industry,
        "started": job.started.isoformat() if job.started else "",
        "ended": job.ended.isoformat() if job.ended else "",
    }
    return {**row, **changes}


def test_the_form_has_a_work_history_section_with_the_jobs(alice, alice_client, fred):
    page = text_of(alice_client.get(edit_url(fred)))
    assert "Work history" in page
    assert 'data-formset-template="jobs"' in page
    assert 'value="Initech"' in page and 'value="2020-06-30"' in page


def test_adding_jobs_saves_them_and_the_search_finds_former_staff(alice, alice_client, frozen):
    acme = {"company": " Acme   Corp ", "role": "Analyst", "industry": "Banking"}
    rows = [
        {**acme, "started": "2012-09-01", "ended": "2016-05-31"},
        {"company": "Globex", "started": "2021-01-01"},
    ]
    response = alice_client.post(reverse("person_new"), payload(alice, {"jobs": rows}))
    assert response.status_code == 302
    jane = owned(Person, alice).get(display_name="Jane Doe")
    assert job_rows(jane) == {
        ("Acme Corp", "Analyst", "Banking", dt.date(2012, 9, 1), dt.date(2016, 5, 31), alice.pk),
        ("Globex", "", "", dt.date(2021, 1, 1), None, alice.pk),
    }
    found = people_list(alice, PeopleFilter(search="acme corp"))
    assert [p.display_name for p in found] == ["Jane Doe"]


def test_editing_and_removing_a_job(alice, alice_client, fred):
    response = alice_client.post(
        edit_url(fred), fred_payload(alice, fred, [existing(fred, company="Initrode", role="")])
    )
    assert response.status_code == 302
    assert job_rows(fred) == {
        ("Initrode", "", "", dt.date(2015, 3, 1), dt.date(2020, 6, 30), alice.pk)
    }
    assert "initrode" in Person.objects.get(pk=fred.pk).search_text
    response = alice_client.post(
        edit_url(fred), fred_payload(alice, fred, [existing(fred, DELETE="on")])
    )
    assert response.status_code == 302
    assert job_rows(fred) == set()
    assert "initrode" not in Person.objects.get(pk=fred.pk).search_text


def test_an_empty_extra_row_adds_nothing(alice, alice_client, fred):
    blank = {"company": "", "role": "", "industry": "", "started": "", "ended": ""}
    response = alice_client.post(edit_url(fred), fred_payload(alice, fred, [existing(fred), blank]))
    assert response.status_code == 302
    assert Job.objects.filter(person=fred).count() == 1


BAD_JOBS = [
    ({"company": "", "role": "Engineer"}, "This field is required."),
    ({"company": "Acme", "started": "2020-05-01", "ended": "2019-01-01"}, "ends before it starts"),
    ({"company": "Acme", "ended": "2026-12-01"}, "The end date cannot be in the future"),
    ({"company": "Acme", "started": "2028-01-01"}, "That is more than a year ahead."),
    ({"company": "Acme", "started": "2021-02-30"}, "Enter a valid date."),
    ({"company": "Acme", "ended": "yesterday"}, "Enter a valid date."),
    ({"company": "A" * 151}, "Ensure this value has at most 150 characters"),
    ({"company": "Acme", "role": "r" * 151}, "Ensure this value has at most 150 characters"),
    ({"company": "Acme", "industry": "i" * 101}, "Ensure this value has at most 100 characters"),
    ({"company": "Acme\x00"}, "Null characters are not allowed."),
]  # fmt: skip


@pytest.mark.parametrize(("row", "message"), BAD_JOBS)
def test_a_bad_job_reshows_the_form_and_changes_nothing(alice, alice_client, fred, row, message):
    before = (snapshot(alice), job_rows(fred))
    response = alice_client.post(edit_url(fred), fred_payload(alice, fred, [existing(fred), row]))
    assert response.status_code == 200
    assert message in text_of(response)
    assert "Nothing was saved" in text_of(response)
    assert (snapshot(alice), job_rows(fred)) == before


def test_a_missing_jobs_management_form_is_an_error_not_a_crash(alice, alice_client, fred):
    data = fred_payload(alice, fred, [])
    for key in [k for k in data if k.startswith("jobs-")]:
        del data[key]
    response = alice_client.post(edit_url(fred), data)
    assert response.status_code == 200
    assert job_rows(fred) == {
        ("Initech", "Engineer", "", dt.date(2015, 3, 1), dt.date(2020, 6, 30), alice.pk)
    }


def test_the_person_page_shows_the_work_card(alice, alice_client, fred):
    Job.objects.create(owner=alice, person=fred, company="Globex", started=dt.date(2021, 4, 1))
    page = text_of(alice_client.get(reverse("person", args=[fred.pk])))
    card = page[page.index('id="work-title"') :]
    card = card[: card.index("</section>")]
    assert card.index("Globex") < card.index("Initech")
    assert "since 2021" in card and "CTO" in card
    assert "2015\u20132020" in card and "Engineer" in card
    assert (
        card.count('<div class="timeline-title">Globex</div>') == 1
    )  # the open job is the current one
    assert f"{reverse('who_do_i_know')}?company=Globex" in card


def test_the_work_card_is_left_out_without_any_work(alice, alice_client, frozen):
    nobody = create_person(alice, "Nora Nojob")
    page = text_of(alice_client.get(reverse("person", args=[nobody.pk])))
    assert 'id="work-title"' not in page


# Bob ---------------------------------------------------------------------------------


def test_bob_cannot_edit_alices_person_or_her_jobs(alice, bob, bob_client, fred):
    before = (snapshot(alice), job_rows(fred))
    url = edit_url(fred)
    assert bob_client.get(url).status_code == 404
    response = bob_client.post(url, fred_payload(bob, fred, [existing(fred, company="Pwned")]))
    assert response.status_code == 404
    assert (snapshot(alice), job_rows(fred)) == before


def test_bob_cannot_move_alices_job_onto_his_own_person(alice, bob, bob_client, fred):
    bobs = create_person(bob, "Bob's Friend")
    before = job_rows(fred)
    data = payload(bob, {"jobs": [existing(fred, company="Stolen")]}, display_name="Bob's Friend")
    response = bob_client.post(edit_url(bobs), data)
    assert response.status_code == 200
    assert job_rows(fred) == before
    assert not Job.objects.filter(person=bobs).exists()


def test_bob_never_sees_alices_work_card(alice, bob, bob_client, fred):
    assert bob_client.get(reverse("person", args=[fred.pk])).status_code == 404


def test_merging_two_people_keeps_both_work_histories_and_undo_gives_them_back(alice, fred):
    from keepwarm.contacts.merge import merge_people, undo_merge

    twin = create_person(alice, "Fred Former Jr", company="Globex")
    Job.objects.create(owner=alice, person=twin, company="Hooli", ended=dt.date(2019, 1, 31))
    merge = merge_people(alice, fred, twin)
    assert {j.company for j in Job.objects.filter(person=fred)} == {"Initech", "Hooli"}
    assert "hooli" in Person.objects.get(pk=fred.pk).search_text
    back = undo_merge(alice, merge)
    assert {j.company for j in Job.objects.filter(person=back)} == {"Hooli"}
    assert {j.company for j in Job.objects.filter(person=fred)} == {"Initech"}
