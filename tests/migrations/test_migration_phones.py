"""Phones kept before the import rules changed are compared the new way once
the database is migrated, so importing the same file again adds nothing."""

from __future__ import annotations

from tests import migrating

BEFORE = [("contacts", "0007_imported_extras_organisations_country_names")]
AFTER = [("contacts", "0008_phones_read_as_typed")]


at_before = migrating.fixture(BEFORE)


def test_kept_phones_are_read_again_with_the_address_country_first(back_in_time):
    old = back_in_time
    user = old.get_model("accounts", "User").objects.create(username="dora")
    old.get_model("accounts", "Profile").objects.create(user=user, country="US")
    circle = old.get_model("contacts", "Circle").objects.create(
        owner=user, name="Core", touches_per_year=7
    )
    person_model = old.get_model("contacts", "Person")
    point = old.get_model("contacts", "ContactPoint")
    uk = person_model.objects.create(owner=user, display_name="Uma", circle=circle)
    old.get_model("contacts", "Address").objects.create(
        owner=user, person=uk, street="1 High St", locality="London", country="GB"
    )
    dresden = person_model.objects.create(owner=user, display_name="Dora", circle=circle)
    rows = [
        (uk, "020 7946 0321", "+102079460321"),  # what a US account made of it before
        (dresden, "0351 223344", "+10351223344"),
        (dresden, "+49 30 1234567", "+49301234567"),
    ]
    for person, value, normalized in rows:
        point.objects.create(
            owner=user, person=person, kind="phone", value=value, normalized=normalized
        )
    new = migrating.migrate(AFTER)
    found = dict(
        new.get_model("contacts", "ContactPoint").objects.values_list("value", "normalized")
    )
    assert found == {
        "020 7946 0321": "+442079460321",
        "0351 223344": "0351223344",
        "+49 30 1234567": "+49301234567",
    }
