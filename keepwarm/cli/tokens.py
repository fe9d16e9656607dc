"""`keepwarm token`: personal access tokens for the REST API — make one (its
secret is printed once), list them, revoke one. The same service as
Settings → API tokens (``keepwarm.accounts.tokens``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import App, CliError, pass_app
from keepwarm.cli.groups import InOrder, list_unless_told
from keepwarm.lib.words import plural

SCOPES = {"read": "read only", "write": "read and write"}
NEVER = "never"
OPTIONS = {"name": "NAME", "scope": "--scope", "expires_days": "--expires"}
"""The argument or option that set each field, to name it in an error."""


def local_moment(value: dt.datetime | None) -> str:
    """A moment in the user's time zone, to the minute; "never" for none."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else NEVER


def token_record(token: Any) -> dict[str, Any]:
    """A token as JSON (the shape in docs/cli.md): never its secret, which is not kept."""
    from django.utils import timezone

    def local(value: dt.datetime | None) -> dt.datetime | None:
        return timezone.localtime(value) if value else None

    return {
        "id": token.pk,
        "name": token.name,
        "scope": token.scope,
        "prefix": token.prefix,
        "created_at": local(token.created_at),
        "last_used_at": local(token.last_used_at),
        "expires_at": local(token.expires_at),
        "expired": token.expired(),
    }


def refusal(exc: Any) -> str:
    """A ``ValidationError`` of ``create_token`` as one line, naming the option."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        f"{OPTIONS.get(field, field)}: {' '.join(messages)}"
        for field, messages in exc.message_dict.items()
    )


def expires_text(token: Any) -> str:
    shown = local_moment(token.expires_at)
    return f"{shown} (expired)" if token.expired() else shown


@click.group(cls=InOrder, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the tokens as a JSON list.")
@click.pass_context
def token(ctx: click.Context, as_json: bool) -> None:
    """Personal access tokens for the REST API (/api/v1/): list them (the
    default), make one, revoke one. A script sends its token in the header
    `Authorization: Bearer kw_…`. A `read` token may only read; a `write`
    token may change your data too. Only a digest of each token is kept: its
    secret is printed once, when it is made. Settings → API tokens in the web
    app does the same.

    \b
    Examples:
      keepwarm token create laptop-backup
      keepwarm token create phone-sync --scope write --expires 90
      keepwarm token list --json
      keepwarm token revoke laptop-backup
    """
    list_unless_told(ctx, list_tokens, as_json)


@token.command(name="create")
@click.argument("name")
@click.option(
    "--scope",
    type=click.Choice(list(SCOPES), case_sensitive=False),
    default="read",
    show_default=True,
    help="read: it may only read; write: it may change your data too.",
)
@click.option(
    "--expires",
    type=int,
    metavar="DAYS",
    help="It stops working after DAYS days (1 to 3650). Default: it never expires.",
)
@pass_app
def create(app: App, name: str, scope: str, expires: int | None) -> None:
    """Make a token called NAME and print its secret, once.

    Only the secret goes to standard output, so a script can keep it:
    `keepwarm token create backup > backup.token`. Store it like a password:
    keepwarm keeps only a digest and cannot show it again.

    \b
    Examples:
      keepwarm token create laptop-backup
      keepwarm token create phone-sync --scope write --expires 90
    """
    from django.core.exceptions import ValidationError

    from keepwarm.accounts.tokens import create_token

    try:
        made = create_token(app.user, name, scope.lower(), expires)
    except ValidationError as exc:
        raise CliError(refusal(exc)) from None
    found = made.token
    until = (
        f"it expires {local_moment(found.expires_at)}" if found.expires_at else "it never expires"
    )
    click.echo(
        f"Made the token {found.name!r} ({SCOPES[found.scope]}; {until}). Its secret is below: "
        "copy it now, it is not shown again. Send it as `Authorization: Bearer <secret>`.",
        err=True,
    )
    click.echo(made.secret)


@token.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_app
def list_tokens(app: App, as_json: bool) -> None:
    """Your tokens by name: scope, the first characters of the secret, when
    each was made, last used and expires. The secrets themselves are not kept.

    \b
    Examples:
      keepwarm token list
      keepwarm token list --json
    """
    from keepwarm.accounts.tokens import tokens_of

    found = tokens_of(app.user)
    if output.json_or_empty(
        [token_record(t) for t in found],
        as_json,
        "No API tokens yet. Make one with `keepwarm token create NAME`.",
    ):
        return
    rows = [
        (
            t.name,
            t.scope,
            f"{t.prefix}…",
            local_moment(t.created_at),
            local_moment(t.last_used_at),
            expires_text(t),
        )
        for t in found
    ]
    columns = ("name", "scope", "prefix", "created", "last used", "expires")
    fixed = ("scope", "prefix", "created", "last used", "expires")
    output.console().print(
        output.table(columns, rows, title=plural(len(found), "token"), fixed=fixed)
    )


@token.command()
@click.argument("name")
@pass_app
def revoke(app: App, name: str) -> None:
    """Revoke the token called NAME: it stops working at once.

    \b
    Examples:
      keepwarm token revoke laptop-backup
    """
    from keepwarm.accounts.tokens import revoke_token, tokens_of

    user = app.user
    if not revoke_token(user, name):
        names = ", ".join(repr(t.name) for t in tokens_of(user))
        known = f"Your tokens: {names}." if names else "You have none."
        raise CliError(f"No token is named {name.strip()!r}. {known}")
    click.echo(f"Revoked the token {name.strip()!r}: it works no more.")
