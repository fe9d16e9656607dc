"""Security basics: `check --deploy` is clean under production settings, every
page carries the security headers, cookies are locked down, repeated failed
logins are throttled, and no password or personal data reaches the logs."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from keepwarm import config
from tests.conftest import PASSWORD

HOST = "keepwarm.example.org"
WRONG_PASSWORD = "Tr0ub4dor&3-not-it"


def production_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of a production process: HTTPS, a real key, one host name."""
    # Not the test run's own settings, nor the browser tests' async escape hatch.
    inherited = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("KEEPWARM_") and k not in inherited
    }
    env.update(
        DJANGO_SETTINGS_MODULE="keepwarm.settings",
        KEEPWARM_DATA_DIR=str(data_dir),
        KEEPWARM_HTTPS="true",
        KEEPWARM_DEBUG="false",
        KEEPWARM_SECRET_KEY=secrets.token_urlsafe(50),
        KEEPWARM_ALLOWED_HOSTS=HOST,
    )
    env.update(variables)
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


# --- check --deploy -------------------------------------------------------------

DEPLOY_CHECK = ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"]


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    result = run(DEPLOY_CHECK, production_env(tmp_path / "data"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_catches_a_site_served_over_plain_http(tmp_path):
    env = production_env(tmp_path / "data", KEEPWARM_HTTPS="false", KEEPWARM_DEBUG="true")
    result = run(DEPLOY_CHECK, env, tmp_path)
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
    assert "security.W018" in result.stderr  # DEBUG on


# --- headers and cookies --------------------------------------------------------

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(headers) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, name
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["form-action"] == "'self'"


@pytest.mark.django_db
def test_login_page_sends_the_security_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response.headers)
    assert "Strict-Transport-Security" not in response.headers  # plain http: no HSTS


def test_signed_in_pages_send_the_security_headers(alice_client):
    response = alice_client.get(reverse("people"))
    assert response.status_code == 200
    assert_security_headers(response.headers)


def test_session_cookie_is_http_only_and_same_site(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


HTTPS_PROBE = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from keepwarm.accounts.services import create_user

call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)  # as `keepwarm serve` does
for name in ("alice", "bob"):
    create_user(name, PASSWORD, email=f"{name}@example.org")
client = Client(HTTP_HOST=HOST)
proxied = {"X-Forwarded-Proto": "https"}
login = reverse("login")

def cookie(response, name):
    morsel = response.cookies[name]
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"]}

found = {}
plain = client.get(login)
found["plain"] = [plain.status_code, plain.headers.get("Location")]
page = client.get(login, headers=proxied)
found["page"] = [page.status_code, dict(page.headers)]
signed_in = client.post(login, {"username": "alice", "password": PASSWORD}, headers=proxied)
found["signed_in"] = [signed_in.status_code, cookie(signed_in, "sessionid"),
                      cookie(signed_in, "csrftoken")]
stranger = Client(HTTP_HOST=HOST)  # alice is signed in on `client`
found["bob"] = [
    stranger.post(login, {"username": "bob", "password": "wrong"}, headers=proxied).status_code
    for _ in range(3)
]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def https_site(tmp_path_factory):
    """A fresh production process behind a TLS proxy, probed with Django's client."""
    folder = tmp_path_factory.mktemp("https")
    env = production_env(folder / "data", KEEPWARM_LOGIN_FAILURE_LIMIT="2")
    env.pop("DATABASE_URL", None)  # a throw-away SQLite database, migrated here
    code = f"PASSWORD = {PASSWORD!r}\nHOST = {HOST!r}\n" + HTTPS_PROBE
    result = run(["-c", code], env, folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_http_is_redirected_to_https(https_site):
    assert https_site["plain"] == [301, f"https://{HOST}/login/"]


def test_https_pages_send_hsts_and_the_security_headers(https_site):
    status, headers = https_site["page"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert_security_headers(headers)


def test_https_cookies_are_secure_http_only_and_same_site(https_site):
    status, session, csrf = https_site["signed_in"]
    assert status == 302
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_lockout_follows_the_configured_failure_limit(https_site):
    # KEEPWARM_LOGIN_FAILURE_LIMIT=2: the second failure locks bob out.
    assert https_site["bob"] == [200, 429, 429]


# --- login throttling -----------------------------------------------------------


def fail_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": WRONG_PASSWORD})


def test_repeated_failed_logins_lock_the_account_out(client, alice, frozen):
    limit = config.read("KEEPWARM_LOGIN_FAILURE_LIMIT", environ={})
    assert limit == settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = fail_login(client, "alice")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text
    locked = fail_login(client, "alice")
    assert locked.status_code == 429
    assert "take a short break" in locked.text
    assert "Try again in 15 minutes" in locked.text
    # Even the right password is turned away while the lock lasts.
    right = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_for_that_user_name_only(client, alice, bob, frozen):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "alice")
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_lockout_ends_after_the_cool_off(client, alice, frozen):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "alice")
    frozen.shift(dt.timedelta(minutes=14))
    assert (
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 429
    )
    frozen.shift(dt.timedelta(minutes=16))
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


# --- logs -----------------------------------------------------------------------


def test_failed_logins_and_lockouts_log_no_credentials_or_personal_data(client, alice, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("axes", "django", "keepwarm"):
        caplog.set_level(logging.DEBUG, logger=name)
    for username in ["alice@example.org"] + ["alice"] * settings.AXES_FAILURE_LIMIT:
        fail_login(client, username)
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    text = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    for private in (WRONG_PASSWORD, "alice@example.org", "alice", "127.0.0.1"):
        assert private not in text
