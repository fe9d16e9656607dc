"""People in a user's network, and what is known about them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Concat, Lower, Trim
from django.urls import reverse
from django.utils import timezone

from keepwarm.contacts.limits import NOTE_LENGTH
from keepwarm.formats import text
from keepwarm.formats.names import NameParts, split_name
from keepwarm.formats.records import extras_pairs
from keepwarm.lib import words
from keepwarm.lib.dates import InvalidDate, MonthDay, span_problem
from keepwarm.owned import Owned, OwnedQuerySet
from keepwarm.planner.occasions import paused_on


def validate_month_day(month: int | None, day: int | None, year: int | None, what: str) -> None:
    """Raise a form-friendly error for a date that cannot exist (30 February)."""
    if month is None and day is None and year is None:
        return
    if month is None or day is None:
        raise ValidationError(f"{what}: give both month and day.")
    try:
        MonthDay(month, day, year)
    except InvalidDate as exc:
        raise ValidationError(f"{what}: {exc}.") from None
    if year is not None and year > timezone.localdate().year:
        raise ValidationError(f"{what}: the year {year} is in the future.")


MONTH = [MinValueValidator(1), MaxValueValidator(12)]
DAY = [MinValueValidator(1), MaxValueValidator(31)]
YEAR = [MinValueValidator(1850), MaxValueValidator(9999)]


class Circle(Owned):
    name = models.CharField(max_length=60)
    touches_per_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text="How many touches a year each person in this circle should get.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_default = models.BooleanField(
        default=False,
        help_text="People you add go to this circle (imported people wait to be sorted).",
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="circle_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(Owned):
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="tag_name_unique")]

    def __str__(self) -> str:
        return self.name


NAME_FIELDS = ("prefix", "given_name", "additional_names", "family_name", "suffix", "nickname")
"""A person's name, part by part (``Person.name_parts``)."""
WORK_FIELDS = ("company", "job_title")

SORT_NAME = Lower(
    Trim(
        Case(
            When(
                Q(is_organization=True) | Q(given_name="", family_name=""),
                then=F("display_name"),
            ),
            default=Concat("family_name", Value(" "), "given_name", Value(" "), "additional_names"),
            output_field=models.CharField(),
        )
    )
)
"""Where a person files in every list: by family name, then given and middle
names, never by a title or suffix ("Dr. John Q. Public" is "public john q.").
An organisation, or a name without parts, files by the name as written."""


WAITING = Q(circle__isnull=True, archived=False)
"""Imported and not sorted into a circle yet: never planned until the user sorts
them (``imports.sorting``). Someone sorted as "not in my network" is archived
(hidden from the list and the plan, and brought back by un-archiving)."""
INNER_TARGET = 6
"""Circles aiming at this many touches a year or more are the inner circles
(Close 12 and Core 7 by default): the planner always gives their people
something, and the home page watches them for going quiet."""
INNER = Q(circle__touches_per_year__gte=INNER_TARGET)
"""People of the inner circles, as a condition (``PersonQuerySet.inner``)."""


def not_paused_on(day: dt.date) -> Q:
    """People not paused on ``day``, as a condition: ``paused_until`` is the first
    day they come back (``Person.is_paused_on``)."""
    return Q(paused_until__isnull=True) | Q(paused_until__lte=day)


def falls_between(first: dt.date, last: dt.date, month: str = "month", day: str = "day") -> Q:
    """Rows whose ``month`` and ``day`` fields (a birthday, a key date) fall on a
    day from ``first`` to ``last``, as ``MonthDay.occurrence`` has it: 29 February
    falls on 28 February in a common year. The one home of that rule in SQL."""
    by_month: dict[int, set[int]] = {}
    for offset in range((last - first).days + 1):
        on = first + dt.timedelta(days=offset)
        by_month.setdefault(on.month, set()).add(on.day)
        if (on.month, on.day) == (2, 28) and MonthDay(2, 29).occurrence(on.year) == on:
            by_month[2].add(29)
    condition = Q(pk__in=[])
    for number, days in sorted(by_month.items()):
        condition |= Q(**{month: number, f"{day}__in": sorted(days)})
    return condition


