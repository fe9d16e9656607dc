"""`keepwarm today`, `week`, `plan`, `done`, `skip` and `snooze`."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
import time_machine
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import kind

ITEM_KEYS = {"id", "date", "kind", "minutes", "people", "reason"}
WEEK_KEYS = {"start", "budget_minutes", "planned_minutes", "beyond_minutes", "items"}


def run(*args: str, user: str = "alice"):
    # Wide enough that no cell wraps: the assertions read whole names and reasons.
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


@pytest.fixture
def ana(alice):
    """Birthday today (Wednesday 25 November)."""
    return create_person(
        alice, "Ana Ruiz", emails=["ana@example.com"], birthday_month=11, birthday_day=25
    )


@pytest.fixture
def sam(alice):
    """Birthday on Friday of this week."""
    return create_person(
        alice, "Sam Lee", emails=["sam@example.com"], birthday_month=11, birthday_day=27
    )


@pytest.fixture
def acting(django_capture_on_commit_callbacks):
    """Run a command that changes data, with its after-commit work (the plan's
    version bump) done as it would be outside the test's transaction."""

    def act(*args: str, user: str = "alice"):
        with django_capture_on_commit_callbacks(execute=True):
            return run(*args, user=user)

    return act


def check_item(item: dict) -> None:
    assert set(item) == ITEM_KEYS
    assert isinstance(item["id"], str) and item["id"]
    assert dt.date.fromisoformat(item["date"])
    assert isinstance(item["kind"], str) and isinstance(item["reason"], str)
    assert isinstance(item["minutes"], int) and item["minutes"] > 0
    for person in item["people"]:
        assert set(person) == {"id", "name", "email"}
        assert isinstance(person["id"], int)
        assert isinstance(person["name"], str) and isinstance(person["email"], str)


def check_week(week: dict) -> None:
    assert set(week) == WEEK_KEYS
    assert dt.date.fromisoformat(week["start"])
    assert isinstance(week["budget_minutes"], int) and isinstance(week["planned_minutes"], int)
    assert week["planned_minutes"] == sum(item["minutes"] for item in week["items"])
    # Only occasions (never dropped) may take a week beyond its budget, and then it says so.
    assert week["planned_minutes"] <= week["budget_minutes"] + week["beyond_minutes"]
    assert week["beyond_minutes"] >= 0
    for item in week["items"]:
        check_item(item)


def test_today_lists_todays_items_then_those_that_can_be_done_ahead(alice, ana, sam, frozen):
    result = run("today")
    assert result.exit_code == 0, result.output
    out = result.stdout
    today, _, ahead = out.partition("Can be done ahead: 1 item")
    assert "Today, Wed 25 Nov: 1 item" in today
    assert f"birthday-{ana.pk}-2026" in today and "birthday today" in today
    assert "Sam Lee" not in today
    # Friday's greeting can be written ahead, from today, but it is not today's.
    assert f"birthday-{sam.pk}-2026" in ahead and "birthday on Friday" in ahead
    assert "Fri 27 Nov" in ahead and "Sam Lee" in ahead and "birthday greeting" in ahead


def test_today_json_is_a_list_of_items(alice, ana, frozen):
    result = run("today", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == [f"birthday-{ana.pk}-2026"]
    check_item(items[0])
    assert items[0] == {
        "id": f"birthday-{ana.pk}-2026",
        "date": "2026-11-25",
        "kind": "birthday greeting",
        "minutes": kind(alice, "birthday greeting").minutes,
        "people": [{"id": ana.pk, "name": "Ana Ruiz", "email": "ana@example.com"}],
        "reason": "birthday today",
    }


def test_today_with_nothing_open_says_so(alice, jane, frozen):
    # A coffee yesterday: Jane is no newcomer waiting for a first touch.
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 24))
    result = run("today")
    assert result.exit_code == 0
    assert "Nothing planned for today" in result.stderr
    assert json.loads(run("today", "--json").stdout) == []


def test_today_is_the_users_own_date(alice, ana):
    # 23:30 UTC on the 25th is already the 26th in Berlin: Ana's birthday has passed.
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False):
        items = json.loads(run("today", "--json").stdout)
    assert items == []


