"""Text as keepwarm keeps it: the one rule for control characters and line
breaks, for every door (forms, imports, restore, the command line).

A one-line value (a name, a label, a subject) holds no line break and no
control character: in an email header a line break starts a new header, and in
a terminal an ESC starts a command. A text (a note, a street) may hold line
breaks and tabs, but no other control character. Forms refuse what breaks
this rule (``problem``); files are read as kept (``one_line``, ``readable``):
line breaks in a name become spaces, other control characters go, as no one
typed them.
"""

from __future__ import annotations

import re

_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROLS = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
_NOT_IN_TEXT = re.compile("[" + re.escape("".join(c for c in _CONTROLS if c not in "\t\r\n")) + "]")
_NOT_ON_ONE_LINE = re.compile("[" + re.escape(_CONTROLS + "\u2028\u2029") + "]")
_BREAK_RUN = re.compile("[" + re.escape(_BREAKS + "\t") + "]+")


def problem(text: str, *, multiline: bool = False) -> str | None:
    """What in ``text`` breaks the rule, said for a form; None when nothing does."""
    found = (_NOT_IN_TEXT if multiline else _NOT_ON_ONE_LINE).search(text)
    if found is None:
        return None
    char = found.group()
    if char in _BREAKS or char == "\t":
        return "Keep it on one line: it holds a line break or a tab."
    return f"It holds a control character (U+{ord(char):04X}) that no one types: remove it."


def readable(text: str) -> str:
    """``text`` without the control characters a text may not hold (tabs and
    line breaks stay)."""
    return _NOT_IN_TEXT.sub("", text) if _NOT_IN_TEXT.search(text) else text


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks and tabs a space, other
    control characters gone."""
    if not _NOT_ON_ONE_LINE.search(text):
        return text
    return _NOT_ON_ONE_LINE.sub("", _BREAK_RUN.sub(" ", text))


LINK_SCHEMES = ("http", "https", "mailto", "tel")
"""The only schemes keepwarm keeps or shows as links: a ``javascript:`` or
``data:`` address in a file is kept as text, never made a link."""
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_PORT = re.compile(r"\d+(?:[/?#]|$)")


def _scheme(address: str) -> re.Match[str] | None:
    """The scheme ``address`` starts with; a host and its port
    (``www.example.org:8080``, ``localhost:8000``) is none."""
    found = _SCHEME.match(address)
    if found is None:
        return None
    name = found.group(1).lower()
    if ("." in name or name == "localhost") and _PORT.match(address, found.end()):
        return None
    return found


def scheme_problem(address: str) -> str | None:
    """Why ``address`` may not be a link (a scheme other than ``LINK_SCHEMES``),
    or None; one without a scheme (``example.org``) is a web address."""
    found = _scheme(address)
    if found is None or found.group(1).lower() in LINK_SCHEMES:
        return None
    return f"A {found.group(1).lower()}: address cannot be a link: give an http or https one."


def link_target(address: str) -> str:
    """``address`` as a link may open it, or "" when it may not be one: http
    and https with a host, mailto and tel."""
    address = address.strip()
    if problem(address) is not None or scheme_problem(address) is not None:
        return ""
    found = _scheme(address)
    if found is None:
        return ""  # no scheme: the caller writes the address out in full first
    rest = address[found.end() :]
    if found.group(1).lower() in ("http", "https"):
        return address if rest.startswith("//") and len(rest.strip("/")) > 0 else ""
    return address if rest else ""
