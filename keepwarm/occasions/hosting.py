"""Gatherings the user hosts: who to invite, the invitations (by email through
the outbox, or copied into the user's own mail app), the answers, and who came.

A guest far from the party is flagged (``whereabouts``).

Nothing is logged when invitations go out. Once the day has come the user
ticks who came: everyone whose invitation reached them shares one light "party
invitation" touch on the day it went out, and everyone who came also shares
one "party" touch on the day (the mail weeks before and the evening are two
times they heard from the user). Saving attendance again changes those
touches; it never adds a second pair.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from keepwarm.contacts.losses import Loss, recently_bereaved
from keepwarm.contacts.models import Circle, ContactPoint, Person
from keepwarm.lib.words import day_month, plural, weekday_date
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions.models import Gathering, Invitation, Phase
from keepwarm.occasions.whereabouts import far_away, places
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind, TouchPerson
from keepwarm.touches.queries import kind_for_occasion
from keepwarm.touches.services import delete_touch, log_touch, update_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

DEFAULT_LIMIT = 12
"""Suggestions for a gathering without a capacity."""
FIRST_NAME = "{first_name}"
"""The one placeholder of an invitation's text."""


# Suggested invitees -------------------------------------------------------------


@dataclass
class Suggestion:
    """Someone to invite, with what makes them a good guest."""

    person: Person
    circle: Circle
    done: int
    """Touches so far this year."""
    behind: float
    """Touches this person is behind their circle's pace for the year."""
    city: str = ""
    """"same" (lives in the user's city), "other", or "" (not known)."""
    last_time: bool = False
    """Invited to the last edition of this (yearly) gathering."""
    reasons: list[str] = field(default_factory=list)
    far: str = ""
    """"lives in Lisbon, Portugal" for a guest far from the party, else ""."""
    lives_in: str = ""
    """Their city as written, when known."""
    mourning: str = ""
    """"lost Carlos on 26 Nov" for someone recently bereaved (condolences come
    before a party: they are suggested last, flagged), else ""."""


def previous_edition(gathering: Gathering) -> Gathering | None:
    """Last time's gathering of the same name, for a yearly one."""
    if not gathering.yearly:
        return None
    earlier = owned(Gathering, gathering.owner).filter(
        title__iexact=gathering.title.strip(), date__lt=gathering.date
    )
    return earlier.exclude(pk=gathering.pk).order_by("-date", "-id").first()


def candidates(user: User, gathering: Gathering) -> Any:
    """People who could be invited: alive, not archived, in a circle with a
    target, not paused on the day, not invited already."""
    invited = Invitation.objects.filter(gathering=gathering).values("person_id")
    return (
        owned(Person, user)
        .active()
        .not_paused_on(gathering.date)
        .filter(circle__touches_per_year__gt=0)
        .exclude(pk__in=invited)
        .select_related("circle")
    )


def _touches_this_year(people: Sequence[Person], today: dt.date) -> dict[int, int]:
    rows = (
        TouchPerson.objects.filter(
            person__in=[p.pk for p in people], date__gte=today.replace(month=1, day=1)
        )
        .filter(date__lte=today)
        .values("person_id")
        .annotate(n=Count("id"))
    )
    return {row["person_id"]: row["n"] for row in rows}


def year_fraction(today: dt.date) -> float:
    """How much of the year has gone by, today included."""
    first = today.replace(month=1, day=1)
    days = (first.replace(year=first.year + 1) - first).days
    return ((today - first).days + 1) / days


def _rate(user: User, gathering: Gathering, today: dt.date) -> list[Suggestion]:
    people = list(candidates(user, gathering))
    done = _touches_this_year(people, today)
    where = places(user, people)
    before = previous_edition(gathering)
    last_time = (
        set(before.invitations.values_list("person_id", flat=True)) if before else set[int]()
    )
    share = year_fraction(today)
    losses = recently_bereaved(user, today)
    found = []
    for person in people:
        count = done.get(person.pk, 0)
        place = where[person.pk]
        found.append(
            Suggestion(
                person=person,
                circle=person.circle,
                done=count,
                behind=person.circle.touches_per_year * share - count,
                city={True: "same", False: "other", None: ""}[place.near],
                last_time=person.pk in last_time,
                far=place.far,
                lives_in=place.city,
                mourning=_mourning(losses.get(person.pk)),
            )
        )
    return found


