"""Creating accounts and seeding each with its own circles and touch kinds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from keepwarm.accounts.models import Profile

DEFAULT_CIRCLES = (
    # name, touches per year, is the default for new people
    ("Close", 12, False),
    ("Core", 7, True),
    ("Wide", 3, False),
)

# label, minutes, channel, needs, warmth weight, batchable
DEFAULT_TOUCH_KINDS = (
    ("holiday card", 10, "mail", "address", "1.0", True),
    ("birthday greeting", 5, "digital", "birthday", "1.0", True),
    ("coffee", 60, "in_person", "same_city", "3.0", False),
    ("lunch", 90, "in_person", "same_city", "3.5", False),
    ("check-in call", 20, "phone", "phone", "2.0", False),
    ("offer to help", 30, "digital", "email", "2.5", False),
    ("condolence", 20, "mail", "", "3.0", False),
    ("postcard", 5, "mail", "address", "1.0", True),
    ("party invitation", 5, "digital", "email", "0.5", True),
    ("party", 30, "in_person", "", "3.0", True),
    ("email or note", 10, "digital", "", "1.0", False),
    ("meeting", 45, "in_person", "", "2.5", False),
)


def seed_defaults(user: Any) -> None:
    """Give a new account its circles and touch-kind catalogue (idempotent)."""
    from keepwarm.contacts.models import Circle
    from keepwarm.touches.models import TouchKind

    for position, (name, per_year, is_default) in enumerate(DEFAULT_CIRCLES):
        Circle.objects.get_or_create(
            owner=user,
            name=name,
            defaults={"touches_per_year": per_year, "position": position, "is_default": is_default},
        )
    for position, (label, minutes, channel, needs, weight, batchable) in enumerate(
        DEFAULT_TOUCH_KINDS
    ):
        TouchKind.objects.get_or_create(
            owner=user,
            label=label,
            defaults={
                "minutes": minutes,
                "channel": channel,
                "needs": needs,
                "warmth_weight": Decimal(weight),
                "batchable": batchable,
                "position": position,
            },
        )


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
    email: str = "",
    time_zone: str | None = None,
    country: str = "US",
    is_demo: bool = False,
) -> Any:
    """A new account with its profile, circles and touch kinds.

    Raises ``ValidationError`` for a taken name or a weak password.
    """
    user_model = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError("Give a user name.")
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"The user name {username!r} is taken.")
    user = user_model(username=username, email=email.strip(), is_demo=is_demo)
    user.full_clean(exclude=["password"])
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    Profile.objects.create(
        user=user,
        time_zone=time_zone or settings.KEEPWARM_DEFAULT_TIME_ZONE,
        country=country.upper(),
    )
    seed_defaults(user)
    return user


def signup_open() -> bool:
    """Sign-up is open for the very first account, or when the admin opened it."""
    user_model = get_user_model()
    if settings.KEEPWARM_OPEN_SIGNUP:
        return True
    return not user_model.objects.filter(is_demo=False).exists()
