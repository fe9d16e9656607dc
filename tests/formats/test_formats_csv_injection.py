"""Exported CSV is safe to open in a spreadsheet: no cell starts like a formula
(OWASP's rule: a ``'`` before ``=``, ``+``, ``-``, ``@``, tab or CR), and our
own importer reads the guarded cells back as they were."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st

from keepwarm.formats import csvfiles
from keepwarm.formats.csv_values import FORMULA_STARTS, spreadsheet_cell, unguarded
from keepwarm.formats.records import ContactRecord, Labeled
from keepwarm.formats.touchlog import TouchRow, parse_touches, render_touches

DANGEROUS = ContactRecord(
    line=0,
    given_name="=cmd|' /C calc'!A0",
    family_name="@SUM(1+1)",
    company="-2+3",
    notes="+1 for the idea",
    job_title="\tTabbed title",
    emails=(Labeled("jane@example.com"),),
    phones=(Labeled("+49 30 1234567", "mobile"),),
)


def cells_as_a_spreadsheet_reads_them(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_exported_contact_cell_starts_like_a_formula():
    cells = cells_as_a_spreadsheet_reads_them(csvfiles.render([DANGEROUS]))
    assert all(not cell.startswith(FORMULA_STARTS) for cell in cells)
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'+49 30 1234567" in cells


def test_the_guarded_contacts_come_back_as_they_were():
    [back] = csvfiles.parse(csvfiles.render([DANGEROUS])).records
    assert (back.given_name, back.family_name, back.company, back.notes) == (
        DANGEROUS.given_name,
        DANGEROUS.family_name,
        DANGEROUS.company,
        DANGEROUS.notes,
    )
    assert [p.value for p in back.phones] == ["+49 30 1234567"]


def test_no_exported_touch_log_cell_starts_like_a_formula():
    rows = [TouchRow(1, dt.date(2026, 11, 2), "=coffee", ("@jane",), "-tired\nbut fine")]
    data = render_touches(rows)
    assert all(not c.startswith(FORMULA_STARTS) for c in cells_as_a_spreadsheet_reads_them(data))
    [back] = parse_touches(data).rows
    assert (back.kind, back.people, back.note) == ("=coffee", ("@jane",), "-tired\nbut fine")


@given(st.one_of(st.text(), st.text().map(lambda t: "'" + t), st.sampled_from(["'@", "''=1"])))
def test_a_guarded_cell_never_runs_and_unguards_to_itself(text):
    # Text that itself starts with an apostrophe ("'@home") comes back whole too.
    guarded = spreadsheet_cell(text)
    assert not guarded.startswith(FORMULA_STARTS)
    assert unguarded(guarded) == text
