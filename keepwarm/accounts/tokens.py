"""Personal access tokens for the REST API: made, found, listed and revoked
here, whatever the door (Settings, ``keepwarm token``, the API's sign-in).

A secret reads ``kw_`` and 43 URL-safe characters (256 random bits). Only its
SHA-256 digest is stored, with the first characters (``prefix``) so a list can
tell tokens apart; the secret itself is shown once, when it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from keepwarm.accounts.models import ApiToken, TokenScope, User
from keepwarm.owned import owned

SECRET_START = "kw_"  # noqa: S105 (a secret's first letters, not a secret)
PREFIX_LENGTH = 10
MAX_EXPIRY_DAYS = 3650
SEEN_EVERY = dt.timedelta(minutes=1)
"""``last_used_at`` is written at most this often: a busy script does not
turn every read into a write."""


@dataclass(frozen=True)
class Made:
    token: ApiToken
    secret: str
    """Shown once: it is not kept."""


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    owner: User, name: str, scope: str = TokenScope.READ, expires_days: int | None = None
) -> Made:
    """A new token for ``owner``; ``ValidationError`` for a name in use, an
    unknown scope or an expiry out of range."""
    name = name.strip()
    if owner.is_demo:
        raise ValidationError(
            "The demo account is shared by every visitor: it has no API tokens.", code="demo"
        )
    if not name:
        raise ValidationError(
            {"name": "Give the token a name: what uses it, such as “laptop backup”."},
            code="required",
        )
    if scope not in TokenScope.values:
        raise ValidationError({"scope": f"Scope is read or write, not {scope!r}."}, code="invalid")
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(
            {"expires_days": f"Expiry is 1 to {MAX_EXPIRY_DAYS} days."}, code="invalid"
        )
    secret = SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken(
        owner=owner,
        name=name,
        scope=scope,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        expires_at=timezone.now() + dt.timedelta(days=expires_days) if expires_days else None,
    )
    token.full_clean(validate_constraints=False)
    if owned(ApiToken, owner).filter(name=name).exists():
        raise ValidationError({"name": f"You already have a token named {name!r}."})
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError as error:  # the same name made at the same moment
        raise ValidationError({"name": f"You already have a token named {name!r}."}) from error
    return Made(token, secret)


def tokens_of(owner: User) -> list[ApiToken]:
    return list(owned(ApiToken, owner))


def revoke_token(owner: User, name: str) -> bool:
    """Delete ``owner``'s token named ``name``; False when there is none."""
    deleted, _ = owned(ApiToken, owner).filter(name=name.strip()).delete()
    return bool(deleted)


def revoke_by_id(owner: User, pk: int) -> ApiToken | None:
    """Delete ``owner``'s token ``pk``: the token as it was (its name for a
    message), or None when ``owner`` has no such token."""
    token = owned(ApiToken, owner).filter(pk=pk).first()
    if token is None:
        return None
    owned(ApiToken, owner).filter(pk=token.pk).delete()
    return token


def authenticate(secret: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token this secret belongs to, its owner loaded; None for an
    unknown, expired or malformed secret, or an inactive owner."""
    if not secret.startswith(SECRET_START) or len(secret) > 200:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("owner", "owner__profile")
        .filter(digest=digest_of(secret))
        .first()
    )
    if token is None or token.expired(now) or not token.owner.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= SEEN_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
