"""What the user did to stay in touch: the touch log, its kinds, and follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone

from keepwarm.contacts.models import Person
from keepwarm.owned import Owned, OwnedQuerySet

EARLIEST = dt.date(1900, 1, 1)
FOLLOW_UP_YEARS_AHEAD = 10


def validate_touch_date(date: dt.date) -> None:
    """A touch is logged after it happened: on or before the user's today, after 1900."""
    if date > timezone.localdate():
        raise ValidationError(
            "A touch is logged after it happened: pick today or earlier.", code="future"
        )
    if date < EARLIEST:
        raise ValidationError("Pick a date after 1900.", code="too_early")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, into a common year
        return day.replace(year=day.year + years, day=28)


def validate_due_date(due: dt.date) -> None:
    """A follow-up falls due after 1900 and at most ten years from the user's today."""
    if due < EARLIEST:
        raise ValidationError("Pick a date after 1900.", code="too_early")
    if due > _years_after(timezone.localdate(), FOLLOW_UP_YEARS_AHEAD):
        raise ValidationError(
            f"Pick a date at most {FOLLOW_UP_YEARS_AHEAD} years ahead.", code="too_late"
        )


def check_field(name: str, validate: Callable[[Any], None], value: Any) -> None:
    """Run a value rule in ``Model.clean``, its error on the field ``name``."""
    if value is None:
        return  # a missing value is the field's own error
    try:
        validate(value)
    except ValidationError as exc:
        raise ValidationError({name: exc.error_list}) from None


class Channel(models.TextChoices):
    MAIL = "mail", "mail"
    PHONE = "phone", "phone"
    IN_PERSON = "in_person", "in person"
    DIGITAL = "digital", "digital"


class Need(models.TextChoices):
    NOTHING = "", "nothing"
    ADDRESS = "address", "a postal address"
    PHONE = "phone", "a phone number"
    EMAIL = "email", "an email address"
    BIRTHDAY = "birthday", "a birthday"
    SAME_CITY = "same_city", "the same city"


class Occasion(models.TextChoices):
    ROUTINE = "", "any day (routine)"
    BIRTHDAY = "birthday", "birthdays"
    HOLIDAY = "holiday", "holiday-card season"
    TRIP = "trip", "your trips (postcards)"
    GATHERING = "gathering", "invitations to a gathering"
    CONDOLENCE = "condolence", "a bereavement"
    HELP = "help", "a move, an illness, a home project"
    CONGRATULATE = "congratulate", "good news (new job, baby, wedding)"
    PARTY = "party", "a party you host (logged, never planned)"


class TouchKind(Owned):
    label = models.CharField(max_length=60)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Minutes of your time, per person.",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    needs = models.CharField(max_length=10, choices=Need.choices, blank=True, default="")
    warmth_weight = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="How much warmer a person gets from one such touch (1 = an email).",
    )
    batchable = models.BooleanField(default=False, help_text="Done for many people at once.")
    setup_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(600)],
        help_text="Minutes once per session of a batch kind (a card evening), on top of the "
        "minutes per person.",
    )
    occasion = models.CharField(
        max_length=20,
        choices=Occasion.choices,
        blank=True,
        default="",
        help_text="What the planner keeps this kind for; routine kinds can be planned any day.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "label"], name="touchkind_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label


CLIENT_ID = RegexValidator(
    r"^[A-Za-z0-9_-]{8,64}\Z", "A client id is 8 to 64 letters, digits, - or _."
)
"""A touch's id made on the device that logged it (a UUID fits)."""


class Touch(Owned):
    date = models.DateField(default=timezone.localdate)
    kind = models.ForeignKey(TouchKind, on_delete=models.RESTRICT, related_name="touches")
    people = models.ManyToManyField(Person, through="TouchPerson", related_name="touches")
    note = models.TextField(blank=True, max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    client_id = models.CharField(
        max_length=64,
        blank=True,
        default="",
        validators=[CLIENT_ID],
        help_text="Made by the device that logged it (a phone offline): a retry finds it.",
    )

    created = True
    """False on a touch ``log_touch`` found logged already under its client id."""

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["owner", "date"], name="touch_owner_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_id"],
                condition=~Q(client_id=""),
                name="touch_owner_client_id",
            ),
        ]
        verbose_name_plural = "touches"

    def __str__(self) -> str:
        return f"{self.kind} on {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        check_field("date", validate_touch_date, self.date)


class TouchPerson(models.Model):
    """Who a touch reached. The date is copied here so a person's timeline is one index."""

    touch = models.ForeignKey(Touch, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["touch", "person"], name="touchperson_unique"),
        ]
        indexes = [models.Index(fields=["person", "-date"], name="touchperson_person_date")]

    def __str__(self) -> str:
        return f"{self.person_id} in touch {self.touch_id}"


OPEN = Q(done_at__isnull=True)
"""A follow-up not done yet, as a condition (``FollowUpQuerySet.open``)."""


class FollowUpQuerySet(OwnedQuerySet):
    def open(self) -> FollowUpQuerySet:
        """Follow-ups not done yet: the one home of "open"."""
        return self.filter(OPEN)

    def done(self) -> FollowUpQuerySet:
        return self.exclude(OPEN)


class FollowUp(Owned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follow_ups")
    due = models.DateField()
    text = models.CharField(max_length=300)
    done_at = models.DateTimeField(null=True, blank=True)
    touch = models.ForeignKey(
        Touch, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due"], name="followup_owner_due")]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        check_field("due", validate_due_date, self.due)

    def status(self, today: dt.date | None = None) -> str:
        if self.done_at:
            return "done"
        day = today or timezone.localdate()
        return "overdue" if self.due < day else ("due" if self.due == day else "upcoming")
