"""A tally of give versus get, a debt or a balance of favours in words
(``TALLY``), which no page, export or output of keepwarm shows, and finding
such words in a page's text (``tally_in``)."""

from __future__ import annotations

import html
import re

TALLY = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bgive[ns]?\b.{0,40}\b(get|got|gets|received?)\b",
        r"\b(gave|given)\b.{0,40}\b(got|received)\b",
        r"\bowe[sd]?\b",
        r"\bowing\b",
        r"\bfavou?rs? (owed|balance|due)\b",
        r"\bbalance\b",
        r"\btally\b",
        r"\bscore(card)? of (give|gives|favou?rs)\b",
        r"\byou gave\b",
        r"\bthey gave\b",
        r"\bin (your|their|my) debt\b",
        r"\bwho initiates\b",
        r"\b(you|they) owe\b",
        r"\breciprocity\b",
    )
]


def tally_in(text: str) -> list[str]:
    """The tally phrases found in ``text`` (HTML tags, scripts and styles removed)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
    return [match.group(0) for pattern in TALLY for match in pattern.finditer(words)]
