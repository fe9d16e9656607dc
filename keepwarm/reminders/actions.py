"""What a signed email link does: describe its agenda item or follow-up, and
mark it done or snooze it for a week, with the same services the web pages use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from keepwarm.lib.words import weekday_date
from keepwarm.mail.links import SNOOZE_DAYS, Link
from keepwarm.owned import owned, parse_id
from keepwarm.plans import services
from keepwarm.touches.models import FollowUp
from keepwarm.touches.services import complete_follow_up

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


class Gone(Exception):
    """The item left the plan, or the follow-up was deleted: nothing to act on."""


@dataclass(frozen=True)
class Target:
    """What a link points at, for its confirmation page."""

    title: str
    who: str
    done: bool = False


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _item(user: User, ident: str, today: dt.date) -> tuple[Any, str]:
    try:
        item, names = services.find_named(user, ident, today)
    except services.ItemGone:
        raise Gone(ident) from None
    return item, _names(names)


def _follow_up(user: User, ident: str) -> FollowUp:
    pk = parse_id(ident)
    found = owned(FollowUp, user).select_related("person").filter(pk=pk).first() if pk else None
    if found is None:
        raise Gone(ident)
    return found


def describe(link: Link, today: dt.date) -> Target:
    """The link's item or follow-up (``Gone`` when there is none any more)."""
    if link.target == "item":
        item, names = _item(link.user, link.ident, today)
        return Target(item.kind[:1].upper() + item.kind[1:], names)
    follow_up = _follow_up(link.user, link.ident)
    return Target(follow_up.text, follow_up.person.display_name, follow_up.done_at is not None)


def snooze_until(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=SNOOZE_DAYS)


@transaction.atomic
def perform(link: Link, today: dt.date) -> str:
    """Do what the link says; the sentence that tells what was done."""
    if link.target == "item":
        return _act_on_item(link, today)
    return _act_on_follow_up(link, today)


def _act_on_item(link: Link, today: dt.date) -> str:
    item, names = _item(link.user, link.ident, today)
    if link.action == "done":
        elsewhere = services.done_elsewhere(item)
        if elsewhere:
            return elsewhere
        touch = services.mark_done(link.user, item.id, today)
        return f"Logged {touch.kind.label} with {names} today."
    until = snooze_until(today)
    services.snooze_item(link.user, item.id, until, today)
    before = weekday_date(until, long=True)
    return f"Snoozed {names} for a week: nothing is planned for them before {before}."


def _act_on_follow_up(link: Link, today: dt.date) -> str:
    follow_up = _follow_up(link.user, link.ident)
    who = follow_up.person.display_name
    if follow_up.done_at is not None:
        return f"“{follow_up.text}” for {who} was already done."
    if link.action == "done":
        complete_follow_up(follow_up)
        return f"Done: “{follow_up.text}” for {who}."
    follow_up.due = snooze_until(today)
    follow_up.save(update_fields=["due"])
    return f"Moved “{follow_up.text}” for {who} to {weekday_date(follow_up.due, long=True)}."
