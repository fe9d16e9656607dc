"""Which circle a newcomer from an import probably belongs in, and why.

Pure: what is known of one newcomer (``Facts``, read by ``triage``) and the
user's circles in, a ``Suggestion`` or None out. Each thing known votes for a
place (a circle, or ``OUT``: not in my network) with a weight; the place with
the most weight wins, the closer circle on a tie. Nothing known, nothing
suggested: the user decides, or puts the rest somewhere at once.

- touches logged in the last year: the circle whose yearly target is nearest (3);
- a relationship with someone already sorted, either way round: their place (3);
- a family name shared with people already sorted: the place most of them have (2);
- a company shared with people already sorted: the place most of them have (1);
- in two or more imports (several address books): the default circle (1);
- an organisation with no touch: not in my network (1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

OUT = "out"
"""The place of someone who is not in my network (archived)."""
Place = int | str
"""A circle's id, or ``OUT``."""

TOUCHES, RELATIVE, FAMILY, COLLEAGUE, SOURCES, ORGANISATION = 3, 3, 2, 1, 1, 1
"""How much each thing known weighs."""


@dataclass(frozen=True)
class Circle:
    id: int
    name: str
    per_year: int


@dataclass(frozen=True)
class Known:
    """Someone already sorted, as a newcomer's relative, family or colleague."""

    name: str
    place: Place
    said: str = ""
    """How they are related, for a relative ("Tom Keller's spouse")."""


@dataclass(frozen=True)
class Facts:
    """What an import (and the user since) knows of one newcomer."""

    touches: int = 0
    """Touches logged with them in the last year."""
    relatives: tuple[Known, ...] = ()
    family_name: str = ""
    family: tuple[Known, ...] = ()
    company: str = ""
    colleagues: tuple[Known, ...] = ()
    sources: int = 1
    """How many imports held them."""
    organisation: bool = False


@dataclass(frozen=True)
class Suggestion:
    place: Place
    reasons: tuple[str, ...]
    weight: int

    @property
    def out(self) -> bool:
        return self.place == OUT


@dataclass
class _Votes:
    weight: Counter[Place] = field(default_factory=Counter)
    reasons: dict[Place, list[str]] = field(default_factory=dict)

    def add(self, place: Place, weight: int, reason: str) -> None:
        self.weight[place] += weight
        self.reasons.setdefault(place, []).append(reason)


def suggest(
    facts: Facts, circles: Sequence[Circle], default: int | None = None
) -> Suggestion | None:
    """The likeliest place for a newcomer among ``circles`` (closest first) and
    ``OUT``; ``default``: the circle people are added to."""
    names: dict[Place, str] = {c.id: c.name for c in circles}
    names[OUT] = "not in your network"
    order: dict[Place, int] = {c.id: i for i, c in enumerate(circles)}
    order[OUT] = len(circles)
    votes = _Votes()
    nearest = _nearest(facts.touches, circles)
    if nearest is not None:
        votes.add(nearest, TOUCHES, f"{_touches(facts.touches)} logged in the last year")
    for weight, known, say in (
        (RELATIVE, facts.relatives, _relative),
        (FAMILY, facts.family, lambda k, n: _like(f"Family name {facts.family_name}", k, n)),
        (COLLEAGUE, facts.colleagues, lambda k, n: _like(f"Works at {facts.company}", k, n)),
    ):
        place = _most(known, order)
        if place is not None:
            chosen = [k for k in known if k.place == place]
            votes.add(place, weight, say(chosen, names[place]))
    if facts.sources >= 2 and default is not None and default in names:
        votes.add(default, SOURCES, f"In {facts.sources} of your imports")
    if facts.organisation and not facts.touches:
        votes.add(OUT, ORGANISATION, "An organisation, not a person")
    if not votes.weight:
        return None
    best = min(votes.weight, key=lambda p: (-votes.weight[p], order.get(p, len(order))))
    return Suggestion(best, tuple(votes.reasons[best]), votes.weight[best])


def _nearest(touches: int, circles: Sequence[Circle]) -> int | None:
    """The circle whose yearly target is nearest to ``touches`` (the closer on a tie)."""
    aims = [c for c in circles if c.per_year > 0]
    if touches <= 0 or not aims:
        return None
    return min(aims, key=lambda c: (abs(c.per_year - touches), -c.per_year)).id


def _most(known: Sequence[Known], order: dict[Place, int]) -> Place | None:
    """The place most of ``known`` have (the closer on a tie)."""
    counts = Counter(k.place for k in known if k.place in order)
    if not counts:
        return None
    return min(counts, key=lambda p: (-counts[p], order[p]))


def _touches(count: int) -> str:
    return f"{count} touch" if count == 1 else f"{count} touches"


def _relative(known: Sequence[Known], where: str) -> str:
    return f"{known[0].said or known[0].name} ({where})" + _more(known)


def _like(what: str, known: Sequence[Known], where: str) -> str:
    return f"{what}, like {known[0].name} ({where})" + _more(known)


def _more(known: Sequence[Known]) -> str:
    return f" and {len(known) - 1} more" if len(known) > 1 else ""
