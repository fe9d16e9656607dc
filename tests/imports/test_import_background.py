"""A large upload is previewed and imported in a thread, its page showing progress.

Uploads over ``background.INLINE_BYTES`` are worked on in the background; the
threshold is set to nothing here, so small files take that path. Without a
test transaction around them (``transaction=True``), as in a server: the
thread reads and writes through its own connection.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from keepwarm.contacts.models import Person
from keepwarm.imports import background, pending, service
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned
from tests.imports.uploads import THREE_CARDS, TOUCH_LOG, started

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("ticking")]
State = PendingImport.State
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def everything_in_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_BYTES", 0)
    yield
    background.wait(30)


def test_a_large_upload_is_previewed_then_imported_in_the_background(alice_client, alice):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    first = alice_client.get(url)
    assert "Reading big.vcf" in first.content.decode()  # the work started
    background.wait(30)
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "3" in page.context["stats"][0][0].__str__() and not owned(Person, alice).exists()

    response = alice_client.post(url, {"action": "import"})
    assert response.status_code == 302 and response["Location"] == url
    background.wait(30)
    job = PendingImport.objects.get()
    assert job.state == State.DONE and job.data == b"" and job.preview is None
    assert job.outcome == "Imported big.vcf: 3 new, 0 updated, 0 same, 0 skipped."
    assert (job.done_count, job.total_count) == (3, 3)

    done = alice_client.get(url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("triage")  # the newcomers wait to be sorted
    assert job.outcome in done.content.decode()
    assert owned(Person, alice).count() == 3
    assert not PendingImport.objects.exists()  # told once, then forgotten


def test_a_preview_made_late_in_the_evening_is_kept_for_the_owners_day(alice_client, alice):
    """At 23:30 UTC it is already tomorrow in Berlin (alice's zone): the preview
    made in the background counts the day as alice's page does, so the page
    shows it instead of starting it again."""
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=True):
        url = started(alice_client, "big.vcf", THREE_CARDS)
        alice_client.get(url)
        background.wait(30)
        page = alice_client.get(url)
        assert "stats" in page.context, page.content.decode()[:300]
        assert PendingImport.objects.get().preview is not None


def test_the_page_shows_progress_while_the_work_goes_on_and_polls(alice_client, alice):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    job = PendingImport.objects.get()
    PendingImport.objects.filter(pk=job.pk).update(
        state=State.IMPORTING, done_count=1200, total_count=4800, beat_at=dt.datetime.now(dt.UTC)
    )
    page = alice_client.get(url)
    text = page.content.decode()
    assert "Importing big.vcf" in text and "1,200 of 4,800 contacts worked out (25 %)" in text
    assert f'hx-get="{url}?progress=1"' in text
    polled = alice_client.get(url + "?progress=1", **HTMX)
    assert "<html" not in polled.content.decode() and "1,200 of 4,800" in polled.content.decode()
    # A second press of Import while it works starts nothing more.
    assert alice_client.post(url, {"action": "import"})["Location"] == url
    assert not background._threads or not any(t.is_alive() for t in background._threads)

    PendingImport.objects.filter(pk=job.pk).update(state=State.DONE, outcome="Imported it.")
    ended = alice_client.get(url + "?progress=1", **HTMX)
    assert ended["HX-Redirect"] == url


def test_work_left_by_a_stopped_server_can_be_started_again(alice_client, alice, monkeypatch):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    job = PendingImport.objects.get()
    old = dt.datetime.now(dt.UTC) - background.STALLED_AFTER - dt.timedelta(seconds=1)
    PendingImport.objects.filter(pk=job.pk).update(state=State.IMPORTING, beat_at=old)
    page = alice_client.get(url, follow=True)
    assert "stopped before it finished" in page.content.decode()
    assert not owned(Person, alice).exists()
    background.wait(30)  # the preview, made again in the background
    alice_client.post(url, {"action": "import"})
    background.wait(30)
    assert PendingImport.objects.get().state == State.DONE
    assert owned(Person, alice).count() == 3


def test_only_one_start_wins(alice):
    job = pending.create(alice, name="big.vcf", data=THREE_CARDS)
    # In one transaction, so the work starts (on commit) after the second try:
    # the in-memory test database refuses a second writer at once.
    with transaction.atomic():
        assert background.start(job, State.IMPORTING)
        again = PendingImport.objects.get(pk=job.pk)
        assert not background.start(again, State.IMPORTING)
    background.wait(30)
    assert owned(Person, alice).count() == 3


def test_a_file_that_fails_says_why_and_imports_nothing(alice_client, alice, monkeypatch):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    alice_client.get(url)
    background.wait(30)

    def broken(*args, **kwargs):
        raise service.FormatError("line 7: something is wrong")

    monkeypatch.setattr(service, "_run", broken)
    alice_client.post(url, {"action": "import"})
    background.wait(30)
    job = PendingImport.objects.get()
    assert job.state == State.FAILED
    page = alice_client.get(url)
    assert "big.vcf cannot be imported: line 7: something is wrong" in page.content.decode()
    assert not owned(Person, alice).exists()


def test_a_crash_in_the_work_is_reported_not_hidden(alice_client, alice, monkeypatch, caplog):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    alice_client.get(url)
    background.wait(30)
    monkeypatch.setattr(service, "_run", lambda *a, **k: 1 / 0)
    alice_client.post(url, {"action": "import"})
    background.wait(30)
    page = alice_client.get(url).content.decode()
    assert "Something went wrong on the server while working on big.vcf" in page
    assert "ZeroDivisionError" in caplog.text
    assert not owned(Person, alice).exists()


def test_a_touch_history_in_the_background(alice_client, alice, jane):
    url = started(alice_client, "log.csv", TOUCH_LOG)
    alice_client.get(url)
    background.wait(30)
    alice_client.post(url, {"action": "import"})
    background.wait(30)
    done = alice_client.get(url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("touches")
    assert (
        "Logged touches from log.csv: 1 new, 0 already logged, 2 skipped." in done.content.decode()
    )


def test_bob_cannot_see_or_start_alices_work(alice_client, alice, bob, client):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "import"}).status_code == 404
    assert PendingImport.objects.get().state == State.WAITING


def test_a_failed_import_can_be_tried_again(alice_client, alice, monkeypatch):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    alice_client.get(url)
    background.wait(30)
    from keepwarm.imports import unlocked

    def busy(*args, **kwargs):
        raise unlocked.Busy(unlocked.BUSY.format(attempts=unlocked.ATTEMPTS))

    monkeypatch.setattr(service, "apply", busy)
    alice_client.post(url, {"action": "import"})
    background.wait(30)
    page = alice_client.get(url).content.decode()
    assert "Nothing was imported from big.vcf: your network kept changing" in page
    assert 'value="retry"' in page
    monkeypatch.undo()
    monkeypatch.setattr(background, "INLINE_BYTES", 0)
    assert alice_client.post(url, {"action": "retry"})["Location"] == url
    assert PendingImport.objects.get().state == State.WAITING
    alice_client.post(url, {"action": "import"})
    background.wait(30)
    assert owned(Person, alice).count() == 3


def test_one_upload_of_an_account_is_worked_on_at_a_time(alice_client, alice):
    first = started(alice_client, "first.vcf", THREE_CARDS)
    second = started(alice_client, "second.vcf", THREE_CARDS)
    one, two = PendingImport.objects.order_by("pk")
    PendingImport.objects.filter(pk=one.pk).update(
        state=State.IMPORTING, beat_at=dt.datetime.now(dt.UTC)
    )
    page = alice_client.get(second).content.decode()
    assert "Waiting for your file first.vcf to be done; this one is read next." in page
    assert PendingImport.objects.get(pk=two.pk).state == State.WAITING
    PendingImport.objects.filter(pk=one.pk).update(state=State.WAITING)
    polled = alice_client.get(second + "?progress=1", **HTMX).content.decode()
    assert "Waiting for your file" not in polled and "Reading the file" in polled  # its turn
    background.wait(30)
    assert PendingImport.objects.get(pk=two.pk).preview is not None
    assert alice_client.get(first).status_code == 200


def test_a_page_left_open_stops_asking_once_its_upload_is_gone(alice_client, alice):
    url = started(alice_client, "big.vcf", THREE_CARDS)
    PendingImport.objects.all().delete()
    polled = alice_client.get(url + "?progress=1", **HTMX)
    assert polled["HX-Redirect"] == reverse("import_upload")
    assert alice_client.get(url).status_code == 404
