"""What the browser tests share: where Chromium is, the two widths every page is
looked at, screenshots, and signing in (the fixtures are in ``conftest.py``)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def shoot(page: Page, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=RESULTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def sign_in(tab: Page, url: str, username: str = "alice") -> None:
    tab.goto(f"{url}/login/")
    tab.locator("[name=username]").fill(username)
    tab.locator("[name=password]").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
