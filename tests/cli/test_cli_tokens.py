"""`keepwarm token`: make a token (its secret printed once, on standard output),
list them, revoke one; the secret printed opens the API, a revoked one does
not; only ever the user's own."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from keepwarm.accounts import tokens
from keepwarm.accounts.models import ApiToken
from keepwarm.accounts.tokens import authenticate, create_token
from keepwarm.owned import owned
from tests.api.calling import Api
from tests.cli.running import run


def test_create_prints_the_secret_alone_on_standard_output(alice, frozen):
    result = run("token", "create", "laptop backup")
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert result.stdout == secret + "\n"
    assert secret.startswith("kw_") and len(secret) == 46
    assert "Made the token 'laptop backup' (read only; it never expires)." in result.stderr
    assert "not shown again" in result.stderr
    assert secret not in result.stderr
    token = owned(ApiToken, alice).get()
    assert (token.name, token.scope, token.expires_at) == ("laptop backup", "read", None)
    assert token.prefix == secret[:10] and secret not in (token.digest, token.prefix)


def test_the_printed_secret_opens_the_api_until_it_is_revoked(alice, jane, frozen):
    secret = run("token", "create", "phone", "--scope", "write").stdout.strip()
    found = authenticate(secret)
    assert found is not None and found.owner == alice and found.scope == "write"
    api = Api(Client(), secret)
    response = api.get("/people")
    assert response.status_code == 200
    assert [p["display_name"] for p in response.json()["items"]] == ["Jane Doe"]
    assert api.post("/people", {"name": "Sam Lee"}).status_code == 201

    result = run("token", "revoke", "phone")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Revoked the token 'phone': it works no more.\n"
    assert authenticate(secret) is None
    assert api.get("/people").status_code == 401
    assert not owned(ApiToken, alice).exists()


def test_a_read_token_may_only_read(alice, frozen):
    secret = run("token", "create", "reader").stdout.strip()
    api = Api(Client(), secret)
    assert api.get("/people").status_code == 200
    assert api.post("/people", {"name": "Sam Lee"}).status_code == 403


def test_expires_after_the_days_given(alice, frozen):
    result = run("token", "create", "ci", "--expires", "30", "--scope", "WRITE")
    assert result.exit_code == 0, result.output
    token = owned(ApiToken, alice).get()
    assert token.scope == "write"
    assert token.expires_at == dt.datetime(2026, 12, 25, 10, 0, tzinfo=dt.UTC)
    # Alice's time zone is Europe/Berlin.
    assert "it expires 2026-12-25 11:00" in result.stderr
    secret = result.stdout.strip()
    frozen.shift(dt.timedelta(days=30))
    assert authenticate(secret) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["laptop"], "NAME: You already have a token named 'laptop'."),
        (["  "], "NAME: Give the token a name"),
        (["x" * 61], "NAME: Ensure this value has at most 60 characters"),
        (["tab\there"], "NAME: Keep it on one line"),
        (["new", "--expires", "0"], "--expires: Expiry is 1 to 3650 days."),
        (["new", "--expires", "3651"], "--expires: Expiry is 1 to 3650 days."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(alice, frozen, args, message):
    create_token(alice, "laptop")
    result = run("token", "create", *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("keepwarm: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert owned(ApiToken, alice).count() == 1


@pytest.mark.parametrize(
    "args", [["new", "--scope", "admin"], ["new", "--expires", "soon"], ["--scope", "read"]]
)
def test_options_that_make_no_sense_are_usage_errors(alice, frozen, args):
    result = run("token", "create", *args)
    assert result.exit_code == 2
    assert not owned(ApiToken, alice).exists()


def test_the_demo_account_has_no_tokens(db, frozen):
    from keepwarm.demo import ensure_demo_account

    demo = ensure_demo_account()
    result = run("token", "create", "x", user=demo.username)
    assert result.exit_code == 1
    assert "The demo account is shared by every visitor: it has no API tokens." in result.stderr
    assert not owned(ApiToken, demo).exists()


def test_the_list_shows_each_token_without_its_secret(alice, bob, frozen):
    made = create_token(alice, "phone", "write", expires_days=90)
    frozen.shift(dt.timedelta(hours=2))
    create_token(alice, "backup")
    create_token(bob, "bobs script")
    authenticate(made.secret)  # last used now

    result = run("token", "list")
    assert result.exit_code == 0, result.output
    prefix = made.token.prefix
    backup_prefix = owned(ApiToken, alice).get(name="backup").prefix
    assert result.stdout == (
        "# 2 tokens\n"
        "name\tscope\tprefix\tcreated\tlast used\texpires\n"
        f"backup\tread\t{backup_prefix}…\t2026-11-25 13:00\tnever\tnever\n"
        f"phone\twrite\t{prefix}…\t2026-11-25 11:00\t2026-11-25 13:00\t2027-02-23 11:00\n"
    )
    assert made.secret not in result.output
    assert run("token").stdout == result.stdout


def test_the_list_as_json(alice, frozen):
    made = create_token(alice, "phone", "write", expires_days=1)
    frozen.shift(dt.timedelta(days=2))
    result = run("token", "list", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "id": made.token.pk,
            "name": "phone",
            "scope": "write",
            "prefix": made.token.prefix,
            "created_at": "2026-11-25T11:00:00+01:00",
            "last_used_at": None,
            "expires_at": "2026-11-26T11:00:00+01:00",
            "expired": True,
        }
    ]
    assert made.secret not in result.stdout
    assert json.loads(run("token", "--json").stdout) == json.loads(result.stdout)
    table = run("token", "list").stdout
    assert "2026-11-26 11:00 (expired)" in table


def test_an_empty_list_says_how_to_make_one(alice, frozen):
    result = run("token", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No API tokens yet. Make one with `keepwarm token create NAME`." in result.stderr
    assert json.loads(run("token", "list", "--json").stdout) == []


def test_json_before_a_command_is_refused(alice, frozen):
    result = run("token", "--json", "create", "x")
    assert result.exit_code == 2
    assert "Put --json after the command" in result.stderr
    assert not owned(ApiToken, alice).exists()


def test_revoking_a_token_that_does_not_exist_says_so(alice, bob, frozen):
    bobs = create_token(bob, "shared name")
    create_token(alice, "laptop")
    result = run("token", "revoke", "shared name")
    assert result.exit_code == 1
    assert result.stderr == ("keepwarm: No token is named 'shared name'. Your tokens: 'laptop'.\n")
    assert authenticate(bobs.secret) is not None  # bob's, named the same, is untouched

    run("token", "revoke", "laptop")
    result = run("token", "revoke", "laptop")
    assert result.exit_code == 1
    assert result.stderr == "keepwarm: No token is named 'laptop'. You have none.\n"


def test_revoke_by_id_touches_only_the_owners_token(alice, bob, frozen):
    alices = create_token(alice, "laptop")
    assert tokens.revoke_by_id(bob, alices.token.pk) is None
    assert authenticate(alices.secret) is not None
    gone = tokens.revoke_by_id(alice, alices.token.pk)
    assert gone is not None and gone.name == "laptop"
    assert authenticate(alices.secret) is None
    assert tokens.revoke_by_id(alice, alices.token.pk) is None
