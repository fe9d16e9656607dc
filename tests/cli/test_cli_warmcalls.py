"""`keepwarm warmcalls` (who do I know at …) and the work history in `keepwarm show`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import Job, LifeEvent, Person, Relationship
from keepwarm.contacts.services import create_person, refresh_search_text
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.models import JobHunt
from tests.conftest import kind

TODAY = dt.date(2026, 11, 25)


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args])


@pytest.fixture
def acme(alice, bob, frozen):
    cora = create_person(alice, "Cora Current", company="Acme", job_title="Head of Sales")
    fred = create_person(alice, "Fred Former", company="Globex")
    Job.objects.create(
        owner=alice,
        person=fred,
        company="Acme",
        role="Engineer",
        started=dt.date(2015, 3, 1),
        ended=dt.date(2020, 6, 30),
    )
    refresh_search_text([fred])
    create_person(alice, "Dora Dead", company="Acme")
    Person.objects.filter(display_name="Dora Dead").update(deceased=True)
    ivy = create_person(alice, "Ivy Industry", industry="Fintech", notes="Loves #climbing")
    for days in (2, 30, 60, 120):
        log_touch(alice, [cora], kind(alice, "coffee"), date=TODAY - dt.timedelta(days))
    create_person(bob, "Bob's Acme Buddy", company="Acme")
    return {"cora": cora, "fred": fred, "ivy": ivy}


def test_a_company_lists_current_and_former_staff_warmest_first(alice, acme):
    result = run("warmcalls", "--company", "acme")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Cora Current") < out.index("Fred Former")
    assert "works at Acme" in out and "worked at Acme until 2020" in out
    assert "Dora Dead" not in out and "Buddy" not in out
    assert "warm up first: Fred Former — " in out  # cold but relevant
    assert "2 people" in out


def test_json_is_a_list_of_objects(alice, acme):
    result = run("warmcalls", "--company", "Acme", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == ["Cora Current", "Fred Former"]
    cora, fred = rows
    assert set(cora) == {
        "id", "name", "company", "job_title", "warmth", "label", "relevance", "score",
        "reasons", "last_touch", "archived", "warm_up", "not_now",
    }  # fmt: skip
    assert cora["id"] == acme["cora"].pk
    assert cora["label"] in {"warm", "cooling"} and cora["warm_up"] is None
    assert cora["last_touch"] == "2026-11-23"
    assert fred["reasons"] == ["worked at Acme until 2020"]
    assert fred["label"] == "cold" and fred["warm_up"]
    assert fred["last_touch"] is None
    assert cora["not_now"] is None and fred["not_now"] is None


def test_a_friend_whose_husband_just_died_is_offered_condolences_not_coffee(alice, acme):
    alice.profile.home_city = "Lisbon"
    alice.profile.save()
    maria = create_person(alice, "Maria Ruiz", company="Acme", city="Lisbon")
    carlos = create_person(alice, "Carlos Ruiz")
    Relationship.objects.create(owner=alice, person=maria, kind="spouse", other=carlos)
    Person.objects.filter(pk=carlos.pk).update(deceased=True, deceased_on=TODAY - dt.timedelta(1))
    LifeEvent.objects.create(
        owner=alice, person=acme["cora"], kind="illness", date=TODAY - dt.timedelta(2)
    )
    out = run("warmcalls", "--company", "Acme").output
    assert (
        "condolences first: Maria Ruiz — Carlos Ruiz died on 24 Nov. Condolences first — "
        "no ask for now. Start with a note of condolence."
    ) in " ".join(out.split())
    assert "get well first: Cora Current — Unwell since 23 Nov." in " ".join(out.split())
    assert "coffee" not in out
    rows = {
        r["name"]: r for r in json.loads(run("warmcalls", "--company", "Acme", "--json").output)
    }
    assert rows["Maria Ruiz"]["warm_up"] == "a note of condolence"
    assert rows["Maria Ruiz"]["not_now"].startswith("Carlos Ruiz died on 24 Nov.")
    assert rows["Cora Current"]["warm_up"] is None
    assert rows["Cora Current"]["not_now"].startswith("Unwell since 23 Nov.")


def test_role_and_industry(alice, acme):
    engineers = json.loads(run("warmcalls", "--role", "engineer", "--json").output)
    assert [r["name"] for r in engineers] == ["Fred Former"]
    fintech = json.loads(run("warmcalls", "--industry", "fintech", "--json").output)
    assert [r["name"] for r in fintech] == ["Ivy Industry"]


def test_free_text_uses_the_search_with_its_reasons(alice, acme):
    rows = json.loads(run("warmcalls", "--text", "#climbing", "--json").output)
    assert [(r["name"], r["reasons"]) for r in rows] == [
        ("Ivy Industry", ["notes mention climbing"])
    ]
    both = json.loads(run("warmcalls", "--company", "acme", "--text", "engineer", "--json").output)
    assert [r["name"] for r in both] == ["Fred Former"]


def test_limit_cuts_the_list(alice, acme):
    rows = json.loads(run("warmcalls", "--company", "acme", "--limit", "1", "--json").output)
    assert [r["name"] for r in rows] == ["Cora Current"]


def test_without_options_the_active_job_hunt_is_the_goal(alice, acme):
    JobHunt.objects.create(owner=alice, companies="Acme\n", roles="")
    rows = json.loads(run("warmcalls", "--json").output)
    assert [r["name"] for r in rows] == ["Cora Current", "Fred Former"]


def test_without_options_or_a_hunt_it_says_what_to_give(alice, acme):
    result = run("warmcalls")
    assert result.exit_code == 2
    assert "Give --company, --industry or --role, or start a job hunt in the web app" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_a_hunt_without_a_goal_says_so(alice, acme):
    JobHunt.objects.create(owner=alice)
    result = run("warmcalls")
    assert result.exit_code == 2
    assert "Your job hunt has no goal yet" in result.output


def test_no_match_says_so(alice, acme):
    result = run("warmcalls", "--company", "Initech")
    assert result.exit_code == 0
    assert "No one matches." in result.output
    assert json.loads(run("warmcalls", "--company", "Initech", "--json").output) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--company", "x" * 201], "--company: at most 200 characters."),
        (["--text", "a\x00b"], "--text: that text holds a NUL character."),
        (["--limit", "0"], "Invalid value for '--limit'"),
        (["--limit", "many"], "Invalid value for '--limit'"),
    ],
)
def test_bad_options_are_clear_errors(alice, acme, args, message):
    result = run("warmcalls", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bob_finds_only_his_own_people(bob, acme):
    rows = json.loads(run("warmcalls", "--company", "acme", "--json", user="bob").output)
    assert [r["name"] for r in rows] == ["Bob's Acme Buddy"]


def test_show_prints_the_work_history_and_json_includes_it(alice, acme):
    result = run("show", "Fred Former")
    assert result.exit_code == 0, result.output
    assert "Work history" in result.output
    assert "Acme" in result.output and "2015\u20132020" in result.output
    data = json.loads(run("show", "Fred Former", "--json").output)
    assert data["jobs"] == [
        {
            "company": "Acme",
            "role": "Engineer",
            "industry": "",
            "started": "2015-03-01",
            "ended": "2020-06-30",
        }
    ]
    assert json.loads(run("show", "Cora Current", "--json").output)["jobs"] == []


def test_the_command_is_in_the_help(db):
    result = CliRunner().invoke(cli, ["warmcalls", "--help"])
    assert result.exit_code == 0
    assert "--company" in result.output and "former employees" in result.output
