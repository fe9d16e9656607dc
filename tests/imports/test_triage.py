"""Newcomers of imports wait to be sorted into circles: the import, the states
(waiting, in a circle, not in my network) and going back, what the plan reads,
what is known of each newcomer, and a backup of them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from keepwarm.backup.json_backup import dump, to_json
from keepwarm.backup.restore import restore_account
from keepwarm.backup.schema import VERSION
from keepwarm.contacts.merge import merge_people
from keepwarm.contacts.models import WAITING, Circle, Person, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.imports import sorting
from keepwarm.imports.suggest import OUT
from keepwarm.occasions.autosend import birthdays_on
from keepwarm.owned import owned
from keepwarm.plans import services, snapshot
from keepwarm.touches.services import log_touch
from tests.conftest import TODAY, kind
from tests.newcomers import card, imported


def circle(user, name: str) -> Circle:
    return owned(Circle, user).get(name=name)


def planned_for(user, person: Person) -> list:
    plan = services.current(user, TODAY).plan
    return [item for item in plan.items() if person.pk in item.people]


@pytest.fixture
def newcomers(alice, frozen):
    """Ana and Ben Ruiz (a couple, by name), Cy Ito at Acme; Jane Doe was there before."""
    create_person(alice, "Jane Doe", emails=["jane@example.com"], company="Acme")
    return imported(
        alice,
        card("Ana Ruiz", "ana@example.com", BDAY="1980-11-27", **{"X-SPOUSE": "Ben Ruiz"}),
        card("Ben Ruiz", "ben@example.com"),
        card("Cy Ito", "cy@example.com", ORG="Acme"),
    )


# The import ----------------------------------------------------------------------


def test_an_import_adds_newcomers_waiting_to_be_sorted(alice, newcomers):
    assert [p.circle for p in newcomers] == [None, None, None]
    assert all(p.waiting for p in newcomers)
    assert sorting.waiting_count(alice) == 3
    assert [p.display_name for p in sorting.waiting(alice)] == ["Cy Ito", "Ana Ruiz", "Ben Ruiz"]


def test_an_import_into_a_chosen_circle_sorts_them_at_once(alice, frozen):
    wide = circle(alice, "Wide")
    (ana,) = imported(alice, card("Ana Ruiz", "ana@example.com"), circle=wide)
    assert ana.circle == wide and not ana.waiting


def test_a_chosen_circle_deleted_before_the_import_leaves_them_waiting(alice, frozen):
    gone = Circle.objects.create(owner=alice, name="Old", touches_per_year=1)
    Circle.objects.filter(pk=gone.pk).delete()
    (ana,) = imported(alice, card("Ana Ruiz", "ana@example.com"), circle=gone)
    assert ana.waiting


def test_people_already_there_keep_their_circle(alice, frozen):
    close = circle(alice, "Close")
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"], circle=close)
    imported(alice, card("Jane Doe", "jane@example.com", TITLE="Chemist"))
    jane.refresh_from_db()
    assert jane.circle.name == "Close" and jane.job_title == "Chemist"


def test_someone_added_by_hand_goes_straight_to_the_default_circle(alice, frozen):
    assert create_person(alice, "Bo Li").circle.name == "Core"


def test_a_second_file_holding_someone_is_remembered_once(alice, newcomers):
    ana = newcomers[0]
    imported(alice, card("Ana Ruiz", "ana@example.com"), source="google.csv")
    imported(alice, card("Ana Ruiz", "ana@example.com"), source="google.csv")  # again: nothing
    imported(alice, card("Ana Ruiz", "ana@example.com"), source="phone.vcf")  # its own file
    ana.refresh_from_db()
    assert ana.sources == ["phone.vcf", "google.csv"]
    (facts,) = sorting.read_facts(alice, [ana], TODAY).values()
    assert facts.sources == 2


def test_the_same_file_again_changes_no_one(alice, newcomers):
    before = list(owned(Person, alice).values_list("pk", "updated_at", "also_in"))
    imported(alice, card("Ana Ruiz", "ana@example.com"))
    assert list(owned(Person, alice).values_list("pk", "updated_at", "also_in")) == before


# The states ----------------------------------------------------------------------


def test_sorting_into_a_circle_plans_them(alice, newcomers):
    ana = newcomers[0]
    assert planned_for(alice, ana) == []  # a birthday in two days, and still nothing
    done = sorting.sort(alice, [ana.pk], circle(alice, "Close"))
    assert done.ids == (ana.pk,) and done.count == 1
    ana.refresh_from_db()
    assert ana.circle.name == "Close" and not ana.waiting
    assert planned_for(alice, ana)
    assert sorting.waiting_count(alice) == 2


def test_a_newcomer_waiting_to_be_sorted_still_gets_condolences(alice, newcomers):
    """Occasions come first: a death in a waiting person's family (or a loss
    recorded on them) is answered all the same; nothing else is planned."""
    ana, ben = newcomers[0], newcomers[1]
    Relationship.objects.create(owner=alice, person=ben, kind="spouse", other=ana)
    Person.objects.filter(pk=ben.pk).update(deceased=True, deceased_on=TODAY - dt.timedelta(1))
    ben.refresh_from_db()
    services.invalidate(alice.pk)
    items = planned_for(alice, ana)
    # The condolence and the check-in a month on; no birthday greeting (in two days).
    assert [item.occasion for item in items] == ["condolence", "checkin"]
    assert "Ben Ruiz died" in items[0].reason
    assert items[0].date == TODAY
    ana.refresh_from_db()
    assert ana.waiting


def test_not_in_my_network_archives_them_never_planned_and_can_be_undone(alice, newcomers):
    ana = newcomers[0]
    sorting.sort(alice, [ana.pk], OUT)
    ana.refresh_from_db()
    assert ana.archived and ana.circle is None and not ana.waiting
    assert planned_for(alice, ana) == []
    assert not owned(Person, alice).filter(WAITING, pk=ana.pk).exists()
    assert sorting.put_back(alice, [ana.pk]) == 1
    ana.refresh_from_db()
    assert ana.waiting and not ana.archived


def test_put_back_undoes_a_sort_into_a_circle(alice, newcomers):
    done = sorting.sort(alice, [p.pk for p in newcomers], circle(alice, "Wide"))
    assert sorting.waiting_count(alice) == 0
    assert sorting.put_back(alice, done.ids) == 3
    assert sorting.waiting_count(alice) == 3
    assert all(not planned_for(alice, p) for p in newcomers)


def test_a_sort_moves_only_newcomers_still_waiting(alice, bob, newcomers):
    jane = owned(Person, alice).get(display_name="Jane Doe")
    bobs = create_person(bob, "Bo Li")
    Person.objects.filter(pk=bobs.pk).update(circle=None)
    done = sorting.sort(alice, [jane.pk, bobs.pk, newcomers[0].pk], OUT)
    assert done.ids == (newcomers[0].pk,)
    jane.refresh_from_db()
    bobs.refresh_from_db()
    assert not jane.archived and bobs.waiting and not bobs.archived


def test_the_rest_at_once_leaves_those_imported_since(alice, newcomers):
    upto = max(p.pk for p in newcomers)
    (later,) = imported(alice, card("Dee Park", "dee@example.com"), source="later.vcf")
    done = sorting.sort_rest(alice, circle(alice, "Wide"), upto)
    assert set(done.ids) == {p.pk for p in newcomers}
    later.refresh_from_db()
    assert later.waiting
    assert sorting.sort_rest(alice, OUT).ids == (later.pk,)


def test_the_queue_moves_on_round_and_back(alice, newcomers):
    cy, ana, ben = sorting.waiting(alice)
    assert sorting.neighbour(alice, None).pk == cy.pk
    assert sorting.neighbour(alice, ana).pk == ben.pk
    assert sorting.neighbour(alice, ben).pk == cy.pk  # round to the start
    assert sorting.neighbour(alice, cy, back=True).pk == ben.pk
    sorting.sort(alice, [ana.pk], OUT)
    assert sorting.neighbour(alice, ana).pk == ben.pk  # after someone no longer waiting


def test_a_place_must_be_a_circle_of_the_user(alice, bob, frozen):
    from django.core.exceptions import ValidationError

    assert sorting.place_named(alice, OUT) == OUT
    assert sorting.place_named(alice, str(circle(alice, "Core").pk)).name == "Core"
    for bad in (str(circle(bob, "Core").pk), "0", "-1", "core", "9" * 40, ""):
        with pytest.raises(ValidationError):
            sorting.place_named(alice, bad)


# What the plan and the rest of keepwarm read --------------------------------------


def test_the_snapshot_reads_a_newcomer_as_never_planned(alice, newcomers):
    people = {p.id: p for p in snapshot.build(alice, TODAY).people}
    ana = people[newcomers[0].pk]
    assert ana.target == 0 and not ana.active


def test_a_kept_snapshot_reads_sorted_and_put_back_people_again(alice, newcomers):
    services.current(alice, TODAY)  # the plan version exists from the first plan on
    snapshot.build(alice, TODAY, keep=True)
    for change in (
        lambda: sorting.sort(alice, [newcomers[0].pk], circle(alice, "Close")),
        lambda: sorting.sort_rest(alice, OUT),
        lambda: sorting.put_back(alice, [p.pk for p in newcomers]),
    ):
        change()
        kept = snapshot.build(alice, TODAY, keep=True)
        assert kept == snapshot.build(alice, TODAY)


def test_no_birthday_greeting_goes_out_by_itself_to_a_newcomer(alice, newcomers):
    ana = newcomers[0]
    day = dt.date(2026, 11, 27)
    assert birthdays_on(alice, day) == []
    sorting.sort(alice, [ana.pk], circle(alice, "Core"))
    assert birthdays_on(alice, day) == [ana]


def test_a_merge_sorts_a_newcomer_into_the_other_ones_circle(alice, newcomers):
    jane = owned(Person, alice).get(display_name="Jane Doe")
    ana = newcomers[0]
    merge_people(alice, ana, jane)
    ana.refresh_from_db()
    assert ana.circle.name == "Core" and "Jane Doe" in ana.notes


def test_a_merge_of_two_newcomers_keeps_both_imports(alice, newcomers):
    (other,) = imported(alice, card("Ana R.", "ana.r@example.com"), source="google.csv")
    merge_people(alice, newcomers[0], other)
    ana = owned(Person, alice).get(pk=newcomers[0].pk)
    assert ana.waiting and ana.sources == ["phone.vcf", "google.csv"]


# What is known of each newcomer ---------------------------------------------------


def test_a_relative_sorted_before_suggests_their_circle(alice, newcomers):
    _, ana, ben = sorting.waiting(alice)
    sorting.sort(alice, [ana.pk], circle(alice, "Close"))
    (row,) = sorting.newcomers(alice, [ben], TODAY)
    assert row.suggestion is not None and row.suggested_circle.name == "Close"
    assert row.suggestion.reasons[0] == "Ana Ruiz\u2019s spouse (Close)"


def test_a_link_to_a_sorted_contact_counts_either_way(alice, newcomers):
    jane = owned(Person, alice).get(display_name="Jane Doe")
    cy = newcomers[2]
    Relationship.objects.create(owner=alice, person=cy, kind="sibling", other=jane)
    (row,) = sorting.newcomers(alice, [cy], TODAY)
    assert row.suggestion.reasons[0] == "Their sibling Jane Doe (Core)"


def test_colleagues_and_touches_suggest_too(alice, newcomers):
    cy = newcomers[2]
    (row,) = sorting.newcomers(alice, [cy], TODAY)
    assert row.suggested_circle.name == "Core"  # Jane Doe at Acme
    assert row.suggestion.reasons == ("Works at Acme, like Jane Doe (Core)",)
    for days in (5, 40, 80, 120, 160, 200, 240, 280, 320, 350, 360, 364):
        log_touch(alice, [cy], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=days))
    (row,) = sorting.newcomers(alice, [cy], TODAY)
    assert row.facts.touches == 12 and row.suggested_circle.name == "Close"


def test_nothing_known_suggests_nothing(alice, newcomers):
    (row,) = sorting.newcomers(alice, [newcomers[0]], TODAY)
    assert row.suggestion is None and row.suggested_name == ""


def test_what_is_known_is_read_in_a_few_queries(alice, newcomers, django_assert_max_num_queries):
    more = imported(
        alice, *(card(f"P{n} Ruiz", f"p{n}@example.com", ORG="Acme") for n in range(40))
    )
    with django_assert_max_num_queries(8):
        rows = sorting.newcomers(alice, more, TODAY)
    assert len(rows) == 40


# A backup holds them as they are ----------------------------------------------------


def test_a_backup_restores_waiting_sorted_and_set_aside_newcomers(alice, newcomers, frozen):
    _, ben, cy = newcomers
    sorting.sort(alice, [ben.pk], circle(alice, "Wide"))
    sorting.sort(alice, [cy.pk], OUT)
    imported(alice, card("Ana Ruiz", "ana@example.com"), source="google.csv")
    data, _ = dump(alice)
    assert data["version"] == VERSION == 8
    data["account"]["username"] = "alice2"
    user = restore_account(to_json(data).encode())
    people = {p.display_name: p for p in owned(Person, user)}
    assert people["Ana Ruiz"].waiting and people["Ana Ruiz"].also_in == "google.csv"
    assert people["Ben Ruiz"].circle.name == "Wide"
    assert people["Cy Ito"].archived and people["Cy Ito"].circle is None
    assert people["Jane Doe"].circle.name == "Core"
    again, _ = dump(user)
    assert again["people"] == data["people"]


def test_a_backup_of_version_7_restores_with_everyone_in_their_circle(alice, jane, frozen):
    data, _ = dump(alice)
    data["version"] = 7
    for row in data["people"]:
        del row["also_in"]
    data["account"]["username"] = "alice2"
    user = restore_account(json.dumps(data).encode())
    (restored,) = owned(Person, user)
    assert restored.circle.name == "Core" and restored.also_in == ""


def test_a_waiting_newcomers_birthday_is_not_the_users_to_remember_yet(alice, newcomers):
    """Ana's birthday is in two days: not on the home page, in the digest (coming
    or belated) or in the calendar feed until she is sorted."""
    from keepwarm.reminders import content, feeds
    from keepwarm.touches import queries

    ana = newcomers[0]
    later = TODAY + dt.timedelta(days=5)

    def listed() -> dict[str, bool]:
        feed, _ = feeds.feed(alice)
        return {
            "home": any(b.person == ana for b in queries.coming_birthdays(alice, TODAY)),
            "coming": any(o.who == "Ana Ruiz" for o in content.occasions(alice, TODAY)),
            "belated": any(o.who == "Ana Ruiz" for o in content.belated(alice, later, TODAY)),
            "feed": b"Ana Ruiz" in feed,
        }

    assert listed() == {"home": False, "coming": False, "belated": False, "feed": False}
    sorting.sort(alice, [ana.pk], circle(alice, "Wide"))
    assert listed() == {"home": True, "coming": True, "belated": True, "feed": True}
