"""`keepwarm cards`: holiday-card runs from a terminal — the list, one run's
cards, marking cards sent (which logs the touches), a card's status, proposing
again, the labels and the mail-merge CSV. Every change goes through the
service the web pages use (``keepwarm.occasions.card_runs``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import FAILURE, USAGE_ERROR, App, CliError, pass_app, write_out
from keepwarm.cli.groups import InOrder, address_lines, labels_of, list_unless_told, mail_table
from keepwarm.cli.params import DATE, ID, output_file
from keepwarm.lib.words import plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

# The words for a card's status on the command line and in JSON.
STATUS_WORDS = {
    "planned": "to-send",
    "ask_address": "ask-address",
    "call_instead": "call-instead",
    "sent": "sent",
    "left_out": "left-out",
}
SWITCHES = ["to-send", "ask-address", "call-instead", "left-out"]
LISTING = "keepwarm cards"


def find_run(user: User, pk: int) -> Any:
    from keepwarm.cli.lookup import owned_row
    from keepwarm.occasions.models import CardRun

    return owned_row(user, CardRun, pk, "card run", LISTING)


def find_cards(user: User, run: Any, ids: tuple[int, ...]) -> list[Any]:
    """The cards ``ids`` of ``run``, in the order given; a clear error for one
    that is not the run's."""
    from keepwarm.occasions.models import CardRecipient
    from keepwarm.owned import owned

    found = {
        card.pk: card
        for card in owned(CardRecipient, user)
        .filter(run=run, pk__in=ids)
        .prefetch_related("people")
    }
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise CliError(
            f"{run.name} has no card {', '.join(missing)}: see its cards with "
            f"`keepwarm cards show {run.pk}`.",
            FAILURE,
        )
    return list({pk: found[pk] for pk in ids}.values())


def run_record(run: Any) -> dict[str, Any]:
    """A run with its counts (``CardRun.objects.with_counts``) as JSON (docs/cli.md)."""
    from keepwarm.occasions.seasons import season_name

    return {
        "id": run.pk,
        "name": run.name,
        "season": season_name(run.season) if run.season else None,
        "send_from": run.send_from,
        "send_until": run.send_until,
        "cards": run.cards,
        "to_send": run.to_send,
        "sent": run.sent,
        "need_address": run.need_address,
        "call_instead": run.call_instead,
        "left_out": run.left_out,
    }


def card_record(card: Any) -> dict[str, Any]:
    return {
        "id": card.pk,
        "name_on_card": card.name_on_card,
        "status": STATUS_WORDS[card.status],
        "people": [{"id": p.pk, "name": p.display_name} for p in card.people.all()],
        "address": address_lines(card.address),
        "sent_on": card.sent_on,
    }