def _mourning(loss: Loss | None) -> str:
    if loss is None:
        return ""
    day = day_month(loss.date)
    return f"lost {loss.who} on {day}" if loss.who else f"bereaved on {day}"


CITY_ORDER = {"same": 0, "": 1, "other": 2}


def _rank_key(s: Suggestion) -> tuple[Any, ...]:
    last = s.person.last_touch_on or dt.date.min
    return (
        bool(s.mourning),
        not s.last_time,
        CITY_ORDER[s.city],
        -s.behind,
        last,
        s.person.display_name.casefold(),
    )


def _mix(ranked: list[Suggestion], limit: int) -> list[Suggestion]:
    """Round-robin across circles, each circle's best first, so one circle
    does not fill the whole list."""
    queues: dict[int, list[Suggestion]] = defaultdict(list)
    for suggestion in ranked:  # circles in the order of their best candidate
        queues[suggestion.circle.pk].append(suggestion)
    picked: list[Suggestion] = []
    while len(picked) < limit and any(queues.values()):
        for queue in queues.values():
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked


def suggest_invitees(
    user: User, gathering: Gathering, limit: int | None = None, today: dt.date | None = None
) -> list[Suggestion]:
    """Who to invite: last time's guests of a yearly gathering first, then people
    in the user's city, each furthest behind their circle's target for the year
    first, mixed across circles; at most ``limit`` (the places left by default)."""
    if limit is None:
        limit = places_left(gathering)
    if limit <= 0:
        return []
    ranked = sorted(_rate(user, gathering, today or timezone.localdate()), key=_rank_key)
    # People ahead of their target only fill the places the others leave, and
    # the recently bereaved come after everyone (condolences first).
    first = [s for s in ranked if (s.last_time or s.behind > 0) and not s.mourning]
    ahead = [s for s in ranked if not (s.last_time or s.behind > 0) and not s.mourning]
    picked = _mix(first, limit)
    picked += _mix(ahead, limit - len(picked))
    picked += [s for s in ranked if s.mourning][: limit - len(picked)]
    for suggestion in picked:
        suggestion.reasons = reasons(suggestion)
    return picked


def reasons(s: Suggestion) -> list[str]:
    """Why ``s`` is suggested: last time's guest, behind their target, in town.
    Living far away is no reason: it is ``s.far``, a flag of its own."""
    target = s.circle.touches_per_year
    said = [f"{s.done} of {plural(target, 'touch', 'touches')} this year"]
    if s.last_time:
        said.insert(0, "invited last time")
    if s.city == "same":
        said.append(f"lives in {s.lives_in}")
    return said


def places_left(gathering: Gathering) -> int:
    """Places not taken by an invitation (``left``); ``DEFAULT_LIMIT`` without a
    capacity."""
    return counts(gathering).get("left", DEFAULT_LIMIT)


def left(capacity: int, invited: int, declined: int) -> int:
    """The places of a gathering an invitation has not taken: every invitation
    holds its place until its "no" frees it (a guest who has not answered may
    still come). The page's count and the suggestions both say this."""
    return max(capacity - (invited - declined), 0)


# Invitations --------------------------------------------------------------------


def _check_people(gathering: Gathering, people: Iterable[Person]) -> list[Person]:
    unique = list({p.pk: p for p in people}.values())
    if any(p.owner_id != gathering.owner_id for p in unique):
        raise ValidationError("Unknown person.")
    gone = [p.display_name for p in unique if p.deceased]
    if gone:
        raise ValidationError(f"{', '.join(gone)} died: they cannot be invited.")
    return unique


