"""The demo network: a living, varied, valid account, the same for the same seed and day."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
import zoneinfo
from collections import Counter

import phonenumbers
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min

from keepwarm.accounts.models import Profile
from keepwarm.accounts.services import create_user
from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactPoint,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
    Tag,
)
from keepwarm.contacts.services import normalize_contact, refresh_search_text, search_filter
from keepwarm.demo import DEMO_USERNAME, HOME_CITY, ensure_demo_account, load_demo
from keepwarm.demo.network import build_network
from keepwarm.owned import owned
from keepwarm.planner.catalogue import DEFAULT_KINDS
from keepwarm.touches.models import FollowUp, Touch, TouchKind, TouchPerson
from tests.conftest import PASSWORD, TODAY

OWNED_MODELS = (Person, ContactPoint, Address, KeyDate, Relationship, LifeEvent, Tag, Circle,
                TouchKind, Touch, FollowUp)  # fmt: skip


@pytest.fixture
def demo(db, frozen):
    return ensure_demo_account(TODAY)


def people(user, **filters):
    return owned(Person, user).filter(**filters)


def touch_people(user):
    return TouchPerson.objects.filter(touch__owner=user)


def test_about_150_people_fill_every_circle(demo):
    sizes = dict(people(demo).values_list("circle__name").annotate(n=Count("id")))

    assert sizes == {"Close": 15, "Core": 60, "Wide": 75}


def test_load_demo_returns_what_it_wrote(db, frozen, alice):
    counts = load_demo(alice, TODAY)

    assert counts["people"] == people(alice).count() == 150
    assert counts["touches"] == owned(Touch, alice).count()
    assert counts["touch_people"] == touch_people(alice).count()
    assert counts["follow_ups"] == owned(FollowUp, alice).count()
    assert counts["contact_points"] == owned(ContactPoint, alice).count()
    assert counts["relationships"] == owned(Relationship, alice).count()
    assert counts["life_events"] == owned(LifeEvent, alice).count()


def test_two_years_of_touches_of_every_seeded_kind(demo):
    touches = owned(Touch, demo)
    kinds = set(touches.values_list("kind__label", flat=True))
    span = touches.aggregate(first=Min("date"), last=Max("date"))

    assert 1500 <= touches.count() <= 2500
    assert kinds == {label for label, *_ in DEFAULT_KINDS}
    assert TODAY - dt.timedelta(days=731) <= span["first"] < TODAY - dt.timedelta(days=700)
    assert span["last"] < TODAY
    assert touches.filter(kind__label="party").annotate(n=Count("people")).filter(n__gte=10)
    assert touches.filter(note="").count() < touches.count() / 2


def test_touches_are_denser_for_closer_circles(demo):
    per_circle = Counter(touch_people(demo).values_list("person__circle__name", flat=True))
    per_person = {name: per_circle[name] / people(demo, circle__name=name).count()
                  for name in ("Close", "Core", "Wide")}  # fmt: skip
    half_a_year_ago = TODAY - dt.timedelta(days=182)

    assert per_person["Close"] > 1.5 * per_person["Core"] > 3 * per_person["Wide"]
    assert people(demo, circle__name="Wide", last_touch_on__lt=half_a_year_ago).count() >= 10
    assert people(demo, circle__name="Core", last_touch_on__lt=half_a_year_ago).exists()


def test_birthdays_for_most_some_without_year_one_on_leap_day(demo):
    with_birthday = people(demo, birthday_month__isnull=False)
    leap_day = people(demo, birthday_month=2, birthday_day=29)

    assert with_birthday.count() >= 0.75 * 150
    assert with_birthday.filter(birthday_year__isnull=True).count() >= 10
    assert leap_day.filter(given_name="Ingrid").exists()  # the cast's; the crowd's by chance
    assert all(year is None or year % 4 == 0 for year in leap_day.values_list(
        "birthday_year", flat=True))  # fmt: skip
    assert people(demo, birthday_month=TODAY.month, birthday_day=TODAY.day).exists()


def test_names_are_international(demo):
    names = " ".join(people(demo).values_list("display_name", flat=True))

    for letter in "ńüéś":
        assert letter in names
    assert re.search("[\u0370-\u03ff]{3}", names), "a name in Greek letters"
    assert re.search("[\u0400-\u04ff]{3}", names), "a name in Cyrillic letters"
    assert people(demo).values("display_name").distinct().count() == 150


def test_postal_addresses_for_most_in_several_countries(demo):
    addresses = owned(Address, demo)
    shapes = {
        "US": r"\d{5}", "GB": r"[A-Z]{1,2}\d{1,2} \d[A-Z]{2}", "DE": r"\d{5}", "FR": r"\d{5}",
        "JP": r"\d{3}-\d{4}",
    }  # fmt: skip

    assert addresses.values("person").distinct().count() >= 0.7 * 150
    assert set(addresses.values_list("country", flat=True)) == set(shapes)
    for address in addresses:
        assert re.fullmatch(shapes[address.country], address.postcode), address
        assert address.street and address.locality
    assert (
        addresses.filter(is_mailing=True).count() == addresses.values("person").distinct().count()
    )


def test_phones_are_valid_fictional_numbers_and_emails_use_example_domains(demo):
    points = owned(ContactPoint, demo)
    phones = points.filter(kind="phone")
    emails = points.filter(kind="email")

    assert phones.values("person").distinct().count() >= 100
    assert emails.values("person").distinct().count() >= 120
    for phone in phones:
        number = phonenumbers.parse(phone.value)
        assert phonenumbers.is_valid_number(number), phone.value
        assert phone.normalized == normalize_contact("phone", phone.value, "US")
        if phone.normalized.startswith("+1"):
            assert phone.normalized[5:10] == "55501", "a number kept for fiction"
    for email in emails:
        assert re.search(r"@(example\.(com|net|org)|[a-z]+\.example)$", email.normalized)
        assert email.normalized == email.value.casefold()
    assert points.filter(normalized="").count() == 0
    shared = points.values("normalized").annotate(n=Count("id")).filter(n__gt=1)
    twice = people(demo, contact_points__normalized__in=shared.values("normalized"))
    assert sorted(twice.values_list("display_name", flat=True)) == [
        "Theo Baptiste",
        "Theodore Baptiste",
    ]  # one person twice (the duplicates page's pair); every other value is one person's


def test_jobs_places_and_tags(demo):
    home = people(demo, city=HOME_CITY)
    tags = set(owned(Tag, demo).values_list("name", flat=True))

    assert home.count() >= 30
    assert people(demo).exclude(company="").count() >= 100
    assert people(demo).values("industry").distinct().count() >= 10
    assert people(demo).exclude(how_we_met="").count() == 150
    assert {"college", "climbing", "neighbours", "former colleagues", "book club"} <= tags


def test_families_are_relationships_mostly_to_named_non_contacts(demo):
    relations = owned(Relationship, demo)
    to_contacts = relations.filter(other__isnull=False)

    assert relations.filter(kind="spouse", other__isnull=True).count() >= 30
    assert relations.filter(kind="child").count() >= 30
    assert to_contacts.filter(kind="spouse").count() >= 3
    assert relations.filter(other__isnull=True).count() > 5 * to_contacts.count()
    assert owned(KeyDate, demo).filter(label="wedding anniversary").count() >= 8


def test_life_events_show_what_is_happening(demo):
    events = owned(LifeEvent, demo)
    last_month = events.filter(date__gte=TODAY - dt.timedelta(days=30), date__lte=TODAY)

    assert last_month.filter(kind="bereavement").exists()
    assert {"new_job", "baby", "move", "wedding", "illness"} <= set(
        events.values_list("kind", flat=True)
    )
    assert not events.filter(date__gt=TODAY + dt.timedelta(days=366))


def test_one_deceased_two_archived_one_paused(demo):
    deceased = people(demo, deceased=True).get()
    paused = people(demo, paused_until__isnull=False).get()

    assert deceased.deceased_on < TODAY
    assert people(demo, archived=True).count() == 2
    assert paused.paused_until > TODAY


def test_nothing_after_a_death_but_condolences_to_the_family(demo):
    deceased = people(demo, deceased=True).get()
    family = [r.other for r in Relationship.objects.filter(person=deceased, other__isnull=False)]
    after = owned(Touch, demo).filter(date__gt=deceased.deceased_on)

    assert deceased.deceased_on and family
    assert not TouchPerson.objects.filter(person=deceased, date__gte=deceased.deceased_on)
    assert not FollowUp.objects.filter(person=deceased, done_at__isnull=True)
    assert after.filter(kind__label="condolence", people__in=family).exists()


def test_no_touch_in_the_future_or_before_someone_was_met(demo):
    zone = zoneinfo.ZoneInfo(Profile.objects.get(user=demo).time_zone)
    newcomers = people(demo, created_at__gt=dt.datetime.now(dt.UTC) - dt.timedelta(days=700))

    assert not owned(Touch, demo).filter(date__gte=TODAY)
    assert newcomers.count() >= 2
    for person in newcomers:
        met = person.created_at.astimezone(zone).date()
        assert not TouchPerson.objects.filter(person=person, date__lt=met)


def test_follow_ups_overdue_due_this_week_and_done(demo):
    open_ = owned(FollowUp, demo).filter(done_at__isnull=True)
    done = owned(FollowUp, demo).filter(done_at__isnull=False)
    week = (TODAY, TODAY + dt.timedelta(days=6))

    assert 3 <= open_.filter(due__lt=TODAY).count() <= 8
    assert open_.filter(due__range=week).count() >= 3
    assert done.count() >= 5
    assert all(f.done_at.date() <= TODAY for f in done)
    assert owned(FollowUp, demo).filter(touch__isnull=False).count() >= 10


def test_every_object_is_valid_and_points_only_at_the_demo_users_objects(demo, bob):
    for model in OWNED_MODELS:
        rows = model.objects.filter(owner=demo)
        assert rows.exists(), model
        for row in rows:
            row.full_clean()
    assert not people(demo).exclude(circle__owner=demo)
    assert not owned(Touch, demo).exclude(kind__owner=demo)
    assert not owned(Relationship, demo).filter(other__isnull=False).exclude(other__owner=demo)
    assert not owned(FollowUp, demo).filter(touch__isnull=False).exclude(touch__owner=demo)
    assert not Person.tags.through.objects.filter(person__owner=demo).exclude(tag__owner=demo)
    assert not touch_people(demo).exclude(person__owner=demo)
    assert not owned(Person, bob) and not owned(Touch, bob)


def test_timeline_rows_carry_the_touch_date(demo):
    rows = touch_people(demo).select_related("touch")

    assert all(row.date == row.touch.date for row in rows)


def test_last_touch_and_search_text_are_right(demo):
    latest = dict(touch_people(demo).values_list("person").annotate(last=Max("date")))
    before = {p.pk: p.search_text for p in people(demo)}
    refresh_search_text(people(demo))

    for person in people(demo):
        assert person.last_touch_on == latest.get(person.pk)
        assert person.search_text == before[person.pk]
    assert people(demo).filter(search_filter("wiśniewski")).get().given_name == "Tomasz"
    assert people(demo).filter(search_filter("#book club")).count() >= 4
    works = owned(ContactPoint, demo).filter(kind="email", normalized__endswith=".example")
    work = works.exclude(person__given_name__startswith="Theo")[0]  # not Theo's: he is twice
    assert people(demo).filter(search_filter(work.normalized)).get() == work.person


def test_same_seed_and_day_give_the_same_network(db, frozen, alice, bob):
    load_demo(alice, TODAY, seed=3)
    load_demo(bob, TODAY, seed=3)

    assert snapshot(alice) == snapshot(bob)


def test_another_seed_gives_another_crowd(db, frozen, alice, bob):
    load_demo(alice, TODAY, seed=3)
    load_demo(bob, TODAY, seed=4)

    assert names(alice) != names(bob)
    assert people(bob).count() == 150


def names(user):
    return sorted(people(user).values_list("display_name", flat=True))


def snapshot(user):
    touches = [
        (t.date, t.kind.label, t.note, sorted(p.display_name for p in t.people.all()))
        for t in owned(Touch, user).select_related("kind").prefetch_related("people")
    ]
    points = sorted(owned(ContactPoint, user).values_list("person__display_name", "value"))
    return names(user), sorted(touches), points


def test_the_demo_account_is_ready_to_explore(demo):
    profile = Profile.objects.get(user=demo)

    assert demo.username == DEMO_USERNAME and demo.is_demo
    assert not demo.has_usable_password()
    assert profile.home_city == HOME_CITY
    assert profile.time_zone == "America/Los_Angeles"


def test_reloading_replaces_the_demo_and_undoes_a_visitors_changes(demo, alice, jane):
    circle = owned(Circle, demo).get(name="Close")
    circle.name = "Renamed"
    circle.save()
    Profile.objects.filter(user=demo).update(weekly_budget_minutes=5, home_city="Elsewhere")
    first_ids = set(people(demo).values_list("pk", flat=True))

    again = ensure_demo_account(TODAY)

    assert again.pk == demo.pk
    assert get_user_model().objects.filter(username=DEMO_USERNAME).count() == 1
    assert people(demo).count() == 150
    assert not people(demo).filter(pk__in=first_ids)
    assert set(owned(Circle, demo).values_list("name", flat=True)) == {"Close", "Core", "Wide"}
    assert owned(TouchKind, demo).count() == len(DEFAULT_KINDS)
    assert Profile.objects.get(user=demo).weekly_budget_minutes == 180
    assert list(people(alice)) == [jane]


def test_reloading_twice_gives_the_same_counts(demo):
    before = Counter({m.__name__: m.objects.filter(owner=demo).count() for m in OWNED_MODELS})

    ensure_demo_account(TODAY)
    ensure_demo_account(TODAY)

    after = Counter({m.__name__: m.objects.filter(owner=demo).count() for m in OWNED_MODELS})
    assert after == before


def test_a_real_account_called_demo_is_never_wiped(db, frozen):
    real = create_user(DEMO_USERNAME, PASSWORD)
    Person.objects.create(owner=real, display_name="Kept", circle=owned(Circle, real).first())

    with pytest.raises(ValidationError, match="not the demo account"):
        ensure_demo_account(TODAY)

    assert list(people(real).values_list("display_name", flat=True)) == ["Kept"]


def test_today_defaults_to_the_local_date(db, frozen):
    user = ensure_demo_account()
    last = owned(Touch, user).aggregate(last=Max("date"))["last"]

    assert TODAY - dt.timedelta(days=7) < last < TODAY


def test_loading_time(db, frozen, capsys):
    started = time.perf_counter()
    ensure_demo_account(TODAY)
    first = time.perf_counter() - started
    started = time.perf_counter()
    ensure_demo_account(TODAY)
    again = time.perf_counter() - started

    with capsys.disabled():
        print(f"\ndemo network: first load {first:.2f} s, reload {again:.2f} s")


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(
    "today", [dt.date(2028, 2, 29), dt.date(2027, 1, 1), dt.date(2026, 12, 20), TODAY]
)
def test_any_day_and_seed_keep_the_rules(today, seed):
    network = build_network(today, seed)
    everyone = network.people
    open_ = [f for f in network.follow_ups if f.done_on is None]

    assert Counter(p.circle for p in everyone) == {"Close": 15, "Core": 60, "Wide": 75}
    assert {t.kind for t in network.touches} == {label for label, *_ in DEFAULT_KINDS}
    assert 1500 <= len(network.touches) <= 2500
    assert sum(f.due < today for f in open_) >= 3
    assert sum(today <= f.due < today + dt.timedelta(days=7) for f in open_) >= 3
    for touch in network.touches:
        assert touch.date < today
        for person in (everyone[i] for i in touch.people):
            assert person.deceased_on is None or touch.date < person.deceased_on
            assert person.met_on is None or touch.date >= person.met_on
    for follow_up in network.follow_ups:
        assert follow_up.created_on <= min(today, follow_up.due)
        assert follow_up.done_on is None or follow_up.done_on <= today


def test_the_network_depends_on_seed_and_day_only():
    random.seed(1)
    first = build_network(TODAY, seed=5)
    random.seed(2)
    with time_machine.travel(dt.datetime(2031, 5, 1, tzinfo=dt.UTC), tick=False):
        second = build_network(TODAY, seed=5)

    assert first == second


def test_deleting_an_account_removes_everything_it_owns(db):
    from django.contrib.auth import get_user_model

    from keepwarm.contacts.models import Person
    from keepwarm.demo import ensure_demo_account
    from keepwarm.touches.models import Touch

    user = ensure_demo_account(dt.date(2026, 11, 25))
    user_id = user.pk
    assert Person.objects.filter(owner_id=user_id).exists()
    user.delete()
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not Person.objects.filter(owner_id=user_id).exists()
    assert not Touch.objects.filter(owner_id=user_id).exists()


def fresh(user):
    """The user as a request would load it."""
    return get_user_model().objects.get(pk=user.pk)


def test_the_demo_user_comes_back_with_the_demos_settings(demo):
    assert demo.profile.weekly_budget_minutes == 180
    assert demo.profile.home_city == fresh(demo).profile.home_city != ""


def test_the_demos_trips_have_their_postcards(demo):
    from keepwarm.occasions.models import Trip

    past, coming = [], []
    for trip in owned(Trip, demo).order_by("start"):
        (coming if trip.start > TODAY else past).append(trip)
    assert len(past) == 2 and len(coming) == 1
    for trip in past:  # the history's postcards, each ticked as sent with its touch
        cards = list(trip.postcards.select_related("touch__kind"))
        assert cards and all(c.sent_on and c.touch.kind.label == "postcard" for c in cards)
        assert all(trip.start <= c.sent_on <= trip.end for c in cards)
        sent = Touch.objects.filter(kind__label="postcard", date__range=(trip.start, trip.end))
        assert len(cards) == owned(Touch, demo).filter(pk__in=sent).count()
    # The coming one is proposed as a new trip is: a sitting a week, coldest first.
    from keepwarm.occasions import travel

    trip = coming[0]
    chosen = trip.postcards.filter(chosen=True, sent_on__isnull=True).count()
    fit = travel.postcard_budget(fresh(demo), trip, travel.postcard_kind(demo))
    assert fit == 40 * travel.weeks_of(trip)
    assert chosen == min(fit, len(travel.candidates(demo, TODAY))) >= 40


def test_warmth_discriminates_across_the_demo(demo):
    from keepwarm.planner.warmth import label
    from keepwarm.plans import services

    warmth = services.current(fresh(demo), TODAY).plan.warmth
    values = list(warmth.values())
    words = Counter(label(v) for v in values)
    assert len(values) >= 100
    assert sum(v == 100 for v in values) <= len(values) / 5
    assert len(set(values)) >= 40  # a ranking among warm people, not a wall of 100s
    assert all(words[word] >= len(values) / 10 for word in ("warm", "cooling", "cold"))


def test_the_demos_year_has_cards_a_card_evening_a_postcard_run_and_parties(demo):
    from keepwarm.plans import services

    found = services.current(fresh(demo), TODAY)
    items = found.plan.items()
    carded = {pid for i in items if i.occasion == "holiday" for pid in i.people}
    inner = [p for p in found.people.values() if p.active and p.inner and "address" in p.has]
    here = [p for p in inner if p.paused_until is None]  # one is paused past the season
    assert len(here) > 40 and len(here) == len(inner) - 1
    assert {p.id for p in here} <= carded  # every Close and Core friend with an address
    assert any(i.id.startswith("cards-") for i in items)
    run = [i for i in items if i.id.startswith("postcards-")]
    assert run and "from Mexico City" in run[0].reason
    invitations = [i for i in items if i.id.startswith("kickoff-") and i.occasion == "gathering"]
    evenings = [i for i in items if i.id.startswith("kickoff-") and i.occasion == "party"]
    assert len(invitations) >= 3 and len(evenings) >= 3
    for week in found.plan.weeks:
        routine = sum(i.minutes for i in week.items if not i.fixed)
        assert routine <= week.budget_minutes - week.spent_minutes or routine == 0
