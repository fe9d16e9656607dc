"""Settings, API tokens: the form shows a new token's secret once, on the page
that answers it (in no message, session or URL); the list (name, scope,
prefix, made, last used, expires), each with Revoke; a form with a bad value
comes back with its message; only ever the user's own; none for the demo.
One test in headless Chromium copies a token and revokes it (screenshots in
test-results/)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from keepwarm.accounts.models import ApiToken
from keepwarm.accounts.services import create_user
from keepwarm.accounts.tokens import authenticate, create_token
from keepwarm.owned import owned
from tests.api.calling import Api
from tests.conftest import make_user
from tests.web.browsing import shoot, sign_in
from tests.web.markup import markup_problems

URL = "/settings/tokens/"


def new_token(client, **changes):
    data = {"name": "laptop backup", "scope": "read", "expires_days": "", **changes}
    return client.post(URL, data)


def secret_in(html: str) -> str:
    found = re.search(r'id="token-secret"[^>]*value="(kw_[^"]+)"', html)
    assert found, "the page shows no new token"
    return found.group(1)


def test_the_urls():
    assert reverse("api_tokens") == URL
    assert reverse("api_token_revoke", args=[7]) == "/settings/tokens/7/revoke/"


def test_settings_links_to_the_page(alice_client):
    html = alice_client.get(reverse("settings")).content.decode()
    assert f'href="{URL}"' in html


def test_a_new_token_is_shown_once_with_a_copy_button(alice, alice_client, frozen):
    response = new_token(alice_client, scope="write", expires_days="90")
    assert response.status_code == 200
    html = response.content.decode()
    secret = secret_in(html)
    token = owned(ApiToken, alice).get()
    assert (token.name, token.scope) == ("laptop backup", "write")
    assert token.expires_at == dt.datetime(2027, 2, 23, 10, 0, tzinfo=dt.UTC)
    assert token.prefix == secret[:10]
    assert "Copy it now: it is not shown again." in html
    assert 'data-copy-target="token-secret"' in html and "keepwarm/copy.js" in html
    assert "It may read and change your data, until 23 Feb 2027, 11:00." in html
    assert 'value="laptop backup"' not in html  # the form is empty for the next one
    assert "no-store" in response["Cache-Control"]
    # It is in the answer only: no message, no session, no URL.
    assert list(get_messages(response.wsgi_request)) == []
    assert all(secret not in str(value) for value in alice_client.session.values())
    assert authenticate(secret).owner == alice
    again = alice_client.get(URL).content.decode()
    assert secret not in again and 'id="token-secret"' not in again
    assert f"{token.prefix}…" in again


def test_the_secret_shown_opens_the_api_with_its_scope(alice, jane, alice_client, frozen):
    reader = Api(Client(), secret_in(new_token(alice_client).content.decode()))
    assert reader.get("/people").json()["items"][0]["display_name"] == "Jane Doe"
    assert reader.post("/people", {"name": "Sam Lee"}).status_code == 403
    html = new_token(alice_client, name="phone", scope="write").content.decode()
    writer = Api(Client(), secret_in(html))
    assert writer.post("/people", {"name": "Sam Lee"}).status_code == 201


def test_the_list_shows_the_users_tokens_only(alice, bob, alice_client, frozen):
    phone = create_token(alice, "phone", "write", expires_days=30)
    frozen.shift(dt.timedelta(days=2))
    create_token(alice, "backup")
    old = create_token(alice, "old script", expires_days=1)
    create_token(bob, "bobs script")
    authenticate(phone.secret)
    frozen.shift(dt.timedelta(days=3))

    response = alice_client.get(URL)
    html = response.content.decode()
    names = [t.name for t in response.context["tokens"]]
    assert names == ["backup", "old script", "phone"]
    assert "bobs script" not in html
    rows = re.findall(r'<span class="token-what">(.*?)</span>\s*<details', html, re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    assert text[0] == (
        f"backup read only {owned(ApiToken, alice).get(name='backup').prefix}… · made 27 Nov "
        "2026, 11:00 Last used never · never expires"
    )
    assert text[1].startswith("old script read only expired ")
    assert text[1].endswith("Last used never · expired 28 Nov 2026, 11:00")
    assert text[2] == (
        f"phone read and write {phone.token.prefix}… · made 25 Nov 2026, 11:00 "
        "Last used 3 days ago · expires 25 Dec 2026, 11:00"
    )
    for made in (phone, old):
        assert made.secret not in html and made.token.digest not in html
    assert html.count('class="token-revoke"') == 3
    assert f'action="/settings/tokens/{phone.token.pk}/revoke/"' in html
    assert "/api/v1/docs" in html and "docs/api.md" in html


def test_the_page_is_sound_markup(alice, alice_client, frozen):
    create_token(alice, 'a <b>"name"</b> & more')
    assert markup_problems(alice_client.get(URL).content.decode()) == []
    made = new_token(alice_client, name="<script>x</script>").content.decode()
    assert markup_problems(made) == []
    assert "<script>x</script>" not in made


def test_no_tokens_yet(alice_client):
    assert "No tokens yet. Make one with the form." in alice_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "laptop"}, "name", "You already have a token named &#x27;laptop&#x27;."),
        ({"name": "  "}, "name", "This field is required."),
        ({"name": "x" * 61}, "name", "Ensure this value has at most 60 characters"),
        ({"name": "tab\there"}, "name", "Keep it on one line"),
        ({"name": "nul\x00"}, "name", "Null characters are not allowed."),
        ({"scope": "admin"}, "scope", "Pick read only, or read and write."),
        ({"scope": ""}, "scope", "This field is required."),
        ({"expires_days": "7"}, "expires_days", "Pick never, 30 days, 90 days or a year."),
        ({"expires_days": "soon"}, "expires_days", "Pick never, 30 days, 90 days or a year."),
    ],
)
def test_a_bad_form_comes_back_with_its_message(
    alice, alice_client, frozen, changes, field, message
):
    create_token(alice, "laptop")
    response = new_token(alice_client, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert message in html
    assert 'id="token-secret"' not in html
    assert owned(ApiToken, alice).count() == 1
    assert re.search(rf'<(input|select) [^>]*name="{field}"[^>]*autofocus', html)
    assert html.count("autofocus") == 1
    if changes.get("name") == "laptop":
        assert 'value="laptop"' in html  # what was typed stays, to be changed


def test_revoke_asks_first_then_revokes(alice, alice_client, frozen):
    made = create_token(alice, "laptop")
    keep = create_token(alice, "phone")
    html = alice_client.get(URL).content.decode()
    assert re.search(
        r'<summary class="btn btn-small"><span class="when-closed">Revoke</span>', html
    )
    assert "Revoke “laptop”</button>" in html

    url = reverse("api_token_revoke", args=[made.token.pk])
    assert alice_client.get(url).status_code == 405
    assert authenticate(made.secret) is not None
    response = alice_client.post(url, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "The token “laptop” is revoked: it works no more." in response.content.decode()
    assert authenticate(made.secret) is None
    assert authenticate(keep.secret) is not None
    assert alice_client.post(url).status_code == 404  # once


def test_bob_cannot_see_or_revoke_alices_tokens(alice, bob, bob_client, frozen):
    made = create_token(alice, "alices laptop")
    url = reverse("api_token_revoke", args=[made.token.pk])
    assert bob_client.post(url).status_code == 404
    assert authenticate(made.secret) is not None
    response = bob_client.get(URL)
    assert response.context["tokens"] == []
    assert "alices laptop" not in response.content.decode()
    # bob may use the same name: names are per account
    assert new_token(bob_client, name="alices laptop").context["made"] is not None


def test_the_demo_account_has_no_tokens(client, db):
    demo = create_user("demo", None, is_demo=True)
    client.force_login(demo)
    assert client.get(URL).status_code == 404
    assert new_token(client).status_code == 404
    assert not owned(ApiToken, demo).exists()
    assert URL not in client.get(reverse("settings")).content.decode()


def test_visitors_are_sent_to_log_in(client, db):
    response = new_token(client)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


@pytest.fixture
def alice_with_tokens(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    phone = create_token(alice, "phone shortcuts", "write", expires_days=90)
    create_token(alice, "laptop backup")
    authenticate(phone.secret)
    return alice


@pytest.mark.browser
def test_make_copy_and_revoke_a_token_in_the_browser(page, live_server, alice_with_tokens):
    alice = alice_with_tokens
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Manage tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    shoot(page, "96-api-tokens")

    page.get_by_label("Name").fill("home server")
    page.get_by_label("It may").select_option(label="Read and write")
    page.get_by_label("Expires").select_option(label="In 30 days")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", name="Your new token “home server”")).to_be_visible()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert authenticate(secret).name == "home server"
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("[data-copy-status=token-secret]")).to_contain_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    shoot(page, "97-api-token-made")

    row = page.locator(".token-list > li", has_text="laptop backup")
    confirm = row.get_by_role("button", name="Revoke “laptop backup”")
    expect(confirm).to_be_hidden()
    row.get_by_text("Revoke", exact=True).click()
    expect(confirm).to_be_visible()
    shoot(page, "98-api-token-revoke")
    row.get_by_text("Cancel", exact=True).click()  # changed her mind
    expect(confirm).to_be_hidden()
    row.get_by_text("Revoke", exact=True).click()
    confirm.click()
    expect(page.locator(".message-success")).to_contain_text("“laptop backup” is revoked")
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)  # the secret is not shown again
    assert sorted(owned(ApiToken, alice).values_list("name", flat=True)) == [
        "home server",
        "phone shortcuts",
    ]
