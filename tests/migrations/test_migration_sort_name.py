"""People kept before the sort name came file by family then given name once
the database is migrated, and the SQLite search index is still there."""

from __future__ import annotations

from django.db import connection

from tests import migrating

BEFORE = [("contacts", "0009_person_plan_mark")]
AFTER = [("contacts", "0010_person_sort_name")]


at_before = migrating.fixture(BEFORE)


def test_kept_people_are_sorted_by_family_then_given_name(back_in_time):
    old = back_in_time
    user = old.get_model("accounts", "User").objects.create(username="dora")
    circle = old.get_model("contacts", "Circle").objects.create(
        owner=user, name="Core", touches_per_year=7
    )
    person = old.get_model("contacts", "Person")
    rows = [
        ("Dr. John Q. Public", {"prefix": "Dr.", "given_name": "John", "family_name": "Public"}),
        ("Mr. Adam Public Sr.", {"prefix": "Mr.", "given_name": "Adam", "family_name": "Public"}),
        ("Zoe Abbott", {"given_name": "Zoe", "family_name": "Abbott"}),
        ("Bluebird Ltd", {"is_organization": True}),
        ("Mr. Nobody", {}),
    ]
    for name, parts in rows:
        person.objects.create(owner=user, display_name=name, circle=circle, **parts)
    new = migrating.migrate(AFTER)
    found = new.get_model("contacts", "Person").objects.order_by("sort_name", "id")
    assert list(found.values_list("display_name", "sort_name")) == [
        ("Zoe Abbott", "abbott zoe"),
        ("Bluebird Ltd", "bluebird ltd"),
        ("Mr. Nobody", "mr. nobody"),
        ("Mr. Adam Public Sr.", "public adam"),
        ("Dr. John Q. Public", "public john"),
    ]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            indexes = {row[1] for row in cursor.execute("PRAGMA index_list(contacts_person)")}
        assert {"person_owner_search", "person_owner_sort_name"} <= indexes
