"""An import works everything out with reads only, then writes in one short transaction.

These tests run as a server does, with no test transaction around them
(``transaction=True``): inside one, an import is worked out and written in
the caller's transaction, as the rest of the suite sees it.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.contacts.services import create_person
from keepwarm.formats import vcard
from keepwarm.formats.touchlog import parse_touches
from keepwarm.imports import service, touches, unlocked
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import log_touch

pytestmark = pytest.mark.django_db(transaction=True)


def cards(*emails: str) -> bytes:
    out = []
    for n, email in enumerate(emails, start=1):
        out += ["BEGIN:VCARD", "VERSION:3.0", f"FN:Card {n}", f"EMAIL:{email}", "END:VCARD"]
    return ("\r\n".join(out) + "\r\n").encode()


def in_another_thread(work):
    """Run ``work`` on a connection of its own, as another request would."""
    failed: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as error:  # reported to the test
            failed.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the other writer waited: the import held the write lock"
    assert not failed, failed


def test_another_account_writes_while_an_import_is_worked_out(alice, bob, frozen):
    """The work holds no transaction: bob's new person is saved at once
    (on SQLite a transaction begins by taking the whole database's write lock)."""
    seen = []

    def progress(done, total):
        seen.append(connection.in_atomic_block)
        if done == 2:  # mid-way: a chunk is worked out, another to come
            in_another_thread(lambda: create_person(bob, f"Bob's friend {len(seen)}"))

    service.CHUNK, chunk = 2, service.CHUNK
    try:
        parsed = vcard.parse(cards("a@example.org", "b@example.org", "c@example.org"))
        report = service.apply(alice, parsed, source="f.vcf", progress=progress)
    finally:
        service.CHUNK = chunk
    assert seen and not any(seen)
    assert report.summary() == "3 new, 0 updated, 0 same, 0 skipped"
    assert owned(Person, alice).count() == 3 and owned(Person, bob).count() == 1
    assert all(o.person_id for o in report.outcomes)


def test_a_change_made_while_the_import_was_worked_out_is_seen(alice, frozen):
    """Alice adds Ann (b@example.org) while her file is worked out: the work
    is done again, so the card with Ann's email merges into her instead of
    becoming a second Ann."""
    runs = []
    run = service._run

    def counted(*args, **kwargs):
        runs.append(connection.in_atomic_block)
        importer = run(*args, **kwargs)
        if len(runs) == 1:
            create_person(alice, "Ann", emails=["b@example.org"])
        return importer

    parsed = vcard.parse(cards("a@example.org", "b@example.org"))
    service._run = counted
    try:
        report = service.apply(alice, parsed, source="f.vcf")
    finally:
        service._run = run
    assert runs == [False, False]
    assert report.summary() == "1 new, 1 updated, 0 same, 0 skipped"
    ann = owned(Person, alice).get(display_name="Ann")
    assert report.outcomes[1].person_id == ann.pk
    assert owned(Person, alice).count() == 2
    assert owned(ContactPoint, alice).filter(normalized="b@example.org").count() == 1


def test_a_file_read_again_for_a_second_attempt(alice, frozen):
    """With ``reread`` the first attempt lets the records go; the second reads the file anew."""
    data = cards("a@example.org", "b@example.org")
    first = vcard.parse(data)
    reads = []

    def reread():
        reads.append(1)
        return vcard.parse(data)

    runs = []
    run = service._run

    def changed(*args, **kwargs):
        runs.append(1)
        importer = run(*args, **kwargs)
        if len(runs) == 1:
            create_person(alice, "Someone else")
        return importer

    service._run = changed
    try:
        report = service.apply(alice, first, source="f.vcf", reread=reread)
    finally:
        service._run = run
    assert first.records == [] and reads == [1]
    assert report.summary() == "2 new, 0 updated, 0 same, 0 skipped"
    assert owned(Person, alice).count() == 3


def test_after_every_attempt_saw_a_change_nothing_is_written_and_the_user_is_told(alice, frozen):
    """The work is never done holding the lock: a user who keeps changing their
    network while a large file is worked out is told to import it again."""
    runs = []
    run = service._run

    def always_changed(*args, **kwargs):
        runs.append(connection.in_atomic_block)
        importer = run(*args, **kwargs)
        create_person(alice, f"Typed meanwhile {len(runs)}")
        return importer

    service._run = always_changed
    try:
        with pytest.raises(unlocked.Busy) as busy:
            service.apply(alice, vcard.parse(cards("a@example.org")), source="f.vcf")
    finally:
        service._run = run
    assert runs == [False] * unlocked.ATTEMPTS
    assert str(busy.value) == (
        "your network kept changing while the file was worked out (3 times), so nothing "
        "was imported. Import it again when nothing else is being changed."
    )
    assert sorted(owned(Person, alice).values_list("display_name", flat=True)) == [
        f"Typed meanwhile {n}" for n in (1, 2, 3)
    ]


def test_a_change_the_first_look_missed_is_caught_by_the_claim(alice, frozen, monkeypatch):
    """The version is claimed after the people's rows are written (the order every
    other writer locks in; on PostgreSQL a save can commit after the write began).
    Here the first look at the write's start is made blind: the claim alone
    sees the person typed meanwhile, and the import is worked out again."""
    versions = []
    tracked = unlocked.tracked_version

    def remembered(user):
        versions.append(tracked(user))
        return versions[-1]

    monkeypatch.setattr(unlocked, "tracked_version", remembered)
    monkeypatch.setattr(unlocked, "data_version", lambda user: versions[-1])
    run = service._run
    runs = []

    def typed(*args, **kwargs):
        runs.append(1)
        importer = run(*args, **kwargs)
        if len(runs) == 1:
            create_person(alice, "Ann", emails=["a@example.org"])
        return importer

    monkeypatch.setattr(service, "_run", typed)
    report = service.apply(alice, vcard.parse(cards("a@example.org")), source="f.vcf")
    assert len(runs) == 2 and versions[1] > versions[0]
    assert report.summary() == "0 new, 1 updated, 0 same, 0 skipped"  # merged into Ann
    assert owned(Person, alice).count() == 1


def test_a_circle_deleted_while_the_file_was_worked_out(alice, frozen):
    """The import's circle went meanwhile: the work is done again, and the new
    people wait to be sorted (before, the write failed at its commit)."""
    from keepwarm.contacts.models import Circle

    gone = Circle.objects.create(owner=alice, name="Book club", touches_per_year=4)
    run = service._run
    runs = []

    def deleted(*args, **kwargs):
        runs.append(kwargs["circle"])
        importer = run(*args, **kwargs)
        if len(runs) == 1:
            gone.delete()
        return importer

    service._run = deleted
    try:
        service.apply(alice, vcard.parse(cards("a@example.org")), source="f.vcf", circle=gone)
    finally:
        service._run = run
    assert runs[0].name == "Book club" and runs[1] is None
    assert owned(Person, alice).get().waiting


def test_then_runs_in_the_import_transaction(alice, frozen):
    """What the caller does with the import (forget the upload) is all-or-nothing with it."""

    def fails(report):
        assert connection.in_atomic_block
        raise RuntimeError("the upload could not be forgotten")

    parsed = vcard.parse(cards("a@example.org"))
    with pytest.raises(RuntimeError):
        service.apply(alice, parsed, source="f.vcf", then=fails)
    assert not owned(Person, alice).exists()


def test_a_touch_history_is_worked_out_outside_and_written_once(alice, jane, frozen):
    log = b"date,people,kind,note\n2026-11-20,Jane Doe,coffee,Good talk\n"
    worked_out = touches._worked_out
    inside = []

    def watched(user, parsed, progress=None):
        inside.append(connection.in_atomic_block)
        result = worked_out(user, parsed, progress)
        if len(inside) == 1:  # Alice logs the same touch by hand meanwhile
            coffee = owned(TouchKind, alice).get(label__iexact="coffee")
            log_touch(alice, [jane], coffee, date=dt.date(2026, 11, 20), note="Good talk")
        return result

    touches._worked_out = watched
    try:
        report = touches.apply(alice, parse_touches(log))
    finally:
        touches._worked_out = worked_out
    assert inside == [False, False]
    assert (report.added, report.same) == (0, 1)


def test_called_in_a_transaction_the_import_is_worked_out_in_it(alice, frozen):
    inside = []
    run = service._run

    def watched(*args, **kwargs):
        inside.append(connection.in_atomic_block)
        return run(*args, **kwargs)

    service._run = watched
    try:
        with transaction.atomic():
            service.apply(alice, vcard.parse(cards("a@example.org")), source="f.vcf")
    finally:
        service._run = run
    assert inside == [True]


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("count", [10, 40])
def test_the_write_of_people_it_changes_takes_the_same_statements_for_many(alice, frozen, count):
    """Changed people are written in bulk, without a save (and its signal's
    three statements) each: the lock is held as long for 40 as for 10."""
    emails = [f"p{n}@example.org" for n in range(count)]
    service.apply(alice, vcard.parse(cards(*emails)), source="f.vcf")
    noted = cards(*emails).replace(b"END:VCARD", b"NOTE:met at the fair\r\nEND:VCARD")
    written = []
    write = service._Importer.write_planned

    def counted(importer, claim):
        with CaptureQueriesContext(connection) as queries:
            write(importer, claim)
        written.append(len(queries))

    service._Importer.write_planned = counted
    try:
        report = service.apply(alice, vcard.parse(noted), source="f.vcf")
    finally:
        service._Importer.write_planned = write
    assert report.summary() == f"0 new, {count} updated, 0 same, 0 skipped"
    assert owned(Person, alice).filter(notes="met at the fair").count() == count
    assert written[0] <= 12, written


def test_a_person_saved_while_the_import_writes_is_kept_and_nothing_deadlocks(alice, jane, frozen):
    """Alice saves Jane while the import that updates Jane begins its write.
    Every writer locks a person's row, then the data version (its signal); the
    import's claim comes after the people's rows too, so on PostgreSQL neither
    waits for the other in a circle (when the import locked the version first,
    one of the two ended as a deadlock). Both changes are kept.

    PostgreSQL only: there, writers lock rows, and Alice's save runs while the
    import writes. On SQLite a write transaction takes the whole database at
    its start, so the two cannot overlap at all (and the test database, shared
    in memory, refuses the second writer at once instead of waiting)."""
    if connection.vendor != "postgresql":
        pytest.skip("rows are locked one by one on PostgreSQL only")
    started, saved = threading.Event(), threading.Event()

    def alice_edits():
        person = Person.objects.get(pk=jane.pk)
        person.how_we_met = "school"
        started.wait(10)
        person.save(update_fields=["how_we_met"])  # then its signal moves the version
        saved.set()

    look = unlocked.data_version
    looks = []

    def write_begins(user):
        looks.append(1)
        if len(looks) == 1:  # the import's write has begun: Alice saves now
            started.set()
            saved.wait(5)
        return look(user)

    unlocked.data_version = write_begins
    try:
        other = threading.Thread(target=lambda: in_another_thread(alice_edits))
        other.start()
        noted = cards("jane@example.com").replace(
            b"END:VCARD", b"NOTE:met at the fair\r\nEND:VCARD"
        )
        report = service.apply(alice, vcard.parse(noted), source="f.vcf")
        other.join(30)
    finally:
        unlocked.data_version = look
    assert report.summary() == "0 new, 1 updated, 0 same, 0 skipped"
    jane.refresh_from_db()
    assert (jane.how_we_met, jane.notes) == ("school", "met at the fair")
