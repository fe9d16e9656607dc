"""Postal addresses laid out the way each country's post reads them.

Pure: a name, an address and the sender's country in, the label's lines out.

- US, CA, AU: ``Springfield, IL 62704`` (city, state and ZIP on one line).
- GB: the post town in capitals on its own line, then the postcode, in
  capitals, on its own line (Royal Mail).
- DE, FR and most of Europe: ``10115 Berlin`` (postcode before the city); La
  Poste wants the French city in capitals (``75008 PARIS``).
- JP: romanised addresses in the order Japan Post accepts from abroad (name,
  street, ``Shinjuku-ku, Tokyo 160-0023``); an address in Japanese script in
  the domestic order (``〒160-0023``, prefecture and city, street, the name last).

The country line, in capitals, is added only when the address is abroad, and
it is written in the sender's language where known (German, French…), else
in English, as the UPU recommends.
"""

from __future__ import annotations

import re
import unicodedata

from phonenumbers.geodata.locale import LOCALE_DATA

from keepwarm.formats.countries import country_code
from keepwarm.formats.records import PostalAddress

CITY_STATE_ZIP = {"US", "CA", "AU", "NZ", "PH"}
POSTCODE_FIRST = {
    "AT", "BE", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IS", "IT",
    "LI", "LT", "LU", "LV", "MC", "MX", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK",
    "BR", "AR", "TR", "IL",
}  # fmt: skip
CAPITAL_CITY = {"FR", "MC", "BE", "LU"}
"""Countries whose post wants the city in capitals."""
SENDER_LANGUAGE = {
    "AT": "de", "CH": "de", "DE": "de", "LI": "de", "LU": "fr", "BE": "fr", "FR": "fr",
    "MC": "fr", "ES": "es", "MX": "es", "AR": "es", "IT": "it", "NL": "nl", "PL": "pl",
    "PT": "pt", "BR": "pt", "SE": "sv", "FI": "fi", "GR": "el", "RU": "ru",
}  # fmt: skip


def country_name(code: str, sender: str) -> str:
    """The country's name for the country line: in the sender's language when
    known, else English, in capitals; the code itself when the name is unknown."""
    names = LOCALE_DATA.get(code)
    if not names:
        return code
    name = _resolve(names, SENDER_LANGUAGE.get(sender, "en"))
    return name.upper()


def _resolve(names: dict[str, str], language: str) -> str:
    name = names.get(language, "*aa")
    for _ in range(5):  # "*aa" points at another language's entry
        if not name.startswith("*"):
            return name
        name = names.get(name[1:], "")
    return names.get("aa", "")


def address_lines(name: str, address: PostalAddress, home_country: str) -> list[str]:
    """The lines of a mailing label to ``name`` at ``address``, sent from ``home_country``."""
    home = country_code(home_country)
    written = address.country.strip()
    country = country_code(written) if written else home
    if country == "JP" and _has_japanese(name, address):
        return _japan_domestic(name, address, country != home, home)
    street = [line.strip() for line in address.street.splitlines() if line.strip()]
    lines = [name.strip(), *street, *_place_lines(address, country)]
    if country != home and country:
        lines.append(country_name(country, home))
    elif written and not country:  # a country with no code: as written, in capitals
        lines.append(written.upper())
    return [" ".join(line.split()) for line in lines if line.strip()]


def _place_lines(address: PostalAddress, country: str) -> list[str]:
    locality, region, postcode = (
        address.locality.strip(),
        address.region.strip(),
        address.postcode.strip(),
    )
    if country == "GB":
        return [locality.upper(), region, postcode.upper()]
    if country == "JP":
        return [_join(", ", locality, _join(" ", region, _jp_postcode(postcode)))]
    if country in CITY_STATE_ZIP:
        separator = ", " if country == "US" else " "
        return [_join(separator, locality, _join(" ", region, postcode))]
    if country in POSTCODE_FIRST:
        city = locality.upper() if country in CAPITAL_CITY else locality
        return [_join(" ", postcode, city)]
    return [_join(" ", locality, postcode), region]


def _join(separator: str, *parts: str) -> str:
    return separator.join(part for part in parts if part)


def _jp_postcode(postcode: str) -> str:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", postcode))
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else postcode


def _has_japanese(name: str, address: PostalAddress) -> bool:
    text = " ".join([name, address.street, address.locality, address.region])
    return any(_is_cjk(char) for char in text)


def _is_cjk(char: str) -> bool:
    point = ord(char)
    return (
        0x3040 <= point <= 0x30FF  # hiragana, katakana
        or 0x3400 <= point <= 0x9FFF  # CJK ideographs
        or 0xF900 <= point <= 0xFAFF
        or 0xFF66 <= point <= 0xFF9F  # half-width katakana
    )


def _japan_domestic(name: str, address: PostalAddress, abroad: bool, home: str) -> list[str]:
    """〒postcode, prefecture and city, street, then the name with 様."""
    postcode = _jp_postcode(address.postcode.strip())
    street = [line.strip() for line in address.street.splitlines() if line.strip()]
    lines = [
        f"〒{postcode}" if postcode else "",
        address.region.strip() + address.locality.strip(),
        *street,
        f"{name.strip()} 様",
    ]
    if abroad:
        lines.append(country_name("JP", home))
    return [" ".join(line.split()) for line in lines if line.strip()]
