"""``keepwarm warmcalls``: who do I know at a company, in an industry, in a role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

from keepwarm.cli import output
from keepwarm.cli.app import USAGE_ERROR, App, CliError, pass_app
from keepwarm.lib.words import COLD, plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

NOTHING_ASKED = "Give --company, --industry or --role, or start a job hunt in the web app."
MAX_TEXT = 200


@dataclass
class Row:
    """One person to call, from the ranking (warmth times relevance) or the plain search."""

    person: Any
    warmth: int | None
    reasons: list[str]
    relevance: int
    score: float | None
    warm_up: bool
    first: Any = None
    """What comes before any ask (``cards.FirstStep``): a warm-up, condolences…"""

    @property
    def label(self) -> str:
        from keepwarm.planner.warmth import label

        return "" if self.warmth is None else label(self.warmth)


def _text(value: str | None, option: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > MAX_TEXT:
        raise CliError(f"{option}: at most {MAX_TEXT} characters.", USAGE_ERROR)
    if "\x00" in value:
        raise CliError(f"{option}: that text holds a NUL character.", USAGE_ERROR)
    return value


@click.command()
@click.option("--company", metavar="NAME", help="Works or worked there (former employees too).")
@click.option("--industry", metavar="NAME", help="In this industry, now or before.")
@click.option("--role", metavar="TITLE", help="In this role or job title, now or before.")
@click.option("--text", metavar="WORDS", help="Anything else: names, cities, tags, notes.")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="At most this many.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of objects).")
@pass_app
def warmcalls(
    app: App,
    company: str | None,
    industry: str | None,
    role: str | None,
    text: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Who do I know at a company, in an industry or a role? Warmest first.

    Finds people who work there now, former employees (from their work
    history), and tags and notes that mention it. With an active job hunt and
    no options, ranks by the hunt's goal. Cold but relevant people get a
    friendly warm-up touch suggested first, never an ask.

    \b
    Examples:
      keepwarm warmcalls --company Acme
      keepwarm warmcalls --industry fintech --role engineer --json
      keepwarm warmcalls --text "#climbing"
      keepwarm warmcalls                 # the active job hunt's goal
    """
    asked = {
        "company": _text(company, "--company"),
        "industry": _text(industry, "--industry"),
        "role": _text(role, "--role"),
        "text": _text(text, "--text"),
    }
    rows = find(app.user, {k: v for k, v in asked.items() if v}, limit)
    _add_first_steps(rows, app.user)
    if as_json:
        output.print_json([as_record(row, app.user) for row in rows])
        return
    show(rows, app.user)


def find(user: User, asked: dict[str, str], limit: int) -> list[Row]:
    """Ranked by the job-hunt ranking when it can say (no free text), else by the search."""
    if not asked:
        return _hunt_rows(user, limit)
    if "text" not in asked:
        from keepwarm.warmcalls.ranking import Goal

        goal = Goal(
            companies=_one(asked.get("company")),
            roles=_one(asked.get("role")),
            industries=_one(asked.get("industry")),
        )
        return _ranked(user, goal, limit)
    from keepwarm.warmcalls.search import who_do_i_know

    found = who_do_i_know(user, **asked, limit=limit)
    return [Row(m.person, m.warmth, m.reasons, m.strength, None, _cold(m.warmth)) for m in found]


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _cold(warmth: int | None) -> bool:
    from keepwarm.planner.warmth import label

    return warmth is not None and label(warmth) == COLD


def _hunt_rows(user: User, limit: int) -> list[Row]:
    from keepwarm.warmcalls.outcomes import active_hunt

    hunt = active_hunt(user)
    if hunt is None:
        raise CliError(NOTHING_ASKED, USAGE_ERROR)
    from keepwarm.warmcalls.ranking import Goal

    goal = Goal.of(hunt)
    if goal.is_empty:
        raise CliError(
            "Your job hunt has no goal yet: add target companies, roles or industries "
            "in the web app (Warm calls), or give --company, --industry or --role.",
            USAGE_ERROR,
        )
    return _ranked(user, goal, limit)


def _ranked(user: User, goal: Any, limit: int) -> list[Row]:
    from keepwarm.warmcalls.ranking import rank

    return [
        Row(c.person, c.warmth, c.reasons, c.relevance, c.score, c.warm_up)
        for c in rank(user, goal, limit=limit)
    ]


def _add_first_steps(rows: list[Row], user: User) -> None:
    """What comes before any ask, as each call card says it: a friendly warm-up
    touch for a cold person; condolences within weeks of a death in the family."""
    from django.utils import timezone

    from keepwarm.warmcalls.call_cards import first_steps

    cold = {row.person.pk for row in rows if row.warm_up}
    found = first_steps(user, [row.person for row in rows], cold, timezone.localdate())
    for row in rows:
        row.first = found.get(row.person.pk)


def warm_up_touch(row: Row) -> str | None:
    """The friendly touch before any ask, for a cold person."""
    return (row.first.touch or None) if row.first else None


def not_now(row: Row) -> str | None:
    """Why not to ask now, when news holds the ask."""
    return (row.first.pause or None) if row.first else None


def as_record(row: Row, user: User) -> dict[str, Any]:
    person = row.person
    return {
        "id": person.pk,
        "name": person.display_name,
        "company": person.company,
        "job_title": person.job_title,
        "warmth": row.warmth,
        "label": row.label or None,
        "relevance": row.relevance,
        "score": row.score,
        "reasons": row.reasons,
        "last_touch": person.last_touch_on,
        "archived": person.archived,
        "warm_up": warm_up_touch(row),
        "not_now": not_now(row),
    }


def show(rows: list[Row], user: User) -> None:
    if not rows:
        output.console(stderr=True).print("No one matches. Try a shorter word or fewer options.")
        return
    table = output.table(
        ("id", "person", "warmth", "why", "last touch"),
        [
            [
                row.person.pk,
                row.person.display_name + (" (archived)" if row.person.archived else ""),
                f"{row.label} {row.warmth}" if row.label else "—",
                "; ".join(row.reasons),
                row.person.last_touch_on or "never",
            ]
            for row in rows
        ],
    )
    console = output.console()
    console.print(table)
    for row in rows:
        step = row.first
        if step is None:
            continue
        said = step.pause or step.touch
        if step.pause and step.touch:
            said += f" Start with {step.touch}."
        console.print(Text(f"{step.first}: {row.person.display_name} — {said}"))
    console.print(plural(len(rows), "person", "people"), style="dim")
