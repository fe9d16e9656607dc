"""Occasions: greeting templates, holiday-card runs, trips with postcards, and
gatherings with their invitations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from keepwarm.contacts.models import Address, Circle, Person, Tag
from keepwarm.owned import Owned
from keepwarm.touches.models import Touch


class GreetingTemplate(Owned):
    """The words of a greeting, with placeholders such as {first_name}."""

    class Occasion(models.TextChoices):
        BIRTHDAY = "birthday", "birthday"
        HOLIDAY = "holiday", "holiday"
        CONGRATULATIONS = "congratulations", "congratulations"
        CONDOLENCE = "condolence", "condolence"

    occasion = models.CharField(max_length=20, choices=Occasion.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])

    class Meta:
        ordering = ["occasion"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "occasion"], name="greeting_owner_occasion"),
        ]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} greeting"


class CardRun(Owned):
    """A holiday-card run: one season's cards, from choosing recipients to mailing."""

    name = models.CharField(max_length=120, help_text="Holiday cards 2026, Diwali 2026…")
    season = models.CharField(
        max_length=60, blank=True, help_text="The holiday: christmas, diwali, lunar_new_year…"
    )
    send_from = models.DateField()
    send_until = models.DateField()
    circles = models.ManyToManyField(Circle, blank=True, related_name="+")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-send_from", "-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.send_from and self.send_until and self.send_until < self.send_from:
            raise ValidationError({"send_until": "The window ends before it starts."})


class CardRecipient(Owned):
    """One card: to one household (people at one address) or one person."""

    class Status(models.TextChoices):
        PLANNED = "planned", "to send"
        ASK_ADDRESS = "ask_address", "ask for the address"
        CALL_INSTEAD = "call_instead", "call instead"
        SENT = "sent", "sent"
        LEFT_OUT = "left_out", "left out"

    run = models.ForeignKey(CardRun, on_delete=models.CASCADE, related_name="recipients")
    people = models.ManyToManyField(Person, related_name="+")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL)
    name_on_card = models.CharField(max_length=200, help_text="Jane & John Doe")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PLANNED)
    sent_on = models.DateField(null=True, blank=True)
    touch = models.ForeignKey(Touch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name_on_card", "id"]

    def __str__(self) -> str:
        return self.name_on_card


class Trip(Owned):
    """Away from home: postcards to send from there."""

    place = models.CharField(max_length=120)
    start = models.DateField()
    end = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return f"{self.place} ({self.start:%Y-%m-%d})"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The trip ends before it starts."})


class Postcard(Owned):
    """One postcard on a trip: proposed, chosen, and ticked once sent."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="postcards")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL)
    chosen = models.BooleanField(default=True)
    sent_on = models.DateField(null=True, blank=True)
    touch = models.ForeignKey(Touch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "person"], name="postcard_trip_person"),
        ]

    def __str__(self) -> str:
        return f"postcard to {self.person_id}"


class Gathering(Owned):
    """A party, dinner or kickoff: invitations, answers and who came."""

    title = models.CharField(max_length=150, help_text="Chili party — football kickoff")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    yearly = models.BooleanField(default=False, help_text="Suggest it again next year.")
    note = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    invitation_touch = models.ForeignKey(
        Touch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    """The light touch ("party invitation") of everyone the invitation reached,
    those who came included (their party is a second touch)."""
    invitation_subject = models.CharField(max_length=200, blank=True)
    invitation_text = models.TextField(
        blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    """The invitation's words as the user last sent them, ``{first_name}`` kept
    (the words to copy and the next guests' start from them); empty: the words
    made from the gathering."""

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class Invitation(Owned):
    class Answer(models.TextChoices):
        NONE = "", "no answer yet"
        YES = "yes", "coming"
        NO = "no", "not coming"
        MAYBE = "maybe", "maybe"

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    invited_on = models.DateField(null=True, blank=True)
    answer = models.CharField(max_length=5, choices=Answer.choices, blank=True, default="")
    came = models.BooleanField(null=True, blank=True)
    touch = models.ForeignKey(Touch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "person"], name="invitation_once"),
        ]

    def __str__(self) -> str:
        return f"invitation of {self.person_id}"
