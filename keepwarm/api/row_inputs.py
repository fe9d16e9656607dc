"""What a client sends to change a person's rows (``person_rows``): a row to
add (``…In``, as the person form takes it), the fields to change (``…Patch``:
a field left out stays as it is; only a field that may be empty takes null),
and the lists answered.

Texts are ``shapes.Text`` no longer than their column; kinds are the models'
choices, so the document lists them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from keepwarm.api.shapes import (
    AddressOut,
    Body,
    ContactPointOut,
    Id,
    IsoDate,
    JobOut,
    KeyDateOut,
    LifeEventOut,
    RelationshipOut,
    Text,
)
from keepwarm.contacts.models import (
    Address,
    ContactKind,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    LifeEventKind,
    RelationKind,
    Relationship,
)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


UNSENT: Any = Field(default=None, json_schema_extra=_no_default)
"""A field a change may leave out (then it stays as it is); never null."""


def _text(model: type[Any], field: str) -> Any:
    """A text a client sends for ``model.field``, no longer than the column."""
    return Annotated[Text, Field(max_length=model._meta.get_field(field).max_length)]


ContactPointValue = _text(ContactPoint, "value")
ContactPointLabel = _text(ContactPoint, "label")
AddressLabel = _text(Address, "label")
AddressStreet = _text(Address, "street")
AddressLocality = _text(Address, "locality")
AddressRegion = _text(Address, "region")
AddressPostcode = _text(Address, "postcode")
KeyDateLabel = _text(KeyDate, "label")
RelationshipOtherName = _text(Relationship, "other_name")
LifeEventNote = _text(LifeEvent, "note")
JobCompany = _text(Job, "company")
JobRole = _text(Job, "role")
JobIndustry = _text(Job, "industry")
PointKind = Literal[tuple(ContactKind.values)]  # type: ignore[valid-type]
RelationKindName = Literal[tuple(RelationKind.values)]  # type: ignore[valid-type]
EventKind = Literal[tuple(LifeEventKind.values)]  # type: ignore[valid-type]
Month = Annotated[int, Field(ge=1, le=12)]
Day = Annotated[int, Field(ge=1, le=31)]
Year = Annotated[int, Field(ge=1850, le=9999)]
Country = Annotated[
    Text,
    Field(
        max_length=100,
        description="A two-letter code (DE) or a country's name (Deutschland); empty for none.",
    ),
]


# Contact points ------------------------------------------------------------------------


class ContactPointIn(Body):
    kind: PointKind = "email"
    value: ContactPointValue = Field(
        description="An email, a phone (read in your country unless it starts with +), "
        "a web address or a social handle."
    )
    label: ContactPointLabel = ""
    preferred: bool = Field(
        default=False, description="The one to use for its kind: one per kind at most."
    )


class ContactPointPatch(Body):
    kind: PointKind = UNSENT
    value: ContactPointValue = UNSENT
    label: ContactPointLabel = UNSENT
    preferred: bool = UNSENT


class ContactPointList(Schema):
    items: list[ContactPointOut]


# Addresses -----------------------------------------------------------------------------


class AddressIn(Body):
    label: AddressLabel = ""
    street: AddressStreet = Field(default="", description="Street lines, one a line.")
    locality: AddressLocality = Field(
        default="", description="The city: an address needs a street or a city."
    )
    region: AddressRegion = ""
    postcode: AddressPostcode = ""
    country: Country = ""
    is_mailing: bool = Field(default=False, description="Where cards go: one address at most.")


class AddressPatch(Body):
    label: AddressLabel = UNSENT
    street: AddressStreet = UNSENT
    locality: AddressLocality = UNSENT
    region: AddressRegion = UNSENT
    postcode: AddressPostcode = UNSENT
    country: Country = UNSENT
    is_mailing: bool = UNSENT


class AddressList(Schema):
    items: list[AddressOut]


# Key dates -----------------------------------------------------------------------------


class KeyDateIn(Body):
    label: KeyDateLabel = Field(min_length=1, description="What the day is: anniversary, name day…")
    month: Month
    day: Day
    year: Year | None = Field(default=None, description="Left out when not known.")


class KeyDatePatch(Body):
    label: KeyDateLabel = UNSENT
    month: Month = UNSENT
    day: Day = UNSENT
    year: Year | None = Field(default=None, description="null forgets the year.")


class KeyDateList(Schema):
    items: list[KeyDateOut]


# Relationships -------------------------------------------------------------------------

OTHER_ID = "One of your people (their id): give it or other_name, not both."
OTHER_NAME = "The name of someone not in your network: give it or other_id, not both."


class RelationshipIn(Body):
    kind: RelationKindName = Field(description="What the other is to this person.")
    other_id: Id | None = Field(default=None, description=OTHER_ID)
    other_name: RelationshipOtherName = Field(default="", description=OTHER_NAME)


class RelationshipPatch(Body):
    kind: RelationKindName = UNSENT
    other_id: Id | None = Field(
        default=None, description=OTHER_ID + " Sending one alone clears other_name."
    )
    other_name: RelationshipOtherName = Field(
        default=None,
        description=OTHER_NAME + " Sending one alone clears other_id.",
        json_schema_extra=_no_default,
    )


class RelationshipList(Schema):
    items: list[RelationshipOut]


# Life events ---------------------------------------------------------------------------


class LifeEventIn(Body):
    kind: EventKind
    date: IsoDate = Field(description="When it happened (at most a year ahead).")
    note: LifeEventNote = ""


class LifeEventPatch(Body):
    kind: EventKind = UNSENT
    date: IsoDate = UNSENT
    note: LifeEventNote = UNSENT


class LifeEventList(Schema):
    items: list[LifeEventOut]


# Jobs ----------------------------------------------------------------------------------


class JobIn(Body):
    company: JobCompany = Field(min_length=1)
    role: JobRole = ""
    industry: JobIndustry = ""
    started: IsoDate | None = Field(default=None, description="At most a year ahead.")
    ended: IsoDate | None = Field(
        default=None, description="Left out while they work there; never in the future."
    )


class JobPatch(Body):
    company: JobCompany = UNSENT
    role: JobRole = UNSENT
    industry: JobIndustry = UNSENT
    started: IsoDate | None = Field(default=None, description="null forgets it.")
    ended: IsoDate | None = Field(default=None, description="null: they work there again.")


class JobList(Schema):
    items: list[JobOut]
