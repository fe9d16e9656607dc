"""Label sheets read back from the PDF: every character inside its label's cell,
and a label that cannot be drawn left blank and reported while the rest prints.

These tests use the main font alone (DejaVu Sans); the other scripts, with the
Noto fonts, are in ``test_labels_scripts.py``."""

from __future__ import annotations

import io
import os

import matplotlib
import pdfplumber
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.formats import label_sheets
from keepwarm.formats.label_sheets import AVERY_5160, AVERY_L7160, LabelError, LabelText

FONT = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
TOLERANCE_MM = 0.5
PT = 25.4 / 72

JANE = LabelText(["Jane Doe", "1 Main St", "Springfield, IL 62704"])
NON_LATIN = [
    LabelText(["Jan Kowalski-Woźniak", "ul. Pańska 1", "00-124 Warszawa", "POLAND"]),
    LabelText(["Jürgen Müller", "Königstraße 5", "70173 Stuttgart"]),
    LabelText(["Γιώργος Παπαδόπουλος", "Οδός Ερμού 10", "105 63 Αθήνα", "GREECE"]),
    LabelText(["Анна Каренина", "ул. Тверская, д. 7", "Москва 125009", "RUSSIA"]),
]
LONG = LabelText(
    [
        "Dr. Maximilian Alexander Friedrich von Hohenzollern-Sigmaringen der Dritte",
        "Eine sehr lange Straße mit vielen Wörtern und noch mehr Wörtern Nummer 123",
        "Hinterhaus, 4. Obergeschoss links, bei Familie Schmidt-Übermeyer",
        "10115 Berlin",
    ]
)


def render(labels, sheet, **options) -> bytes:
    """The PDF, when every label was printed."""
    printed = label_sheets.render(labels, sheet, **options)
    assert printed.blank == ()
    assert printed.count == len(labels)
    return printed.pdf


