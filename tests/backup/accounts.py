"""An account with every kind of row and field the models have (``rich_account``),
and a picture of an account's rows to compare two accounts by (``account_rows``)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image

from keepwarm.accounts.models import Profile, User, WeekStart
from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactKind,
    Job,
    KeyDate,
    LifeEvent,
    NotDuplicate,
    Person,
    Relationship,
)
from keepwarm.contacts.services import add_contact_point, create_person, refresh_search_text
from keepwarm.imports.models import SavedMapping
from keepwarm.mail.models import settings_of
from keepwarm.occasions.models import (
    CardRecipient,
    CardRun,
    Gathering,
    GreetingTemplate,
    Invitation,
    Postcard,
    Trip,
)
from keepwarm.owned import owned
from keepwarm.plans.models import Choice
from keepwarm.touches.models import TouchKind, TouchPerson
from keepwarm.touches.services import add_follow_up, complete_follow_up, log_touch
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from tests.conftest import kind


def photo_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 10)).save(out, "JPEG")
    return out.getvalue()


def rich_account(user) -> None:
    """An account with every kind of row and field the models have."""
    profile = user.profile
    profile.weekly_budget_minutes, profile.home_city = 95, "Munich"
    profile.region, profile.week_start = "BY", WeekStart.SUNDAY
    profile.save()
    _edit_catalogue(user)
    people = _people(user)
    _details(user, people)
    _touches(user, people)
    _settings(user)


def _settings(user) -> None:
    """Every reminder setting away from its default, and a saved import mapping."""
    found = settings_of(user)
    found.emails_on, found.daily_email, found.birthday_autosend = False, True, True
    found.digest_weekday, found.digest_hour, found.autosend_hour = 4, 18, 8
    found.last_digest_on, found.last_daily_on = dt.date(2026, 11, 20), dt.date(2026, 11, 24)
    found.save()
    SavedMapping.objects.create(owner=user, name="club", mapping={"Member": "display_name"})


def _edit_catalogue(user) -> None:
    close = owned(Circle, user).get(name="Close")
    close.name, close.touches_per_year = "Inner", 14
    close.save()
    Circle.objects.create(owner=user, name="Alumni", touches_per_year=2, position=5)
    coffee = kind(user, "coffee")
    coffee.minutes, coffee.warmth_weight = 75, Decimal("2.5")
    coffee.save()
    TouchKind.objects.create(
        owner=user,
        label="Board games",
        minutes=180,
        channel="in_person",
        batchable=True,
        warmth_weight=Decimal("3.5"),
        occasion="gathering",
        position=20,
    )


def _people(user) -> dict[str, Person]:
    inner = owned(Circle, user).get(name="Inner")
    jane = create_person(
        user,
        "Dr. Jane Q. Doe Jr.",
        emails=["jane@example.com", "jd@work.example"],
        phones=["+49 30 1234567"],
        tags=["school", "work"],
        company="Acme",
        job_title="CTO",
        industry="Software",
        city="Berlin",
        how_we_met="Uni",
        notes="Likes tea.\nTwo kids.",
        extras="X-SKYPE: jane.doe\nX-ICQ: 12345",
        birthday_month=2,
        birthday_day=29,
        birthday_year=1984,
        circle=inner,
        paused_until=dt.date(2027, 1, 10),
    )
    jane.photo.save("jane.jpg", ContentFile(photo_bytes()))
    tom = create_person(
        user,
        "Tom Doe",
        emails=["tom@example.com"],
        birthday_month=7,
        birthday_day=4,
        nickname="Tommy",
    )
    ann = create_person(user, "Ann Doe", tags=["family"], archived=True)
    old = create_person(user, "Otto Old", deceased=True, deceased_on=dt.date(2025, 3, 1))
    create_person(user, "Quiet Quinn")  # no details at all
    create_person(user, "Acme Corp", is_organization=True, company="Acme Corp")
    return {"jane": jane, "tom": tom, "ann": ann, "old": old}


def _details(user, p: dict[str, Person]) -> None:
    add_contact_point(p["jane"], ContactKind.URL, "jane.example.com", label="blog")
    add_contact_point(p["tom"], ContactKind.SOCIAL, "@tomdoe", label="mastodon", preferred=True)
    refresh_search_text(p.values())  # as the forms do after adding contact points
    Address.objects.create(
        owner=user,
        person=p["jane"],
        label="home",
        street="Hauptstr. 1\nHof",
        locality="Berlin",
        postcode="10115",
        country="DE",
        is_mailing=True,
    )
    Address.objects.create(
        owner=user, person=p["jane"], label="work", locality="Potsdam", country_name="Erewhon"
    )
    KeyDate.objects.create(
        owner=user, person=p["jane"], label="anniversary", month=6, day=1, year=2010
    )
    KeyDate.objects.create(owner=user, person=p["tom"], label="name day", month=12, day=29)
    for a, b in (("jane", "tom"), ("tom", "jane")):
        Relationship.objects.create(owner=user, person=p[a], kind="spouse", other=p[b])
    Relationship.objects.create(owner=user, person=p["ann"], kind="parent", other=p["jane"])
    Relationship.objects.create(owner=user, person=p["jane"], kind="child", other=p["ann"])
    Relationship.objects.create(owner=user, person=p["tom"], kind="friend", other_name="Rick")
    LifeEvent.objects.create(
        owner=user, person=p["jane"], kind="new_job", date=dt.date(2026, 10, 1), note="CTO at Acme"
    )
    LifeEvent.objects.create(
        owner=user, person=p["tom"], kind="bereavement", date=dt.date(2026, 11, 20)
    )


def _touches(user, p: dict[str, Person]) -> None:
    coffee, games = kind(user, "coffee"), kind(user, "Board games")
    log_touch(
        user,
        [p["jane"], p["tom"]],
        coffee,
        date=dt.date(2026, 11, 1),
        note="brunch",
        follow_up="send the recipe",
        follow_up_due=dt.date(2026, 11, 5),
    )
    log_touch(user, [p["tom"], p["jane"], p["ann"]], games, date=dt.date(2026, 10, 3))
    last = log_touch(user, [p["ann"]], coffee, date=dt.date(2026, 11, 24))
    done = add_follow_up(user, p["ann"], "thank-you note", dt.date(2026, 11, 30), touch=last)
    complete_follow_up(done)
    add_follow_up(user, p["old"], "call the family", dt.date(2027, 3, 1))
    Choice.objects.create(owner=user, item_id="w0:birthday:1", action="skip")
    Choice.objects.create(owner=user, item_id="w1:routine:2", action="swap", kind=games)
    NotDuplicate.objects.create(owner=user, first=p["ann"], second=p["old"])
    _occasions(user, p, last)


def _occasions(user, p: dict[str, Person], touch) -> None:
    GreetingTemplate.objects.create(
        owner=user, occasion="birthday", subject="Happy birthday!", body="Dear {first_name},"
    )
    run = CardRun.objects.create(
        owner=user,
        name="Holiday cards 2026",
        season="christmas",
        send_from=dt.date(2026, 12, 1),
        send_until=dt.date(2026, 12, 20),
    )
    run.circles.add(p["jane"].circle)
    run.tags.add(*p["ann"].tags.all())
    card = CardRecipient.objects.create(
        owner=user,
        run=run,
        address=p["jane"].addresses.first(),
        name_on_card="Jane & Tom Doe",
        status="sent",
        sent_on=dt.date(2026, 11, 24),
        touch=touch,
    )
    card.people.add(p["jane"], p["tom"])
    trip = Trip.objects.create(
        owner=user, place="Lisbon", start=dt.date(2027, 5, 1), end=dt.date(2027, 5, 8)
    )
    Postcard.objects.create(owner=user, trip=trip, person=p["jane"], chosen=True)
    party = Gathering.objects.create(
        owner=user,
        title="Chili party",
        date=dt.date(2027, 9, 10),
        time=dt.time(19, 30),
        place="Home",
        capacity=20,
        yearly=True,
        invitation_subject="Chili, {first_name}?",
        invitation_text="Hi {first_name},\nchili on the 10th!",
    )
    Job.objects.create(
        owner=user,
        person=p["tom"],
        company="Globex",
        role="Engineer",
        industry="Energy",
        started=dt.date(2015, 3, 1),
        ended=dt.date(2020, 6, 30),
    )
    refresh_search_text([p["tom"]])  # past jobs are in the search text, as the form keeps them
    hunt = JobHunt.objects.create(
        owner=user, started_on=dt.date(2026, 11, 1), companies="Acme\nGlobex", cities="Berlin"
    )
    hunt.tags.add(*p["ann"].tags.all())
    CallOutcome.objects.create(
        owner=user, hunt=hunt, person=p["tom"], outcome="intro", date=dt.date(2026, 11, 24)
    )
    Invitation.objects.create(
        owner=user, gathering=party, person=p["tom"], invited_on=dt.date(2026, 11, 20), answer="yes"
    )


# A generic picture of an account, independent of the backup code: every owned
# model the apps define, every concrete field but ids and owner, references as
# the position of the row pointed at, files as their content.


def owned_models() -> list[type[models.Model]]:
    found = [m for m in apps.get_models() if any(f.name == "owner" for f in m._meta.fields)]
    return [m for m in found if not getattr(m, "backup_excluded", False)]  # transient rows


def _positions(user) -> dict[type, dict[int, int]]:
    result = {}
    for model in owned_models():
        pks = owned(model, user).order_by("pk").values_list("pk", flat=True)
        result[model] = {pk: n for n, pk in enumerate(pks)}
    return result


def _value(row, field, positions):
    value = getattr(row, field.attname)
    if isinstance(field, models.FileField):
        return getattr(row, field.name).read() if value else None
    if field.is_relation and value is not None:
        target = field.related_model
        return ("user",) if target is User else (target.__name__, positions[target][value])
    return value


def _picture(row, positions, skip=("id", "owner")) -> dict:
    return {
        f.name: _value(row, f, positions) for f in row._meta.concrete_fields if f.name not in skip
    }


def account_rows(user) -> dict[str, list[dict]]:
    positions = _positions(user)
    rows = {
        m.__name__: [_picture(r, positions) for r in owned(m, user).order_by("pk")]
        for m in owned_models()
    }
    rows["Profile"] = [_picture(Profile.objects.get(user=user), positions, ("id", "user"))]
    # The feed's secret moves only when the original account is still there.
    skip = ("id", "user", "calendar_token")
    rows["ReminderSettings"] = [_picture(settings_of(user), positions, skip)]
    links = TouchPerson.objects.filter(touch__owner=user).order_by("pk")
    rows["TouchPerson"] = [_picture(r, positions) for r in links]
    tagged = Person.tags.through.objects.filter(person__owner=user).order_by("pk")
    rows["PersonTags"] = [_picture(r, positions) for r in tagged]
    return rows
