"""Writing the demo network into an account, and keeping the demo account itself."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keepwarm.accounts.models import WeekStart, zone_of
from keepwarm.accounts.services import create_user, profile_of, seed_defaults
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
from keepwarm.contacts.services import default_region, normalize_contact, refresh_search_text
from keepwarm.demo import DEMO_USERNAME
from keepwarm.demo.campaigns import Rows, write_card_run, write_gatherings, write_hunt
from keepwarm.demo.gatherings import trips
from keepwarm.demo.network import build_network
from keepwarm.demo.places import HOME
from keepwarm.demo.spec import Network, PersonSpec
from keepwarm.occasions.households import mailing_addresses
from keepwarm.occasions.models import Postcard, Trip
from keepwarm.occasions.travel import propose
from keepwarm.owned import Owned, owned
from keepwarm.touches.models import FollowUp, Touch, TouchKind, TouchPerson
from keepwarm.touches.services import refresh_last_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

DEMO_TIME_ZONE = "America/Los_Angeles"
COMING_TRIP = "Mexico City"
COMING_TRIP_IN = dt.timedelta(days=110)
DEMO_PROFILE = {
    "home_city": HOME.city,
    "country": HOME.country,
    "region": HOME.region,
    "time_zone": DEMO_TIME_ZONE,
    "weekly_budget_minutes": 180,
    "week_start": WeekStart.MONDAY,
}

PART_NAMES = {
    ContactPoint: "contact_points",
    Address: "addresses",
    KeyDate: "key_dates",
    Relationship: "relationships",
    LifeEvent: "life_events",
}


class Writer:
    """Bulk-inserts one ``Network`` into ``user``'s account."""

    def __init__(self, user: User, network: Network):
        self.user = user
        self.network = network
        self.region = default_region(user)
        self.zone = zone_of(user)
        self.people: list[Person] = []
        self.touches: list[Touch] = []

    def at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=self.zone)

    def write(self) -> dict[str, int]:
        seed_defaults(self.user)
        counts = {"people": len(self.write_people())}
        counts["tags"] = self.write_tags()
        counts.update(self.write_parts())
        counts["touches"], counts["touch_people"] = self.write_touches()
        counts["follow_ups"] = self.write_follow_ups()
        refresh_search_text(self.people)
        refresh_last_touch(p.pk for p in self.people)
        counts["trips"] = self.write_trips()  # a coming trip's proposal reads last touches
        rows = Rows(self.user, self.network, self.people, self.touches, self.at)
        counts["card_runs"] = write_card_run(rows)
        counts["gatherings"] = write_gatherings(rows)
        counts["calls"] = write_hunt(rows)
        return counts

    def write_people(self) -> list[Person]:
        circles = {c.name: c for c in owned(Circle, self.user)}
        imported = self.network.today - dt.timedelta(days=365 * 2 + 3)
        self.people = Person.objects.bulk_create(
            [
                self.person(spec, circles[spec.circle], spec.met_on or imported)
                for spec in self.network.people
            ]
        )
        return self.people

    def person(self, spec: PersonSpec, circle: Circle, added: dt.date) -> Person:
        birthday = spec.birthday
        return Person(
            owner=self.user,
            prefix=spec.prefix,
            given_name=spec.given,
            family_name=spec.family,
            nickname=spec.nickname,
            display_name=spec.display_name,
            company=spec.company,
            job_title=spec.job_title,
            industry=spec.industry,
            city=spec.place.city,
            how_we_met=spec.how_we_met,
            notes=spec.notes,
            circle=circle,
            birthday_month=birthday.month if birthday else None,
            birthday_day=birthday.day if birthday else None,
            birthday_year=birthday.year if birthday else None,
            deceased=spec.deceased_on is not None,
            deceased_on=spec.deceased_on,
            archived=spec.archived,
            paused_until=spec.paused_until,
            created_at=self.at(added, 12),
        )

    def write_tags(self) -> int:
        names = list(dict.fromkeys(t for spec in self.network.people for t in spec.tags))
        tags = {t.name: t for t in owned(Tag, self.user).filter(name__in=names)}
        new = [Tag(owner=self.user, name=n) for n in names if n not in tags]
        tags.update({t.name: t for t in Tag.objects.bulk_create(new)})
        links = [
            Person.tags.through(person_id=person.pk, tag_id=tags[name].pk)
            for person, spec in zip(self.people, self.network.people, strict=True)
            for name in spec.tags
        ]
        Person.tags.through.objects.bulk_create(links)
        return len(new)

    def write_parts(self) -> dict[str, int]:
        by_spec = {id(s): p for s, p in zip(self.network.people, self.people, strict=True)}
        rows: dict[type, list[Any]] = {
            ContactPoint: [],
            Address: [],
            KeyDate: [],
            Relationship: [],
            LifeEvent: [],
        }
        for spec, person in zip(self.network.people, self.people, strict=True):
            common = {"owner": self.user, "person": person}
            rows[ContactPoint] += [
                ContactPoint(
                    **common,
                    kind=c.kind,
                    value=c.value,
                    label=c.label,
                    preferred=c.preferred,
                    normalized=normalize_contact(c.kind, c.value, self.region),
                )
                for c in spec.contacts
            ]
            rows[Address] += [
                Address(
                    **common,
                    label=a.label,
                    street=a.street,
                    locality=a.locality,
                    region=a.region,
                    postcode=a.postcode,
                    country=a.country,
                    is_mailing=a.is_mailing,
                )
                for a in spec.addresses
            ]
            rows[KeyDate] += [
                KeyDate(**common, label=d.label, month=d.month, day=d.day, year=d.year)
                for d in spec.key_dates
            ]
            rows[Relationship] += [
                Relationship(
                    **common,
                    kind=r.kind,
                    other=by_spec[id(r.other)] if r.other else None,
                    other_name=r.other_name,
                )
                for r in spec.relations
            ]
            rows[LifeEvent] += [
                LifeEvent(**common, kind=e.kind, date=e.date, note=e.note) for e in spec.events
            ]
        for model, objects in rows.items():
            model.objects.bulk_create(objects)
        return {PART_NAMES[model]: len(objects) for model, objects in rows.items()}

    def write_touches(self) -> tuple[int, int]:
        kinds = {k.label: k for k in owned(TouchKind, self.user)}
        self.touches = Touch.objects.bulk_create(
            [
                Touch(
                    owner=self.user,
                    date=t.date,
                    kind=kinds[t.kind],
                    note=t.note,
                    created_at=self.at(t.date, 14),
                )
                for t in self.network.touches
            ]
        )
        reached = [
            TouchPerson(touch=touch, person=self.people[i], date=touch.date)
            for touch, spec in zip(self.touches, self.network.touches, strict=True)
            for i in spec.people
        ]
        TouchPerson.objects.bulk_create(reached)
        return len(self.touches), len(reached)

    def write_trips(self) -> int:
        """The trips, each with its postcards: the past ones' sent (the postcard
        touches of the history), the coming one's proposed as a new trip's are."""
        rows = Trip.objects.bulk_create(
            [
                Trip(owner=self.user, place=place, start=start, end=end)
                for place, start, end in _trips(self.network.today)
            ]
        )
        addresses = mailing_addresses(self.people)
        cards = []
        for trip in rows:
            if trip.start > self.network.today:
                propose(trip, self.network.today)
                continue
            for touch, spec in zip(self.touches, self.network.touches, strict=True):
                if spec.kind != "postcard" or not trip.start <= spec.date <= trip.end:
                    continue
                for i in spec.people:
                    person = self.people[i]
                    cards.append(
                        Postcard(
                            owner=self.user,
                            trip=trip,
                            person=person,
                            address=addresses.get(person.pk),
                            sent_on=spec.date,
                            touch=touch,
                        )
                    )
        Postcard.objects.bulk_create(cards)
        return len(rows)

    def write_follow_ups(self) -> int:
        follow_ups = FollowUp.objects.bulk_create(
            [
                FollowUp(
                    owner=self.user,
                    person=self.people[f.person],
                    due=f.due,
                    text=f.text,
                    done_at=self.at(f.done_on, 13) if f.done_on else None,
                    touch=self.touches[f.touch] if f.touch is not None else None,
                    created_at=self.at(f.created_on, 14),
                )
                for f in self.network.follow_ups
            ]
        )
        return len(follow_ups)


