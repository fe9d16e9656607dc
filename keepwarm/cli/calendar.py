"""`keepwarm calendar`: the iCalendar feed as a file, and its secret address."""

from __future__ import annotations

from pathlib import Path

import click

from keepwarm.cli.app import USAGE_ERROR, App, CliError, pass_app, write_out
from keepwarm.cli.params import output_file
from keepwarm.lib.words import plural


@click.command(name="calendar")
@output_file("Write the calendar to FILE (- for standard output).", required=False, dash=True)
@click.option("--url", "show_url", is_flag=True, help="Print the feed's secret address.")
@click.option(
    "--new-url",
    is_flag=True,
    help="Make a new secret address and print it: the old one stops working.",
)
@pass_app
def calendar(app: App, target: Path | None, show_url: bool, new_url: bool) -> None:
    """Your calendar: birthdays, key dates, the next 8 weeks of planned
    touches and open follow-ups, as an iCalendar (.ics) file.

    The file holds the same bytes as the feed at your secret address, which
    calendar apps subscribe to (see Reminders in the web app's settings).
    The address printed here, and the links in events, use KEEPWARM_BASE_URL.

    \b
    Examples:
      keepwarm calendar -o keepwarm.ics
      keepwarm calendar --url          # the address to subscribe to
      keepwarm calendar --new-url      # revoke the old address
    """
    from keepwarm.reminders import feeds

    if target is None and not (show_url or new_url):
        raise CliError(
            "Give -o FILE.ics to write the calendar, or --url to print its address.", USAGE_ERROR
        )
    if new_url:
        feeds.regenerate(app.user)
        click.echo("Made a new address: the old one no longer works.", err=True)
    if show_url or new_url:
        click.echo(feeds.feed_url(None, app.user))
    if target is not None:
        _write(app, target)


def _write(app: App, target: Path) -> None:
    from keepwarm.reminders import feeds

    data, count = feeds.feed(app.user)
    if write_out(target, data):
        click.echo(f"Wrote {plural(count, 'event')} to {target}.")
