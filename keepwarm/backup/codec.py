"""One field value to JSON and back, with a clear message for a wrong type."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from django.db import models

from keepwarm.backup.errors import BackupError


@dataclass(frozen=True)
class FileData:
    """A stored file read from a backup: its name in storage and its bytes."""

    name: str
    content: bytes


def encode(field: models.Field, value: Any) -> Any:
    """The JSON form of a model value (files are handled by the caller)."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(field, models.DateField | models.TimeField):
        return value.isoformat()
    if isinstance(field, models.DecimalField):
        return str(value)
    return value


def encode_file(name: str, content: bytes) -> dict[str, str]:
    return {"name": name, "data": base64.b64encode(content).decode("ascii")}


def _kind(field: models.Field) -> tuple[type | tuple[type, ...], str]:
    """The JSON type a field's value must have, and how to name it."""
    if isinstance(field, models.BooleanField):
        return bool, "true or false"
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return int, "a whole number"
    if isinstance(field, models.FileField):
        return dict, 'an object {"name": …, "data": …}'
    if isinstance(field, models.JSONField):
        return dict, "an object"
    return str, "text"


def decode(field: models.Field, raw: Any, where: str) -> Any:
    """The model value for ``raw``; ``BackupError`` naming ``where`` if it is the wrong type."""
    if raw is None:
        if field.null or isinstance(field, models.FileField):
            return None
        raise BackupError(f"{where}: {field.name} must not be empty (null).")
    expected, name = _kind(field)
    if not isinstance(raw, expected) or (expected is int and isinstance(raw, bool)):
        raise BackupError(f"{where}: {field.name} should be {name}, not {_show(raw)}.")
    try:
        return _parse(field, raw)
    except (ValueError, TypeError, decimal.InvalidOperation, binascii.Error):
        raise BackupError(f"{where}: {field.name} has a wrong value {_show(raw)}.") from None


def _parse(field: models.Field, raw: Any) -> Any:
    if isinstance(field, models.DateTimeField):
        value = dt.datetime.fromisoformat(raw)
        if value.tzinfo is None:
            raise ValueError("a time without its offset")
        return value
    if isinstance(field, models.DateField):
        return dt.date.fromisoformat(raw)
    if isinstance(field, models.TimeField):
        return dt.time.fromisoformat(raw)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(raw)
    if isinstance(field, models.FileField):
        return _file(raw)
    return raw


def _file(raw: dict[str, Any]) -> FileData | None:
    name, data = raw.get("name"), raw.get("data")
    if set(raw) != {"name", "data"} or not isinstance(name, str) or not isinstance(data, str):
        raise ValueError("a file needs a name and its data")
    if not name or name.startswith("/") or ".." in name.split("/"):
        raise ValueError("a file name inside the media folder")
    return FileData(name, base64.b64decode(data.encode("ascii"), validate=True))


def _show(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "…"
