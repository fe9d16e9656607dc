"""The API's routes for warm calls: whom to call about a company or the job
hunt's goal, ranked as the warm-calls page ranks them
(``warmcalls.ranking.ranked_calls``: warmth times relevance, the cold ones
last with a warm-up first)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from keepwarm.api.problems import Problem
from keepwarm.api.shapes import Text
from keepwarm.api.week_plan import Shape
from keepwarm.warmcalls.call_cards import first_steps
from keepwarm.warmcalls.outcomes import active_hunt
from keepwarm.warmcalls.ranking import Goal, ranked_calls, warm_enough

router = Router(tags=["calls"])

MAX_QUERY = 150
"""As long as a company of the job hunt's goal may be."""
MAX_CALLS = 100
"""The most the warm-calls page lists."""


class CallsQuery(Schema):
    q: Text = Field(
        default="",
        max_length=MAX_QUERY,
        description="A company: the people tied to it (as the page's company search). "
        "Empty: the active job hunt's goal (none without a job hunt).",
    )
    limit: int = Field(default=20, ge=1, le=MAX_CALLS)


class CallPerson(Shape):
    id: int
    display_name: str
    company: str
    job_title: str
    last_touch_on: dt.date | None


class FirstStepOut(Shape):
    first: str
    """ "warm up first", "condolences first"…"""
    touch: str
    """The touch to make before any ask ("" when none)."""
    pause: str
    """Why there is no ask now, when news holds it ("" when none)."""


class WarmCallOut(Shape):
    person: CallPerson
    warmth: int
    """0-100, the planner's."""
    word: str
    """"warm", "cooling" or "cold"."""
    relevance: int
    score: float
    """Relevance scaled by warmth: the order of the list (the cold ones last)."""
    reasons: list[str]
    """Why they can help: "works at Acme", "knows Jane Doe (sister), who works at Acme"…"""
    warm_up: bool
    """Cold: a friendly touch first, not an ask."""
    first_step: FirstStepOut | None
    """What comes before any ask, as the call card says it."""


class WarmCallsOut(Shape):
    company: str
    """The company searched ("" for the job hunt's goal)."""
    hunt: bool
    """Job-hunt mode is on: its goal's roles, industries, cities and tags add to
    the relevance."""
    total: int
    """How many calls the page lists (at most 100); ``items`` holds the first ``limit``."""
    warm_count: int
    """How many of those are warm enough to ask, with no warm-up first."""
    items: list[WarmCallOut]


@router.get(
    "/warm-calls", response={200: WarmCallsOut, 422: Problem}, operation_id="get_warm_calls"
)
def get_warm_calls(request: HttpRequest, params: Query[CallsQuery]) -> WarmCallsOut:
    """Whom to call about a company (``q``), or about the job hunt's goal, best
    first: the warm-calls page's list, with each call card's first step."""
    hunt = active_hunt(request.user)
    goal = Goal.of(hunt) if hunt is not None else Goal()
    company = " ".join(params.q.split())
    ranked = ranked_calls(request.user, goal, company, limit=MAX_CALLS)
    calls = ranked[: params.limit]
    cold = {call.person.pk for call in calls if call.warm_up}
    steps = first_steps(request.user, [call.person for call in calls], cold, timezone.localdate())
    items = []
    for call in calls:
        person, step = call.person, steps.get(call.person.pk)
        items.append(
            WarmCallOut(
                person=CallPerson(
                    id=person.pk,
                    display_name=person.display_name,
                    company=person.company,
                    job_title=person.job_title,
                    last_touch_on=person.last_touch_on,
                ),
                warmth=call.warmth,
                word=call.label,
                relevance=call.relevance,
                score=call.score,
                reasons=call.reasons,
                warm_up=call.warm_up,
                first_step=FirstStepOut(first=step.first, touch=step.touch, pause=step.pause)
                if step
                else None,
            )
        )
    return WarmCallsOut(
        company=company,
        hunt=hunt is not None,
        total=len(ranked),
        warm_count=warm_enough(ranked),
        items=items,
    )
