"""An htmx action on the home page answers with every panel it changed, out of
band: Done, Skip, Swap and Snooze on the agenda send the counts, the recent
touches and who is going cold again; a follow-up done sends the counts and the
line under the greeting. From any other page the answer holds no such panel
(htmx would find no place for it). The clock is frozen at Wednesday 2026-11-25."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.plans import services
from keepwarm.touches.queries import home_stats
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind

TODAY = dt.date(2026, 11, 25)
HOME = "http://testserver/"


@pytest.fixture
def act(alice_client, django_capture_on_commit_callbacks):
    def post(name, data, args=(), page=HOME):
        headers = {"HX-Request": "true", **({"HX-Current-URL": page} if page else {})}
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(reverse(name, args=args), data, headers=headers)
        assert response.status_code == 200
        return response.content.decode()

    return post


@pytest.fixture
def quiet_jane(alice, jane, frozen):
    """Jane (Core), quiet since March: going cold, and first in this week's plan."""
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 3, 2))
    return jane


def jane_item(alice, jane):
    items = services.current(alice, TODAY).plan.weeks[0].items
    found = [item for item in items if jane.pk in item.people]
    assert found, "Jane has nothing planned this week"
    return found[0]


def oob(html: str, tag: str, name: str) -> str:
    found = re.search(rf'<{tag} [^>]*id="home-{name}"[^>]*>.*?</{tag}>', html, re.S)
    assert found, f"no {name} panel"
    assert 'hx-swap-oob="true"' in found.group(0).split(">", 1)[0]
    return found.group(0)


def stat(stats: str, label: str) -> int:
    found = re.search(rf'stat-value">([\d,]+)</span><span class="stat-label">[^<]*{label}', stats)
    assert found, f"no stat {label!r}"
    return int(found.group(1).replace(",", ""))


def test_the_home_page_has_the_panels_in_place(alice_client, alice, quiet_jane):
    page = alice_client.get(reverse("home")).content.decode()
    for name in ("stats", "recent", "cold", "summary"):
        assert f'id="home-{name}"' in page
    assert "hx-swap-oob" not in page
    cold = re.search(r'<section [^>]*id="home-cold".*?</section>', page, re.S).group(0)
    assert "Jane Doe" in cold


def test_done_sends_the_counts_recent_touches_and_going_cold(alice, act, quiet_jane):
    item = jane_item(alice, quiet_jane)
    html = act("agenda_done", {"item": item.id})
    assert f"Logged {item.kind} with Jane Doe today." in html
    stats = oob(html, "div", "stats")
    assert stat(stats, "in the last 30 days") == 1 == home_stats(alice, TODAY).touches_30_days
    assert stat(stats, "quiet for 6\\+ months") == 0
    recent = oob(html, "section", "recent")
    first = re.search(r"<li>.*?</li>", recent, re.S).group(0)
    assert "today" in first.lower() and item.kind in first and "Jane Doe" in first
    cold = oob(html, "section", "cold")
    assert "Jane Doe" not in cold and "All warm" in cold


def test_snooze_takes_them_off_going_cold(alice, act, quiet_jane):
    item = jane_item(alice, quiet_jane)
    html = act("agenda_snooze", {"item": item.id, "preset": "2w"})
    assert "Snoozed Jane Doe until" in html
    assert stat(oob(html, "div", "stats"), "quiet for 6\\+ months") == 0
    assert "Jane Doe" not in oob(html, "section", "cold")


@pytest.mark.parametrize("name", ["agenda_skip", "agenda_swap"])
def test_skip_and_swap_send_the_panels_too(alice, act, quiet_jane, name):
    item = jane_item(alice, quiet_jane)
    data = {"item": item.id, "kind": str(next(iter(item.swappable), ""))}
    html = act(name, data)
    assert stat(oob(html, "div", "stats"), "quiet for 6\\+ months") == 1
    assert "Jane Doe" in oob(html, "section", "cold")


@pytest.mark.parametrize("page", [None, "http://testserver/plan/", "not a url"])
def test_from_another_page_the_agenda_comes_alone(alice, act, quiet_jane, page):
    html = act("agenda_done", {"item": jane_item(alice, quiet_jane).id}, page=page)
    assert 'id="agenda"' in html and "hx-swap-oob" not in html


def test_a_bad_action_still_sends_the_panels_as_they_are(alice, act, quiet_jane):
    html = act("agenda_done", {"item": "r-999999-2026-11-23"})
    assert "message-error" in html
    assert stat(oob(html, "div", "stats"), "in the last 30 days") == 0


def test_a_follow_up_done_sends_the_counts_and_the_greeting_line(alice, jane, act, frozen):
    due = add_follow_up(alice, jane, "thank-you note", TODAY)
    add_follow_up(alice, jane, "send the article", TODAY - dt.timedelta(days=3))
    html = act("followup_done", {"next": "/"}, args=[due.pk])
    assert html.lstrip().startswith(f'<li class="followup-row is-done" id="followup-{due.pk}"')
    assert stat(oob(html, "div", "stats"), "due or overdue") == 1
    summary = oob(html, "p", "summary")
    assert "Wednesday 25 November" in summary and "1 follow-up waiting for you" in summary
    html = act("followup_done", {"next": "/", "done": "0"}, args=[due.pk])
    assert "2 follow-ups waiting for you" in oob(html, "p", "summary")


def test_a_follow_up_done_elsewhere_sends_the_row_alone(alice, jane, act, frozen):
    due = add_follow_up(alice, jane, "thank-you note", TODAY)
    html = act("followup_done", {}, args=[due.pk], page="http://testserver/people/")
    assert "home-stats" not in html and html.strip().endswith("</li>")


def test_people_waiting_to_be_sorted_are_not_counted_in_the_network(alice, jane, frozen):
    from keepwarm.contacts.models import Person

    Person.objects.create(owner=alice, display_name="Waiting Wendy", circle=None)
    assert home_stats(alice, TODAY).people == 1  # Jane only: Wendy waits apart
