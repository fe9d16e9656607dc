"""A label sheet in every script people write addresses in, with the Noto fonts.

The sheet is read back twice: with pypdfium2, which reads every glyph (with its
own box, so "inside the cell" means the ink), and with pdfplumber, glyph by
glyph with its position (and its text, but for ``CJK``). The Noto CJK fonts
are OpenType with CFF outlines: the PDF carries the CMap from their codes to
their glyphs, which pdfminer (under pdfplumber) looks up by name only and so
reads as empty; ``embedded_cmaps`` has it read the CMap the PDF carries. These
tests need the Noto fonts installed (Debian: apt-get install fonts-noto-core
fonts-noto-cjk; ``.ci/run`` does it).
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.cmapdb import FileCMap
from pdfminer.pdffont import PDFCIDFont
from pdfminer.pdftypes import PDFStream, resolve1

from keepwarm.formats import label_sheets
from keepwarm.formats.label_fonts import coverage
from keepwarm.formats.label_sheets import AVERY_5160, AVERY_L7160, LabelText
from keepwarm.occasions import label_texts
from keepwarm.occasions.fonts import fallback_faces

ROOT = Path(__file__).resolve().parents[2]
PT = 25.4 / 72
TOLERANCE_MM = 0.5

SCRIPTS = {
    "latin": LabelText(["Zoë Ångström-Łukasiewicz", "Rue de l'Église 5", "75008 PARIS", "FRANCE"]),
    "greek": LabelText(["Γιώργος Παπαδόπουλος", "Οδός Ερμού 10", "105 63 Αθήνα", "GREECE"]),
    "cyrillic": LabelText(["Анна Каренина", "ул. Тверская, д. 7", "Москва 125009", "RUSSIA"]),
    "chinese": LabelText(["王小明", "北京市朝阳区建国路88号", "100022", "CHINA"]),
    "japanese": LabelText(
        ["〒160-0023", "東京都新宿区", "西新宿2-8-1", "山田 花子 様"], name="山田 花子"
    ),
    "korean": LabelText(["김민준", "서울특별시 종로구 세종대로 175", "03154", "SOUTH KOREA"]),
    "arabic": LabelText(["محمد عبد الله", "شارع الملك فهد ١٢", "الرياض 12271", "SAUDI ARABIA"]),
    "hebrew": LabelText(["דוד כהן", "רחוב הרצל 12", "תל אביב 6100000", "ISRAEL"]),
    "devanagari": LabelText(["राहुल शर्मा", "१२ महात्मा गांधी मार्ग", "नई दिल्ली 110001", "INDIA"]),
    "thai": LabelText(["สมชาย ใจดี", "123 ถนนสุขุมวิท", "กรุงเทพฯ 10110", "THAILAND"]),
}
SAMPLES = "王アㄱ김محשकก"
CJK = ("chinese", "japanese", "korean")
"""pdfminer reads where each of their glyphs is but not its text: it looks the
text up by glyph, where the PDF gives it by code (pypdfium2 reads it)."""
NEEDED = "Label tests need the Noto fonts: apt-get install fonts-noto-core fonts-noto-cjk"


@pytest.fixture(scope="module")
def faces():
    found = fallback_faces()
    covered = set().union(*(coverage(face) for face in found)) if found else set()
    missing = [c for c in SAMPLES if ord(c) not in covered]
    if missing:
        pytest.fail(f"{NEEDED} (no font for {' '.join(missing)}; see docs/labels.md)")
    return found


def render(labels, sheet, faces, **options):
    return label_sheets.render(
        labels, sheet, font_path=label_texts.font_path(), fallbacks=faces, **options
    )


def squashed(label: LabelText) -> Counter:
    return Counter(c for c in "".join(label.lines) if not c.isspace())


def unmirrored(char: str) -> str:
    """One character of each mirrored pair (a bracket drawn in right-to-left text)."""
    return {")": "(", "]": "[", "}": "{", ">": "<", "»": "«"}.get(char, char)


def cell_of(sheet, box, positions):
    """The position whose cell holds ``box`` (x0, top, x1, bottom in mm), else None."""
    x0, top, x1, bottom = box
    for position in positions:
        x, y, w, h = sheet.cell(position)
        if (
            x0 >= x - TOLERANCE_MM
            and x1 <= x + w + TOLERANCE_MM
            and top >= y - TOLERANCE_MM
            and bottom <= y + h + TOLERANCE_MM
        ):
            return position
    return None


def read_with_pdfium(data: bytes, sheet, positions) -> dict[int, Counter]:
    """Each cell's characters; fails if a glyph's ink lies outside every cell."""
    cells: dict[int, Counter] = {p: Counter() for p in positions}
    document = pypdfium2.PdfDocument(data)
    for number in range(len(document)):
        page = document[number]
        height = page.get_height()
        text = page.get_textpage()
        on_page = [p for p in positions if p // sheet.per_page == number]
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = text.get_charbox(index)
            box = (left * PT, (height - top) * PT, right * PT, (height - bottom) * PT)
            position = cell_of(sheet, box, on_page)
            assert position is not None, f"{char!r} at {box} lies outside every label"
            if char.isprintable():  # a glyph shaping made of several (Devanagari) has no code
                cells[position][char] += 1
    return cells


@pytest.fixture
def embedded_cmaps(monkeypatch):
    """pdfminer reads a CID font's code-to-glyph CMap by its name alone (the
    standard ones); one the PDF carries as a stream (fpdf2 does, for CFF fonts)
    it reads as empty, and no glyph of the font is found. Here it reads the
    stream, as a PDF reader must."""
    original = PDFCIDFont.get_cmap_from_spec

    def from_spec(self, spec, strict):
        encoding = resolve1(spec.get("Encoding"))
        if not isinstance(encoding, PDFStream):
            return original(self, spec, strict)
        program = encoding.get_data().decode("latin-1")
        assert "begincidrange" not in program, "a CMap of ranges: read them too"
        cmap = FileCMap()  # pdfminer's own parser reads a cidchar pair the other way round
        for block in re.findall(r"begincidchar(.*?)endcidchar", program, re.S):
            for code, cid in re.findall(r"<([0-9A-Fa-f]+)>\s+(\d+)", block):
                cmap.add_code2cid(bytes.fromhex(code).decode("latin-1"), int(cid))
        return cmap

    monkeypatch.setattr(PDFCIDFont, "get_cmap_from_spec", from_spec)


def plumber_chars(data: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [dict(c) for c in pdf.pages[page].chars if not c["text"].isspace()]


@pytest.mark.parametrize(
    ("sheet", "skip"), [(AVERY_5160, 0), (AVERY_L7160, 5)], ids=["avery5160", "l7160"]
)
def test_every_script_prints_inside_its_cell_and_no_label_is_blank(faces, sheet, skip):
    labels = list(SCRIPTS.values())
    printed = render(labels, sheet, faces, skip=skip)
    assert printed.blank == ()
    assert printed.count == len(labels)
    positions = range(skip, skip + len(labels))
    cells = read_with_pdfium(printed.pdf, sheet, positions)
    for (script, label), position in zip(SCRIPTS.items(), positions, strict=True):
        assert cells[position], f"the {script} label is blank"
        assert cells[position] == squashed(label), script


@pytest.mark.parametrize(
    ("sheet", "skip"), [(AVERY_5160, 0), (AVERY_L7160, 5)], ids=["avery5160", "l7160"]
)
def test_pdfplumber_reads_every_label_inside_its_cell_and_none_blank(
    faces, embedded_cmaps, sheet, skip
):
    labels = list(SCRIPTS.values())
    printed = render(labels, sheet, faces, skip=skip)
    positions = range(skip, skip + len(labels))
    found: dict[int, Counter] = {p: Counter() for p in positions}
    glyphs: Counter = Counter()
    for char in plumber_chars(printed.pdf):
        box = tuple(char[k] * PT for k in ("x0", "top", "x1", "bottom"))
        position = cell_of(sheet, box, positions)
        assert position is not None, f"{char['text']!r} lies outside every label"
        glyphs[position] += 1
        if not char["text"].startswith("(cid:"):  # a glyph shaping made has no code
            found[position].update(c for c in char["text"] if not c.isspace())
    for position, (script, label) in zip(positions, SCRIPTS.items(), strict=True):
        assert glyphs[position], f"the {script} label is blank"
        if script in CJK:  # every character a glyph of its own, inside the cell
            drawn = sum(squashed(label).values())
            spaces = sum(line.count(" ") for line in label.lines)  # a CJK font draws them
            assert drawn <= glyphs[position] <= drawn + spaces, script
        elif script != "devanagari":  # some of its shaped glyphs carry no text
            assert found[position] == squashed(label), script


def lines_of(chars: list[dict]) -> list[list[dict]]:
    """The characters line by line, top to bottom, each line left to right (a
    digit from another font sits a little higher or lower in pdfplumber's eyes)."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: c["top"]):
        if lines and char["top"] - lines[-1][0]["top"] < 3:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


@pytest.mark.parametrize("script", ["hebrew", "arabic"])
def test_right_to_left_lines_run_right_to_left_and_sit_on_the_right(faces, script):
    label = SCRIPTS[script]
    printed = render([label], AVERY_L7160, faces)
    chars = plumber_chars(printed.pdf)
    x, _, width, _ = AVERY_L7160.cell(0)
    right_edge = x + width - AVERY_L7160.padding_x
    drawn_lines = lines_of(chars)
    assert len(drawn_lines) == len(label.lines)
    for line, drawn in zip(label.lines, drawn_lines, strict=True):
        # Drawn left to right, the letters of a right-to-left line read right
        # to left: reversed, they are the line as written (digits keep their
        # own order inside); the Latin country line reads left to right.
        in_order = drawn if line.isascii() else reversed(drawn)
        letters = "".join(c["text"] for c in in_order if not c["text"].isdigit())
        assert letters == "".join(c for c in line if not c.isspace() and not c.isdigit())
        assert max(c["x1"] for c in drawn) * PT == pytest.approx(right_edge, abs=0.6)
    assert min(c["x0"] for c in drawn_lines[0]) * PT > x + AVERY_L7160.padding_x + 10


def embedded_glyph_names(data: bytes, font: str) -> set[str]:
    """The glyph names of the embedded subset of ``font`` (names made from its cmap)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        resources = resolve1(pdf.pages[0].page_obj.resources["Font"])
        for ref in resources.values():
            entry = resolve1(ref)
            if font in str(entry["BaseFont"]):
                descendant = resolve1(resolve1(entry["DescendantFonts"])[0])
                program = resolve1(resolve1(descendant["FontDescriptor"])["FontFile2"])
                return set(TTFont(io.BytesIO(program.get_data())).getGlyphOrder())
    raise AssertionError(f"{font} is not embedded")


def test_arabic_letters_are_joined(faces):
    printed = render([LabelText(["محمد"])], AVERY_5160, faces)
    names = embedded_glyph_names(printed.pdf, "NotoSansArabic")
    # Joined, محمد is meem (initial), hah (medial), meem (medial), dal (final):
    # the contextual forms, never the four isolated letters.
    assert {"uniFEE3", "uniFEA4", "uniFEE4", "uniFEAA"} <= names
    assert not {"uni0645", "uni062D", "uni062F"} & names


def test_a_mixed_sheet_is_saved_as_an_image_to_look_at(faces):
    """Not a check of its own: the picture in test-results/ is for a person to
    look at (Arabic joined and right to left, every script in its face)."""
    printed = render(list(SCRIPTS.values()), AVERY_5160, faces)
    image = pypdfium2.PdfDocument(printed.pdf)[0].render(scale=3).to_pil()
    target = ROOT / "test-results"
    target.mkdir(exist_ok=True)
    image.crop((0, 0, image.width, image.height // 2)).save(target / "labels-scripts.png")
    ink = image.convert("L").getextrema()[0]
    assert ink < 128


def test_a_300_label_sheet_in_ten_scripts_prints_whole_and_small(faces):
    labels = [
        LabelText([f"{label.lines[0]} {n}", *label.lines[1:]], name=label.name)
        for n in range(30)
        for label in SCRIPTS.values()
    ]
    printed = render(labels, AVERY_5160, faces)
    assert printed.count == 300
    assert len(printed.pdf) < 400_000


def test_the_web_and_command_line_fonts_cover_every_script(faces, settings):
    settings.KEEPWARM_LABEL_FONT_DIRS = None
    printed = label_texts.labels_pdf(list(SCRIPTS.values()), AVERY_5160)
    assert printed.blank == ()
    assert os.path.basename(label_texts.font_path()) == "DejaVuSans.ttf"


MIXED = "aZé ΩжЖ 山田花子 김민준 محمد عبد דוד כהן राहुल สมชาย 〒12-3 ،.()-"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.text(alphabet=MIXED, min_size=1, max_size=40).filter(str.strip), min_size=1, max_size=5
    ),
    sheet=st.sampled_from([AVERY_5160, AVERY_L7160]),
)
def test_any_mix_of_scripts_prints_inside_its_cell_or_is_left_blank_by_name(faces, lines, sheet):
    label = LabelText(lines)
    printed = render([SCRIPTS["latin"], label], sheet, faces)
    cells = read_with_pdfium(printed.pdf, sheet, range(2))
    assert cells[0] == squashed(SCRIPTS["latin"])
    if printed.blank:
        assert [(b.number, b.kind) for b in printed.blank] == [(2, "size")]
        assert not cells[1]
    else:
        assert cells[1]
        # A bracket inside right-to-left text is drawn mirrored: ")" reads as "(".
        assert {unmirrored(c) for c in cells[1]} <= {unmirrored(c) for c in squashed(label)}
