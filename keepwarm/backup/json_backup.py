"""Write everything one account holds as a versioned JSON document.

Rows are numbered 1, 2, 3… per section in the order they were made: the
numbers are the references inside the file, so backing up a restored account
gives the same document again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from keepwarm.backup import codec
from keepwarm.backup.errors import BackupError
from keepwarm.backup.schema import (
    ACCOUNT_FIELDS,
    FORMAT,
    SECTIONS,
    VERSION,
    Section,
    profile_fields,
    reminder_fields,
)
from keepwarm.mail.models import settings_of
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

IdMaps = dict[str, dict[int, int]]


def dump(user: User) -> tuple[dict[str, Any], list[str]]:
    """The backup document of ``user``'s account, and warnings (a photo file gone)."""
    from keepwarm.accounts.models import Profile

    account = user._meta
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().astimezone(dt.UTC).isoformat(),
        "account": {
            name: codec.encode(account.get_field(name), getattr(user, name))
            for name in ACCOUNT_FIELDS
        },
        "profile": _profile(Profile.objects.get(user=user)),
        "reminders": _reminders(settings_of(user)),
    }
    ids: IdMaps = {}
    warnings: list[str] = []
    for section in SECTIONS:
        rows = list(owned(section.model, user).order_by("pk"))  # type: ignore[arg-type]
        ids[section.name] = {row.pk: number for number, row in enumerate(rows, start=1)}
        links = _links(section, rows)
        data[section.name] = [_row(section, row, ids, links, warnings) for row in rows]
    return data, warnings


def _profile(profile: Any) -> dict[str, Any]:
    return {f.name: codec.encode(f, getattr(profile, f.attname)) for f in profile_fields()}


def _reminders(found: Any) -> dict[str, Any]:
    return {f.name: codec.encode(f, getattr(found, f.attname)) for f in reminder_fields()}


def _links(section: Section, rows: list[Any]) -> dict[str, dict[int, list[int]]]:
    """For each many-to-many field: row pk -> linked pks, in the order they were linked."""
    result: dict[str, dict[int, list[int]]] = {}
    for name in section.many:
        field = section.model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[union-attr]
        pairs = through.objects.filter(**{f"{source}__in": [r.pk for r in rows]}).order_by("pk")
        links: dict[int, list[int]] = {}
        for own, other in pairs.values_list(f"{source}_id", f"{target}_id"):
            links.setdefault(own, []).append(other)
        result[name] = links
    return result


def _row(
    section: Section,
    row: Any,
    ids: IdMaps,
    links: dict[str, dict[int, list[int]]],
    warnings: list[str],
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ids[section.name][row.pk]}
    for field in section.fields():
        value = getattr(row, field.attname)
        if field.name in section.refs:
            out[field.name] = None if value is None else ids[section.refs[field.name]][value]
        elif isinstance(field, models.FileField):
            out[field.name] = _file(row, field.name, warnings)
        else:
            out[field.name] = codec.encode(field, value)
    for name, target in section.many.items():
        out[name] = [ids[target][pk] for pk in links[name].get(row.pk, [])]
    return out


def _file(row: Any, name: str, warnings: list[str]) -> dict[str, str] | None:
    stored = getattr(row, name)
    if not stored:
        return None
    try:
        with stored.storage.open(stored.name, "rb") as handle:
            content = handle.read()
    except OSError:
        warnings.append(f"The {name} of {row} ({stored.name}) is missing: backed up without it.")
        return None
    return codec.encode_file(stored.name, content)


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_private(path: Path, text: str | bytes) -> None:
    """Write ``path`` whole or not at all, readable by its owner only (it holds personal data)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder.")
    content = text.encode() if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
