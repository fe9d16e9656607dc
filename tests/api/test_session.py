"""The web app's own pages call the API with the browser's session: reads as
they are, changes only with the CSRF token; a request with no credentials at
all is a 401, never a CSRF 403."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind

pytestmark = pytest.mark.django_db


def _log(client: Client, body: dict, **headers: str):
    return client.post(
        "/api/v1/touches", json.dumps(body), content_type="application/json", headers=headers
    )


def test_a_signed_in_browser_logs_a_touch_with_its_csrf_token(alice, jane, frozen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.get("/api/v1/people").status_code == 200
    coffee = owned(TouchKind, alice).get(label="coffee")
    body = {"people": [jane.pk], "kind_id": coffee.pk, "client_id": "phone-0001"}
    refused = _log(browser, body)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "CSRF" in refused.json()["detail"]
    assert not owned(Touch, alice).exists()
    browser.get("/log/")  # a page of the app sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert _log(browser, body, **{"X-CSRFToken": token}).status_code == 201
    assert _log(browser, body, **{"X-CSRFToken": token}).status_code == 200
    assert owned(Touch, alice).count() == 1


def test_no_credentials_is_a_401_even_for_a_change(client, alice, jane, frozen):
    answer = _log(client, {"people": [jane.pk], "kind_id": 1})
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
