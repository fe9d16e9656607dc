"""The fonts labels are printed in: where they come from and in which order.

The main font is DejaVu Sans from matplotlib's wheel, a dependency of
keepwarm, so Latin (every accent), Greek and Cyrillic print on every install.
Every other script comes from the **Noto Sans** fonts installed on the
machine, found at run time in the folders of ``KEEPWARM_LABEL_FONT_DIRS``
(default: the system's font folders) and their subfolders:

- Debian and Ubuntu: ``apt-get install fonts-noto-core fonts-noto-cjk``
  (Arabic, Hebrew, Devanagari, Thai and most other scripts; Chinese, Japanese
  and Korean);
- elsewhere any ``NotoSans<Script>-Regular`` file (.ttf, .otf, .ttc) and
  ``NotoSansCJK-Regular.ttc`` (or one file per language) will do.

The scripts people write addresses in most come first (Arabic, Hebrew, the
Chinese, Japanese and Korean faces, Devanagari, Thai…), then every other Noto
Sans face by name. The folders are looked through on every sheet, so fonts
installed while keepwarm runs are used at once.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont, TTLibError

from keepwarm.formats.label_fonts import FontFace

SYSTEM_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
MACOS_FOLDERS = ("/Library/Fonts", "~/Library/Fonts")
FILE = re.compile(r"NotoSans(?P<script>[A-Za-z]*)-Regular\.(?:ttf|otf|ttc|otc)", re.IGNORECASE)
SKIPPED = re.compile(r"(?:UI|Display|Mono|Unjoined|Looped)$")
"""Variants of a face that add nothing for a label."""
FIRST = (
    "", "Arabic", "Hebrew", "CJK", "CJKjp", "CJKkr", "CJKsc", "CJKtc", "JP", "KR", "SC", "TC",
    "Devanagari", "Thai", "Bengali", "Tamil", "Telugu", "Gujarati", "Gurmukhi", "Kannada",
    "Malayalam", "Oriya", "Sinhala", "Armenian", "Georgian", "Ethiopic", "Khmer", "Lao",
    "Myanmar", "Thaana", "Syriac", "Tibetan", "Mongolian",
)  # fmt: skip
"""Scripts in the order they are tried; any other Noto Sans face follows by name."""
LANGUAGE = {"JP": "ja", "KR": "ko", "SC": "zh-Hans", "TC": "zh-Hant"}
"""The language of a CJK face from the end of its name ("Noto Sans CJK JP")."""


def folders() -> list[Path]:
    """Where label fonts are looked for: the setting, else the system's font folders."""
    configured: list[Path] | None = getattr(settings, "KEEPWARM_LABEL_FONT_DIRS", None)
    if configured:
        return list(configured)
    names = SYSTEM_FOLDERS + (MACOS_FOLDERS if sys.platform == "darwin" else ())
    return [Path(name).expanduser() for name in names]


def fallback_faces(where: Iterable[Path] | None = None) -> list[FontFace]:
    """The Noto Sans faces in ``where`` (default: ``folders()``), in the order tried."""
    found: dict[str, str] = {}  # file name → path: the first folder wins
    for folder in folders() if where is None else where:
        for path in _font_files(folder):
            found.setdefault(path.name.lower(), str(path))
    ranked = sorted(found.values(), key=_rank)
    return [face for path in ranked for face in _faces(path)]


def _font_files(folder: Path) -> Iterable[Path]:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            match = FILE.fullmatch(name)
            if match and not SKIPPED.search(match["script"]):
                yield Path(root) / name


def _rank(path: str) -> tuple[int, str]:
    """Where a file comes in the order tried: by ``FIRST``, then by script name."""
    match = FILE.fullmatch(os.path.basename(path))
    script = match["script"].lower() if match else ""
    place = next((i for i, first in enumerate(FIRST) if first.lower() == script), None)
    return (len(FIRST), script) if place is None else (place, "")


def _faces(path: str) -> Sequence[FontFace]:
    stat = os.stat(path)
    return _faces_of(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _faces_of(path: str, _mtime_ns: int, _size: int) -> tuple[FontFace, ...]:
    """Each face of the file with its language (a collection's monospaced faces left out)."""
    try:
        if path.lower().endswith((".ttc", ".otc")):
            collection = TTCollection(path, lazy=True)
            names = [_family(font) for font in collection.fonts]
            collection.close()
        else:
            font = TTFont(path, lazy=True)
            names = [_family(font)]
            font.close()
    except (OSError, TTLibError, AssertionError, ValueError):
        return ()
    return tuple(
        FontFace(path, index, LANGUAGE.get(name.rsplit(" ", 1)[-1], ""))
        for index, name in enumerate(names)
        if "Mono" not in name.split() and not name.endswith(" HK")
    )


def _family(font: TTFont) -> str:
    name = font["name"]
    return str(name.getDebugName(16) or name.getDebugName(1) or "")
