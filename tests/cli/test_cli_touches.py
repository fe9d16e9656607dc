"""`keepwarm log` and `keepwarm followup`."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch


def run(*args: str, user: str = "alice", **kwargs):
    return CliRunner().invoke(cli, ["--user", user, *args], **kwargs)


@pytest.fixture
def sam(alice):
    return create_person(alice, "Sam Lee", emails=["sam@example.com"])


def test_log_one_touch_with_several_people(alice, jane, sam, frozen):
    result = run(
        "log",
        "Jane Doe",
        "sam@example.com",
        str(jane.pk),
        "--kind",
        "Check-In  Call",
        "--date",
        "2026-11-20",
        "--note",
        "talked about the move",
    )
    assert result.exit_code == 0, result.output
    touch = owned(Touch, alice).get()
    assert touch.kind.label == "check-in call"
    assert touch.date == dt.date(2026, 11, 20)
    assert touch.note == "talked about the move"
    assert sorted(p.display_name for p in touch.people.all()) == ["Jane Doe", "Sam Lee"]
    jane.refresh_from_db()
    assert jane.last_touch_on == dt.date(2026, 11, 20)
    assert result.stdout == (
        f"Logged check-in call with Jane Doe, Sam Lee on 2026-11-20 (touch {touch.pk}).\n"
    )


def test_log_defaults_to_today_in_the_users_time_zone(alice, bob, jane):
    bill = create_person(bob, "Bill Bobson")
    # 23:30 UTC on 25 November: the 26th in Berlin (alice), still the 25th in New York (bob).
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False):
        assert run("log", "Jane Doe", "--kind", "coffee").exit_code == 0
        assert run("log", "Bill", "--kind", "coffee", user="bob").exit_code == 0
    assert owned(Touch, alice).get().date == dt.date(2026, 11, 26)
    assert owned(Touch, bob).get().date == dt.date(2026, 11, 25)
    bill.refresh_from_db()
    assert bill.last_touch_on == dt.date(2026, 11, 25)


def test_log_with_a_follow_up(alice, jane, frozen):
    result = run(
        "log", "Jane", "--kind", "lunch", "--follow-up", "send the article", "--due", "2026-12-01"
    )
    assert result.exit_code == 0, result.output
    follow_up = owned(FollowUp, alice).get()
    assert (follow_up.text, follow_up.due, follow_up.person) == (
        "send the article",
        dt.date(2026, 12, 1),
        jane,
    )
    assert follow_up.touch == owned(Touch, alice).get()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ["--kind", "teleport"],
            "Unknown touch kind 'teleport'. Known kinds: holiday card, "
            "birthday greeting, coffee, lunch, check-in call",
            2,
        ),
        (
            ["--kind", "coffee", "--date", "2026-11-30"],
            "--date: A touch is logged after it happened",
            1,
        ),
        (["--kind", "coffee", "--date", "2026-02-30"], "'2026-02-30' is not a date", 2),
        (["--kind", "coffee", "--due", "2026-12-01"], "--due goes with --follow-up", 2),
        (["--kind", "coffee", "--note", "x" * 5001], "--note: at most 5,000 characters", 1),
    ],
)
def test_log_refuses_bad_input_and_logs_nothing(alice, jane, frozen, args, message, code):
    result = run("log", "Jane Doe", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not owned(Touch, alice).exists()


def test_log_needs_every_person_to_be_found(alice, jane, frozen):
    result = run("log", "Jane Doe", "Nobody Known", "--kind", "coffee")
    assert result.exit_code == 1
    assert "No one matches 'Nobody Known'" in result.stderr
    assert not owned(Touch, alice).exists()


def test_log_with_an_ambiguous_person_lists_candidates(alice, jane, frozen):
    create_person(alice, "Jane Smith")
    result = run("log", "jane", "--kind", "coffee")
    assert result.exit_code == 2
    assert "Jane Doe" in result.stderr and "Jane Smith" in result.stderr
    assert not owned(Touch, alice).exists()


def test_log_never_guesses_from_part_of_a_name(alice, frozen):
    create_person(alice, "Léa Roux")
    create_person(alice, "Bob Leap")
    result = run("log", "lea", "--kind", "coffee")
    assert result.exit_code == 2
    assert "Léa Roux" in result.stderr and "Bob Leap" in result.stderr
    assert not owned(Touch, alice).exists()


def test_log_with_a_substring_only_asks_instead_of_logging(alice, frozen):
    create_person(alice, "Bob Leap")
    result = run("log", "eap", "--kind", "coffee")
    assert result.exit_code == 2
    assert "did you mean this person?" in result.stderr and "Bob Leap" in result.stderr
    assert not owned(Touch, alice).exists()


def test_log_finds_a_name_typed_without_its_accent(alice, frozen):
    lea = create_person(alice, "Léa Roux")
    create_person(alice, "Bob Leap")
    result = run("log", "lea roux", "--kind", "coffee")
    assert result.exit_code == 0, result.output
    assert list(owned(Touch, alice).get().people.all()) == [lea]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-11-26"], "pick today or earlier"),
        (["--date", "1899-12-31"], "Pick a date after 1900."),
        (["--follow-up", "note", "--due", "2036-11-26"], "at most 10 years ahead"),
        (["--follow-up", "note", "--due", "1850-01-01"], "Pick a date after 1900."),
    ],
)
def test_log_keeps_the_same_date_rules_as_the_web(alice, jane, frozen, args, message):
    result = run("log", "Jane Doe", "--kind", "coffee", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert not owned(Touch, alice).exists()


@pytest.mark.parametrize(
    ("due", "message"),
    [("2036-11-26", "at most 10 years ahead"), ("1899-12-31", "Pick a date after 1900.")],
)
def test_followup_keeps_the_same_date_rules_as_the_web(alice, jane, frozen, due, message):
    result = run("followup", "Jane Doe", "send the article", "--due", due)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert not owned(FollowUp, alice).exists()


def test_log_cannot_reach_another_users_person(alice, bob, jane, frozen):
    result = run("log", str(jane.pk), "--kind", "coffee", user="bob")
    assert result.exit_code == 1
    assert not Touch.objects.exists()


def test_followup_adds_one(alice, jane, frozen):
    result = run("followup", "jane@example.com", "  thank-you note ", "--due", "2026-11-27")
    assert result.exit_code == 0, result.output
    follow_up = owned(FollowUp, alice).get()
    assert (follow_up.person, follow_up.text, follow_up.due, follow_up.done_at) == (
        jane,
        "thank-you note",
        dt.date(2026, 11, 27),
        None,
    )
    assert (
        result.stdout == f"Follow-up {follow_up.pk} for Jane Doe, due 2026-11-27: thank-you note\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Jane Doe", "call back"], "Missing option '--due'"),
        (["Jane Doe", "call back", "--due", "soon"], "'soon' is not a date like 2026-03-14"),
        (["Jane Doe", "  ", "--due", "2026-12-01"], "Say what the follow-up is"),
    ],
)
def test_followup_refuses_bad_input(alice, jane, args, message):
    result = run("followup", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not FollowUp.objects.exists()


def test_followup_text_too_long_is_a_clear_error(alice, jane):
    result = run("followup", "Jane Doe", "x" * 301, "--due", "2026-12-01")
    assert result.exit_code == 1
    assert "at most 300 characters" in result.stderr
    assert not FollowUp.objects.exists()
