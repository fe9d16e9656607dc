"""Many new rows of one model in a few statements, for imports.

``QuerySet.bulk_create`` builds its SQL anew for every batch, field by field
through the query compiler, and on SQLite it holds a batch to 999 values (about
thirty people). For the tens of thousands of people, contact points, addresses
and dates of a large address book that is a third of the import's time. Here
the ``INSERT`` is written once per model from its concrete fields and the
values go straight to the database driver:

- ``insert_rows``: one prepared statement, the rows through ``executemany``;
  no ids come back, so it is for rows nothing in the same import refers to.
- ``insert_returning``: many rows per statement, as many as the database takes
  values, with ``RETURNING`` the new ids set on the rows (the people, whose
  contact points and addresses are written next).

Neither sends signals. The columns come from the model, so a new field is
written without touching this module; its default is the model's, as in
``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.db import connection, models

from keepwarm.lib import collector

BATCH = 2000
MAX_VALUES = 30_000
"""Values in one statement at most: under SQLite's and PostgreSQL's own limits
(32,766 and 65,535), and a statement of a size the driver handles well."""


BULK_GENERATION_0 = 50_000
"""Allocations between two young-generation collections while an import runs
(Python's default is 700)."""


def fewer_collections() -> AbstractContextManager[None]:
    """Collect cyclic garbage less often while a file is parsed or imported.

    An import allocates hundreds of thousands of small objects that live until
    it ends, and Python's collector walks all of them again and again: at the
    default thresholds that is an eighth of a 10,000-card import's time. The
    threshold is the whole process's, and the web server runs imports in
    several threads: ``lib.collector`` gives it back when the last one ends."""
    return collector.fewer_collections(BULK_GENERATION_0)


def insert_rows(
    model: type[models.Model], rows: Sequence[models.Model], *, skip_existing: bool = False
) -> None:
    """Insert ``rows`` (unsaved instances of ``model``) as they are; with
    ``skip_existing``, a row a unique constraint already holds is left out."""
    fields = _fields(model)
    for start in range(0, len(rows), BATCH):  # a batch's values at a time
        batch = [_values(row, fields) for row in rows[start : start + BATCH]]
        insert_values(model, batch, skip_existing=skip_existing)


def values_of(model: type[models.Model], rows: Sequence[models.Model]) -> list[tuple[Any, ...]]:
    """The values ``insert_rows`` would write for ``rows``, worked out now: tuples
    take a fraction of the memory of model instances, for an import that keeps
    what it will write until the end. A foreign key to a row not saved yet
    stays that row until ``insert_values`` writes the values."""
    fields = _fields(model)
    return [_values(row, fields, unsaved=True) for row in rows]


def insert_values(
    model: type[models.Model], values: Sequence[tuple[Any, ...]], *, skip_existing: bool = False
) -> None:
    """Insert rows of ``values_of`` (each row saved since in its place by its id)."""
    if not values:
        return
    sql = _insert(model, _fields(model), 1) + (" ON CONFLICT DO NOTHING" if skip_existing else "")
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            batch = values[start : start + BATCH]
            cursor.executemany(sql, [tuple(map(_saved_id, row)) for row in batch])


def _saved_id(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def insert_returning(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert ``rows`` and set each one's new primary key, as ``bulk_create`` does."""
    if not rows:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(rows)  # pragma: no cover - SQLite < 3.35
        return
    fields = _fields(model)
    per = max(1, min(_max_values() // len(fields), len(rows)))
    pk = model._meta.pk
    returning = f" RETURNING {connection.ops.quote_name(pk.column)}"
    statements: dict[int, str] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per):
            batch = rows[start : start + per]
            if len(batch) not in statements:
                statements[len(batch)] = _insert(model, fields, len(batch)) + returning
            values = [value for row in batch for value in _values(row, fields)]
            cursor.execute(statements[len(batch)], values)
            # The ids come back in the order of the rows, as bulk_create also relies on.
            for row, (new_id,) in zip(batch, cursor.fetchall(), strict=True):
                setattr(row, pk.attname, new_id)
                row._state.adding = False
                row._state.db = connection.alias


def _max_values() -> int:
    """How many values the database takes in one statement (capped at ``MAX_VALUES``)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return min(limit, MAX_VALUES)
    return MAX_VALUES


_TEXT = (models.CharField, models.TextField, models.EmailField, models.URLField)
_WHOLE = (
    models.SmallIntegerField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.ForeignKey,
)
PLAIN: dict[type, tuple[type, ...]] = {
    **{cls: (str, type(None)) for cls in _TEXT},
    **{cls: (int, type(None)) for cls in _WHOLE},
    models.BooleanField: (bool,),
}
"""Field classes (exactly these: a subclass may convert) whose value of these types
goes to the database as it is, so ``_values`` skips ``get_db_prep_save``."""


class _Column:
    __slots__ = ("attname", "field", "foreign", "plain")

    def __init__(self, field: Any) -> None:
        self.field, self.attname = field, field.attname
        self.plain: tuple[type, ...] = PLAIN.get(type(field), ())
        self.foreign = bool(field.many_to_one)


def _fields(model: type[models.Model]) -> list[_Column]:
    fields = model._meta.concrete_fields
    return [_Column(f) for f in fields if not f.primary_key and not f.generated]


def _insert(model: type[models.Model], fields: list[_Column], rows: int) -> str:
    """``INSERT INTO table (columns) VALUES (%s, …), …`` for ``rows`` rows."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c.field.column) for c in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = ", ".join([marks] * rows)
    # Only the model's own table and column names, quoted: no value is in the text.
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608


def _values(row: models.Model, columns: list[_Column], unsaved: bool = False) -> tuple[Any, ...]:
    values = []
    for column in columns:
        value = getattr(row, column.attname)
        if column.foreign and value is None and column.field.is_cached(row):
            # A foreign key to a row saved after this one was made (the new person);
            # with ``unsaved``, to one not saved yet: the row, for ``insert_values``.
            other = getattr(row, column.field.name)
            if other is not None and other.pk is None and unsaved:
                values.append(other)
                continue
            value = other.pk if other is not None else None
            setattr(row, column.attname, value)
        if type(value) not in column.plain:
            field = column.field
            value = field.get_db_prep_save(field.pre_save(row, True), connection)
        values.append(value)
    return tuple(values)
