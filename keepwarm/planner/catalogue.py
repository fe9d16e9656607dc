"""The touch-kind catalogue every new account starts with."""

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


DEFAULT_KINDS = (
    DefaultKind("holiday card", 10, "mail", "address", "1.0", True, "holiday"),
    DefaultKind("birthday greeting", 5, "digital", "birthday", "1.0", True, "birthday"),
    DefaultKind("coffee", 60, "in_person", "same_city", "3.0", False, ""),
    DefaultKind("lunch", 90, "in_person", "same_city", "3.5", False, ""),
    DefaultKind("check-in call", 20, "phone", "phone", "2.0", False, ""),
    DefaultKind("offer to help", 30, "digital", "email", "2.5", False, "help"),
    DefaultKind("condolence", 20, "mail", "", "3.0", False, "condolence"),
    DefaultKind("postcard", 5, "mail", "address", "1.0", True, "trip"),
    DefaultKind("party invitation", 5, "digital", "email", "0.5", True, "gathering"),
    DefaultKind("party", 30, "in_person", "", "3.0", True, "party"),
    DefaultKind("email or note", 10, "digital", "", "1.0", False, ""),
    DefaultKind("meeting", 45, "in_person", "same_city", "2.5", False, ""),
)
