"""End to end in headless Chromium: Alice uploads a vCard from the people list,
checks the preview, confirms and finds the people; a CSV of no known layout
asks for its columns first. The upload, mapping, preview and export pages are
shot at desktop and phone widths into test-results/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned
from tests.conftest import make_user
from tests.web.browsing import shoot, sign_in

pytestmark = pytest.mark.browser

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nN:Ruiz;Ana;;;\r\n"
    "EMAIL;TYPE=work:ana@example.com\r\nORG:Acme\r\nBDAY:--03-14\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Li\r\nTEL;TYPE=cell:+49 30 555000\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@example.com\r\nTITLE:Chemist\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:a card with no name\r\nEND:VCARD\r\n"
)
CLUB = (
    "Who,Mail,Cell phone,Employer,Shoe size\r\n"
    "Priya Raman,priya@example.com,+49 30 1111111,Acme,38\r\n"
    "Omar Haddad,omar@example.com,,Initech,44\r\n"
)


@pytest.fixture
def alice(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    create_person(alice, "Jane Doe", emails=["jane@example.com"])
    return alice


def test_a_vcard_is_previewed_then_imported(page, live_server, alice, tmp_path):
    path = tmp_path / "phone-contacts.vcf"
    path.write_text(CARDS)
    sign_in(page, live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.locator(".page-actions").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import contacts")
    page.get_by_label("File", exact=True).set_input_files(path)
    page.get_by_label("Tags for everyone imported").fill("imported")
    shoot(page, "30-import-upload")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.locator(".import-stat-new .stat-value")).to_have_text("2")
    expect(page.locator(".import-stat-updated .stat-value")).to_have_text("1")
    expect(page.locator(".import-skipped")).to_contain_text("line 20")
    shoot(page, "31-import-preview")
    assert owned(Person, alice).count() == 1

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text(
        "Imported phone-contacts.vcf: 2 new, 1 updated, 0 same, 1 skipped."
    )
    expect(page.locator("#triage-name")).to_have_text("Bo Li")  # the newcomers wait to be sorted
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.locator(".people-table")).to_contain_text("Ana Ruiz")
    expect(page.locator(".people-table")).to_contain_text("not sorted yet")
    shoot(page, "32-import-done")
    assert owned(Person, alice).get(display_name="Jane Doe").job_title == "Chemist"
    assert not PendingImport.objects.exists()


def test_a_csv_of_unknown_layout_asks_for_its_columns(page, live_server, alice, tmp_path):
    path = tmp_path / "club.csv"
    path.write_text(CLUB)
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/people/import/")
    page.get_by_label("File", exact=True).set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What is in each column?")
    expect(page.get_by_label("Mail")).to_have_value("email")
    page.get_by_label("Who").select_option("display_name")
    shoot(page, "33-import-mapping")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator(".import-outcomes")).to_contain_text("Priya Raman")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.locator(".people-table")).to_contain_text("Omar Haddad")
    priya = owned(Person, alice).get(display_name="Priya Raman")
    assert priya.company == "Acme"

    page.goto(f"{live_server.url}/people/export/")
    expect(page.get_by_label("vCard 4.0 (.vcf)")).to_be_checked()
    shoot(page, "34-export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename.startswith("keepwarm-people-")
    assert "FN:Priya Raman" in download.value.path().read_text()


def test_a_fresh_account_sees_its_first_touches_today_after_an_import(
    page,
    live_server,
    transactional_db,
    tmp_path,
):
    make_user("alice", time_zone="Europe/Berlin", country="DE")  # nobody in it yet
    path = tmp_path / "phone-contacts.vcf"
    path.write_text(CARDS)
    sign_in(page, live_server.url)
    expect(page.locator("#agenda")).to_contain_text("Nobody to plan for yet")
    page.goto(f"{live_server.url}/people/import/")
    page.get_by_label("File", exact=True).set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("3 new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sort your newcomers")
    page.get_by_role("button", name="Put the remaining 3 in Core").click()
    expect(page.locator(".triage-done")).to_contain_text("Everyone is sorted")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    today = page.locator(".agenda-day").first
    expect(today).to_contain_text("Today")
    expect(today).to_contain_text("25 Nov")
    agenda = page.locator("#agenda")
    for name in ("Ana Ruiz", "Bo Li", "Jane Doe"):
        expect(agenda).to_contain_text(name)
    expect(agenda).not_to_contain_text("All done")
    shoot(page, "33-first-week-after-import")
