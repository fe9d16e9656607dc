"""An upload's preview is made once and kept (issue 15): a reload of the preview
page shows the kept report instead of running the whole import again in a write
transaction, until the owner's data, the column mapping or the day changes."""

from __future__ import annotations

import pytest

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.imports import pending, service
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned

CARDS = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@example.com\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Haddad\r\nEND:VCARD\r\n"
)


@pytest.fixture
def previews(monkeypatch):
    """Every preview actually made, counted."""
    made: list[int] = []
    real = service.preview

    def counted(user, parsed, **kwargs):
        made.append(user.pk)
        return real(user, parsed, **kwargs)

    monkeypatch.setattr(pending.service, "preview", counted)
    return made


def test_a_reload_shows_the_kept_preview(alice, alice_client, frozen, previews):
    job = pending.create(alice, name="cards.vcf", data=CARDS)
    first = alice_client.get(job.get_absolute_url())
    again = alice_client.get(job.get_absolute_url())
    assert first.status_code == again.status_code == 200
    assert "Jane Doe" in again.content.decode() and "Omar Haddad" in again.content.decode()
    assert previews == [alice.pk]
    assert not owned(Person, alice).exists()  # a preview writes nothing of the user's


def test_a_change_to_the_owners_people_makes_it_again(alice, frozen, previews):
    job = pending.create(alice, name="cards.vcf", data=CARDS)
    before = pending.preview(job)
    assert [o.action for o in before.outcomes] == ["new", "new"]
    create_person(alice, "Jane Doe", emails=["jane@example.com"])
    job = PendingImport.objects.get(pk=job.pk)
    after = pending.preview(job)
    assert [o.action for o in after.outcomes] == ["same", "new"]
    assert previews == [alice.pk, alice.pk]


def test_a_new_mapping_makes_it_again(alice, frozen, previews):
    data = b"Who,Mail\nJane Doe,jane@example.com\n"
    job = pending.create(alice, name="odd.csv", data=data)
    pending.confirm_mapping(job, {"Who": "display_name", "Mail": "email"})
    assert "email jane@example.com" in pending.preview(job).outcomes[0].changes
    pending.confirm_mapping(job, {"Who": "display_name", "Mail": "extra"})
    job = PendingImport.objects.get(pk=job.pk)
    assert "email jane@example.com" not in pending.preview(job).outcomes[0].changes
    assert previews == [alice.pk, alice.pk]


def test_a_kept_preview_that_no_longer_loads_is_made_again(alice, frozen, previews):
    job = pending.create(alice, name="cards.vcf", data=CARDS)
    pending.preview(job)
    PendingImport.objects.filter(pk=job.pk).update(preview=b"not a report")
    job = PendingImport.objects.get(pk=job.pk)
    assert len(pending.preview(job).outcomes) == 2
    assert previews == [alice.pk, alice.pk]
