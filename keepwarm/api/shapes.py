"""The shapes the API shows of a person's rows, shared by the person's page
(``GET /people/{id}``) and the routes that change each kind of row."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from keepwarm.contacts.models import Address, ContactPoint, Job, KeyDate, LifeEvent, Relationship


class ContactPointOut(Schema):
    id: int
    kind: str
    label: str
    value: str
    preferred: bool

    @staticmethod
    def of(row: ContactPoint) -> ContactPointOut:
        return ContactPointOut(
            id=row.pk, kind=row.kind, label=row.label, value=row.value, preferred=row.preferred
        )


class AddressOut(Schema):
    id: int
    label: str
    street: str
    locality: str
    region: str
    postcode: str
    country: str
    country_name: str
    is_mailing: bool

    @staticmethod
    def of(row: Address) -> AddressOut:
        return AddressOut(
            id=row.pk,
            label=row.label,
            street=row.street,
            locality=row.locality,
            region=row.region,
            postcode=row.postcode,
            country=row.country,
            country_name=row.country_name,
            is_mailing=row.is_mailing,
        )


class KeyDateOut(Schema):
    id: int
    label: str
    month: int
    day: int
    year: int | None

    @staticmethod
    def of(row: KeyDate) -> KeyDateOut:
        return KeyDateOut(id=row.pk, label=row.label, month=row.month, day=row.day, year=row.year)


class RelationshipOut(Schema):
    id: int
    kind: str
    other_id: int | None
    other_name: str
    """The other person's name: theirs when they are in the network."""

    @staticmethod
    def of(row: Relationship) -> RelationshipOut:
        return RelationshipOut(
            id=row.pk, kind=row.kind, other_id=row.other_id, other_name=row.other_display
        )


class LifeEventOut(Schema):
    id: int
    kind: str
    date: dt.date
    note: str

    @staticmethod
    def of(row: LifeEvent) -> LifeEventOut:
        return LifeEventOut(id=row.pk, kind=row.kind, date=row.date, note=row.note)


class JobOut(Schema):
    id: int
    company: str
    role: str
    industry: str
    started: dt.date | None
    ended: dt.date | None

    @staticmethod
    def of(row: Job) -> JobOut:
        return JobOut(
            id=row.pk,
            company=row.company,
            role=row.role,
            industry=row.industry,
            started=row.started,
            ended=row.ended,
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("A text cannot hold the NUL character.")
    if _SURROGATE.search(value):  # JSON may escape half a character ("\ud800"): not UTF-8
        raise ValueError("A text cannot hold half a character (a lone \\u-escaped surrogate).")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""Every text a client sends: the database never sees a NUL or half a
character (each model's ``full_clean`` holds the rest of the text rule,
``formats.text``)."""

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
"""An id sent in a body or a query: it fits a 64-bit key."""


def _iso_day(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("A date is written YYYY-MM-DD.") from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("A date is written YYYY-MM-DD.")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
"""A date in a body: only ``"YYYY-MM-DD"`` (not a number read as a time stamp)."""


class Body(Schema):
    """A request body: values of exactly the types the document gives (no
    ``"5"`` for 5, no 0 for a date), so what the schema refuses is refused."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value: Any, handler: Any) -> Any:
        # ninja's Schema reads any object's attributes (an ORM row); a body
        # must be a JSON object.
        if not isinstance(value, dict | Body):
            raise ValueError("The body is a JSON object.")
        return handler(value)
