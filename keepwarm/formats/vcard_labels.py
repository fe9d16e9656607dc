"""Plain labels from vCard TYPE parameters and Apple ``X-ABLabel`` tokens."""

from __future__ import annotations

import re

from keepwarm.formats import records

ANNIVERSARY_PROPS = frozenset(
    {
        "X-MS-ANNIVERSARY",
        "X-EVOLUTION-ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-KADDRESSBOOK-X-ANNIVERSARY",
    }
)
SPOUSE_PROPS = frozenset(
    {"X-EVOLUTION-SPOUSE", "X-MS-SPOUSE", "X-SPOUSE", "X-KADDRESSBOOK-X-SPOUSENAME"}
    | {"X-KADDRESSBOOK-X-SPOUSESNAME"}  # what KAddressBook itself writes
)
COLLEAGUE_PROPS = frozenset(
    {"X-MS-MANAGER", "X-MS-ASSISTANT", "X-EVOLUTION-MANAGER", "X-EVOLUTION-ASSISTANT"}
)

_APPLE_TOKEN = re.compile(r"^_\$!<(.*)>!\$_$")
_IGNORED_TYPES = frozenset(
    {"pref", "internet", "voice", "x400", "postal", "parcel", "dom", "intl", "msg", "text"}
)
_TYPE_LABELS = {"cell": "mobile", "homepage": "homepage", "main": "main", "iphone": "mobile"}


def plain_label(label: str) -> str:
    """``_$!<HomePage>!$_`` → ``home page``; ``CustomRelationship`` stays as written."""
    match = _APPLE_TOKEN.match(label.strip())
    if not match:
        return label.strip()
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", match[1])
    return words.strip().lower()


def label_for(kind: str, types: list[str], group_label: str = "") -> str:
    """The label for an email, phone, URL, address or date.

    An ``X-ABLabel`` of the property's group wins; otherwise the TYPE values
    that carry meaning, e.g. ``home``, ``mobile``, ``work fax``.
    """
    if group_label:
        return plain_label(group_label)
    meaningful = [t for t in types if t not in _IGNORED_TYPES and not t.startswith("x-")]
    if kind == "phones" and "fax" in meaningful and len(meaningful) > 1:
        place = next((t for t in meaningful if t in {"home", "work"}), "")
        return f"{place} fax".strip()
    return _TYPE_LABELS.get(meaningful[0], meaningful[0]) if meaningful else ""


def relation_kind(labels: list[str]) -> str:
    """spouse, partner, child, parent, sibling, friend, colleague or other."""
    for label in labels:
        kind = records.relation_kind(plain_label(label).lower().removeprefix("x-"))
        if kind:
            return kind
    return "other"
