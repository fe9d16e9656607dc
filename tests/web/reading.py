"""Reading the pages the test client got: a page's text with its character
references read (``text_of``), and the people's names in the people list
(``names``)."""

from __future__ import annotations

import html
import re


def text_of(response) -> str:
    """The page as text, ``&amp;`` and the like read as the characters they stand for."""
    return html.unescape(response.content.decode())


def names(response) -> list[str]:
    """The people's names in list order, as rendered."""
    page = response.content.decode()
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', page)
