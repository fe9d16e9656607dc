"""`keepwarm gatherings`: the gatherings you host, from a terminal — the list,
one gathering's guests and their answers, recording an answer, and ticking who
came (which logs the touches). Every change goes through the service the web
pages use (``keepwarm.occasions.hosting``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import USAGE_ERROR, App, CliError, pass_app
from keepwarm.cli.groups import InOrder, list_unless_told
from keepwarm.cli.params import ID
from keepwarm.lib.words import plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

LISTING = "keepwarm gatherings"
# The words for an answer on the command line and in JSON ("" is no answer yet).
ANSWER_WORDS = {"yes": "yes", "no": "no", "maybe": "maybe", "none": ""}
COUNT_KEYS = ("invited", "coming", "maybe", "declined", "waiting", "came", "left")


def find_gathering(user: User, pk: int) -> Any:
    from keepwarm.cli.lookup import owned_row
    from keepwarm.occasions.models import Gathering

    return owned_row(user, Gathering, pk, "gathering", LISTING)


def find_invitations(user: User, gathering: Any, references: tuple[str, ...]) -> list[Any]:
    """The invitations of the people named (id, email or name) to ``gathering``."""
    from keepwarm.cli import lookup

    invitations = gathering.invitations.select_related("person")
    missing = (
        f"not invited to {gathering.title}. See the guests with "
        f"`keepwarm gatherings show {gathering.pk}`."
    )
    return lookup.rows_of_people(user, invitations, references, missing)


def gathering_record(gathering: Any) -> dict[str, Any]:
    """A gathering with its ``tally`` as JSON (the shape in docs/cli.md)."""
    return {
        "id": gathering.pk,
        "title": gathering.title,
        "date": gathering.date,
        "time": gathering.time.strftime("%H:%M") if gathering.time else None,
        "place": gathering.place,
        "capacity": gathering.capacity,
        "yearly": gathering.yearly,
        "counts": {key: gathering.tally[key] for key in COUNT_KEYS if key in gathering.tally},
    }


def guest_record(invitation: Any, states: dict[int, str]) -> dict[str, Any]:
    return {
        "person": {"id": invitation.person.pk, "name": invitation.person.display_name},
        "invited_on": invitation.invited_on,
        "answer": invitation.answer or None,
        "email": states.get(invitation.person_id),
        "came": invitation.came,
    }


@click.group(cls=InOrder, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the gatherings as a JSON list.")
@click.pass_context
def gatherings(ctx: click.Context, as_json: bool) -> None:
    """The gatherings you host: list them (the default), see the guests and
    their answers, record an answer, tick who came. Gatherings are planned and
    invitations sent in the web app (Occasions → Gatherings). GATHERING is the
    id the list prints; PERSON is an id, an email or a name.

    \b
    Examples:
      keepwarm gatherings
      keepwarm gatherings show 5
      keepwarm gatherings answer 5 "Jane Doe" yes
      keepwarm gatherings came 5 "Jane Doe" sam@example.com
    """
    list_unless_told(ctx, list_gatherings, as_json)


@gatherings.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_app
def list_gatherings(app: App, as_json: bool) -> None:
    """Your gatherings: those to come, the soonest first, then the past ones,
    with their invitations and answers.

    \b
    Examples:
      keepwarm gatherings list
      keepwarm gatherings list --json
    """
    from django.utils import timezone

    from keepwarm.occasions.hosting import listing

    upcoming, past = listing(app.user, timezone.localdate())
    records = [gathering_record(g) for g in [*upcoming, *past]]
    empty = "No gatherings yet. Plan one in the web app: Occasions → Gatherings."
    if output.json_or_empty(records, as_json, empty):
        return
    console = output.console()
    columns = ("id", "date", "gathering", "invited", "coming", "no answer", "came")
    for title, found in (("Coming up", upcoming), ("Past", past)):
        if found:
            rows = [
                (
                    g.pk,
                    g.date,
                    g.title,
                    g.tally["invited"],
                    g.tally["coming"],
                    g.tally["waiting"],
                    g.tally["came"],
                )
                for g in found
            ]
            console.print(output.table(columns, rows, title=f"{title}: {len(found)}"))


def tally_line(tally: dict[str, int]) -> str:
    """``8 invited: 5 coming, 1 maybe, 1 not coming, 1 no answer yet; 4 places left``."""
    line = f"{tally['invited']} invited"
    parts = [
        (tally["coming"], "coming"),
        (tally["maybe"], "maybe"),
        (tally["declined"], "not coming"),
        (tally["waiting"], "no answer yet"),
    ]
    said = [f"{count} {words}" for count, words in parts if count]
    if said:
        line += ": " + ", ".join(said)
    if tally["came"]:
        line += f"; {tally['came']} came"
    if "left" in tally:
        line += f"; {plural(tally['left'], 'place')} left"
    return line


@gatherings.command()
@click.argument("gathering", type=ID)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
@pass_app
def show(app: App, gathering: int, as_json: bool) -> None:
    """One gathering: when and where, and every guest with their answer, their
    invitation email and whether they came.

    \b
    Examples:
      keepwarm gatherings show 5
      keepwarm gatherings show 5 --json
    """
    from keepwarm.occasions import hosting

    found = find_gathering(app.user, gathering)
    found.tally = hosting.counts(found)
    states = hosting.email_states(found)
    guests = list(found.invitations.select_related("person"))
    if as_json:
        record = {**gathering_record(found), "note": found.note}
        output.print_json({**record, "guests": [guest_record(i, states) for i in guests]})
        return
    console = output.console()
    when = found.date.isoformat() + (f" {found.time:%H:%M}" if found.time else "")
    details = [
        ("when", when),
        ("where", found.place),
        ("capacity", found.capacity),
        ("every year", "yes" if found.yearly else None),
        ("guests", tally_line(found.tally)),
        ("note", found.note),
    ]
    console.print(output.heading(f"{found.title} (gathering {found.pk})", first=True))
    console.print(output.fields(details))
    if not guests:
        console.print("No one is invited yet: invite guests in the web app.")
        return
    rows = [
        (
            i.person.pk,
            i.person.display_name,
            i.invited_on,
            i.get_answer_display(),
            states.get(i.person_id),
            {True: "yes", False: "no"}.get(i.came),
        )
        for i in guests
    ]
    columns = ("id", "guest", "invited on", "answer", "email", "came")
    console.print(output.table(columns, rows, fixed=("answer", "email", "came")))


@gatherings.command()
@click.argument("gathering", type=ID)
@click.argument("person")
@click.argument("answer", type=click.Choice(list(ANSWER_WORDS), case_sensitive=False))
@pass_app
def answer(app: App, gathering: int, person: str, answer: str) -> None:
    """Record a guest's answer: yes, no, maybe, or none (no answer yet).

    \b
    Examples:
      keepwarm gatherings answer 5 "Jane Doe" yes
      keepwarm gatherings answer 5 sam@example.com maybe
    """
    from keepwarm.occasions import hosting

    found = find_gathering(app.user, gathering)
    (invitation,) = find_invitations(app.user, found, (person,))
    hosting.record_answers(found, {invitation.pk: ANSWER_WORDS[answer.lower()]})
    invitation.refresh_from_db()
    click.echo(f"{invitation.person.display_name}: {invitation.get_answer_display()}.")


@gatherings.command()
@click.argument("gathering", type=ID)
@click.argument("person", nargs=-1)
@click.option("--nobody", is_flag=True, help="Nobody came.")
@pass_app
def came(app: App, gathering: int, person: tuple[str, ...], nobody: bool) -> None:
    """Who came, from the day of the gathering on: name everyone who came
    (this replaces what was saved before). Everyone the invitation reached
    shares one "party invitation" touch on the day it went out, and those
    who came one "party" touch on the day; saving again changes these two
    touches, never adds more.

    \b
    Examples:
      keepwarm gatherings came 5 "Jane Doe" sam@example.com 14
      keepwarm gatherings came 5 --nobody
    """
    from keepwarm.occasions import hosting

    if bool(person) == nobody:
        raise CliError("Name everyone who came, or give --nobody, not both.", USAGE_ERROR)
    found = find_gathering(app.user, gathering)
    guests = find_invitations(app.user, found, person)
    attendance = hosting.record_attendance(found, [i.person_id for i in guests])
    names = ", ".join(p.display_name for p in attendance.came) or "nobody"
    click.echo(f"Saved who came to {found.title}: {names}.")
    if attendance.reached:
        guests_reached = plural(attendance.reached, "guest")
        click.echo(f"The invitation counts as a touch for the {guests_reached} it reached.")
