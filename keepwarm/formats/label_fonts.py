"""Which font draws each character of a label: the main font or a fallback face.

Pure: font files in, choices out (no Django). The caller passes the main font
(DejaVu Sans) and, in order of preference, the fallback faces found on the
machine (the Noto fonts: Arabic, Hebrew, Chinese, Japanese and Korean,
Devanagari, Thai…).

- Latin, Greek, Cyrillic and the signs every script shares (digits,
  punctuation) are drawn in the main font when it has them.
- Every other script is drawn in the first fallback face that has the
  character, so that a word of Arabic or Devanagari is shaped by one font made
  for it; only when no face has it does the main font draw it (DejaVu Sans has
  plain Arabic and Hebrew letters).
- Chinese characters take the face made for the label's language: Japanese
  when the label has kana or the postal mark 〒, Korean when it has hangul,
  else Chinese (the same character is drawn a little differently in each).
- A character that no font has is *missing*: the label cannot be printed.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from fontTools.ttLib import TTFont, TTLibError
from fpdf.unicode_script import UnicodeScript, get_unicode_script

MAIN_SCRIPTS = frozenset(
    {
        UnicodeScript.COMMON,
        UnicodeScript.INHERITED,
        UnicodeScript.UNKNOWN,
        UnicodeScript.LATIN,
        UnicodeScript.GREEK,
        UnicodeScript.CYRILLIC,
    }
)
"""Scripts the main font draws whenever it has the character."""
JAPANESE_MARKS = frozenset({"〒", "々", "〆", "ヶ"})


@dataclass(frozen=True)
class FontFace:
    """One font: a file, the face inside a collection (.ttc), and for a Chinese,
    Japanese or Korean face the language whose forms it draws ("ja", "ko",
    "zh-Hans", "zh-Hant"; empty for any other face)."""

    path: str
    index: int = 0
    language: str = ""


def coverage(face: FontFace) -> frozenset[int]:
    """The code points ``face`` has glyphs for; none when the file cannot be read."""
    return _coverage(face.path, face.index)


@functools.cache
def _coverage(path: str, index: int) -> frozenset[int]:
    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        try:
            return frozenset(font.getBestCmap() or {})
        finally:
            font.close()
    except (OSError, TTLibError, KeyError, AssertionError, ValueError):
        return frozenset()


def needs_glyph(char: str) -> bool:
    """Whether ``char`` is drawn at all: spaces and invisible marks (joiners,
    direction marks) are not."""
    return not char.isspace() and unicodedata.category(char) != "Cf"


def label_language(text: str) -> str:
    """The language whose forms Chinese characters take on this label."""
    scripts = {get_unicode_script(char) for char in text}
    if scripts & {UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA} or JAPANESE_MARKS & set(text):
        return "ja"
    if UnicodeScript.HANGUL in scripts:
        return "ko"
    return "zh-Hans"


@dataclass(frozen=True)
class FontPlan:
    """The font of every character of one label (None: the main font)."""

    by_char: Mapping[str, FontFace | None]
    missing: tuple[str, ...]

    @property
    def faces(self) -> tuple[FontFace, ...]:
        """The fallback faces the label uses, in the order first needed."""
        return tuple(dict.fromkeys(f for f in self.by_char.values() if f is not None))

    def line_face(self, line: str) -> FontFace | None:
        """The font a line starts in: the face of its first letter of a script the
        main font does not draw first (an Arabic street name is set in the Arabic
        face, its digits too when that face has them), else the main font."""
        for char in line:
            if char in self.by_char and get_unicode_script(char) not in MAIN_SCRIPTS:
                return self.by_char[char]
        return None


class Chooser:
    """Plans the fonts of label after label, remembering each character's choice."""

    def __init__(self, main: Iterable[int], fallbacks: Sequence[FontFace]) -> None:
        self.main = frozenset(main)
        self.fallbacks = tuple(fallbacks)
        self._chosen: dict[tuple[str, str], FontFace | None] = {}
        self._missing: set[str] = set()

    def plan(self, lines: Sequence[str]) -> FontPlan:
        text = "".join(lines)
        language = label_language(text)
        by_char: dict[str, FontFace | None] = {}
        missing: list[str] = []
        for char in dict.fromkeys(c for c in text if needs_glyph(c)):
            if self._has(char, language):
                by_char[char] = self._chosen[char, language]
            else:
                missing.append(char)
        return FontPlan(by_char, tuple(sorted(missing)))

    def _has(self, char: str, language: str) -> bool:
        """Whether a font has ``char`` (and which: remembered in ``_chosen``)."""
        if (char, language) in self._chosen:
            return True
        if char in self._missing:
            return False
        code = ord(char)
        if get_unicode_script(char) in MAIN_SCRIPTS and code in self.main:
            self._chosen[char, language] = None
            return True
        face = next((f for f in self._in_order(language) if code in coverage(f)), None)
        if face is None and code not in self.main:
            self._missing.add(char)
            return False
        self._chosen[char, language] = face
        return True

    def _in_order(self, language: str) -> Iterator[FontFace]:
        """The fallbacks, the faces of the label's language before other CJK faces."""
        yield from (face for face in self.fallbacks if face.language in ("", language))
        yield from (face for face in self.fallbacks if face.language not in ("", language))
