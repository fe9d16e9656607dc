"""Search over people: one folded text column per person, and the filter on it.

Both the stored ``search_text`` and what the user types go through ``fold``,
so "Zoe" finds "Zoë", "obrien" finds "O'Brien" and "strasse" finds "Straße".
The column is a plain substring match (``LIKE '%word%'``), which the covering
index of migration 0002 serves on SQLite.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q

# Apostrophes are dropped ("O'Brien" is "obrien"); letters that Unicode does not
# decompose into a base letter and a mark get their usual Latin spelling.
# ' and its typographic cousins: right and left quotation mark, modifier letter
# apostrophe, grave and acute accent.
_DROPPED = "'\u2019\u2018\u02bc`\u00b4"
_LETTERS = str.maketrans(
    {
        **dict.fromkeys(_DROPPED, ""),
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
    }
)


def fold(text: str) -> str:
    """``text`` compared loosely: case, accents and apostrophes ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_LETTERS)


def search_text(person: Any, points: Iterable[str] = (), tags: Iterable[str] = ()) -> str:
    """The folded words a person is found by: names, company, city, contact
    values and ``#tags``. ``person`` may be a historical model in a migration."""
    words = [
        person.display_name,
        person.prefix,
        person.given_name,
        person.additional_names,
        person.family_name,
        person.suffix,
        person.nickname,
        person.company,
        person.job_title,
        person.industry,
        person.city,
        *points,
        *("#" + t for t in tags),
    ]
    return fold(" ".join(w for w in words if w))


def search_texts(person_model: Any, point_model: Any, people: Sequence[Any]) -> None:
    """Set ``search_text`` on ``people`` (not saved), in two queries."""
    ids = [p.pk for p in people]
    points: dict[int, list[str]] = {}
    rows = point_model.objects.filter(person_id__in=ids).values_list(
        "person_id", "value", "normalized"
    )
    for person_id, value, normalized in rows:
        points.setdefault(person_id, []).extend([value, normalized])
    tags: dict[int, list[str]] = {}
    links = person_model.tags.through.objects.filter(person_id__in=ids)
    for person_id, name in links.values_list("person_id", "tag__name"):
        tags.setdefault(person_id, []).append(name)
    for person in people:
        person.search_text = search_text(person, points.get(person.pk, []), tags.get(person.pk, []))


def search_filter(query: str) -> Q:
    """People matching every word of ``query`` in name, email, phone, company or tag."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(search_text__contains=word.lstrip("#") if word != "#" else word)
    return condition
