"""Two faults the kill -9 tests (tests/test_faults.py) found, now repaired:
each test here failed on the code before its fix."""

from __future__ import annotations

import asyncio
import base64
import email
import io
import queue
import signal
import threading
import time
from collections import Counter
from email import policy
from pathlib import Path

from PIL import Image

from keepwarm.contacts.models import Person
from keepwarm.mail.models import OutboxMessage
from keepwarm.owned import owned
from keepwarm.touches.models import TouchPerson
from tests import smtp
from tests.faults import WAIT, kill_when, queue_greetings
from tests.serving import free_port
from tests.smtp import Inbox

PEOPLE = 200


def picture(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 48), (n % 256, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def cards_with_photos(count: int) -> bytes:
    out = []
    for n in range(1, count + 1):
        photo = base64.b64encode(picture(n)).decode("ascii")
        out += [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:Pia Picture {n}",
            f"EMAIL:pia{n}@example.com",
            f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}",
            "END:VCARD",
        ]
    return ("\r\n".join(out) + "\r\n").encode()


def photo_files(tmp_path: Path) -> set[Path]:
    return {p for p in (tmp_path / "data" / "media").rglob("*") if p.is_file()}


def test_an_import_killed_after_its_commit_keeps_every_photo_or_brings_it_back(
    share,
    alice,
    bob,
    carol,
    settings,
    tmp_path,
):
    """The import used to name each photo in its transaction and write the
    files only after the commit: killed in between, people pointed at photo
    files that were never written, and running the import again did not bring
    them back (it adds a photo only to a person who has none). Now the files
    are written before the commit (``imports.service._store_photo``), and a
    photo whose file is missing counts as none."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"  # where the processes keep them
    file = tmp_path / "photos.vcf"
    file.write_bytes(cards_with_photos(PEOPLE))
    db = share()
    process = db.start("--user", "alice", "import", str(file), log="import.log")
    # The first file is written: the import is writing (before its commit).
    assert kill_when(db, process, lambda: bool(photo_files(tmp_path))), db.log("import.log")
    db.check_integrity()
    assert owned(Person, alice).count() in (0, PEOPLE)

    db.run("--user", "alice", "import", str(file), log="again.log")
    db.check_integrity()
    people = owned(Person, alice)
    assert people.count() == PEOPLE
    missing = [
        p.display_name for p in people if not p.photo or not p.photo.storage.exists(p.photo.name)
    ]
    assert missing == [], f"{len(missing)} of {PEOPLE} photos are lost: {missing[:3]} …"


class SteppedInbox(Inbox):
    """Answers each message only when the test says ``go`` (until ``done``)."""

    def __init__(self) -> None:
        super().__init__()
        self.held: queue.Queue[str] = queue.Queue()
        self.go = threading.Event()
        self.done = False

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        if self.done:
            return "250 2.0.0 Message accepted for delivery"
        self.go.clear()
        self.held.put(str(message["Subject"]))
        for _ in range(int(WAIT / 0.01)):
            if self.go.is_set():
                break
            await asyncio.sleep(0.01)
        return "250 2.0.0 Message accepted for delivery"


def test_a_greeting_recorded_sent_is_always_logged_as_a_touch_even_if_the_worker_dies(
    share,
    alice,
    bob,
    carol,
    tmp_path,
):
    """The outbox used to record a greeting ``sent`` in one commit and log its
    touch in another (``outbox.deliver`` then its ``on_sent`` hook): a worker
    killed between the two left a greeting that went out, marked sent, with
    no touch for good. Now both are one transaction.

    Each message's answer is held until the test lets it go; the test then
    watches for the row to be ``sent`` and stops the worker (SIGSTOP) at
    once: if its touch is not there yet, the worker is killed there."""
    queued = queue_greetings([alice, bob, carol])
    server = smtp.SmtpServer(free_port())
    server.inbox = inbox = SteppedInbox()
    server.start()
    mail = {"EMAIL_URL": server.url, "KEEPWARM_EMAIL_FROM": "keepwarm@example.org"}
    status = "SELECT status FROM reminders_outboxmessage WHERE key = %s"
    touches = "SELECT count(*) FROM touches_touchperson WHERE person_id = %s"
    caught = None
    try:
        db = share()
        process = db.start("worker", log="killed.log", **mail)
        for _ in queued:
            key = inbox.held.get(timeout=WAIT)
            person = int(key.split(":")[1])
            inbox.go.set()
            deadline = time.monotonic() + WAIT
            while db.value(status, key) != "sent":
                assert process.poll() is None, db.log("killed.log")
                assert time.monotonic() < deadline, f"{key} was never recorded sent"
            process.send_signal(signal.SIGSTOP)
            if db.value(touches, person) == 0:
                caught = key
                db.kill(process)
                break
            process.send_signal(signal.SIGCONT)
        else:
            assert process.wait(timeout=WAIT) == 0, db.log("killed.log")
        inbox.done = True
        inbox.go.set()
        db.run("worker", log="again.log", **mail)
        db.check_integrity()
    finally:
        inbox.done = True
        inbox.go.set()
        server.stop()

    assert Counter(OutboxMessage.objects.values_list("status", flat=True)) == {"sent": len(queued)}
    unlogged = [
        m.key for m in queued if not TouchPerson.objects.filter(person_id=int(m.key.split(":")[1]))
    ]
    assert unlogged == [], f"sent, never logged as a touch (the worker was killed at {caught})"
