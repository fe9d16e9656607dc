"""How the CLI prints tables: fitted to an 80-column terminal (`--table`), and
plain tab-separated text when piped (the default under the test runner, whose
output is not a terminal) or with `--plain`."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.cli import cli
from keepwarm.cli.output import MIN_TEXT_WIDTH, fit_widths
from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.touches.services import log_touch
from tests.conftest import kind

LONG_COMPANY = "The International Society of Very Long Company Names Incorporated"


def run(*args: str, columns: int = 80):
    return CliRunner().invoke(cli, ["--user", "alice", *args], env={"COLUMNS": str(columns)})


@pytest.fixture
def network(alice, frozen):
    jane = create_person(
        alice, "Jane Doe", emails=["jane.doe.with.a.long.address@example.com"], company=LONG_COMPANY
    )
    sam = create_person(alice, "Sam Lee", company="Initech Labs")
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    return {"jane": jane, "sam": sam}


def lines_of(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


# On a terminal: fitted to the width


def test_a_wide_table_fits_80_columns_and_keeps_ids_and_dates_whole(network):
    result = run("--table", "people")
    assert result.exit_code == 0, result.output
    lines = lines_of(result.stdout)
    assert lines[0] == "2 people"
    assert all(len(line) <= 80 for line in lines), result.stdout
    header = lines[1]
    assert header.split() == ["id", "name", "circle", "company", "email", "last", "touch"]
    jane_row = next(line for line in lines if "Jane Doe" in line)
    assert f"{network['jane'].pk}" in jane_row.split()[0]
    assert "2026-11-20" in jane_row  # a date is never cut
    # The long company wraps within its column, then ends in an ellipsis.
    assert LONG_COMPANY not in result.stdout
    assert "…" in result.stdout
    company_at = header.index("company")
    email_at = header.index("email")
    first, second, third = (
        line[company_at:email_at].strip() for line in lines[lines.index(jane_row) :][:3]
    )
    assert LONG_COMPANY.startswith(f"{first} {second}")
    assert third.endswith("…")


def test_every_row_keeps_the_columns_aligned(network):
    lines = lines_of(run("--table", "people").stdout)
    header, rule, rows = lines[1], lines[2], lines[3:]
    assert set(rule) == {"─"}
    starts = [header.index(name) for name in ("name", "circle", "company", "email", "last touch")]
    for line in rows:
        for start in starts:  # the two spaces between columns are never written over
            assert line[start - 2 : start] == "  ", line
    sam_row = next(line for line in rows if "Sam Lee" in line)
    assert sam_row[starts[1] : starts[1] + 4] == "Core"
    assert sam_row[starts[4] :].strip() == "—"


def test_a_wide_terminal_shows_everything_on_one_line(network):
    result = run("--table", "people", columns=200)
    assert LONG_COMPANY in result.stdout
    assert "jane.doe.with.a.long.address@example.com" in result.stdout
    assert "…" not in result.stdout


def test_the_agenda_at_80_columns_keeps_the_item_ids_whole(alice, frozen):
    create_person(
        alice, "Anastasia Konstantinopoulou-Papadopoulou", birthday_month=11, birthday_day=25
    )
    result = run("--table", "today")
    assert result.exit_code == 0, result.output
    lines = lines_of(result.stdout)
    assert all(len(line) <= 80 for line in lines), result.stdout
    item = next(line for line in lines if line.startswith("birthday-"))
    assert item.split()[0].startswith("birthday-") and item.split()[0].endswith("-2026")


# Piped: plain text for scripts


def test_piped_tables_are_tab_separated_with_a_title_line(network):
    result = run("people")
    assert result.exit_code == 0, result.output
    jane, sam = network["jane"], network["sam"]
    assert result.stdout == (
        "# 2 people\n"
        "id\tname\tcircle\tcompany\temail\tlast touch\n"
        f"{jane.pk}\tJane Doe\tCore\t{LONG_COMPANY}\tjane.doe.with.a.long.address@example.com"
        "\t2026-11-20\n"
        f"{sam.pk}\tSam Lee\tCore\tInitech Labs\t\t\n"
    )


def test_line_breaks_and_tabs_in_a_value_become_spaces_when_piped(alice, jane, frozen):
    note = "Lunch at Rosa's.\nShe starts at Acme\tin January."
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20), note=note)
    out = run("show", "Jane Doe").stdout
    assert "\n2026-11-20\tcoffee\t\tLunch at Rosa's. She starts at Acme in January.\n" in out


def test_piped_output_is_never_wrapped_or_drawn(network):
    result = run("people", columns=40)
    assert "─" not in result.stdout and "…" not in result.stdout
    assert LONG_COMPANY in result.stdout


def test_plain_can_be_asked_for_and_table_forced(network):
    assert run("--plain", "people").stdout == run("people").stdout
    assert "─" in run("--table", "people").stdout


def test_a_table_with_the_same_columns_continues_the_one_before(alice, frozen):
    create_person(alice, "Ana Ruiz", birthday_month=11, birthday_day=25)
    create_person(alice, "Sam Lee", birthday_month=11, birthday_day=27)
    out = run("today").stdout
    assert out.count("id\tday\tkind\tminutes\tpeople\treason\n") == 1
    assert out.startswith("# Today, Wed 25 Nov: 1 item\nid\tday\t")
    assert "\n# Can be done ahead: 1 item\nbirthday-" in out


def test_person_sections_are_titled_tables_when_piped(alice, jane, frozen):
    Address.objects.create(
        owner=alice, person=jane, street="Königstraße 5", locality="Stuttgart", country="DE"
    )
    out = run("show", "Jane Doe").stdout
    assert "\n# Contact\nkind\tlabel\tvalue\t\n" in out
    assert "\n# Addresses\nlabel\t\taddress\n\t\tKönigstraße 5, Stuttgart, DE\n" in out
    assert "company\tAcme\n" in out


# The width rule itself


def test_the_widest_free_text_column_is_narrowed_first():
    # 12 too wide: the 30 comes down to the 20s, then the two take turns.
    widths = fit_widths([2, 30, 10, 20], [2, 8, 8, 8], [False, True, True, True], 50)
    assert widths == [2, 19, 10, 19]
    # Nothing narrower than its minimum, nor a column that must stay whole.
    assert fit_widths([10, 30], [10, 8], [False, True], 12) == [10, 8]


@given(
    st.lists(
        st.tuples(st.integers(1, 60), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.integers(10, 200),
)
def test_widths_fit_when_they_can_and_never_go_below_the_minimum(columns, room):
    natural = [width for width, _ in columns]
    shrinkable = [ok for _, ok in columns]
    minimum = [min(width, MIN_TEXT_WIDTH) for width in natural]
    widths = fit_widths(natural, minimum, shrinkable, room)
    floor = sum(m if ok else n for n, m, ok in zip(natural, minimum, shrinkable, strict=True))
    assert sum(widths) == (sum(natural) if sum(natural) <= room else max(room, floor))
    for width, n, m, ok in zip(widths, natural, minimum, shrinkable, strict=True):
        assert (m <= width <= n) if ok else width == n
