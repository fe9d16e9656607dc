"""`keepwarm triage`: sort the people imports added into circles, one at a time."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli.app import USAGE_ERROR, App, CliError, pass_app
from keepwarm.lib.words import month_day, plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

ARROWS = {"\x1b[C": "s", "\x1bOC": "s", "\x1b[D": "b", "\x1bOD": "b"}
"""Arrow keys on a terminal: → skips, ← goes back."""
OUT_WORDS = {"0", "out", "no", "none", "not", "not in my network", "archive"}
WORDS = {
    "s": "skip",
    "skip": "skip",
    "later": "skip",
    "next": "skip",
    "b": "back",
    "back": "back",
    "previous": "back",
    "u": "undo",
    "undo": "undo",
    "q": "quit",
    "quit": "quit",
    "exit": "quit",
    "?": "help",
    "h": "help",
    "help": "help",
}


@dataclass(frozen=True)
class Answer:
    """What the user said: ``place`` (a circle or ``OUT``), ``suggested``,
    ``skip``, ``back``, ``undo``, ``rest`` (with a place, or None to ask),
    ``quit``, ``help``, or ``unknown``."""

    action: str
    place: Any = None


def read_place(text: str, circles: list[Any]) -> Any:
    """A circle (by its key 1 to 9 or its name, or the start of one name) or ``OUT``;
    None when ``text`` names none."""
    from keepwarm.imports.suggest import OUT

    text = " ".join(text.split()).casefold()
    if text in OUT_WORDS:
        return OUT
    if text.isdigit() and 1 <= int(text) <= len(circles):
        return circles[int(text) - 1]
    named = [c for c in circles if c.name.casefold() == text]
    starting = [c for c in circles if text and c.name.casefold().startswith(text)]
    for found in (named, starting):
        if len(found) == 1:
            return found[0]
    return None


def read_answer(text: str, circles: list[Any]) -> Answer:
    """One answer, typed as a line or pressed as a key."""
    text = ARROWS.get(text, text)
    words = " ".join(text.split()).casefold()
    if words == "":
        return Answer("suggested")
    if words in WORDS:
        return Answer(WORDS[words])
    head, _, tail = words.partition(" ")
    if head in ("r", "rest"):
        if not tail:
            return Answer("rest")
        place = read_place(tail, circles)
        return Answer("rest", place) if place is not None else Answer("unknown")
    place = read_place(words, circles)
    return Answer("place", place) if place is not None else Answer("unknown")


def _keys_line(circles: list[Any], suggested: str) -> str:
    keys = [f"[{i}] {c.name}" for i, c in enumerate(circles[:9], start=1)]
    keys.append("[0] not in my network")
    if suggested:
        keys.append(f"[Enter] {suggested}")
    return "  ".join(keys) + "  [s]kip [b]ack [u]ndo [r]est [q]uit"


class Reader:
    """Answers from a terminal (single keys) or from lines (a pipe, a file)."""

    def __init__(self, keys: bool) -> None:
        self.keys = keys

    def answer(self, prompt: str, circles: list[Any]) -> Answer:
        click.echo(prompt + ("\n> " if self.keys else ""), nl=not self.keys)
        text = self._read()
        if text is None:
            return Answer("quit")
        return read_answer(text, circles)

    def rest_place(self, circles: list[Any], count: int) -> Any:
        names = ", ".join(f"{i} {c.name}" for i, c in enumerate(circles[:9], start=1))
        click.echo(f"The remaining {count:,} go to ({names}, 0 not in my network): ", nl=False)
        if not self.keys:
            click.echo()
        text = self._read()
        return None if text is None else read_place(text, circles)

    def _read(self) -> str | None:
        if not self.keys:
            line = sys.stdin.readline()
            return None if line == "" else line.strip()
        key = click.getchar()
        if key in ("\x03", "\x04"):  # Ctrl+C, Ctrl+D
            click.echo()
            return None
        click.echo(key if key.isprintable() else "")
        return "" if key in ("\r", "\n") else key


@click.command()
@click.option(
    "--rest",
    "rest",
    metavar="CIRCLE",
    help='Put everyone still waiting in this circle, or "out" (not in my network), and stop.',
)
@pass_app
def triage(app: App, rest: str | None) -> None:
    """Sort the people your imports added into circles.

    Imported people wait, not planned, until you put them in a circle. For
    each one keepwarm shows what it knows and suggests a place (from touches
    logged, relatives, family names and companies of people already sorted,
    and how many imports held them). Answer with a key:

    \b
      1, 2, 3…  a circle, in your order (Close, Core, Wide)
      0         not in my network: archived, never planned (un-archive to undo)
      Enter     the suggestion
      s or →    skip for now          b or ←  back
      u         undo the last answer  r       the rest at once
      q         quit: every answer given is kept

    Without a terminal (a pipe or a file) it reads one answer a line, and
    takes words too: core, out, skip, back, undo, "rest wide", quit.

    \b
    Examples:
      keepwarm triage
      keepwarm triage --rest wide
      printf '1\\n\\n3\\nrest out\\n' | keepwarm triage
    """
    from keepwarm.imports import sorting

    user = app.user
    circles = sorting.circles(user)
    if rest is not None:
        place = read_place(rest, circles)
        if place is None:
            known = ", ".join(c.name for c in circles)
            raise CliError(
                f"--rest: no circle named {rest!r}. Your circles: {known}, or out.", USAGE_ERROR
            )
        done = sorting.sort_rest(user, place)
        click.echo(
            f"Sorted {plural(done.count, 'person', 'people')}: {sorting.place_words(place)}."
        )
        return
    count = sorting.waiting_count(user)
    if not count:
        click.echo("No one from your imports is waiting to be sorted.")
        return
    Session(user, circles, Reader(keys=sys.stdin.isatty() and sys.stdout.isatty())).run()


class Session:
    """One run of the questions: the person asked about, the way back, the last sort."""

    def __init__(self, user: User, circles: list[Any], reader: Reader) -> None:
        from keepwarm.imports import sorting

        self.sorting = sorting
        self.user, self.circles, self.reader = user, circles, reader
        self.trail: list[Any] = []
        self.last: Any = None
        self.counts: Counter[str] = Counter()

    def run(self) -> None:
        person = self.sorting.neighbour(self.user, None)
        while person is not None:
            person = self._ask(person)
        self._summary()

    def _ask(self, person: Any) -> Any:
        from django.utils import timezone

        newcomer = self.sorting.newcomers(self.user, [person], timezone.localdate())[0]
        waiting = self.sorting.waiting_count(self.user)
        click.echo()
        _show(newcomer, waiting)
        suggested = newcomer.suggested_name
        answer = self.reader.answer(_keys_line(self.circles, suggested), self.circles)
        action: Callable[[Any, Any, Answer], Any] = getattr(self, f"_{answer.action}")
        return action(person, newcomer, answer)

    def _place(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        done = self.sorting.sort(self.user, [person.pk], answer.place)
        words = self.sorting.place_words(answer.place)
        click.echo(f"→ {person.display_name}: {words}.")
        self.last = done
        self.counts[words] += done.count
        self.trail.append(person)
        return self.sorting.neighbour(self.user, person)

    def _suggested(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        if newcomer.suggestion is None:
            click.echo("There is no suggestion for them: press a number, or s to skip.")
            return person
        place = newcomer.suggested_circle or self.sorting.OUT
        return self._place(person, newcomer, Answer("place", place))

    def _skip(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        self.trail.append(person)
        after = self.sorting.neighbour(self.user, person)
        return person if after is None else after

    def _back(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        while self.trail:
            before = self.trail.pop()
            if before.pk != person.pk:
                before.refresh_from_db()
                if before.waiting:
                    return before
        return self.sorting.neighbour(self.user, person, back=True) or person

    def _undo(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        if self.last is None or not self.last.count:
            click.echo("There is nothing to undo.")
            return person
        back = self.sorting.put_back(self.user, self.last.ids, self.last.at)
        self.counts[self.sorting.place_words(self.last.place)] -= back
        ids = self.last.ids
        self.last = None
        again = "waits" if back == 1 else "wait"
        click.echo(f"Undone: {plural(back, 'person', 'people')} {again} to be sorted again.")
        if len(ids) == 1:
            from keepwarm.contacts.models import Person
            from keepwarm.owned import owned

            return owned(Person, self.user).filter(pk=ids[0]).first() or person
        return self.sorting.neighbour(self.user, None)

    def _rest(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        waiting = self.sorting.waiting_count(self.user)
        place = answer.place or self.reader.rest_place(self.circles, waiting)
        if place is None:
            click.echo("Nothing was changed.")
            return person
        done = self.sorting.sort_rest(self.user, place)
        words = self.sorting.place_words(place)
        click.echo(f"→ the remaining {plural(done.count, 'person', 'people')}: {words}.")
        self.last = done
        self.counts[words] += done.count
        return None

    def _quit(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        return None

    def _help(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        click.echo(
            "A number puts them in that circle, 0 out of your network, Enter takes the "
            "suggestion; s skips, b goes back, u undoes, r sorts the rest at once, q quits."
        )
        return person

    def _unknown(self, person: Any, newcomer: Any, answer: Answer) -> Any:
        click.echo("Not an answer here: press a number, Enter, s, b, u, r or q (? for help).")
        return person

    def _summary(self) -> None:
        sorted_ = {words: n for words, n in self.counts.items() if n > 0}
        total = sum(sorted_.values())
        left = self.sorting.waiting_count(self.user)
        parts = ", ".join(f"{n:,} {words}" for words, n in sorted_.items())
        click.echo()
        click.echo(f"Sorted {plural(total, 'person', 'people')}{f' ({parts})' if parts else ''}.")
        if left:
            click.echo(
                f"{plural(left, 'person', 'people')} still {'waits' if left == 1 else 'wait'}: "
                "`keepwarm triage` again, or `keepwarm triage --rest wide`."
            )


def _show(newcomer: Any, waiting: int) -> None:
    """What is known of one newcomer, as a few plain lines."""
    person = newcomer.person
    click.echo(f"{person.display_name}   ({waiting:,} waiting)")
    work = ", ".join(p for p in (person.job_title, person.company) if p)
    place = " · ".join(p for p in (work, person.city) if p)
    lines = [("", place)]
    points = list(person.contact_points.order_by("kind", "-preferred", "id")[:4])
    lines += [(point.kind, point.value) for point in points if point.kind in ("email", "phone")]
    if person.birthday:
        lines.append(("birthday", month_day(person.birthday)))
    touches = newcomer.facts.touches
    if touches:
        lines.append(("touches", f"{touches} in the last year"))
    if newcomer.sources:
        lines.append(("imported from", ", ".join(newcomer.sources)))
    if newcomer.suggestion is not None:
        reasons = "; ".join(newcomer.suggestion.reasons)
        lines.append(("suggested", f"{newcomer.suggested_name}: {reasons}"))
    for label, value in lines:
        if value:
            click.echo(f"  {label + '  ' if label else ''}{value}")