def test_week_shows_the_budget_line_and_items(alice, jane, ana, sam, frozen):
    log_touch(alice, [jane], kind(alice, "email or note"), date=dt.date(2026, 11, 24))
    spent = kind(alice, "email or note").minutes
    planned = 2 * kind(alice, "birthday greeting").minutes
    result = run("week")
    assert result.exit_code == 0, result.output
    line = f"Week of Mon 23 Nov 2026: {planned} of 60 minutes planned, {spent} already spent"
    assert line in result.stdout
    assert "Ana Ruiz" in result.stdout and "Sam Lee" in result.stdout


def test_week_json_is_one_week_with_what_was_spent(alice, jane, ana, sam, frozen):
    log_touch(alice, [jane], kind(alice, "email or note"), date=dt.date(2026, 11, 24))
    week = json.loads(run("week", "--json").stdout)
    assert week.pop("spent_minutes") == kind(alice, "email or note").minutes
    check_week(week)
    assert week["start"] == "2026-11-23"
    assert week["budget_minutes"] == 60
    assert [item["people"][0]["name"] for item in week["items"]] == ["Ana Ruiz", "Sam Lee"]


def test_plan_json_is_exactly_a_list_of_weeks(alice, jane, ana, frozen):
    result = run("plan", "--json")
    assert result.exit_code == 0, result.output
    weeks = json.loads(result.stdout)
    assert isinstance(weeks, list) and len(weeks) == 52
    for week in weeks:
        check_week(week)
    starts = [dt.date.fromisoformat(week["start"]) for week in weeks]
    assert starts[0] == dt.date(2026, 11, 23)
    assert all((b - a).days == 7 for a, b in itertools.pairwise(starts))
    people = {p["name"] for week in weeks for item in week["items"] for p in item["people"]}
    assert people == {"Jane Doe", "Ana Ruiz"}


def test_plan_weeks_limits_the_weeks_shown(alice, ana, frozen):
    weeks = json.loads(run("plan", "--weeks", "3", "--json").stdout)
    assert [week["start"] for week in weeks] == ["2026-11-23", "2026-11-30", "2026-12-07"]
    result = run("plan", "--weeks", "2")
    assert result.exit_code == 0, result.output
    greeting = kind(alice, "birthday greeting").minutes
    assert f"Week of Mon 23 Nov 2026: {greeting} of 60 minutes planned" in result.stdout
    assert "Week of Mon 30 Nov 2026" in result.stdout
    assert "Week of Mon 7 Dec 2026" not in result.stdout
    assert f"birthday-{ana.pk}-2026" in result.stdout


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_plan_refuses_a_bad_number_of_weeks(alice, frozen, weeks):
    result = run("plan", "--weeks", weeks)
    assert result.exit_code == 2
    assert "--weeks" in result.stderr
    assert "Traceback" not in result.output


def test_done_logs_the_touch_and_the_item_leaves_today(alice, ana, sam, frozen, acting):
    item = f"birthday-{ana.pk}-2026"
    result = acting("done", item, "--note", "called her after")
    assert result.exit_code == 0, result.output
    touch = owned(Touch, alice).get()
    assert result.stdout == f"Logged birthday greeting with Ana Ruiz today (touch {touch.pk}).\n"
    assert (touch.kind.label, touch.date, touch.note) == (
        "birthday greeting",
        dt.date(2026, 11, 25),
        "called her after",
    )
    assert list(touch.people.all()) == [ana]
    ids = [entry["id"] for entry in json.loads(run("today", "--json").stdout)]
    assert ids == [f"birthday-{sam.pk}-2026"]
    again = acting("done", item)
    assert again.exit_code == 1
    assert "is not in your plan" in again.stderr
    assert owned(Touch, alice).count() == 1


def test_skip_removes_the_item(alice, ana, sam, frozen, acting):
    item = f"birthday-{sam.pk}-2026"
    result = acting("skip", item)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Skipped the birthday greeting for Sam Lee on Fri 27 Nov. It is not planned again.\n"
    )
    week = json.loads(run("week", "--json").stdout)
    assert item not in [entry["id"] for entry in week["items"]]
    assert not owned(Touch, alice).exists()


