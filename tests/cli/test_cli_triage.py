"""`keepwarm triage`: one newcomer at a time from lines on standard input (not a
terminal), with keys or words, back, undo, the rest at once, and --rest."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.cli.triage import Answer, read_answer, read_place
from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.imports import sorting
from keepwarm.imports.suggest import OUT
from keepwarm.owned import owned
from tests.newcomers import card, imported


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--user", "alice", "triage", *args], input=input)


def place_of(user, name: str) -> str:
    person = owned(Person, user).get(display_name=name)
    if person.waiting:
        return "waiting"
    return OUT if person.archived else person.circle.name


@pytest.fixture
def newcomers(alice, frozen):
    create_person(alice, "Jane Doe", emails=["jane@example.com"], company="Acme")
    return imported(
        alice,
        card("Ana Ruiz", "ana@example.com", **{"X-SPOUSE": "Ben Ruiz"}),
        card("Ben Ruiz", "ben@example.com"),
        card("Cy Ito", "cy@example.com", ORG="Acme"),
    )


def test_answers_by_key_one_a_line(alice, newcomers):
    result = run(input="1\n0\n3\n")  # Cy Ito, Ana Ruiz, Ben Ruiz
    assert result.exit_code == 0, result.output
    assert [place_of(alice, n) for n in ("Cy Ito", "Ana Ruiz", "Ben Ruiz")] == [
        "Close",
        OUT,
        "Wide",
    ]
    assert "Works at Acme, like Jane Doe (Core)" in result.output
    assert "→ Cy Ito: in Close." in result.output
    assert "Sorted 3 people (1 in Close, 1 not in your network, 1 in Wide)." in result.output


def test_enter_takes_the_suggestion_and_words_work_too(alice, newcomers):
    result = run(input="\nclose\n\n")  # Cy: suggested Core; Ana: Close; Ben: her spouse's
    assert result.exit_code == 0, result.output
    assert [place_of(alice, n) for n in ("Cy Ito", "Ana Ruiz", "Ben Ruiz")] == [
        "Core",
        "Close",
        "Close",
    ]
    assert "Ana Ruiz\u2019s spouse (Close)" in result.output


def test_enter_without_a_suggestion_asks_again(alice, newcomers):
    result = run(input="s\n\nq\n")  # skip Cy; Ana has no suggestion
    assert "There is no suggestion for them" in result.output
    assert sorting.waiting_count(alice) == 3


def test_skip_back_and_undo(alice, newcomers):
    result = run(input="s\n2\nb\nu\nq\n")
    assert result.exit_code == 0, result.output
    # Cy skipped, Ana to Core, back to Cy (still waiting), undo puts Ana back.
    assert "Undone: 1 person waits to be sorted again." in result.output
    assert sorting.waiting_count(alice) == 3


def test_the_rest_at_once_asks_where_or_is_told(alice, newcomers):
    result = run(input="1\nr\nwide\n")
    assert result.exit_code == 0, result.output
    assert "→ the remaining 2 people: in Wide." in result.output
    assert [place_of(alice, n) for n in ("Cy Ito", "Ana Ruiz", "Ben Ruiz")] == [
        "Close",
        "Wide",
        "Wide",
    ]


def test_rest_out_in_one_line(alice, newcomers):
    result = run(input="rest out\n")
    assert result.exit_code == 0 and sorting.waiting_count(alice) == 0
    assert owned(Person, alice).filter(archived=True).count() == 3


def test_the_end_of_the_input_keeps_what_was_answered(alice, newcomers):
    result = run(input="2\n")
    assert result.exit_code == 0, result.output
    assert sorting.waiting_count(alice) == 2
    assert "2 people still wait" in result.output


def test_an_unknown_answer_is_said_and_asked_again(alice, newcomers):
    result = run(input="purple\n?\nq\n")
    assert "Not an answer here" in result.output and "A number puts them" in result.output
    assert sorting.waiting_count(alice) == 3


def test_rest_option_sorts_everyone_waiting(alice, newcomers):
    result = run("--rest", "core")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sorted 3 people: in Core."
    assert owned(Person, alice).filter(circle__name="Core").count() == 4


def test_rest_option_names_a_circle_of_the_user(alice, bob, newcomers):
    Circle.objects.filter(owner=bob, name="Wide").update(name="Bobs")
    result = run("--rest", "bobs")
    assert result.exit_code == 2 and "no circle named 'bobs'" in result.output
    assert sorting.waiting_count(alice) == 3


def test_nobody_waiting(alice, frozen):
    result = run()
    assert result.exit_code == 0
    assert result.output.strip() == "No one from your imports is waiting to be sorted."


def test_the_import_says_who_waits(alice, frozen, tmp_path):
    path = tmp_path / "phone.vcf"
    path.write_text(card("Ana Ruiz", "ana@example.com"))
    result = CliRunner().invoke(cli, ["--user", "alice", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 person waits to be sorted into circles" in result.stderr
    assert "keepwarm triage" in result.stderr


def test_reading_answers(alice, frozen):
    circles = sorting.circles(alice)
    _, core, wide = circles
    assert read_place("2", circles) == core
    assert read_place("wi", circles) == wide
    assert read_place(" Not in my network ", circles) == OUT
    assert read_place("4", circles) is None and read_place("c", circles) is None
    assert read_answer("", circles) == Answer("suggested")
    assert read_answer("\x1b[C", circles) == Answer("skip")
    assert read_answer("\x1b[D", circles) == Answer("back")
    assert read_answer("rest 3", circles) == Answer("rest", wide)
    assert read_answer("r", circles) == Answer("rest")
    assert read_answer("rest purple", circles) == Answer("unknown")
    assert read_answer("Core", circles) == Answer("place", core)
