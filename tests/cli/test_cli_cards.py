"""`keepwarm cards`: the runs, one run's cards, marking cards sent and undoing it,
a card's status, proposing again, the CSV and the labels; only ever the user's own."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import Address, Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.occasions.card_runs import create_run, recipients_csv
from keepwarm.occasions.models import CardRecipient
from keepwarm.owned import owned
from keepwarm.touches.models import Touch

WINDOW = (dt.date(2026, 11, 20), dt.date(2026, 12, 20))


def run(*args: str, user: str = "alice", columns: int = 80):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": str(columns)})


def lives_at(person, street: str) -> None:
    Address.objects.create(
        owner=person.owner, person=person, street=street, locality="Stuttgart", country="DE"
    )


@pytest.fixture
def card_run(alice, bob, frozen):
    close = owned(Circle, alice).get(name="Close")
    jane = create_person(alice, "Jane Doe", circle=close)
    john = create_person(alice, "John Doe", circle=close)
    for person in (jane, john):
        lives_at(person, "Königstraße 5")
    lives_at(create_person(alice, "Ana Ruiz", circle=close), "Calle Mayor 1")
    create_person(alice, "Ned Nomad", circle=close)  # no address
    created = create_run(alice, "Christmas 2026", "christmas", WINDOW, [close], [])
    bobs_close = owned(Circle, bob).get(name="Close")
    lives_at(create_person(bob, "Bill Bobson", circle=bobs_close), "Main St 1")
    create_run(bob, "Bob's cards", "christmas", WINDOW, [bobs_close], [])
    return created


def card(run_, name: str) -> CardRecipient:
    return run_.recipients.get(name_on_card=name)


def test_the_list_shows_each_run_with_its_counts(card_run):
    result = run("cards")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# 1 card run\n"
        "id\trun\tsend by\tcards\tsent\tto send\tno address\n"
        f"{card_run.pk}\tChristmas 2026\t2026-12-20\t2\t0\t2\t1\n"
    )
    assert run("cards", "list").stdout == result.stdout


def test_the_list_as_json(card_run):
    result = run("cards", "--json")
    assert json.loads(result.stdout) == [
        {
            "id": card_run.pk,
            "name": "Christmas 2026",
            "season": "Christmas",
            "send_from": "2026-11-20",
            "send_until": "2026-12-20",
            "cards": 2,
            "to_send": 2,
            "sent": 0,
            "need_address": 1,
            "call_instead": 0,
            "left_out": 0,
        }
    ]


def test_no_runs_says_where_to_start_one(alice):
    result = run("cards")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No card runs yet" in result.stderr


def test_show_lists_every_card_with_its_status_and_address(card_run):
    result = run("cards", "show", str(card_run.pk))
    assert result.exit_code == 0, result.output
    does, ruiz, ned = (card(card_run, n) for n in ("Jane & John Doe", "Ana Ruiz", "Ned Nomad"))
    assert result.stdout == (
        f"# Christmas 2026 (run {card_run.pk}), send 2026-11-20 to 2026-12-20: 2 cards for "
        "4 people: 2 to send, 0 sent; 1 needs an address\n"
        "id\tcard to\tstatus\tsent on\taddress\n"
        f"{ruiz.pk}\tAna Ruiz\tto send\t\tCalle Mayor 1, Stuttgart, DE\n"
        f"{does.pk}\tJane & John Doe\tto send\t\tKönigstraße 5, Stuttgart, DE\n"
        f"{ned.pk}\tNed Nomad\task for the address\t\t\n"
    )


def test_show_at_80_columns_fits_and_keeps_the_status_whole(card_run):
    result = run("--table", "cards", "show", str(card_run.pk))
    lines = result.stdout.rstrip("\n").split("\n")
    assert all(len(line) <= 80 for line in lines), result.stdout
    assert any("ask for the address" in line for line in lines)


def test_show_as_json(card_run):
    data = json.loads(run("cards", "show", str(card_run.pk), "--json").stdout)
    assert data["people"] == 4 and data["need_address"] == 1
    does = next(r for r in data["recipients"] if r["name_on_card"] == "Jane & John Doe")
    assert does["status"] == "to-send"
    assert does["address"] == ["Königstraße 5", "Stuttgart", "DE"]
    assert sorted(p["name"] for p in does["people"]) == ["Jane Doe", "John Doe"]
    ned = next(r for r in data["recipients"] if r["name_on_card"] == "Ned Nomad")
    assert ned["status"] == "ask-address" and ned["address"] is None


def test_marking_cards_sent_logs_one_touch_per_household(alice, card_run):
    does = card(card_run, "Jane & John Doe")
    result = run("cards", "sent", str(card_run.pk), str(does.pk), "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Marked 1 card sent on 2026-11-24.\n"
    does.refresh_from_db()
    assert does.status == "sent" and does.sent_on == dt.date(2026, 11, 24)
    touch = owned(Touch, alice).get()
    assert sorted(p.display_name for p in touch.people.all()) == ["Jane Doe", "John Doe"]
    assert card(card_run, "Ana Ruiz").status == "planned"


def test_all_marks_every_card_to_send_today(alice, card_run):
    result = run("cards", "sent", str(card_run.pk), "--all")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Marked 2 cards sent on 2026-11-25.\n"
    assert owned(Touch, alice).count() == 2
    assert card(card_run, "Ned Nomad").status == "ask_address"  # not to send: left as it is


def test_a_card_not_to_send_is_left_as_it_is(alice, card_run):
    ned = card(card_run, "Ned Nomad")
    result = run("cards", "sent", str(card_run.pk), str(ned.pk))
    assert result.exit_code == 0, result.output
    assert "Marked 0 cards sent" in result.stdout
    assert "Left as it is: Ned Nomad (ask for the address)." in result.stderr
    assert not owned(Touch, alice).exists()


def test_undo_sent_deletes_the_touch(alice, card_run):
    does = card(card_run, "Jane & John Doe")
    run("cards", "sent", str(card_run.pk), str(does.pk))
    result = run("cards", "unsent", str(card_run.pk), str(does.pk))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Undone: 1 card to send again.\n"
    assert card(card_run, "Jane & John Doe").status == "planned"
    assert not owned(Touch, alice).exists()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--date", "2026-11-26"], "Cards are marked sent after they went out", 1),
        (["--date", "26.11.2026"], "'26.11.2026' is not a date", 2),
        (["--all", "CARD"], "Name the cards (their ids) or give --all, not both.", 2),
        ([], "Name the cards (their ids) or give --all, not both.", 2),
        (["999999"], "Christmas 2026 has no card 999999", 1),
        (["x1"], "'x1' is not an id", 2),
    ],
)
def test_bad_sent_requests_change_nothing(alice, card_run, args, message, code):
    does = card(card_run, "Jane & John Doe")
    args = [str(does.pk) if a == "CARD" else a for a in args]
    if args and args[0] == "--date":
        args = [str(does.pk), *args]
    result = run("cards", "sent", str(card_run.pk), *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not owned(Touch, alice).exists()


def test_status_switches_a_card(card_run):
    ned = card(card_run, "Ned Nomad")
    result = run("cards", "status", str(card_run.pk), str(ned.pk), "call-instead")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ned Nomad: call instead.\n"
    assert card(card_run, "Ned Nomad").status == "call_instead"


def test_a_card_with_an_address_cannot_be_to_call(card_run):
    does = card(card_run, "Jane & John Doe")
    result = run("cards", "status", str(card_run.pk), str(does.pk), "call-instead")
    assert result.exit_code == 1
    assert "A card to Jane & John Doe cannot be “call instead”." in result.stderr
    assert card(card_run, "Jane & John Doe").status == "planned"


def test_refresh_proposes_again_after_an_address_was_added(alice, card_run):
    lives_at(owned(Person, alice).get(display_name="Ned Nomad"), "Am Markt 2")
    result = run("cards", "refresh", str(card_run.pk))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Proposed again from your circles and tags: 3 to send.\n"


def test_the_csv_is_the_web_apps_download(card_run, tmp_path):
    target = tmp_path / "cards.csv"
    result = run("cards", "csv", str(card_run.pk), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 2 cards to {target}.\n"
    assert target.read_bytes() == recipients_csv(card_run)[0]
    piped = run("cards", "csv", str(card_run.pk), "-o", "-")
    assert piped.stdout_bytes == target.read_bytes()


def test_labels_go_through_keepwarm_labels(card_run, tmp_path):
    target = tmp_path / "cards.pdf"
    result = run("cards", "labels", str(card_run.pk), "--sheet", "avery5160", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 2 labels (Avery 5160) to {target}.\n"
    assert target.read_bytes().startswith(b"%PDF")


def test_another_users_run_is_not_found(bob, card_run):
    bobs = owned(type(card_run), bob).get()
    for args in (["show", str(bobs.pk)], ["sent", str(bobs.pk), "--all"]):
        result = run("cards", *args)
        assert result.exit_code == 1
        assert f"You have no card run {bobs.pk}. See yours with `keepwarm cards`." in result.stderr
    # Nor are another run's cards, by id.
    theirs = bobs.recipients.get()
    result = run("cards", "sent", str(card_run.pk), str(theirs.pk))
    assert result.exit_code == 1
    assert f"Christmas 2026 has no card {theirs.pk}" in result.stderr
    theirs.refresh_from_db()
    assert theirs.status == "planned"


def test_help_shows_examples():
    result = CliRunner().invoke(cli, ["cards", "--help"])
    assert result.exit_code == 0
    assert "keepwarm cards show 3" in result.stdout
    for command in ("list", "show", "sent", "unsent", "status", "refresh", "csv", "labels"):
        assert f"  {command} " in result.stdout
