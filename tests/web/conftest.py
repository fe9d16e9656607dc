"""The browser and a page for the browser tests: headless Chromium through
Playwright, with the server's clock running from the suite's day (``ticking``)."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.web.browsing import CHROMIUM, DESKTOP


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, ticking, settings, transactional_db):
    # The server's clock runs from 2026-11-25 (`ticking`) while Chromium keeps
    # the machine's: cookies that last only the browser session cannot expire
    # on a date the two disagree about.
    # The database is asked for first so the page closes before it is emptied,
    # and service workers are off: the installable app's worker fetches pages
    # in the background, which would still be talking to the server (holding
    # the session table) while the database is emptied for the next test.
    # tests/web/test_browser_pwa.py tests the worker with its own tab.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    context = browser.new_context(
        viewport=DESKTOP, timezone_id="Europe/Berlin", service_workers="block"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"
