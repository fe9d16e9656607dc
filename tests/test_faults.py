"""Kill -9 in the middle: an import, a restore and a send batch, each a real
`keepwarm` process on the test's database (PostgreSQL through DATABASE_URL in
CI, else a file copy of SQLite's), killed with SIGKILL at a moment the
database shows (see tests/faults.py). Afterwards the database passes its
integrity checks, the data is whole (all or nothing), and running the command
again finishes the work with nothing lost and nothing doubled.

No clock is frozen: the processes run on the real clock (or the one the suite
shifts for every process), and the rows they compare are made on it too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db.models import F

from keepwarm.backup.json_backup import dump, to_json
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.formats import vcard
from keepwarm.imports import service
from keepwarm.mail.models import OutboxMessage
from keepwarm.owned import owned
from keepwarm.touches.models import TouchPerson
from tests import smtp
from tests.backup.accounts import account_rows, rich_account
from tests.faults import HeldInbox, WriteWatch, kill_when, queue_greetings
from tests.serving import free_port

# --- an import -------------------------------------------------------------------

CARDS = 1500


def cards(count: int) -> bytes:
    """``count`` vCards; every tenth from the 20th is a second card for the
    person 15 before (the same email, another phone): one person, two phones."""
    out = []
    for i in range(1, count + 1):
        repeat = i % 10 == 0 and i > 15
        number = i - 15 if repeat else i
        out += [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"N:Fault {number};Frida;;;",
            f"FN:Frida Fault {number}",
            f"EMAIL;TYPE=INTERNET:frida{number}@example.com",
            f"TEL;TYPE=CELL:+1 617 555 {i:04d}",
        ]
        if not repeat:
            out += [f"BDAY:1980-{number % 12 + 1:02d}-{number % 28 + 1:02d}", f"ORG:Firm {number}"]
        out.append("END:VCARD")
    return ("\r\n".join(out) + "\r\n").encode()


EMAILS = [f"frida{i}@example.com" for i in range(1, CARDS + 1) if not (i % 10 == 0 and i > 15)]


def imported(user) -> int:
    """How many of the file's people ``user`` has: none, or every one once with
    every detail (a half import, or a person twice, fails here)."""
    people = owned(Person, user)
    points = owned(ContactPoint, user)
    if not people.exists():
        assert not points.exists()
        return 0
    emails = Counter(points.filter(kind="email").values_list("normalized", flat=True))
    assert emails == Counter(EMAILS), "some people are missing, or there twice"
    assert people.count() == len(EMAILS)
    assert points.filter(kind="phone").count() == CARDS
    assert people.filter(birthday_month__isnull=False).count() == len(EMAILS)
    return len(EMAILS)


def data(user) -> dict[str, list[dict]]:
    """Every row of the account (tests/backup/accounts.py) but ``Person.plan_mark``,
    the planner's note of whom to read again: an import moves it even when
    nothing changed, and a restore starts it afresh."""
    rows = account_rows(user)
    people = [{k: v for k, v in row.items() if k != "plan_mark"} for row in rows["Person"]]
    return rows | {"Person": people}


def test_an_import_killed_at_any_moment_is_all_or_nothing_and_finishes_once(
    share, alice, bob, carol, tmp_path
):
    big = tmp_path / "big.vcf"
    big.write_bytes(cards(CARDS))
    before = {user.username: data(user) for user in (alice, bob, carol)}
    db = share()

    def import_killed(log: str, when: Callable[[Any, WriteWatch], bool]) -> bool:
        process = db.start("--user", "alice", "import", str(big), log=log)
        watch = WriteWatch(db)
        killed = kill_when(db, process, lambda: when(process, watch))
        db.check_integrity()
        assert data(bob) == before["bob"] and data(carol) == before["carol"]
        return killed

    # Early: it has opened the database, nothing is written yet.
    assert import_killed("early.log", lambda process, _: db.connected(process))
    assert imported(alice) == 0 and data(alice) == before["alice"]

    # In the middle of writing: nothing (or, had it just committed, everything).
    assert import_killed("writing.log", lambda _, watch: watch.writing()), db.log("writing.log")
    if imported(alice) == 0:
        assert data(alice) == before["alice"]
        # Just after its transaction ended: everything.
        import_killed("committed.log", lambda _, watch: watch.finished())
    assert imported(alice) == len(EMAILS)
    whole = data(alice)

    # Again, to its end: each person is there once, nothing changed.
    db.run("--user", "alice", "import", str(big), log="again.log")
    db.check_integrity()
    assert imported(alice) == len(EMAILS)
    assert data(alice) == whole
    assert data(bob) == before["bob"] and data(carol) == before["carol"]


# --- a restore -------------------------------------------------------------------


@pytest.fixture
def alice_backup(alice, settings, tmp_path) -> Path:
    """Alice with every kind of row and 400 imported people, backed up by the
    app to a file; the processes keep their photos where the test reads them."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    rich_account(alice)
    service.apply(alice, vcard.parse(cards(400)), source="big.vcf (vcard 3.0)")
    backup, warnings = dump(alice)
    assert warnings == []
    target = tmp_path / "alice.json"
    target.write_text(to_json(backup))
    return target


