"""People: add, list, show and edit."""

from __future__ import annotations

from typing import Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import App, pass_app
from keepwarm.cli.params import DATE, MONTH_DAY
from keepwarm.lib.dates import MonthDay
from keepwarm.lib.words import plural


def birthday_fields(birthday: MonthDay | None) -> dict[str, Any]:
    if birthday is None:
        return {}
    return {
        "birthday_month": birthday.month,
        "birthday_day": birthday.day,
        "birthday_year": birthday.year,
    }


@click.command()
@click.argument("name")
@click.option("--email", "emails", multiple=True, metavar="EMAIL", help="An email (repeatable).")
@click.option("--phone", "phones", multiple=True, metavar="PHONE", help="A phone (repeatable).")
@click.option("--circle", metavar="NAME", help="Close, Core, Wide… (default: your default circle).")
@click.option("--birthday", type=MONTH_DAY, help="03-14, or 1980-03-14 with the year.")
@click.option("--company", default="", help="Where they work.")
@click.option("--job-title", default="", help="What they do there.")
@click.option("--city", default="", help="Where they live.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@pass_app
def add(
    app: App,
    name: str,
    emails: tuple[str, ...],
    phones: tuple[str, ...],
    circle: str | None,
    birthday: MonthDay | None,
    company: str,
    job_title: str,
    city: str,
    tags: tuple[str, ...],
) -> None:
    """Add a person to your network and print the new id.

    Phones without a country code are read with your country (see
    `keepwarm settings`). The first email and phone are the preferred ones.

    \b
    Examples:
      keepwarm add "Jane Doe" --email jane@example.com --circle Close
      keepwarm add "Dr. Juan de la Vega" --phone "+34 612 345 678" --birthday 1980-03-14
      keepwarm add "Sam Lee" --company Acme --tag school --tag climbing
    """
    from keepwarm.cli import lookup
    from keepwarm.contacts.services import create_person

    user = app.user
    person = create_person(
        user,
        name,
        circle=lookup.circle(user, circle) if circle else None,
        emails=emails,
        phones=phones,
        tags=tags,
        company=company.strip(),
        job_title=job_title.strip(),
        city=city.strip(),
        **birthday_fields(birthday),
    )
    click.echo(f"Added {person.display_name} to {person.circle.name}.", err=True)
    click.echo(person.pk)


@click.command()
@click.option(
    "--search", "-s", metavar="WORDS", help="Words in name, email, phone, company or #tag."
)
@click.option("--circle", metavar="NAME", help="Only this circle.")
@click.option("--tag", metavar="TAG", help="Only people with this tag.")
@click.option("--archived", is_flag=True, help="Show archived people instead.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_app
def people(
    app: App, search: str | None, circle: str | None, tag: str | None, archived: bool, as_json: bool
) -> None:
    """List the people in your network, by name.

    \b
    Examples:
      keepwarm people
      keepwarm people --search acme --circle core
      keepwarm people --tag school --json
    """
    from keepwarm.cli import lookup, records
    from keepwarm.contacts.models import Person
    from keepwarm.contacts.services import search_filter
    from keepwarm.owned import owned

    user = app.user
    found = owned(Person, user).filter(archived=archived)
    if search:
        found = found.filter(search_filter(search))
    if circle:
        found = found.filter(circle=lookup.circle(user, circle))
    if tag:
        found = found.filter(tags__name__iexact=tag.strip()).distinct()
    items = [records.list_item(p) for p in records.list_queryset(found.order_by("sort_name", "id"))]
    filtered = search or circle or tag
    output.record_table(
        items,
        as_json,
        empty="No one matches." if filtered else 'No one yet. Add someone: keepwarm add "Jane Doe"',
        title=plural(len(items), "person", "people"),
        columns={
            "id": "id",
            "name": "name",
            "circle": "circle",
            "company": "company",
            "email": "email",
            "last touch": "last_touch",
        },
    )


@click.command()
@click.argument("person")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
@pass_app
def show(app: App, person: str, as_json: bool) -> None:
    """Everything about one person: details, contacts, addresses, dates,
    family, life events, recent touches and open follow-ups.

    PERSON is an id, an email or a name (enough of it to be unambiguous).

    \b
    Examples:
      keepwarm show 12
      keepwarm show jane@example.com
      keepwarm show "jane doe" --json
    """
    from keepwarm.cli import lookup, records
    from keepwarm.cli.show import render

    found = lookup.person(app.user, person)
    data = records.detail(found)
    if as_json:
        output.print_json(data)
    else:
        render(data)


@click.command()
@click.argument("person")
@click.option("--circle", metavar="NAME", help="Move to this circle.")
@click.option("--birthday", type=MONTH_DAY, help="03-14, or 1980-03-14 with the year.")
@click.option("--company", help='Where they work ("" to clear).')
@click.option("--job-title", help='What they do there ("" to clear).')
@click.option("--city", help='Where they live ("" to clear).')
@click.option("--deceased", type=DATE, help="The date they died.")
@click.option(
    "--archived/--no-archived", default=None, help="Hide from lists and plans, or bring back."
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Add a tag (repeatable).")
@click.option("--untag", multiple=True, metavar="TAG", help="Remove a tag (repeatable).")
@click.option(
    "--prefer",
    multiple=True,
    metavar="VALUE",
    help="Make this email, phone or web address of theirs the preferred one of its kind "
    "(repeatable: one of each kind).",
)
@click.option(
    "--mailing",
    multiple=True,
    metavar="WORDS",
    help="Make the address with these words in it the mailing address.",
)
@pass_app
def edit(
    app: App,
    person: str,
    tags: tuple[str, ...],
    untag: tuple[str, ...],
    prefer: tuple[str, ...],
    mailing: tuple[str, ...],
    **changes: Any,
) -> None:
    """Change a person's details. Only the options given change; if one is
    invalid, nothing changes. PERSON is an id, an email or a name.

    \b
    Examples:
      keepwarm edit "Jane Doe" --circle Close --company "Acme Corp"
      keepwarm edit 12 --birthday 02-29 --tag school
      keepwarm edit jane@example.com --deceased 2026-10-02
      keepwarm edit 12 --archived
      keepwarm edit 12 --prefer jane@work.example --mailing Hauptstr
    """
    from keepwarm.cli import lookup
    from keepwarm.cli.editing import update_person

    found = lookup.person(app.user, person)
    update_person(found, changes, add_tags=tags, remove_tags=untag, prefer=prefer, mailing=mailing)
    click.echo(f"Saved {found.display_name} (id {found.pk}).")