@click.group(cls=InOrder, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the runs as a JSON list.")
@click.pass_context
def cards(ctx: click.Context, as_json: bool) -> None:
    """Holiday-card runs: list them (the default), see a run's cards, mark
    cards sent, print labels. Runs are started in the web app (Occasions →
    Holiday cards). RUN and CARD are the ids the lists print.

    \b
    Examples:
      keepwarm cards
      keepwarm cards show 3
      keepwarm cards sent 3 --all --date 2026-12-12
      keepwarm cards labels 3 --sheet avery5160 -o cards.pdf
    """
    list_unless_told(ctx, list_runs, as_json)


@cards.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_app
def list_runs(app: App, as_json: bool) -> None:
    """Your card runs, the latest first, with their cards by status.

    \b
    Examples:
      keepwarm cards list
      keepwarm cards list --json
    """
    from keepwarm.occasions.models import CardRun
    from keepwarm.owned import owned

    runs = [run_record(run) for run in owned(CardRun, app.user).with_counts()]
    output.record_table(
        runs,
        as_json,
        empty="No card runs yet. Start one in the web app: Occasions → Holiday cards.",
        title=plural(len(runs), "card run"),
        columns={
            "id": "id",
            "run": "name",
            "send by": "send_until",
            "cards": "cards",
            "sent": "sent",
            "to send": "to_send",
            "no address": "need_address",
        },
    )


def stats_line(stats: Any) -> str:
    """``10 cards for 14 people: 7 to send, 3 sent; 2 need an address``."""
    line = f"{plural(stats.cards, 'card')} for {plural(stats.people, 'person', 'people')}"
    line += f": {stats.to_send} to send, {stats.sent} sent"
    others = [
        (stats.need_address, "need an address" if stats.need_address != 1 else "needs an address"),
        (stats.call_instead, "to call instead"),
        (stats.left_out, "left out"),
    ]
    said = [f"{count} {words}" for count, words in others if count]
    return line + ("; " + ", ".join(said) if said else "")


@cards.command()
@click.argument("run", type=ID)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
@pass_app
def show(app: App, run: int, as_json: bool) -> None:
    """One run: its window, its counts, and every card with its status and address.

    \b
    Examples:
      keepwarm cards show 3
      keepwarm cards show 3 --json
    """
    from keepwarm.occasions.card_runs import run_stats
    from keepwarm.occasions.models import CardRun

    found = CardRun.objects.filter(pk=find_run(app.user, run).pk).with_counts().get()
    stats = run_stats(found)
    rows = list(found.recipients.select_related("address").prefetch_related("people"))
    if as_json:
        recipients = [card_record(card) for card in rows]
        output.print_json({**run_record(found), "people": stats.people, "recipients": recipients})
        return
    console = output.console()
    window = f"send {found.send_from.isoformat()} to {found.send_until.isoformat()}"
    title = f"{found.name} (run {found.pk}), {window}: {stats_line(stats)}"
    if not rows:
        console.print(f"{title}.")
        return
    mail = [
        (card.pk, card.name_on_card, card.get_status_display(), card.sent_on, card.address)
        for card in rows
    ]
    console.print(mail_table(title, "card to", mail))


@cards.command()
@click.argument("run", type=ID)
@click.argument("card", nargs=-1, type=ID)
@click.option("--all", "every", is_flag=True, help="Every card still to send.")
@click.option("--date", "day", type=DATE, help="The day they went out [default: today].")
@pass_app
def sent(app: App, run: int, card: tuple[int, ...], every: bool, day: dt.date | None) -> None:
    """Mark cards sent: each logs a holiday-card touch with the household's people.

    Cards not to send (sent already, left out, without an address) are left
    as they are.

    \b
    Examples:
      keepwarm cards sent 3 41 42
      keepwarm cards sent 3 --all --date 2026-12-12
    """
    from keepwarm.occasions import card_runs

    found = find_run(app.user, run)
    if bool(card) == every:
        raise CliError("Name the cards (their ids) or give --all, not both.", USAGE_ERROR)
    when = card_runs.sent_date(day)
    chosen = list(card_runs.to_send(found)) if every else find_cards(app.user, found, card)
    skipped = [c for c in chosen if c.status != card_runs.Status.PLANNED]
    done = card_runs.mark_sent(found, chosen, when)
    for c in skipped:
        click.echo(f"Left as it is: {c.name_on_card} ({c.get_status_display()}).", err=True)
    click.echo(f"Marked {plural(done, 'card')} sent on {when.isoformat()}.")


@cards.command()
@click.argument("run", type=ID)
@click.argument("card", nargs=-1, type=ID, required=True)
@pass_app
def unsent(app: App, run: int, card: tuple[int, ...]) -> None:
    """Undo "sent": the cards are to send again and their touches are deleted.

    \b
    Example:
      keepwarm cards unsent 3 41
    """
    from keepwarm.occasions import card_runs

    found = find_run(app.user, run)
    done = card_runs.mark_unsent(found, find_cards(app.user, found, card))
    click.echo(f"Undone: {plural(done, 'card')} to send again.")


@cards.command()
@click.argument("run", type=ID)
@click.argument("card", type=ID)
@click.argument("status", type=click.Choice(SWITCHES, case_sensitive=False))
@pass_app
def status(app: App, run: int, card: int, status: str) -> None:
    """Change a card that is not sent: with an address, to-send or left-out;
    without one, ask-address, call-instead or left-out.

    \b
    Examples:
      keepwarm cards status 3 44 call-instead
      keepwarm cards status 3 45 left-out
    """
    from keepwarm.occasions import card_runs

    found = find_run(app.user, run)
    (recipient,) = find_cards(app.user, found, (card,))
    value = next(key for key, word in STATUS_WORDS.items() if word == status.lower())
    card_runs.set_status(recipient, value)
    click.echo(f"{recipient.name_on_card}: {recipient.get_status_display()}.")


@cards.command()
@click.argument("run", type=ID)
@pass_app
def refresh(app: App, run: int) -> None:
    """Propose the cards again from the run's circles and tags (after adding
    addresses): sent cards stay; "call instead" and "left out" are kept.

    \b
    Example:
      keepwarm cards refresh 3
    """
    from keepwarm.occasions import card_runs

    found = find_run(app.user, run)
    count = card_runs.refresh_run(found)
    click.echo(f"Proposed again from your circles and tags: {count} to send.")


@cards.command()
@click.argument("run", type=ID)
@output_file("Where to write it (- for standard output).", dash=True)
@pass_app
def csv(app: App, run: int, target: Path) -> None:
    """The cards with an address (to send and sent) as CSV for mail merge, as
    the web app's download: UTF-8 with a byte order mark, one row per card.

    \b
    Examples:
      keepwarm cards csv 3 -o cards.csv
      keepwarm cards csv 3 -o - | head
    """
    from keepwarm.occasions.card_runs import recipients_csv

    data, count = recipients_csv(find_run(app.user, run))
    if write_out(target, data):
        click.echo(f"Wrote {plural(count, 'card')} to {target}.")


cards.add_command(labels_of("run", "RUN", "a card run's", "card to send or sent"))
