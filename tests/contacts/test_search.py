"""Search ignores case, accents and apostrophes, in what is stored and in what is
typed; rows stored before the rule are folded by a data migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from keepwarm.contacts.models import Person
from keepwarm.contacts.search import fold
from keepwarm.contacts.services import create_person, search_filter
from keepwarm.owned import owned

refold = importlib.import_module("keepwarm.contacts.migrations.0003_fold_search_text").refold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),
        ("Straße", "strasse"),
        ("Łukasz Wiśniewski", "lukasz wisniewski"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("ÉLODIE", "elodie"),
        ("İlkay", "ilkay"),
        ("jane@example.com", "jane@example.com"),
        ("+491512345678", "+491512345678"),
    ],
)
def test_fold_ignores_case_accents_and_apostrophes(text, folded):
    assert fold(text) == folded


@pytest.fixture
def people(alice):
    return {
        "zoe": create_person(alice, "Zoë Martin"),
        "obrien": create_person(alice, "Siobhán O'Brien", company="Café Rouge"),
        "plain": create_person(alice, "Zoe Plain"),
    }


def found(alice, query: str) -> list[str]:
    matches = owned(Person, alice).filter(search_filter(query)).order_by("display_name")
    return list(matches.values_list("display_name", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zoe", ["Zoe Plain", "Zoë Martin"]),
        ("zoë", ["Zoe Plain", "Zoë Martin"]),
        ("obrien", ["Siobhán O'Brien"]),
        ("O'Brien", ["Siobhán O'Brien"]),
        ("o\u2019brien", ["Siobhán O'Brien"]),
        ("siobhan", ["Siobhán O'Brien"]),
        ("cafe", ["Siobhán O'Brien"]),
        ("zoe martin", ["Zoë Martin"]),
    ],
)
def test_search_ignores_accents_and_apostrophes(alice, people, query, expected):
    assert found(alice, query) == expected


def test_the_people_list_search_folds_too(alice_client, people):
    response = alice_client.get(reverse("people"), {"q": "obrien"})
    assert [p.display_name for p in response.context["page"]] == ["Siobhán O'Brien"]


def test_the_migration_folds_rows_stored_before(alice, people):
    zoe = people["zoe"]
    Person.objects.filter(pk=zoe.pk).update(search_text="zoë martin")  # the old, unfolded text
    assert found(alice, "zoe martin") == []

    class Editor:  # what RunPython hands the function
        pass

    editor = Editor()
    editor.connection = connection
    refold(apps, editor)
    zoe.refresh_from_db()
    assert zoe.search_text == "zoe martin zoe martin"
    assert found(alice, "zoe martin") == ["Zoë Martin"]


def test_the_migration_handles_more_people_than_one_batch(alice, monkeypatch):
    module = importlib.import_module("keepwarm.contacts.migrations.0003_fold_search_text")
    monkeypatch.setattr(module, "BATCH", 2)
    made = [create_person(alice, f"Zoë {n}") for n in range(5)]
    Person.objects.update(search_text="")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    module.refold(apps, editor)
    assert sorted(owned(Person, alice).values_list("search_text", flat=True)) == [
        f"zoe {n} zoe {n}" for n in range(len(made))
    ]