@transaction.atomic
def invite(
    gathering: Gathering, people: Iterable[Person], *, on: dt.date | None = None
) -> list[Invitation]:
    """Put people on the guest list (once each); ``on`` is the day they were
    invited, None while the invitation is still to go out."""
    found = []
    for person in _check_people(gathering, people):
        invitation, made = Invitation.objects.get_or_create(
            gathering=gathering,
            person=person,
            defaults={"owner_id": gathering.owner_id, "invited_on": on},
        )
        if not made and on and invitation.invited_on is None:
            invitation.invited_on = on
            invitation.save(update_fields=["invited_on"])
        found.append(invitation)
    return found


def points_of(people: Iterable[Person], kind: str) -> dict[int, str]:
    """Each person's preferred (else first) email or phone."""
    rows = ContactPoint.objects.filter(person__in=[p.pk for p in people], kind=kind).order_by(
        "-preferred", "id"
    )
    found: dict[int, str] = {}
    for pid, value in rows.values_list("person_id", "value"):
        found.setdefault(pid, value)
    return found


def emails_of(people: Iterable[Person]) -> dict[int, str]:
    """Each person's email address (the preferred one first)."""
    return points_of(people, "email")


def outbox_key(invitation: Invitation) -> str:
    return f"invitation:{invitation.gathering_id}:{invitation.person_id}"


def personal(text: str, person: Person) -> str:
    """The invitation's words for one guest: ``{first_name}`` filled in."""
    return text.replace(FIRST_NAME, person.first_name or person.display_name)


def words(gathering: Gathering) -> tuple[str, str]:
    """The invitation's subject and text, ``{first_name}`` kept: as the user last
    sent them, else made from the gathering."""
    return (
        gathering.invitation_subject or f"Invitation: {gathering.title}",
        gathering.invitation_text or default_text(gathering),
    )


def default_text(gathering: Gathering) -> str:
    """The invitation's words, made from the gathering."""
    when = weekday_date(gathering.date, long=True)
    if gathering.time:
        when += f" at {gathering.time:%H:%M}"
    where = f" at {gathering.place.strip()}" if gathering.place.strip() else ""
    return (
        "Hi {first_name},\n\n"
        f"You're invited: {gathering.title}, on {when}{where}. "
        "It would be lovely to see you there.\n\nCan you come? Just let me know.\n"
    )


def _keep_words(gathering: Gathering, subject: str, text: str) -> None:
    gathering.invitation_subject, gathering.invitation_text = subject, text
    gathering.save(update_fields=["invitation_subject", "invitation_text"])


@transaction.atomic
def invite_by_hand(
    gathering: Gathering, people: Iterable[Person], subject: str, text: str
) -> list[Invitation]:
    """Invite ``people`` from the user's own mail app or phone: on the list as
    invited today, the words kept for them to copy."""
    invitations = invite(gathering, people, on=timezone.localdate())
    _keep_words(gathering, subject, text)
    return invitations


@dataclass(frozen=True)
class Letter:
    """The invitation one guest gets: to their email address (none: the user
    invites them from their own mail app or phone), with their name filled in."""

    person: Person
    to: str
    subject: str
    text: str
    far: str = ""
    """"lives in Lisbon, Portugal" for a guest far from the party."""


def letters(
    gathering: Gathering, people: Iterable[Person], subject: str, text: str
) -> list[Letter]:
    """Each guest's invitation, exactly as ``send_invitations`` queues it; nothing
    is recorded (the preview before sending)."""
    guests = _check_people(gathering, people)
    addresses = emails_of(guests)
    far = far_away(gathering.owner, guests)
    return [
        Letter(
            person=person,
            to=addresses.get(person.pk, ""),
            subject=personal(subject, person),
            text=personal(text, person),
            far=far.get(person.pk, ""),
        )
        for person in guests
    ]


