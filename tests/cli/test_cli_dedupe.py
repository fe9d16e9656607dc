"""`keepwarm dedupe`: list, merge exact duplicates, merge one pair, undo."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import ContactPoint, Merge, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


@pytest.fixture
def network(alice, jane):
    """Jane three times (two exact copies), and two John Smiths who only look alike."""
    create_person(alice, "Jane Doe", emails=["jane@example.com"])
    create_person(alice, "jane doe", phones=["+49 30 1234567"], job_title="Engineer")
    create_person(alice, "John Smith", emails=["john@one.example"])
    create_person(alice, "John A. Smith Jr.", emails=["john@two.example"])
    return alice


def test_the_list_shows_each_pair_with_its_reasons(network):
    result = run("dedupe")
    assert result.exit_code == 0, result.output
    assert "exact" in result.output and "possible" in result.output
    assert "same email jane@example.com" in result.output
    assert "names alike (100%)" in result.output
    assert "4 possible duplicates." in result.output


def test_the_list_as_json(network):
    data = json.loads(run("dedupe", "--json").output)
    # The two copies share nothing with each other but the name: only possible.
    assert [d["strength"] for d in data] == ["exact", "exact", "possible", "possible"]
    assert {d["first"]["name"] for d in data[2:]} == {"Jane Doe", "John Smith"}


def test_auto_exact_merges_the_three_janes_into_the_oldest_and_leaves_the_smiths(network, jane):
    dry = run("dedupe", "--auto-exact", "--dry-run")
    assert "Would merge 2 exact duplicates." in dry.output
    assert owned(Person, network).count() == 5
    result = run("dedupe", "--auto-exact")
    assert result.exit_code == 0, result.output
    assert "Merged 2 exact duplicates." in result.output
    names = sorted(owned(Person, network).values_list("display_name", flat=True))
    assert names == ["Jane Doe", "John A. Smith Jr.", "John Smith"]
    jane.refresh_from_db()
    assert jane.job_title == "Engineer"
    assert owned(ContactPoint, network).filter(person=jane).count() == 2
    assert "No duplicates" not in run("dedupe").output  # the Smiths are still suggested


def test_merge_one_pair_then_undo_it(network):
    smiths = owned(Person, network).filter(display_name__startswith="John").order_by("pk")
    keep, other = smiths
    result = run("dedupe", "--merge", str(keep.pk), str(other.pk))
    assert result.exit_code == 0, result.output
    merge = Merge.objects.get()
    assert f"undo with `keepwarm dedupe --undo {merge.pk}`" in result.output
    assert not Person.objects.filter(pk=other.pk).exists()
    undone = run("dedupe", "--undo", str(merge.pk))
    assert undone.exit_code == 0, undone.output
    assert "John A. Smith Jr." in undone.output
    assert Person.objects.get(pk=other.pk).contact_points.get().value == "john@two.example"
    again = run("dedupe", "--undo", str(merge.pk))
    assert again.exit_code == 1 and "already undone" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--merge", "John Smith", "John Smith"], "cannot be merged with themselves"),
        (["--merge", "John Smith", "nobody"], "No one matches 'nobody'"),
        (["--undo", "999"], "No merge 999"),
        (["--dry-run"], "--dry-run goes with --auto-exact"),
        (["--auto-exact", "--undo", "1"], "one of --auto-exact, --merge and --undo"),
        (["--limit", "0"], "0 is not in the range"),
    ],
)
def test_bad_use_gets_a_clear_message_and_changes_nothing(network, args, message):
    result = run("dedupe", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert owned(Person, network).count() == 5


def test_bob_cannot_merge_or_undo_alices(network, bob):
    jane_ids = list(owned(Person, network).values_list("pk", flat=True)[:2])
    result = run("dedupe", "--merge", *map(str, jane_ids), user="bob")
    assert result.exit_code != 0
    run("dedupe", "--auto-exact")
    merge = Merge.objects.first()
    assert run("dedupe", "--undo", str(merge.pk), user="bob").exit_code == 1
    assert Merge.objects.get(pk=merge.pk).undone_at is None


def test_an_empty_network_has_no_duplicates(bob):
    assert run("dedupe", user="bob").output == "No duplicates found.\n"