@pytest.mark.parametrize("command", ["done", "skip"])
@pytest.mark.parametrize(
    ("item", "message", "code"),
    [
        ("birthday-999-2026", "'birthday-999-2026' is not in your plan", 1),
        ("   ", "Name an item by its id", 2),
    ],
)
def test_unknown_items_are_refused(alice, ana, frozen, acting, command, item, message, code):
    result = acting(command, item)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not owned(Touch, alice).exists()


def test_another_users_item_is_not_found(alice, bob, ana, frozen, acting):
    item = f"birthday-{ana.pk}-2026"
    result = acting("done", item, user="bob")
    assert result.exit_code == 1
    assert "is not in your plan" in result.stderr
    assert not Touch.objects.exists()
    assert acting("skip", item, user="bob").exit_code == 1
    assert item in run("today").stdout


def test_done_refuses_a_note_too_long(alice, ana, frozen, acting):
    result = acting("done", f"birthday-{ana.pk}-2026", "--note", "x" * 5001)
    assert result.exit_code == 1
    assert "--note: at most 5,000 characters" in result.stderr
    assert not owned(Touch, alice).exists()


@pytest.mark.parametrize(
    ("args", "until"),
    [
        (["--until", "2027-01-15"], dt.date(2027, 1, 15)),
        (["--for", "2w"], dt.date(2026, 12, 9)),
        (["--for", "3D"], dt.date(2026, 11, 28)),
    ],
)
def test_snooze_pauses_the_person(alice, ana, frozen, acting, args, until):
    result = acting("snooze", "Ana Ruiz", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Snoozed Ana Ruiz until {until.isoformat()}: nothing is planned for them before then.\n"
    )
    ana.refresh_from_db()
    assert ana.paused_until == until
    assert json.loads(run("today", "--json").stdout) == []


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--until", "2026-11-25"], "--until: 2026-11-25 is not after today (2026-11-25)", 1),
        (["--until", "2020-01-01"], "--until: 2020-01-01 is not after today", 1),
        (["--until", "2026-02-30"], "'2026-02-30' is not a date", 2),
        (["--until", "2040-01-01"], "Snooze for at most five years.", 1),
        (["--for", "2y"], "'2y' is not a span like 3d (days) or 2w (weeks)", 2),
        (["--for", "0d"], "--for: snooze for at least one day.", 1),
        ([], "Say how long: --until YYYY-MM-DD or --for 2w.", 2),
        (["--until", "2027-01-15", "--for", "2w"], "Say how long", 2),
    ],
)
def test_snooze_refuses_bad_dates(alice, ana, frozen, acting, args, message, code):
    result = acting("snooze", "Ana Ruiz", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    ana.refresh_from_db()
    assert ana.paused_until is None


def test_snooze_finds_people_like_log_does(alice, bob, ana, frozen, acting):
    assert acting("snooze", "ana@example.com", "--for", "1w").exit_code == 0
    result = acting("snooze", "Nobody Known", "--for", "1w")
    assert result.exit_code == 1
    assert "No one matches 'Nobody Known'" in result.stderr
    other = acting("snooze", "Ana Ruiz", "--for", "1w", user="bob")
    assert other.exit_code == 1
    assert "No one matches 'Ana Ruiz'" in other.stderr


def test_week_says_how_far_occasions_go_beyond_a_small_budget(alice, ana, sam, frozen):
    alice.profile.weekly_budget_minutes = 5
    alice.profile.save()
    greeting = kind(alice, "birthday greeting").minutes
    week = json.loads(run("week", "--json").stdout)
    assert [i["id"] for i in week["items"]] == [
        f"birthday-{ana.pk}-2026",
        f"birthday-{sam.pk}-2026",
    ]
    assert week["planned_minutes"] == 2 * greeting
    assert week["beyond_minutes"] == 2 * greeting - 5
    out = run("week").stdout
    assert f"occasions kept {2 * greeting - 5} beyond the budget" in out