@transaction.atomic
def send_invitations(
    gathering: Gathering, people: Iterable[Person], subject: str, text: str
) -> tuple[list[Invitation], list[Invitation]]:
    """Invite ``people``: one email each through the outbox for those with an
    address (sent by the worker), the one ``letters`` shows; the words are kept
    (``words``). Returns (emailed, to copy): the second are people without an
    email, to invite from the user's own mail app or phone."""
    today = timezone.localdate()
    invitations = invite(gathering, people, on=today)
    _keep_words(gathering, subject, text)
    written = {
        letter.person.pk: letter
        for letter in letters(gathering, [i.person for i in invitations], subject, text)
    }
    emailed, to_copy = [], []
    for invitation in invitations:
        letter = written[invitation.person_id]
        if not letter.to:
            to_copy.append(invitation)
            continue
        outbox.enqueue(
            gathering.owner,
            OutboxMessage.Kind.INVITATION,
            outbox_key(invitation),
            subject=letter.subject,
            text=letter.text,
            to=letter.to,
        )
        emailed.append(invitation)
    return emailed, to_copy


def email_states(gathering: Gathering) -> dict[int, str]:
    """Person id → the state of their invitation email ("queued", "sending",
    "sent", "failed"); people invited without email are absent."""
    prefix = f"invitation:{gathering.pk}:"
    rows = OutboxMessage.objects.filter(owner_id=gathering.owner_id, key__startswith=prefix)
    return {int(key[len(prefix) :]): status for key, status in rows.values_list("key", "status")}


def reached(invitation: Invitation, states: dict[int, str]) -> bool:
    """The invitation went out and did not bounce back for good."""
    return invitation.invited_on is not None and states.get(invitation.person_id) != "failed"


def record_answers(gathering: Gathering, answers: dict[int, str]) -> int:
    """Set each invitation's answer (invitation id → "", yes, no, maybe); how many changed."""
    valid = set(Invitation.Answer.values)
    changed = 0
    for invitation in gathering.invitations.filter(pk__in=list(answers)):
        answer = answers[invitation.pk]
        if answer not in valid:
            raise ValidationError(f"“{answer}” is not an answer.")
        if invitation.answer != answer:
            invitation.answer = answer
            invitation.save(update_fields=["answer"])
            changed += 1
    return changed


# Who came -----------------------------------------------------------------------

OCCASION_NAMES = {"party": "a party", "gathering": "a party invitation"}


def kind_for(user: User, *occasions: str) -> TouchKind:
    """The user's touch kind for the first of ``occasions`` they have one for."""
    found = kind_for_occasion(user, *occasions)
    if found is not None:
        return found
    raise ValidationError(
        f"None of your touch kinds is for {OCCASION_NAMES.get(occasions[0], occasions[0])}: "
        f"give one the occasion “{occasions[0]}” in Settings → Touch kinds, then save again."
    )


def _put(
    touch: Touch | None, people: list[Person], kind: Any, day: dt.date, note: str
) -> Touch | None:
    """The one touch for ``people``: ``touch`` changed, a new one, or none."""
    if not people:
        if touch is not None:
            delete_touch(touch)
        return None
    user = people[0].owner
    if touch is None:
        return log_touch(user, people, kind(), date=day, note=note)
    return update_touch(user, touch, people, date=day, kind=kind(), note=note)


def _old_touches(
    gathering: Gathering, invitations: list[Invitation]
) -> tuple[Touch | None, Touch | None]:
    """The party touch and the invitation touch an earlier save logged (for a
    gathering saved before the invitation touch was kept on it, the touch of a
    guest who did not come)."""
    came = [i.touch for i in invitations if i.came is True and i.touch is not None]
    light = gathering.invitation_touch or next(
        (i.touch for i in invitations if i.came is False and i.touch is not None), None
    )
    return (came[0] if came else None), light


@dataclass
class Attendance:
    came: list[Person]
    invited: list[Person]
    """Invited, reached, and did not come: the invitation was their touch."""
    reached: int
    """Everyone the invitation reached, those who came included."""


