"""Touches and follow-ups: log what you did, promise what you will do."""

from __future__ import annotations

import datetime as dt

import click

from keepwarm.cli.app import App, check_length, pass_app
from keepwarm.cli.params import DATE


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="PERSON...")
@click.option("--kind", "-k", required=True, help='The touch kind, e.g. coffee, "check-in call".')
@click.option("--date", "-d", type=DATE, help="When it happened (default: today).")
@click.option("--note", "-n", default="", help="What you talked about.")
@click.option(
    "--follow-up", default="", metavar="TEXT", help='A promise you made, e.g. "send the article".'
)
@click.option("--due", type=DATE, help="When the follow-up is due (default: the next day).")
@pass_app
def log(
    app: App,
    people: tuple[str, ...],
    kind: str,
    date: dt.date | None,
    note: str,
    follow_up: str,
    due: dt.date | None,
) -> None:
    """Log a touch with one or more people.

    Each PERSON is an id, an email or a name. --kind is one of your touch
    kinds (case does not matter); an unknown kind lists the ones you have.

    \b
    Examples:
      keepwarm log "Jane Doe" --kind coffee --note "new job at Acme"
      keepwarm log 12 14 jane@example.com --kind party --date 2026-09-13
      keepwarm log Jane --kind "check-in call" --follow-up "send the article" --due 2026-12-01
    """
    from keepwarm.cli import lookup
    from keepwarm.touches.services import log_touch

    if due and not follow_up.strip():
        raise click.UsageError("--due goes with --follow-up TEXT.")
    from keepwarm.touches.models import Touch

    check_length(Touch, "note", note, "--note")
    user = app.user
    touch_kind = lookup.touch_kind(user, kind)
    found = [lookup.person(user, reference) for reference in people]
    touch = log_touch(
        user, found, touch_kind, date=date, note=note, follow_up=follow_up, follow_up_due=due
    )
    names = ", ".join(dict.fromkeys(p.display_name for p in found))
    click.echo(
        f"Logged {touch_kind.label} with {names} on {touch.date.isoformat()} (touch {touch.pk})."
    )


@click.command()
@click.argument("person")
@click.argument("text")
@click.option("--due", required=True, type=DATE, help="When it is due.")
@pass_app
def followup(app: App, person: str, text: str, due: dt.date) -> None:
    """Add a follow-up: a promise to PERSON with a due date.

    \b
    Examples:
      keepwarm followup "Jane Doe" "send the article on hiring" --due 2026-12-01
      keepwarm followup 12 "thank-you note" --due 2026-11-27
    """
    from keepwarm.cli import lookup
    from keepwarm.touches.services import add_follow_up

    if not text.strip():
        raise click.UsageError('Say what the follow-up is, e.g. "send the article".')
    user = app.user
    found = lookup.person(user, person)
    item = add_follow_up(user, found, text, due)
    click.echo(f"Follow-up {item.pk} for {found.display_name}, due {due.isoformat()}: {item.text}")
