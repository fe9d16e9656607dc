"""What a backup holds: its sections, in the order a restore creates them.

Each section is the rows of one model, with every concrete field except the
database id, the owner, the columns the services recompute and those the
database computes (``GeneratedField``). The list of
fields is read from the models, so a new field is backed up (and checked by
the round-trip test) without touching this file; ``docs/backup.md`` must then
describe it, and the format version must go up (a test compares the two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from keepwarm.lib.words import plural

FORMAT = "keepwarm-backup"
VERSION = 8

# The account row itself: only what says who it is (never the password hash).
ACCOUNT_FIELDS = ("username", "email", "first_name", "last_name", "date_joined")


@dataclass(frozen=True)
class Section:
    """The rows of one model: ``refs`` maps a foreign key to the section it points
    into, ``many`` a many-to-many field to its section, ``derived`` lists the
    columns a restore recomputes rather than reads."""

    name: str
    model_label: str
    refs: dict[str, str] = field(default_factory=dict)
    many: dict[str, str] = field(default_factory=dict)
    derived: tuple[str, ...] = ()
    # Values a many-to-many link row needs besides its two ends (TouchPerson.date).
    link_values: Callable[[Any], dict[str, Any]] = lambda obj: {}

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def fields(self) -> list[models.Field]:
        """The model's columns written to the file, in the model's order."""
        skip = {"id", "owner", *self.derived}
        fields = self.model._meta.concrete_fields
        return [f for f in fields if f.name not in skip and not f.generated]

    def keys(self) -> list[str]:
        """Every key of one row in the file."""
        return ["id", *(f.name for f in self.fields()), *self.many]


def _touch_link(touch: Any) -> dict[str, Any]:
    return {"date": touch.date}


SECTIONS: tuple[Section, ...] = (
    Section("circles", "contacts.Circle"),
    Section("tags", "contacts.Tag"),
    Section("touch_kinds", "touches.TouchKind"),
    Section(
        "people",
        "contacts.Person",
        refs={"circle": "circles"},
        many={"tags": "tags"},
        derived=("search_text", "last_touch_on", "plan_mark"),
    ),
    Section("contact_points", "contacts.ContactPoint", refs={"person": "people"}),
    Section("addresses", "contacts.Address", refs={"person": "people"}),
    Section("key_dates", "contacts.KeyDate", refs={"person": "people"}),
    Section("relationships", "contacts.Relationship", refs={"person": "people", "other": "people"}),
    Section("life_events", "contacts.LifeEvent", refs={"person": "people"}),
    Section("jobs", "contacts.Job", refs={"person": "people"}),
    Section(
        "touches",
        "touches.Touch",
        refs={"kind": "touch_kinds"},
        many={"people": "people"},
        link_values=_touch_link,
    ),
    Section("follow_ups", "touches.FollowUp", refs={"person": "people", "touch": "touches"}),
    Section("choices", "planning.Choice", refs={"kind": "touch_kinds"}),
    Section(
        "not_duplicates", "contacts.NotDuplicate", refs={"first": "people", "second": "people"}
    ),
    Section("greeting_templates", "occasions.GreetingTemplate"),
    Section("card_runs", "occasions.CardRun", many={"circles": "circles", "tags": "tags"}),
    Section(
        "card_recipients",
        "occasions.CardRecipient",
        refs={"run": "card_runs", "address": "addresses", "touch": "touches"},
        many={"people": "people"},
    ),
    Section("trips", "occasions.Trip"),
    Section(
        "postcards",
        "occasions.Postcard",
        refs={"trip": "trips", "person": "people", "address": "addresses", "touch": "touches"},
    ),
    Section("gatherings", "occasions.Gathering", refs={"invitation_touch": "touches"}),
    Section(
        "invitations",
        "occasions.Invitation",
        refs={"gathering": "gatherings", "person": "people", "touch": "touches"},
    ),
    Section("import_mappings", "imports.SavedMapping"),
    Section("job_hunts", "warmcalls.JobHunt", many={"tags": "tags"}),
    Section(
        "call_outcomes",
        "warmcalls.CallOutcome",
        refs={"hunt": "job_hunts", "person": "people", "touch": "touches"},
    ),
)


PROFILE_LABEL = "accounts.Profile"


def profile_fields() -> list[models.Field]:
    model = apps.get_model(PROFILE_LABEL)
    return [f for f in model._meta.concrete_fields if f.name not in {"id", "user"}]


REMINDERS_LABEL = "reminders.ReminderSettings"


def reminder_fields() -> list[models.Field]:
    """When the user wants emails and greetings, the feed's secret and what was
    last sent (so a restored account sends no digest twice)."""
    model = apps.get_model(REMINDERS_LABEL)
    return [f for f in model._meta.concrete_fields if f.name not in {"id", "user"}]


def top_level_keys() -> list[str]:
    return [
        "format",
        "version",
        "exported_at",
        "account",
        "profile",
        "reminders",
        *(s.name for s in SECTIONS),
    ]


# How to name a section's rows in a message: one, many.
_WORDS = {
    "people": ("person", "people"),
    "addresses": ("address", "addresses"),
    "touches": ("touch", "touches"),
    "follow_ups": ("follow-up", "follow-ups"),
    "not_duplicates": ("pair marked not the same", "pairs marked not the same"),
}


def describe(counts: dict[str, int]) -> str:
    """``{"people": 1, "touches": 3}`` -> "1 person, 3 touches" (empty sections left out)."""
    parts = []
    for name, count in counts.items():
        many = name.replace("_", " ")
        one, many = _WORDS.get(name, (many[:-1], many))
        if count:
            parts.append(plural(count, one, many))
    return ", ".join(parts)
