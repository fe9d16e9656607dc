"""Which font draws which character of a label, and where the fonts are found.

Made-up fonts (a few glyphs each, built here with fontTools) stand for the
Noto fonts, so these tests need no fonts installed."""

# ruff: noqa: RUF001 (names and addresses in Hebrew, Arabic and Ethiopic)

from __future__ import annotations

import os

import matplotlib
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection

from keepwarm.formats import label_sheets
from keepwarm.formats.label_fonts import Chooser, FontFace, label_language
from keepwarm.formats.label_sheets import AVERY_5160, LabelText
from keepwarm.occasions import fonts

MAIN = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
HAN = "山田太郎王小明"


def build(family: str, chars: str):
    """A TrueType font named ``family`` with a square glyph for each of ``chars``."""
    names = {ord(c): f"u{ord(c):05X}" for c in chars}
    order = [".notdef", *names.values()]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(names)
    pen = TTGlyphPen(None)
    for x, y in ((50, 0), (50, 700), (550, 700), (550, 0)):
        (pen.moveTo if (x, y) == (50, 0) else pen.lineTo)((x, y))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf(dict.fromkeys(order, square))
    builder.setupHorizontalMetrics(dict.fromkeys(order, (600, 50)))
    builder.setupHorizontalHeader(ascent=900, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=900, sTypoDescender=-200, usWinAscent=900, usWinDescent=200)
    builder.setupPost()
    return builder.font


def save(font, path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(path))
    return str(path)


def collection(path, families: list[str], chars: str) -> str:
    ttc = TTCollection()
    ttc.fonts = [build(family, chars) for family in families]
    path.parent.mkdir(parents=True, exist_ok=True)
    ttc.save(str(path))
    return str(path)


@pytest.fixture
def noto(tmp_path):
    """A font folder as Debian lays it out, with made-up fonts under Noto's names."""
    base = tmp_path / "fonts"
    save(
        build("Noto Sans Hebrew", "אבגדוכןהשלם"), base / "truetype/noto/NotoSansHebrew-Regular.ttf"
    )
    save(build("Noto Sans Arabic", "محدعبال"), base / "truetype/noto/NotoSansArabic-Regular.ttf")
    save(
        build("Noto Sans Arabic UI", "محدعبال"), base / "truetype/noto/NotoSansArabicUI-Regular.ttf"
    )
    save(build("Noto Sans Hebrew", "אב"), base / "truetype/noto/NotoSansHebrew-Bold.ttf")
    save(build("Noto Sans Ogham", "\u1681"), base / "truetype/noto/NotoSansOgham-Regular.ttf")
    save(build("Noto Sans Adlam", "\U0001e900"), base / "truetype/noto/NotoSansAdlam-Regular.ttf")
    families = [
        "Noto Sans CJK JP",
        "Noto Sans CJK KR",
        "Noto Sans CJK SC",
        "Noto Sans CJK TC",
        "Noto Sans CJK HK",
        "Noto Sans Mono CJK JP",
    ]
    collection(base / "opentype/noto/NotoSansCJK-Regular.ttc", families, HAN + "〒様김민준")
    return base


def test_the_noto_faces_are_found_in_order_with_their_languages(noto):
    found = fonts.fallback_faces([noto])
    named = [(os.path.basename(face.path), face.index, face.language) for face in found]
    assert named == [
        ("NotoSansArabic-Regular.ttf", 0, ""),
        ("NotoSansHebrew-Regular.ttf", 0, ""),
        ("NotoSansCJK-Regular.ttc", 0, "ja"),
        ("NotoSansCJK-Regular.ttc", 1, "ko"),
        ("NotoSansCJK-Regular.ttc", 2, "zh-Hans"),
        ("NotoSansCJK-Regular.ttc", 3, "zh-Hant"),
        ("NotoSansAdlam-Regular.ttf", 0, ""),
        ("NotoSansOgham-Regular.ttf", 0, ""),
    ]


def test_the_setting_names_the_folders_and_the_first_folder_wins(noto, tmp_path, settings):
    mine = tmp_path / "mine"
    save(build("Noto Sans Hebrew", "אב"), mine / "NotoSansHebrew-Regular.ttf")
    settings.KEEPWARM_LABEL_FONT_DIRS = [mine, noto]
    hebrew = [f.path for f in fonts.fallback_faces() if "Hebrew" in f.path]
    assert hebrew == [str(mine / "NotoSansHebrew-Regular.ttf")]
    assert fonts.folders() == [mine, noto]


