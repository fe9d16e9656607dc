"""The one owner-scoped path to user data.

Every row that belongs to a user subclasses ``Owned``. Code that reads or
changes user data starts from ``Model.objects.owned_by(user)`` or
``get_owned_or_404``; another user's object is a 404, never a 403 that would
confirm it exists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.http import Http404

M = TypeVar("M", bound="Owned")

# Ids are at most 18 ASCII digits: every such number fits a 64-bit primary key.
# ``str.isdigit`` is not enough: it accepts "²" and "١٢", which ``int`` then
# rejects or reads, and the database never sees a valid id in them.
_MAX_ID_DIGITS = 18


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user: Any) -> OwnedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class Owned(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def parse_id(value: Any) -> int | None:
    """The id written in ``value`` (text from a URL, a form or the command line),
    or None when it is not one: only ASCII digits, short enough for any database."""
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > _MAX_ID_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def owned(model: type[M], user: Any) -> OwnedQuerySet:
    return model.objects.owned_by(user)  # type: ignore[attr-defined, no-any-return]


def get_owned_or_404(model_or_qs: Any, user: Any, **lookup: Any) -> Any:
    """One object of ``user``'s, or 404 (also for a malformed id)."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs.objects.all()
    try:
        return qs.owned_by(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {qs.model._meta.verbose_name} found.") from None
