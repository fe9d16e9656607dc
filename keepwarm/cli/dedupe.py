"""`keepwarm dedupe`: find people who are in the network twice, merge them, undo a merge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import FAILURE, USAGE_ERROR, App, CliError, pass_app
from keepwarm.lib.words import plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


@click.command()
@click.option("--auto-exact", is_flag=True, help="Merge every exact duplicate, keeping the older.")
@click.option("--dry-run", is_flag=True, help="With --auto-exact: show what would be merged.")
@click.option(
    "--merge",
    "pair",
    nargs=2,
    metavar="KEEP OTHER",
    help="Merge OTHER into KEEP (each an id, an email or a name).",
)
@click.option("--undo", "undo_id", type=int, metavar="MERGE_ID", help="Undo a merge.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The suggestions as JSON.")
@pass_app
def dedupe(
    app: App,
    auto_exact: bool,
    dry_run: bool,
    pair: tuple[str, str] | None,
    undo_id: int | None,
    limit: int,
    as_json: bool,
) -> None:
    """List people who may be in your network twice, strongest first.

    Same email, phone or card UID is a strong sign; names that read alike
    are only a suggestion. An exact duplicate has the same name as well as a
    shared email, phone or UID, and nothing against it (such as two different
    birthdays): only those are merged by --auto-exact. A merge keeps every
    contact point, date, address, touch and note, and can be undone.

    \b
    Examples:
      keepwarm dedupe                       # the suggestions
      keepwarm dedupe --auto-exact --dry-run
      keepwarm dedupe --merge 12 57         # 57 into 12
      keepwarm dedupe --undo 3
    """
    if sum(bool(x) for x in (auto_exact, pair, undo_id is not None)) > 1:
        raise CliError("Use one of --auto-exact, --merge and --undo at a time.", USAGE_ERROR)
    if dry_run and not auto_exact:
        raise CliError("--dry-run goes with --auto-exact.", USAGE_ERROR)
    if undo_id is not None:
        _undo(app.user, undo_id)
    elif pair:
        _merge_pair(app.user, *pair)
    elif auto_exact:
        _auto_exact(app.user, dry_run)
    else:
        _list(app.user, limit, as_json)


def _list(user: User, limit: int, as_json: bool) -> None:
    from keepwarm.contacts.duplicates import find_duplicates

    found = find_duplicates(user)
    shown = found[:limit]
    if as_json:
        output.print_json([_as_dict(c) for c in shown])
        return
    if not found:
        click.echo("No duplicates found.")
        return
    rows = [
        (
            f"{c.first.pk} {c.first.display_name}",
            f"{c.second.pk} {c.second.display_name}",
            c.strength,
            "; ".join(c.reasons),
            "; ".join(c.conflicts),
        )
        for c in shown
    ]
    output.console().print(output.table(["person", "person", "strength", "why", "but"], rows))
    more = f" (the first {len(shown)} shown; see more with --limit)" if len(found) > limit else ""
    click.echo(f"{plural(len(found), 'possible duplicate')}{more}.")
    click.echo("Merge one pair with `keepwarm dedupe --merge KEEP OTHER`.")


def _as_dict(candidate: Any) -> dict[str, Any]:
    return {
        "first": {"id": candidate.first.pk, "name": candidate.first.display_name},
        "second": {"id": candidate.second.pk, "name": candidate.second.display_name},
        "strength": candidate.strength,
        "score": candidate.score,
        "reasons": list(candidate.reasons),
        "conflicts": list(candidate.conflicts),
    }


def _merged(merge: Any, keep: Any, absorbed_name: str, absorbed_id: int) -> str:
    return (
        f"Merged {absorbed_name} ({absorbed_id}) into {keep.display_name} ({keep.pk}); "
        f"undo with `keepwarm dedupe --undo {merge.pk}`."
    )


def _merge_pair(user: User, keep_ref: str, other_ref: str) -> None:
    from keepwarm.cli import lookup
    from keepwarm.contacts.merge import MergeError, merge_people

    keep, other = lookup.person(user, keep_ref), lookup.person(user, other_ref)
    name, pk = other.display_name, other.pk
    try:
        merge = merge_people(user, keep, other)
    except MergeError as exc:
        raise CliError(str(exc), USAGE_ERROR) from None
    click.echo(_merged(merge, keep, name, pk))


def exact_groups(candidates: list[Any]) -> list[tuple[Any, list[Any]]]:
    """Exact pairs joined into groups (three copies are one group), each with the
    person to keep (the oldest) and the ones to fold into it."""
    parent: dict[int, int] = {}
    people: dict[int, Any] = {}

    def root(pk: int) -> int:
        while parent.get(pk, pk) != pk:
            pk = parent[pk]
        return pk

    for c in candidates:
        people[c.first.pk], people[c.second.pk] = c.first, c.second
        a, b = root(c.first.pk), root(c.second.pk)
        parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Any]] = {}
    for pk in sorted(people):
        groups.setdefault(root(pk), []).append(people[pk])
    return [(members[0], members[1:]) for members in groups.values()]


def _auto_exact(user: User, dry_run: bool) -> None:
    from keepwarm.contacts.duplicates import EXACT, find_duplicates
    from keepwarm.contacts.merge import MergeError, merge_people

    exact = [c for c in find_duplicates(user) if c.strength == EXACT]
    groups = exact_groups(exact)
    count = 0
    for keep, others in groups:
        for other in others:
            if dry_run:
                count += 1
                click.echo(f"Would merge {other.display_name} ({other.pk}) into {keep.pk}.")
                continue
            name, pk = other.display_name, other.pk
            try:
                merge = merge_people(user, keep, other)
            except MergeError as exc:  # too much for one person: both stay as they are
                click.echo(f"Not merged: {exc}", err=True)
                continue
            count += 1
            click.echo(_merged(merge, keep, name, pk))
    verb = "Would merge" if dry_run else "Merged"
    click.echo(f"{verb} {plural(count, 'exact duplicate')}.")


def _undo(user: User, undo_id: int) -> None:
    from keepwarm.contacts.merge import MergeError, undo_merge
    from keepwarm.contacts.models import Merge
    from keepwarm.owned import owned

    merge = owned(Merge, user).filter(pk=undo_id).first()
    if merge is None:
        raise CliError(f"No merge {undo_id} in your account.", FAILURE)
    try:
        person = undo_merge(user, merge)
    except MergeError as exc:
        raise CliError(str(exc), FAILURE) from None
    click.echo(
        f"Undone: {person.display_name} ({person.pk}) is back, apart from {merge.kept_name}."
    )
