"""`keepwarm backup` and `keepwarm restore`, through the command's entry point."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest
from click.testing import CliRunner
from django.db import connection

from keepwarm.accounts.models import User
from keepwarm.cli import cli
from keepwarm.contacts.models import Person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from tests.backup.accounts import account_rows, rich_account

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the database copy is for SQLite"
)


@pytest.fixture(autouse=True)
def _no_user_from_the_environment(monkeypatch):
    monkeypatch.delenv("KEEPWARM_USER", raising=False)


@pytest.fixture
def rich(alice, frozen, settings, tmp_path):
    """Alice with every kind of row (see tests/backup/accounts.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    rich_account(alice)
    return alice


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def test_backup_writes_the_account_to_a_private_file(rich, bob, tmp_path):
    target = tmp_path / "alice.json"
    result = run("--user", "alice", "backup", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Backed up the account 'alice' (4 circles, 3 tags, 14 touch kinds, 6 people, "
        f"6 contact points, 2 addresses, 2 key dates, 5 relationships, 2 life events, 1 job, "
        f"3 touches, 4 follow-ups, 2 choices, 1 pair marked not the same, "
        f"1 greeting template, 1 card run, 1 card recipient, 1 trip, 1 postcard, "
        f"1 gathering, 1 invitation, 1 import mapping, 1 job hunt, 1 call outcome) to {target}.\n"
    )
    data = json.loads(target.read_text())
    assert (data["format"], data["account"]["username"]) == ("keepwarm-backup", "alice")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_restore_fills_a_new_account_and_says_how_to_set_its_password(rich, tmp_path):
    target = tmp_path / "alice.json"
    assert run("backup", "-o", str(target)).exit_code == 0
    result = run("restore", str(target), "--user", "dana")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Restored {target} into the account 'dana' (4 circles,")
    assert "`keepwarm manage changepassword dana`" in result.stderr
    dana = User.objects.get(username="dana")
    assert account_rows(dana) == account_rows(rich)


def test_restore_takes_the_account_from_the_main_user_option(rich, bob, tmp_path):
    target = tmp_path / "alice.json"
    run("--user", "alice", "backup", "-o", str(target))
    result = run("--user", "bob", "restore", str(target))
    assert result.exit_code == 0, result.output
    assert owned(Person, bob).count() == 6 and owned(Touch, bob).count() == 3
    assert "changepassword" not in result.stderr


def test_restore_refuses_an_account_with_data(rich, tmp_path):
    target = tmp_path / "alice.json"
    run("backup", "-o", str(target))
    result = run("restore", str(target))  # alice, named in the file, holds all this
    assert result.exit_code == 1
    assert result.stderr.startswith(f"keepwarm: {target}: The account 'alice' already holds data")
    assert result.stderr.endswith("Nothing was restored.\n")
    assert owned(Person, rich).count() == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "keepwarm-backup", "version": 1, "acc', "is the file cut short"),
        ('{"format": "keepwarm-backup", "version": 9}', "written by a newer keepwarm"),
        ("name,email\nJane,jane@example.com\n", "not a complete JSON document"),
    ],
)
def test_restore_of_a_bad_file_says_why_and_writes_nothing(alice, tmp_path, content, message):
    target = tmp_path / "bad.json"
    target.write_text(content)
    result = run("restore", str(target), "--user", "dana")
    assert result.exit_code == 1
    assert message in result.stderr and "Nothing was restored." in result.stderr
    assert "Traceback" not in result.output
    assert not User.objects.filter(username="dana").exists()


def test_restore_of_a_missing_file_is_a_usage_error(alice, tmp_path):
    result = run("restore", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_backup_into_a_missing_folder_says_so(alice, tmp_path):
    result = run("backup", "-o", str(tmp_path / "no" / "such" / "a.json"))
    assert result.exit_code == 1
    assert result.stderr == f"keepwarm: {tmp_path / 'no' / 'such'} is not a folder.\n"


def test_backup_needs_an_output_file(alice):
    result = run("backup")
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_database_copy_opens_with_sqlite_and_holds_the_same_rows(tmp_path, settings):
    from keepwarm.accounts.services import create_user

    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("alice", "bob"):
        rich_account(create_user(name, None))
    target = tmp_path / "copy.sqlite3"
    result = run("backup", "--database", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Copied the whole database (")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        expected = {t: _count(cursor, t) for t in tables}
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {t: _count(copy.cursor(), t) for t in tables} == expected
    finally:
        copy.close()
    assert expected["contacts_person"] == 12 and expected["touches_touchperson"] == 12


def _count(cursor, table: str) -> int:
    # The table names come from the schema itself, never from input.
    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
    return cursor.fetchone()[0]


def test_database_copy_on_postgresql_points_to_pg_dump(alice, tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setattr(connection, "display_name", "PostgreSQL")
    target = tmp_path / "copy.sqlite3"
    result = run("backup", "--database", "-o", str(target))
    assert result.exit_code == 1
    assert "The database is PostgreSQL, not SQLite" in result.stderr
    assert "pg_dump" in result.stderr
    assert not target.exists()


def test_help_lists_backup_and_restore():
    result = run("--help")
    assert "backup" in result.stdout and "restore" in result.stdout
    assert "docs/backup.md" in run("backup", "--help").stdout
