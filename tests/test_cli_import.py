"""`keepwarm import`: real corpus files in, twice without duplicates, a touch log, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


@needs_corpus
def test_a_google_export_imports_once_and_then_changes_nothing(alice, frozen):
    path = CORPUS / "csv" / "google" / "google_2024_format_example.csv"
    first = run("import", str(path))
    assert first.exit_code == 0, first.output
    assert "2 new, 0 updated, 0 same, 0 skipped" in first.output
    counts = (owned(Person, alice).count(), owned(ContactPoint, alice).count())
    second = run("import", str(path))
    assert "0 new, 0 updated, 2 same, 0 skipped" in second.output
    assert (owned(Person, alice).count(), owned(ContactPoint, alice).count()) == counts
    assert owned(Person, alice).first().source.startswith("google_2024_format_example.csv")


@needs_corpus
def test_every_vcard_in_the_corpus_imports_without_a_traceback(alice, frozen):
    files = sorted((CORPUS / "vcard").rglob("*.vcf"))
    assert files
    for path in files:
        result = run("import", str(path))
        assert result.exit_code in (0, 1), (path, result.output)
        assert "Traceback" not in result.output
    assert owned(Person, alice).count() >= 40


@needs_corpus
def test_a_dry_run_changes_nothing(alice, frozen):
    path = CORPUS / "csv" / "google" / "google_legacy_format_example.csv"
    result = run("import", str(path), "--dry-run", "--tag", "google")
    assert result.exit_code == 0 and "Would import" in result.output
    assert not owned(Person, alice).exists()


def test_a_touch_history_file_is_logged_once(alice, jane, frozen, tmp_path):
    path = tmp_path / "touches.csv"
    path.write_text(
        "date,kind,people,note\n"
        "2026-11-20,Coffee,jane@example.com,Good talk\n"
        "2026-11-21,tea,Jane Doe,\n"
        "2026-11-22,coffee,Nobody Known,\n"
    )
    first = run("import", str(path))
    assert first.exit_code == 0, first.output
    assert "1 new, 0 already logged, 2 skipped" in first.output
    assert "line 3: skipped, no touch kind is called 'tea'" in first.output
    assert "line 4: skipped, no one is 'Nobody Known'" in first.output
    assert "0 new, 1 already logged" in run("import", str(path)).output
    assert owned(Touch, alice).count() == 1


def test_a_file_that_is_not_contacts_gives_one_clear_error(alice, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nand more words\n")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "notes.txt:" in result.output and "Traceback" not in result.output
    assert not owned(Person, alice).exists()


def test_an_unknown_circle_is_refused(alice, tmp_path):
    path = tmp_path / "one.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEND:VCARD\r\n")
    result = run("import", str(path), "--circle", "Nope")
    assert result.exit_code == 1 and "No circle named 'Nope'" in result.output
    assert run("import", str(path), "--circle", "close").exit_code == 0
    assert owned(Person, alice).get().circle.name == "Close"
