"""Creating accounts; each app seeds a new one with what is its own (``new_account``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Subquery
from django.dispatch import Signal

from keepwarm.accounts.models import Profile
from keepwarm.config import canonical_time_zone

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

new_account = Signal()
"""Sent with ``user`` by ``seed_defaults``: each app gives a new account what is
its own (circles: ``contacts``, touch kinds: ``touches``), from its ``ready()``.
Receivers are idempotent."""


def seed_defaults(user: User) -> None:
    """Give a new account its circles and touch-kind catalogue (idempotent)."""
    new_account.send(sender=Profile, user=user)


def profile_of(user: User) -> Profile:
    """The user's profile. An account made outside keepwarm (``manage
    createsuperuser``) has none until a page or a command asks: then it gets
    one as ``create_user`` makes it (``_new_profile``)."""
    profile = Profile.objects.filter(user=user).first()
    return profile if profile is not None else _new_profile(user)


def _new_profile(user: User, time_zone: str | None = None, country: str = "US") -> Profile:
    """The profile of an account that has none (the server's default time zone
    unless one is given), and the account's circles and touch kinds."""
    zone = _zone(time_zone) if time_zone else settings.KEEPWARM_DEFAULT_TIME_ZONE
    profile, _ = Profile.objects.get_or_create(
        user=user, defaults={"time_zone": zone, "country": country.upper()}
    )
    seed_defaults(user)
    user.profile = profile
    return profile


def _zone(name: str) -> str:
    """The canonical spelling of a zone typed in any case (validated with the profile)."""
    return canonical_time_zone(name) or name


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
    _new_profile(user, time_zone, country)
    return user


def has_accounts() -> bool:
    """Whether anyone has an account here (the demo's aside)."""
    return get_user_model().objects.filter(is_demo=False).exists()


def signup_open() -> bool:
    """Sign-up is open for the very first account, or when the admin opened it."""
    return bool(settings.KEEPWARM_OPEN_SIGNUP) or not has_accounts()


def demo_open() -> bool:
    """ "Explore the demo" is offered while sign-up is open, or to everyone when
    the admin turned ``KEEPWARM_PUBLIC_DEMO`` on. Closed, the demo URL is a 404:
    a server on the internet does not hand out a session to passers-by."""
    return bool(settings.KEEPWARM_PUBLIC_DEMO) or signup_open()


def server_runners() -> Q:
    """The people who run this server, as a filter on users: they are told about
    its set-up (no mail server, a stopped worker). Staff and superuser
    accounts; on a server with none (``keepwarm createuser`` and the first
    sign-up make plain accounts), the first account made. Never the demo, nor
    an account that was deactivated."""
    first = (
        get_user_model()
        .objects.filter(is_demo=False, is_active=True)
        .order_by("-is_superuser", "-is_staff", "pk")
        .values("pk")[:1]
    )
    return Q(is_active=True, is_demo=False) & (
        Q(is_staff=True) | Q(is_superuser=True) | Q(pk=Subquery(first))
    )


def runs_server(user: User) -> bool:
    """Whether ``user`` is one of the people who run this server (``server_runners``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return get_user_model().objects.filter(server_runners(), pk=user.pk).exists()
