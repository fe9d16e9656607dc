"""Display helpers for the agenda and plan pages: the warmth meter, and where an
item about a party is done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from keepwarm.lib.words import warmth_class
from keepwarm.planner import model, parties
from keepwarm.planner.warmth import label
from keepwarm.plans import services

register = template.Library()


@register.inclusion_tag("web/agenda/_warmth.html")
def warmth_meter(warmth: Mapping[int, int] | int | None, pk: Any = None) -> dict[str, Any]:
    """``{% warmth_meter 72 %}``, or ``{% warmth_meter warmth person.pk %}`` to look a
    person up in a mapping of id → warmth. Nothing is shown for an unknown person."""
    value = warmth.get(pk) if isinstance(warmth, Mapping) else warmth
    if not isinstance(value, int):
        return {"value": None}
    value = max(0, min(100, value))
    word = label(value)
    return {"value": value, "warmth_class": warmth_class(word), "word": word}


@register.simple_tag
def agenda_link(item: model.Item) -> dict[str, str] | None:
    """Where an item about a party is done: a proposed party is planned on a new
    gathering ("Plan it", with its day and name); a gathering's invitations and
    its evening (who came) on the gathering's page. None for other items.
    ``done`` says whether the agenda's Done stays beside the link."""
    done = "no" if services.done_elsewhere(item) else "yes"
    party = parties.planned_party(item)
    if party is not None:
        query = urlencode({"title": party[1], "date": party[0].isoformat()})
        return {"label": "Plan it", "url": f"{reverse('gathering_new')}?{query}", "done": done}
    pk = parties.gathering_of(item.id)
    if pk is None:
        return None
    says = "Who came" if item.occasion == "party" else "Invite"
    return {"label": says, "url": reverse("gathering", args=[pk]), "done": done}
