"""A browser's User-Agent header in plain words: "Firefox on Windows".

Only what a person recognises on the list of their sessions: the browser and
the system, no versions. Order matters, as browsers name each other: Edge and
Opera say "Chrome", Chrome says "Safari".
"""

from __future__ import annotations

import re

BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(OPR|Opera)/")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Vivaldi", re.compile(r"\bVivaldi/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(HeadlessChrome|Chrome|CriOS|Chromium)/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
)
SYSTEMS = (
    ("iPhone", re.compile(r"\biPhone\b")),
    ("iPad", re.compile(r"\biPad\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\b(Macintosh|Mac OS X)\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)
PROGRAMS = re.compile(r"^(curl|Wget|python-requests|python-urllib|Go-http-client|HTTPie)\b", re.I)
UNKNOWN = "An unknown browser"


def describe(user_agent: str) -> str:
    """``user_agent`` as "Browser on System", the parts that are known."""
    text = (user_agent or "").strip()
    if not text:
        return UNKNOWN
    program = PROGRAMS.match(text)
    if program:
        return f"A program ({program.group(1)})"
    browser = next((name for name, pattern in BROWSERS if pattern.search(text)), None)
    system = next((name for name, pattern in SYSTEMS if pattern.search(text)), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    if system:
        return f"A browser on {system}"
    return UNKNOWN
