"""The user and their settings (budget, place, time zone)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from keepwarm.owned import CheckedText, Owned


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone such as Europe/Berlin.") from None


def zone_named(name: str | None) -> zoneinfo.ZoneInfo:
    """The time zone ``name`` (empty: the server's default); UTC when it is unknown."""
    try:
        return zoneinfo.ZoneInfo(name or settings.KEEPWARM_DEFAULT_TIME_ZONE or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def zone_of(user: object) -> zoneinfo.ZoneInfo:
    """A user's own time zone (see ``zone_named``)."""
    return zone_named(getattr(getattr(user, "profile", None), "time_zone", None))


def validate_country(value: str) -> None:
    if value and value.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(f"{value!r} is not a two-letter country code such as US or DE.")


class User(AbstractUser):
    is_demo = models.BooleanField(default=False, help_text="Holds the demo network.")
    email_confirmed = models.EmailField(
        blank=True,
        default="",
        db_default="",  # rows written by code from before it (an older process, a rollback)
        help_text="The address the user showed they read (a link sent to it was opened, "
        "or the administrator gave it): keepwarm sends email for them only while it "
        "is still their email.",
    )

    @property
    def sends_email(self) -> bool:
        """Whether keepwarm may send email for this account: not the demo, and
        its email is the address confirmed (a changed address is confirmed
        again). ``SENDS_EMAIL`` is the same test in a query."""
        return not self.is_demo and bool(self.email) and self.email_confirmed == self.email


SENDS_EMAIL = Q(is_demo=False, email_confirmed=F("email")) & ~Q(email="")
"""``User.sends_email`` as a filter on users."""


class WeekStart(models.IntegerChoices):
    MONDAY = 0, "Monday"
    SUNDAY = 6, "Sunday"
    SATURDAY = 5, "Saturday"


class Profile(CheckedText):
    """A user's own settings. Made with the user (see ``services.create_user``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    weekly_budget_minutes = models.PositiveIntegerField(
        "weekly budget (minutes)",
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(60 * 40)],
        help_text="Time you give your network each week.",
    )
    home_city = models.CharField(max_length=120, blank=True)
    country = models.CharField(
        max_length=2,
        default="US",
        validators=[validate_country],
        help_text="Two-letter code; also the default region for phone numbers.",
    )
    region = models.CharField(
        max_length=20, blank=True, help_text="State or province code, for public holidays."
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    week_start = models.IntegerField(choices=WeekStart.choices, default=WeekStart.MONDAY)

    def __str__(self) -> str:
        return f"settings of {self.user}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.country = self.country.upper()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AccountSession(Owned):
    """One signed-in session of an account, for the list in Settings and for
    signing it out from elsewhere: Django's session store cannot be listed by
    user. Made at sign-in, seen again at most every ``sessions.SEEN_EVERY``,
    deleted at sign-out (``keepwarm.accounts.sessions``)."""

    backup_excluded = True  # a sign-in on this server, not the account's data

    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"session of {self.owner_id} since {self.signed_in_at:%Y-%m-%d %H:%M}"


class TokenScope(models.TextChoices):
    """What a personal access token may do: ``write`` includes ``read``."""

    READ = "read", "read"
    WRITE = "write", "read and write"


class ApiToken(Owned):
    """A personal access token for the REST API (``keepwarm.accounts.tokens``).

    Only the SHA-256 digest of the secret is kept: the secret is shown once,
    when the token is made. Tokens are random (256 bits), so a fast digest is
    as safe as a slow one and a lookup is one indexed read."""

    backup_excluded = True  # a key to this server, not the account's data

    name = models.CharField(max_length=60)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="apitoken_owner_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return scope == TokenScope.READ or self.scope == TokenScope.WRITE

    def expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