class PersonQuerySet(OwnedQuerySet):
    """Who is who, said once: every page, email, feed and command asks these."""

    def active(self) -> PersonQuerySet:
        """People one keeps in touch with: not archived, not deceased."""
        return self.filter(archived=False, deceased=False)

    def in_network(self) -> PersonQuerySet:
        """Active people sorted into a circle: not the newcomers an import brought
        in who wait to be sorted (``WAITING``), whose birthdays are not the user's
        to remember yet (not on the home page, in the digest or the calendar feed,
        as they are not in the plan)."""
        return self.active().filter(circle__isnull=False)

    def inner(self) -> PersonQuerySet:
        """People of the inner circles (``INNER_TARGET``)."""
        return self.filter(INNER)

    def not_paused_on(self, day: dt.date) -> PersonQuerySet:
        """People not paused on ``day`` (``Person.is_paused_on``)."""
        return self.filter(not_paused_on(day))

    def born_between(self, first: dt.date, last: dt.date) -> PersonQuerySet:
        """People whose birthday falls from ``first`` to ``last`` (``falls_between``)."""
        return self.filter(falls_between(first, last, "birthday_month", "birthday_day"))


class Person(Owned):
    prefix = models.CharField(max_length=40, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    additional_names = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    suffix = models.CharField(max_length=40, blank=True)
    display_name = models.CharField(
        max_length=200, help_text="The name as you say it; built from the parts when empty."
    )
    nickname = models.CharField(max_length=100, blank=True)
    is_organization = models.BooleanField(
        "an organisation",
        default=False,
        help_text="A company or another organisation rather than a person.",
    )
    company = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=120, blank=True)
    how_we_met = models.CharField(max_length=300, blank=True)
    notes = models.TextField(
        blank=True, max_length=NOTE_LENGTH, validators=[MaxLengthValidator(NOTE_LENGTH)]
    )
    extras = models.TextField(
        "imported extras",
        blank=True,
        help_text="Values from imported files that have no field of their own, kept as "
        "written: one per line, after the name of what it was (X-SKYPE: jane.doe).",
    )
    circle = models.ForeignKey(
        Circle,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="people",
        help_text="Empty for someone imported and not sorted yet (``WAITING``): never "
        "planned until sorted into a circle.",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    birthday_month = models.PositiveSmallIntegerField(null=True, blank=True, validators=MONTH)
    birthday_day = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAY)
    birthday_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)
    deceased = models.BooleanField(default=False)
    deceased_on = models.DateField(null=True, blank=True)
    archived = models.BooleanField(default=False)
    paused_until = models.DateField(
        null=True, blank=True, help_text="No suggestions for this person until this date."
    )
    photo = models.ImageField(upload_to="photos/%Y/", blank=True)
    # Kept by the services, for a fast list: casefolded names, emails, phones,
    # company and tags; and the date of the latest touch.
    external_uid = models.CharField(
        max_length=255,
        blank=True,
        default="",
        editable=False,
        help_text="The UID of the card this person was imported from.",
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        default="",
        editable=False,
        help_text="Where this person came from (the file of an import).",
    )
    also_in = models.TextField(
        "also in imports",
        blank=True,
        default="",
        editable=False,
        help_text="The other imports that held this person (their files, one a line): "
        "someone in several address books is likely someone you keep.",
    )
    search_text = models.TextField(blank=True, default="", editable=False)
    # Kept by the database from the name (``SORT_NAME``), whatever writes the row.
    sort_name = models.GeneratedField(
        expression=SORT_NAME, output_field=models.CharField(max_length=310), db_persist=True
    )
    last_touch_on = models.DateField(null=True, blank=True, editable=False)
    plan_mark = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="The user's plan version of the last change to what the planner "
        "reads of this person: a plan made after it reads them again, the others it "
        "keeps.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["owner", "sort_name"], name="person_owner_sort_name"),
            models.Index(fields=["owner", "last_touch_on"], name="person_owner_last_touch"),
            models.Index(fields=["owner", "created_at"], name="person_owner_created"),
            models.Index(
                fields=["owner", "birthday_month", "birthday_day"], name="person_owner_bday"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deceased=True) | Q(deceased_on__isnull=True),
                name="person_deceased_date_needs_deceased",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def extra_values(self) -> list[tuple[str, str]]:
        """The imported extras as (name, value) pairs."""
        return extras_pairs(self.extras)

    def get_absolute_url(self) -> str:
        return reverse("person", args=[self.pk])

    @property
    def name_parts(self) -> NameParts:
        return NameParts(
            self.prefix,
            self.given_name,
            self.additional_names,
            self.family_name,
            self.suffix,
            self.nickname,
        )

    @property
    def waiting(self) -> bool:
        """Imported and not sorted into a circle yet (``WAITING``)."""
        return self.circle_id is None and not self.archived

    @property
    def sources(self) -> list[str]:
        """The imports that held this person: the one that added them, then the others."""
        lines = [self.source, *self.also_in.splitlines()]
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))

    @property
    def first_name(self) -> str:
        return self.nickname or self.given_name or self.display_name.split(" ")[0]

    def is_paused_on(self, day: dt.date) -> bool:
        """Whether suggestions are paused on ``day``: ``paused_until`` is the first
        day they come back (the planner's ``occasions.paused_on``)."""
        return paused_on(self, day)

    @property
    def is_paused(self) -> bool:
        """Paused today (the user's day), for the badges of their pages."""
        return self.is_paused_on(timezone.localdate())

    @property
    def birthday(self) -> MonthDay | None:
        if self.birthday_month is None or self.birthday_day is None:
            return None
        return MonthDay(self.birthday_month, self.birthday_day, self.birthday_year)

    @property
    def initials(self) -> str:
        """The avatar's letters: a person's given and family name (never a title
        or a suffix), an organisation's first two words."""
        if not self.is_organization:
            parts = self.name_parts
            if not (parts.given or parts.family):
                parts = split_name(self.display_name)
            if found := parts.initials():
                return found
        words = [w for w in self.display_name.split() if w[:1].isalpha()]
        return "".join(w[0] for w in words[:2]).upper() or "?"

    def clean(self) -> None:
        if not self.display_name.strip():
            self.display_name = self.name_parts.full()
        if not self.display_name.strip():
            raise ValidationError({"display_name": "Give a name."})
        try:
            validate_month_day(
                self.birthday_month, self.birthday_day, self.birthday_year, "Birthday"
            )
        except ValidationError as exc:
            raise ValidationError({"birthday_day": exc.messages}) from None
        if self.deceased_on and not self.deceased:
            self.deceased = True
        if self.deceased_on and self.deceased_on > timezone.localdate():
            raise ValidationError({"deceased_on": "The date of death cannot be in the future."})


