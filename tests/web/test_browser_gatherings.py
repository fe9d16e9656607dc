"""End to end in headless Chromium: alice plans a gathering, ticks suggested
guests (none is ticked for her; those far away are flagged), checks each
guest's email in the preview, goes back to change the words, sends (emails to
the outbox, the words to copy for the others), records the answers, ticks who
came and finds the party on a guest's timeline. The pages are shot at desktop
and phone widths into test-results/."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from keepwarm.contacts.models import Address, Circle
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions.models import Gathering, Invitation
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from tests.conftest import make_user
from tests.web.browsing import shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    alice.profile.home_city = "Leipzig"
    alice.profile.save()
    close = owned(Circle, alice).get(name="Close")
    create_person(alice, "Jane Doe", circle=close, emails=["jane@example.com"], city="Leipzig")
    create_person(alice, "Omar Haddad", phones=["+49 30 7654321"], city="Leipzig")
    create_person(alice, "Priya Raman", emails=["priya@example.com"], city="Hamburg")
    ana = create_person(alice, "Ana Costa", emails=["ana@example.pt"])
    Address.objects.create(
        owner=alice, person=ana, street="Rua Augusta 1", locality="Lisbon", country="PT"
    )
    return alice


def test_gathering_to_invitations_to_attendance(page, live_server, alice_network):
    today = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")).date()
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/gatherings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gatherings")
    page.get_by_role("link", name="Plan a gathering").first.click()
    page.get_by_label("Title").fill("Chili party — football kickoff")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Starts at").fill("18:30")
    page.get_by_label("Place").fill("Our place")
    page.get_by_label("Capacity").fill("10")
    page.get_by_label("Every year").check()
    shoot(page, "60-gathering-form")
    page.get_by_role("button", name="Plan it").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Chili party — football kickoff")
    suggestions = page.locator(".suggestion-list")
    expect(suggestions).to_contain_text("Jane Doe")
    expect(suggestions).to_contain_text("lives in Leipzig")
    expect(suggestions.locator("input[type=checkbox]")).to_have_count(4)
    expect(suggestions.locator("input[type=checkbox]:checked")).to_have_count(0)
    ana = suggestions.locator("li", has_text="Ana Costa")
    expect(ana.locator(".far-flag")).to_have_text("far from Leipzig lives in Lisbon, Portugal")
    expect(suggestions.locator("li", has_text="Priya Raman")).to_contain_text("lives in Hamburg")
    for name in ("Jane Doe", "Omar Haddad", "Priya Raman"):
        suggestions.locator("li", has_text=name).get_by_role("checkbox").check()
    shoot(page, "61-gathering-suggestions")
    page.get_by_role("button", name="Preview the emails").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the invitations")
    letters = page.locator(".invite-letter")
    expect(letters).to_have_count(3)
    jane = letters.filter(has_text="Jane Doe")
    expect(jane).to_contain_text("jane@example.com")
    expect(jane.locator(".invite-letter-body")).to_contain_text("Hi Jane,")
    expect(letters.filter(has_text="Omar Haddad")).to_contain_text("No email address")
    expect(letters.filter(has_text="Priya Raman")).to_contain_text("lives in Hamburg")
    expect(page.locator(".invite-far")).to_contain_text("Priya Raman (lives in Hamburg)")
    assert not OutboxMessage.objects.exists() and not Invitation.objects.exists()
    shoot(page, "61b-gathering-preview")
    page.get_by_role("button", name="Change the words or the guests").click()

    words = page.get_by_label("Invitation", exact=True)
    expect(words).to_have_value(re.compile(r"^Hi \{first_name\},"))
    expect(page.locator(".suggestion-list input[type=checkbox]:checked")).to_have_count(3)
    words.fill("Hi {first_name},\n\nchili at ours on Saturday. Bring a friend!\n")
    page.get_by_role("button", name="Preview the emails").click()
    expect(page.locator(".invite-letter").first.locator(".invite-letter-body")).to_contain_text(
        "Bring a friend!"
    )
    page.get_by_role("button", name="Send 2 invitations").click()

    expect(page.locator(".messages")).to_contain_text("are in the outbox")
    expect(page.locator(".invitation-table tbody tr")).to_have_count(3)
    copy = page.locator(".gathering-copy")
    expect(copy).to_contain_text("Omar Haddad")
    expect(copy.get_by_role("link", name="Text message")).to_have_attribute(
        "href", re.compile(r"^sms:\+49307654321\?body=Hi%20Omar")
    )
    assert sorted(OutboxMessage.objects.values_list("to", "text")) == [
        ("jane@example.com", "Hi Jane,\n\nchili at ours on Saturday. Bring a friend!"),
        ("priya@example.com", "Hi Priya,\n\nchili at ours on Saturday. Bring a friend!"),
    ]

    page.get_by_label("Answer of Jane Doe").select_option("yes")
    page.get_by_label("Answer of Priya Raman").select_option("no")
    page.get_by_label("Jane Doe came").check()
    page.get_by_label("Omar Haddad came").check()
    shoot(page, "62-gathering-invitations")
    page.get_by_role("button", name="Save answers and who came").click()
    expect(page.locator(".messages")).to_contain_text(
        "logged the party with Jane Doe and Omar Haddad, and the invitation as a touch "
        "for the 3 guests it reached"
    )
    expect(page.locator(".gathering-stats .stat").last).to_contain_text("2 came")

    gathering = owned(Gathering, alice_network).get()
    assert list(gathering.invitations.values_list("answer", "came")) == [
        ("yes", True),
        ("", True),
        ("no", False),
    ]
    party = Touch.objects.get(kind__occasion="party")
    assert sorted(p.display_name for p in party.people.all()) == ["Jane Doe", "Omar Haddad"]
    invited = Touch.objects.get(kind__occasion="gathering")
    assert sorted(p.display_name for p in invited.people.all()) == [
        "Jane Doe",
        "Omar Haddad",
        "Priya Raman",
    ]
    assert Invitation.objects.filter(touch__isnull=False).count() == 3

    page.get_by_role("link", name="Jane Doe").first.click()
    expect(page.locator(".timeline")).to_contain_text("Party")
    expect(page.locator(".timeline")).to_contain_text("Chili party — football kickoff")

    page.goto(f"{live_server.url}/gatherings/")
    expect(page.locator(".gathering-list")).to_contain_text("2 came")
    shoot(page, "63-gathering-list")
