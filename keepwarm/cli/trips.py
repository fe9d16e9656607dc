"""`keepwarm trips`: trips and their postcards from a terminal — the list, one
trip's postcards, ticking who gets one, who got one (which logs the touches),
and the labels to take along. Every change goes through the service the web
pages use (``keepwarm.occasions.travel``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import App, pass_app
from keepwarm.cli.groups import InOrder, address_lines, labels_of, list_unless_told, mail_table
from keepwarm.cli.params import DATE, ID
from keepwarm.lib.words import plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

LISTING = "keepwarm trips"


def find_trip(user: User, pk: int) -> Any:
    from keepwarm.cli.lookup import owned_row
    from keepwarm.occasions.models import Trip

    return owned_row(user, Trip, pk, "trip", LISTING)


def find_postcards(user: User, trip: Any, references: tuple[str, ...]) -> list[Any]:
    """The postcards of ``trip`` to the people named (id, email or name)."""
    from keepwarm.cli import lookup

    missing = (
        "no postcard on this trip. Only the people on its list can be ticked: "
        f"see them with `keepwarm trips show {trip.pk}`."
    )
    return lookup.rows_of_people(user, trip.postcards.all(), references, missing)


def trip_record(trip: Any) -> dict[str, Any]:
    """A trip with its counts (``Trip.objects.with_counts``) as JSON (the shape in docs/cli.md)."""
    return {
        "id": trip.pk,
        "place": trip.place,
        "start": trip.start,
        "end": trip.end,
        "note": trip.note,
        "chosen": trip.chosen,
        "sent": trip.sent,
    }


def postcard_status(card: Any) -> str:
    if card.sent_on:
        return "sent"
    return "to write" if card.chosen else "not ticked"


def postcard_record(card: Any) -> dict[str, Any]:
    return {
        "person": {"id": card.person.pk, "name": card.person.display_name},
        "chosen": card.chosen,
        "sent_on": card.sent_on,
        "address": address_lines(card.address),
    }


@click.group(cls=InOrder, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the trips as a JSON list.")
@click.pass_context
def trips(ctx: click.Context, as_json: bool) -> None:
    """Trips and postcards: list them (the default), see who gets a postcard,
    tick who gets one and who got one, print the labels to take along. Trips
    are entered in the web app (Occasions → Trips). TRIP is the id the list
    prints; PERSON is an id, an email or a name.

    \b
    Examples:
      keepwarm trips
      keepwarm trips show 2
      keepwarm trips sent 2 "Jane Doe" sam@example.com --date 2026-08-14
      keepwarm trips labels 2 --sheet l7160 -o postcards.pdf
    """
    list_unless_told(ctx, list_trips, as_json)


@trips.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_app
def list_trips(app: App, as_json: bool) -> None:
    """Your trips, the latest first, with their postcards ticked and sent.

    \b
    Examples:
      keepwarm trips list
      keepwarm trips list --json
    """
    from keepwarm.occasions.models import Trip
    from keepwarm.owned import owned

    found = [trip_record(trip) for trip in owned(Trip, app.user).with_counts()]
    output.record_table(
        found,
        as_json,
        empty="No trips yet. Enter one in the web app: Occasions → Trips.",
        title=plural(len(found), "trip"),
        columns={
            "id": "id",
            "place": "place",
            "from": "start",
            "until": "end",
            "postcards": "chosen",
            "sent": "sent",
        },
    )


@trips.command()
@click.argument("trip", type=ID)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
@pass_app
def show(app: App, trip: int, as_json: bool) -> None:
    """One trip: how many postcards fit your budget, and who gets one.

    \b
    Examples:
      keepwarm trips show 2
      keepwarm trips show 2 --json
    """
    from keepwarm.occasions import travel
    from keepwarm.occasions.models import Trip

    user = app.user
    found = Trip.objects.filter(pk=find_trip(user, trip).pk).with_counts().get()
    budget = travel.postcard_budget(user, found, travel.postcard_kind(user))
    cards = list(found.postcards.select_related("person", "address"))
    if as_json:
        output.print_json(
            {
                **trip_record(found),
                "budget": budget,
                "postcards": [postcard_record(card) for card in cards],
            }
        )
        return
    title = (
        f"{found.place} (trip {found.pk}), {found.start.isoformat()} to {found.end.isoformat()}: "
        f"{plural(found.chosen, 'postcard')} ticked, {found.sent} sent; "
        f"your budget fits {budget} in {plural(travel.weeks_of(found), 'week')}"
    )
    if not cards:
        output.console().print(f"{title}. No one to send a postcard to.")
        return
    mail = [
        (
            card.person.pk,
            card.person.display_name,
            postcard_status(card),
            card.sent_on,
            card.address,
        )
        for card in cards
    ]
    output.console().print(mail_table(title, "person", mail))


@trips.command()
@click.argument("trip", type=ID)
@click.argument("person", nargs=-1, required=True)
@pass_app
def tick(app: App, trip: int, person: tuple[str, ...]) -> None:
    """Tick people on the trip's list: they get a postcard.

    \b
    Example:
      keepwarm trips tick 2 "Jane Doe" 14
    """
    _choose(app, trip, person, tick=True)


@trips.command()
@click.argument("trip", type=ID)
@click.argument("person", nargs=-1, required=True)
@pass_app
def untick(app: App, trip: int, person: tuple[str, ...]) -> None:
    """Untick people: they stay on the list, without a postcard. A postcard
    already sent stays ticked (undo that with `keepwarm trips unsent`).

    \b
    Example:
      keepwarm trips untick 2 "Sam Lee"
    """
    _choose(app, trip, person, tick=False)


def _choose(app: App, pk: int, people: tuple[str, ...], *, tick: bool) -> None:
    from keepwarm.occasions import travel

    found = find_trip(app.user, pk)
    named = {card.pk for card in find_postcards(app.user, found, people)}
    ticked = set(found.postcards.filter(chosen=True).values_list("pk", flat=True))
    count = travel.choose(found, ticked | named if tick else ticked - named)
    click.echo(f"Saved: {plural(count, 'postcard')} ticked on the trip to {found.place}.")


@trips.command()
@click.argument("trip", type=ID)
@click.argument("person", nargs=-1, required=True)
@click.option(
    "--date",
    "day",
    type=DATE,
    help="The day they went out [default: the trip's last day, or today while it lasts].",
)
@pass_app
def sent(app: App, trip: int, person: tuple[str, ...], day: dt.date | None) -> None:
    """Mark postcards sent: each logs a postcard touch with its person.

    \b
    Examples:
      keepwarm trips sent 2 "Jane Doe" sam@example.com
      keepwarm trips sent 2 14 --date 2026-08-14
    """
    from keepwarm.occasions import travel

    found = find_trip(app.user, trip)
    when = travel.sent_date(found, day)
    named = {card.pk for card in find_postcards(app.user, found, person)}
    already = set(found.postcards.filter(sent_on__isnull=False).values_list("pk", flat=True))
    logged, _ = travel.mark_sent(found, already | named, when)
    if len(named & already):
        click.echo(f"Already sent, left as they were: {len(named & already)}.", err=True)
    click.echo(f"Logged {plural(logged, 'postcard')} sent on {when.isoformat()}.")


@trips.command()
@click.argument("trip", type=ID)
@click.argument("person", nargs=-1, required=True)
@pass_app
def unsent(app: App, trip: int, person: tuple[str, ...]) -> None:
    """Undo "sent": the postcards are to write again and their touches are deleted.

    \b
    Example:
      keepwarm trips unsent 2 "Jane Doe"
    """
    from django.utils import timezone

    from keepwarm.occasions import travel

    found = find_trip(app.user, trip)
    named = {card.pk for card in find_postcards(app.user, found, person)}
    already = set(found.postcards.filter(sent_on__isnull=False).values_list("pk", flat=True))
    _, undone = travel.mark_sent(found, already - named, timezone.localdate())
    click.echo(f"Undone: {plural(undone, 'postcard')} to write again.")


trips.add_command(labels_of("trip", "TRIP", "a trip's", "postcard ticked"))
