"""What the user decided about agenda items, and a version number to cache plans by."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from keepwarm.owned import Owned
from keepwarm.touches.models import TouchKind


class Choice(Owned):
    """Skip this item, or do it as another kind (swap). Keyed by the planner's item id."""

    class Action(models.TextChoices):
        SKIP = "skip", "skip"
        SWAP = "swap", "swap"
        DONE = "done", "done"

    item_id = models.CharField(max_length=80)
    action = models.CharField(max_length=4, choices=Action.choices)
    kind = models.ForeignKey(TouchKind, null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "item_id"], name="choice_owner_item"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id}"


class PlanVersion(models.Model):
    """Bumped on every change that can change a user's plan; cached plans are keyed by it."""

    backup_excluded = True  # a cache key, made again on the first change

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_version"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"plan version {self.version} of {self.user_id}"


class StoredPlan(models.Model):
    """A user's newest plan (of a number of weeks), shared by the server
    processes: one makes it, the others load it (``plans/shared.py``); and
    the lease of the process making the next one, so that no other makes it too."""

    backup_excluded = True  # made again from the data

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weeks = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=200, blank=True, default="")
    """The plan's key (data version, day, weeks, planner code); empty while none is stored."""
    made = models.DateTimeField(null=True, blank=True)
    took = models.FloatField(default=0.0)
    data = models.BinaryField(default=b"")
    """The plan, pickled and compressed."""
    building_until = models.DateTimeField(null=True, blank=True)
    """While a process makes the next plan: when its lease ends (a crashed one's lapses)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "weeks"], name="storedplan_user_weeks"),
        ]

    def __str__(self) -> str:
        return f"stored plan of {self.user_id} ({self.weeks} weeks)"
