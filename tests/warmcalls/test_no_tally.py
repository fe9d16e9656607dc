"""Friendship, not scorekeeping: no page, export or JSON output shows a tally of
give versus get, a debt or a balance of favours. Every page of a rich account is
rendered (the demo network, two years of touches), every export format written,
and the CLI's JSON read; a fake page proves the check would catch one."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from django.urls import reverse

from keepwarm.cli import cli
from keepwarm.contacts.models import Person
from keepwarm.demo import load_demo
from keepwarm.imports.export import export
from keepwarm.imports.files import EXPORTS
from keepwarm.owned import owned
from tests.conftest import TODAY
from tests.pages import page_urls
from tests.warmcalls.tally import tally_in


@pytest.mark.parametrize(
    "page",
    [
        "<p>You gave 12 times, they gave 3.</p>",
        "<td>Jane owes you a lunch</td>",
        "<span>Favours owed: 2</span>",
        "<div>Give and get balance: +3</div>",
        "<p>Gives: 7 · Gets: 2</p>",
        "<li>You are in their debt</li>",
        "<b>Tally</b> of favours",
    ],
)
def test_the_check_catches_a_tally(page):
    assert tally_in(page)


@pytest.mark.parametrize(
    "page",
    [
        "<p>Offer to help with their move; a coffee to catch up.</p>",
        "<p>Give them a call and catch up.</p>",
        '<a class="balance">Coffee</a>',
        "<script>var balance = 1;</script><p>Lunch</p>",
    ],
)
def test_the_check_lets_friendly_words_through(page):
    assert tally_in(page) == []


@pytest.fixture
def rich(alice, frozen):
    load_demo(alice, TODAY)
    return alice


def test_no_page_shows_a_tally(rich, client):
    client.force_login(rich)
    people = owned(Person, rich).order_by("id").values_list("id", flat=True)[:40]
    urls = [*page_urls(rich), *(reverse("person", args=[pk]) for pk in people)]
    urls += [f"{reverse('people')}?sort=-warmth", f"{reverse('people')}?warmth=cold"]
    assert reverse("network_health") in urls
    found, read = {}, set()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            read.add(url)
            if hits := tally_in(response.content.decode()):
                found[url] = hits
    assert found == {}
    assert len(read) > 60
    assert {reverse("network_health"), reverse("home"), reverse("plan")} <= read


@pytest.mark.parametrize("kind", EXPORTS)
def test_no_export_shows_a_tally(rich, kind):
    data, count = export(rich, kind, owned(Person, rich))
    assert count > 100
    assert tally_in(data.decode("utf-8", errors="replace")) == []


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, ["--user", "alice", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_no_json_output_of_the_cli_shows_a_tally(rich):
    everyone = json.loads(_cli("people", "--json"))
    assert len(everyone) > 100
    keys = {key for person in everyone for key in person}
    outputs = [json.dumps(everyone)]
    for person in owned(Person, rich).order_by("id")[:15]:
        shown = json.loads(_cli("show", str(person.pk), "--json"))
        keys |= set(shown)
        outputs.append(json.dumps(shown))
    assert not {key for key in keys if re.search(r"give|owe|debt|balance|tally", key)}
    for output in outputs:
        assert tally_in(output) == []
