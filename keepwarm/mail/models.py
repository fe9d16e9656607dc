"""What keepwarm sends and when: the outbox, each user's reminder settings and
calendar token, the worker's heartbeat, and the banner a user dismissed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from keepwarm.owned import Owned


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OutboxMessage(Owned):
    """One outgoing email. Never deleted by a failure: it waits, retries with
    backoff, and after the last attempt stays ``failed`` for the user to retry.

    ``key`` is the idempotency key (``digest:<user>:<week>``): a second enqueue
    with the same key is the same message. It is also the Message-ID's left part.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "waiting"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    class Kind(models.TextChoices):
        DIGEST = "digest", "weekly digest"
        DAILY = "daily", "daily email"
        GREETING = "greeting", "greeting"
        INVITATION = "invitation", "invitation"
        FOLLOW_UP = "follow_up", "follow-up reminder"
        TEST = "test", "test email"
        CONFIRM = "confirm", "address confirmation"
        PASSWORD_RESET = "password_reset", "password reset link"
        SIGNIN_LOCKED = "signin_locked", "sign-in paused notice"

    backup_excluded = True

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["owner", "status"], name="outbox_owner_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"


class ReminderSettings(models.Model):
    """When a user wants their emails, and the secret of their calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    emails_on = models.BooleanField(
        "send me emails", default=True, help_text="Off after you unsubscribe."
    )
    digest_weekday = models.PositiveSmallIntegerField(
        "weekly digest on",
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(6)],
        help_text="0 is Monday.",
    )
    digest_hour = models.PositiveSmallIntegerField(
        "at", default=7, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    daily_email = models.BooleanField(
        "daily email", default=False, help_text="Only on days with something in it."
    )
    birthday_autosend = models.BooleanField(
        "send birthday greetings for me",
        default=False,
        help_text="Your birthday greeting goes out by email on the day, once a year.",
    )
    autosend_hour = models.PositiveSmallIntegerField(
        "greetings at", default=9, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    last_digest_on = models.DateField(null=True, blank=True, editable=False)
    last_daily_on = models.DateField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"reminder settings of {self.user_id}"


class DismissedNotice(Owned):
    """The banner about reminders that cannot go out, dismissed by its user for
    one situation (``health.Notice.situation``): it stays away until the
    situation is another. One row per user; forgotten once all is well."""

    backup_excluded = True  # about this server's set-up, not the account's data

    situation = models.CharField(max_length=200)
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="one_dismissed_notice")]

    def __str__(self) -> str:
        return f"{self.situation} dismissed by {self.owner_id}"


class Heartbeat(models.Model):
    """The worker says it ran: one row per worker name."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()
    interval_seconds = models.PositiveIntegerField(default=60)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M}"


def settings_of(user: object) -> ReminderSettings:
    """The user's reminder settings, made with the defaults on first use."""
    found, _ = ReminderSettings.objects.get_or_create(user=user)
    return found


def stop_emails(user: object) -> ReminderSettings:
    """Every email off, as an unsubscribe link asks: the digest and the daily email."""
    found = settings_of(user)
    if found.emails_on:
        found.emails_on = False
        found.save(update_fields=["emails_on"])
    return found