def pages_of(data: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [[dict(c) for c in page.chars] for page in pdf.pages]


def cell_mm(sheet, position, offset=(0.0, 0.0)):
    x, y, w, h = sheet.cell(position)
    return x + offset[0], y + offset[1], x + offset[0] + w, y + offset[1] + h


def inside(char: dict, box) -> bool:
    x0, top, x1, bottom = (char[k] * PT for k in ("x0", "top", "x1", "bottom"))
    left, upper, right, lower = box
    return (
        x0 >= left - TOLERANCE_MM
        and x1 <= right + TOLERANCE_MM
        and top >= upper - TOLERANCE_MM
        and bottom <= lower + TOLERANCE_MM
    )


def text_by_label(data: bytes, sheet, count: int, *, skip=0, offset=(0.0, 0.0)) -> list[str]:
    """Each label's characters in drawing order; fails if any lies outside its cell."""
    pages = pages_of(data)
    texts = []
    for position in range(skip, skip + count):
        page = pages[position // sheet.per_page]
        box = cell_mm(sheet, position, offset)
        mine = [c for c in page if inside(c, box)]
        texts.append("".join(c["text"] for c in mine if not c["text"].isspace()))
    drawn = sum(1 for page in pages for c in page if not c["text"].isspace())
    assert drawn == sum(len(t) for t in texts), "some characters lie outside every label cell"
    return texts


def squashed(label: LabelText) -> str:
    return "".join("".join(label.lines).split())


@pytest.mark.parametrize("sheet", [AVERY_5160, AVERY_L7160], ids=["avery5160", "l7160"])
def test_every_character_lies_inside_its_cell(sheet):
    labels = [JANE, *NON_LATIN, LONG]
    data = render(labels, sheet, font_path=FONT)
    assert text_by_label(data, sheet, len(labels)) == [squashed(label) for label in labels]


@pytest.mark.parametrize(
    ("sheet", "skip", "offset"),
    [
        (AVERY_5160, 7, (0.0, 0.0)),
        (AVERY_5160, 0, (2.5, -1.5)),
        (AVERY_L7160, 20, (-5.0, 5.0)),
        (AVERY_L7160, 4, (1.2, 0.8)),
    ],
)
def test_skip_and_offsets_move_labels_to_the_right_cells(sheet, skip, offset):
    labels = [LabelText([f"Person {n}", "1 Main St", "Springfield"]) for n in range(1, 5)]
    data = render(labels, sheet, font_path=FONT, skip=skip, offset_mm=offset)
    found = text_by_label(data, sheet, len(labels), skip=skip, offset=offset)
    assert found == [squashed(label) for label in labels]


def test_skipped_cells_stay_empty():
    data = render([JANE], AVERY_5160, font_path=FONT, skip=5)
    (page,) = pages_of(data)
    for position in range(5):
        assert not [c for c in page if inside(c, cell_mm(AVERY_5160, position))]


def test_more_labels_than_a_sheet_go_on_more_pages():
    labels = [LabelText([f"Person {n}", "Street"]) for n in range(35)]
    data = render(labels, AVERY_5160, font_path=FONT, skip=3)
    pages = pages_of(data)
    assert len(pages) == 2
    found = text_by_label(data, AVERY_5160, 35, skip=3)
    assert found[-1] == "Person34Street"


def test_non_latin_names_come_back_as_written():
    data = render(NON_LATIN, AVERY_L7160, font_path=FONT)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[0].extract_text()
    for label in NON_LATIN:
        for line in label.lines:
            assert line in text


def test_a_long_line_shrinks_before_it_wraps():
    label = LabelText(["Jane Doe", "An address line a little too long for 5160"])
    pdf = label_sheets.LabelPDF(AVERY_5160, FONT, ())
    fitted = label_sheets.fit(pdf, label, AVERY_5160, 1)
    assert fitted.lines == label.lines
    assert label_sheets.SHRINK_FLOOR_PT <= fitted.size < label_sheets.START_SIZE_PT


def test_a_very_long_line_wraps_and_nothing_is_cut():
    pdf = label_sheets.LabelPDF(AVERY_5160, FONT, ())
    fitted = label_sheets.fit(pdf, LONG, AVERY_5160, 1)
    assert len(fitted.lines) > len(LONG.lines)
    assert "".join(fitted.lines).replace(" ", "") == squashed(LONG)
    data = render([LONG], AVERY_5160, font_path=FONT)
    assert text_by_label(data, AVERY_5160, 1) == [squashed(LONG)]


def test_a_word_longer_than_the_label_breaks_between_letters():
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 2
    data = render([LabelText(["Jane", word])], AVERY_5160, font_path=FONT)
    assert text_by_label(data, AVERY_5160, 1) == [f"Jane{word}"]


def test_a_label_too_long_even_at_the_smallest_size_is_left_blank_and_named():
    lines = ["Someone Important"] + [f"line {n} of far too many lines" for n in range(12)]
    labels = [JANE, LabelText(lines), JANE]
    printed = label_sheets.render(labels, AVERY_5160, font_path=FONT)
    (blank,) = printed.blank
    assert (blank.number, blank.kind) == (2, "size")
    assert blank.message == (
        "Label 2 (Someone Important) does not fit a 66.675 × 25.4 mm label "  # noqa: RUF001
        "even at 6 pt: shorten it."
    )
    assert printed.count == 2
    assert text_by_label(printed.pdf, AVERY_5160, 3) == [squashed(JANE), "", squashed(JANE)]


def test_a_label_in_a_script_no_font_has_is_left_blank_and_the_rest_prints():
    labels = [JANE, LabelText(["山田太郎", "西新宿1-2-3"]), *NON_LATIN]
    printed = label_sheets.render(labels, AVERY_L7160, font_path=FONT, skip=2)
    (blank,) = printed.blank
    assert (blank.number, blank.title, blank.kind) == (2, "山田太郎", "glyphs")
    assert blank.missing == tuple(sorted("山田太郎西新宿"))
    assert blank.message.startswith("Label 2 (山田太郎) has characters no label font can draw: ")
    found = text_by_label(printed.pdf, AVERY_L7160, len(labels), skip=2)
    assert found == [squashed(JANE), "", *(squashed(label) for label in NON_LATIN)]


def test_a_label_is_named_by_whom_it_is_for():
    label = LabelText(["〒160-0023", "東京都新宿区", "山田太郎 様"], name="山田太郎")
    (blank,) = label_sheets.check([label], AVERY_5160, font_path=FONT)
    assert blank.message.startswith("Label 1 (山田太郎) has characters")


def test_a_sheet_where_nothing_prints_says_so_for_every_label():
    labels = [LabelText(["王小明"]), LabelText([]), LabelText(["김민준"])]
    printed = label_sheets.render(labels, AVERY_5160, font_path=FONT)
    assert printed.count == 0
    assert [(b.number, b.kind) for b in printed.blank] == [
        (1, "glyphs"),
        (2, "empty"),
        (3, "glyphs"),
    ]
    assert not [c for page in pages_of(printed.pdf) for c in page]


def test_checking_finds_the_same_blanks_without_making_the_pdf():
    lines = ["Someone Important"] + [f"line {n} of far too many lines" for n in range(12)]
    labels = [JANE, LabelText(lines), LabelText(["王小明"])]
    checked = label_sheets.check(labels, AVERY_5160, font_path=FONT)
    assert checked == label_sheets.render(labels, AVERY_5160, font_path=FONT).blank
    assert [b.number for b in checked] == [2, 3]


def test_a_romanised_japanese_address_prints_in_full():
    label = LabelText(
        ["Taro Yamada", "1-2-3 Nishi-Shinjuku", "Shinjuku-ku, Tokyo 160-0023", "JAPAN"]
    )
    data = render([label], AVERY_5160, font_path=FONT)
    assert text_by_label(data, AVERY_5160, 1) == [squashed(label)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"skip": 30}, "Skip 0 to 29 labels"),
        ({"skip": -1}, "Skip 0 to 29 labels"),
        ({"offset_mm": (5.5, 0.0)}, r"offset across \(5.5 mm\)"),
        ({"offset_mm": (0.0, -6.0)}, r"offset down \(-6 mm\)"),
    ],
)
def test_bad_options_are_refused_clearly(options, message):
    with pytest.raises(LabelError, match=message):
        render([JANE], AVERY_5160, font_path=FONT, **options)


