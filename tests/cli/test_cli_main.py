"""The `keepwarm` group: help, configuration errors, and which account a command acts for."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from keepwarm.accounts.services import create_user
from keepwarm.cli import cli
from keepwarm.contacts.services import create_person
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _no_user_from_the_environment(monkeypatch):
    monkeypatch.delenv("KEEPWARM_USER", raising=False)


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def run_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh interpreter (settings are read at start-up)."""
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "keepwarm", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def test_help_lists_every_command_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    for command in (
        "serve",
        "createuser",
        "demo",
        "add",
        "people",
        "show",
        "edit",
        "log",
        "followup",
        "settings",
        "manage",
    ):
        assert f"  {command} " in result.stdout
    assert 'keepwarm add "Jane Doe"' in result.stdout


@pytest.mark.parametrize("command", ["add", "people", "show", "edit", "log", "followup"])
def test_each_command_help_shows_examples(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"keepwarm {command} " in result.stdout


def test_a_bad_setting_is_one_line_and_exit_2(tmp_path):
    result = run_process("people", KEEPWARM_DATA_DIR=str(tmp_path), KEEPWARM_DEBUG="maybe")
    assert result.returncode == 2
    assert result.stderr.startswith("keepwarm: KEEPWARM_DEBUG")
    assert "true/false" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_works_even_when_the_settings_are_broken(tmp_path):
    result = run_process("show", "--help", KEEPWARM_DATA_DIR=str(tmp_path), KEEPWARM_THREADS="x")
    assert result.returncode == 0
    assert "PERSON" in result.stdout


def test_a_fresh_data_folder_asks_for_migrations_without_a_traceback(tmp_path):
    result = run_process("people", KEEPWARM_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "keepwarm manage migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_only_account_is_the_default(alice):
    create_person(alice, "Jane Doe")
    result = run("people", "--json")
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in json.loads(result.stdout)] == ["Jane Doe"]


def test_the_demo_account_does_not_count_as_a_second_account(alice):
    make_user("demo", is_demo=True)
    create_person(alice, "Jane Doe")
    result = run("people")
    assert result.exit_code == 0, result.output
    assert "Jane Doe" in result.stdout


def test_several_accounts_and_none_chosen_lists_them(alice, bob):
    result = run("people")
    assert result.exit_code == 2
    assert "several accounts (alice, bob)" in result.stderr
    assert "--user" in result.stderr


def test_no_account_says_how_to_make_one(db):
    result = run("people")
    assert result.exit_code == 1
    assert "keepwarm createuser NAME" in result.stderr


def test_user_option_and_variable_pick_the_account(alice, bob):
    create_person(alice, "Jane Doe")
    create_person(bob, "Bill Bobson")
    by_option = run("--user", "bob", "people")
    by_variable = run("people", env={"KEEPWARM_USER": "ALICE"})
    assert by_option.exit_code == 0 and by_variable.exit_code == 0
    assert "Bill Bobson" in by_option.stdout and "Jane Doe" not in by_option.stdout
    assert "Jane Doe" in by_variable.stdout and "Bill Bobson" not in by_variable.stdout


def test_an_unknown_user_is_a_usage_error_listing_the_accounts(alice, bob):
    result = run("--user", "mallory", "people")
    assert result.exit_code == 2
    assert "No account named 'mallory'. Accounts: alice, bob." in result.stderr


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("keepwarm, version ")


def test_a_long_list_of_accounts_is_cut_short(db):
    for number in range(12):
        create_user(f"user{number:02d}", None)
    result = run("people")
    assert result.exit_code == 2
    assert "user00, user01," in result.stderr
    assert "user09 and 2 more" in result.stderr
