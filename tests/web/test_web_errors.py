"""Error pages: 404, 400, 403 and 500 in the app's own style, with DEBUG off.

The 500 page renders with no request and no database, so it still works when
the database is what failed."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views import defaults

from keepwarm.contacts.services import create_person


def boom(request):
    raise RuntimeError("a bug")


# This module doubles as a URLconf for the 500 tests: the app's URLs and one that fails.
urlpatterns = [path("boom/", boom), path("", include("keepwarm.web.urls"))]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def assert_styled(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert "/static/keepwarm/app.css" in html and 'class="card error-page"' in html
    assert heading in html
    assert "Traceback" not in html and "a bug" not in html
    return html


@pytest.mark.parametrize("url", ["/no-such-page/", "/people/999999/", "/people/abc/"])
def test_an_unknown_url_shows_the_styled_404(alice_client, url):
    html = assert_styled(alice_client.get(url), 404, "This page is not here")
    assert 'class="mainnav"' in html  # the signed-in layout, with the way back
    if url == "/no-such-page/":  # no menu item claims a page that matches no URL
        assert 'aria-current="page"' not in html
    assert f'href="{reverse("people")}">Your people' in html


def test_a_visitor_gets_the_404_without_the_app_menu(client, db):
    html = assert_styled(client.get("/no-such-page/"), 404, "This page is not here")
    assert 'class="mainnav"' not in html
    assert f'href="{reverse("home")}">Go to the home page' in html


def test_bob_gets_the_same_404_for_alices_person(bob_client, alice):
    jane = create_person(alice, "Jane Doe")
    html = assert_styled(bob_client.get(jane.get_absolute_url()), 404, "This page is not here")
    assert "Jane" not in html


@pytest.mark.urls("tests.web.test_web_errors")
def test_a_crash_shows_the_styled_500(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    html = assert_styled(client.get("/boom/"), 500, "Something went wrong on our side")
    assert "alice" not in html  # no user, no context: it cannot fail in turn


def test_the_500_page_needs_no_database_and_no_request(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
        response = defaults.server_error(RequestFactory().get("/"))
    assert "Something went wrong on our side" in html
    assert response.status_code == 500 and response.content.decode() == html


def test_the_500_page_renders_with_the_database_gone(db, monkeypatch):
    def no_database(*args, **kwargs):
        raise RuntimeError("the database is down")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", no_database)
        response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Something went wrong" in response.content


def test_a_bad_host_gets_the_styled_400(client, db):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert_styled(response, 400, "That request did not make sense")


def test_an_expired_form_gets_the_styled_403(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("followup_new"), {"text": "x"})
    assert_styled(response, 403, "This form has expired")


# Error banners on forms ------------------------------------------------------------


def test_a_person_form_with_errors_shows_one_banner(alice_client):
    empty = alice_client.get(reverse("person_new")).content.decode()
    management = re.findall(
        r'name="(\w+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d+)"', empty
    )
    data = {**dict(management), "display_name": "", "birthday_month": "2", "birthday_day": "30"}
    response = alice_client.post(reverse("person_new"), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    banners = html.count('class="form-errors"') + html.count('class="message message-error"')
    assert banners == 1
    assert "Nothing was saved" in html
