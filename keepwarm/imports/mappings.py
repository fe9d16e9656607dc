"""Column mappings for CSV files of no known exporter: read from the command
line (``COLUMN=FIELD``), checked against the file, and saved under a name.

The fields are the ones the web's mapping step offers (``csv_records.FIELDS``:
``given_name``, ``email:work``, ``phone:mobile``, ``birthday``, ``ignore``…).
A column the mapping does not name is kept on each person as an imported
extra; only a column mapped to ``ignore`` is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from keepwarm.formats import csvfiles
from keepwarm.formats.csv_layouts import key
from keepwarm.formats.csv_records import FIELDS, parse_field
from keepwarm.formats.records import FormatError
from keepwarm.imports.models import SavedMapping
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

NAME_LENGTH = SavedMapping._meta.get_field("name").max_length


def parse_maps(items: Iterable[str]) -> dict[str, str]:
    """``["E-mail=email:work", …]`` as header → field; ``ValueError`` saying which
    item is wrong and why."""
    mapping: dict[str, str] = {}
    for item in items:
        header, equals, spec = item.rpartition("=")
        header, spec = header.strip(), spec.strip()
        if not equals or not header:
            raise ValueError(f"{item!r} is not COLUMN=FIELD (for example 'E-mail=email:work').")
        _check_field(repr(item), spec)
        mapping[header] = spec
    return mapping


def check_fields(mapping: dict[str, str]) -> None:
    """``ValueError`` naming the first column mapped to something that is not a field."""
    for header, spec in mapping.items():
        _check_field(f"The column {header!r}", spec)


def _check_field(what: str, spec: str) -> None:
    try:
        parse_field(spec)
    except ValueError:
        raise ValueError(
            f"{what}: {spec!r} is not a field; use one of {', '.join(FIELDS)} "
            "(email, phone and url take a label: phone:mobile)."
        ) from None


def check_columns(data: bytes, mapping: dict[str, str]) -> None:
    """``FormatError`` when the mapping names a column the file does not have."""
    headers = csvfiles.detect_columns(data)
    have = {key(h) for h in headers}
    missing = [h for h in mapping if key(h) not in have]
    if missing:
        raise FormatError(
            f"no column named {', '.join(repr(m) for m in missing)}; "
            f"the columns are: {', '.join(repr(h) for h in headers if h)}."
        )


def suggested_maps(data: bytes) -> list[str]:
    """``COLUMN=FIELD`` for each column the mapping step would give a field by
    its name; the others are left out, so they are kept as imported extras."""
    headers = [h for h in csvfiles.detect_columns(data) if h]
    suggested = csvfiles.suggest_mapping(headers).items()
    return [f"{h}={spec}" for h, spec in suggested if spec not in ("ignore", "extra")]


@transaction.atomic
def save(user: User, name: str, mapping: dict[str, str]) -> SavedMapping:
    """Keep ``mapping`` under ``name`` (replacing one of the same name)."""
    name = " ".join(name.split())
    if not name or len(name) > NAME_LENGTH:
        raise ValueError(f"A mapping's name is 1 to {NAME_LENGTH} characters.")
    saved, _ = SavedMapping.objects.update_or_create(
        owner=user, name=name, defaults={"mapping": mapping}
    )
    return saved


def saved(user: User, name: str) -> dict[str, str]:
    """The mapping saved as ``name``; ``LookupError`` naming the saved ones."""
    found = owned(SavedMapping, user).filter(name=" ".join(name.split())).first()
    if found is None:
        names = list(owned(SavedMapping, user).values_list("name", flat=True))
        known = f"saved mappings: {', '.join(names)}" if names else "no mapping is saved yet"
        raise LookupError(f"No mapping named {name!r} ({known}).")
    return dict(found.mapping)
