"""Progress while importing: the service's callback, and the CLI's bar on a terminal only."""

from __future__ import annotations

import io

from click.testing import CliRunner

from keepwarm.cli import cli, imports
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.formats import vcard
from keepwarm.imports import service
from keepwarm.owned import owned
from tests.imports.uploads import cards


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_apply_reports_progress_in_increasing_counts_up_to_the_total(alice):
    calls: list[tuple[int, int]] = []
    parsed = vcard.parse(cards(1234))
    report = service.apply(alice, parsed, source="big.vcf", progress=lambda *c: calls.append(c))
    assert calls[0] == (0, 1234) and calls[-1] == (1234, 1234)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert len(calls) == 1 + -(-1234 // service.CHUNK)
    assert {total for _, total in calls} == {1234}
    assert report.summary() == "1112 new, 122 updated, 0 same, 0 skipped"


def test_a_card_repeating_one_from_an_earlier_chunk_is_merged_into_it(alice):
    service.apply(alice, vcard.parse(cards(1234)), source="big.vcf")
    assert owned(Person, alice).count() == 1112
    assert service.CHUNK == 500  # card 510 is in the second chunk, card 495 in the first
    person = owned(Person, alice).get(contact_points__normalized="person495@example.com")
    phones = person.contact_points.filter(kind="phone").values_list("normalized", flat=True)
    assert sorted(phones) == ["+16175550495", "+16175550510"]
    assert "+16175550510" in person.search_text
    emails = owned(ContactPoint, alice).filter(kind="email")
    assert emails.count() == emails.values("normalized").distinct().count() == 1112
    assert owned(ContactPoint, alice).filter(kind="phone").count() == 1234


def test_the_preview_reports_progress_and_writes_nothing(alice):
    calls: list[tuple[int, int]] = []
    report = service.preview(alice, vcard.parse(cards(700)), progress=lambda *c: calls.append(c))
    assert calls[-1] == (700, 700) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert report.counts["new"] == 631
    assert not owned(Person, alice).exists()


def run(*args: str):
    return CliRunner().invoke(cli, ["--user", "alice", *args], env={"COLUMNS": "200"})


def test_a_piped_import_of_a_large_file_prints_no_bar(alice, tmp_path, monkeypatch):
    path = tmp_path / "big.vcf"
    path.write_bytes(cards(900))
    shown: list[int] = []
    real = imports.progress_bar

    def spy(total, stream):
        shown.append(total)
        return real(total, stream)

    monkeypatch.setattr(imports, "progress_bar", spy)
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert shown == [900]  # asked, but the output is no terminal
    assert "Importing" not in result.output and "━" not in result.output
    assert "Imported big.vcf (vcard 3.0): 811 new, 89 updated, 0 same, 0 skipped." in result.output


def test_a_terminal_gets_a_bar_for_a_large_file_and_none_for_a_small_one():
    terminal = Terminal()
    with imports.progress_bar(900, terminal) as progress:
        assert progress is not None
        for done in (0, 500, 900):
            progress(done, 900)
    assert "Importing" in terminal.getvalue()
    small = Terminal()
    with imports.progress_bar(imports.PROGRESS_FROM, small) as progress:
        assert progress is None
    assert small.getvalue() == ""


def test_a_file_or_pipe_gets_no_bar_even_for_a_large_file():
    piped = io.StringIO()
    with imports.progress_bar(100_000, piped) as progress:
        assert progress is None
    with imports.reading(imports.Path("big.vcf"), 10_000_000, piped):
        pass
    assert piped.getvalue() == ""


def test_the_cli_shows_the_bar_on_a_terminal_and_the_summary_on_stdout(
    alice, tmp_path, monkeypatch
):
    path = tmp_path / "big.vcf"
    path.write_bytes(cards(600))
    terminal = Terminal()
    monkeypatch.setattr(imports, "_stderr", lambda: terminal)
    result = run("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would import big.vcf (vcard 3.0): 541 new, 59 updated" in result.output
    assert "Importing" in terminal.getvalue()
    assert not owned(Person, alice).exists()