def _trips(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The two holidays the postcards in the history came from, and one coming
    (its postcard run is in the plan)."""
    past = [(place, first, first + dt.timedelta(days=11)) for place, first in trips(today)]
    start = today + COMING_TRIP_IN
    return [*past, (COMING_TRIP, start, start + dt.timedelta(days=13))]


def load_demo(user: User, today: dt.date, seed: int = 7) -> dict[str, int]:
    """See ``keepwarm.demo.load_demo``."""
    network = build_network(today, seed)
    with transaction.atomic():
        return Writer(user, network).write()


def wipe(user: User) -> None:
    """Delete everything the account owns, then give it fresh circles and touch kinds."""
    catalogues = [Circle, TouchKind]  # protected while touches and people use them
    rest = [m for m in apps.get_models() if issubclass(m, Owned) and m not in catalogues]
    for model in dict.fromkeys([Touch, *rest, *catalogues]):
        model.objects.filter(owner=user).delete()
    seed_defaults(user)


def ensure_demo_account(today: dt.date | None = None) -> Any:
    """See ``keepwarm.demo.ensure_demo_account``."""
    day = today or timezone.localdate()
    user_model = get_user_model()
    with transaction.atomic():
        # Locked, so two visitors reloading at once do not interleave their networks.
        user = user_model.objects.select_for_update().filter(username__iexact=DEMO_USERNAME).first()
        if user is None:
            user = create_user(
                DEMO_USERNAME,
                None,
                is_demo=True,
                time_zone=DEMO_TIME_ZONE,
                country=HOME.country,
            )
        elif not user.is_demo:
            raise ValidationError(
                f"An account named {DEMO_USERNAME!r} exists and is not the demo account; "
                "the demo was not loaded."
            )
        else:
            wipe(user)
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        # The user's cached profile is the one made with it: give it the demo's.
        user.profile = profile_of(user)
        for name, value in DEMO_PROFILE.items():
            setattr(user.profile, name, value)
        user.profile.save()
        load_demo(user, day)
    return user
