"""Many new rows of one model in a few statements, for imports.

``QuerySet.bulk_create`` builds its SQL anew for every batch, field by field
through the query compiler; for the hundreds of thousands of contact points,
addresses and dates of a large address book that is a third of the import's
time. ``insert_rows`` builds one ``INSERT`` per model and hands the values to
the database driver's ``executemany``. It sends no signals and returns no ids,
so it is only for rows nothing refers to in the same import (the people
themselves go through ``bulk_create``, which returns their ids).

The columns come from the model, so a new field is written without touching
this module; its default is the model's, as in ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 2000


def insert_rows(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert ``rows`` (unsaved instances of ``model``) as they are."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Only the model's own table and column names, quoted: no value is in the text.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.executemany(sql, [_values(row, fields) for row in batch])


def _values(row: models.Model, fields: list[Any]) -> tuple[Any, ...]:
    values = []
    for field in fields:
        if field.many_to_one and getattr(row, field.attname) is None and field.is_cached(row):
            # A foreign key to a row saved after this one was made (the new person).
            setattr(row, field.attname, getattr(row, field.name).pk)
        values.append(field.get_db_prep_save(field.pre_save(row, True), connection))
    return tuple(values)
