"""jCard (RFC 7095, vCard as JSON) read into the same cards as the text pre-pass."""

from __future__ import annotations

import json
from typing import Any

from keepwarm.formats.vcard_prepass import Prop, RawCard
from keepwarm.formats.vcard_render import escape


def looks_like_json(text: bytes) -> bool:
    return text.lstrip()[:1] == b"["


def jcard_cards(text: bytes) -> list[RawCard]:
    """The cards of a jCard file (one card or a list of cards); [] when it is not jCard."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if _is_card(data):
        data = [data]
    if not isinstance(data, list) or not all(_is_card(item) for item in data):
        return []
    lines = _card_lines(text.decode("utf-8", "replace"))
    cards = []
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else 1
        props = [_prop(line, entry) for entry in item[1] if _is_property(entry)]
        cards.append(RawCard(line, props))
    return cards


def _is_card(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and item[0] == "vcard"
        and isinstance(item[1], list)
    )


def _is_property(entry: Any) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) >= 4
        and isinstance(entry[0], str)
        and isinstance(entry[1], dict)
        and isinstance(entry[2], str)
    )


def _card_lines(text: str) -> list[int]:
    lines, start = [], 0
    while (found := text.find('"vcard"', start)) >= 0:
        lines.append(text.count("\n", 0, found) + 1)
        start = found + 1
    return lines


def _prop(line: int, entry: list[Any]) -> Prop:
    name, params, kind, *values = entry
    pairs = [("VALUE", kind)] if kind in {"text", "uri", "date", "date-and-or-time"} else []
    for key, value in params.items():
        for one in value if isinstance(value, list) else [value]:
            # A list written as one string ("work,voice") is a list all the same.
            parts = str(one).split(",") if str(key).upper() == "TYPE" else [str(one)]
            pairs.extend((str(key).upper(), part) for part in parts)
    group = str(params.get("group", ""))
    text = ",".join(_value_text(value) for value in values)
    return Prop(line=line, name=name.upper(), value=text, group=group, params=tuple(pairs))


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        parts = [
            ",".join(escape(str(v)) for v in part) if isinstance(part, list) else escape(str(part))
            for part in value
        ]
        return ";".join(parts)
    return escape(str(value))
