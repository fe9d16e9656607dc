"""The one owner-scoped path to user data.

Every row that belongs to a user subclasses ``Owned``. Code that reads or
changes user data starts from ``Model.objects.owned_by(user)`` or
``get_owned_or_404``; another user's object is a 404, never a 403 that would
confirm it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.http import Http404

from keepwarm.formats import text

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

M = TypeVar("M", bound="Owned")

written_in_bulk = Signal()
"""Sent with ``owner_id`` and ``people`` (ids, or None for all of them) after an
app changed an owner's rows without model signals (``QuerySet.update``,
``bulk_create``): the layers above that keep derived data (the plan) hear of it
without the app naming them."""

# Ids are at most 18 ASCII digits: every such number fits a 64-bit primary key.
# ``str.isdigit`` is not enough: it accepts "²" and "١٢", which ``int`` then
# rejects or reads, and the database never sees a valid id in them.
_MAX_ID_DIGITS = 18


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user: AbstractBaseUser) -> OwnedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


def validate_one_line(value: str) -> None:
    """A form field's validator: the text rule for a one-line value (a subject
    typed into a form that is no model's)."""
    found = text.problem(value)
    if found is not None:
        raise ValidationError(found, code="control")


class CheckedText(models.Model):
    """Every text field under the one rule for control characters and line
    breaks (``formats/text.py``), whatever the door: ``full_clean`` (the forms,
    the services, restore) refuses a one-line field (``CharField``) holding a
    line break or a control character, and a text (``TextField``) holding a
    control character; ``tidy_text`` first makes a value read from a file fit."""

    class Meta:
        abstract = True

    def _texts(self, exclude: Any = None) -> Any:
        for field in self._meta.concrete_fields:
            if not field.editable or (exclude and field.name in exclude):
                continue
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    yield field, value

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field, value in self._texts(exclude):
            found = text.problem(value, multiline=isinstance(field, models.TextField))
            if found is not None and field.name not in errors:
                errors[field.name] = [ValidationError(found, code="control")]
        if errors:
            raise ValidationError(errors)

    def tidy_text(self) -> None:
        """Make each text field fit the rule, keeping what it says: a one-line
        field's line breaks become spaces; control characters go."""
        for field, value in self._texts():
            fit = (
                text.readable(value)
                if isinstance(field, models.TextField)
                else text.one_line(value)
            )
            if fit != value:
                setattr(self, field.attname, fit)


class Owned(CheckedText):
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


def owned(model: type[M], user: AbstractBaseUser) -> OwnedQuerySet:
    return model.objects.owned_by(user)  # type: ignore[attr-defined, no-any-return]


def get_owned_or_404(model_or_qs: Any, user: AbstractBaseUser, **lookup: Any) -> Any:
    """One object of ``user``'s, or 404 (also for a malformed id)."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs.objects.all()
    try:
        return qs.owned_by(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {qs.model._meta.verbose_name} found.") from None