def test_without_the_setting_the_system_font_folders_are_searched(settings):
    settings.KEEPWARM_LABEL_FONT_DIRS = None
    assert fonts.folders()[:2] == [
        fonts.Path("/usr/share/fonts"),
        fonts.Path("/usr/local/share/fonts"),
    ]


def test_a_damaged_font_file_is_passed_over(tmp_path):
    (tmp_path / "NotoSansThai-Regular.ttf").write_bytes(b"not a font")
    save(build("Noto Sans Hebrew", "אב"), tmp_path / "NotoSansHebrew-Regular.ttf")
    assert [os.path.basename(f.path) for f in fonts.fallback_faces([tmp_path])] == [
        "NotoSansHebrew-Regular.ttf"
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("〒160-0023 東京都", "ja"),
        ("山田たろう", "ja"),
        ("서울 종로구 世宗", "ko"),
        ("北京市朝阳区", "zh-Hans"),
        ("Jane Doe", "zh-Hans"),
    ],
)
def test_the_language_of_chinese_characters_follows_the_label(text, language):
    assert label_language(text) == language


def faces_of(noto) -> list[FontFace]:
    return fonts.fallback_faces([noto])


def main_cmap() -> set[int]:
    return set(label_sheets.LabelPDF(AVERY_5160, MAIN, ()).fonts[label_sheets.MAIN_KEY].cmap)


def test_each_script_is_drawn_in_its_own_face_and_latin_in_the_main_font(noto):
    chooser = Chooser(main_cmap(), faces_of(noto))
    plan = chooser.plan(["דוד כהן 12", "Tel Aviv"])
    assert os.path.basename(plan.by_char["ד"].path) == "NotoSansHebrew-Regular.ttf"
    assert plan.by_char["T"] is None  # the main font
    assert plan.by_char["1"] is None
    assert plan.line_face("דוד כהן 12") == plan.by_char["ד"]
    assert plan.line_face("Tel Aviv") is None
    assert plan.missing == ()


def test_a_letter_the_main_font_has_goes_to_the_script_face_when_there_is_one(noto, tmp_path):
    # DejaVu Sans has these Arabic letters: the Arabic face still draws them,
    # so a word is shaped by one font.
    assert ord("م") in main_cmap()
    with_arabic = Chooser(main_cmap(), faces_of(noto)).plan(["محمد"])
    assert "Arabic" in with_arabic.by_char["م"].path
    without = Chooser(main_cmap(), fonts.fallback_faces([tmp_path / "none"])).plan(["محمد"])
    assert without.by_char["م"] is None
    assert without.missing == ()


def test_chinese_characters_take_the_face_of_the_labels_language(noto):
    chooser = Chooser(main_cmap(), faces_of(noto))
    japanese = chooser.plan(["〒160-0023", "山田太郎 様"])
    korean = chooser.plan(["김민준", "山田"])
    chinese = chooser.plan(["王小明", "山田"])
    assert japanese.by_char["山"].language == "ja"
    assert japanese.by_char["〒"].language == "ja"
    assert korean.by_char["山"].language == "ko"
    assert chinese.by_char["山"].language == "zh-Hans"


def test_characters_no_font_has_are_listed_once_in_order(noto):
    plan = Chooser(main_cmap(), faces_of(noto)).plan(["ሰላም ሰ", "Jane"])
    assert plan.missing == ("ላ", "ም", "ሰ")
    assert "J" in plan.by_char


def test_spaces_and_invisible_marks_need_no_glyph(noto):
    plan = Chooser(main_cmap(), faces_of(noto)).plan(["\u200fשלום\u200c\u00a0x"])
    assert plan.missing == ()
    assert "\u200f" not in plan.by_char


def test_a_sheet_mixing_scripts_prints_each_label_in_its_fonts(noto):
    labels = [
        LabelText(["Jane Doe", "1 Main St"]),
        LabelText(["דוד כהן", "הרצל 12"]),
        LabelText(["〒160-0023", "山田太郎 様"], name="山田太郎"),
        LabelText(["ሰላም"]),
    ]
    printed = label_sheets.render(labels, AVERY_5160, font_path=MAIN, fallbacks=faces_of(noto))
    assert printed.count == 3
    assert [(b.number, b.title, b.missing) for b in printed.blank] == [(4, "ሰላም", ("ላ", "ም", "ሰ"))]
    assert b"NotoSansHebrew" in printed.pdf
    assert b"NotoSansCJKJP" in printed.pdf
    assert b"NotoSansCJKKR" not in printed.pdf  # only the faces a label uses are embedded
