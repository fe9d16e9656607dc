"""Load a checked backup into an empty account, or a new one, in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction

from keepwarm.backup.errors import BackupError
from keepwarm.backup.reader import Document, Row, parse
from keepwarm.backup.schema import SECTIONS, Section, describe
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import Profile, User

# What an account may hold and still count as empty: the seeded catalogue,
# which the backup's own circles and touch kinds replace.
REPLACED = ("circles", "touch_kinds")


def restore_account(content: bytes, username: str | None = None) -> Any:
    """Restore the backup in ``content`` into the account ``username`` (by default
    the one named in the file), made if missing. Returns the user.

    Raises ``BackupError`` — with nothing written — for a bad file or an account
    that already holds data.
    """
    document = parse(content)
    name = (username or document.account["username"] or "").strip()
    saved: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            user = _target(name, document)
            _write(user, document, saved)
    except IntegrityError as exc:
        _forget(saved)
        raise BackupError(f"The backup breaks a rule of the database: {exc}.") from None
    except BaseException:
        _forget(saved)
        raise
    return user


def _target(name: str, document: Document) -> Any:
    """The empty account to fill: the existing one, or a new one made now."""
    from keepwarm.accounts.services import create_user

    user = get_user_model().objects.filter(username__iexact=name).first()
    if user is None:
        account = document.account
        try:
            user = create_user(name, None, email=account["email"])
        except ValidationError as exc:
            raise BackupError(" ".join(exc.messages)) from None
        user.first_name, user.last_name = account["first_name"], account["last_name"]
        user.date_joined = account["date_joined"]
        user.save(update_fields=["first_name", "last_name", "date_joined"])
    _check_empty(user)
    return user


def _check_empty(user: User) -> None:
    held = {
        section.name: owned(section.model, user).count()  # type: ignore[arg-type]
        for section in SECTIONS
        if section.name not in REPLACED
    }
    if any(held.values()):
        raise BackupError(
            f"The account {user.username!r} already holds data ({describe(held)}): "
            "restore into an empty account, or name a new one with --user NAME."
        )


def _write(user: User, document: Document, saved: list[tuple[Any, str]]) -> None:
    from keepwarm.accounts.services import profile_of
    from keepwarm.contacts.services import refresh_search_text
    from keepwarm.plans.services import invalidate
    from keepwarm.touches.services import refresh_last_touch

    profile = profile_of(user)  # made (with starting circles and kinds) before they are replaced
    for name in reversed(REPLACED):
        owned(_section(name).model, user).delete()  # type: ignore[arg-type]
    _profile(profile, document.profile)
    _reminders(user, document.reminders)
    ids: dict[str, dict[int, int]] = {}
    for section in SECTIONS:
        ids[section.name] = _create(user, section, document.sections[section.name], ids)
    people = [row.instance for row in document.sections["people"]]
    _save_files(document.sections["people"], saved)
    refresh_search_text(people)
    refresh_last_touch(p.pk for p in people)
    invalidate(user.pk)


def _section(name: str) -> Section:
    return next(s for s in SECTIONS if s.name == name)


def _profile(profile: Profile, values: dict[str, Any]) -> None:
    for attname, value in values.items():
        setattr(profile, attname, value)
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as exc:
        raise BackupError(f"profile: {' '.join(exc.messages)}") from None
    profile.save()


def _reminders(user: User, values: dict[str, Any]) -> None:
    """The reminder settings as they were. The calendar feed keeps its address
    unless another account on this server already has it (a copy restored
    beside its original): then the feed gets a new one."""
    from keepwarm.mail.models import ReminderSettings, settings_of

    found = settings_of(user)
    for attname, value in values.items():
        setattr(found, attname, value)
    taken = ReminderSettings.objects.filter(calendar_token=found.calendar_token)
    if taken.exclude(user=user).exists():
        found.calendar_token = ReminderSettings._meta.get_field("calendar_token").get_default()
    try:
        found.full_clean(exclude=["user"])
    except ValidationError as exc:
        raise BackupError(f"reminders: {' '.join(exc.messages)}") from None
    found.save()


def _create(
    user: User, section: Section, rows: list[Row], ids: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Insert a section's rows; the file's numbers -> the new database ids."""
    model = section.model
    stamps = [f for f in section.fields() if getattr(f, "auto_now", False)]
    kept = [{f.attname: getattr(r.instance, f.attname) for f in stamps} for r in rows]
    for row in rows:
        row.instance.owner = user  # type: ignore[attr-defined]
        for name, target in section.refs.items():
            attname = model._meta.get_field(name).attname
            number = getattr(row.instance, attname)
            setattr(row.instance, attname, None if number is None else ids[target][number])
    instances = [r.instance for r in rows]
    model.objects.bulk_create(instances, batch_size=500)
    if stamps:  # bulk_create set them to now: put the file's times back
        for instance, values in zip(instances, kept, strict=True):
            for attname, value in values.items():
                setattr(instance, attname, value)
        model.objects.bulk_update(instances, [f.name for f in stamps], batch_size=500)
    numbers = {row.number: row.instance.pk for row in rows}
    _create_links(section, rows, ids, numbers)
    return numbers


def _create_links(
    section: Section, rows: list[Row], ids: dict[str, dict[int, int]], own: dict[int, int]
) -> None:
    for name, target in section.many.items():
        field: Any = section.model._meta.get_field(name)
        through = field.remote_field.through
        source, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = [
            through(
                **{f"{source}_id": row.instance.pk, f"{other}_id": ids[target][number]},
                **section.link_values(row.instance),
            )
            for row in rows
            for number in row.links[name]
        ]
        through.objects.bulk_create(links, batch_size=500)


def _save_files(rows: list[Row], saved: list[tuple[Any, str]]) -> None:
    """Write the photos to storage (removed again by ``_forget`` if the restore fails)."""
    for row in rows:
        changed = []
        for name, data in row.files.items():
            stored: models.fields.files.FieldFile = getattr(row.instance, name)
            new_name = stored.storage.save(data.name, ContentFile(data.content))
            saved.append((stored.storage, new_name))
            setattr(row.instance, name, new_name)
            changed.append(name)
        if changed:
            type(row.instance).objects.filter(pk=row.instance.pk).update(
                **{name: getattr(row.instance, name).name for name in changed}
            )


def _forget(saved: list[tuple[Any, str]]) -> None:
    for storage, name in saved:
        storage.delete(name)