class PersonPart(Owned):
    """Something that belongs to one person (and to the person's owner)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class ContactKind(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    URL = "url", "Website"
    SOCIAL = "social", "Social"


class ContactPoint(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=10, choices=ContactKind.choices, default=ContactKind.EMAIL)
    label = models.CharField(max_length=40, blank=True, help_text="home, work, mobile…")
    value = models.CharField(max_length=254)
    normalized = models.CharField(max_length=254, blank=True, editable=False)
    preferred = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "-preferred", "id"]
        indexes = [models.Index(fields=["owner", "kind", "normalized"], name="cp_owner_norm")]

    def __str__(self) -> str:
        return self.value

    def clean(self) -> None:
        """The value is at least what an import keeps of its kind, whatever the
        door (a form checks more, strictly): an email with something on both
        sides of its @, a phone of three digits or more, and a web address with
        no scheme but http, https, mailto or tel (``normalize_contact``)."""
        from keepwarm.contacts.services import normalize_contact

        super().clean()
        refused = text.scheme_problem(self.normalized) if self.kind == ContactKind.URL else None
        if refused is not None:  # the value itself is checked by ``normalize_contact``
            raise ValidationError({"value": refused})
        if self.kind in (ContactKind.EMAIL, ContactKind.PHONE, ContactKind.URL):
            try:
                normalize_contact(self.kind, self.value, "", lenient=True)
            except ValidationError as exc:
                raise ValidationError({"value": exc.messages}) from None


class Address(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(max_length=40, blank=True, help_text="home, work…")
    street = models.TextField(
        "street lines", max_length=500, blank=True, validators=[MaxLengthValidator(500)]
    )
    locality = models.CharField("city", max_length=120, blank=True)
    region = models.CharField("state or region", max_length=120, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="Two-letter code: US, DE…")
    country_name = models.CharField(
        "country as written",
        max_length=100,
        blank=True,
        help_text="Only for a country without a two-letter code: as the file wrote it.",
    )
    is_mailing = models.BooleanField("default mailing address", default=False)

    class Meta:
        ordering = ["-is_mailing", "id"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(self.lines())

    def lines(self) -> list[str]:
        place = " ".join(p for p in [self.postcode, self.locality] if p)
        if self.country in {"US", "CA", "AU", ""}:
            place = ", ".join(
                p
                for p in [self.locality, " ".join(q for q in [self.region, self.postcode] if q)]
                if p
            )
        lines = [line for line in self.street.splitlines() if line.strip()]
        lines += [place] if place else []
        if self.country_shown:
            lines.append(self.country_shown)
        return lines

    @property
    def country_shown(self) -> str:
        """The country's code, or, for one without a code, its name as written."""
        return self.country or self.country_name

    def clean(self) -> None:
        self.country = self.country.upper()
        if not (self.street.strip() or self.locality.strip()):
            raise ValidationError("An address needs at least a street or a city.")


