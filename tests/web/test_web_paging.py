"""Every paged list pages one way (``keepwarm.web.paging``): a missing or bad page
number shows the first page, one past the end the last, never an error page;
the page links keep the list's filters, sort, search and tab. Two rows a page
here, so that three rows make two pages."""

from __future__ import annotations

import ast
import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

import keepwarm
from keepwarm.contacts.models import Circle
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.services import add_follow_up, log_touch
from keepwarm.warmcalls.models import JobHunt
from keepwarm.web.views import agenda, duplicates, followups, people, touches, triage, warmcalls
from tests.conftest import kind
from tests.newcomers import card, imported

PAGE_SIZES = [
    (people, "PAGE_SIZE"),
    (warmcalls, "PAGE_SIZE"),
    (agenda, "PLAN_PAGE_SIZE"),
    (touches, "PAGE_SIZE"),
    (followups, "PAGE_SIZE"),
    (duplicates, "PAGE_SIZE"),
    (triage, "ROWS_PER_PAGE"),
]


def people_list(alice):
    for name in ("Ann Lee", "Bo Lee", "Cy Lee", "Dee Other"):
        create_person(alice, name)
    return reverse("people"), {"q": "Lee", "sort": "name"}


def warm_calls(alice):
    JobHunt.objects.create(owner=alice, companies="Acme\nGlobex")
    for name in ("Ann Lee", "Bo Lee", "Cy Lee"):
        create_person(alice, name, company="Globex")
    return reverse("warm_calls"), {"company": "Globex"}


def plan(alice):
    close = owned(Circle, alice).get(name="Close")
    for name in ("Ann Lee", "Bo Lee", "Cy Lee"):
        create_person(alice, name, circle=close)
    return reverse("plan"), {"sort": "name"}


def touch_log(alice):
    jane = create_person(alice, "Jane Doe")
    coffee = kind(alice, "coffee")
    for day in (1, 2, 3):
        log_touch(alice, [jane], coffee, date=dt.date(2026, 11, day))
    log_touch(alice, [jane], kind(alice, "lunch"), date=dt.date(2026, 11, 4))
    return reverse("touches"), {"kind": str(coffee.pk), "person": str(jane.pk)}


def follow_ups(alice):
    jane = create_person(alice, "Jane Doe")
    for day in (1, 2, 3):
        add_follow_up(alice, jane, f"promise {day}", dt.date(2026, 11, day))
    add_follow_up(alice, jane, "later", dt.date(2026, 12, 24))
    return reverse("followups"), {"tab": "overdue"}


def duplicate_list(alice):
    pairs = [("Ann Lee", "Nova Quist"), ("Bo Chan", "Rae Fink"), ("Cy Park", "Tess Moe")]
    for one, other in pairs:
        email = f"{one.split()[0].lower()}@example.com"
        create_person(alice, one, emails=[email])
        create_person(alice, other, emails=[email])
    return reverse("duplicates"), {}


def newcomers(alice):
    imported(
        alice,
        card("Ana Ruiz", "ana@example.com"),
        card("Ben Ito", "ben@example.com"),
        card("Cy Park", "cy@example.com"),
    )
    return reverse("triage"), {"view": "list"}


LISTS = [people_list, warm_calls, plan, touch_log, follow_ups, duplicate_list, newcomers]


@pytest.fixture(params=LISTS, ids=lambda make: make.__name__)
def listing(request, alice, frozen, monkeypatch):
    """A paged list's URL and the filters that keep its three rows (two pages)."""
    for module, name in PAGE_SIZES:
        monkeypatch.setattr(module, name, 2)
    return request.param(alice)


def shown(client, listing, page=None):
    """The page of the list asked for with ``?page=page`` (left out when None)."""
    url, filters = listing
    query = filters if page is None else {**filters, "page": page}
    response = client.get(url, query)
    assert response.status_code == 200, (url, page)
    assert response.context["page"].paginator.num_pages == 2
    return response


def link(response, rel: str) -> dict[str, list[str]]:
    """The query of the page's previous or next link."""
    found = re.search(rf'rel="{rel}" href="([^"]*)"', response.content.decode())
    assert found, rel
    return parse_qs(urlsplit(html.unescape(found.group(1))).query, keep_blank_values=True)


BAD = [None, "", "abc", "0", "-1", "-3", "1.5", "1e3", "²", "\x00", "9" * 5000]


@pytest.mark.parametrize("page", BAD, ids=[repr(page)[:8] for page in BAD])
def test_a_missing_or_bad_page_number_shows_the_first_page(alice_client, listing, page):
    """A number too long to read (thousands of digits) is no page number either."""
    assert shown(alice_client, listing, page).context["page"].number == 1


@pytest.mark.parametrize("page", ["3", "999999", "9" * 30])
def test_a_page_past_the_end_shows_the_last(alice_client, listing, page):
    assert shown(alice_client, listing, page).context["page"].number == 2


def test_the_second_page_shows_the_rest(alice_client, listing):
    page = shown(alice_client, listing, "2").context["page"]
    assert (page.number, len(page.object_list)) == (2, 1)


def test_the_page_links_keep_the_filters_and_change_only_the_page(alice_client, listing):
    _, filters = listing
    wanted = {name: [value] for name, value in filters.items()}
    first = shown(alice_client, listing)
    assert link(first, "next") == {**wanted, "page": ["2"]}
    assert link(shown(alice_client, listing, "2"), "prev") == {**wanted, "page": ["1"]}


def test_the_links_are_one_navigation_with_the_current_page_marked(alice_client, listing):
    page = shown(alice_client, listing, "2").content.decode()
    nav = re.findall(r'<nav class="pagination[^"]*" aria-label="Pages">.*?</nav>', page, re.S)
    assert len(nav) == 1
    assert '<span class="page-current" aria-current="page">2</span>' in nav[0]
    assert re.search(r'<a href="\?[^"]*page=1">1</a>', nav[0])


def test_a_list_of_one_page_shows_no_links(alice_client, alice, frozen):
    create_person(alice, "Ann Lee")
    page = alice_client.get(reverse("people"), {"page": "5"})
    assert page.context["page"].number == 1
    assert 'class="pagination' not in page.content.decode()


KEEPWARM = Path(keepwarm.__file__).parent
PAGING = KEEPWARM / "web" / "paging.py"


def paginators_in(path: Path) -> list[int]:
    """Lines of ``path`` that import or name Django's paginator."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [a.name for a in node.names] if isinstance(node, ast.Import | ast.ImportFrom) else []
        )
        if (
            (isinstance(node, ast.ImportFrom) and node.module == "django.core.paginator")
            or "paginator" in names
            or "django.core.paginator" in names
            or (isinstance(node, ast.Name) and node.id == "Paginator")
            or (isinstance(node, ast.Attribute) and node.attr == "Paginator")
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_paging_module_makes_pages():
    assert paginators_in(PAGING), "the one home of paging names the paginator"
    elsewhere = [
        f"{path.relative_to(KEEPWARM)}:{line}"
        for path in sorted(KEEPWARM.rglob("*.py"))
        if path != PAGING
        for line in paginators_in(path)
    ]
    assert elsewhere == [], "page a list with keepwarm.web.paging.page_of"


def test_every_paged_list_draws_its_links_with_the_one_template():
    templates = KEEPWARM / "web" / "templates"
    own = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        if path.name != "_pagination.html" and 'class="pagination' in path.read_text()
    ]
    assert own == [], 'include "web/_pagination.html"'
