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


def search_text(
    person: Any, points: Iterable[str] = (), tags: Iterable[str] = (), jobs: Iterable[str] = ()
) -> str:
    """The folded words a person is found by: names, company, city, contact
    values, ``#tags`` and past jobs (company, role, industry), so "acme" finds a
    former employee too. ``person`` may be a historical model in a migration."""
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
        *jobs,
    ]
    return fold(" ".join(w for w in words if w))


def search_texts(
    person_model: Any, point_model: Any, people: Sequence[Any], job_model: Any = None
) -> None:
    """Set ``search_text`` on ``people`` (not saved), in two queries (three with
    ``job_model``: migrations older than the work history pass none)."""
    ids = [p.pk for p in people]
    points: dict[int, list[str]] = {}
    # In a set order (each person's points as added, tags by name): the same
    # person gives the same text on every database, after a restore too.
    rows = (
        point_model.objects.filter(person_id__in=ids)
        .order_by("person_id", "id")
        .values_list("person_id", "value", "normalized")
    )
    for person_id, value, normalized in rows:
        points.setdefault(person_id, []).extend([value, normalized])
    tags: dict[int, list[str]] = {}
    links = person_model.tags.through.objects.filter(person_id__in=ids)
    links = links.order_by("person_id", "tag__name")
    for person_id, name in links.values_list("person_id", "tag__name"):
        tags.setdefault(person_id, []).append(name)
    jobs = job_words(job_model, ids) if job_model is not None else {}
    for person in people:
        found = (points.get(person.pk, []), tags.get(person.pk, []), jobs.get(person.pk, []))
        person.search_text = search_text(person, *found)


def job_words(job_model: Any, ids: Sequence[int]) -> dict[int, list[str]]:
    """The words of these people's work history (company, role, industry), by person id."""
    words: dict[int, list[str]] = {}
    rows = job_model.objects.filter(person_id__in=ids).order_by("person_id", "id")
    for person_id, *parts in rows.values_list("person_id", "company", "role", "industry"):
        words.setdefault(person_id, []).extend(p for p in parts if p)
    return words


def search_filter(query: str) -> Q:
    """People matching every word of ``query`` in name, email, phone, company or tag."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(search_text__contains=word.lstrip("#") if word != "#" else word)
    return condition
