"""`keepwarm gatherings`: the list (coming, then past), one gathering's guests
and answers, recording an answer and who came; only ever the user's own. The
clock is frozen at 2026-11-25 (Wednesday)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.services import create_person
from keepwarm.occasions.hosting import invite, record_answers
from keepwarm.occasions.models import Gathering, Invitation
from keepwarm.owned import owned
from keepwarm.touches.models import Touch


def run(*args: str, user: str = "alice", columns: int = 80):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": str(columns)})


@pytest.fixture
def hosted(alice, bob, jane, frozen):
    """A party to come with three guests, and one last Sunday that two came to."""
    omar, li = create_person(alice, "Omar Haddad"), create_person(alice, "Li Wei")
    coming = Gathering.objects.create(
        owner=alice,
        title="Chili party — football kickoff",
        date=dt.date(2026, 12, 12),
        time=dt.time(18, 30),
        place="Our place",
        capacity=10,
        yearly=True,
    )
    one, two, _ = invite(coming, [jane, omar, li], on=dt.date(2026, 11, 20))
    record_answers(coming, {one.pk: "yes", two.pk: "no"})
    past = Gathering.objects.create(owner=alice, title="Book club", date=dt.date(2026, 11, 22))
    invite(past, [jane, omar], on=dt.date(2026, 11, 15))
    Gathering.objects.create(owner=bob, title="Bob's barbecue", date=dt.date(2026, 12, 1))
    return {"coming": coming, "past": past, "jane": jane, "omar": omar, "li": li}


def test_the_list_shows_coming_then_past_gatherings_with_their_answers(hosted):
    result = run("gatherings")
    assert result.exit_code == 0, result.output
    coming, past = hosted["coming"], hosted["past"]
    assert result.stdout == (
        "# Coming up: 1\n"
        "id\tdate\tgathering\tinvited\tcoming\tno answer\tcame\n"
        f"{coming.pk}\t2026-12-12\tChili party — football kickoff\t3\t1\t1\t0\n"
        "# Past: 1\n"
        f"{past.pk}\t2026-11-22\tBook club\t2\t0\t2\t0\n"
    )


def test_the_list_as_json(hosted):
    rows = json.loads(run("gatherings", "list", "--json").stdout)
    assert [r["title"] for r in rows] == ["Chili party — football kickoff", "Book club"]
    assert rows[0]["time"] == "18:30" and rows[0]["capacity"] == 10 and rows[0]["yearly"]
    assert rows[0]["counts"] == {
        "invited": 3,
        "coming": 1,
        "maybe": 0,
        "declined": 1,
        "waiting": 1,
        "came": 0,
        "left": 8,  # the yes and the unanswered hold their places; the "no" frees its own
    }
    assert "left" not in rows[1]["counts"]  # no capacity


def test_show_lists_the_guests_and_their_answers(hosted):
    coming = hosted["coming"]
    result = run("gatherings", "show", str(coming.pk))
    assert result.exit_code == 0, result.output
    jane, omar, li = hosted["jane"], hosted["omar"], hosted["li"]
    assert result.stdout == (
        f"# Chili party — football kickoff (gathering {coming.pk})\n"
        "when\t2026-12-12 18:30\n"
        "where\tOur place\n"
        "capacity\t10\n"
        "every year\tyes\n"
        "guests\t3 invited: 1 coming, 1 not coming, 1 no answer yet; 8 places left\n"
        "id\tguest\tinvited on\tanswer\temail\tcame\n"
        f"{jane.pk}\tJane Doe\t2026-11-20\tcoming\t\t\n"
        f"{omar.pk}\tOmar Haddad\t2026-11-20\tnot coming\t\t\n"
        f"{li.pk}\tLi Wei\t2026-11-20\tno answer yet\t\t\n"
    )


def test_show_at_80_columns(hosted):
    result = run("--table", "gatherings", "show", str(hosted["coming"].pk))
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0] == f"Chili party — football kickoff (gathering {hosted['coming'].pk})"
    assert all(len(line) <= 80 for line in lines), result.stdout
    assert any("no answer yet" in line for line in lines)


def test_show_as_json(hosted):
    data = json.loads(run("gatherings", "show", str(hosted["past"].pk), "--json").stdout)
    assert data["title"] == "Book club" and data["note"] == ""
    assert data["guests"] == [
        {
            "person": {"id": hosted["jane"].pk, "name": "Jane Doe"},
            "invited_on": "2026-11-15",
            "answer": None,
            "email": None,
            "came": None,
        },
        {
            "person": {"id": hosted["omar"].pk, "name": "Omar Haddad"},
            "invited_on": "2026-11-15",
            "answer": None,
            "email": None,
            "came": None,
        },
    ]


def test_answer_records_a_guests_answer(hosted):
    coming = hosted["coming"]
    result = run("gatherings", "answer", str(coming.pk), "li wei", "MAYBE")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Li Wei: maybe.\n"
    assert Invitation.objects.get(gathering=coming, person=hosted["li"]).answer == "maybe"
    run("gatherings", "answer", str(coming.pk), "Li Wei", "none")
    assert Invitation.objects.get(gathering=coming, person=hosted["li"]).answer == ""


def test_came_logs_the_party_and_the_invitation(alice, hosted):
    past = hosted["past"]
    result = run("gatherings", "came", str(past.pk), "Jane Doe")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Saved who came to Book club: Jane Doe.\n"
        "The invitation counts as a touch for the 2 guests it reached.\n"
    )
    party = owned(Touch, alice).get(kind__occasion="party")
    assert [p.display_name for p in party.people.all()] == ["Jane Doe"]
    assert owned(Touch, alice).count() == 2
    again = run("gatherings", "came", str(past.pk), "--nobody")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Saved who came to Book club: nobody.\n")
    assert not owned(Touch, alice).filter(kind__occasion="party").exists()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["COMING", "Jane Doe"], "Who came can be ticked from the day of the gathering on.", 1),
        (["PAST", "Li Wei"], "Li Wei: not invited to Book club.", 1),
        (["PAST"], "Name everyone who came, or give --nobody, not both.", 2),
        (["PAST", "Jane Doe", "--nobody"], "Name everyone who came, or give --nobody", 2),
        (["BOBS", "Jane Doe"], "You have no gathering", 1),
        (["0", "Jane Doe"], "'0' is not an id", 2),
    ],
)
def test_bad_came_requests_change_nothing(alice, bob, hosted, args, message, code):
    ids = {
        "COMING": hosted["coming"].pk,
        "PAST": hosted["past"].pk,
        "BOBS": owned(Gathering, bob).get().pk,
    }
    args = [str(ids.get(a, a)) for a in args]
    result = run("gatherings", "came", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not Touch.objects.exists()


def test_an_unknown_answer_is_a_usage_error(hosted):
    result = run("gatherings", "answer", str(hosted["coming"].pk), "Jane Doe", "perhaps")
    assert result.exit_code == 2
    assert "'perhaps' is not one of 'yes', 'no', 'maybe', 'none'" in result.stderr


def test_no_gatherings_says_where_to_plan_one(alice):
    result = run("gatherings")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No gatherings yet" in result.stderr


def test_help_lists_the_commands_in_order_with_examples():
    result = CliRunner().invoke(cli, ["gatherings", "--help"])
    assert result.exit_code == 0
    assert 'keepwarm gatherings answer 5 "Jane Doe" yes' in result.stdout
    listed = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line]
    assert listed == ["list", "show", "answer", "came"]
