"""The planner from a terminal: today's and this week's agenda, the year's plan,
and the agenda actions (done, skip, snooze).

Every command reads the same cached plan as the web app (52 weeks from today in
the user's time zone), so an item id printed by one command is the id the
others accept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import FAILURE, App, CliError, check_length, pass_app
from keepwarm.cli.params import DATE
from keepwarm.lib.words import plural, weekday_date

PLAN_WEEKS = 52
COLUMNS = ("id", "day", "kind", "minutes", "people", "reason")


def item_record(user_plan: Any, item: Any) -> dict[str, Any]:
    """One item as JSON: the shape documented in docs/cli.md."""
    people = [user_plan.people[pid] for pid in item.people if pid in user_plan.people]
    return {
        "id": item.id,
        "date": item.date.isoformat(),
        "kind": item.kind,
        "minutes": item.minutes,
        "people": [{"id": p.id, "name": p.name, "email": p.email} for p in people],
        "reason": item.reason,
    }


def week_record(user_plan: Any, week: Any) -> dict[str, Any]:
    return {
        "start": week.start.isoformat(),
        "budget_minutes": week.budget_minutes,
        "planned_minutes": week.planned_minutes,
        "beyond_minutes": week.beyond_minutes,
        "items": [item_record(user_plan, item) for item in week.items],
    }


def budget_line(week: Any) -> str:
    """``45 of 60 minutes planned, 15 already spent``."""
    line = f"{week.planned_minutes} of {plural(week.budget_minutes, 'minute')} planned"
    if week.spent_minutes:
        line += f", {week.spent_minutes} already spent"
    if week.beyond_minutes:
        line += f"; occasions kept {week.beyond_minutes} beyond the budget"
    return line


def items_table(user_plan: Any, items: Sequence[Any], title: str) -> output.Grid:
    rows = [
        (
            item.id,
            weekday_date(item.date),
            item.kind,
            item.minutes,
            ", ".join(user_plan.names(item)),
            item.reason,
        )
        for item in items
    ]
    # An id is copied whole into `keepwarm done`.
    return output.table(COLUMNS, rows, title=title, fixed=("id", "day"))


def week_title(week: Any) -> str:
    return f"Week of {weekday_date(week.start)} {week.start.year}: {budget_line(week)}"


def current_plan(app: App) -> tuple[Any, dt.date]:
    """The user's plan from today (their local date), and today."""
    from django.utils import timezone

    from keepwarm.plans import services

    user = app.user  # activates the user's time zone first
    today = timezone.localdate()
    return services.current(user, today, weeks=PLAN_WEEKS), today


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of items instead.")
@pass_app
def today(app: App, as_json: bool) -> None:
    """Today's agenda: the items of today, then those of the coming days that
    can already be done (a birthday greeting can be written and scheduled a few
    days ahead). The home page and the daily email mean the same by "today".

    \b
    Examples:
      keepwarm today
      keepwarm done birthday-4-2026
      keepwarm today --json
    """
    user_plan, day = current_plan(app)
    due, ahead = user_plan.plan.due_on(day), user_plan.plan.open_ahead(day)
    records = [item_record(user_plan, item) for item in [*due, *ahead]]
    empty = "Nothing planned for today. The rest of the week: keepwarm week"
    if output.json_or_empty(records, as_json, empty):
        return
    console = output.console()
    if due:
        title = f"Today, {weekday_date(day)}: {plural(len(due), 'item')}"
        console.print(items_table(user_plan, due, title))
    else:
        console.print(f"Nothing planned for today, {weekday_date(day)}.")
    if ahead:
        title = f"Can be done ahead: {plural(len(ahead), 'item')}"
        console.print(items_table(user_plan, ahead, title))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
@pass_app
def week(app: App, as_json: bool) -> None:
    """This week's agenda, against your weekly budget.

    The budget line counts the minutes planned and those already spent on
    touches logged this week.

    \b
    Examples:
      keepwarm week
      keepwarm week --json
    """
    user_plan, _day = current_plan(app)
    current = user_plan.plan.weeks[0]
    if as_json:
        output.print_json(
            {**week_record(user_plan, current), "spent_minutes": current.spent_minutes}
        )
        return
    if not current.items:
        output.console().print(f"{week_title(current)}. Nothing more planned this week.")
        return
    output.console().print(items_table(user_plan, current.items, week_title(current)))


@click.command()
@click.option(
    "--weeks",
    "-w",
    type=click.IntRange(1, PLAN_WEEKS),
    default=PLAN_WEEKS,
    show_default=True,
    help="How many weeks from this one.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of weeks instead.")
