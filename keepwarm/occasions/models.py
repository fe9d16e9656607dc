"""Occasions: greeting templates, holiday-card runs, trips with postcards, and
gatherings with their invitations.

Each dated occasion says where it stands on a day (``phase_on``: coming, now
or over), and the querysets count a run's cards and a trip's postcards by
status: pages, emails and commands show these, never compare dates or count
rows themselves."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from keepwarm.contacts.models import Address, Circle, Person, Tag
from keepwarm.lib.dates import span_problem
from keepwarm.owned import Owned, OwnedQuerySet
from keepwarm.touches.models import Touch


class Phase(models.TextChoices):
    """Where a dated occasion stands on a day."""

    COMING = "coming", "coming"
    NOW = "now", "now"
    OVER = "over", "over"


def phase_of(first: dt.date, last: dt.date, today: dt.date) -> Phase:
    """The phase on ``today`` of the days ``first`` to ``last``, both included."""
    if today < first:
        return Phase.COMING
    return Phase.OVER if today > last else Phase.NOW


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


class CardRunQuerySet(OwnedQuerySet):
    def with_counts(self) -> CardRunQuerySet:
        """Each run with its number of cards of each of ``RUN_COUNTS`` as an
        attribute of that name, in one query."""
        return self.annotate(
            **{
                name: models.Count("recipients", filter=models.Q(recipients__status__in=statuses))
                for name, statuses in RUN_COUNTS.items()
            }
        )


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

    objects = CardRunQuerySet.as_manager()

    class Meta:
        ordering = ["-send_from", "-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if problem := span_problem(self.send_from, self.send_until, "The window"):
            raise ValidationError({"send_until": problem})

    def phase_on(self, today: dt.date) -> Phase:
        """Its sending window on ``today``: coming, open now, or over."""
        return phase_of(self.send_from, self.send_until, today)


class CardRecipientQuerySet(OwnedQuerySet):
    """A run's cards by where they stand (the sections of its page)."""

    def to_send(self) -> CardRecipientQuerySet:
        """Cards to send (what "mark all sent" marks)."""
        return self.filter(status=CardRecipient.Status.PLANNED)

    def sent(self) -> CardRecipientQuerySet:
        return self.filter(status=CardRecipient.Status.SENT)

    def without_address(self) -> CardRecipientQuerySet:
        """Cards not sent for want of a mailing address, whatever was chosen for them."""
        return self.filter(address__isnull=True).exclude(status=CardRecipient.Status.SENT)

    def left_out(self) -> CardRecipientQuerySet:
        """Cards with an address that the user left out."""
        return self.filter(address__isnull=False, status=CardRecipient.Status.LEFT_OUT)


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

    objects = CardRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["name_on_card", "id"]

    def __str__(self) -> str:
        return self.name_on_card


RUN_COUNTS: dict[str, tuple[str, ...]] = {
    "cards": (CardRecipient.Status.PLANNED, CardRecipient.Status.SENT),
    "to_send": (CardRecipient.Status.PLANNED,),
    "sent": (CardRecipient.Status.SENT,),
    "need_address": (CardRecipient.Status.ASK_ADDRESS,),
    "call_instead": (CardRecipient.Status.CALL_INSTEAD,),
    "left_out": (CardRecipient.Status.LEFT_OUT,),
}
"""A run's counts (``CardRunQuerySet.with_counts``) and the statuses each counts:
its cards are those to send and sent."""


class TripQuerySet(OwnedQuerySet):
    def with_counts(self) -> TripQuerySet:
        """Each trip with ``chosen`` (postcards ticked to write, sent ones
        included) and ``sent``, in one query."""
        return self.annotate(
            chosen=models.Count("postcards", filter=models.Q(postcards__chosen=True)),
            sent=models.Count("postcards", filter=models.Q(postcards__sent_on__isnull=False)),
        )


class Trip(Owned):
    """Away from home: postcards to send from there."""

    place = models.CharField(max_length=120)
    start = models.DateField()
    end = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TripQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return f"{self.place} ({self.start:%Y-%m-%d})"

    def clean(self) -> None:
        if problem := span_problem(self.start, self.end, "The trip"):
            raise ValidationError({"end": problem})

    def phase_on(self, today: dt.date) -> Phase:
        """The trip on ``today``: coming, away now, or over."""
        return phase_of(self.start, self.end, today)


class PostcardQuerySet(OwnedQuerySet):
    """A trip's postcards by where they stand."""

    def chosen(self) -> PostcardQuerySet:
        """Ticked to write, sent ones included."""
        return self.filter(chosen=True)

    def to_write(self) -> PostcardQuerySet:
        """Ticked and not sent yet."""
        return self.filter(chosen=True, sent_on__isnull=True)

    def sent(self) -> PostcardQuerySet:
        return self.filter(sent_on__isnull=False)

    def chosen_or_sent(self) -> PostcardQuerySet:
        """The postcards to tick off afterwards: those ticked, and any sent."""
        return self.filter(models.Q(chosen=True) | models.Q(sent_on__isnull=False))


class Postcard(Owned):
    """One postcard on a trip: proposed, chosen, and ticked once sent."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="postcards")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL)
    chosen = models.BooleanField(default=True)
    sent_on = models.DateField(null=True, blank=True)
    touch = models.ForeignKey(Touch, null=True, blank=True, on_delete=models.SET_NULL)

    objects = PostcardQuerySet.as_manager()

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

    def phase_on(self, today: dt.date) -> Phase:
        """The gathering on ``today``: coming, today (now), or over."""
        return phase_of(self.date, self.date, today)


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
