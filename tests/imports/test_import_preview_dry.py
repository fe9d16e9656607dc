"""An import's preview works the import out in memory and writes nothing (issue
15: it ran the import in a write transaction and rolled it back, holding the
database's write lock for as long as a large file took). Its report must be
the import's, record by record: every file of the shared corpus is previewed
and then imported in turn into one account (so later files meet the people of
earlier ones: updates, duplicates kept apart, tags), in chunks of a few records
so that people made in one chunk are found in the next."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.contacts.services import create_person
from keepwarm.formats import vcard
from keepwarm.formats.touchlog import parse_touches
from keepwarm.imports import files, service, touches
from keepwarm.owned import owned
from tests.corpus import CORPUS, needs_corpus


def seen(report: service.Report) -> list[tuple]:
    return [(o.line, o.action, o.name, o.changes, o.reason) for o in report.outcomes]


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
    ]


@needs_corpus
def test_every_corpus_file_previews_as_it_then_imports(alice, frozen, monkeypatch):
    monkeypatch.setattr(service, "CHUNK", 7)
    create_person(alice, "Jane Doe", emails=["jane@example.com"], tags=["family"])
    paths = sorted(CORPUS.rglob("*.vcf")) + sorted(CORPUS.rglob("*.csv"))
    assert len(paths) > 50
    compared = 0
    for path in paths:
        kind = "vcard" if path.suffix == ".vcf" else "csv"
        data = path.read_bytes()
        try:
            parsed = files.parse_contacts(data, kind)
        except ValueError:
            continue  # a file no import reads: the parsers' tests say why
        with CaptureQueriesContext(connection) as queries:
            try:
                preview = service.preview(alice, parsed, tags=["corpus"])
            except ValueError as problem:
                with pytest.raises(ValueError, match=str(problem)[:40]):
                    service.apply(alice, files.parse_contacts(data, kind), source=path.name)
                continue
        assert writes(queries) == [], path.name
        before = set(owned(Person, alice).values_list("pk", flat=True))
        done = service.apply(
            alice, files.parse_contacts(data, kind), source=path.name, tags=["corpus"]
        )
        assert seen(preview) == seen(done), path.name
        # The same people: one saved before by its id, one this file makes by none.
        for shown, made in zip(preview.outcomes, done.outcomes, strict=True):
            assert shown.person_id == (made.person_id if made.person_id in before else None)
        compared += 1
    assert compared > 50
    assert owned(Person, alice).count() > 40


def test_a_person_made_in_one_chunk_is_found_in_the_next(alice, frozen, monkeypatch):
    monkeypatch.setattr(service, "CHUNK", 1)
    cards = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@example.com\r\n"
        b"CATEGORIES:school\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane D.\r\nEMAIL:jane@example.com\r\n"
        b"TEL:+49 30 1234567\r\nCATEGORIES:school,work\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL:+49 30 1234567\r\nEND:VCARD\r\n"
    )
    with CaptureQueriesContext(connection) as queries:
        preview = service.preview(alice, vcard.parse(cards))
    assert writes(queries) == []
    assert [o.action for o in preview.outcomes] == ["new", "updated", "same"]
    assert not owned(Person, alice).exists() and not ContactPoint.objects.exists()
    done = service.apply(alice, vcard.parse(cards), source="cards.vcf")
    assert seen(preview) == seen(done)


def test_a_touch_history_preview_writes_nothing(alice, jane, frozen):
    log = b"date,people,kind,note\n2026-11-20,Jane Doe,coffee,Good talk\n"
    with CaptureQueriesContext(connection) as queries:
        report = touches.apply(alice, parse_touches(log), dry_run=True)
    assert report.added == 1 and writes(queries) == []
    assert touches.apply(alice, parse_touches(log)).added == 1


@pytest.mark.django_db(transaction=True)
def test_a_preview_runs_outside_any_transaction(alice, jane, monkeypatch):
    """On SQLite a transaction begins by taking the database's write lock
    (``transaction_mode`` IMMEDIATE): a preview in one held it for as long as
    the file took, whatever it wrote. Here, as in a server, no test transaction
    wraps the call."""
    inside = []
    chunk = service._Importer.chunk

    def watched(self, records):
        inside.append(connection.in_atomic_block)
        return chunk(self, records)

    monkeypatch.setattr(service._Importer, "chunk", watched)
    service.preview(alice, vcard.parse(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n"))
    assert inside == [False]
    worked_out = touches._worked_out

    def watched_touches(user, parsed, progress=None):
        inside.append(connection.in_atomic_block)
        return worked_out(user, parsed, progress)

    monkeypatch.setattr(touches, "_worked_out", watched_touches)
    log = b"date,people,kind,note\n2026-11-20,Jane Doe,coffee,Good talk\n"
    touches.apply(alice, parse_touches(log), dry_run=True)
    assert inside == [False, False]
    touches.apply(alice, parse_touches(log))  # the import too: only its write is in one
    assert inside == [False, False, False]
