"""End to end in headless Chromium: keepwarm installed on a phone.

The checks an install needs, as Lighthouse makes them without a network: the
manifest linked and parsed by Chromium with no error (and nothing against
installing but the private window every test runs in), the service worker
registered and controlling the page, the start URL kept in its cache. Then
the signal goes (``set_offline``): the quick log still opens from the device,
a touch logged there is queued on it, and when the signal returns it is sent
and on the server exactly once, however often it is sent again. Signing out
empties the kept pages. The quick log is shot at 390 and 1280 px, online and
offline, into test-results/."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from keepwarm.contacts.models import Circle
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import FROZEN_AT, kind, make_user
from tests.web.browsing import DESKTOP, PHONE, RESULTS, sign_in

pytestmark = pytest.mark.browser

NO_SIGNAL = "net::ERR_INTERNET_DISCONNECTED"
"""What Chromium reports for each request made offline: expected here."""

KEPT = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    found[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return found;
}"""


@pytest.fixture
def network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    close = owned(Circle, alice).get(name="Close")
    jane = create_person(alice, "Jane Doe", circle=close, emails=["jane@example.com"])
    omar = create_person(alice, "Omar Haddad", phones=["+49 30 7654321"], city="Berlin")
    priya = create_person(alice, "Priya Raman", emails=["priya@example.com"])
    log_touch(alice, [omar], kind(alice, "coffee"), date=today - dt.timedelta(days=3))
    return {"alice": alice, "jane": jane, "priya": priya}


@pytest.fixture
def expected_errors() -> list[str]:
    """What the browser may report in a test: the requests made with no signal."""
    return [NO_SIGNAL]


