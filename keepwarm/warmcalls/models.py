"""Job-hunt mode: what the user is looking for, and how each call went.

There is no tally of give versus get anywhere: a call's outcome is kept to
plan the next friendly step, never to score the friendship.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from keepwarm.contacts.models import Person, Tag
from keepwarm.owned import Owned
from keepwarm.touches.models import Touch


class JobHunt(Owned):
    """ "I'm looking": the goal the warm calls are ranked against."""

    active = models.BooleanField(default=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    companies = models.TextField(blank=True, max_length=2000, help_text="One per line.")
    roles = models.TextField(blank=True, max_length=2000, help_text="One per line.")
    industries = models.TextField(blank=True, max_length=2000, help_text="One per line.")
    cities = models.TextField(blank=True, max_length=2000, help_text="One per line.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(active=True), name="one_active_job_hunt"
            ),
        ]

    def __str__(self) -> str:
        return f"job hunt since {self.started_on:%Y-%m-%d}"


class CallOutcome(Owned):
    """How one warm call went, and the touch it logged."""

    class Outcome(models.TextChoices):
        NO_ANSWER = "no_answer", "no answer"
        TALKED = "talked", "talked"
        INTRO_PROMISED = "intro", "intro promised"
        REFERRAL = "referral", "referral"
        NOT_NOW = "not_now", "not now"

    hunt = models.ForeignKey(JobHunt, on_delete=models.CASCADE, related_name="calls")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    date = models.DateField(default=timezone.localdate)
    note = models.CharField(max_length=500, blank=True)
    touch = models.ForeignKey(Touch, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} with {self.person_id}"
