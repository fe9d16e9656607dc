"""Cursor pagination: a list answers ``items`` and ``next_cursor``; passing
the cursor back as ``?cursor=`` gives the page after. A cursor holds where the
last page ended (its sort values and id, not a row number), so rows added or
deleted meanwhile neither repeat nor skip a row.

A cursor is opaque to a client: base64url JSON of the sort it was made for
and the last row's key. One made for another sort, or not ours, is a 400.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from keepwarm.api.problems import ApiError

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Order = Sequence[tuple[str, bool]]
"""(field, descending) pairs, the last one unique (``id``)."""


def encode(sort: str, key: Sequence[Any]) -> str:
    values = [v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in key]
    raw = json.dumps({"s": sort, "k": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, sort: str, size: int) -> list[Any]:
    """The key in ``cursor``; ``ApiError`` 400 for one that is not a cursor of
    this list and sort."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        key = data["k"]
        ok = data["s"] == sort and isinstance(key, list) and len(key) == size
        ok = ok and all(isinstance(v, str | int | float | bool) for v in key)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        ok = False
    if not ok:
        raise ApiError(
            400,
            "This cursor is not one this list gave for this sort: start again without it.",
            errors=[{"field": "cursor", "message": "Not a cursor of this list."}],
        )
    return list(key)


def after(order: Order, key: Sequence[Any]) -> Q:
    """The rows after ``key`` in ``order``."""
    condition = Q(pk__in=[])
    equal = Q()
    for (field, descending), value in zip(order, key, strict=True):
        condition |= equal & Q(**{f"{field}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{field: value})
    return condition


def keyset(
    rows: QuerySet[Any],
    order: Order,
    sort: str,
    cursor: str | None,
    limit: int,
    key_of: Callable[[Any], Sequence[Any]],
) -> tuple[list[Any], str | None]:
    """One page of ``rows`` in ``order`` after ``cursor``, and the next cursor."""
    ordered = rows.order_by(*(f"-{f}" if d else f for f, d in order))
    if cursor:
        try:
            ordered = ordered.filter(after(order, decode(cursor, sort, len(order))))
            page = list(ordered[: limit + 1])
        except (ValueError, TypeError) as error:  # a value of the wrong type for its field
            raise ApiError(
                400,
                "This cursor is not one this list gave: start again without it.",
                errors=[{"field": "cursor", "message": "Not a cursor of this list."}],
            ) from error
    else:
        page = list(ordered[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return page, encode(sort, key_of(page[-1])) if more and page else None


def by_position(
    ids: Sequence[int], sort: str, cursor: str | None, limit: int
) -> tuple[list[int], str | None]:
    """One page of ``ids``, a list ordered in Python (by warmth): the cursor
    holds the last id given, and the page goes on after it."""
    start = 0
    if cursor:
        (last,) = decode(cursor, sort, 1)
        try:
            start = list(ids).index(last) + 1
        except ValueError:
            raise ApiError(
                400,
                "The row this cursor ended on is gone from the list: start again.",
                errors=[{"field": "cursor", "message": "The list changed under it."}],
            ) from None
    page = list(ids[start : start + limit])
    more = start + limit < len(ids)
    return page, encode(sort, [page[-1]]) if more and page else None