@transaction.atomic
def record_attendance(
    gathering: Gathering, came_ids: Iterable[int], today: dt.date | None = None
) -> Attendance:
    """Who came: one light touch ("party invitation") for everyone the invitation
    reached, on the day it went out, and one touch ("party") for all who came,
    on the day. Saving again changes these two touches, never adds more."""
    if gathering.phase_on(today or timezone.localdate()) == Phase.COMING:
        raise ValidationError("Who came can be ticked from the day of the gathering on.")
    user = gathering.owner
    invitations = list(gathering.invitations.select_related("person", "touch"))
    states = email_states(gathering)
    ids = set(came_ids)
    came = [i for i in invitations if i.person_id in ids]
    reached_all = [i for i in invitations if reached(i, states)]
    rest = [i for i in reached_all if i.person_id not in ids]
    old = _old_touches(gathering, invitations)
    party = _put(
        old[0],
        [i.person for i in came],
        lambda: kind_for(user, "party", "gathering"),
        gathering.date,
        gathering.title,
    )
    light = _put(
        old[1] if old[1] != old[0] else None,
        [i.person for i in reached_all],
        lambda: kind_for(user, "gathering"),
        min((i.invited_on for i in reached_all if i.invited_on), default=gathering.date),
        f"Invited to {gathering.title}",
    )
    _keep(invitations, ids, {i.pk for i in rest}, party, light)
    gathering.invitation_touch = light
    gathering.save(update_fields=["invitation_touch"])
    for touch in {t.pk: t for t in old if t is not None and t not in (party, light)}.values():
        if Touch.objects.filter(pk=touch.pk).exists():
            delete_touch(touch)
    return Attendance([i.person for i in came], [i.person for i in rest], len(reached_all))


def _keep(
    invitations: list[Invitation],
    came: set[int],
    reached_ids: set[int],
    party: Touch | None,
    light: Touch | None,
) -> None:
    for invitation in invitations:
        invitation.came = invitation.person_id in came
        invitation.touch = (
            party if invitation.came else light if invitation.pk in reached_ids else None
        )
    Invitation.objects.bulk_update(invitations, ["came", "touch"])


# Next year's --------------------------------------------------------------------


def a_year_later(day: dt.date) -> dt.date:
    """The same day next year (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def next_years(gathering: Gathering) -> dict[str, Any]:
    """What next year's edition starts from: the same gathering a year later."""
    return {
        "title": gathering.title,
        "date": a_year_later(gathering.date),
        "time": gathering.time,
        "place": gathering.place,
        "capacity": gathering.capacity,
        "yearly": True,
        "note": gathering.note,
    }


_COUNTS = {
    "invited": Count("id"),
    "coming": Count("id", filter=Q(answer="yes")),
    "maybe": Count("id", filter=Q(answer="maybe")),
    "declined": Count("id", filter=Q(answer="no")),
    "waiting": Count("id", filter=Q(answer="")),
    "came": Count("id", filter=Q(came=True)),
}


def _with_left(gathering: Gathering, rows: dict[str, int]) -> dict[str, int]:
    if gathering.capacity is not None:
        rows["left"] = left(gathering.capacity, rows["invited"], rows["declined"])
    return rows


def counts(gathering: Gathering) -> dict[str, int]:
    """Invited, coming, maybe, not coming, no answer yet, came, and places left."""
    return _with_left(gathering, gathering.invitations.aggregate(**_COUNTS))


def counts_of(gatherings: list[Gathering]) -> dict[int, dict[str, int]]:
    """``counts`` of each gathering, in one query."""
    empty = dict.fromkeys(_COUNTS, 0)
    rows = (
        Invitation.objects.filter(gathering__in=gatherings)
        .values("gathering")
        .annotate(**_COUNTS)
        .order_by()
    )
    found = {row.pop("gathering"): row for row in rows}
    return {g.pk: _with_left(g, {**empty, **found.get(g.pk, {})}) for g in gatherings}


def listing(user: User, today: dt.date) -> tuple[list[Gathering], list[Gathering]]:
    """The user's gatherings to come (today's included), the soonest first, and
    the past ones, the latest first; each with its ``counts`` as ``tally`` and
    its ``phase`` on ``today``."""
    rows = list(owned(Gathering, user).order_by("date", "id"))
    tallies = counts_of(rows)
    for row in rows:
        row.tally = tallies[row.pk]  # type: ignore[attr-defined]
        row.phase = row.phase_on(today)  # type: ignore[attr-defined]
    past = [g for g in reversed(rows) if g.phase == Phase.OVER]  # type: ignore[attr-defined]
    return [g for g in rows if g.phase != Phase.OVER], past  # type: ignore[attr-defined]