def test_no_labels_is_refused():
    with pytest.raises(LabelError, match="no labels"):
        render([], AVERY_5160, font_path=FONT)


def test_a_missing_font_is_a_clear_error(tmp_path):
    with pytest.raises(LabelError, match="Cannot load the label font"):
        render([JANE], AVERY_5160, font_path=str(tmp_path / "nope.ttf"))


GOOD_GRID = {
    "page": "a4",
    "rows": 8,
    "columns": 2,
    "label_width": 99.1,
    "label_height": 33.9,
    "top": 12.9,
    "left": 4.65,
    "pitch_x": 101.6,
    "pitch_y": 33.9,
}


def test_a_custom_grid_prints_inside_its_cells():
    sheet = label_sheets.custom(**GOOD_GRID)
    assert sheet.per_page == 16
    labels = [JANE, *NON_LATIN, LONG]
    data = render(labels, sheet, font_path=FONT, skip=3)
    assert text_by_label(data, sheet, len(labels), skip=3) == [squashed(x) for x in labels]


def test_a_custom_grid_without_pitch_has_no_gaps():
    sheet = label_sheets.custom(**{**GOOD_GRID, "pitch_x": None, "pitch_y": None})
    assert (sheet.pitch_x, sheet.pitch_y) == (99.1, 33.9)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"columns": 3}, r"The grid is 306.9 mm wide but the page is only 210 mm"),
        ({"rows": 10}, r"The grid is 351.9 mm tall but the page is only 297 mm"),
        ({"page": "a3"}, "Unknown page size 'a3'"),
        ({"rows": 0}, "1 to 40 rows, not 0"),
        ({"columns": 41}, "1 to 40 columns, not 41"),
        ({"label_width": 10}, "too small for an address"),
        ({"label_height": 5}, "too small for an address"),
        ({"top": -1}, "margins cannot be negative"),
        ({"pitch_x": 90}, r"pitch across \(90 mm\) is less than the label width"),
        ({"pitch_y": 30}, r"pitch down \(30 mm\) is less than the label height"),
        ({"page": "letter", "left": 20}, r"wide but the page is only 215.9 mm"),
    ],
)
def test_a_custom_grid_that_does_not_fit_says_why(change, message):
    grid = {**GOOD_GRID, **change}
    with pytest.raises(LabelError, match=message):
        label_sheets.custom(**grid)


