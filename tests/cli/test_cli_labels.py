"""`keepwarm labels`: a sheet for a card run, a trip, a tag, a circle or a return address."""

# ruff: noqa: RUF001 (names and addresses in Greek, Cyrillic and Japanese)

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import Address, Tag
from keepwarm.contacts.services import create_person
from keepwarm.formats.label_sheets import AVERY_5160, AVERY_L7160
from keepwarm.occasions.models import CardRecipient, CardRun, Postcard, Trip


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


def add_address(person, **fields):
    Address.objects.create(owner=person.owner, person=person, **fields)


def cell_texts(path, sheet) -> list[str]:
    texts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for position in range(sheet.per_page):
                x, y, w, h = (v * 72 / 25.4 for v in sheet.cell(position))
                texts.append(page.within_bbox((x, y, x + w, y + h)).extract_text())
    return texts


@pytest.fixture
def people(alice, jane):
    add_address(jane, street="Königstraße 5", locality="Stuttgart", postcode="70173", country="DE")
    anna = create_person(alice, "Анна Каренина", tags=["school"])
    add_address(
        anna, street="ул. Тверская, д. 7", locality="Москва", postcode="125009", country="RU"
    )
    ned = create_person(alice, "Ned Nomad", tags=["school"])
    return {"jane": jane, "anna": anna, "ned": ned}