@pass_app
def plan(app: App, weeks: int, as_json: bool) -> None:
    """The plan for the coming weeks (up to 52): minutes and items.

    \b
    Examples:
      keepwarm plan --weeks 4
      keepwarm plan --json
    """
    user_plan, _day = current_plan(app)
    chosen = user_plan.plan.weeks[:weeks]
    if as_json:
        output.print_json([week_record(user_plan, one) for one in chosen])
        return
    console = output.console()
    for one in chosen:
        if one.items:
            console.print(items_table(user_plan, one.items, week_title(one)))
        else:
            console.print(f"{week_title(one)}. Nothing planned.")
        console.print()


def gone(exc: Exception) -> CliError:
    message = " ".join(getattr(exc, "messages", [str(exc)]))
    return CliError(f"{message} See the current ids with `keepwarm week` or `keepwarm plan`.")


def check_item_id(item: str) -> str:
    if not item.strip():
        raise click.UsageError(
            "Name an item by its id, e.g. birthday-4-2026 (see `keepwarm week`)."
        )
    return item.strip()


@click.command()
@click.argument("item")
@click.option("--note", "-n", default="", help="What you talked about.")
@pass_app
def done(app: App, item: str, note: str) -> None:
    """Log a planned item as done today.

    ITEM is an id from `keepwarm today`, `week` or `plan`; the touch is
    logged with the item's kind and people, dated today.

    \b
    Examples:
      keepwarm done birthday-4-2026
      keepwarm done r-97-2026-11-23 --note "she starts at Acme in January"
    """
    from keepwarm.plans import services
    from keepwarm.touches.models import Touch

    item_id = check_item_id(item)
    check_length(Touch, "note", note, "--note")
    try:
        touch = services.mark_done(app.user, item_id, note=note)
    except services.ItemGone as exc:
        raise gone(exc) from None
    names = ", ".join(p.display_name for p in touch.people.order_by("sort_name", "id"))
    click.echo(f"Logged {touch.kind.label} with {names} today (touch {touch.pk}).")


@click.command()
@click.argument("item")
@pass_app
def skip(app: App, item: str) -> None:
    """Skip a planned item: it is not suggested again.

    ITEM is an id from `keepwarm today`, `week` or `plan`; the plan uses
    the time for something else.

    \b
    Example:
      keepwarm skip r-97-2026-11-23
    """
    from keepwarm.plans import services

    item_id = check_item_id(item)
    user_plan, _day = current_plan(app)
    try:
        skipped = services.skip(app.user, item_id)
    except services.ItemGone as exc:
        raise gone(exc) from None
    names = ", ".join(user_plan.names(skipped))
    when = weekday_date(skipped.date)
    click.echo(f"Skipped the {skipped.kind} for {names} on {when}. {services.after_skip(skipped)}")


DURATION = re.compile(r"^\s*(\d{1,4})\s*([dw])\s*$", re.IGNORECASE)


class DurationType(click.ParamType):
    """A span of days or weeks: ``3d``, ``2w``."""

    name = "Nd|Nw"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.timedelta:
        if isinstance(value, dt.timedelta):
            return value
        found = DURATION.match(str(value))
        if found is None:
            self.fail(f"{value!r} is not a span like 3d (days) or 2w (weeks).", param, ctx)
        count, unit = int(found[1]), found[2].lower()
        return dt.timedelta(days=count * (7 if unit == "w" else 1))


def snooze_end(today: dt.date, until: dt.date | None, span: dt.timedelta | None) -> dt.date:
    if span is not None:
        if not span:
            raise CliError("--for: snooze for at least one day.", FAILURE)
        return today + span
    end = until or today
    if end <= today:
        raise CliError(
            f"--until: {end.isoformat()} is not after today ({today.isoformat()}); "
            "snooze until a later day.",
            FAILURE,
        )
    return end


@click.command()
@click.argument("person")
@click.option("--until", type=DATE, help="The first day things may be planned again.")
@click.option(
    "--for", "span", type=DurationType(), metavar="Nd|Nw", help="Or a span from today: 3d, 2w."
)
@pass_app
def snooze(app: App, person: str, until: dt.date | None, span: dt.timedelta | None) -> None:
    """Plan nothing for a person until a date.

    PERSON is an id, an email or a name. --until is the first day things may
    be planned for them again; --for counts days (3d) or weeks (2w) from today.

    \b
    Examples:
      keepwarm snooze "Jane Doe" --until 2027-01-15
      keepwarm snooze jane@example.com --for 2w
    """
    from django.utils import timezone

    from keepwarm.cli import lookup
    from keepwarm.plans import services

    if (until is None) == (span is None):
        raise click.UsageError("Say how long: --until YYYY-MM-DD or --for 2w.")
    user = app.user
    found = lookup.person(user, person)
    day = timezone.localdate()
    end = snooze_end(day, until, span)
    services.snooze(user, found, end, today=day)
    click.echo(
        f"Snoozed {found.display_name} until {end.isoformat()}: nothing is planned "
        "for them before then."
    )
