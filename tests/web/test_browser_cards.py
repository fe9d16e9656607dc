"""End to end in headless Chromium: Alice starts a holiday-card run, sees one
card for Jane and John's household and Ana without an address, follows the
labels link, switches Ana to "call instead", marks the household's card sent
and finds the touch on Jane's page. The pages are shot at desktop and phone
widths into test-results/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keepwarm.contacts.models import Address, Circle
from keepwarm.contacts.services import create_person
from keepwarm.occasions.models import CardRecipient, CardRun
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from tests.conftest import make_user
from tests.web.browsing import shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    close = owned(Circle, alice).get(name="Close")
    jane = create_person(alice, "Jane Doe", circle=close)
    john = create_person(alice, "John Doe", circle=close)
    for person, street in ((jane, "Karl-Heine-Straße 1"), (john, "Karl-Heine-Str. 1")):
        Address.objects.create(
            owner=alice,
            person=person,
            street=street,
            locality="Leipzig",
            postcode="04229",
            country="DE",
        )
    create_person(alice, "Ana Roe", circle=close)
    return alice, jane


def test_card_run_to_labels_to_mark_sent(page, live_server, alice_network):
    alice, jane = alice_network
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/cards/")
    expect(page.get_by_text("No card runs yet")).to_be_visible()
    page.get_by_role("link", name="New card run").click()
    expect(page.locator("#id_season")).to_have_value("christmas-2026")
    expect(page.locator("#id_send_from")).to_have_value("2026-12-01")
    page.get_by_label("Close").check()
    shoot(page, "60-card-run-new")
    page.get_by_role("button", name="Propose the cards").click()

    run = owned(CardRun, alice).get()
    expect(page.get_by_role("heading", level=1)).to_have_text(run.name)
    to_send = page.locator("section", has=page.get_by_role("heading", name="To send"))
    expect(to_send).to_contain_text("Jane & John Doe")
    no_address = page.locator("section", has=page.get_by_role("heading", name="No mailing address"))
    expect(no_address).to_contain_text("Ana Roe")
    expect(no_address).to_contain_text("ask for the address")
    shoot(page, "61-card-run")

    labels = page.get_by_role("link", name="Labels (PDF)")
    expect(labels).to_have_attribute("href", f"/labels/?run={run.pk}")
    labels.click()
    expect(page).to_have_url(f"{live_server.url}/labels/?run={run.pk}")
    page.go_back()

    no_address.get_by_role("button", name="Call instead").click()
    expect(page.locator(".message-success")).to_contain_text("Ana Roe: call instead")
    page.get_by_label("Pick the card to Jane & John Doe").check()
    page.get_by_role("button", name="Mark selected sent").click()
    expect(page.locator(".message-success")).to_contain_text("Marked 1 card sent")
    sent = page.locator("section", has=page.get_by_role("heading", name="Sent"))
    expect(sent).to_contain_text("Jane & John Doe")
    shoot(page, "62-card-run-sent")

    card = run.recipients.get(name_on_card="Jane & John Doe")
    assert card.status == CardRecipient.Status.SENT
    touch = owned(Touch, alice).get()
    assert {p.display_name for p in touch.people.all()} == {"Jane Doe", "John Doe"}
    page.goto(f"{live_server.url}{jane.get_absolute_url()}")
    expect(page.get_by_text("Holiday card (Christmas cards 2026)")).to_be_visible()