@pytest.mark.parametrize(
    ("sheet", "page", "first", "last"),
    [
        (AVERY_5160, (215.9, 279.4), (4.7625, 12.7), (144.4625, 241.3)),
        (AVERY_L7160, (210.0, 297.0), (7.21, 15.15), (139.29, 243.75)),
    ],
)
def test_presets_match_the_published_sheet_specs(sheet, page, first, last):
    assert (sheet.page_width, sheet.page_height) == pytest.approx(page)
    assert sheet.cell(0)[:2] == pytest.approx(first)
    assert sheet.cell(sheet.per_page - 1)[:2] == pytest.approx(last)
    right = sheet.left + (sheet.columns - 1) * sheet.pitch_x + sheet.label_width
    bottom = sheet.top + (sheet.rows - 1) * sheet.pitch_y + sheet.label_height
    assert right <= sheet.page_width and bottom <= sheet.page_height


def test_the_sheet_renders_to_an_image_with_ink_in_the_used_cells_only():
    data = render([JANE, JANE], AVERY_L7160, font_path=FONT, skip=1)
    page = pypdfium2.PdfDocument(data)[0]
    scale = 2
    image = page.render(scale=scale).to_pil().convert("L")
    k = scale * 72 / 25.4

    def ink(position):
        x, y, w, h = AVERY_L7160.cell(position)
        box = image.crop((int(x * k), int(y * k), int((x + w) * k), int((y + h) * k)))
        return box.getextrema()[0] < 128

    assert [ink(p) for p in range(4)] == [False, True, True, False]


LETTERS = "abcdefgXYZ ńüßéçøÅ ΑβγΔωΣ ЖжЯяФы 0123456789 -,./&"
line = st.text(alphabet=LETTERS, min_size=1, max_size=70).filter(lambda s: s.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(line, min_size=1, max_size=6),
    sheet=st.sampled_from([AVERY_5160, AVERY_L7160]),
    skip=st.integers(min_value=0, max_value=20),
)
def test_any_label_prints_inside_its_cell_or_is_left_blank_by_name(lines, sheet, skip):
    label = LabelText(lines)
    printed = label_sheets.render([JANE, label], sheet, font_path=FONT, skip=skip)
    found = text_by_label(printed.pdf, sheet, 2, skip=skip)
    if printed.blank:
        assert [(b.number, b.kind) for b in printed.blank] == [(2, "size")]
        assert found == [squashed(JANE), ""]
    else:
        assert found == [squashed(JANE), squashed(label)]


@pytest.mark.parametrize(
    "label",
    [
        LabelText(["דוד כהן", "רחוב הרצל", "תל אביב"]),
        LabelText(["محمد عبد الله", "شارع الملك فهد", "الرياض"]),
    ],
    ids=["hebrew", "arabic"],
)
def test_right_to_left_lines_run_right_to_left_even_in_the_main_font_alone(label):
    data = render([label], AVERY_L7160, font_path=FONT)
    (page,) = pages_of(data)
    x, _, width, _ = AVERY_L7160.cell(0)
    lines: dict[int, list[dict]] = {}
    for char in (c for c in page if not c["text"].isspace()):
        lines.setdefault(round(char["top"]), []).append(char)
    assert len(lines) == len(label.lines)
    for line, (_, chars) in zip(label.lines, sorted(lines.items()), strict=True):
        drawn = sorted(chars, key=lambda c: c["x0"])
        assert "".join(c["text"] for c in reversed(drawn)) == line.replace(" ", "")
        right = max(c["x1"] for c in drawn) * PT
        assert right == pytest.approx(x + width - AVERY_L7160.padding_x, abs=0.6)