def test_a_tag_prints_everyone_with_an_address_and_names_who_is_left_out(alice, people, tmp_path):
    target = tmp_path / "labels.pdf"
    result = run("labels", "--tag", "SCHOOL", "--sheet", "avery5160", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 labels (Avery 5160) to {target}." in result.output
    assert "Left out, no mailing address (1):\n  Ned Nomad" in result.output
    texts = cell_texts(target, AVERY_5160)
    assert texts[0] == "Jane Doe\nKönigstraße 5\n70173 Stuttgart"
    assert texts[1] == "Анна Каренина\nул. Тверская, д. 7\nМосква 125009\nRUSSLAND"


def test_skip_and_offset_move_the_labels(alice, people, tmp_path):
    target = tmp_path / "labels.pdf"
    result = run(
        "labels", "--circle", people["jane"].circle.name, "--sheet", "l7160",
        "--skip", "20", "--offset", "0.5,-1", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    texts = cell_texts(target, AVERY_L7160)
    assert not any(texts[:20])
    assert texts[20].startswith("Jane Doe")
    assert texts[21].startswith("Анна Каренина")


def test_a_card_run_and_a_trip_by_id(alice, people, tmp_path):
    card_run = CardRun.objects.create(
        owner=alice, name="Cards", send_from=dt.date(2026, 12, 1), send_until=dt.date(2026, 12, 20)
    )
    recipient = CardRecipient.objects.create(
        owner=alice, run=card_run, name_on_card="Jane & John Doe",
        address=people["jane"].addresses.first(),
    )  # fmt: skip
    recipient.people.set([people["jane"]])
    trip = Trip.objects.create(
        owner=alice, place="Rome", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 5)
    )
    Postcard.objects.create(owner=alice, trip=trip, person=people["anna"])
    target = tmp_path / "run.pdf"
    assert (
        run(
            "labels", "--campaign", str(card_run.pk), "--sheet", "avery5160", "-o", str(target)
        ).exit_code
        == 0
    )
    assert cell_texts(target, AVERY_5160)[0].startswith("Jane & John Doe")
    assert (
        run("labels", "--trip", str(trip.pk), "--sheet", "avery5160", "-o", str(target)).exit_code
        == 0
    )
    assert cell_texts(target, AVERY_5160)[0].startswith("Анна Каренина")


def test_return_address_labels_fill_the_sheet(alice, tmp_path):
    target = tmp_path / "return.pdf"
    result = run(
        "labels", "--return-address", "Alice Smith|Bergstraße 2|10115 Berlin",
        "--sheet", "avery5160", "--skip", "10", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Wrote 20 labels" in result.output
    texts = cell_texts(target, AVERY_5160)
    assert texts[10] == "Alice Smith\nBergstraße 2\n10115 Berlin"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Choose one of --campaign, --trip, --tag, --circle or --return-address."),
        (["--tag", "school", "--circle", "Close"], "Choose one of"),
        (["--tag", "nope"], "--tag nope: no such tag. Yours: school."),
        (["--circle", "nope"], "--circle nope: no such circle."),
        (["--campaign", "abc"], "--campaign abc: you have no card run with that id."),
        (["--trip", "999"], "--trip 999: you have no trip with that id."),
        (["--tag", "school", "--skip", "30"], "Skip 0 to 29 labels"),
        (["--tag", "school", "--skip", "-1"], "Invalid value for '--skip'"),
        (["--tag", "school", "--offset", "6,0"], "each offset is between -5 and 5 mm"),
        (["--tag", "school", "--offset", "left"], "is not X,Y in millimetres"),
        (["--return-address", "a|b|c|d|e|f|g"], "at most 6 lines"),
    ],
)
def test_bad_options_are_one_clear_line(alice, people, tmp_path, args, message):
    target = tmp_path / "labels.pdf"
    result = run("labels", *args, "--sheet", "avery5160", "-o", str(target))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_an_unknown_sheet_is_refused(alice, tmp_path):
    result = run("labels", "--tag", "x", "--sheet", "a3", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "'a3' is not one of 'avery5160', 'l7160'" in result.output


def test_nobody_with_an_address_writes_nothing(alice, tmp_path):
    create_person(alice, "Ned Nomad", tags=["far"])
    target = tmp_path / "labels.pdf"
    result = run("labels", "--tag", "far", "--sheet", "l7160", "-o", str(target))
    assert result.exit_code == 1
    assert "No one there has a mailing address" in result.output
    assert not target.exists()


def test_bob_cannot_print_alices_run_by_id(alice, bob, tmp_path):
    card_run = CardRun.objects.create(
        owner=alice, name="Cards", send_from=dt.date(2026, 12, 1), send_until=dt.date(2026, 12, 20)
    )
    target = tmp_path / "labels.pdf"
    result = run(
        "labels", "--campaign", str(card_run.pk), "--sheet", "l7160", "-o", str(target), user="bob"
    )
    assert result.exit_code == 1
    assert "you have no card run with that id" in result.output
    assert not target.exists()


@pytest.fixture
def tokyo(alice, people):
    """Jane (Stuttgart) and 山田太郎 (Tokyo), both tagged "tokyo"."""
    people["jane"].tags.add(Tag.objects.create(owner=alice, name="tokyo"))
    person = create_person(alice, "山田太郎", tags=["tokyo"])
    add_address(person, street="西新宿1-2-3", locality="新宿区", region="東京都", country="JP")
    return person


def test_a_label_no_font_can_draw_is_left_blank_and_named(alice, tokyo, tmp_path, settings):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]  # a computer without the Noto fonts
    target = tmp_path / "labels.pdf"
    result = run("labels", "--tag", "tokyo", "--sheet", "avery5160", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Wrote 1 label (Avery 5160, 1 left blank) to {target}." in result.stdout
    assert result.stderr.startswith(
        "Left blank, cannot be printed (1):\n"
        "  Label 2 (山田太郎) has characters no label font can draw: "
    )
    assert "apt-get install fonts-noto-core fonts-noto-cjk" in result.stderr
    texts = cell_texts(target, AVERY_5160)
    assert texts[0].startswith("Jane Doe")
    assert not texts[1]


def test_nothing_is_written_when_no_label_can_be_printed(alice, tmp_path, settings):
    settings.KEEPWARM_LABEL_FONT_DIRS = [tmp_path]
    person = create_person(alice, "王小明", tags=["beijing"])
    add_address(person, street="建国路88号", locality="北京市", country="CN")
    target = tmp_path / "labels.pdf"
    result = run("labels", "--tag", "beijing", "--sheet", "l7160", "-o", str(target))
    assert result.exit_code == 1
    assert "Label 1 (王小明) has characters no label font can draw" in result.output
    assert "None of the labels can be printed: nothing written." in result.output
    assert not target.exists()


def test_a_japanese_address_prints_with_the_noto_fonts(alice, tokyo, tmp_path, settings):
    settings.KEEPWARM_LABEL_FONT_DIRS = None  # the system's fonts: CI installs the Noto fonts
    target = tmp_path / "labels.pdf"
    result = run("labels", "--tag", "tokyo", "--sheet", "avery5160", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Left blank" not in result.output, (
        "Label tests need the Noto fonts: apt-get install fonts-noto-core fonts-noto-cjk"
    )
    assert f"Wrote 2 labels (Avery 5160) to {target}." in result.output
