"""How much one person can hold, for every door: the person form, the services,
the command line, a merge, an import and a restore.

The caps are generous: no real person comes near them (a busy address book
holds a handful of emails and phones per person). They exist so that one odd
file (a card with 50,000 EMAIL lines) cannot make a person whose pages take
minutes to show. Each door says the same thing when a cap is reached: a form,
the command line and a merge refuse with ``Cap.refusal``; an import keeps the
values up to the cap and reports the rest in the record's outcome
(``over_limit``); a restore refuses the file, naming the row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cap:
    """At most ``limit`` rows of one kind per person; ``key`` is the kind's
    name on the person (``person.contact_points``) and in a backup."""

    key: str
    name: str
    """What the rows are called, in the plural ("addresses")."""
    limit: int

    def refusal(self, count: int | None = None) -> str:
        """Why ``count`` rows (or one more) cannot be kept on one person."""
        said = f"A person can have at most {self.limit:,} {self.name}"
        if count is None or count <= self.limit:
            return f"{said}: remove one before adding another."
        extra = count - self.limit
        return f"{said}, and this would be {count:,}: remove {_how_many(extra)} first."


def _how_many(count: int) -> str:
    return "one" if count == 1 else f"{count:,}"


CONTACT_POINTS = Cap("contact_points", "emails, phones and web addresses", 50)
"""Emails, phones, web addresses and social handles, together."""
ADDRESSES = Cap("addresses", "addresses", 20)
KEY_DATES = Cap("key_dates", "key dates", 50)
RELATIONSHIPS = Cap("relationships", "relationships", 100)
"""Family, friends and colleagues named on the person (not those who name them)."""
LIFE_EVENTS = Cap("life_events", "life events", 100)
JOBS = Cap("jobs", "jobs in their work history", 50)

CAPS = {
    cap.key: cap for cap in (CONTACT_POINTS, ADDRESSES, KEY_DATES, RELATIONSHIPS, LIFE_EVENTS, JOBS)
}
"""Every cap by its key: the related name on ``Person`` and the backup section."""

EXTRAS = Cap("extras", "imported extras", 500)
"""Lines of imported extras an import keeps on one person (not a row kind: not in ``CAPS``)."""

NOTE_LENGTH = 20_000
"""The most characters a person's notes hold (an import or a merge keeps what
does not fit whole, with the person's imported extras)."""

OVER_LIMIT = "not imported, over the limit"
"""How an import's report of values beyond a cap begins."""
SHOWN = 3
"""How many of the values beyond a cap the report names."""
SHOWN_LENGTH = 60


def over_limit(cap: Cap, values: list[str]) -> str:
    """One line of an import's report for the ``values`` a record had beyond
    ``cap``: how many, and the first few as the file wrote them."""
    shown = [v if len(v) <= SHOWN_LENGTH else f"{v[: SHOWN_LENGTH - 1]}…" for v in values[:SHOWN]]
    more = len(values) - len(shown)
    listed = ", ".join(shown) + (f" and {more:,} more" if more else "")
    return f"{OVER_LIMIT} of {cap.limit:,} {cap.name} a person can have: {len(values):,} ({listed})"
