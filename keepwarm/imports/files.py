"""Which parser a file needs: vCard, a CSV contacts export, or a touch-history CSV."""

from __future__ import annotations

from keepwarm.formats import csvfiles, touchlog, vcard
from keepwarm.formats.records import FormatError, ParseResult
from keepwarm.formats.vcard_prepass import to_utf8
from keepwarm.imports.bulk import fewer_collections

FORMATS = ("auto", "vcard", "csv", "touches")
"""What ``keepwarm import`` reads."""
EXPORTS = ("vcard", "csv", "touches")
"""What ``keepwarm export`` writes."""


def kind_of(data: bytes, wanted: str = "auto") -> str:
    """ "vcard", "csv" or "touches": as asked, else by looking at the bytes."""
    if wanted != "auto":
        return wanted
    head = to_utf8(data[:65536])  # UTF-16 too, with or without a byte-order mark
    for encoding in ("utf-8", "cp1252"):
        try:
            text = head.decode(encoding, errors="ignore").upper()
        except LookupError:
            continue
        if "BEGIN:VCARD" in text or text.lstrip().startswith('["VCARD"'):
            return "vcard"
    if touchlog.is_touch_log(data):
        return "touches"
    return "csv"


def parse_contacts(data: bytes, kind: str, mapping: dict[str, str] | None = None) -> ParseResult:
    with fewer_collections():
        if kind == "vcard":
            return vcard.parse(data)
        if kind == "csv":
            return csvfiles.parse(data, mapping)
    raise FormatError(f"{kind} is not a contacts format")
