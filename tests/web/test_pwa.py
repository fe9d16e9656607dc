"""The installable app: the manifest and its icons, the service worker script,
the offline page, what every page tells the worker, and the quick-log screen
(its people, recent first, and its kinds). The browser side (the worker
installed, a touch logged offline and sent once) is test_browser_pwa.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from keepwarm.accounts.models import Profile
from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.plans.agenda import people_to_log
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import log_touch
from keepwarm.web import installable
from keepwarm.web.views.pwa import SHOWN_FIRST
from tests.conftest import kind


def css_variable(name: str) -> str:
    css = Path(finders.find("keepwarm/app.css")).read_text(encoding="utf-8")
    found = re.search(rf"--{name}:\s*(#[0-9a-f]{{6}});", css)
    assert found, name
    return found.group(1)


def static_file(url: str) -> str:
    path = finders.find(url.removeprefix("/static/"))
    assert path, url
    return path


# The manifest ----------------------------------------------------------------


def test_the_manifest_has_what_an_install_needs(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "keepwarm"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == css_variable("surface")  # the top bar
    assert manifest["background_color"] == css_variable("bg")
    shortcut = manifest["shortcuts"][0]
    assert shortcut["url"] == reverse("quick_log") == "/log/"


def test_the_manifest_icons_exist_at_their_sizes(client, db):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    icons = manifest["icons"] + manifest["shortcuts"][0]["icons"]
    found = set()
    for icon in icons:
        width, height = (int(n) for n in icon["sizes"].split("x"))
        with Image.open(static_file(icon["src"])) as image:
            assert image.format == "PNG"
            assert image.size == (width, height), icon["src"]
        found.add((width, icon.get("purpose", "any")))
    assert {(192, "any"), (512, "any"), (192, "maskable"), (512, "maskable")} <= found


def test_a_maskable_icon_fills_its_square_and_keeps_the_mark_in_the_safe_zone():
    with Image.open(finders.find("keepwarm/icons/maskable-512.png")) as image:
        pixels = image.convert("RGBA")
        # Full bleed: no transparent corner for the phone's mask to show.
        assert all(pixels.getpixel(xy)[3] == 255 for xy in [(0, 0), (511, 0), (0, 511), (511, 511)])
        # The flame (the accent's red) only inside the middle 80 % circle.
        background = pixels.getpixel((0, 0))
        for x in range(0, 512, 4):
            for y in range(0, 512, 4):
                if pixels.getpixel((x, y)) != background:
                    assert (x - 256) ** 2 + (y - 256) ** 2 <= (0.4 * 512) ** 2, (x, y)


def test_every_page_links_the_manifest_and_the_phone_icons(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert f'<meta name="theme-color" content="{css_variable("surface")}">' in html
    touch_icon = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)
    assert touch_icon
    with Image.open(static_file(touch_icon.group(1))) as image:
        assert image.size == (180, 180)
        assert image.mode == "RGB"  # iOS draws transparency black


# The service worker -----------------------------------------------------------


def test_the_worker_is_served_from_the_root_and_never_cached(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "max-age=0" in cache_control
    assert "Service-Worker-Allowed" not in response  # its own path is the root


def test_the_worker_is_told_its_version_files_and_pages(client, db):
    script = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"^const CONFIG = (.*);$", script, re.MULTILINE).group(1))
    assert config["version"] == installable.static_version()
    assert config["install"] == ["/", "/log/"]
    assert config["pages"] == ["/", "/plan/", "/people/", "/log/"]
    assert config["offline"] == "/offline/"
    for asset in config["assets"]:
        assert static_file(asset)
    assert "/static/keepwarm/pwa.js" in config["assets"]
    assert "/static/keepwarm/quick-log.js" in config["assets"]
    # No sign-in page, nothing of the API is ever kept.
    for never in ("/login/", "/logout/", "/api/v1/", "/signup/"):
        assert not any(page.startswith(never) for page in config["pages"] + config["install"])


def test_the_worker_version_changes_with_any_static_file(settings, tmp_path):
    folder = tmp_path / "static"
    (folder / "keepwarm").mkdir(parents=True)
    extra = folder / "keepwarm" / "extra.css"
    extra.write_text("a { color: red; }")
    settings.STATICFILES_DIRS = [folder]
    settings.DEBUG = True  # worked out afresh on every request, as while developing
    first = installable.static_version()
    assert installable.static_version() == first
    extra.write_text("a { color: blue; }")
    assert installable.static_version() != first


def test_signed_in_pages_register_the_worker_signed_out_pages_tell_it_to_forget(
    alice_client, alice
):
    html = alice_client.get(reverse("people")).content.decode()
    assert 'data-session="in"' in html
    assert f'data-user="{alice.pk}"' in html
    assert 'data-worker="/sw.js"' in html
    assert 'data-touch-api="/api/v1/touches"' in html
    assert "/static/keepwarm/pwa.js" in html
    alice_client.post(reverse("logout"))
    html = alice_client.get(reverse("login")).content.decode()
    assert 'data-session="out"' in html
    assert "data-user" not in html
    assert "/static/keepwarm/pwa.js" in html


def test_the_worker_fetch_does_not_take_the_message_waiting(alice_client, alice):
    jane = create_person(alice, "Jane Doe")
    response = alice_client.post(reverse("person_delete", args=[jane.pk]))
    assert response.status_code == 302  # "Jane Doe is deleted." waits for the next page
    kept = alice_client.get(reverse("home"), headers={installable.WORKER_HEADER: "1"})
    assert "<!--messages-->" not in kept.content.decode()
    shown = alice_client.get(reverse("home")).content.decode()
    assert "<!--messages-->" in shown
    assert "Jane Doe" in shown.split("<!--messages-->")[1].split("<!--/messages-->")[0]


def test_the_offline_page_shows_nothing_of_the_account(alice_client, alice):
    response = alice_client.get(reverse("offline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-session="offline"' in html
    assert "alice" not in html
    assert 'class="mainnav"' not in html
    assert reverse("quick_log") in html  # the ways on that work offline


def test_the_policy_allows_the_worker_and_manifest_from_the_site_only(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["worker-src"] == "'self'"
    assert directives["manifest-src"] == "'self'"
    assert "unsafe-inline" not in policy


# The quick-log screen ------------------------------------------------------------


@pytest.fixture
def quiet_network(alice, frozen):
    """Alice with no minutes for routine touches, so the plan holds only Ann's
    birthday greeting this week (an occasion keeps its day whatever the
    budget): Ann planned, Ben touched yesterday, Cal a month ago, Dee never;
    Eve archived and Fay deceased."""
    Profile.objects.filter(user=alice).update(weekly_budget_minutes=0)
    quiet = owned(Circle, alice).get(name="Wide")
    soon = dt.date(2026, 11, 27)
    people = {
        name: create_person(alice, f"{name} Example", circle=quiet)
        for name in ("Dee", "Cal", "Ben", "Eve", "Fay")
    }
    people["Ann"] = create_person(
        alice,
        "Ann Example",
        circle=quiet,
        emails=["ann@example.com"],
        birthday_month=soon.month,
        birthday_day=soon.day,
    )
    log_touch(alice, [people["Ben"]], kind(alice, "coffee"), date=dt.date(2026, 11, 24))
    log_touch(alice, [people["Cal"]], kind(alice, "lunch"), date=dt.date(2026, 10, 25))
    Person.objects.filter(pk=people["Eve"].pk).update(archived=True)
    Person.objects.filter(pk=people["Fay"].pk).update(deceased=True)
    return people


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="people" value="(\d+)"', html)]


def test_the_quick_log_lists_planned_then_recent_people(alice_client, quiet_network):
    response = alice_client.get(reverse("quick_log"))
    assert response.status_code == 200
    html = response.content.decode()
    names = ["Ann", "Ben", "Cal", "Dee"]
    assert listed(html) == [quiet_network[name].pk for name in names]
    assert "Planned: birthday greeting, 27 Nov" in html
    assert "Last touch yesterday" in html
    assert "No touch yet" in html


def test_the_people_to_log_stop_at_the_limit_planned_first(alice, quiet_network):
    picks = people_to_log(alice, dt.date(2026, 11, 25), limit=2)
    assert [pick.person for pick in picks] == [quiet_network["Ann"], quiet_network["Ben"]]
    assert picks[0].planned is not None
    assert picks[0].planned.kind == "birthday greeting"
    assert picks[1].planned is None


def test_the_quick_log_offers_every_kind_in_order(alice_client, alice, bob, quiet_network):
    html = alice_client.get(reverse("quick_log")).content.decode()
    kinds = list(owned(TouchKind, alice).order_by("position", "label"))
    shown = [int(pk) for pk in re.findall(r'name="kind" value="(\d+)"', html)]
    assert shown == [k.pk for k in kinds]
    for touch_kind in kinds:
        assert f"<span>{touch_kind.label}</span>" in html
    assert not set(shown) & set(owned(TouchKind, bob).values_list("pk", flat=True))


def test_the_quick_log_holds_the_people_for_a_search_with_no_signal(alice_client, alice, frozen):
    for n in range(SHOWN_FIRST + 3):
        create_person(alice, f"Person {n:02d}", company="Zoë Ltd")
    html = alice_client.get(reverse("quick_log")).content.decode()
    assert len(listed(html)) == SHOWN_FIRST + 3
    assert html.count("is-later") == 3  # behind "Show 3 more people"
    assert "Show 3 more people" in html
    assert re.search(r'data-search="person 00 [^"]*zoe ltd', html)  # folded as the server does
    assert "data-search-more" not in html  # every one of them is on the page


def test_the_quick_log_logs_through_the_api_or_the_touch_form(alice_client, quiet_network):
    html = alice_client.get(reverse("quick_log")).content.decode()
    # No logging view of its own: the API for the script, the touch form without it.
    assert f'action="{reverse("touch_new")}"' in html
    assert 'data-people-api="/api/v1/people"' in html
    assert "/static/keepwarm/quick-log.js" in html


def test_without_javascript_the_quick_log_fields_post_to_the_touch_form(
    alice_client, quiet_network
):
    ann = quiet_network["Ann"]
    response = alice_client.post(
        reverse("touch_new"),
        {"people": [ann.pk], "kind": kind(ann.owner, "coffee").pk, "date": "2026-11-25"},
    )
    assert response.status_code == 302
    assert ann.touches.get().kind.label == "coffee"


def test_the_quick_log_sends_signed_out_visitors_to_sign_in(client, db):
    response = client.get(reverse("quick_log"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/log/"


def test_phones_find_the_quick_log_in_the_menu(alice_client, alice):
    html = alice_client.get(reverse("home")).content.decode()
    assert '<a class="show-phone" href="/log/"' in html
    assert '<a class="hide-phone" href="/touches/new/"' in html
