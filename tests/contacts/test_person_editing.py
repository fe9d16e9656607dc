"""One way to change a person (``contacts.editing``): the person form and the
command line save through it, and its rules across a person's rows hold
whichever door is used: one preferred contact point of each kind, one
mailing address."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.urls import reverse

from keepwarm.cli import cli
from keepwarm.contacts.editing import save_person
from keepwarm.contacts.models import Address, ContactPoint, Person
from keepwarm.contacts.services import create_person
from keepwarm.formats.records import ContactRecord, Labeled, ParseResult
from keepwarm.imports import service
from keepwarm.owned import owned
from tests.web.person_form import payload

TWO_PREFERRED = "Mark only one email as preferred."
TWO_MAILING = "Only one address can be the mailing address."


@pytest.fixture
def jane(alice, frozen):
    """Jane with two emails (the first preferred) and two addresses (the first for mail)."""
    person = create_person(alice, "Jane Doe", emails=["jane@example.com", "jd@work.example"])
    for street, mailing in (("Hauptstr. 1", True), ("Ringstr. 9", False)):
        Address.objects.create(
            owner=alice, person=person, street=street, locality="Berlin", is_mailing=mailing
        )
    return person


def state(user) -> tuple:
    return (
        sorted(owned(ContactPoint, user).values_list("value", "preferred")),
        sorted(owned(Address, user).values_list("street", "is_mailing")),
        sorted(owned(Person, user).values_list("display_name", "company")),
    )


def run(*args: str):
    return CliRunner().invoke(cli, ["--user", "alice", *args])


# The service -----------------------------------------------------------------------


def test_the_service_refuses_a_second_preferred_email_it_is_not_shown(alice, jane):
    """The first email is preferred in the database; the door sends only the new one."""
    before = state(alice)
    second = jane.contact_points.get(value="jd@work.example")
    second.preferred = True
    jane.company = "Acme"
    with pytest.raises(ValidationError) as refused:
        save_person(jane, saved=[second])
    assert refused.value.messages == [TWO_PREFERRED]
    assert state(alice) == before


def test_the_service_refuses_a_second_mailing_address(alice, jane):
    before = state(alice)
    new = Address(street="Seestr. 4", locality="Potsdam", is_mailing=True)
    with pytest.raises(ValidationError) as refused:
        save_person(jane, saved=[new])
    assert refused.value.messages == [TWO_MAILING]
    assert state(alice) == before


def test_the_service_takes_a_preferred_one_moved_to_another(alice, jane):
    first, second = jane.contact_points.order_by("pk")
    first.preferred, second.preferred = False, True
    save_person(jane, saved=[first, second])
    assert jane.contact_points.get(preferred=True) == second


# The command line ------------------------------------------------------------------


def test_the_command_line_makes_another_email_the_preferred_one(alice, jane):
    result = run("edit", "Jane Doe", "--prefer", "JD@work.example", "--mailing", "ringstr")
    assert result.exit_code == 0, result.output
    assert jane.contact_points.get(preferred=True).value == "jd@work.example"
    assert jane.addresses.get(is_mailing=True).street == "Ringstr. 9"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--prefer", "jane@example.com", "--prefer", "jd@work.example"], TWO_PREFERRED),
        (["--mailing", "Hauptstr", "--mailing", "Ringstr"], TWO_MAILING),
        (["--prefer", "nobody@example.com"], "Jane Doe has no email, phone or web address"),
        (["--mailing", "Berlin"], "'Berlin' is in 2 of Jane Doe's addresses"),
        (["--mailing", "Paris"], "Jane Doe has no address with 'Paris' in it."),
    ],
)
def test_the_command_line_refuses_with_the_services_message(alice, jane, args, message):
    before = state(alice)
    result = run("edit", "Jane Doe", "--company", "Acme", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert state(alice) == before


# The person form -------------------------------------------------------------------


def both_marked(jane) -> dict[str, list[dict[str, str]]]:
    """The person form's rows with both emails preferred and both addresses for mail."""
    points = [
        {"id": str(p.pk), "kind": p.kind, "value": p.value, "preferred": "on"}
        for p in jane.contact_points.order_by("pk")
    ]
    addresses = [
        {"id": str(a.pk), "street": a.street, "locality": a.locality, "is_mailing": "on"}
        for a in jane.addresses.order_by("pk")
    ]
    return {"contacts": points, "addresses": addresses}


@pytest.mark.parametrize(
    ("prefix", "message"), [("contacts", TWO_PREFERRED), ("addresses", TWO_MAILING)]
)
def test_the_person_form_says_the_services_message(alice, alice_client, jane, prefix, message):
    rows = {prefix: both_marked(jane)[prefix]}
    before = state(alice)
    response = alice_client.post(reverse("person_edit", args=[jane.pk]), payload(alice, rows))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert state(alice) == before


def test_the_person_form_saves_through_the_service(alice, alice_client, jane, monkeypatch):
    from keepwarm.web.forms import person_inlines

    calls = []
    real = person_inlines.save_person
    monkeypatch.setattr(
        person_inlines, "save_person", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    response = alice_client.post(
        reverse("person_edit", args=[jane.pk]), payload(alice, company="Acme")
    )
    assert response.status_code == 302
    assert calls == [1]
    jane.refresh_from_db()
    assert jane.company == "Acme"


# The import -------------------------------------------------------------------------


def test_an_import_never_makes_a_second_preferred_email(alice, jane):
    """The card prefers an email Jane lacks: it is added, and her preferred one stays."""
    card = ContactRecord(
        line=1,
        display_name="Jane Doe",
        emails=(Labeled("jane@example.com"), Labeled("new@example.com", preferred=True)),
    )
    report = service.apply(alice, ParseResult("vcard 3.0", [card], []), source="b.vcf")
    assert report.summary() == "0 new, 1 updated, 0 same, 0 skipped"
    preferred = jane.contact_points.filter(kind="email", preferred=True)
    assert list(preferred.values_list("value", flat=True)) == ["jane@example.com"]
