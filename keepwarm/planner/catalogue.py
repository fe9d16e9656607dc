"""The touch-kind catalogue every new account starts with.

``minutes`` is per person; a batchable kind also has a ``setup``, minutes once
per session, and the planner groups it into sessions (see docs/planner.md,
"Batch sessions"):

* a holiday card: 20 minutes an evening to get the cards and stamps out and print
  the label sheet, then 3 a card (a line and a signature; the address is a label);
* a postcard: 15 minutes to buy cards and stamps on the trip, then 3 a card;
* a party invitation: one mail to all guests, 10 minutes, and 1 a guest;
* a party: the hosting (shopping, cooking, clearing up), 150 minutes, whoever
  comes (1 a guest, to count them); the hours with the guests are the touch.

A birthday greeting is on its own day, written from a template: 3 minutes.
A text message (5 minutes, to a phone) and an email or note (10) are the plain
routine touches: the planner alternates them (``routine.plain_kinds``).
"""

from __future__ import annotations

from typing import NamedTuple


class DefaultKind(NamedTuple):
    label: str
    minutes: int
    channel: str
    needs: str
    weight: str
    batchable: bool
    occasion: str
    setup: int = 0


DEFAULT_KINDS = (
    DefaultKind("holiday card", 3, "mail", "address", "1.0", True, "holiday", 20),
    DefaultKind("birthday greeting", 3, "digital", "birthday", "1.0", False, "birthday"),
    DefaultKind("coffee", 60, "in_person", "same_city", "3.0", False, ""),
    DefaultKind("lunch", 90, "in_person", "same_city", "3.5", False, ""),
    DefaultKind("check-in call", 20, "phone", "phone", "2.0", False, ""),
    DefaultKind("offer to help", 30, "digital", "email", "2.5", False, "help"),
    DefaultKind("condolence", 20, "mail", "", "3.0", False, "condolence"),
    DefaultKind("postcard", 3, "mail", "address", "1.0", True, "trip", 15),
    DefaultKind("party invitation", 1, "digital", "email", "0.5", True, "gathering", 10),
    DefaultKind("party", 1, "in_person", "", "3.0", True, "party", 150),
    DefaultKind("email or note", 10, "digital", "", "1.0", False, ""),
    DefaultKind("meeting", 45, "in_person", "same_city", "2.5", False, ""),
    DefaultKind("text message", 5, "digital", "phone", "0.8", False, ""),
)
