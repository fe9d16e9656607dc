"""One file imported on the web holds at most ``KEEPWARM_IMPORT_MAX_ROWS`` records
(the audit's 1,000,000-line CSV took minutes and 1.9 GB before it was refused)."""

from __future__ import annotations

import pytest

from keepwarm.imports.models import PendingImport
from tests.imports.uploads import THREE_CARDS, upload

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Four\r\nEND:VCARD\r\n"


@pytest.fixture
def three(settings):
    settings.KEEPWARM_IMPORT_MAX_ROWS = 3


def refused(response) -> str:
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    return " ".join(response.context["form"].errors["file"])


def test_a_file_at_the_limit_is_taken(alice_client, three):
    assert upload(alice_client, "three.vcf", THREE_CARDS).status_code == 302


def test_a_vcard_over_the_limit_is_refused_before_it_is_read(alice_client, three, monkeypatch):
    from keepwarm.formats import vcard

    monkeypatch.setattr(vcard, "parse", lambda data: pytest.fail("parsed"))
    message = refused(upload(alice_client, "four.vcf", THREE_CARDS + CARD.lower()))
    assert message == (
        "four.vcf: it holds 4 cards, and one import on the web takes at most 3. Split it "
        "into smaller files, or ask whoever runs this server to import it with "
        "`keepwarm import`."
    )


def test_a_csv_over_the_limit_is_refused(alice_client, three):
    rows = b"".join(f"Person {n},p{n}@example.com\r\n".encode() for n in range(4))
    message = refused(upload(alice_client, "four.csv", b"Name,E-mail Address\r\n" + rows))
    assert message.startswith("four.csv: it holds 4 rows, and one import on the web")


def test_a_touch_history_over_the_limit_is_refused(alice_client, three):
    rows = b"".join(f"2026-11-2{n},coffee,Jane Doe,\n".encode() for n in range(4))
    message = refused(upload(alice_client, "log.csv", b"date,kind,people,note\n" + rows))
    assert message.startswith("log.csv: it holds 4 rows, and one import on the web")


def test_a_vcard_written_otherwise_is_counted_after_it_is_read(alice_client, three):
    """UTF-16, or lines ending in CR alone: the quick count before reading sees no
    card, the count after reading does."""
    four = THREE_CARDS + CARD
    for data in (four.decode().encode("utf-16"), four.replace(b"\r\n", b"\r")):
        message = refused(upload(alice_client, "four.vcf", data))
        assert message.startswith("four.vcf: it holds 4 cards, and one import on the web")
