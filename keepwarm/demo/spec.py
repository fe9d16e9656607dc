"""The demo network as plain data, before it is written to the database.

Touches, follow-ups, gatherings and calls refer to people by their index in
``Network.people``; a follow-up to its touch by the index in ``Network.touches``,
a gathering or a call to its touch by the ``TouchSpec`` itself (the touches are
sorted by date once all are made).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from keepwarm.demo.places import HOME, Place


@dataclass
class ContactSpec:
    kind: str  # "email", "phone" or "url"
    value: str
    label: str = ""
    preferred: bool = False


@dataclass
class AddressSpec:
    street: str
    locality: str
    region: str
    postcode: str
    country: str
    label: str = "home"
    is_mailing: bool = True


@dataclass
class DateSpec:
    label: str
    month: int
    day: int
    year: int | None = None


@dataclass
class RelationSpec:
    kind: str  # a RelationKind value
    other: PersonSpec | None = None  # another demo person
    other_name: str = ""  # or someone who is not a contact


@dataclass
class EventSpec:
    kind: str  # a LifeEventKind value
    date: dt.date
    note: str = ""


@dataclass
class PersonSpec:
    given: str
    family: str
    circle: str  # "Close", "Core" or "Wide"
    group: str  # how the user knows them: "college", "climbing", ...
    place: Place
    gender: str = "x"  # "f", "m" or "x": picks names for partners
    culture: str = "anglo"
    latin: str = ""  # the name in Latin letters, for email addresses
    nickname: str = ""
    prefix: str = ""
    tags: list[str] = field(default_factory=list)
    company: str = ""
    job_title: str = ""
    industry: str = ""
    how_we_met: str = ""
    notes: str = ""
    birthday: DateSpec | None = None
    birth_year: int = 1985  # for realism of partners, children and retirement
    deceased_on: dt.date | None = None
    archived: bool = False
    paused_until: dt.date | None = None
    contacts: list[ContactSpec] = field(default_factory=list)
    addresses: list[AddressSpec] = field(default_factory=list)
    key_dates: list[DateSpec] = field(default_factory=list)
    relations: list[RelationSpec] = field(default_factory=list)
    events: list[EventSpec] = field(default_factory=list)
    met_on: dt.date | None = None  # None: known since before the history starts
    quiet_after: dt.date | None = None  # gone cold: no routine touches after this day
    key: str = ""  # a name the story code uses to find this person

    @property
    def display_name(self) -> str:
        first = self.nickname or self.given
        return f"{first} {self.family}".strip()

    @property
    def first(self) -> str:
        return self.nickname or self.given

    @property
    def is_home(self) -> bool:
        return self.place is HOME

    def has(self, kind: str) -> bool:
        return any(c.kind == kind for c in self.contacts)


@dataclass
class TouchSpec:
    date: dt.date
    kind: str  # a touch kind label
    people: tuple[int, ...]
    note: str = ""


@dataclass
class FollowUpSpec:
    person: int
    due: dt.date
    text: str
    created_on: dt.date
    done_on: dt.date | None = None
    touch: int | None = None


@dataclass
class GatheringSpec:
    """A party the user hosts: a past one with who came (its two touches are the
    history's), or the coming one with the answers so far (no touch yet)."""

    title: str
    date: dt.date
    invited_on: dt.date
    guests: tuple[int, ...]
    answers: dict[int, str]  # guest → "", "yes", "no" or "maybe"
    came: tuple[int, ...] = ()
    invitation: TouchSpec | None = None  # everyone the invitation reached
    party: TouchSpec | None = None  # everyone who came
    time: dt.time | None = None
    place: str = ""
    note: str = ""


@dataclass
class CallSpec:
    """One warm call of the job hunt, as ``warmcalls.outcomes.log_outcome`` keeps it."""

    person: int
    outcome: str  # a ``CallOutcome.Outcome`` value
    date: dt.date
    note: str = ""
    touch: TouchSpec | None = None  # none for "no answer"


@dataclass
class HuntSpec:
    started_on: dt.date
    companies: tuple[str, ...]
    roles: tuple[str, ...]
    industries: tuple[str, ...]
    cities: tuple[str, ...]
    note: str
    calls: list[CallSpec] = field(default_factory=list)


@dataclass
class Network:
    today: dt.date
    people: list[PersonSpec]
    touches: list[TouchSpec] = field(default_factory=list)
    follow_ups: list[FollowUpSpec] = field(default_factory=list)
    gatherings: list[GatheringSpec] = field(default_factory=list)
    hunt: HuntSpec | None = None
    card_year: int | None = None
    """The year of the holiday-card run in progress: the last December with a card out."""
