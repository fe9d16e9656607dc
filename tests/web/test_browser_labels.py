"""End to end in headless Chromium: Alice prints her card run's labels on a
server without the Noto fonts. One card is to 山田太郎 in Tokyo: the page names
that label and why, she downloads the rest, then checks who is on the sheet.
The pages are shot at desktop and phone widths into test-results/."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from playwright.sync_api import expect

from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.formats.label_sheets import AVERY_5160
from keepwarm.occasions.models import CardRecipient, CardRun
from tests.conftest import make_user
from tests.web.browsing import shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def card_run(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    run = CardRun.objects.create(
        owner=alice,
        name="Christmas cards 2026",
        send_from=dt.date(2026, 12, 1),
        send_until=dt.date(2026, 12, 20),
    )
    people = [
        ("Jane Doe", {"street": "Karl-Heine-Straße 1", "locality": "Leipzig", "postcode": "04229"}),
        ("Ben Berg", {"street": "Bergstraße 2", "locality": "Berlin", "postcode": "10115"}),
        ("山田太郎", {"street": "西新宿2-8-1", "locality": "新宿区", "region": "東京都"}),
    ]
    for name, fields in people:
        person = create_person(alice, name)
        country = "JP" if name == "山田太郎" else "DE"
        address = Address.objects.create(owner=alice, person=person, country=country, **fields)
        card = CardRecipient.objects.create(
            owner=alice, run=run, name_on_card=name, address=address
        )
        card.people.set([person])
    return run


def test_a_label_without_a_font_is_named_and_the_rest_downloads(
    page,
    live_server,
    card_run,
    settings,
    tmp_path,
):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]  # the server has no Noto fonts
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/labels/?run={card_run.pk}")
    page.get_by_role("button", name="Download PDF").click()

    report = page.locator(".labels-blank")
    expect(report).to_contain_text(
        "1 of 3 labels cannot be printed: it stays blank on the sheet, the rest print"
    )
    expect(report).to_contain_text("Label 3 (山田太郎) has characters no label font can draw")
    expect(report).to_contain_text("apt-get install fonts-noto-core fonts-noto-cjk")
    shoot(page, "90-labels-blank")

    with page.expect_download() as download:
        report.get_by_role("button", name="Download the 2 labels that print").click()
    with pdfplumber.open(io.BytesIO(download.value.path().read_bytes())) as pdf:
        x, y, w, h = (v * 72 / 25.4 for v in AVERY_5160.cell(0))
        first = pdf.pages[0].within_bbox((x, y, x + w, y + h)).extract_text()
        assert first.startswith("Ben Berg")
        assert "山田" not in pdf.pages[0].extract_text()

    page.get_by_role("button", name="Check who is on it").click()
    expect(page.locator(".labels-summary")).to_contain_text("3")
    expect(page.locator(".labels-blank")).to_contain_text("Label 3 (山田太郎)")
    expect(page.locator(".labels-blank").get_by_role("button")).to_have_count(0)
    shoot(page, "91-labels-check")