@pytest.fixture
def phone(browser, ticking, settings, expected_errors, transactional_db):
    """A phone-sized tab whose clock shows the server's day (the server's runs
    from the suite's day, Chromium's from the machine's), failing the test on
    any error in the browser but those expected. It asks for the database
    first, so the tab (and its worker) is closed before the database is
    emptied for the next test."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    context = browser.new_context(viewport=PHONE, timezone_id="Europe/Berlin")
    tab = context.new_page()
    tab.clock.set_fixed_time(FROZEN_AT + dt.timedelta(hours=2))
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    errors = [e for e in errors if not any(known in e for known in expected_errors)]
    assert not errors, f"the browser reported errors: {errors}"


def eventually(tab: Page, script: str, arg: object = None, seconds: float = 10) -> None:
    """Wait until ``script`` (which may be async: ``wait_for_function`` takes
    its promise for a true value) gives a true value in ``tab``."""
    deadline = time.monotonic() + seconds
    while not tab.evaluate(script, arg):
        if time.monotonic() > deadline:
            pytest.fail(f"never true: {script}")
        tab.wait_for_timeout(100)


def shoot(tab: Page, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        tab.set_viewport_size(size)
        tab.screenshot(path=RESULTS / f"{name}-{label}.png", full_page=True)
    tab.set_viewport_size(PHONE)


def test_installable_and_a_touch_logged_offline_reaches_the_server_once(
    phone, live_server, network
):
    url = live_server.url
    sign_in(phone, url)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()

    # Installable: the manifest as Chromium reads it.
    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{url}/manifest.webmanifest"
    assert manifest["errors"] == []
    read = manifest["manifest"]
    assert read["name"] == "keepwarm"
    assert read["startUrl"] == f"{url}/"
    assert read["scope"] == f"{url}/"
    assert read["display"] == "kStandalone"
    assert {icon["sizes"] for icon in read["icons"]} >= {"192x192", "512x512"}
    for icon in read["icons"]:
        answer = phone.request.get(icon["url"])
        assert answer.status == 200
        assert answer.headers["content-type"] == "image/png"
    assert read["shortcuts"][0]["url"] == f"{url}/log/"
    blocked = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in blocked if e["errorId"] != "in-incognito"] == []

    # The service worker: registered for the whole site, controlling the page,
    # the start URL and the quick log kept as it installed.
    scope = phone.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == f"{url}/"
    phone.reload()
    worker = phone.evaluate("navigator.serviceWorker.controller.scriptURL")
    assert worker == f"{url}/sw.js"
    eventually(
        phone,
        """async (start) =>
          Boolean(await caches.match(start)) && Boolean(await caches.match("/log/"))""",
        read["startUrl"],
    )
    kept = phone.evaluate(KEPT)
    assert any(name.startswith("keepwarm-static-") for name in kept)
    pages = next(paths for name, paths in kept.items() if name.startswith("keepwarm-pages-"))
    assert {"/", "/log/", "/offline/"} <= set(pages)
    assert not any(path.startswith(("/api/", "/login/", "/logout/")) for path in pages)

    # The people list, visited once, is kept too.
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(phone.locator(".people-table")).to_contain_text("Jane Doe")
    eventually(phone, """async () => Boolean(await caches.match("/people/"))""")

    # No signal: the quick log opens from the device (found in the phone's menu).
    phone.context.set_offline(True)
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Log").click()
    expect(phone.get_by_role("heading", name="Log a touch")).to_be_visible()
    phone.locator("#qlog-search").fill("jan")
    expect(phone.locator(".qlog-person:visible")).to_have_count(1)
    phone.locator(".qlog-person", has_text="Jane Doe").click()
    phone.locator(".qlog-kind", has_text="coffee").click()
    phone.get_by_text("Day and note").click()
    phone.get_by_role("textbox", name="Note").fill("Talked about her move.")
    expect(phone.locator("#qlog-summary")).to_have_text("Coffee with Jane Doe")
    phone.get_by_role("button", name="Log", exact=True).click()
    expect(phone.locator("#qlog-status")).to_have_text(
        "Saved on this phone, will send when you're online."
    )
    expect(phone.locator("#qlog-queue")).to_contain_text("1 touch waiting to send")
    expect(phone.locator("#qlog-queue")).to_contain_text("Coffee with Jane Doe")
    shoot(phone, "100-quick-log-offline")
    assert not Touch.objects.filter(people=network["jane"]).exists()

    # Reloaded with no signal, the queue is still there; a page never opened
    # is the offline page, the people list its kept copy.
    phone.reload()
    expect(phone.locator("#qlog-queue")).to_contain_text("1 touch waiting to send")
    phone.goto(f"{url}/follow-ups/")
    expect(phone.get_by_role("heading", name="No connection")).to_be_visible()
    phone.goto(f"{url}/people/")
    expect(phone.locator(".people-table")).to_contain_text("Jane Doe")
    phone.goto(f"{url}/log/")
    expect(phone.locator("#qlog-queue")).to_contain_text("1 touch waiting to send")

    # The signal returns: the queue is sent, and the touch is logged once.
    phone.context.set_offline(False)
    expect(phone.locator("#qlog-status")).to_have_text(
        "Sent 1 touch saved on this phone.", timeout=20_000
    )
    expect(phone.locator("#qlog-queue")).to_be_hidden()
    touch = Touch.objects.get(people=network["jane"])
    assert [p.pk for p in touch.people.all()] == [network["jane"].pk]
    assert touch.kind.label == "coffee"
    assert touch.note == "Talked about her move."
    assert touch.date == dt.date(2026, 11, 25)
    assert touch.client_id

    # Sent again (a retry after a lost answer): the same touch, nothing new.
    again = phone.evaluate(
        """async ([clientId, jane, kindId]) => {
          const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
          const response = await fetch("/api/v1/touches", {
            method: "POST",
            headers: {"Content-Type": "application/json", "X-CSRFToken": token},
            body: JSON.stringify({people: [jane], kind_id: kindId, date: "2026-11-25",
                                  note: "Talked about her move.", client_id: clientId}),
          });
          return [response.status, (await response.json()).id];
        }""",
        [touch.client_id, network["jane"].pk, touch.kind_id],
    )
    assert again == [200, touch.pk]
    phone.reload()
    expect(phone.get_by_role("heading", name="Log a touch")).to_be_visible()
    phone.wait_for_timeout(500)
    assert Touch.objects.filter(people=network["jane"]).count() == 1
    assert phone.evaluate("localStorage.getItem('keepwarm.touch-queue')") == "[]"

    # Online, a touch is logged at once.
    phone.locator(".qlog-person", has_text="Priya Raman").click()
    phone.locator(".qlog-kind", has_text="text message").click()
    phone.get_by_role("button", name="Log", exact=True).click()
    expect(phone.locator("#qlog-status")).to_have_text("Logged text message with Priya Raman.")
    assert Touch.objects.filter(people=network["priya"], kind__label="text message").count() == 1
    shoot(phone, "101-quick-log")

    # Signing out leaves no page of the account on the device.
    phone.get_by_role("button", name="Log out").click()
    expect(phone.get_by_role("button", name="Log in")).to_be_visible()
    eventually(
        phone, """async () => !(await caches.match("/")) && !(await caches.match("/people/"))"""
    )
    assert phone.evaluate("""async () => Boolean(await caches.match("/static/keepwarm/app.css"))""")


def test_a_touch_the_server_refuses_stays_on_the_phone_to_discard(
    phone, live_server, network, expected_errors
):
    expected_errors.append("422 (Unprocessable Entity)")  # the refusal this test is about
    url = live_server.url
    sign_in(phone, url)
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.goto(f"{url}/log/")
    phone.context.set_offline(True)
    phone.locator(".qlog-person", has_text="Jane Doe").click()
    phone.locator(".qlog-kind", has_text="lunch").click()
    phone.get_by_role("button", name="Log", exact=True).click()
    expect(phone.locator("#qlog-queue")).to_contain_text("1 touch waiting to send")
    # Meanwhile Jane was deleted on another device.
    network["jane"].delete()
    phone.context.set_offline(False)
    queue = phone.locator("#qlog-queue")
    expect(queue).to_contain_text("1 touch not logged", timeout=20_000)
    expect(queue).to_contain_text("You have no person with the id")
    assert not Touch.objects.filter(kind__label="lunch").exists()
    phone.reload()  # kept, not silently dropped
    expect(queue).to_contain_text("1 touch not logged")
    queue.get_by_role("button", name="Discard").click()
    expect(queue).to_be_hidden()
    assert phone.evaluate("localStorage.getItem('keepwarm.touch-queue')") == "[]"
