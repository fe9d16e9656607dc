"""Countries as address books write them ("U.S.A.", "Deutschland", "États-Unis",
"GBR", "uk") read as ISO 3166 two-letter codes.

Names come from the Unicode CLDR (through Babel) in the languages address
books are most often kept in, codes from ISO 3166 (two and three letters, and
the old ones CLDR still maps), and a short list of everyday variants CLDR does
not carry ("USA", "Holland", "England"). Matching ignores case, accents, dots
and the word "the". What is not a country gets "", and the caller keeps the
text as it was written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from babel import Locale
from babel.core import get_global

LANGUAGES = (
    "en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "fi", "is", "pl", "cs",
    "sk", "sl", "hr", "sr", "hu", "ro", "bg", "el", "ru", "uk", "tr", "he", "ar", "fa",
    "hi", "ja", "zh", "zh_Hant", "ko", "vi", "th", "id", "ms", "ca", "eu", "ga", "et",
    "lv", "lt",
)  # fmt: skip
"""The languages whose country names are recognised."""

VARIANTS = {
    "usa": "US",
    "united states of america": "US",
    "america": "US",
    "vereinigte staaten von amerika": "US",
    "etats unis d amerique": "US",
    "estados unidos de america": "US",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "holland": "NL",
    "brd": "DE",
    "federal republic of germany": "DE",
    "bundesrepublik deutschland": "DE",
    "russian federation": "RU",
    "republic of korea": "KR",
    "korea": "KR",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "vatican": "VA",
    "burma": "MM",
    "swaziland": "SZ",
    "macedonia": "MK",
    "prc": "CN",
    "peoples republic of china": "CN",
    "uae": "AE",
    "el": "GR",
    "turkey": "TR",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "palestine": "PS",
    "bolivia": "BO",
    "venezuela": "VE",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "taiwan": "TW",
    "moldova": "MD",
    "tanzania": "TZ",
}
"""Everyday names and abbreviations CLDR does not list (folded as ``_fold`` does)."""

NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})
"""CLDR's groupings and pseudo-regions ("European Union", "Unknown Region"):
written in a country field, they are kept as written."""

_NOT_WORD = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """Lower case, no accents, dots or punctuation, single spaces, no leading "the"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", bare.replace(".", "")).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@cache
def _common() -> dict[str, str]:
    """Codes, everyday variants and English names: what most files write, read
    without loading the other languages (which takes about a third of a second)."""
    return _table(("en",), aliases=False)


@cache
def _codes() -> frozenset[str]:
    english = Locale.parse("en").territories
    codes = {str(code) for code in english if len(str(code)) == 2 and str(code).isalpha()}
    return frozenset(codes - NOT_COUNTRIES)


@cache
def _names() -> dict[str, str]:
    """Folded name or code → ISO code in every one of ``LANGUAGES``, built once."""
    return _table(LANGUAGES, aliases=True)


def _table(languages: tuple[str, ...], *, aliases: bool) -> dict[str, str]:
    """Names in ``languages`` (the first language's name wins), then CLDR's
    aliases; codes and ``VARIANTS`` over them all."""
    codes = _codes()
    found: dict[str, str] = {}
    for language in languages:
        for code, name in Locale.parse(language).territories.items():
            if str(code) in codes:
                found.setdefault(_fold(name), str(code))
    if aliases:
        for alias, targets in get_global("territory_aliases").items():
            if alias.isalpha() and len(targets) == 1 and targets[0] in codes:
                found.setdefault(_fold(alias), targets[0])
    found.update({code.casefold(): code for code in codes})
    found.update(VARIANTS)
    return found


@lru_cache(maxsize=4096)
def country_code(text: str) -> str:
    """The ISO 3166 two-letter code of a country written as a name, in one of
    ``LANGUAGES``, or as a code; "" when the text is not a country."""
    key = _fold(text)
    if not key:
        return ""
    # The common names mean the same in the whole table (English comes first there,
    # codes and variants override), so the other languages load only when needed.
    common = _common().get(key)
    return common if common is not None else _names().get(key, "")