class KeyDate(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="key_dates")
    label = models.CharField(max_length=60, help_text="anniversary, name day…")
    month = models.PositiveSmallIntegerField(validators=MONTH)
    day = models.PositiveSmallIntegerField(validators=DAY)
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)

    class Meta:
        ordering = ["month", "day"]

    def __str__(self) -> str:
        return f"{self.label}: {words.month_day(self.month_day)}"

    @property
    def month_day(self) -> MonthDay:
        return MonthDay(self.month, self.day, self.year)

    def clean(self) -> None:
        validate_month_day(self.month, self.day, self.year, self.label or "Date")


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", "spouse"
    PARTNER = "partner", "partner"
    CHILD = "child", "child"
    PARENT = "parent", "parent"
    SIBLING = "sibling", "sibling"
    COLLEAGUE = "colleague", "colleague"
    FRIEND = "friend", "friend"
    OTHER = "other", "other"


INVERSE_RELATION = {
    RelationKind.CHILD: RelationKind.PARENT,
    RelationKind.PARENT: RelationKind.CHILD,
}

FAMILY = {
    RelationKind.SPOUSE,
    RelationKind.PARTNER,
    RelationKind.CHILD,
    RelationKind.PARENT,
    RelationKind.SIBLING,
}


class Relationship(PersonPart):
    """``person``'s ``kind`` is ``other`` (a contact) or ``other_name`` (not a contact).

    "Maria is Tom's spouse": person=Tom, kind=spouse, other_name="Maria".
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=10, choices=RelationKind.choices)
    other = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="related_to",
        verbose_name="contact",
    )
    other_name = models.CharField("name", max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(other__isnull=False) & Q(other_name=""))
                | (Q(other__isnull=True) & ~Q(other_name="")),
                name="relationship_other_xor_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.other_display} ({self.get_kind_display()})"

    @property
    def other_display(self) -> str:
        return self.other.display_name if self.other_id else self.other_name

    def clean(self) -> None:
        self.other_name = self.other_name.strip()
        if self.other_id and self.other_name:
            raise ValidationError("Pick a contact or type a name, not both.")
        if not self.other_id and not self.other_name:
            raise ValidationError("Pick a contact or type a name.")
        if self.other_id and self.other_id == self.person_id:
            raise ValidationError("A person cannot be related to themselves.")


class LifeEventKind(models.TextChoices):
    BEREAVEMENT = "bereavement", "bereavement"
    NEW_JOB = "new_job", "new job"
    BABY = "baby", "baby"
    MOVE = "move", "move"
    ILLNESS = "illness", "illness"
    WEDDING = "wedding", "wedding"
    RETIREMENT = "retirement", "retirement"
    HOME_PROJECT = "home_project", "home project"
    GRADUATION = "graduation", "graduation"
    OTHER = "other", "other"


class LifeEvent(PersonPart):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(max_length=20, choices=LifeEventKind.choices)
    date = models.DateField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate() + dt.timedelta(days=366):
            raise ValidationError({"date": "That is more than a year ahead."})


class Job(PersonPart):
    """Where someone works or worked: "who do I know at Acme?" finds former staff too.

    The current job is also on the person (``company``, ``job_title``); this is
    the history, the current one included when the user records it here.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="jobs")
    company = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True, help_text="Empty while they work there.")

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["owner", "company"], name="job_owner_company")]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}" if self.role else self.company

    def clean(self) -> None:
        self.company = " ".join(self.company.split())
        if problem := span_problem(self.started, self.ended, "The job"):
            raise ValidationError({"ended": problem})


class NotDuplicate(Owned):
    """The user said these two people are different: never suggest them as duplicates again.

    Stored with ``first_id < second_id`` so each pair has one row.
    """

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="notduplicate_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} is not {self.second_id}"


class Merge(Owned):
    """Two people made one: what it took, so it can be undone.

    ``snapshot`` holds the absorbed person's row, the kept person's fields before
    the merge, and which rows moved, were dropped as repeats, or were added.
    Undo data, not the user's own: backups leave it out.
    """

    backup_excluded = True

    kept = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="merges")
    kept_name = models.CharField(max_length=200)
    absorbed_id = models.PositiveBigIntegerField()
    absorbed_name = models.CharField(max_length=200)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.absorbed_name} into {self.kept_name}"

    @property
    def can_undo(self) -> bool:
        return self.undone_at is None and self.kept_id is not None