def photos(tmp_path: Path) -> set[Path]:
    return {p for p in (tmp_path / "data" / "media").rglob("*") if p.is_file()}


def test_a_restore_killed_leaves_the_account_as_it_was_or_whole(
    share, alice_backup, alice, bob, carol, tmp_path
):
    before = {user.username: data(user) for user in (alice, bob, carol)}
    photos_before = photos(tmp_path)
    db = share()

    def restore_killed(log: str, when: Callable[[WriteWatch], bool]) -> bool:
        process = db.start("--user", "bob", "restore", str(alice_backup), log=log)
        watch = WriteWatch(db)
        killed = kill_when(db, process, lambda: when(watch))
        db.check_integrity()
        assert data(bob) in (before["bob"], before["alice"]), "bob's account is half restored"
        assert data(alice) == before["alice"] and data(carol) == before["carol"]
        return killed

    # In the middle of its transaction, then late in it, its photo written:
    # as it was (or, had it just committed, whole).
    assert restore_killed("writing.log", lambda watch: watch.writing()), db.log("writing.log")
    if data(bob) == before["bob"]:
        late = lambda watch: watch.writing() and photos(tmp_path) != photos_before  # noqa: E731
        restore_killed("late.log", late)
    if data(bob) == before["bob"]:
        db.run("--user", "bob", "restore", str(alice_backup), log="again.log")
        db.check_integrity()
    assert data(bob) == before["alice"]
    assert data(alice) == before["alice"] and data(carol) == before["carol"]


# --- a send batch ----------------------------------------------------------------

HOLD = 4
"""The message whose answer the mail server holds while its sender is killed."""


def statuses() -> Counter[str]:
    return Counter(OutboxMessage.objects.values_list("status", flat=True))


@pytest.mark.parametrize(
    ("sender", "accept"),
    [("worker", True), ("serve", False)],
    ids=["worker-killed-after-the-mail-server-took-it", "serve-killed-before-it-took-it"],
)
def test_a_send_batch_killed_mid_way_delivers_every_message_and_doubles_only_the_one_in_flight(
    share, alice, bob, carol, tmp_path, sender, accept
):
    """docs/reminders.md: a message is sent again only when its worker died
    between the mail server's acceptance and recording it sent; then, 15
    minutes later, once more with the same Message-ID. Nothing else goes twice,
    nothing is lost, and each greeting is logged as one touch."""
    queued = queue_greetings([alice, bob, carol])
    server = smtp.SmtpServer(free_port())
    server.inbox = inbox = HeldInbox(HOLD, accept=accept)
    server.start()
    mail = {"EMAIL_URL": server.url, "KEEPWARM_EMAIL_FROM": "keepwarm@example.org"}
    try:
        db = share()
        # `keepwarm serve` runs its worker thread at once when it starts.
        serve = ("serve", "--port", str(free_port()))
        args = serve if sender == "serve" else ("worker",)
        process = db.start(*args, log="killed.log", **mail)
        assert kill_when(db, process, inbox.holding.is_set), db.log("killed.log")
        inbox.release.set()

        db.check_integrity()
        held = OutboxMessage.objects.get(status="sending")
        assert statuses() == {"sent": HOLD - 1, "sending": 1, "queued": len(queued) - HOLD}
        assert len(inbox.messages) == HOLD - (not accept)

        # Started again at once: the rest goes, the one in flight waits.
        assert f"sent {len(queued) - HOLD} emails." in db.run("worker", log="again.log", **mail)
        db.check_integrity()
        assert statuses() == {"sent": len(queued) - 1, "sending": 1}
        assert len(inbox.messages) == len(queued) - (not accept)

        # 15 minutes later (its claim is made that old), it is sent once more.
        OutboxMessage.objects.filter(pk=held.pk).update(
            claimed_at=F("claimed_at") - dt.timedelta(minutes=16)
        )
        db.push()
        assert "sent 1 email." in db.run("worker", log="later.log", **mail)
        db.check_integrity()
    finally:
        inbox.release.set()
        server.stop()

    assert statuses() == {"sent": len(queued)}
    arrived = Counter(message["Subject"] for message in inbox.messages)
    assert set(arrived) == {message.key for message in queued}  # nothing lost
    twice = {key for key, count in arrived.items() if count > 1}
    assert twice == ({held.key} if accept else set())  # only the one in flight, if taken
    ids = {m["Message-ID"] for m in inbox.messages if m["Subject"] == held.key}
    assert len(ids) == 1  # both copies are one message to the mail systems
    # Each greeting logged once as a touch with its friend, however often it went.
    for message in queued:
        person = int(message.key.split(":")[1])
        assert TouchPerson.objects.filter(person_id=person).count() == 1, message.key
