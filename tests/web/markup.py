"""What is broken in a page's markup (``markup_problems``): a tab title with a
tag in it, text printed in the head, or the stray ``">`` of a tag written
inside an attribute. tests/web/test_web_markup.py proves it catches each."""

from __future__ import annotations

import re
from html.parser import HTMLParser

TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)
# What an attribute name may be; a tag written inside an attribute leaves
# pieces like `/static/x.js"` behind as names.
ATTRIBUTE = re.compile(r"[a-z_:@][-a-z0-9_:.@]*")
STRAY = re.compile(r"""^\s*["']?\s*/?>""")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.where = ""  # "head", "title", or "main" before its first tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or ""
        if "<" in written[1:]:
            self.problems.append(f"a tag inside a tag: {written[:80]}")
        if broken := [name for name, _ in attrs if not ATTRIBUTE.fullmatch(name)]:
            self.problems.append(f"<{tag}> has broken attributes {broken}")
        if tag in {"head", "main"}:
            self.where = tag
        elif tag == "title" and self.where == "head":
            self.where = "title"
        elif self.where == "main":
            self.where = ""  # past the start of <main>

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.where == "title":
            self.where = "head"
        elif tag == "head":
            self.where = ""

    def handle_data(self, data: str) -> None:
        if STRAY.match(data):
            self.problems.append(f"stray text {data.strip()[:40]!r}")
        elif data.strip() and self.where in {"head", "main"}:
            self.problems.append(f"text at the start of <{self.where}>: {data.strip()[:40]!r}")


def markup_problems(page: str) -> list[str]:
    """What is broken in ``page``'s markup (empty when nothing is)."""
    problems = [
        f"a tag in the title: {title.strip()[:80]}"
        for title in TITLE.findall(page)
        if "<" in title or ">" in title
    ]
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return problems + reader.problems
