"""People kept before imported newcomers could wait unsorted stay in their
circle once the database is migrated; none of them waits."""

from __future__ import annotations

from tests import migrating

BEFORE = [("contacts", "0010_person_sort_name")]
AFTER = [("contacts", "0011_person_waiting_to_be_sorted")]


at_before = migrating.fixture(BEFORE)


def test_people_kept_stay_in_their_circle(back_in_time):
    old = back_in_time
    user = old.get_model("accounts", "User").objects.create(username="dora")
    circles = old.get_model("contacts", "Circle")
    close = circles.objects.create(owner=user, name="Close", touches_per_year=12)
    core = circles.objects.create(owner=user, name="Core", touches_per_year=7, is_default=True)
    person = old.get_model("contacts", "Person")
    person.objects.create(owner=user, display_name="Ana Ruiz", circle=close, source="a.vcf")
    person.objects.create(owner=user, display_name="Bo Li", circle=core, archived=True)
    new = migrating.migrate(AFTER)
    found = new.get_model("contacts", "Person").objects.order_by("display_name")
    assert list(found.values_list("display_name", "circle__name", "archived", "also_in")) == [
        ("Ana Ruiz", "Close", False, ""),
        ("Bo Li", "Core", True, ""),
    ]
    assert not found.filter(circle__isnull=True).exists()
